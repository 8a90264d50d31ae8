"""RK215: a package is fetched and run from a registry without a pinned version."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from skillc.diagnostics.span import Span
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View

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
    """`npx --yes NAME`, `uvx NAME` and alike without a version; pip from an untrusted index.

    One finding per package and file (its code, its prose apart), at its first run, with the
    other lines that run it (``related``): a skill that runs ``npx -y @scope/cli`` on every
    line of a usage list (npm's @pocketagent/paw-skills: about 20 times) had as many findings
    of the same thing."""
    runs: dict[tuple[str, str, str], _Runs] = {}
    for view in ctx.select("code", "prose"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_NPX, WORDS):
            if match.group(2) is None:
                message = (
                    f"runs the latest `{match.group(1)}` from npm without asking "
                    "or pinning a version"
                )
                _run(runs, ctx, view, match, message, Channel.RISKY)
        for match in view.find(_RUN, WORDS):
            if match.group(2) is None and not match.group(1).startswith("-"):
                message = f"runs the latest `{match.group(1)}` without a pinned version"
                _run(runs, ctx, view, match, message, None)
        for match in view.find(_INDEX, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "installs from an unencrypted or untrusted package index",
                channel=Channel.RISKY,
            )
    for found in runs.values():
        yield ctx.found(
            META,
            found.view,
            found.start,
            found.end,
            found.message,
            channel=found.channel,
            related=tuple((span, "runs it again here") for span in found.again),
        )


@dataclass(slots=True)
class _Runs:
    """The first run of an unpinned package in a file, and the spans of its other runs."""

    view: View
    start: int
    end: int
    message: str
    channel: Channel | None
    again: list[Span] = field(default_factory=list)


def _run(
    runs: dict[tuple[str, str, str], _Runs],
    ctx: ScanContext,
    view: View,
    match: re.Match[str],
    message: str,
    channel: Channel | None,
) -> None:
    """Record one run of ``match.group(1)`` in ``view``'s file: its first, or one more. Code
    and prose apart: a sentence that describes a run is judged lower than the run itself."""
    key = (view.unit.display, view.kind, match.group(1))
    first = runs.get(key)
    if first is None:
        runs[key] = _Runs(view, match.start(), match.end(), message, channel)
    else:
        first.again.append(ctx.span(view, match.start(), match.end()))
