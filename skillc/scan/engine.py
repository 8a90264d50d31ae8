"""Scan packages: read, cut into units and views, run every risk rule, decide a verdict.

Packages are found and read exactly as ``skillc lint`` finds and reads them
(`skillc.lint.targets.resolve`, `skillc.package.reader.read_package`): a path names a skill
folder, a file inside one, or a folder of skills. A rule that raises is an internal error
(SK999, exit 2), never a traceback, and never hides the other rules' findings. The same
evidence found in several views (raw and folded, say) is reported once, at its most severe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from skillc.diagnostics import Diagnostic, Severity
from skillc.package.model import Package
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Finding, SkillReport, sort_key
from skillc.scan.rules import load_rules
from skillc.scan.traces import Traces, traces
from skillc.scan.verdict import decide

_RANK = {Channel.CAPABILITY: 0, Channel.RISKY: 1, Channel.MALICIOUS: 2}


@dataclass(slots=True)
class ScanRun:
    """The outcome of one scan: a report per skill and problems with the run itself."""

    reports: list[SkillReport] = field(default_factory=list)
    usage_errors: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[Diagnostic] = field(default_factory=list)


def scan(paths: Sequence[str]) -> ScanRun:
    """Scan every skill package ``paths`` name."""
    from skillc.lint.targets import resolve
    from skillc.package.reader import read_package

    targets = resolve(paths)
    run = ScanRun(usage_errors=list(targets.problems))
    packages = (read_package(folder, display) for folder, display in targets.packages)
    return scan_packages(packages, run)


def scan_packages(packages: Iterable[Package], run: ScanRun | None = None) -> ScanRun:
    """Scan ``packages`` (read from folders or built in memory)."""
    from skillc.scan.compose import compose

    run = run if run is not None else ScanRun()
    for package in packages:
        run.reports.append(scan_package(package, run.internal_errors))
    compose(run.reports)
    return run


def scan_package(package: Package, errors: list[Diagnostic] | None = None) -> SkillReport:
    """The report on one package; rule crashes go to ``errors``."""
    ctx = ScanContext.of(package)
    found: list[Finding] = []
    for rule in load_rules():
        try:
            found.extend(rule.check(ctx))
        except Exception as exc:  # a rule bug must not hide every other finding
            message = f"risk rule {rule.meta.code} crashed: {type(exc).__name__}: {exc}"
            problem = Diagnostic(
                code="SK999", message=message, severity=Severity.ERROR, path=package.display
            )
            if errors is not None:
                errors.append(problem)
    report = SkillReport(
        path=package.display, name=ctx.name, description=ctx.description, findings=_unique(found)
    )
    records = ("skills.lock", "skillc-manifest.json")  # the build's record, now and before
    decide(report, has_provenance=any(package.file(name) is not None for name in records))
    report.allowed_tools = allowed_tools(ctx, report.findings)
    report.declared_tools = _declared_tools(ctx)
    report.traces = _traces(ctx, errors, package.display)
    return report


def _declared_tools(ctx: ScanContext) -> list[str] | None:
    from skillc.scan.tools import declared

    found = declared(ctx)
    return None if found is None else found[0]


def _traces(ctx: ScanContext, errors: list[Diagnostic] | None, display: str) -> Traces | None:
    """The package's traces for the cross-skill rules (None, and an internal error, when
    collecting them crashed: the package's own findings stand)."""
    try:
        return traces(ctx)
    except Exception as exc:
        message = f"cross-skill traces crashed: {type(exc).__name__}: {exc}"
        if errors is not None:
            errors.append(
                Diagnostic(code="SK999", message=message, severity=Severity.ERROR, path=display)
            )
        return None


def _unique(found: Sequence[Finding]) -> list[Finding]:
    """One finding per code and evidence span (the most severe channel), sorted."""
    best: dict[tuple[str, str, int, int], Finding] = {}
    for finding in found:
        d = finding.diagnostic
        span = d.span
        key = (
            d.code,
            span.source if span else d.path,
            span.start if span else 0,
            span.end if span else 0,
        )
        kept = best.get(key)
        if kept is None or _RANK[finding.channel] > _RANK[kept.channel]:
            best[key] = finding
    return sorted(best.values(), key=sort_key)


def allowed_tools(ctx: ScanContext, findings: Sequence[Finding]) -> list[str]:
    """The least `allowed-tools` the skill needs (`skillc.scan.tools.least`: Read, Bash
    patterns per command, WebFetch, Write, Edit, Grep, Glob). ``findings`` is kept for the
    callers of this API; the answer comes from the content itself."""
    from skillc.scan.tools import least

    return least(ctx)
