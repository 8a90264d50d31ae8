"""RK203: the skill reads credentials: keys, cloud configs, browser stores, keychains, wallets."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.rules._patterns import (
    ENV_DUMP,
    ENV_WORDS,
    PATH_WORDS,
    SENSITIVE_PATH,
    STEALER_PATH,
)

META = RuleMeta(
    code="RK203",
    channel=Channel.RISKY,
    dimensions=((Dimension.CREDENTIAL, 4),),
    owasp="AST03",
    skillscan="data exfiltration",
)


WORDS = PATH_WORDS


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Credential files and secret stores named in code, and dumps of the whole environment."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS + ENV_WORDS):
            continue
        for match in view.find(STEALER_PATH, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                f"reads a browser, keychain or wallet store (`{match.group(0)}`)",
                channel=Channel.MALICIOUS,
            )
        for match in view.find(SENSITIVE_PATH, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                f"reads a credential file (`{match.group(0)}`)",
            )
        if view.unit.runnable:
            for match in view.find(ENV_DUMP, ENV_WORDS):
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "reads the whole environment (every secret the agent holds)",
                    channel=Channel.CAPABILITY,
                )
