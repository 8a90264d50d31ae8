"""What ``skillc build`` builds (the command line's sources, or the project's outputs), its
reports, and ``skillc init``; the command itself is in cli.py.

Why a layer here: ``skillc build`` with no arguments builds every output the project file
declares (`skillc.compiler.project`), each with the file's options and the command line's flags
on top (a flag typed on the command line always wins); the build report and the risk report
cover every output built in the run, so a CI step has one file to upload.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from skillc.cli_levels import OPT_LEVELS
from skillc.diagnostics import Diagnostic, SkillcError

#: Flags that a project output may also set (flag name -> `BuildOptions` field).
OUTPUT_FLAGS = {
    "name_prefix": "name_prefix",
    "base_url": "base_url",
    "library_name": "library_name",
    "opt_level": "pipeline",
    "disable": "disable",
    "index_mode": "index",
    "pages": "pages",
    "group": "group",
    "listing_budget": "listing_budget",
    "jobs": "jobs",
    "archive": "archive",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One build of the run: its inputs (as paths the user can read), output and options."""

    name: str = ""
    inputs: tuple[str, ...]
    out: str
    options: Any
    #: A check of the gathered files against the declared kinds (see `check_kinds`).
    check_inputs: Callable[[Sequence[Any]], None] | None = None


@dataclass(slots=True, kw_only=True)
class RunSettings:
    """What the whole run shares: reports, risk threshold, cache folder."""

    report: str = ""
    report_format: str | None = None
    risk_report: str = ""
    fail_on: str = "malicious"
    cache_dir: str = ""
    #: The project's ``cache-max-mb``: prune the cache to it after the builds.
    cache_max_mb: float | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    risk: list[dict[str, Any]] = field(default_factory=list)


def plan_jobs(
    sources: Sequence[str],
    out: str | None,
    params: Mapping[str, Any],
    given: set[str],
    config: str | None,
    targets: Sequence[str],
    settings: RunSettings,
) -> list[Job]:
    """The builds to run: the command line's SOURCES into ``-o``, or the project's outputs."""
    if sources:
        if not out:
            raise _usage("-o/--out is required when SOURCES are given")
        return [Job(inputs=tuple(sources), out=out, options=options_for(params, None, sources))]
    from skillc.compiler.project import find_project, load_project

    found = Path(config) if config else find_project(Path.cwd())
    path = Path(shown(found.absolute())) if found is not None else None
    if path is None:
        message = (
            "no SOURCES given and no project file (skillc.toml, or [[tool.skillc.output]] in "
            "pyproject.toml) here or above; run `skillc init` to start one"
        )
        raise SkillcError(Diagnostic(code="SK108", message=message, path="<args>"))
    if not path.is_file():
        raise SkillcError(Diagnostic(code="SK108", message="no such project file", path=str(path)))
    project = load_project(path)
    _project_settings(project, given, params, settings)
    chosen = _chosen(project, targets)
    if out and len(chosen) != 1:
        raise _usage("-o/--out names one folder: choose one output with --target NAME")
    jobs = []
    for output in chosen:
        inputs = expand(project, output)
        options = options_for(params, output, inputs, given)
        options = replace(options, sources=source_options(project, output))
        where = out or shown(project.root / output.out)
        check = kinds_check(project, output)
        jobs.append(
            Job(name=output.name, inputs=inputs, out=where, options=options, check_inputs=check)
        )
    return jobs


def under_root(jobs: list[Job], root: str, from_sources: bool) -> list[Job]:
    """``--out-root DIR``: each project output into ``DIR/<name>`` (e.g. ``make demo OUT=x``)."""
    if from_sources:
        raise _usage("--out-root is for project outputs; with SOURCES use -o OUT")
    return [replace(job, out=os.path.join(root, job.name)) for job in jobs]


def _project_settings(
    project: Any, given: set[str], params: Mapping[str, Any], s: RunSettings
) -> None:
    if "report" not in given and project.report:
        s.report = shown(project.root / project.report)
    if "risk_report" not in given and project.risk_report:
        s.risk_report = shown(project.root / project.risk_report)
    if "fail_on" not in given:
        s.fail_on = project.fail_on
    if "cache_dir" not in given and not os.environ.get("SKILLC_CACHE_DIR"):
        s.cache_dir = shown(project.root / project.cache_dir)
    s.cache_max_mb = project.cache_max_mb


def _chosen(project: Any, targets: Sequence[str]) -> list[Any]:
    if not targets:
        if not project.outputs:
            raise SkillcError(
                Diagnostic(code="SK104", message="declares no [[output]]", path=str(project.path))
            )
        return list(project.outputs)
    chosen = []
    for name in targets:
        output = project.output(name)
        if output is None:
            known = ", ".join(o.name for o in project.outputs)
            message = f"--target {name}: no such output (declared: {known})"
            raise SkillcError(Diagnostic(code="SK104", message=message, path=str(project.path)))
        chosen.append(output)
    return chosen


def expand(project: Any, output: Any) -> tuple[str, ...]:
    """The output's sources as paths (relative to the current folder when under it); a glob
    that matches nothing is an error at its line."""
    from skillc.diagnostics import input_error

    inputs: list[str] = []
    for spec in output.sources:
        if glob.has_magic(spec.path):
            found = sorted(glob.glob(spec.path, root_dir=project.root, recursive=True))
            if not found:
                message = f"source {spec.path!r} matches nothing"
                raise input_error(str(project.path), message, code="SK104", line=spec.line)
            inputs.extend(shown(project.root / p) for p in found)
        else:
            inputs.append(shown(project.root / spec.path))
    return tuple(dict.fromkeys(inputs))


def source_options(project: Any, output: Any) -> tuple[Any, ...]:
    """The per-source options of ``output`` (`skillc.compiler.source_options`), one for each
    path its sources that set any expand to."""
    from skillc.compiler.source_options import SourceOptions

    found = []
    for spec in output.sources:
        if not (spec.pages or spec.base_url or spec.name_prefix):
            continue
        for root in expand(project, replace(output, sources=(spec,))):
            found.append(
                SourceOptions(
                    root=root,
                    declared=spec.path,
                    pages=spec.pages,
                    base_url=spec.base_url,
                    name_prefix=spec.name_prefix,
                    project=str(project.path),
                    line=spec.line,
                )
            )
    return tuple(found)


def kinds_check(project: Any, output: Any) -> Callable[[Sequence[Any]], None] | None:
    """A check that each source declared with a ``kind`` gave at least one source of it."""
    from skillc.compiler.project import KINDS
    from skillc.diagnostics import input_error

    declared = [s for s in output.sources if s.kind]
    if not declared:
        return None

    def check(files: Sequence[Any]) -> None:
        for spec in declared:
            roots = [Path(p) for p in expand(project, replace(output, sources=(spec,)))]
            mine = [f for f in files if any(_under(Path(str(f.path)), r) for r in roots)]
            if not any(f.frontend in KINDS[spec.kind] for f in mine):
                kinds = sorted({f.frontend for f in mine}) or ["nothing skillc reads"]
                message = (
                    f"source {spec.path!r} is declared {spec.kind} but holds {', '.join(kinds)}"
                )
                raise input_error(str(project.path), message, code="SK104", line=spec.line)

    return check


def _under(path: Path, root: Path) -> bool:
    text, top = str(path), str(root)
    return text == top or text.startswith((top + os.sep, top + "!"))


def options_for(
    params: Mapping[str, Any],
    output: Any,
    inputs: Sequence[str],
    given: set[str] | frozenset[str] = frozenset(),
) -> Any:
    """`BuildOptions` from the project output's settings with the typed flags on top."""
    from skillc.compiler.driver import BuildOptions
    from skillc.compiler.library_name import (
        infer_library_name,
        infer_project_name,
        named_while_gathering,
    )

    values: dict[str, Any] = {}
    for flag, name in OUTPUT_FLAGS.items():
        value = params[flag]
        if flag == "opt_level":
            value = OPT_LEVELS[value]
        configured = getattr(output, name, None) if output is not None else None
        values[name] = value if (flag in given or configured is None) else configured
    if values["name_prefix"] is None and not named_while_gathering(inputs):
        values["name_prefix"] = infer_project_name(inputs)  # the project the docs name
    if values["name_prefix"] is not None:  # else the build names it (`driver.named_after`)
        values["library_inferred"] = not (values["library_name"] or values["name_prefix"])
        values["library_name"] = (
            values["library_name"] or values["name_prefix"] or infer_library_name(inputs)
        )
    values["disable"] = tuple(values["disable"])
    known = {f.name for f in fields(BuildOptions)}
    extra = {
        "verify_each": params["verify_each"],
        "print_after": tuple(params["print_after"]),
        "force": params["force"],
        "executor": params["executor"],
        "ticket_fields": _ticket_fields(params, output, given),
    }
    return BuildOptions(**{k: v for k, v in {**values, **extra}.items() if k in known})


def _ticket_fields(params: Mapping[str, Any], output: Any, given: Set[str]) -> Any:
    """The build's ticket field mapping: ``--ticket-field`` flags when given, else the
    ``fields`` tables of the output's sources (one mapping per build: two sources that map
    one field to different columns are a usage error naming the second one's line)."""
    from skillc.compiler.frontends.tickets.fields import TicketFields

    if "ticket_fields" in given or output is None:
        return params.get("ticket_fields") or TicketFields()
    mapping: dict[str, str] = {}
    for spec in output.sources:
        for name, column in spec.fields:
            if mapping.setdefault(name, column) != column:
                message = (
                    f"ticket field {name!r} is mapped to {mapping[name]!r} and to {column!r}; "
                    "one build reads its exports with one mapping"
                )
                raise _usage(message)
    try:
        return TicketFields.from_mapping(mapping)
    except ValueError as error:
        raise _usage(str(error)) from None


def with_cache_dir(options: Any, cache_dir: str, no_cache: bool, explicit: bool) -> Any:
    """``options`` with the build cache's folder (`skillc.compiler.cache.location`):
    ``--cache-dir`` (``explicit``) first; none with ``--no-cache`` or ``SKILLC_NO_CACHE=1``;
    else the project's ``cache-dir``, ``$SKILLC_CACHE_DIR`` or ``.skillc-cache/`` in the
    project root."""
    from skillc.compiler.cache import default_cache_dir

    if explicit and cache_dir and not no_cache:
        folder = default_cache_dir(cache_dir)
    else:
        folder = default_cache_dir(None, no_cache)
        if folder is not None and cache_dir:
            folder = default_cache_dir(cache_dir)
    return replace(options, cache_dir=None if folder is None else str(folder))


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is under it, so messages and reports
    name what the user typed (and hold no path of the build machine)."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") and path.is_absolute() else relative


def _usage(message: str) -> SkillcError:
    return SkillcError(Diagnostic(code="SK108", message=message, path="<args>"))


def add_risk(settings: RunSettings, job: Job, result: Any, options: Any) -> dict[str, Any] | None:
    """Scan the emitted skills when a report is asked (their reports kept in the build cache,
    the others scanned at the build's ``-j``: the ``risk`` phase of the timings); failing
    verdicts become SK110 errors."""
    if not (settings.report or settings.risk_report) or not result.outputs:
        return None
    import time

    from skillc.compiler.backends import risk

    started = time.perf_counter()
    run = risk.scan_outputs(result.outputs, job.out, cache_dir=options.cache_dir, jobs=options.jobs)
    result.phases["risk"] = time.perf_counter() - started
    inputs = _inputs(result.outputs)
    settings.risk.append(risk.document(run, result.compiled_skills, inputs, result.outputs))
    for report in risk.failing(run, settings.fail_on):
        message = (
            f"emitted skill is {report.verdict.value} (risk --fail-on {settings.fail_on}): "
            + "; ".join(report.reasons)
        )
        result.diagnostics.append(Diagnostic(code="SK110", message=message, path=report.path))
    return risk.summary(run)


def _inputs(outputs: Mapping[str, bytes]) -> dict[str, list[str]]:
    import json

    from skillc.compiler.output import LOCK

    record = json.loads(outputs[LOCK])
    return {s["name"]: [i["id"] for i in s.get("inputs", [])] for s in record["skills"]}


def write_reports(settings: RunSettings) -> None:
    """The build report and the risk report, each written through a temporary file."""
    from skillc.cli_scan import write_atomically

    if settings.report:
        from skillc.compiler.backends.build_report import format_of, render

        fmt = format_of(settings.report, settings.report_format)
        write_atomically(Path(settings.report), render(fmt, settings.entries, settings.diagnostics))
    if settings.risk_report:
        import json

        document = _merged_risk(settings.risk)
        write_atomically(Path(settings.risk_report), json.dumps(document, indent=2) + "\n")


def _merged_risk(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """One scan report over every output's skills (the scan report's schema)."""
    from skillc.scan.report.json import SCHEMA, VERSION

    skills = [s for d in documents for s in d["skills"]]
    errors = [e for d in documents for e in d["errors"]]
    verdicts: dict[str, int] = {}
    for s in skills:
        verdicts[s["verdict"]] = verdicts.get(s["verdict"], 0) + 1
    tool = documents[0]["tool"] if documents else {}
    summary = {"skills": len(skills), **dict(sorted(verdicts.items()))}
    summary["findings"] = sum(len(s["findings"]) for s in skills)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "tool": tool,
        "summary": summary,
        "skills": skills,
        "errors": errors,
    }


def check_report_paths(settings: RunSettings) -> None:
    """Refuse report paths that hold something skillc did not write, before any work."""
    for path, marker in (
        (settings.report, "skillc-build-report"),
        (settings.risk_report, "skillc-scan-report"),
    ):
        if path:
            _check_report_path(path, marker)


def _check_report_path(output: str, marker: str) -> None:

    path = Path(output)
    problem = ""
    if path.is_dir():
        problem = "is a folder; name a file for the report"
    elif not os.path.lexists(path):
        problem = (
            "" if path.parent.is_dir() or str(path.parent) == "" else "its folder does not exist"
        )
    elif path.is_symlink() or not _written_by_skillc(path, marker):
        problem = "exists and is not a report skillc wrote; remove it or name another file"
    if problem:
        raise SkillcError(Diagnostic(code="SK010", message=problem, path=output))


def _written_by_skillc(path: Path, marker: str) -> bool:
    """Whether ``path`` holds a report skillc wrote: the Markdown report's first line, or a JSON
    document whose schema (or SARIF tool) names skillc. The whole document is parsed because
    the JSON report's keys are sorted: its ``schema`` comes after every output's source list."""
    from skillc.compiler.backends.build_report import MARKER

    try:
        if path.stat().st_size > _LARGEST_REPORT:
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.startswith(MARKER):
        return True
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(document, dict):
        return False
    if document.get("schema") == marker:
        return True
    runs = document.get("runs")
    if "sarif-2.1.0" not in str(document.get("$schema")) or not isinstance(runs, list) or not runs:
        return False
    driver = runs[0].get("tool", {}).get("driver", {}) if isinstance(runs[0], dict) else {}
    return isinstance(driver, dict) and driver.get("name") == "skillc"


_LARGEST_REPORT = 512 * 1024 * 1024


def init_project(path: Path) -> int:
    """Write the commented starting project file; never over an existing file (exit 2)."""
    from skillc.compiler.project.template import TEMPLATE

    if os.path.lexists(path):
        message = "already exists; skillc init never overwrites a file"
        raise SkillcError(Diagnostic(code="SK109", message=message, path=str(path)))
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(TEMPLATE)
    except OSError as exc:
        message = f"cannot write: {exc.strerror or exc}"
        raise SkillcError(Diagnostic(code="SK109", message=message, path=str(path))) from exc
    return 0
