"""The ``skillc`` command line: build, ir, passes, lint, scan, optimize, eval-triggers, rules.

Imports are lazy (inside each command) so that ``skillc --help`` and the lint path start fast.
Exit codes follow ruff: 0 success, 1 the build or check found errors, 2 usage or input error
(every input error is printed as one ``error: path:line:col: CODE message`` line on stderr).
"""

from __future__ import annotations

import os
from typing import Any

import click

from skillc import __version__
from skillc.cli_build import run_command as _run
from skillc.cli_levels import OPT_LEVELS
from skillc.diagnostics import Diagnostic, SkillcError


class _Main(click.Group):
    """The command group, told whether it runs the process's own command line."""

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        """As click's; with no ``args`` (``skillc ...``, ``python -m skillc ...``: the
        arguments are the process's own), a finished build may end the process at once
        (`skillc.cli_exit`). A caller's own ``args`` (tests, ``CliRunner``) keep ``SystemExit``."""
        if args is None:
            from skillc.cli_exit import from_command_line

            from_command_line()
        return super().main(args, *rest, **extra)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillc")
def main() -> None:
    """skillc compiles guides into Agent Skills packages (SKILL.md + references/)."""


@main.command()
@click.argument("sources", nargs=-1)
@click.option(
    "-o",
    "--out",
    default=None,
    help="Output folder: only files skillc wrote there are replaced, atomically.",
)
@click.option(
    "--config",
    default=None,
    help="The project file (default: skillc.toml or pyproject.toml here or above).",
)
@click.option("--target", multiple=True, help="Build only this project output (repeatable).")
@click.option(
    "--out-root",
    default=None,
    help="Write each project output to DIR/<output name> instead of its configured folder.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the outputs or skills.lock differ from what the sources "
    "produce now.",
)
@click.option("--archive", is_flag=True, help="Also write each skill as <name>.skill (a zip).")
@click.option("--report", default=None, help="Write a build report to FILE (json/sarif/md).")
@click.option(
    "--report-format",
    type=click.Choice(["json", "sarif", "markdown"]),
    default=None,
    help="The build report's format (default: from the file's suffix, else json).",
)
@click.option("--risk-report", default=None, help="Write the emitted skills' risk report (JSON).")
@click.option(
    "--fail-on",
    type=click.Choice(["malicious", "suspicious", "never"]),
    default="malicious",
    show_default=True,
    help="With a report: an emitted skill with this verdict or worse fails the build (SK110).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace output files edited by hand (or not written by skillc) that the build writes.",
)
@click.option(
    "-O",
    "--opt-level",
    type=click.Choice(sorted(OPT_LEVELS)),
    default="1",
    show_default=True,
    help="Pass pipeline: -O0 names only, -O1 full compile, -Os size-optimised.",
)
@click.option(
    "--name-prefix",
    default=None,
    help="Prefix for every skill name (default: the project the docs name, e.g. in conf.py; "
    "'' for none).",
)
@click.option(
    "--base-url",
    default="",
    callback=lambda _ctx, _param, value: _web_url(value),
    help="The URL the inputs are published at: links that leave the build become absolute URLs.",
)
@click.option("--disable", multiple=True, help="Leave a pass out of the pipeline (repeatable).")
@click.option(
    "--ticket-field",
    "ticket_fields",
    multiple=True,
    metavar="FIELD=COLUMN",
    callback=lambda _ctx, _param, value: _ticket_fields(value),
    help="The column (or key) of flat ticket exports holding FIELD: id, title, body, status, "
    "resolution, comments, created, labels, author (repeatable).",
)
@click.option(
    "--library-name",
    default="",
    help="What the documentation is of, named in the index skill (default: the input folder).",
)
@click.option(
    "--index",
    "index_mode",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Add an index skill routing to the others (auto: from 5 skills up).",
)
@click.option(
    "--pages",
    type=click.Choice(["all", "tasks"]),
    default="all",
    show_default=True,
    help="Pages that become skills: all (reference pages as reference skills) or tasks "
    "(pages with steps only; the rest are listed as skipped).",
)
@click.option(
    "--group",
    type=click.Choice(["auto", "page", "chapter", "manual"]),
    default="auto",
    show_default=True,
    help="Skills per page, per chapter (the manual's chapters its breadcrumbs name, else a "
    "folder's pages; a PDF's outline chapters) or one per manual (pages as reference files); "
    "auto: chapters, folded into larger parts while the listing is over --listing-budget.",
)
@click.option(
    "--listing-budget",
    type=click.IntRange(min=1),
    default=8000,
    show_default=True,
    help="Tokens the skills' listing (names and descriptions) may take: clients show about 1% "
    "of the context window. --group auto folds pages to fit; over it: warning SK024.",
)
@click.option(
    "--timings",
    type=click.Choice(["text", "json"]),
    is_flag=False,
    flag_value="text",
    default=None,
    help="Print per-pass timings to stderr (text, or --timings=json).",
)
@click.option("--print-after", multiple=True, help="Print the IR after PASS (or 'all') to stderr.")
@click.option("--verify-each", is_flag=True, help="Verify the IR after every transform.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes reading the sources (0: one per CPU); outputs are the same for any N.",
)
@click.option(
    "--cache-dir",
    default=None,
    help="Build cache folder (default: $SKILLC_CACHE_DIR, else .skillc-cache/ in the project).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Build without the cache: read every source (also SKILLC_NO_CACHE=1).",
)
@click.option(
    "--executor",
    default="local",
    show_default=True,
    callback=lambda _ctx, _param, value: _executor(value),
    help="Where sources are read: local (processes, -j) or dask://HOST:PORT (a Dask cluster).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="text: a summary table; json: the summary and findings; sarif, github: the findings.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Also print notes (skipped pages, links).")
def build(
    sources: tuple[str, ...],
    out: str | None,
    config: str | None,
    target: tuple[str, ...],
    out_root: str | None,
    check: bool,
    archive: bool,
    report: str | None,
    report_format: str | None,
    risk_report: str | None,
    fail_on: str,
    force: bool,
    opt_level: str,
    name_prefix: str | None,
    base_url: str,
    disable: tuple[str, ...],
    ticket_fields: Any,
    library_name: str,
    index_mode: str,
    pages: str,
    group: str,
    listing_budget: int,
    timings: str | None,
    print_after: tuple[str, ...],
    verify_each: bool,
    jobs: int,
    cache_dir: str | None,
    no_cache: bool,
    executor: str,
    fmt: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Compile SOURCES (guides, folders or .zip/.tar archives of them) into skill packages.

    With no SOURCES, build the project: every output skillc.toml (or [tool.skillc] in
    pyproject.toml) declares, or those named by --target; flags override the file.
    """
    ctx = click.get_current_context()
    params = dict(ctx.params)
    given = {
        name
        for name in params
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    }

    def body() -> int:
        from skillc import cli_project as project
        from skillc.cli_build import build_one

        settings = project.RunSettings(
            report=report or "",
            report_format=report_format,
            risk_report=risk_report or "",
            fail_on=fail_on,
            cache_dir=cache_dir or os.environ.get("SKILLC_CACHE_DIR", ""),
        )
        jobs_to_run = project.plan_jobs(sources, out, params, given, config, target, settings)
        if out_root:
            jobs_to_run = project.under_root(jobs_to_run, out_root, bool(sources))
        project.check_report_paths(settings)
        code = 0
        for job in jobs_to_run:
            explicit = "cache_dir" in given
            options = project.with_cache_dir(job.options, settings.cache_dir, no_cache, explicit)
            code = max(code, build_one(job, options, settings, check, fmt, quiet, verbose, timings))
            if settings.cache_max_mb is not None and options.cache_dir:  # [build] cache-max-mb
                from skillc.cli_cache import bound

                bound(options.cache_dir, settings.cache_max_mb)
        if settings.report or settings.risk_report:
            project.write_reports(settings)
        return code

    _run(body, at_once=True)


def _executor(value: str) -> str:
    """``--executor``: ``local`` or ``dask://HOST:PORT`` (checked before any work)."""
    if value == "local" or (value.startswith("dask://") and value.rpartition(":")[2].isdigit()):
        return value
    raise click.BadParameter("must be local or dask://HOST:PORT")


def _optional_str(path: object) -> str | None:
    return None if path is None else str(path)


def _web_url(value: str) -> str:
    """``--base-url``: an absolute http(s) URL, so no link ever points into the build machine."""
    from skillc.urls import is_web_url

    value = value.strip()
    if value and not is_web_url(value):
        raise click.BadParameter("must be an absolute http:// or https:// URL (of the input root)")
    return value


def _ticket_fields(flags: tuple[str, ...]) -> Any:
    """``--ticket-field FIELD=COLUMN``: a `TicketFields` (a usage error names what is allowed)."""
    from skillc.compiler.frontends.tickets.fields import TicketFields

    try:
        return TicketFields.from_flags(flags)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command("init")
@click.option(
    "--path",
    "target_path",
    default="skillc.toml",
    show_default=True,
    help="Where to write the project file (never over an existing one).",
)
def init_command(target_path: str) -> None:
    """Write a commented starting skillc.toml: sources, outputs, options, lint and risk."""

    def body() -> int:
        from pathlib import Path

        from skillc.cli_project import init_project

        code = init_project(Path(target_path))
        click.echo(f"wrote {target_path}: declare your sources, then run skillc build", err=True)
        return code

    _run(body)


def _codes(values: tuple[str, ...]) -> list[str] | None:
    """Repeatable, comma-separated code options as one list (None when not given)."""
    codes = [c.strip() for value in values for c in value.split(",") if c.strip()]
    return codes or None


@main.command("lint")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "full", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message; full: with source snippets.",
)
@click.option("--select", multiple=True, help="Only these code prefixes (comma-separated).")
@click.option("--extend-select", multiple=True, help="Add code prefixes to the selection.")
@click.option("--ignore", multiple=True, help="Leave out these code prefixes.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: error, or the config's).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply unsafe fixes.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--skip-outside-skills",
    is_flag=True,
    help="Skip files that are inside no skill instead of failing (for the pre-commit hook).",
)
def lint_command(
    paths: tuple[str, ...],
    fmt: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    fix: bool,
    unsafe_fixes: bool,
    quiet: bool,
    skip_outside_skills: bool,
) -> None:
    """Lint skill packages: PATHS are skill folders, files inside them, folders of skills, or
    .skill archives (read in memory, as folders are).

    A path that names no skill (missing, a folder without one, a file in none) exits with 2.
    """

    def body() -> int:
        from skillc.cli_lint import fix_until_stable, report_lint, report_nothing
        from skillc.lint.config import load_config
        from skillc.lint.engine import lint

        config = load_config(
            select=_codes(select),
            extend_select=_codes(extend_select),
            ignore=_codes(ignore),
            fail_on=fail_on,
        )
        targets = list(paths) or ["."]
        if skip_outside_skills:
            from skillc.lint.targets import outside_skills

            targets = [p for p in targets if not outside_skills(p)]
            if not targets:  # the hook was handed only files of no skill: nothing to check
                return report_nothing(fmt, quiet)
        from skillc.cli_lint import is_skill_archive, lint_with_archives

        if any(is_skill_archive(p) for p in targets):
            if fix:
                message = "--fix cannot edit files inside .skill archives; fix the folder"
                raise SkillcError(Diagnostic(code="SK010", message=message, path="<args>"))
            run = lint_with_archives(targets, config)
        else:
            run = lint(targets, config)
        fixed = fix_until_stable(run, targets, config, unsafe_fixes) if fix else None
        if fixed is not None:
            run, applied = fixed
            if applied and fmt in ("text", "full") and not quiet:
                click.echo(f"Fixed {applied} problem(s).", err=True)
        return report_lint(run, config, fmt, quiet)

    _run(body)


@main.command("scan")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "markdown", "html"]),
    default="text",
    show_default=True,
    help="json: the versioned report schema; sarif: SARIF 2.1.0; markdown, html: for reviewers.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["malicious", "suspicious", "never"]),
    default="malicious",
    show_default=True,
    help="Lowest verdict that makes the exit code 1.",
)
@click.option("-o", "--output", default=None, help="Write the report to FILE instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="text: only skills that are not benign.")
def scan_command(
    paths: tuple[str, ...], fmt: str, fail_on: str, output: str | None, quiet: bool
) -> None:
    """Scan skill packages for risk: PATHS are skill folders, files in them, or folders of skills.

    Exit codes: 0 no verdict at or above --fail-on, 1 one is, 2 usage, input or internal error.
    """

    def body() -> int:
        from skillc.cli_scan import run_scan

        return run_scan(list(paths), fmt, fail_on, output, quiet)

    _run(body)


@main.command("optimize")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", default=None, help="Output folder for the optimised packages.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a skill would change.")
@click.option("--force", is_flag=True, help="Replace output files not written by skillc.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--descriptions",
    type=click.Choice(["safe", "routing"]),
    default="safe",
    show_default=True,
    help="safe: drop only clauses whose words the description repeats; routing: any clause "
    "the skill's own requests do not need.",
)
@click.option(
    "--keep-unknown-keys",
    is_flag=True,
    help="Keep front-matter keys outside the spec at the top level (not under metadata).",
)
@click.option(
    "--keep-line-breaks",
    is_flag=True,
    help="Leave hard-wrapped paragraphs and table padding of SKILL.md as written.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def optimize_command(
    paths: tuple[str, ...],
    out: str | None,
    check: bool,
    force: bool,
    fmt: str,
    descriptions: str,
    keep_unknown_keys: bool,
    keep_line_breaks: bool,
    quiet: bool,
) -> None:
    """Compress existing skills (folders, folders of skills, .skill/.zip) without losing an
    actionable item; every other file of a package is carried byte for byte."""

    def body() -> int:
        from skillc.cli_optimize import run_optimize

        return run_optimize(
            list(paths),
            out,
            check,
            fmt,
            quiet,
            force,
            keep_unknown_keys,
            descriptions,
            reflowed=not keep_line_breaks,
        )

    _run(body)


@main.command("eval-triggers")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def eval_triggers_command(paths: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """Score each skill's evals/evals.json offline with a BM25 router over the library."""

    def body() -> int:
        from skillc.cli_optimize import run_eval_triggers

        return run_eval_triggers(list(paths), fmt, quiet)

    _run(body)


@main.command("rules")
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_command(code: str | None, fmt: str) -> None:
    """List every code (lint rules, build codes), or explain one: skillc rules PK107, SK041."""

    def body() -> int:
        from skillc.lint.codes import all_codes, code_by_name_or_code

        table = all_codes()
        if code is None:
            rows = [table[c] for c in sorted(table)]
            if fmt == "json":
                import json

                click.echo(json.dumps([_rule_json(r) for r in rows], indent=2))
            for r in rows if fmt == "text" else ():
                fixable = " [fix]" if r.fix else ""
                click.echo(f"{r.code}  {r.name:34} {r.severity.value:8} {r.summary}{fixable}")
            return 0
        info = code_by_name_or_code(code)
        if info is None:
            raise SkillcError(
                Diagnostic(code="SK018", message=f"unknown rule {code!r}", path="<args>")
            )
        if fmt == "json":
            import json

            click.echo(json.dumps(_rule_json(info), indent=2))
        else:
            click.echo(f"# {info.code} {info.name}\n")
            click.echo(f"Family: {info.family}. Severity: {info.severity.value}.", nl=False)
            click.echo(f" Fix: {info.fix}.\n" if info.fix else "\n")
            click.echo(info.doc)
        return 0

    _run(body)


def _rule_json(info: Any) -> dict[str, Any]:
    return {
        "code": info.code,
        "name": info.name,
        "family": info.family,
        "severity": info.severity.value,
        "fix": info.fix or None,
        "summary": info.summary,
        "doc": info.doc,
    }


def _register() -> None:
    """The IR and pass inspection groups live in cli_ir (kept apart: this file is the build,
    lint, scan and optimize front door)."""
    from skillc.cli_cache import cache
    from skillc.cli_ir import ir, passes

    main.add_command(ir)
    main.add_command(passes)
    main.add_command(cache)


_register()
