"""Run the lint rules over packages: select, check, suppress, sort.

One `lint` call reads every package once (`skillc.package.reader.read_package`) and hands them to
`lint_packages`, which also lints packages built in memory (the build's, before they are
written) exactly as it would once they are on disk. It runs each enabled
package-scope rule on it and each tree-scope rule (routing collisions) on all of them, drops what
the configuration or per-file-ignores turn off, applies the Markdown suppressions and sorts the
result by path, line, column and code, so output is identical across runs and machines. A rule
that raises is an internal error (SK999, exit code 2), never a traceback: one broken rule must not
hide every other finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import RuleInfo, load_rules
from skillc.lint.config import LintConfig
from skillc.lint.targets import resolve
from skillc.package.model import Package
from skillc.package.reader import read_package

INTERNAL_ERROR = "SK999"


@dataclass(slots=True)
class LintRun:
    """The outcome of one lint: findings, the packages read, and problems with the run itself."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    usage_errors: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)

    def sources(self) -> dict[str, str]:
        """Display path -> text of every text file read, for snippets in ``full`` output."""
        return {f.display: f.text for p in self.packages for f in p.files if f.text is not None}


def lint(paths: Sequence[str], config: LintConfig) -> LintRun:
    """Lint the packages ``paths`` name under ``config``."""
    targets = resolve(paths)
    run = LintRun(usage_errors=list(targets.problems), notes=list(targets.notes))
    packages = (read_package(folder, display) for folder, display in targets.packages)
    return _lint(packages, config, run)


def lint_packages(packages: Iterable[Package], config: LintConfig) -> LintRun:
    """Lint ``packages`` (read from folders or built in memory) under ``config``."""
    return _lint(packages, config, LintRun())


def _lint(packages: Iterable[Package], config: LintConfig, run: LintRun) -> LintRun:
    rules = [r for r in load_rules().values() if r.scope in ("package", "tree")]
    rules = [r for r in rules if config.enabled(r.code)]
    found: list[Diagnostic] = []
    for package in packages:
        run.packages.append(package)
        found.extend(package.diagnostics)
        for info in (r for r in rules if r.scope == "package"):
            found.extend(_checked(info, package, run))
    for info in (r for r in rules if r.scope == "tree"):
        found.extend(_checked(info, run.packages, run))
    run.diagnostics = finish(found, run.packages, config)
    return run


def _checked(info: RuleInfo, subject: object, run: LintRun) -> list[Diagnostic]:
    """The rule's findings, or none and an internal error if the rule raises."""
    try:
        return list(info.check(subject))
    except Exception as exc:  # a rule bug must not hide every other finding
        where = subject.display if isinstance(subject, Package) else "<tree>"
        message = f"rule {info.code} ({info.name}) crashed: {type(exc).__name__}: {exc}"
        run.internal_errors.append(
            Diagnostic(code=INTERNAL_ERROR, message=message, severity=Severity.ERROR, path=where)
        )
        return []


def finish(
    found: Sequence[Diagnostic], packages: Sequence[Package], config: LintConfig
) -> list[Diagnostic]:
    """Apply per-file configuration and suppressions; sort deterministically."""
    from skillc.lint.suppress import apply_suppressions

    kept = [d for d in found if config.enabled(d.code, location_path(d))]
    files = [f for p in packages for f in p.files]
    result = apply_suppressions(kept, files, enabled=config.enabled)
    result = [d for d in result if config.enabled(d.code, location_path(d))]
    return sorted(result, key=sort_key)


def location_path(diagnostic: Diagnostic) -> str:
    """The file a diagnostic is about: its span's source, else its path."""
    return diagnostic.span.source if diagnostic.span is not None else diagnostic.path


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    span = d.span
    return (location_path(d), span.line if span else 0, span.col if span else 0, d.code, d.message)
