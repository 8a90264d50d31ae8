"""RK203: the skill reads credentials: keys, cloud configs, browser stores, keychains, wallets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.rules._patterns import (
    ENV_DUMP,
    ENV_WORDS,
    PATH_WORDS,
    SENSITIVE_PATH,
    STEALER_PATH,
    child_env,
)
from skillc.scan.rules._transcript import printed

META = RuleMeta(
    code="RK203",
    channel=Channel.RISKY,
    dimensions=((Dimension.CREDENTIAL, 4),),
    owasp="AST03",
    skillscan="data exfiltration",
)


WORDS = PATH_WORDS


#: A sentence that tells the agent to reach a file: it starts with one of these verbs.
_IMPERATIVE = re.compile(
    r"(?:^|[.!?:]\s+|\n\s*(?:[-*+]|\d+[.)])?\s*)(?:read|cat|copy|cp|send|upload|open|print|dump|"
    r"collect|gather|grab|harvest|attach|include|load|source|exfiltrate|post|forward|archive|"
    r"zip|tar|base64|encode|extract)\b[^.!?\n]{0,200}$",
    re.IGNORECASE,
)


def _ordered(text: str, start: int) -> bool:
    """Whether the sentence holding ``start`` orders the agent to act on the file."""
    return bool(_IMPERATIVE.search(text, max(0, start - 200), start))


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
            if view.kind == "prose" and not _ordered(view.text, match.start()):
                continue  # a mention ("requests reads ~/.netrc"), not an instruction
            if printed(view, match.start()):
                continue  # a listing a session printed (shutil's `tar -tzvf` shows ./id_dsa)
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                f"reads a credential file (`{match.group(0)}`)",
            )
        if view.unit.runnable:
            for match in view.find(ENV_DUMP, ENV_WORDS):
                if child_env(view.text, match.start()):
                    continue  # `spawnSync(bin, args, {env: process.env})`: passed on, not read
                yield ctx.found(
                    META,
                    view,
                    match.start(),
                    match.end(),
                    "reads the whole environment (every secret the agent holds)",
                    channel=Channel.CAPABILITY,
                )
