"""The JSON format: an array with one object per finding, in ruff's ``--output-format json`` keys.

Tools that already read ruff's JSON (editors, CI annotators, dashboards) read ours: ``code``,
``name``, ``severity``, ``message``, ``filename``, ``location`` and ``end_location``
(``{row, column}``, 1-based; the end column is exclusive, as in ruff), ``fix`` and ``url``.
Two differences follow from skills not being Python files: a fix's edits are character offsets
into the decoded file (``{path, start, end, content}``) and a fix may rename a folder
(``rename: {old, new}``); ``related`` lists the secondary spans (where a finding comes from).
A finding without a span has ``null`` locations. Objects are sorted like the text output.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from skillc.diagnostics import Diagnostic, Fix
from skillc.ir.span import Span
from skillc.lint.render import rule_name, rule_table, sort_key

if TYPE_CHECKING:
    from skillc.diagnostics.table import CodeInfo


def render(
    diagnostics: Sequence[Diagnostic], *, rules: Mapping[str, CodeInfo] | None = None
) -> str:
    """The findings as a JSON array (two-space indent, UTF-8 text kept as is), with a newline."""
    table = rule_table(rules)
    objects = [as_object(d, table) for d in sorted(diagnostics, key=sort_key)]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def as_object(d: Diagnostic, rules: Mapping[str, CodeInfo]) -> dict[str, Any]:
    """One finding as a JSON-ready dict."""
    span = d.span
    return {
        "code": d.code,
        "name": rule_name(rules, d.code) or None,
        "severity": d.severity.value,
        "message": d.message,
        "filename": span.source if span is not None else d.path or None,
        "location": _start(span),
        "end_location": _end(span),
        "fix": _fix(d.fix),
        "url": None,
        "related": [
            {"filename": s.source, "location": _start(s), "end_location": _end(s), "message": m}
            for s, m in d.related
        ],
    }


def _start(span: Span | None) -> dict[str, int] | None:
    return None if span is None else {"row": span.line, "column": span.col}


def _end(span: Span | None) -> dict[str, int] | None:
    return None if span is None else {"row": span.end_line, "column": span.end_col}


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    rename = None if fix.rename is None else {"old": fix.rename[0], "new": fix.rename[1]}
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [
            {"path": e.path, "start": e.start, "end": e.end, "content": e.replacement}
            for e in fix.edits
        ],
        "rename": rename,
    }
