"""The risk report of the skills a build emits, from ``skillc scan``'s engine.

Why in the build: a team that compiles its docs into skills wants to know, in the same CI step,
whether an emitted skill would be called suspicious or malicious by a reviewer, and which
source page to fix. The packages are scanned in memory (nothing is read back from disk); a
finding whose evidence is in ``SKILL.md`` is mapped back to the source through the IR's
provenance: the block, step or constraint whose text holds the evidence line names its source
and the line the block starts at.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillc.compiler.output.ownership import LOCK
from skillc.compiler.parallel import can_fork, pool_map, resolve_jobs
from skillc.compiler.skill_sources import SkillSources
from skillc.diagnostics import Diagnostic
from skillc.scan.engine import ScanRun
from skillc.scan.model import SkillReport

if TYPE_CHECKING:
    from skillc.compiler.cache import SourceResults

#: The order of verdicts, least first (``--fail-on``).
VERDICTS = ("benign", "suspicious", "malicious")
#: The build cache's section of skill reports by `scan_key`.
SCANS = "scans"
#: Bytes of skills to scan from which a pool of workers pays (over half a second of scanning).
POOL_BYTES = 1_500_000


def scan_outputs(
    outputs: Mapping[str, bytes], out: str, *, cache_dir: str | None = None, jobs: int = 1
) -> ScanRun:
    """Scan every emitted package of ``outputs`` (``<name>/<path>`` -> bytes).

    Why a cache and a pool: scanning python-doc's 68 skills (17 MB) took ~11 s, as long as
    building them, and a no-op rebuild with ``--report`` took 10.5 s where it takes 0.35 s
    without. A skill's report depends only on its files, where it is shown and skillc's code
    (`scan_key`), so with ``cache_dir`` it is kept in the build cache (section ``scans``) and
    only the skills whose files changed are scanned again; those are scanned by ``jobs``
    processes when they are worth a pool (`_worth_a_pool`). Reports come back in name order
    whatever finished first."""
    by_skill: dict[str, dict[str, bytes]] = {}
    for path, data in outputs.items():
        if "/" in path and path != LOCK:
            name, relative = path.split("/", 1)
            by_skill.setdefault(name, {})[relative] = data
    cache = _scans(cache_dir)
    reports: dict[str, SkillReport] = {}
    todo: list[_Task] = []
    for name, files in sorted(by_skill.items()):
        task = _Task(name, files, f"{out}/{name}", scan_key(f"{out}/{name}", files))
        kept = cache.get(task.key, task.display, SkillReport) if cache is not None else None
        if kept is not None:
            reports[name] = kept
        else:
            todo.append(task)
    run = ScanRun()
    for task, (report, errors) in zip(todo, _scan_all(todo, jobs), strict=True):
        reports[task.name] = report
        run.internal_errors.extend(errors)
        if cache is not None and not errors:  # a rule that crashed is reported again
            cache.put(task.key, report)
    run.reports = [reports[name] for name in sorted(reports)]
    return run


@dataclass(frozen=True, slots=True)
class _Task:
    """One emitted skill to scan: its name, files (path in the skill -> bytes), the path
    reports show for it and its cache key."""

    name: str
    files: dict[str, bytes]
    display: str
    key: str


def scan_key(display: str, files: Mapping[str, bytes]) -> str:
    """What a skill's report depends on: the files (path and sha256), the path it is shown
    at (findings name it) and skillc's code (the rules)."""
    from skillc.compiler.cache.keys import SCHEMA, code_fingerprint

    digests = sorted((path, hashlib.sha256(data).hexdigest()) for path, data in files.items())
    text = json.dumps(["scan", SCHEMA, code_fingerprint(), display, digests])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _scans(cache_dir: str | None) -> SourceResults | None:
    if not cache_dir:
        return None
    from skillc.compiler.cache import SourceResults, Store

    return SourceResults(Store(Path(cache_dir)), section=SCANS)


def _scan_all(tasks: Sequence[_Task], jobs: int) -> list[tuple[SkillReport, list[Diagnostic]]]:
    """`_scan_one` of each task, in order: by a pool of ``jobs`` forked processes when the
    work pays for one (`pool_map`: the largest skills first; if a worker dies, the parent
    scans them: the same results), else here."""
    items = [(task.name, task.files, task.display) for task in tasks]
    workers = min(resolve_jobs(jobs), len(items))
    if workers < 2 or not _worth_a_pool(tasks) or not can_fork():
        return [_scan_one(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return pool_map(pool, weight=lambda item: _size(item[1]))(_scan_one, items)


def _scan_one(
    item: tuple[str, dict[str, bytes], str],
) -> tuple[SkillReport, list[Diagnostic]]:
    """One skill's report, decided, and the rule crashes met scanning it."""
    from skillc.package.reader import package_from_bytes
    from skillc.scan.engine import scan_package
    from skillc.scan.verdict import decide

    name, files, display = item
    errors: list[Diagnostic] = []
    report = scan_package(package_from_bytes(name, files, display), errors)
    decide(report, has_provenance=True)  # skillc built it: its sources are in the lock
    return report, errors


def _size(files: Mapping[str, bytes]) -> int:
    return sum(len(data) for data in files.values())


def _worth_a_pool(tasks: Sequence[_Task]) -> bool:
    """Whether the skills to scan are enough work to pay for starting workers (~50 ms): the
    scan reads roughly 2.5 MB/s, so `POOL_BYTES` of text is over half a second of it."""
    return len(tasks) > 1 and sum(_size(task.files) for task in tasks) >= POOL_BYTES


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
