"""JSON exports read record by record, so one bad record costs itself, not the file.

Why not ``json.loads``: an export of 10,000 issues with one truncated record would lose all
10,000, and a whole-file parse gives no record's line. Here the records of the top-level array
(or of the array under ``items``/``issues``/``tickets``/... of a top-level object, or the lines
of JSON Lines) are decoded one at a time with ``raw_decode``, each with its offset; a record
that does not decode is reported at its line and the scan resumes at the next record that
starts at the same indentation (pretty-printed exports) or after the next ``},{`` (minified
ones). Cost: each character is decoded once, plus one search per bad record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["RECORD_KEYS", "records"]

#: Keys of a top-level object under which an export keeps its records.
RECORD_KEYS = ("issues", "items", "tickets", "comments", "records", "data", "results", "values")

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[\s,]*")
_ARRAY_KEY = re.compile(rf'"({"|".join(RECORD_KEYS)})"\s*:\s*\[')

#: Called with (offset, reason) for each record that does not decode.
OnError = Callable[[int, str], None]


def records(text: str, on_error: OnError) -> Iterator[tuple[int, Any]]:
    """``(offset, value)`` of each record of the export ``text`` (see the module docstring).

    A top-level object that is not a wrapper (no record array) is one record.
    """
    start = len(text) - len(text.lstrip())
    if text.startswith("[", start):
        yield from _array(text, start + 1, on_error)
        return
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        wrapped = _ARRAY_KEY.search(text)
        if wrapped is None:
            on_error(error.pos, f"invalid JSON ({error.msg})")
            return
        yield from _array(text, wrapped.end(), on_error)
        return
    if _SPACE.fullmatch(text, end) is None:  # several values: JSON Lines
        yield start, value
        yield from _lines(text, end, on_error)
        return
    if isinstance(value, dict):
        key = next((k for k in RECORD_KEYS if isinstance(value.get(k), list)), None)
        if key is not None and not _is_record(value):
            found = re.compile(rf'"{key}"\s*:\s*\[').search(text, start)
            if found is not None:
                yield from _array(text, found.end(), on_error)
                return
    yield start, value


def _is_record(value: dict[str, Any]) -> bool:
    """Whether a top-level object is itself a record that happens to hold a list (a Jira
    issue's ``comments``), not a wrapper around records."""
    return any(k in value for k in ("title", "summary", "subject", "fields", "number"))


def _array(text: str, pos: int, on_error: OnError) -> Iterator[tuple[int, Any]]:
    """The elements of the array whose ``[`` ends at ``pos``."""
    indent: str | None = None
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text) or text[pos] == "]":
            return
        if indent is None:
            line_start = text.rfind("\n", 0, pos) + 1
            indent = text[line_start:pos] if not text[line_start:pos].strip() else ""
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            on_error(pos, f"invalid JSON ({error.msg})")
            resumed = _resume(text, max(error.pos, pos + 1), indent)
            if resumed < 0:
                return
            pos = resumed
            continue
        yield pos, value
        pos = end


def _resume(text: str, pos: int, indent: str) -> int:
    """Where the next record starts after a bad one at ``pos``, or -1 when none does."""
    if indent:
        found = re.compile(rf"\n{re.escape(indent)}\{{").search(text, pos)
        return found.end() - 1 if found is not None else -1
    found = re.compile(r"\}\s*,\s*\{").search(text, pos)
    return found.end() - 1 if found is not None else -1


def _lines(text: str, pos: int, on_error: OnError) -> Iterator[tuple[int, Any]]:
    """The remaining values of a JSON Lines text, one per line."""
    while pos < len(text):
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            return
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            on_error(pos, f"invalid JSON ({error.msg})")
            newline = text.find("\n", pos)
            if newline < 0:
                return
            pos = newline + 1
            continue
        yield pos, value
        pos = end
