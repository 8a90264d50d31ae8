"""The package model: one Agent Skills package, as lint rules see it and the backend makes it.

A `Package` is read once from a folder (`skillc.package.reader.read_package`) or built from
texts in memory (`skillc.package.reader.package_from_texts`, what the backend emits) and never
changed; every lint rule is a pure function of it. Texts are kept exactly as decoded (UTF-8,
BOM removed, newlines as in the file), so spans and fix edits are character offsets into the real
file. Spans use the path as the user gave it (e.g. ``skills/pdf/SKILL.md``), so
``path:line:col`` opens in an editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
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
class ParsedYaml:
    """What the YAML parser made of a front matter block (see `FrontMatter`)."""

    fields: tuple[Field, ...] = ()
    is_mapping: bool = True
    error: str = ""
    error_span: Span | None = None
    #: Read by `skillc.package.plain_yaml` (PyYAML not needed): a block mapping of one-line
    #: and block scalars, at most one level nested, with no anchors, aliases, tags or flow
    #: collections, so rules about those constructs have nothing to look for.
    plain: bool = False


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FrontMatter:
    """The YAML block between the leading ``---`` lines of SKILL.md.

    ``present`` is False when the file does not start with ``---``; ``closed`` is False when no
    closing ``---`` line follows. ``error`` holds the YAML parser's message and ``error_span`` its
    position when the block does not parse; ``fields`` are then empty. ``span`` covers the block
    including both delimiter lines; ``text`` is the YAML between them; ``offset`` is where that
    text starts in the file.

    The YAML is parsed when ``fields``, ``is_mapping``, ``error`` or ``error_span`` is first read
    (``source``: the file's display path and text), so linting with rules that never look at
    front matter (the build's leak check) does not pay for PyYAML.
    """

    present: bool = False
    closed: bool = False
    text: str = ""
    offset: int = 0
    span: Span | None = None
    parsed: ParsedYaml | None = None
    source: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.yaml().fields

    @property
    def is_mapping(self) -> bool:
        return self.yaml().is_mapping

    @property
    def error(self) -> str:
        return self.yaml().error

    @property
    def error_span(self) -> Span | None:
        return self.yaml().error_span

    def yaml(self) -> ParsedYaml:
        """The parse of the block, made on first use."""
        parsed = self.parsed
        if parsed is None:
            from skillc.package.frontmatter import parse_yaml

            parsed = ParsedYaml() if self.source is None else parse_yaml(self, *self.source)
            object.__setattr__(self, "parsed", parsed)
        return parsed

    def get(self, key: str) -> Field | None:
        """The first field named ``key``, if any."""
        return next((f for f in self.fields if f.key == key), None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrontMatter):
            return NotImplemented
        mine = (self.present, self.closed, self.text, self.offset, self.span)
        theirs = (other.present, other.closed, other.text, other.offset, other.span)
        return mine == theirs and self.yaml() == other.yaml()

    __hash__ = None  # type: ignore[assignment]


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
    ``links`` are the Markdown links of ``.md`` files, in order, found when first asked for
    (``found_links`` keeps them). ``executable``: the file's execute bit (on disk), or whether
    skillc writes it with one (`is_executable`, for a package built in memory).
    """

    path: str
    display: str
    size: int
    text: str | None = None
    problem: str = ""
    problem_line: int = 0
    has_bom: bool = False
    executable: bool = False
    found_links: tuple[Link, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def is_markdown(self) -> bool:
        return self.path.lower().endswith((".md", ".markdown"))

    @property
    def links(self) -> tuple[Link, ...]:
        """The Markdown links of the file (none unless it is Markdown text)."""
        found = self.found_links
        if found is None:
            found = ()
            if self.text is not None and self.is_markdown:
                from skillc.package.reader import markdown_links

                found = markdown_links(self.display, self.text)
            object.__setattr__(self, "found_links", found)
        return found


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
    front_matter: FrontMatter = field(default_factory=FrontMatter)
    body: str = ""
    body_offset: int = 0
    body_line: int = 1
    files: tuple[PackageFile, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def file(self, path: str) -> PackageFile | None:
        """The package file at relative POSIX ``path``, if any."""
        return next((f for f in self.files if f.path == path), None)


#: The package folder of the programs a skill runs (the spec's ``scripts/``).
SCRIPTS_DIR = "scripts/"


def is_executable(path: str, data: bytes) -> bool:
    """Whether skillc writes the package file at ``path`` (relative to the package root) with
    its execute bits: a script under ``scripts/`` that names its interpreter (``#!``), so the
    step that runs it as ``scripts/x.sh`` works from the written folder, the ``.skill``
    archive and an unpacked copy alike. Derived from the path and bytes alone, so every
    writer (folder, archive) gives a file the same mode without carrying it separately.

    >>> is_executable("scripts/release.sh", b"#!/bin/sh\\n"), is_executable("SKILL.md", b"#!")
    (True, False)
    """
    return path.startswith(SCRIPTS_DIR) and data.startswith(b"#!")


def file_mode(path: str, data: bytes) -> int:
    """The permission bits skillc writes package file ``path`` with (0o755 or 0o644)."""
    return 0o755 if is_executable(path, data) else 0o644


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
