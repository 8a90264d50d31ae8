"""RK219: the skill runs commands or fetches URLs that its declared `allowed-tools` does not
grant."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.scan import tools
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK219",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 2),),
    owasp="AST04",
    skillscan="privilege escalation",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Commands (`Bash(...)`) and fetches (`WebFetch`) the skill's content needs that no
    declared tool allows; only when the skill declares `allowed-tools` at all."""
    found = tools.declared(ctx)
    if found is None:
        return
    granted, span = found
    missing = [
        n
        for n in tools.least(ctx)
        if (n.startswith("Bash(") or n == "WebFetch")
        and not any(tools.grants(t, n) for t in granted)
    ]
    if missing:
        yield tools.finding(
            META,
            span,
            f"the skill uses {', '.join(missing)}, which its allowed-tools "
            f"({', '.join(granted) or 'none'}) does not grant",
        )
