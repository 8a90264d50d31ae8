"""Write lint findings in one of the output formats: text, full, json, sarif, github.

One module per format, as ruff keeps one renderer per file. `render` dispatches through a table
of small adapters that import their module only when asked, so ``skillc lint`` pays for ``json``
only when it writes JSON, and each renderer receives only the options it understands (the CLI
passes ``sources`` to every format; only the text renderer uses it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from skillc.diagnostics import Diagnostic

if TYPE_CHECKING:
    from skillc.diagnostics.table import CodeInfo

FORMATS: tuple[str, ...] = ("text", "full", "json", "sarif", "github")

_Adapter = Callable[[Sequence[Diagnostic], Mapping[str, Any]], str]


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    """The order findings are shown in: path, line, column, code, message."""
    span = d.span
    path = span.source if span is not None else d.path
    return (path, span.line if span else 0, span.col if span else 0, d.code, d.message)


def rule_table(rules: Mapping[str, CodeInfo] | None) -> Mapping[str, CodeInfo]:
    """``rules`` when given, else every code's entry, lint rules and build codes (names and
    docs for the output)."""
    if rules is not None:
        return rules
    from skillc.lint.codes import all_codes

    return all_codes()


def rule_name(rules: Mapping[str, CodeInfo], code: str) -> str:
    """The kebab-case name of ``code``, or ``""`` for a code outside the table."""
    info = rules.get(code)
    return info.name if info is not None else ""


def _text(diagnostics: Sequence[Diagnostic], kw: Mapping[str, Any]) -> str:
    from skillc.lint.render import text

    return text.render(diagnostics, full=bool(kw.get("full")), sources=kw.get("sources"))


def _full(diagnostics: Sequence[Diagnostic], kw: Mapping[str, Any]) -> str:
    from skillc.lint.render import text

    return text.render(diagnostics, full=True, sources=kw.get("sources"))


def _json(diagnostics: Sequence[Diagnostic], kw: Mapping[str, Any]) -> str:
    from skillc.lint.render import json

    return json.render(diagnostics, rules=kw.get("rules"))


def _sarif(diagnostics: Sequence[Diagnostic], kw: Mapping[str, Any]) -> str:
    from skillc.lint.render import sarif

    return sarif.render(diagnostics, rules=kw.get("rules"))


def _github(diagnostics: Sequence[Diagnostic], kw: Mapping[str, Any]) -> str:
    from skillc.lint.render import github

    return github.render(diagnostics, rules=kw.get("rules"))


_RENDERERS: dict[str, _Adapter] = {
    "text": _text,
    "full": _full,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic], **kw: Any) -> str:
    """``diagnostics`` in format ``fmt`` (one of `FORMATS`).

    Options: ``sources`` (display path -> text, for snippets), ``rules`` (code -> `CodeInfo`,
    default: every registered code), ``full`` (text only).
    """
    try:
        adapter = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {FORMATS}") from None
    return adapter(diagnostics, kw)
