"""RK215: a package is fetched and run from a registry without a pinned version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK215",
    channel=Channel.CAPABILITY,
    dimensions=((Dimension.COVERT, 2),),
    owasp="AST07",
    skillscan="supply chain",
)

_NPX = re.compile(r"\bnpx\s+(?:-y|--yes)\s+((?:@[\w.-]+/)?[\w.-]+)(@[\w.^~<>=-]+)?")
_RUN = re.compile(r"\b(?:uvx|pipx\s+run|bunx|pnpm\s+dlx)\s+((?:@[\w.-]+/)?[\w.-]+)(@[\w.]+|==\S+)?")
_INDEX = re.compile(
    r"\bpip3?\s+install\b[^\n]{0,300}?(?:--(?:extra-)?index-url\s+http://|--trusted-host)"
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = ("npx", "uvx", "pipx", "bunx", "dlx", "pip")


def check(ctx: ScanContext) -> Iterator[Finding]:
    """`npx --yes NAME`, `uvx NAME` and alike without a version; pip from an untrusted index."""
    for view in ctx.select("code", "prose"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_NPX, WORDS):
            if match.group(2) is None:
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    f"runs the latest `{match.group(1)}` from npm without asking "
                    "or pinning a version",
                    channel=Channel.RISKY,
                )
        for match in view.find(_RUN, WORDS):
            if match.group(2) is None and not match.group(1).startswith("-"):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    f"runs the latest `{match.group(1)}` without a pinned version",
                )
        for match in view.find(_INDEX, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "installs from an unencrypted or untrusted package index",
                channel=Channel.RISKY,
            )
