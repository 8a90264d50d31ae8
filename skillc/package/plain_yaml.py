"""The plain front matter most skills have, read without PyYAML, exactly as PyYAML reads it.

Why: importing PyYAML costs about 11 ms, a tenth of a whole ``skillc lint`` of one skill, and the
pre-commit hook pays it on every commit. Most SKILL.md front matter is a block mapping of one-line
scalars and folded descriptions, sometimes with one nested mapping (``metadata:``). This reader
answers for that subset only, with the values, styles and node positions PyYAML's ``SafeLoader``
gives (a test compares the two on every corpus skill and on generated documents), and answers
None for anything else, which then goes to PyYAML. None is always safe; a guess never is, so
every construct whose YAML 1.1 reading takes more than a table lookup (comments, tabs, flow
collections, anchors, tags, escapes, multi-line plain or quoted scalars, blank lines inside
block scalars, numbers and dates) is left to PyYAML.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

__all__ = ["PlainEntry", "read_plain"]

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
#: PyYAML's YAML 1.1 booleans and nulls (its resolver's exact spellings).
_CONSTANTS: dict[str, object] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
}
#: Spellings too near a constant to trust as keys (``On:`` is the boolean True in YAML 1.1).
_CONSTANT_WORDS = frozenset(k.lower() for k in _CONSTANTS)
#: Indicators, and the characters ``-?:`` whose plain-scalar reading depends on what follows.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: First characters of PyYAML's int, float and timestamp resolvers (checked with `_numeric`).
_NUMERIC_START = frozenset("+.0123456789")
_BLOCK_HEADERS = {">": ("folded", "\n"), ">-": ("folded", ""), "|": ("literal", "\n")}
_BLOCK_HEADERS["|-"] = ("literal", "")

#: A line: its offset in the text, its indentation, its text after the indentation ("" blank).
_Line = tuple[int, int, str]


class PlainEntry(NamedTuple):
    """One ``key: value`` pair; offsets index the front matter text.

    ``value`` is what PyYAML constructs (str, bool, None, or for a nested mapping a dict of its
    entries' values, which ``children`` holds in order); ``style`` is PyYAML's scalar style
    name (``plain``, ``single``, ``double``, ``folded``, ``literal``), ``block`` for a nested
    mapping, ``""`` when the value is empty.
    """

    key: str
    key_start: int
    key_end: int
    value: object
    value_start: int
    value_end: int
    style: str
    children: tuple[PlainEntry, ...] = ()


def read_plain(text: str) -> tuple[PlainEntry, ...] | None:
    """The top-level entries of front matter ``text``, or None when it is outside the subset."""
    if "\t" in text or "\r" in text or not text.replace("\n", "").isprintable():
        return None  # str.isprintable refuses all PyYAML refuses (and more: those go to PyYAML)
    lines = _lines(text)
    if not any(content for _, _, content in lines):
        return None
    found = _mapping(lines, 0, 0, len(text), nested=False)
    if found is None or found[1] != len(lines):
        return None
    return tuple(found[0])


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for line in text.split("\n"):
        content = line.lstrip(" ")
        lines.append((offset, len(line) - len(content), content))
        offset += len(line) + 1
    return lines


def _next_content(lines: list[_Line], index: int) -> int:
    """The index of the first non-blank line from ``index`` on (``len(lines)`` when none)."""
    while index < len(lines) and not lines[index][2]:
        index += 1
    return index


def _mapping(
    lines: list[_Line], index: int, indent: int, size: int, *, nested: bool
) -> tuple[list[PlainEntry], int] | None:
    """The entries at ``indent`` from line ``index`` on, and the index of the line after them."""
    entries: list[PlainEntry] = []
    while True:
        index = _next_content(lines, index)
        if index == len(lines) or lines[index][1] < indent:
            return entries, index
        _, own, content = lines[index]
        if own > indent or content[0] == "#" or (own == 0 and content.startswith(("---", "..."))):
            return None
        found = _entry(lines, index, size, nested=nested)
        if found is None:
            return None
        entries.append(found[0])
        index = found[1]


def _entry(
    lines: list[_Line], index: int, size: int, *, nested: bool
) -> tuple[PlainEntry, int] | None:
    """The entry on line ``index`` and the index of the line after it (its nested lines too)."""
    offset, indent, content = lines[index]
    match = _KEY_LINE.match(content)
    if match is None or match.group(1).lower() in _CONSTANT_WORDS:
        return None
    key = match.group(1)
    key_start = offset + indent
    key_end = key_start + len(key)
    written = content[match.end() :].rstrip(" ")
    value_start = key_start + match.end()
    following = _next_content(lines, index + 1)
    deeper = following < len(lines) and lines[following][1] > indent
    if written in _BLOCK_HEADERS:
        return _block_scalar(lines, index, size, key, key_start, value_start, written)
    if not written:
        if not deeper:
            return PlainEntry(
                key, key_start, key_end, None, key_end + 1, key_end + 1, ""
            ), index + 1
        if nested:
            return None  # one level of nesting is the subset
        return _nested(lines, following, size, key, key_start)
    scalar = _scalar(written)
    if scalar is None or deeper:  # indented lines after a scalar continue it
        return None
    value, style = scalar
    end = value_start + len(written)
    return PlainEntry(key, key_start, key_end, value, value_start, end, style), index + 1


def _nested(
    lines: list[_Line], first: int, size: int, key: str, key_start: int
) -> tuple[PlainEntry, int] | None:
    """A nested block mapping starting on line ``first``; it ends where the next top-level
    line starts (PyYAML's end mark for a block collection)."""
    found = _mapping(lines, first, lines[first][1], size, nested=True)
    if found is None or not found[0]:
        return None
    children, after = found
    end = lines[after][0] if after < len(lines) else size
    value = {child.key: child.value for child in children}
    start = children[0].key_start
    key_end = key_start + len(key)
    return PlainEntry(key, key_start, key_end, value, start, end, "block", tuple(children)), after


def _block_scalar(
    lines: list[_Line], index: int, size: int, key: str, key_start: int, start: int, header: str
) -> tuple[PlainEntry, int] | None:
    """A ``>``/``|`` scalar whose lines all share one indentation, with no blank line inside
    and only empty lines after (folding and chomping are then one join); it ends where the next
    content line starts."""
    owner = lines[index][1]
    body = index + 1
    if body == len(lines) or not lines[body][2] or lines[body][1] <= owner:
        return None
    indent = lines[body][1]
    parts: list[str] = []
    while body < len(lines) and lines[body][2] and lines[body][1] == indent:
        parts.append(lines[body][2])
        body += 1
    style, last_break = _BLOCK_HEADERS[header]
    if body == len(lines):
        last_break = ""  # the text ends on the scalar's last line: no break to keep
    while body < len(lines) and lines[body][1] == 0 and not lines[body][2]:
        body += 1  # empty lines: the scalar's trailing breaks, dropped by clip and strip
    if body < len(lines) and (not lines[body][2] or lines[body][1] > owner):
        return None
    value = (" " if style == "folded" else "\n").join(parts) + last_break
    end = lines[body][0] if body < len(lines) else size
    return PlainEntry(key, key_start, key_start + len(key), value, start, end, style), body


def _scalar(written: str) -> tuple[object, str] | None:
    """``(value, style)`` of a one-line scalar as PyYAML constructs it: strings, booleans and
    nulls; None for anything else (numbers, dates, escapes, indicators)."""
    first = written[0]
    if first == "'":
        inner = written[1:-1]
        if len(written) < 2 or written[-1] != "'" or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'"), "single"
    if first == '"':
        inner = written[1:-1]
        if len(written) < 2 or written[-1] != '"' or '"' in inner or "\\" in inner:
            return None
        return inner, "double"
    if first in _NOT_PLAIN_START or ": " in written or " #" in written or written[-1] == ":":
        return None
    if written in _CONSTANTS:
        return _CONSTANTS[written], "plain"
    if first in _NUMERIC_START and _numeric().match(written):
        return None
    if written == "<<" or written == "=":
        return None
    return written, "plain"


@cache
def _numeric() -> re.Pattern[str]:
    """PyYAML 6's int, float and timestamp resolvers in one pattern (their exact alternatives;
    compiled only when a plain scalar could be one)."""
    return re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN)
        |[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
         (?:[Tt]|[ \t]+)[0-9][0-9]?
         :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    )
