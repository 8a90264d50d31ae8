"""What ``skillc build`` runs and prints per output: the build, its summary table or
``--format json|sarif|github`` document, the drift check's verdict (the command is in cli.py).

Build diagnostics go through the lint renderers, so a pipeline reads a build's findings as it
reads lint's: ``sarif`` is one SARIF 2.1.0 log (code scanning), ``github`` one workflow command
per finding (pull-request annotations). ``json`` stays the one-line summary object it was
(``out``, ``sources``, ``skills``, ``files``, ``changed``, ``removed``, ``skipped``, ``failed``,
``seconds``, ``errors``, ``warnings``), plus ``diagnostics``: every finding as an object in
lint's JSON form. Each format prints exactly one document on stdout, even when the build stops
with a usage error (exit 2), so an upload step always has something to read; errors are also
printed on stderr, one line each, as in text mode.

Findings are located at the pages' paths as the user named them (``docs/guide/install.md``),
not at their source ids (``guide/install.md``, relative to the input folder, as text mode and
the manifest show them): code scanning and pull-request annotations resolve paths against the
repository, and the user's paths are what lie in it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import click

from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.diagnostics.span import Span

#: The page suffix of a PDF span's source (``manual.pdf#p12``).
_PAGE = re.compile(r"#p\d+$")


def document(
    fmt: str,
    out: str,
    summary: Mapping[str, Any],
    diagnostics: Sequence[Diagnostic],
    paths: Mapping[str, str] | None = None,
) -> str:
    """The build's report in ``fmt`` (``json``, ``sarif`` or ``github``; cli.py prints
    ``text`` itself: a table, and the findings on stderr), ending in a newline;
    ``paths`` maps source ids to the paths the user named (`BuildResult.paths`)."""
    from skillc.lint.render import render, rule_table, sort_key

    diagnostics = at_user_paths(diagnostics, paths or {})
    if fmt != "json":
        return render(fmt, diagnostics)
    from skillc.lint.render.json import as_object

    table = rule_table(None)
    found = [as_object(d, table) for d in sorted(diagnostics, key=sort_key)]
    record = {"out": out, **summary, "diagnostics": found}
    # Keys sorted as before ``diagnostics`` was added; each finding keeps lint's key order.
    return json.dumps(dict(sorted(record.items()))) + "\n"


def at_user_paths(diagnostics: Sequence[Diagnostic], paths: Mapping[str, str]) -> list[Diagnostic]:
    """``diagnostics`` with every source id in their paths and spans replaced by the path the
    user named (a PDF page keeps its ``#pN``); other locations (output files) stay.

    >>> from skillc.diagnostics import Severity
    >>> d = Diagnostic(code="SK042", message="m", severity=Severity.INFO, path="a.html")
    >>> at_user_paths([d], {"a.html": "docs/a.html"})[0].path
    'docs/a.html'
    """

    def where(source: str) -> str:
        page = _PAGE.search(source)
        base = source[: page.start()] if page else source
        return paths[base] + (page.group() if page else "") if base in paths else source

    def moved(span: Span) -> Span:
        return replace(span, source=where(span.source))

    return [
        replace(
            d,
            path=where(d.path),
            span=None if d.span is None else moved(d.span),
            related=tuple((moved(span), message) for span, message in d.related),
        )
        for d in diagnostics
    ]


def run_command(fn: Callable[[], int], *, at_once: bool = False) -> None:
    """Run a command body, turning `SkillcError` into one line per problem and exit code 2.
    ``at_once``: end the process without the interpreter's teardown where that is safe
    (`skillc.cli_exit.leave`; ``skillc build``, whose outputs are all written by then)."""
    try:
        code = fn()
    except SkillcError as exc:
        echo_diagnostics(exc.diagnostics, quiet=False)
        code = 2
    if at_once:
        from skillc.cli_exit import leave

        leave(code)
    sys.exit(code)


def echo_diagnostics(
    diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], quiet: bool, verbose: bool = True
) -> None:
    """Errors always; warnings unless ``quiet``; notes (INFO) only when ``verbose``."""
    for d in diagnostics:
        if d.severity is Severity.INFO and not verbose:
            continue
        if quiet and d.severity is not Severity.ERROR:
            continue
        click.echo(f"{d.severity.value}: {d.render()}", err=True)


def failed_document(fmt: str, out: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The report of a build that stopped before reading anything (a usage error)."""
    from skillc.compiler.driver import BuildResult

    return document(fmt, out, BuildResult(diagnostics=list(diagnostics)).summary(), diagnostics)


def build_one(
    job: Any,
    options: Any,
    settings: Any,
    check: bool,
    fmt: str,
    quiet: bool,
    verbose: bool,
    timings: str | None,
) -> int:
    """Run one build (one output) and print its summary; its exit code."""
    from skillc import cli_project as project
    from skillc.compiler.driver import build as run_build
    from skillc.passes.manager import format_timings

    out = job.out

    def waiting() -> None:
        if not quiet:
            click.echo(f"note: waiting for another skillc build into {out} to finish", err=True)

    with _progress_bar(enabled=not quiet and fmt == "text") as progress:
        try:
            result = run_build(
                list(job.inputs),
                out,
                options,
                on_print=_print_ir,
                progress=progress,
                on_wait=waiting,
                check=check,
                check_inputs=job.check_inputs,
                meanwhile=_load_summary if not quiet and fmt == "text" else None,
            )
        except SkillcError as exc:  # still one document on stdout for a pipeline to read
            if fmt != "text":
                click.echo(failed_document(fmt, out, exc.diagnostics), nl=False)
            raise
    risk = project.add_risk(settings, job, result, options)
    echo_diagnostics(result.diagnostics, quiet or fmt != "text", verbose)
    if timings:
        click.echo(format_timings(result.records, fmt=timings), err=True)
    summary = result.summary()
    if result.drift is not None:
        from skillc.compiler.backends.build_report import entry

        drift = result.drift.to_dict()
        settings.entries.append(entry(out, summary, drift, result.phases, risk))
        settings.diagnostics.extend(result.diagnostics)
        if check:
            summary = {**summary, "check": drift}
    _report_build(summary, out, fmt, quiet, result.diagnostics, result.paths)
    if check and fmt == "text" and not quiet and result.drift is not None:
        echo_check(out, result.drift)
    # 2 when input pages failed (the others were written), 1 when the build found errors.
    return result.exit_code()


def _load_summary() -> None:
    """Import what the summary table is printed with (rich's console and table: ~25 ms) while
    the build's reading workers read, not after the build (`run_build`'s ``meanwhile``)."""
    from rich.console import Console  # noqa: F401
    from rich.table import Table  # noqa: F401


def echo_check(out: str, drift: Any) -> None:
    kept = len(drift.hand_edits)
    if drift.current:
        edits = f" ({kept} file(s) keep a hand edit, recorded in the lock)" if kept else ""
        click.echo(f"{out}: up to date with its sources{edits}")
    else:
        stale = len(drift.added) + len(drift.changed) + len(drift.removed)
        click.echo(
            f"{out}: out of date: {stale} skill(s) or archive(s) differ, "
            f"{len(drift.sources_changed)} source(s) changed since the lock; run skillc build"
        )


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int], Callable[[str], None]] | None]:
    """A rich progress bar over the sources, on an interactive stderr only."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:

        def start(total: int) -> Callable[[str], None]:
            task = bar.add_task("reading sources", total=total)
            return lambda _source: bar.advance(task)

        yield start


def _print_ir(pass_name: str, text: str) -> None:
    click.echo(f"# IR after {pass_name}", err=True)
    click.echo(text, err=True, nl=False)


def _report_build(
    summary: dict[str, Any],
    out: str,
    fmt: str,
    quiet: bool,
    diagnostics: list[Diagnostic],
    paths: dict[str, str],
) -> None:
    if fmt != "text":
        from skillc.cli_build import document

        click.echo(document(fmt, out, summary, diagnostics, paths), nl=False)
        return
    if quiet:
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"skillc build -> {out}", show_header=True)
    columns = ("sources read", "skills emitted", "pages skipped", "files", "changed", "seconds")
    for column in columns:
        table.add_column(column, justify="right")
    table.add_row(
        str(summary["sources"]),
        str(summary["skills"]),
        str(summary["skipped"]),
        str(summary["files"]),
        str(summary["changed"] + summary["removed"]),
        f"{summary['seconds']:.2f}",
    )
    Console(soft_wrap=True).print(table)
    if summary.get("counts"):  # what a frontend counted: tickets read, values redacted...
        counted = ", ".join(f"{name}: {n}" for name, n in summary["counts"].items())
        click.echo(counted)
    if summary.get("grain"):  # issue 11: the listing an agent is shown, and its grain
        click.echo(f"listing: {summary['listing_tokens']} tokens ({summary['grain']} grain)")
    if summary["errors"] and not summary["files"]:
        click.echo(f"build failed: {summary['errors']} error(s); nothing was written", err=True)
    elif summary["failed"]:
        click.echo(
            f"build incomplete: {summary['failed']} input page(s) failed and were skipped; "
            "the other pages were written",
            err=True,
        )
