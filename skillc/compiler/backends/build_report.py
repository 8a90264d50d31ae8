"""The build report (``skillc build --report PATH``): what a CI run did, for people and tools.

Per output: skills added, changed and removed against the previous lock, the sources whose
hash changed, the build's diagnostics, the risk summary of the emitted skills (verdict counts,
findings by severity; `skillc.compiler.backends.risk`) and seconds per phase. Formats: ``json``
(``"schema": "skillc-build-report"``), ``sarif`` (the diagnostics as SARIF 2.1.0 results, the
rest under the run's ``properties``) and ``markdown`` (a pull-request comment; names from the
build are in code spans). Seconds are the only part that differs between two identical runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from skillc.diagnostics import Diagnostic

SCHEMA = "skillc-build-report"
VERSION = "1.0"
FORMATS = ("json", "sarif", "markdown")
SUFFIXES = {".json": "json", ".sarif": "sarif", ".md": "markdown", ".markdown": "markdown"}
MARKER = "# skillc build report"


def entry(
    out: str,
    summary: Mapping[str, Any],
    drift: Mapping[str, Any],
    phases: Mapping[str, float],
    risk: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """One output's part of the report (diagnostics are added by `render`)."""
    return {
        "out": out,
        "summary": dict(summary),
        "skills": {k: drift.get(k, []) for k in ("added", "changed", "removed")},
        "sources": {
            k.removeprefix("sources_"): drift.get(k, [])
            for k in ("sources_changed", "sources_added", "sources_removed")
        },
        "timings": {name: round(seconds, 3) for name, seconds in phases.items()},
        "risk": dict(risk) if risk is not None else None,
    }


def render(fmt: str, entries: Sequence[dict[str, Any]], diagnostics: Sequence[Diagnostic]) -> str:
    """The report in ``fmt`` over every output built."""
    from skillc.lint.render import render as render_findings
    from skillc.lint.render import rule_table, sort_key
    from skillc.lint.render.json import as_object

    ordered = sorted(diagnostics, key=sort_key)
    if fmt == "sarif":
        log = json.loads(render_findings("sarif", ordered))
        for run in log.get("runs", []):
            run.setdefault("properties", {})["outputs"] = list(entries)
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(entries, ordered)
    table = rule_table(None)
    record = {
        "schema": SCHEMA,
        "version": VERSION,
        "outputs": list(entries),
        "diagnostics": [as_object(d, table) for d in ordered],
    }
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _markdown(entries: Sequence[dict[str, Any]], diagnostics: Sequence[Diagnostic]) -> str:
    lines = [MARKER, ""]
    for item in entries:
        summary = item["summary"]
        lines += [f"## `{item['out']}`", ""]
        lines.append(
            f"{summary.get('sources', 0)} sources, {summary.get('skills', 0)} skills, "
            f"{summary.get('errors', 0)} errors, {summary.get('warnings', 0)} warnings."
        )
        lines.append("")
        for state in ("added", "changed", "removed"):
            names = item["skills"][state]
            shown = ", ".join(f"`{n}`" for n in names) if names else "none"
            lines.append(f"- skills {state}: {shown}")
        changed = item["sources"]["changed"]
        lines.append(f"- sources changed: {', '.join(f'`{s}`' for s in changed) or 'none'}")
        risk = item.get("risk")
        if risk:
            verdicts = ", ".join(f"{n} {v}" for v, n in risk["verdicts"].items())
            lines.append(f"- risk: {verdicts}")
        timings = ", ".join(f"{k} {v:.2f} s" for k, v in item["timings"].items())
        lines += [f"- timings: {timings}", ""]
    if diagnostics:
        lines += [
            "## Findings",
            "",
            "| severity | code | where | message |",
            "| --- | --- | --- | --- |",
        ]
        for d in diagnostics:
            message = d.message.replace("|", "\\|").replace("`", "'")
            lines.append(f"| {d.severity.value} | {d.code} | `{d.location()}` | {message} |")
        lines.append("")
    return "\n".join(lines)


def format_of(path: str, given: str | None) -> str:
    """``given``, else the format the file's suffix names, else json."""
    if given:
        return given
    lower = path.lower()
    return next((fmt for suffix, fmt in SUFFIXES.items() if lower.endswith(suffix)), "json")
