"""CSV helpdesk exports: columns told by their header names, one ticket per row.

The delimiter is the one of ``,``, ``;``, tab and ``|`` the header line splits into the most
columns; the header names are mapped by `columns.detect`, the columns the user named
(`fields.TicketFields`) first. A row with a different number of
fields than the header (a ragged row), a field over `MAX_FIELD_CHARS`, an unterminated quote
or bytes that were not UTF-8 (decoded as surrogate escapes by the loader) is skipped with a
warning at its line. A resolution column becomes the last comment, written by an agent, and
makes the ticket resolved; a comments column is one comment.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from skillc.compiler.frontends.tickets import columns
from skillc.compiler.frontends.tickets.reading import (
    MAX_FIELD_CHARS,
    Lines,
    Reading,
    add_flat_ticket,
)

#: What the loader made of bytes that are not UTF-8 (surrogate escapes).
_SURROGATE = re.compile("[\udc80-\udcff]")

__all__ = ["read_csv", "sniff_csv"]

_DELIMITERS = ",;\t|"
_LINE_BREAK = re.compile("\r\n|\r|\n")


def delimiter(header: str) -> str:
    """The delimiter that splits ``header`` into the most columns."""
    return max(_DELIMITERS, key=lambda d: (len(_fields(header, d)), d == ","))


def _fields(line: str, sep: str) -> list[str]:
    """The fields of one CSV ``line``; none when the csv module refuses it (a line break
    inside an unquoted field: a file with ``\r`` line ends, or not CSV at all)."""
    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return []


def sniff_csv(head: str, named: Mapping[str, str]) -> bool:
    """Whether a text starting with ``head`` is a CSV ticket export (its header names a title
    and a body, status or resolution column, or the columns ``named`` for the build)."""
    first = _LINE_BREAK.split(head.lstrip("\ufeff"), maxsplit=1)[0]
    if not first.strip() or first.lstrip().startswith(("{", "[", "<", "#")):
        return False
    sep = delimiter(first)
    names = _fields(first, sep)
    if len(names) >= 2 and columns.looks_like_tickets(names, named):
        return True
    # With columns named for the build, any table is asked, so that a misspelt name is an
    # error naming the file and its columns (SK140), not a file left unread without a word.
    return bool(named) and _table(head, names, sep)


def _table(head: str, names: list[str], sep: str) -> bool:
    """Whether ``head`` starts as a table: a header of at least three short names and a
    second line with as many fields."""
    lines = _LINE_BREAK.split(head.lstrip("\ufeff"), maxsplit=2)
    if len(names) < 3 or len(lines) < 3 or any(not n.strip() or len(n) > 60 for n in names):
        return False
    return len(_fields(lines[1], sep)) == len(names)


def read_csv(text: str, reading: Reading) -> None:
    """Every row of the CSV export ``text`` as a ticket into ``reading``."""
    first = text.split("\n", 1)[0]
    sep = delimiter(first)
    csv.field_size_limit(MAX_FIELD_CHARS)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        reading.skip(1, "no CSV header line")
        return
    absent = columns.missing(header, reading.named)
    if absent:
        reading.fail(1, _absent_message(absent, header))
        return
    found = columns.detect(header, reading.named)
    index = {field: header.index(name) for field, name in found.items()}
    starts = Lines(text).starts
    base = 0  # lines before the current reader's first line
    while True:
        line = base + rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            # The bad record is skipped and reading starts again on the line after its first
            # one, so an unterminated quote costs one record, not the rest of the file.
            reading.skip(line, f"malformed CSV ({error})")
            if line >= len(starts):
                return
            base = line
            rows = csv.reader(
                io.StringIO(text[starts[line] :], newline=""), delimiter=sep, strict=True
            )
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            reading.skip(line, f"{len(row)} fields where the header has {len(header)}")
            continue
        if any(_undecodable(cell) for cell in row):
            reading.skip(line, "bytes that are not UTF-8")
            continue
        _row(row, index, line, reading, found.get("status", ""))


def _row(
    row: list[str], index: dict[str, int], line: int, reading: Reading, status_column: str
) -> None:
    def get(field: str) -> str:
        return row[index[field]] if field in index else ""

    comments = []
    if get("comments").strip():
        comments.append(
            reading.builder.comment(1, role="", time="", text=get("comments"), line=line)
        )
    add_flat_ticket(
        reading,
        line,
        key=get("key") or f"row-{line}",
        title=get("title"),
        body=get("body"),
        status=columns.status_value(status_column, get("status"))
        or ("closed" if get("resolution").strip() else ""),
        resolution=get("resolution"),
        comments=comments,
        labels=[part.strip() for part in get("labels").replace(";", ",").split(",")],
    )


def _absent_message(absent: list[str], header: list[str]) -> str:
    shown = ", ".join(repr(name) for name in header[:40])
    more = f" and {len(header) - 40} more" if len(header) > 40 else ""
    return f"no column for {', '.join(absent)}; the header has {shown}{more}"


def _undecodable(cell: str) -> bool:
    """Whether a cell holds bytes the loader could not decode (surrogate escapes)."""
    return _SURROGATE.search(cell) is not None
