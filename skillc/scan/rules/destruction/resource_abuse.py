"""RK214: the machine's resources are used for someone else (miners) or exhausted (fork bombs)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK214",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.RESOURCE, 5), (Dimension.COVERT, 3)),
    owasp="AST01",
    skillscan="privilege escalation",
)

_MINER = re.compile(
    r"stratum\+(?:tcp|ssl|tls)://|\b(?:xmrig|minerd|cpuminer|cgminer|bfgminer|t-rex|nbminer|"
    r"phoenixminer|ethminer)\b|\bcryptonight\b|--donate-level\b|\bcoinhive\b|\bnicehash\b",
    re.IGNORECASE,
)
_BOMB = re.compile(
    r":\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:|\bwhile\s*\(?\s*true\s*\)?"
    r"[^\n]{0,40}\bfork\s*\(|\bos\.fork\(\)\s*while\b"
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "stratum",
    "miner",
    "xmrig",
    "t-rex",
    "cryptonight",
    "donate-level",
    "coinhive",
    "nicehash",
    "fork",
    ":(",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Cryptocurrency miners and pools; fork bombs."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for match in view.find(_MINER, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                f"runs a cryptocurrency miner (`{match.group(0)}`)",
            )
        for match in view.find(_BOMB, WORDS):
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                "starts processes without bound (a fork bomb)",
            )
