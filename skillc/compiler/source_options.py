"""Options a project gives one of an output's sources: PDF page ranges, base URL, name prefix.

Why per source: one output often gathers several kinds of documents. A manual's first forty
pages are the guide and the rest an index; the pages of one folder are published at one URL
and a repository's README at another; two libraries built into one output need their own name
prefix. The project file (`skillc.compiler.project`) declares them on a source table; the
build (`skillc.compiler.driver`) finds each page's options by the input it was gathered from.

What each changes, and so what a change rebuilds: ``pages`` is read by the frontend (the
source's cache key holds it: only that source is read again); ``base_url`` gives the source's
pages their URL (`Source.url`, which rewrite-links makes leaving links absolute against);
``name_prefix`` starts the names of the skills made from the source (normalize-names). All
three are recorded in the lock (``options.sources``), keyed by the path as declared, so the
lock never names a path of the build machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from skillc.compiler.frontends import table
from skillc.compiler.input_pages import InputFile
from skillc.diagnostics import input_error

#: Inclusive, 1-based page ranges (``1-40,55`` is ``((1, 40), (55, 55))``).
Ranges = tuple[tuple[int, int], ...]

_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceOptions:
    """The options of the source declared as ``declared`` (its path or glob as written),
    gathered from ``root`` (that path as the build names it); ``project`` and ``line`` say
    where it is declared, for a range the document does not have."""

    root: str
    declared: str = ""
    pages: Ranges = ()
    base_url: str = ""
    name_prefix: str = ""
    project: str = ""
    line: int = 0

    def record(self) -> dict[str, object]:
        """What the lock shows of it: the declared path and the options set."""
        found: dict[str, object] = {"path": self.declared or self.root}
        if self.pages:
            found["pages"] = show_ranges(self.pages)
        if self.base_url:
            found["base_url"] = self.base_url
        if self.name_prefix:
            found["name_prefix"] = self.name_prefix
        return found


class PagesOutOfRange(Exception):
    """A page range names pages the document does not have (the project file is wrong)."""

    def __init__(self, source_id: str, ranges: Ranges, pages: int) -> None:
        super().__init__(source_id, ranges, pages)
        self.source_id, self.ranges, self.pages = source_id, ranges, pages

    def message(self) -> str:
        return (
            f"pages {show_ranges(self.ranges)!r}: {self.source_id} has {self.pages} page(s); "
            "name pages it has"
        )


def parse_ranges(text: str) -> Ranges:
    """``"1-40,55"`` as ranges, in the order given; ValueError saying what is wrong."""
    found: list[tuple[int, int]] = []
    for part in text.split(","):
        match = _RANGE.fullmatch(part)
        if match is None:
            raise ValueError(f'pages: expected page ranges like "1-40,55", got {text!r}')
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise ValueError(f"pages: {part.strip()!r} is not a range of pages from 1")
        found.append((first, last))
    return tuple(found)


def show_ranges(ranges: Ranges) -> str:
    """``((1, 40), (55, 55))`` as ``"1-40,55"``."""
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def check_ranges(source_id: str, ranges: Ranges, pages: int) -> None:
    """Raise `PagesOutOfRange` when ``ranges`` go past a document of ``pages`` pages."""
    if any(last > pages for _, last in ranges):
        raise PagesOutOfRange(source_id, ranges, pages)


def select(cuts: Sequence[tuple[int, int]], ranges: Ranges) -> list[tuple[int, int]]:
    """The parts of ``cuts`` (a split's ranges) inside ``ranges``, in page order, each page
    once (ranges that overlap are read once)."""
    if not ranges:
        return list(cuts)
    wanted = sorted({n for a, b in ranges for n in range(a, b + 1)})
    found: list[tuple[int, int]] = []
    for first, last in cuts:
        inside = [n for n in wanted if first <= n <= last]
        found.extend(_runs(inside))
    return found


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted page numbers as consecutive runs."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def with_parts(files: Sequence[InputFile], sources: Sequence[SourceOptions]) -> list[InputFile]:
    """``files`` with the page ranges of their sources (only kinds read in parts use them)."""
    if not any(o.pages for o in sources):
        return list(files)
    found = []
    used: set[str] = set()
    for item in files:
        own = options_of(item.path, sources)
        wanted = own.pages if own is not None and table.by_name(item.frontend).split else ()
        if wanted and own is not None:
            used.add(own.root)
        found.append(replace(item, parts=wanted) if wanted else item)
    for own in sources:
        if own.pages and own.root not in used:  # never ignored silently
            message = f"pages: {own.declared or own.root} holds no PDF to read pages of"
            raise input_error(own.project or own.root, message, code="SK104", line=own.line)
    return found


def name_prefixes(
    files: Sequence[InputFile], sources: Sequence[SourceOptions], labelled: bool
) -> tuple[tuple[str, str], ...]:
    """(source id prefix, name prefix) pairs for the name-prefix of each source that sets one:
    its pages' ids start with the input's label when the build has several inputs
    (``labelled``), else every id is the one input's."""
    found: dict[str, str] = {}
    for item in files:
        own = options_of(item.path, sources)
        if own is not None and own.name_prefix:
            found.setdefault(_label(item.id, labelled), own.name_prefix)
    return tuple(sorted(found.items()))


def source_urls(
    files: Sequence[InputFile], sources: Sequence[SourceOptions], labelled: bool
) -> dict[str, str]:
    """The URL of each page whose source sets a base URL: the page's path below its input
    root, joined to that URL."""
    from skillc.passes.rewrite_links import source_url

    found: dict[str, str] = {}
    for item in files:
        own = options_of(item.path, sources)
        if own is not None and own.base_url:
            base = own.base_url if own.base_url.endswith("/") else own.base_url + "/"
            relative = item.id[len(_label(item.id, labelled)) :]
            if relative:  # not a repository read whole (its id is the label)
                found[item.id] = source_url(base, relative)
    return found


def _label(source_id: str, labelled: bool) -> str:
    """The input's label that starts ``source_id`` (with its ``/``), or ``""``."""
    return source_id.split("/", 1)[0] + "/" if labelled else ""


def options_of(path: Path, sources: Sequence[SourceOptions]) -> SourceOptions | None:
    """The options of the source a page read from ``path`` was gathered from, if any."""
    text = str(path)
    for options in sources:
        top = str(Path(options.root))
        if text == top or text.startswith((top + os.sep, top + "!", top + "/")):
            return options
    return None


__all__ = [
    "PagesOutOfRange",
    "Ranges",
    "SourceOptions",
    "check_ranges",
    "name_prefixes",
    "options_of",
    "parse_ranges",
    "select",
    "show_ranges",
    "source_urls",
    "with_parts",
]
