"""What ``skillc optimize`` and ``skillc eval-triggers`` print, write and return (the commands
themselves are registered in cli.py).

``skillc optimize SKILL_DIR... -o OUT`` writes the optimised packages into OUT through the
build's output machinery (staged, moved into place, only files skillc wrote replaced) and prints
a before/after table per skill; ``--check`` writes nothing and exits 1 when a skill would
change (CI); ``--format json`` prints one JSON document instead of the table.

``skillc eval-triggers LIBRARY...`` scores each skill's ``evals/evals.json`` (skill-creator's
trigger eval format; generated from the skill when missing, SK163) with the offline BM25
router over the library's names and descriptions: recall of the requests that should trigger
it, and the near misses that trigger it falsely. No network, no API key.

Exit codes: 0 done, 1 ``--check`` found a skill to change, 2 usage or input errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from skillc.diagnostics import Diagnostic, Severity, SkillcError

if TYPE_CHECKING:
    from skillc.compiler.optimize import OptimizeRun, SkillReport

SCHEMA = "skillc-optimize-report"


def run_optimize(
    paths: list[str],
    out: str | None,
    check: bool,
    fmt: str,
    quiet: bool,
    force: bool,
    keep_unknown_keys: bool = False,
    descriptions: str = "safe",
    *,
    reflowed: bool = True,
) -> int:
    """Optimise ``paths`` into ``out`` (or only check), print the report, return the exit code."""
    from skillc.compiler.optimize import optimize, write_output
    from skillc.compiler.output import check_destination

    if out is None and not check:
        raise SkillcError(_usage("give -o OUT to write the optimised skills, or --check"))
    if out is not None and not check:
        check_destination(Path(out), [Path(p) for p in paths])
    with _bar(not quiet and fmt == "text", "optimizing skills") as advance:
        result = optimize(
            paths,
            advance,
            keep_unknown_keys=keep_unknown_keys,
            descriptions=descriptions,
            reflowed=reflowed,
        )
    _echo(result.errors + result.diagnostics, quiet=quiet or fmt != "text")
    if result.errors:
        if fmt == "json":
            click.echo(report_json(result, out, check))
        return 2
    if out is not None and not check:
        written = write_output(result, Path(out), force=force)
        if written.conflicts:
            _echo(written.conflicts, quiet=False)
            return 2
    if fmt == "json":
        click.echo(report_json(result, out, check))
    elif not quiet:
        _table(result, out, check)
    changed = [s for s in result.skills if s.changed]
    return 1 if check and changed else 0


def _usage(message: str) -> Diagnostic:
    return Diagnostic(code="SK160", message=message, path="<args>")


def _echo(diagnostics: list[Diagnostic], quiet: bool) -> None:
    for d in diagnostics:
        if d.severity is Severity.INFO or (quiet and d.severity is not Severity.ERROR):
            continue
        click.echo(f"{d.severity.value}: {d.render()}", err=True)


@contextmanager
def _bar(enabled: bool, label: str) -> Iterator[Callable[[], None]]:
    """A transient rich progress bar on an interactive stderr; a no-op otherwise."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda: bar.advance(task)


def _skill_json(skill: SkillReport) -> dict[str, Any]:
    def level(tokens: Any) -> dict[str, int]:
        return {
            "description": tokens.description,
            "body": tokens.body,
            "references": tokens.references,
        }

    return {
        "name": skill.name,
        "path": skill.display,
        "changed": skill.changed,
        "rolled_back": skill.rolled_back,
        "before": level(skill.before),
        "after": level(skill.after),
        "moved": list(skill.moved),
        "removed": list(skill.removed),
        "description": skill.description,
        "evals": skill.evals,
    }


def report_json(result: OptimizeRun, out: str | None, check: bool) -> str:
    """The whole run as one JSON document (one line)."""
    document = {
        "schema": SCHEMA,
        "out": out,
        "check": check,
        "skills": [_skill_json(s) for s in result.skills],
        "totals": _totals(result),
        "diagnostics": [_diagnostic_json(d) for d in (*result.errors, *result.diagnostics)],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=False)


def _totals(result: OptimizeRun) -> dict[str, Any]:
    levels = ("description", "body", "references")
    before = {k: sum(getattr(s.before, k) for s in result.skills) for k in levels}
    after = {k: sum(getattr(s.after, k) for s in result.skills) for k in levels}
    return {
        "skills": len(result.skills),
        "changed": sum(s.changed for s in result.skills),
        "rolled_back": sum(s.rolled_back for s in result.skills),
        "before": before,
        "after": after,
    }


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    where: dict[str, Any] = {"path": d.span.source if d.span else d.path}
    if d.span is not None:
        where.update(line=d.span.line, column=d.span.col)
    return {"code": d.code, "severity": d.severity.value, "message": d.message, **where}


def _why(labels: tuple[str, ...]) -> str:
    """``3 (duplicate 2, empty section 1)`` from block labels ``B1 (prose): reason``."""
    if not labels:
        return "0"
    reasons: dict[str, int] = {}
    for label in labels:
        reason = label.split(": ", 1)[-1].split(" of ")[0]
        reasons[reason] = reasons.get(reason, 0) + 1
    inside = ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
    return f"{len(labels)} ({inside})"


def _table(result: OptimizeRun, out: str | None, check: bool) -> None:
    from rich.table import Table

    title = "skillc optimize --check" if check else f"skillc optimize -> {out}"
    table = Table(title=title, show_header=True)
    for column in ("skill", "description", "body", "references", "moved", "removed (why)"):
        table.add_column(
            column, justify="left" if column in ("skill", "removed (why)") else "right"
        )
    for s in result.skills:
        name = s.name + (" (rolled back)" if s.rolled_back else "")
        table.add_row(
            name,
            f"{s.before.description} -> {s.after.description}",
            f"{s.before.body} -> {s.after.body}",
            f"{s.before.references} -> {s.after.references}",
            _why(s.moved),
            _why(s.removed),
        )
    totals = _totals(result)
    b, a = totals["before"], totals["after"]
    table.add_row(
        f"total ({totals['changed']} of {totals['skills']} changed)",
        f"{b['description']} -> {a['description']}",
        f"{b['body']} -> {a['body']}",
        f"{b['references']} -> {a['references']}",
        "",
        "",
    )
    _console().print(table)


def _console() -> Any:
    """A console as wide as the table needs when stdout is not a terminal (CI logs)."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=160)


# --- eval-triggers --------------------------------------------------------------------------


def run_eval_triggers(paths: list[str], fmt: str, quiet: bool) -> int:
    """Score the trigger evals of the library ``paths`` name; print per-skill results."""
    from skillc.compiler.optimize.evals import evaluate

    scored = evaluate(paths)
    _echo(scored.errors + scored.notes, quiet=quiet or fmt != "text")
    if scored.errors:
        return 2
    if fmt == "json":
        rows = [
            {
                "name": s.name,
                "should_trigger": s.should,
                "recall": round(s.recall, 4),
                "near_misses": s.near_misses,
                "false_triggers": s.false_triggers,
                "missed": [{"query": q, "routed_to": w} for q, w in s.missed],
            }
            for s in scored.scores
        ]
        summary = {
            "skills": len(rows),
            "recall": round(scored.recall, 4),
            "false_triggers": sum(s.false_triggers for s in scored.scores),
        }
        click.echo(
            json.dumps(
                {"schema": "skillc-trigger-evals", "skills": rows, "totals": summary},
                ensure_ascii=False,
            )
        )
        return 0
    if not quiet:
        from rich.table import Table

        table = Table(title="skillc eval-triggers (BM25 over names and descriptions)")
        for column in ("skill", "should trigger", "recall", "near misses", "false triggers"):
            table.add_column(column, justify="left" if column == "skill" else "right")
        for s in scored.scores:
            table.add_row(
                s.name, str(s.should), f"{s.recall:.0%}", str(s.near_misses), str(s.false_triggers)
            )
        table.add_row(
            "mean",
            "",
            f"{scored.recall:.0%}",
            "",
            str(sum(s.false_triggers for s in scored.scores)),
        )
        _console().print(table)
    return 0
