"""The scan as text for a terminal: one block per skill (verdict, reasons, findings), then a
summary line. Findings use the diagnostics' one-line form, ``path:line:col: CODE message``."""

from __future__ import annotations

from skillc.scan.engine import ScanRun
from skillc.scan.report import counts


def render(run: ScanRun, *, quiet: bool = False) -> str:
    """The report; ``quiet`` leaves out benign skills (the summary line still counts them)."""
    lines: list[str] = []
    for r in sorted(run.reports, key=lambda r: r.path):
        if quiet and r.verdict.value == "benign":
            continue
        why = f": {'; '.join(r.reasons)}" if r.reasons else ""
        lines.append(f"{r.path}: {r.verdict.value.upper()} (tier {r.trust_tier}){why}")
        for f in r.findings:
            lines.append(f"  {f.diagnostic.render()} [{f.channel.value}]")
    total = counts(run.reports)
    lines.append(
        f"Scanned {len(run.reports)} skill(s): {total['malicious']} malicious, "
        f"{total['suspicious']} suspicious, {total['benign']} benign."
    )
    return "\n".join(lines) + "\n"
