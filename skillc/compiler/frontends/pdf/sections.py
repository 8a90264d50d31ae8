"""Where a PDF's sections start: outline (bookmark) titles found on their pages, else big fonts.

Why: a PDF guide is many topics; skillc makes one skill per top-level section, so it must know
where sections start and how deep they are. The outline is the author's own table of contents
and is preferred; without one, headings are lines set clearly larger (or bold and numbered)
than the body text. The peer that ignores both found 0 headings in a 196-page manual.

Guarantees: a `Mark` names a line range of a cleaned page, or (``count == 0``) a place where an
outline entry points but whose title is not printed there; marks are in document order and
never overlap. Entries pointing at contents pages (the TOC's own bookmark, the index) are not
headings. The top level is the shallowest outline depth (or largest heading size) that occurs
at least twice, so a single root bookmark holding the whole book does not make one skill.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from skillc.compiler.frontends.pdf.clean import Page, is_leader
from skillc.compiler.frontends.pdf.layout import Line, OutlineEntry

_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_ALNUM = bytes(c for c in range(128) if _ALNUM.fullmatch(chr(c)))  # what `_norm` deletes
# What may precede an outline title on its heading line: "3.1.2", "Chapter 4", "Appendix B"...
_NUMBERING = re.compile(r"^(?:chapter|appendix|part|section)?(?:[ivxlc]+|[a-z])?[0-9]*$")
_NUMBERED_HEADING = re.compile(r"^(?:\d+\.)*\d+\.?\s+[A-Z]")
_MAX_HEADING_WORDS = 15
_MAX_LINES = 3  # an outline title may wrap over this many lines


@dataclass(frozen=True, slots=True)
class Mark:
    """A heading: ``count`` lines from ``line`` of page index ``page`` (0-based indices).

    ``level`` 1 is a top-level section; ``top`` marks where a new skill starts; ``part``
    names the part a skill starting at a lower level continues (a run of a large part's
    groups, `runin`), for the skill's name.
    """

    page: int
    line: int
    count: int
    level: int
    text: str
    top: bool
    part: str = ""


def find_headings(pages: list[Page], entries: tuple[OutlineEntry, ...], body: float) -> list[Mark]:
    """The headings of a document, from its outline when it has a usable one."""
    usable = [e for e in entries if 0 <= e.page < len(pages) and not pages[e.page].contents]
    if usable:
        return _from_outline(pages, usable, body)
    return _from_fonts(pages, body)


def _norm(text: str) -> str:
    """``text`` lower-cased without what `_ALNUM` matches: its ASCII letters and digits only.

    By bytes: dropping what is not ASCII, then deleting the rest in one table pass, is ~4x
    the regex's speed (it runs on every line of a page an outline entry points at)."""
    return text.lower().encode("ascii", "ignore").translate(None, _NOT_ALNUM).decode("ascii")


# --- Outline ------------------------------------------------------------------------------------


def _split_depth(entries: list[OutlineEntry]) -> int:
    """The shallowest depth with at least two entries (a lone root is the book's title)."""
    depths = Counter(e.depth for e in entries)
    return next((d for d in sorted(depths) if depths[d] >= 2), min(depths))


def _from_outline(pages: list[Page], entries: list[OutlineEntry], body: float) -> list[Mark]:
    split = _split_depth(entries)
    cursor: dict[int, int] = {}  # page -> first line not yet passed
    shown: dict[int, list[str | None]] = {}  # page -> its lines as `_find` compares them
    marks: list[Mark] = []
    for entry in entries:
        if entry.depth < split:
            continue  # the root title: its line stays text
        level = min(entry.depth - split + 1, 6)
        found = _find(pages, entry, (cursor, shown), body)
        if found is None:
            page = entry.page
            line = _insertion(pages[page].lines, entry.top, cursor.get(page, 0))
            found = (page, line, 0)
        page, line, count = found
        cursor[page] = line + count
        marks.append(Mark(page, line, count, level, entry.title, entry.depth == split))
    # An unprinted heading (count 0) goes before a printed one on the same line.
    return sorted(marks, key=lambda m: (m.page, m.line, m.count > 0))


def _find(
    pages: list[Page],
    entry: OutlineEntry,
    state: tuple[dict[int, int], dict[int, list[str | None]]],
    body: float,
) -> tuple[int, int, int] | None:
    """The page, line and line count where ``entry``'s title is printed, if it is.

    The destination page is searched from the last heading found on it (``state``: the
    cursor per page, and each page's normalised lines, made once a page: a reference
    manual has dozens of entries a page), then the next page (destinations sometimes point
    at the bottom of the previous page). A printed title found in a prominent line (bold or
    large) wins over one in ordinary text.
    """
    target = _norm(entry.title)
    if not target:
        return None
    cursor, normalised = state
    for page in (entry.page, entry.page + 1):
        if page >= len(pages) or pages[page].contents:
            continue
        lines = pages[page].lines
        shown = normalised.get(page)
        if shown is None:
            shown = normalised[page] = [
                _norm(line.text) if _may_head(line, body) else None for line in lines
            ]
        first = None
        for n in range(cursor.get(page, 0), len(lines)):
            for count in range(1, _MAX_LINES + 1):
                if _title_of(shown[n : n + count], count, target):
                    if _prominent(lines[n], body):
                        return page, n, count
                    first = first or (page, n, count)
        if first is not None:
            return first
    return None


def _may_head(line: Line, body: float) -> bool:
    """Code is never a heading, though API headings may be set in large Courier."""
    return not is_leader(line.text) and not (line.mono and line.size <= body * 1.05)


def _title_of(shown: list[str | None], count: int, target: str) -> bool:
    """Whether ``count`` lines (normalised; None for lines that cannot be headings) print the
    title ``target`` (normalised), a numbering prefix allowed."""
    if len(shown) < count or None in shown:
        return False
    printed = "".join(shown)  # type: ignore[arg-type]  # no None: tested above
    if not printed:
        return False
    if printed == target:
        return True
    longer, shorter = (printed, target) if len(printed) > len(target) else (target, printed)
    return longer.endswith(shorter) and bool(_NUMBERING.match(longer[: -len(shorter)]))


def _prominent(line: Line, body: float) -> bool:
    return line.bold or line.size > body * 1.05


def _insertion(lines: tuple[Line, ...], top: float | None, start: int) -> int:
    """Where an unprinted heading goes: the first line below its destination's top."""
    if top is None:
        return min(start, len(lines))
    return next((n for n in range(start, len(lines)) if lines[n].y < top - 1), len(lines))


# --- Fonts --------------------------------------------------------------------------------------


def _heading_like(line: Line, body: float) -> bool:
    """A line set large, or bold (and numbered when at body size), that reads as a title.

    The font is asked first: most lines are body text and fail there, before their text is
    looked at (a one-font DocBook reference asks this of every line, ~5,000 of them)."""
    large = line.size >= body * 1.15
    if line.mono or not (large or (line.bold and line.size >= body * 0.95)):
        return False
    text = line.text.strip()
    words = text.split()
    if not words or len(words) > _MAX_HEADING_WORDS or is_leader(text):
        return False
    if sum(map(str.isalpha, text)) < 2 or text.endswith((",", ";")):
        return False
    if text.endswith(".") and len(words) > 6:
        return False
    if large or (line.bold and line.size >= body * 1.05):
        return True
    return bool(_NUMBERED_HEADING.match(text))


def _from_fonts(pages: list[Page], body: float) -> list[Mark]:
    """Headings from type size: larger sizes are higher levels; a wrapped heading is one."""
    groups: list[tuple[int, int, int, float, str]] = []  # page, line, count, size, text
    for p, page in enumerate(pages):
        if page.contents:
            continue
        n = 0
        while n < len(page.lines):
            line = page.lines[n]
            if not _heading_like(line, body):
                n += 1
                continue
            end = n + 1
            while end < len(page.lines) and _same_heading(page.lines[end - 1], page.lines[end]):
                end += 1
            text = " ".join(x.text.strip() for x in page.lines[n:end])
            groups.append((p, n, end - n, round(line.size * 2) / 2, text))
            n = end
    if not groups:
        return []
    sizes = Counter(g[3] for g in groups)
    ranked = sorted(sizes, reverse=True)
    chapter = next((s for s in ranked if sizes[s] >= 2), ranked[-1])
    below = [s for s in ranked if s < chapter]
    marks = []
    for at, first, count, size, text in groups:
        if size > chapter:
            continue  # the document's title (set once, larger still): its line stays text
        level = 1 if size == chapter else min(below.index(size) + 2, 6)
        marks.append(Mark(at, first, count, level, text, size == chapter))
    return marks


def _same_heading(above: Line, below: Line) -> bool:
    """A heading wrapped onto a second line: same style, directly below."""
    return (
        not below.mono
        and abs(above.size - below.size) < 0.3
        and above.bold == below.bold
        and 0 < above.y - below.y <= 1.6 * above.size
    )
