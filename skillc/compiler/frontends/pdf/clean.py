"""Page furniture out, words whole: running headers/footers, page numbers, TOC pages, hyphens.

Why: a PDF repeats its running header and page number on every page and prints a table of
contents with dot leaders; kept, they become hundreds of junk paragraphs (peers.md §4.1: the
most popular peer kept "Chapter 3: Basic Shell Features" 36 times). TeX and FOP hyphenate at
line ends, which splits words a reader (or a search) needs whole ("vari-" / "ables").

Guarantees: only lines on the top or bottom edge of a page are ever removed, and only when they
are a bare page number, sit in a header/footer band that many pages share, or repeat (digits
aside, in body-size type) at the page edge on at least three pages. Nothing else is dropped:
table-of-contents and index pages are flagged (the block builder records them as removed
blocks). A word broken at a line end is rejoined only outside code and only as the document
itself writes it (joined, or hyphenated when it writes the compound). Fixed-pitch runs get
leading spaces from their x offsets, so code keeps its indentation. A page's ``text`` is
exactly its lines joined by newlines: it is what provenance spans point into.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from skillc.compiler.frontends.pdf.layout import Line, RawPage

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
    re.IGNORECASE,
)
# Dot leaders ending a TOC or index line: ". . . . 12", "......ix", " .  .  . 6".
_LEADER = re.compile(r"(?:\.\s*){4,}(?:\d{1,4}|[ivxlcdm]{1,6})?\s*$", re.IGNORECASE)
_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+contents|contents|index)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# A word broken at a line's end, read backwards: its hyphen, then letters, the last lowercase.
_HYPHENATED = re.compile(r"-([a-z][A-Za-z]*)")
_LEADING_WORD = re.compile(r"^([A-Za-z][a-z']*)")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_EDGE_LINES = 2  # y levels at each page edge that may hold a page number
_MIN_REPEATS = 3  # pages a header/footer must recur on


@dataclass(frozen=True, slots=True)
class Page:
    """One cleaned page: its body lines in reading order, whether it is a contents page, and the
    header, footer and page-number lines taken off it (kept so nothing goes unaccounted)."""

    number: int
    lines: tuple[Line, ...]
    contents: bool = False
    text: str = ""
    furniture: tuple[str, ...] = ()


def is_leader(text: str) -> bool:
    """A table-of-contents or index line: a title followed by dot leaders and a page number.

    (Four dots at least, counted first: the leader search tries every dot of every line.)"""
    return text.count(".") >= 4 and bool(_LEADER.search(text))


def body_size(pages: Iterable[RawPage]) -> float:
    """The font size most characters are set in (the body text), 0 when there is no text."""
    sizes: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            size = round(line.size * 2) / 2
            sizes[size] = sizes.get(size, 0) + len(line.text)
    return max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if sizes else 0.0


def clean(raw: list[RawPage], body: float | None = None) -> list[Page]:
    """The body lines of every page, furniture removed, hyphenation rejoined (``body``:
    `body_size` of ``raw`` when the caller has it already)."""
    size = (body_size(raw) if body is None else body) or 10.0
    furniture = _furniture(raw, size)
    kept = [
        [line for n, line in enumerate(page.lines) if n not in furniture[i]]
        for i, page in enumerate(raw)
    ]
    kept = [_indent_code(lines) for lines in kept]
    contents = [_is_contents(lines) for lines in kept]
    _rejoin_hyphens(kept, contents)
    return [
        Page(
            number=page.number,
            lines=tuple(lines),
            contents=flag,
            text="\n".join(line.text for line in lines),
            furniture=tuple(page.lines[n].text for n in sorted(dropped)),
        )
        for page, lines, flag, dropped in zip(raw, kept, contents, furniture, strict=True)
    ]


# --- Headers, footers, page numbers -------------------------------------------------------------


def _edges(lines: tuple[Line, ...], depth: int = 1) -> tuple[list[int], list[int]]:
    """Indices of the lines on the top and bottom ``depth`` y levels of a page."""
    ys = [round(line.y) for line in lines]  # rounded once: three calls a page, every line
    levels = sorted(set(ys), reverse=True)
    top = set(levels[:depth])
    bottom = set(levels[-depth:])
    return [n for n, y in enumerate(ys) if y in top], [n for n, y in enumerate(ys) if y in bottom]


def _key(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _furniture(raw: list[RawPage], size: float) -> list[set[int]]:
    """Per page, the indices of header, footer and page-number lines."""
    bands = _bands(raw, size)
    repeated = _repeated_keys(raw)
    found: list[set[int]] = []
    for page in raw:
        drop: set[int] = set()
        if page.lines:
            top, bottom = _edges(page.lines, _EDGE_LINES)
            drop.update(n for n in top + bottom if _PAGE_NUMBER.match(page.lines[n].text.strip()))
            top, bottom = _edges(page.lines)
            # A running header is set small; the same words set large are the title or heading.
            drop.update(
                n
                for n in top + bottom
                if _key(page.lines[n].text) in repeated and page.lines[n].size < 1.15 * size
            )
            drop.update(_in_bands(page.lines, bands))
        found.append(drop)
    return found


def _in_bands(lines: tuple[Line, ...], bands: tuple[list[float], list[float]]) -> set[int]:
    """Lines in the header band (at or above it) or the footer band (at or below it).

    A band applies to a page only when the page has a line on it: a page laid out otherwise
    (a title page, a landscape table) keeps its text.
    """
    high = max(line.y for line in lines)
    low = min(line.y for line in lines)
    drop: set[int] = set()
    for y in bands[0]:
        if abs(high - y) <= 1.5:
            drop.update(n for n, line in enumerate(lines) if line.y >= y - 1.5)
    for y in bands[1]:
        if abs(low - y) <= 1.5:
            drop.update(n for n, line in enumerate(lines) if line.y <= y + 1.5)
    return drop


def _bands(raw: list[RawPage], size: float) -> tuple[list[float], list[float]]:
    """Header and footer y positions: an edge line set apart from the body on many pages."""
    tops = Counter[int]()
    bottoms = Counter[int]()
    with_text = 0
    for page in raw:
        levels = sorted({round(line.y, 1) for line in page.lines if line.text.strip()})
        if len(levels) < 3:
            continue
        with_text += 1
        if levels[-1] - levels[-2] >= 1.5 * size:
            tops[round(levels[-1])] += 1
        if levels[1] - levels[0] >= 1.5 * size:
            bottoms[round(levels[0])] += 1
    need = max(_MIN_REPEATS, with_text // 5)
    return _popular(tops, need), _popular(bottoms, need)


def _popular(counts: Counter[int], need: int) -> list[float]:
    """Positions (±1 pt) reached by at least ``need`` pages."""
    return [
        float(y)
        for y in sorted(counts)
        if counts[y - 1] + counts[y] + counts[y + 1] >= need and counts[y] >= counts[y + 1]
    ]


def _repeated_keys(raw: list[RawPage]) -> set[str]:
    """Edge-line texts (digits normalised) that recur on at least three pages."""
    pages_with = Counter[str]()
    for page in raw:
        if not page.lines:
            continue
        top, bottom = _edges(page.lines)
        keys = {
            _key(page.lines[n].text)
            for n in top + bottom
            if not page.lines[n].mono and sum(map(str.isalpha, page.lines[n].text)) >= 2
        }
        pages_with.update(keys)
    return {key for key, count in pages_with.items() if count >= _MIN_REPEATS}


# --- Contents pages -----------------------------------------------------------------------------


def _is_contents(lines: list[Line]) -> bool:
    """A table of contents, list of figures or index page: dot leaders on many of its lines."""
    prose = [line for line in lines if not line.mono and line.text.strip()]
    leaders = sum(1 for line in prose if is_leader(line.text))
    if leaders >= 3 and leaders >= 0.3 * len(prose):
        return True
    titled = bool(prose) and bool(_CONTENTS_TITLE.match(prose[0].text.strip()))
    return titled and leaders >= 1


# --- Code indentation ---------------------------------------------------------------------------


def _indent_code(lines: list[Line]) -> list[Line]:
    """Leading spaces for fixed-pitch lines that lost them, from x offsets within their run.

    A run is consecutive fixed-pitch lines of one size. When any of its lines already starts
    with spaces, the producer kept the indentation in the text and x offsets are not used.
    """
    out = list(lines)
    n = 0
    while n < len(out):
        if not out[n].mono:
            n += 1
            continue
        end = n + 1
        while end < len(out) and out[end].mono and abs(out[end].size - out[n].size) <= 1.0:
            end += 1
        run = out[n:end]
        left = min(line.x for line in run)
        if not any(line.text.startswith(" ") for line in run):
            for k, line in enumerate(run, n):
                if line.advance > 0 and line.x - left > 1:
                    spaces = round((line.x - left) / line.advance)
                    out[k] = line.with_text(" " * spaces + line.text)
        n = end
    return out


# --- Hyphenation --------------------------------------------------------------------------------


def _vocabulary(
    pages: list[list[Line]], wanted: set[str], wanted_pairs: set[str]
) -> tuple[Counter[str], Counter[str]]:
    """How often the document writes each of the ``wanted`` words and hyphenated pairs (lower
    case). Only those are counted: a manual writes ~10,000 distinct words, and the breaks ask
    about a few hundred."""
    text = "\n".join([line.text for lines in pages for line in lines]).lower()
    tokens = Counter(_WORD.findall(text))  # counted in C; split below per distinct token
    words = Counter[str]()
    pairs = Counter[str]()
    for token, count in tokens.items():
        if "-" not in token:
            if token in wanted:
                words[token] += count
            continue
        parts = token.split("-")
        for part in parts:
            if part in wanted:
                words[part] += count
        for a, b in itertools.pairwise(parts):
            pair = f"{a}-{b}"
            if pair in wanted_pairs:
                pairs[pair] += count
    return words, pairs


@dataclass(frozen=True, slots=True)
class _Break:
    """A word broken at a line end: where, its two halves, and the rest of the second line."""

    first: tuple[int, int]
    second: tuple[int, int]
    head: str
    tail: str
    token: str
    rest: str


def _breaks(pages: list[list[Line]], contents: list[bool]) -> list[_Break]:
    """Line ends with a hyphen after a lowercase letter, followed by a word, outside code.

    Lines are followed across page breaks (a word split at the bottom of a page ends at the top
    of the next); contents pages are left alone.
    """
    flow = [(p, n) for p, lines in enumerate(pages) if not contents[p] for n in range(len(lines))]
    found: list[_Break] = []
    for (p, n), (q, m) in itertools.pairwise(flow):
        first, second = pages[p][n], pages[q][m]
        if not first.text.endswith("-"):  # the cheap half of `_hyphenated`
            continue
        head = _hyphenated(first.text)
        tokens = second.text.split(None, 1)
        tail = _LEADING_WORD.match(tokens[0]) if tokens else None
        if head is None or tail is None or first.mono_tail or second.mono:
            continue
        rest = tokens[1] if len(tokens) > 1 else ""
        found.append(_Break((p, n), (q, m), head, tail.group(1), tokens[0], rest))
    return found


def _hyphenated(text: str) -> str | None:
    """The word a line ends in when a hyphen follows it and its last letter is lowercase
    (``"see the vari-"`` -> ``"vari"``), else ``None``.

    Matched on the reversed line from its end: searched forwards, the pattern is tried at
    every letter of a line (a one-font reference manual has 1,800 such lines). As ``$``
    did, a newline that ends the text is passed over."""
    found = _HYPHENATED.match(text[-2::-1] if text.endswith("\n") else text[::-1])
    return found.group(1)[::-1] if found is not None else None


def _rejoin_hyphens(pages: list[list[Line]], contents: list[bool]) -> None:
    """Move the second half of a word broken at a line end up to the first half, in place.

    The document decides: the joined word wins when it writes that word more often than the
    hyphenated compound, and vice versa. When it writes neither, the hyphen goes only if the
    document shows that its producer hyphenates (some other break is provably a split word):
    ReportLab never hyphenates, so its line-end hyphens are real.
    """
    breaks = [b for b in _breaks(pages, contents) if not _chained(b, pages)]
    if not breaks:
        return  # no count of words is needed (a tenth of a short manual's compile)
    joined = {(b.head + b.tail).lower() for b in breaks}
    words, pairs = _vocabulary(pages, joined, {f"{b.head}-{b.tail}".lower() for b in breaks})

    def verdict(b: _Break) -> bool | None:  # True join, False keep the hyphen, None unknown
        joined, compound = words[(b.head + b.tail).lower()], pairs[f"{b.head}-{b.tail}".lower()]
        return None if joined == compound == 0 else joined >= compound

    hyphenates = any(verdict(b) for b in breaks)
    dropped: set[tuple[int, int]] = set()
    for b in breaks:
        join = verdict(b)
        join = hyphenates if join is None else join
        if b.tail[:1].isupper() and not join:
            continue  # "Doc-" / "Book" is moved up only when it is one word
        p, n = b.first
        first = pages[p][n]
        # The whole token moves up, so "expres-" / "sions." becomes "expressions." whole.
        text = first.text[:-1] + b.token if join else first.text + b.token
        pages[p][n] = first.with_text(text)
        q, m = b.second
        pages[q][m] = pages[q][m].with_text(b.rest)
        if not b.rest:
            dropped.add((q, m))
    for p, n in sorted(dropped, reverse=True):
        del pages[p][n]


def _chained(b: _Break, pages: list[list[Line]]) -> bool:
    """A second line that itself ends in a broken word and is one token long: left alone,
    so that one line never gives its text to two places."""
    q, m = b.second
    return not b.rest and _hyphenated(pages[q][m].text) is not None


def pitches(pages: Iterable[Page]) -> dict[float, float]:
    """Per font size (to 0.5 pt), the usual distance between consecutive lines of running text.

    Taken over the whole document: on a page of spaced-out entries the page's own median
    would be the entry gap and hide every paragraph break.
    """
    steps: dict[float, list[float]] = {}
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            if a.mono or b.mono or abs(a.size - b.size) > 0.3:
                continue
            if 0 < a.y - b.y < 3 * max(a.size, 1):
                steps.setdefault(round(a.size * 2) / 2, []).append(a.y - b.y)
    return {size: statistics.median(found) for size, found in sorted(steps.items())}
