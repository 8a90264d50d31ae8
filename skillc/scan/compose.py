"""Cross-skill composition: after every package of a scan was read, compare their traces.

The composition rules (`skillc.scan.rules.composition`) find what several skills do together:
one writes what another runs (RK216), a payload split over several (RK217). Their findings
join each skill's own, and the verdicts are decided again. A scan of one skill has nothing to
compose. Skills are taken in path order, the order reports list them, so the result does not
depend on the order the paths were given or read in.
"""

from __future__ import annotations

from collections.abc import Sequence

from skillc.scan.model import Finding, SkillReport, sort_key
from skillc.scan.traces import Traces


def compose(reports: Sequence[SkillReport]) -> None:
    """Add the cross-skill findings to ``reports`` (in place) and decide their verdicts again."""
    from skillc.scan.rules import load_composition_rules
    from skillc.scan.verdict import decide

    skills: list[tuple[SkillReport, Traces]] = [
        (r, r.traces) for r in sorted(reports, key=lambda r: r.path) if r.traces is not None
    ]
    if len(skills) < 2:
        return
    added: dict[int, list[Finding]] = {}
    for rule in load_composition_rules():
        for index, finding in rule.check_skills(skills):
            added.setdefault(index, []).append(finding)
    for index, findings in sorted(added.items()):
        report = skills[index][0]
        report.findings = sorted([*report.findings, *findings], key=sort_key)
        tools = report.allowed_tools
        decide(report)
        report.allowed_tools = tools
