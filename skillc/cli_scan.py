"""What ``skillc scan`` prints, writes and returns (the command itself is in cli.py).

Exit codes: 0 when no skill's verdict reaches ``--fail-on`` (default ``malicious``; ``never``
always passes), 1 when one does, 2 for usage, input and internal errors (a path that names no
skill, an output file skillc did not write, a rule that crashed). In json, sarif and markdown
the document is written even on exit 2, so a pipeline's upload step always has one.

``--output FILE`` writes the report to a temporary file beside FILE and moves it into place,
so a reader never sees half a report; an existing FILE is only replaced when it is a report
skillc wrote (json: its ``schema``; sarif: its driver name; markdown: its first line; text:
its last line), never anything else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from skillc.diagnostics import Diagnostic, SkillcError

if TYPE_CHECKING:
    from skillc.scan.engine import ScanRun

FAIL_LEVELS: dict[str, tuple[str, ...]] = {
    "malicious": ("malicious",),
    "suspicious": ("malicious", "suspicious"),
    "never": (),
}


def run_scan(paths: list[str], fmt: str, fail_on: str, output: str | None, quiet: bool) -> int:
    """Scan ``paths``, print or write the report in ``fmt``, and return the exit code."""
    from skillc.scan.engine import scan
    from skillc.scan.report import render

    if output is not None:
        _check_output(output)
    run = scan(paths) if quiet else _scan_with_progress(paths)
    for problem in (*run.usage_errors, *run.internal_errors):
        click.echo(f"error: {problem.render()}", err=True)
    document = render(fmt, run, quiet=quiet)
    if output is not None:
        write_atomically(Path(output), document)
    elif document:
        click.echo(document, nl=False)
    if run.usage_errors or run.internal_errors:
        return 2
    failing = FAIL_LEVELS[fail_on]
    return 1 if any(r.verdict.value in failing for r in run.reports) else 0


def _scan_with_progress(paths: list[str]) -> ScanRun:
    """The scan, with a progress bar on an interactive stderr (none when piped or quiet)."""
    import sys

    from skillc.lint.targets import resolve
    from skillc.package.reader import read_package
    from skillc.scan.engine import ScanRun, scan, scan_package

    if not sys.stderr.isatty():
        return scan(paths)
    from rich.console import Console
    from rich.progress import Progress

    targets = resolve(paths)
    run = ScanRun(usage_errors=list(targets.problems))
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("scanning skills", total=len(targets.packages))
        for folder, display in targets.packages:
            run.reports.append(scan_package(read_package(folder, display), run.internal_errors))
            bar.advance(task)
    return run


def _check_output(output: str) -> None:
    """Refuse an output path that holds something skillc did not write (exit 2)."""
    path = Path(output)
    if path.is_dir():
        raise SkillcError(_problem(output, "is a folder; name a file for the report"))
    if not os.path.lexists(path):
        if not path.parent.is_dir():
            raise SkillcError(_problem(output, "its folder does not exist"))
        return
    if path.is_symlink() or not _written_by_skillc(path):
        raise SkillcError(
            _problem(
                output, "exists and is not a report skillc wrote; remove it or name another file"
            )
        )


def _written_by_skillc(path: Path) -> bool:
    from skillc.scan.report.markdown import MARKER

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.startswith(MARKER) or '"schema": "skillc-scan-report"' in text[:200]:
        return True
    if '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"' in text[:200]:
        return '"name": "skillc"' in text[:2000]
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return last.startswith("Scanned ") and "skill(s):" in last


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problem(path: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK010", message=message, path=path)
