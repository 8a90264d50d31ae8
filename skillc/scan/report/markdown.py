"""The scan as Markdown for people: verdicts first, then each skill's scores and evidence.

The first line is a comment naming the format (`MARKER`), so ``--output`` knows a file it may
replace. Text from the scanned skill (messages quote it, excerpts show it) is put in code
spans with enough backticks, so a hostile skill cannot inject Markdown or HTML into the report.
"""

from __future__ import annotations

from skillc.scan.engine import ScanRun
from skillc.scan.model import OWASP_AST, Dimension, SkillReport
from skillc.scan.report import counts

MARKER = "<!-- skillc scan report (markdown) -->"
_VERDICT_ORDER = {"malicious": 0, "suspicious": 1, "benign": 2}


def render(run: ScanRun) -> str:
    reports = sorted(run.reports, key=lambda r: (_VERDICT_ORDER[r.verdict.value], r.path))
    total = counts(run.reports)
    lines = [
        MARKER,
        "# skillc scan report",
        "",
        f"{len(run.reports)} skill(s): {total['malicious']} malicious, "
        f"{total['suspicious']} suspicious, {total['benign']} benign.",
        "",
        "| Skill | Verdict | Trust tier | Why |",
        "| --- | --- | --- | --- |",
    ]
    for r in reports:
        why = "; ".join(r.reasons) or "no findings"
        lines.append(f"| {code(r.path)} | **{r.verdict.value}** | {r.trust_tier} | {cell(why)} |")
    for problem in (*run.usage_errors, *run.internal_errors):
        lines.append("")
        lines.append(f"Error: {code(problem.render())}")
    for r in reports:
        lines.extend(["", *_skill(r)])
    return "\n".join(lines) + "\n"


def _skill(r: SkillReport) -> list[str]:
    lines = [
        f"## {code(r.name)}: {r.verdict.value}",
        "",
        f"Path {code(r.path)}. Trust tier: {r.trust_tier}. "
        f"Least allowed-tools: {', '.join(r.allowed_tools) or 'none'}.",
    ]
    if r.description:
        lines.append(f"Declared purpose: {code(r.description)}")
    if r.mismatch:
        lines.append(f"Outside the declared purpose: {', '.join(r.mismatch)}.")
    lines.extend(["", "| Dimension | Score |", "| --- | --- |"])
    lines.extend(f"| {d.value.replace('_', ' ')} | {r.scores.get(d.value, 1)} |" for d in Dimension)
    if not r.findings:
        return [*lines, "", "No findings."]
    lines.extend(
        [
            "",
            "| Where | Code | Channel | Finding | OWASP | SkillScan |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
    )
    for f in r.findings:
        d = f.diagnostic
        lines.append(
            f"| {code(d.location())} | {d.code} | {f.channel.value} | {cell(code(d.message))}"
            f"{'<br>' + code(f.excerpt) if f.excerpt else ''} | {f.owasp} "
            f"({OWASP_AST[f.owasp]}) | {f.skillscan} |"
        )
    return lines


def code(text: str) -> str:
    """``text`` as an inline code span that nothing inside can close."""
    text = text.replace("\n", " ").replace("|", "\\|")
    longest = 0
    current = 0
    for char in text:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell(text: str) -> str:
    """``text`` safe inside a table cell (code spans are already escaped by `code`)."""
    return text if text.startswith("`") else text.replace("\n", " ").replace("|", "\\|")
