"""What ``skillc lint`` prints and returns, and its fix loop (the command itself is in cli.py).

Why a module of its own: the CLI module stays under ~500 lines, and these helpers are only
imported when ``skillc lint`` runs (the lint path must start fast). Exit codes: 0 clean, 1
findings at or above ``--fail-on``, 2 usage or internal error (a path that names no skill, a
rule that crashed).
"""

from __future__ import annotations

from typing import Any

import click


def fix_until_stable(run: Any, paths: list[str], config: Any, unsafe: bool) -> tuple[Any, int]:
    """Apply fixes and re-lint until nothing more applies (at most 5 rounds, as edits may
    overlap within one round)."""
    from skillc.lint.engine import lint
    from skillc.lint.fixes import apply_fixes

    total = 0
    for _ in range(5):
        report = apply_fixes(run.diagnostics, unsafe=unsafe)
        if not report.applied:
            break
        total += report.applied
        paths = [_renamed(p, report.renames) for p in paths]
        run = lint(paths, config)
    return run, total


def _renamed(path: str, renames: list[tuple[str, str]]) -> str:
    for old, new in renames:
        if path.rstrip("/") == old.rstrip("/"):
            return new
    return path


def report_lint(run: Any, config: Any, fmt: str, quiet: bool) -> int:
    """Findings on stdout (json and sarif: always one valid document, even on exit 2, so a
    pipeline's upload step reads it), usage and internal errors on stderr; the text summary
    never says "All checks passed" when a path named no skill or a rule crashed."""
    from skillc.lint.render import render

    failed = run.usage_errors + run.internal_errors
    for problem in failed:
        click.echo(f"error: {problem.render()}", err=True)
    if not quiet and fmt in ("text", "full"):
        for note in run.notes:
            click.echo(f"warning: {note.render()}", err=True)
    output = render(fmt, run.diagnostics, sources=run.sources())
    if output:
        click.echo(output, nl=not output.endswith("\n"))
    if fmt in ("text", "full") and not quiet and (run.diagnostics or not failed):
        from skillc.lint.render.text import summary

        click.echo(summary(run.diagnostics))
    if failed:
        return 2
    return 1 if config.fails(run.diagnostics) else 0


def report_nothing(fmt: str, quiet: bool) -> int:
    """What a lint of no package prints: an empty document, or one line of text; exit 0."""
    from skillc.lint.render import render

    output = render(fmt, [], sources={})
    if output and fmt not in ("text", "full"):
        click.echo(output, nl=not output.endswith("\n"))
    elif not quiet and fmt in ("text", "full"):
        click.echo("No skill to lint: no given file is inside a skill.")
    return 0


def is_skill_archive(path: str) -> bool:
    """A ``.skill`` file (the zip of a skill folder) named on the command line."""
    from pathlib import Path

    return path.lower().endswith(".skill") and Path(path).is_file()


def lint_with_archives(paths: list[str], config: Any) -> Any:
    """Lint folders and ``.skill`` archives together, as one run: an archive's packages are
    read in memory by the scanner's safe archive reader (never extracted; refused members are
    reported), so cross-skill checks see every package of the run."""
    from skillc.cli_scan import archive_packages
    from skillc.lint.engine import LintRun, lint_packages
    from skillc.lint.targets import resolve
    from skillc.package.reader import read_package

    archives = [p for p in paths if is_skill_archive(p)]
    folders = [p for p in paths if p not in archives]
    targets = resolve(folders) if folders else None
    packages = [read_package(f, d) for f, d in targets.packages] if targets else []
    problems = list(targets.problems) if targets else []
    for archive in archives:
        found, trouble = archive_packages(archive)
        packages.extend(found)
        problems.extend(trouble)
    run: LintRun = lint_packages(packages, config)
    run.usage_errors[:0] = problems
    if targets is not None:
        run.notes[:0] = list(targets.notes)
    return run
