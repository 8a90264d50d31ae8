"""The risk report of the skills a build emits, from ``skillc scan``'s engine.

Why in the build: a team that compiles its docs into skills wants to know, in the same CI step,
whether an emitted skill would be called suspicious or malicious by a reviewer, and which
source page to fix. The packages are scanned in memory (nothing is read back from disk); a
finding whose evidence is in ``SKILL.md`` is mapped back to the source through the IR's
provenance: the block, step or constraint whose text holds the evidence line names its source
and the line the block starts at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skillc.compiler.output.ownership import LOCK
from skillc.compiler.skill_sources import SkillSources
from skillc.scan.engine import ScanRun

#: The order of verdicts, least first (``--fail-on``).
VERDICTS = ("benign", "suspicious", "malicious")


def scan_outputs(outputs: Mapping[str, bytes], out: str) -> ScanRun:
    """Scan every emitted package of ``outputs`` (``<name>/<path>`` -> bytes)."""
    from skillc.package.reader import package_from_bytes
    from skillc.scan.engine import scan_package
    from skillc.scan.verdict import decide

    by_skill: dict[str, dict[str, bytes]] = {}
    for path, data in outputs.items():
        if "/" in path and path != LOCK:
            name, relative = path.split("/", 1)
            by_skill.setdefault(name, {})[relative] = data
    run = ScanRun()
    for name, files in sorted(by_skill.items()):
        package = package_from_bytes(name, files, f"{out}/{name}")
        report = scan_package(package, run.internal_errors)
        decide(report, has_provenance=True)  # skillc built it: its sources are in the lock
        run.reports.append(report)
    return run


def summary(run: ScanRun) -> dict[str, Any]:
    """Verdict counts and findings by severity, for the build report."""
    verdicts = {v: 0 for v in VERDICTS}
    severities: dict[str, int] = {}
    for report in run.reports:
        verdicts[report.verdict.value] = verdicts.get(report.verdict.value, 0) + 1
        for finding in report.findings:
            level = finding.diagnostic.severity.value
            severities[level] = severities.get(level, 0) + 1
    return {
        "skills": len(run.reports),
        "verdicts": verdicts,
        "findings": dict(sorted(severities.items())),
    }


def failing(run: ScanRun, fail_on: str) -> list[Any]:
    """The reports whose verdict is at or above ``fail_on`` (``never``: none)."""
    if fail_on not in VERDICTS:
        return []
    least = VERDICTS.index(fail_on)
    return [r for r in run.reports if VERDICTS.index(r.verdict.value) >= least]


def document(
    run: ScanRun,
    skills: Sequence[SkillSources],
    inputs: Mapping[str, list[str]],
    outputs: Mapping[str, bytes],
) -> dict[str, Any]:
    """The scan's JSON report, each skill with its ``sources`` (from the lock) and each
    finding in SKILL.md with ``source_location`` (the source block holding its evidence)."""
    from skillc.scan.report.json import document as scan_document

    record = scan_document(run)
    by_name = {skill.name: skill for skill in skills}
    texts = {
        name: outputs.get(f"{name}/SKILL.md", b"").decode("utf-8", "replace").splitlines()
        for name in by_name
    }
    for entry in record["skills"]:
        entry["sources"] = inputs.get(entry["name"], [])
        skill = by_name.get(entry["name"])
        for finding in entry["findings"]:
            location = finding.get("location") or {}
            if skill is None or not str(location.get("path", "")).endswith("/SKILL.md"):
                continue
            lines = texts.get(entry["name"], [])
            number = int(location.get("line") or 0)
            if 0 < number <= len(lines):
                found = source_of(skill, lines[number - 1])
                if found is not None:
                    finding["source_location"] = found
    return record


def source_of(skill: SkillSources, line: str) -> dict[str, Any] | None:
    """Where in the sources the SKILL.md ``line`` came from: the first node of ``skill``
    whose text holds it, as ``{"path": source, "line": the node's first line}``."""
    wanted = line.strip().lstrip("-*0123456789.> ").strip("`").strip()
    if len(wanted) < 4:
        return None
    for text, source, first in skill.nodes:
        if wanted in text:
            return {"path": source, "line": first}
    return None
