"""The GitHub Actions format: one workflow command per finding, shown as a pull-request annotation.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE NAME::MESSAGE`` (``warning``
and ``notice`` for the other severities). GitHub parses these lines, so values are escaped as its
runner does (``toolkit/packages/core/src/command.ts``): ``%``, ``\\r`` and ``\\n`` everywhere,
and ``:`` and ``,`` in property values too, since those delimit the command.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.render import rule_name, rule_table, sort_key

if TYPE_CHECKING:
    from skillc.diagnostics.table import CodeInfo

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def render(
    diagnostics: Sequence[Diagnostic], *, rules: Mapping[str, CodeInfo] | None = None
) -> str:
    """One workflow command line per finding, sorted like the text output."""
    table = rule_table(rules)
    ordered = sorted(diagnostics, key=sort_key)
    return "".join(command(d, rule_name(table, d.code)) + "\n" for d in ordered)


def command(d: Diagnostic, name: str = "") -> str:
    """The workflow command for ``d``; ``name`` is its rule name, if known."""
    span = d.span
    properties: list[tuple[str, object]] = []
    path = span.source if span is not None else d.path
    if path:
        properties.append(("file", path))
    if span is not None:
        properties += [
            ("line", span.line),
            ("col", span.col),
            ("endLine", span.end_line),
            ("endColumn", span.end_col),
        ]
    properties.append(("title", f"{d.code} {name}" if name else d.code))
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{COMMANDS[d.severity]} {props}::{escape_data(d.message)}"


def escape_data(text: str) -> str:
    """Escape a command's message: ``%`` first, so the escapes themselves survive."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus the ``:`` and ``,`` delimiters."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
