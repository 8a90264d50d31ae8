"""RK218: the declared `allowed-tools` grants much more than the skill needs."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.scan import tools
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK218",
    channel=Channel.CAPABILITY,
    dimensions=((Dimension.PRIVILEGE, 2),),
    owasp="AST03",
    skillscan="privilege escalation",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Declared tools the least set does not need: reported when they include unrestricted
    `Bash` or number two or more (one spare tool is a matter of taste, not of risk)."""
    found = tools.declared(ctx)
    if found is None:
        return
    granted, span = found
    needed = tools.least(ctx)
    spare = [t for t in dict.fromkeys(granted) if not any(tools.grants(t, n) for n in needed)]
    needs_bash = [n for n in needed if n.startswith("Bash(")]
    if any(tools.unrestricted_bash(t) for t in granted) and len(needs_bash) <= 3:
        only = ", ".join(needs_bash) or "no command"
        spare.insert(0, f"unrestricted Bash (it runs {only})")
    if len(spare) < 2 and not any(t.startswith("unrestricted") or t == "Bash" for t in spare):
        return
    yield tools.finding(
        META,
        span,
        f"allowed-tools grants {', '.join(spare)} beyond what the skill needs "
        f"({', '.join(needed)})",
    )
