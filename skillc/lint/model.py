"""The package model: what lint rules see of one skill folder.

A `Package` is read once (`skillc.lint.reader.read_package`) and never changed; every rule is a
pure function of it. Texts are kept exactly as decoded (UTF-8, BOM removed, newlines as in the
file), so spans and fix edits are character offsets into the real file. Spans use the path as the
user gave it (e.g. ``skills/pdf/SKILL.md``), so ``path:line:col`` opens in an editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from skillc.diagnostics import Diagnostic
from skillc.ir.span import Span

#: The only front-matter keys the spec (and the reference validator) allow.
SPEC_KEYS: tuple[str, ...] = (
    "name",
    "description",
    "license",
    "compatibility",
    "metadata",
    "allowed-tools",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One top-level front-matter entry as written.

    ``value`` is the parsed Python value (str, dict, list, bool, int, None...); ``raw`` the value's
    source text; ``style`` how the scalar was written: ``plain``, ``single``, ``double``,
    ``literal`` (``|``), ``folded`` (``>``), ``flow`` (``{}``/``[]``), ``block`` (an indented
    mapping or sequence), or ``""`` when empty.
    """

    key: str
    value: Any
    raw: str
    style: str
    key_span: Span
    value_span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatter:
    """The YAML block between the leading ``---`` lines of SKILL.md.

    ``present`` is False when the file does not start with ``---``; ``closed`` is False when no
    closing ``---`` line follows. ``error`` holds the YAML parser's message and ``error_span`` its
    position when the block does not parse; ``fields`` are then empty. ``span`` covers the block
    including both delimiter lines; ``text`` is the YAML between them; ``offset`` is where that
    text starts in the file.
    """

    present: bool = False
    closed: bool = False
    text: str = ""
    offset: int = 0
    span: Span | None = None
    fields: tuple[Field, ...] = ()
    is_mapping: bool = True
    error: str = ""
    error_span: Span | None = None

    def get(self, key: str) -> Field | None:
        """The first field named ``key``, if any."""
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A Markdown link or image in a text file: ``[text](target)``."""

    target: str
    text: str
    span: Span
    is_image: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageFile:
    """A file of the package. ``text`` is None when it could not be read as text.

    ``path`` is relative to the package root (POSIX); ``display`` is the path for messages.
    ``problem`` says why ``text`` is None (``binary``, ``not valid UTF-8``, ``too large``...).
    ``links`` are the Markdown links of ``.md`` files, in order.
    """

    path: str
    display: str
    size: int
    text: str | None = None
    problem: str = ""
    problem_line: int = 0
    has_bom: bool = False
    links: tuple[Link, ...] = ()

    @property
    def is_markdown(self) -> bool:
        return self.path.lower().endswith((".md", ".markdown"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Package:
    """One skill folder: its SKILL.md, front matter, body and every other file.

    ``skill_file`` is None when neither ``SKILL.md`` nor ``skill.md`` exists. ``body`` is the text
    after the front matter and ``body_offset`` / ``body_line`` where it starts in SKILL.md.
    ``diagnostics`` are problems met while reading (symlink loops, unreadable files).
    """

    root: Path
    display: str
    dir_name: str
    skill_file: PackageFile | None = None
    front_matter: FrontMatter = FrontMatter()
    body: str = ""
    body_offset: int = 0
    body_line: int = 1
    files: tuple[PackageFile, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def file(self, path: str) -> PackageFile | None:
        """The package file at relative POSIX ``path``, if any."""
        return next((f for f in self.files if f.path == path), None)


def span_at(display: str, text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` in file ``display``, with 1-based line and column.

    >>> span_at("a.md", "ab\\ncd", 3, 5).label()
    'a.md:2:1'
    """
    line, col = line_col(text, start)
    end_line, end_col = line_col(text, end)
    return Span(
        source=display, line=line, col=col, end_line=end_line, end_col=end_col, start=start, end=end
    )


#: Texts at least this long are located through a cached index of their line breaks.
_INDEX_FROM = 4096


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``.

    Counting the line breaks before it costs the whole text up to it, once per finding: a file
    with thousands of findings (or suppressions) made lint quadratic. Long texts are located by
    bisection in their line breaks, found once per text.
    """
    if len(text) < _INDEX_FROM:
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
    breaks = line_breaks(text)
    before = bisect_left(breaks, offset)  # line breaks at offsets < offset
    line_start = breaks[before - 1] + 1 if before else 0
    return before + 1, offset - line_start + 1


@lru_cache(maxsize=16)
def line_breaks(text: str) -> list[int]:
    """The offsets of the ``\n`` characters of ``text`` (cached for the last texts asked)."""
    return [match.start() for match in _NEWLINE.finditer(text)]


_NEWLINE = re.compile("\n")
