"""Doxygen's member summary tables (``table.memberdecls``) as lists of declarations.

Why: Doxygen lays out each group's, file's or class's summary as a two-column table: the kind or
return type on the left (``#define``, ``int``), the name and value or signature on the right, a
description row under it, and a separator row after. Read as a layout table (it holds the
section's heading), every cell became a paragraph of its own: ``#define`` alone on a line, then
``MDB_FIXEDMAP 0x01``. Here each member is one list item, ``#define MDB_FIXEDMAP 0x01``, with
its one-line description, and the section headings stay headings.

Guarantees: every row's text is read (headings through the reader, member rows as list items,
other rows as blocks); Doxygen's "More..." link to the member's full entry is left out (the
entry follows on the same page); deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skillc.compiler.frontends.html.content import chrome, tag_of
from skillc.compiler.frontends.html.lists import flat, table_rows
from skillc.ir.nodes import ListBlock

if TYPE_CHECKING:
    from skillc.compiler.frontends.html.blocks import HtmlReader

_MORE = "More..."


def member_table(element: Any) -> bool:
    """Whether ``element`` is a Doxygen member summary table."""
    return "memberdecls" in (element.get("class") or "").split()


def read_member_table(reader: HtmlReader, element: Any, adm: str) -> None:
    """Member rows (and their description rows) as lists, between the table's headings."""
    items: list[str] = []
    rows: list[Any] = []  # the member rows the items come from
    for row in table_rows(element):
        kind = (row.get("class") or "").split(":", 1)[0]
        if kind in ("memitem", "memdesc"):
            text = _row_text(reader, row)
            if kind == "memdesc" and items:
                items[-1] = f"{items[-1]}: {text}" if text else items[-1]
            elif text:
                items.append(text)
            rows.append(row)
            continue
        if kind == "separator" or chrome(row):
            continue
        _flush(reader, items, rows, adm)
        items, rows = [], []
        for cell in row:
            if tag_of(cell) in ("td", "th"):
                reader.container(cell, adm)
    _flush(reader, items, rows, adm)


def _row_text(reader: HtmlReader, row: Any) -> str:
    cells = [flat(reader.lines, c, True, reader.depth).line() for c in row if tag_of(c) == "td"]
    text = " ".join(c for c in cells if c).replace("\u00a0", " ")
    text = " ".join(text.split())
    return text.removesuffix(_MORE).rstrip() if text.endswith(_MORE) else text


def _flush(reader: HtmlReader, items: list[str], rows: list[Any], adm: str) -> None:
    if not items:
        return
    first = reader.lines.start(rows[0])
    span = reader.lines.lines(first, reader.lines.end(rows[-1], first))
    reader.add(ListBlock(id="", items=tuple(items)), span, adm)
