"""Cleaned PDF lines -> `Piece`s: headings, paragraphs, lists, code, removed contents.

Why: the Markdown frontend's structure extraction (`scenes.assemble`, `steps`) works on a
stream of pieces; producing the same stream from a PDF lets a manual's numbered lists, commands
and "must"/"never" sentences become steps and constraints exactly as a Markdown guide's do.
Lines are grouped by layout: a paragraph ends at a vertical gap, a first-line indent, a size
change or a heading; list items start with a bullet or number; code is decided by `pdf.code`.

Guarantees: every line given is in exactly one piece, in order; each piece's span covers its
lines in the skill's text (``index``). A paragraph's ``texts`` hold its raw lines joined by
newlines (so sentences can be found in the source) and its block text the same words on one
line, Markdown-escaped (`PdfPiece.rewrite`). Contents lines become ``removed`` blocks with a
reason. Warning paragraphs ("Warning: ...") also yield a `Caution`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from skillc.compiler.frontends.guide.pieces import Caution, Event, Piece
from skillc.compiler.frontends.guide.textutil import LineIndex, Roles, dedent, plain
from skillc.compiler.frontends.pdf.code import code_length, code_text, language
from skillc.compiler.frontends.pdf.layout import Line
from skillc.compiler.frontends.pdf.sections import Mark
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose
from skillc.ir.span import Span
from skillc.ir.vocab import Placement

_STRONG_BULLET = re.compile(r"^\s*[•◦▪‣∙●○■□➢►∗·]\s*(?=\S)")
_WEAK_BULLET = re.compile(r"^\s*[-–*]\s+(?=\S)")
_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
# An admonition label: "Warning:", "CAUTION!", or the word alone on the paragraph's first line.
_WARNING = re.compile(r"^(?:warning|caution|danger)(?:\s*[:!]\s*|\s*\n)", re.IGNORECASE)
_NOTE = re.compile(r"^(?:note|tip|important)(?:\s*:\s*|\s*\n)", re.IGNORECASE)
# Markdown syntax in PDF text: inline markers anywhere, block markers at the start.
_ESCAPE = re.compile(r"([\\`*<\[\]])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MARKUP = re.compile(r"[\\`*<\[\]_]")  # a character `_ESCAPE` may escape
_BLOCK_START = re.compile(r"^(\s*)(#{1,6}\s|[-+]\s|>|\d+[.)]\s|=+\s*$)")
_SENTENCE_END = (".", "!", "?", ":")


def markdown(raw: str) -> str:
    """PDF text as Markdown inline text: lines joined, markup characters escaped. A line
    that ends in a hyphen after a letter is joined to a next line starting with a letter
    without a space: a compound broken at its hyphen ("Front-" / "Cover", "XSL-" / "FO";
    `clean` has already joined the words a typesetter hyphenated)."""
    parts = [part.strip() for part in raw.split("\n") if part.strip()]
    joined = parts[:1]
    for before, part in itertools.pairwise(parts):
        glued = before[-2:-1].isalpha() and before[-1] == "-" and part[0].isalpha()
        joined.append(part if glued else " " + part)
    text = "".join(joined)
    if _MARKUP.search(text):  # most lines have none, and `_ESCAPE` tries every position
        text = _ESCAPE.sub(lambda m: "\\" + m.group(0), text)
    return _BLOCK_START.sub(_escape_block, text)


def _escape_block(match: re.Match[str]) -> str:
    """``1. x`` -> ``1\\. x`` (CommonMark escapes the delimiter); ``# x`` -> ``\\# x``."""
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-2] + "\\" + marker[-2:]
    return match.group(1) + "\\" + marker


@dataclass(frozen=True, slots=True, kw_only=True)
class PdfPiece(Piece):
    """A piece whose raw text is PDF text (not Markdown): rewriting escapes and unwraps it."""

    def rewrite(self, raw: str, roles: Roles) -> str:
        return markdown(raw)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a skill's text: where it sits (page index, line on page, line in text)."""

    page: int
    line: int
    at: int
    item: Line
    contents: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """Per page the left text margin, per font size the usual line pitch, and whether a
    fixed-pitch font marks code (not when the body text itself is fixed-pitch)."""

    margins: dict[int, float]
    pitches: dict[float, float]
    mono_is_code: bool


class Builder:
    """Walks a skill's rows once, emitting pieces (see the module docstring)."""

    def __init__(self, rows: list[Row], marks: list[Mark], index: LineIndex, layout: Layout):
        self.rows = rows
        self.lines = [row.item for row in rows]
        self.marks = marks
        # Where a heading sits (printed or not): no paragraph, list or code runs across it.
        self.heads = {(m.page, m.line) for m in marks}
        self.index = index
        self.layout = layout
        self.events: list[Event] = []

    def build(self) -> list[Event]:
        real = {(m.page, m.line): m for m in self.marks if m.count}
        pending = sorted((m for m in self.marks if not m.count), key=lambda m: (m.page, m.line))
        n = 0
        while n < len(self.rows):
            row = self.rows[n]
            while pending and (pending[0].page, pending[0].line) <= (row.page, row.line):
                self._heading(pending.pop(0), n, n)
            mark = real.get((row.page, row.line))
            if mark is not None:
                end = min(n + mark.count, len(self.rows))
                self._heading(mark, n, end)
                n = end
            elif row.contents:
                n = self._contents(n)
            else:
                n = self._content(n)
        for mark in pending:
            self._heading(mark, len(self.rows), len(self.rows))
        return self.events

    # -- pieces ----------------------------------------------------------------------------------

    def _span(self, first: int, end: int) -> Span:
        if first >= end:  # a heading the outline names but the page does not print
            at = self.index.starts[self.rows[first].at] if first < len(self.rows) else None
            offset = at if at is not None else len(self.index.text)
            return self.index.chars_span(offset, offset)
        return self.index.lines_span(self.rows[first].at, self.rows[end - 1].at + 1)

    def _add(
        self,
        block: ContentBlock,
        span: Span,
        *,
        admonition: str = "",
        texts: tuple[str, ...] = (),
        items: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        piece = PdfPiece(block=block, span=span, admonition=admonition, texts=texts, items=items)
        self.events.append(piece)

    def _heading(self, mark: Mark, first: int, end: int) -> None:
        shown = "\n".join(self.lines[k].text.strip() for k in range(first, end)) or mark.text
        self._add(Heading(id="", level=mark.level, text=markdown(shown)), self._span(first, end))

    def _contents(self, n: int) -> int:
        end = n
        page = self.rows[n].page
        while end < len(self.rows) and self.rows[end].contents and self.rows[end].page == page:
            end += 1
        text = "\n".join(line.text for line in self.lines[n:end])
        block = Prose(id="", text=text, placement=Placement.REMOVED, reason="table of contents")
        self._add(block, self._span(n, end))
        return end

    def _content(self, n: int) -> int:
        margin = self.layout.margins.get(self.rows[n].page, 0.0)
        before = self.lines[n - 1].text if n else ""
        code = code_length(self.lines, n, margin, before, self.layout.mono_is_code)
        code = self._limit(n, n + code) - n if code else 0
        if code:
            raw = dedent(code_text([line.text for line in self.lines[n : n + code]]))
            block = Code(id="", text="\n".join(raw).strip("\n"), language=language(raw))
            self._add(block, self._span(n, n + code))
            return n + code
        if _item(self.lines[n].text) and (n == 0 or self._item_allowed(n)):
            return self._list(n)
        return self._paragraph(n)

    def _limit(self, n: int, end: int) -> int:
        """A run stops at a heading or a contents line."""
        for k in range(n, end):
            row = self.rows[k]
            if k > n and (row.contents or self._is_heading(k)):
                return k
        return end

    def _is_heading(self, k: int) -> bool:
        return (self.rows[k].page, self.rows[k].line) in self.heads

    def _stops(self, k: int) -> bool:
        """Whether row ``k`` cannot continue the block before it."""
        row = self.rows[k]
        if row.contents or self._is_heading(k):
            return True
        margin = self.layout.margins.get(row.page, 0.0)
        before = self.lines[k - 1].text
        return bool(code_length(self.lines, k, margin, before, self.layout.mono_is_code))

    def _paragraph(self, n: int) -> int:
        end = n + 1
        while end < len(self.rows) and not self._stops(end) and self._continues(n, end):
            if _item(self.lines[end].text) and self._item_allowed(end):
                break
            end += 1
        raw = "\n".join(line.text for line in self.lines[n:end])
        span = self._span(n, end)
        text = markdown(raw)
        warning = _WARNING.match(raw)
        note = _NOTE.match(raw)
        admonition = "warning" if warning else ("note" if note else "")
        if warning and plain(text[warning.end() :]):
            self.events.append(Caution(text=plain(markdown(raw[warning.end() :])), span=span))
        self._add(Prose(id="", text=text), span, admonition=admonition, texts=(raw,))
        return end

    def _list(self, n: int) -> int:
        items: list[str] = []
        numbers: list[int] = []
        end = n
        marker = _item(self.lines[n].text)
        while marker is not None:
            start_line = self.lines[end]
            items.append(start_line.text[marker[0] :])
            numbers.append(marker[1])
            end += 1
            while (
                end < len(self.rows)
                and not self._stops(end)
                and not _item(self.lines[end].text)
                and self._continues(end - 1, end, hanging=start_line)
            ):
                items[-1] += "\n" + self.lines[end].text
                end += 1
            marker = self._next_item(end, numbers[0] > 0)
        ordered = numbers[0] > 0
        block = ListBlock(
            id="",
            items=tuple(markdown(raw) for raw in items),
            ordered=ordered,
            start=numbers[0] if ordered else 1,
        )
        self._add(block, self._span(n, end), items=tuple((raw,) for raw in items))
        return end

    def _next_item(self, k: int, ordered: bool) -> tuple[int, int] | None:
        """The marker of row ``k`` if it is the next item of the same list."""
        if k >= len(self.rows) or self._stops(k) or not self._item_allowed(k):
            return None
        marker = _item(self.lines[k].text)
        return marker if marker is not None and (marker[1] > 0) == ordered else None

    # -- layout tests ----------------------------------------------------------------------------

    def _gap_break(self, k: int) -> bool:
        """A vertical gap, a size change or an upward jump between rows ``k - 1`` and ``k``."""
        above, below = self.lines[k - 1], self.lines[k]
        if self.rows[k - 1].page != self.rows[k].page:
            return False
        if abs(above.size - below.size) > 1.0:
            return True
        drop = above.y - below.y
        pitch = self.layout.pitches.get(round(below.size * 2) / 2) or 1.2 * below.size
        return drop < -0.5 * below.size or drop > 1.3 * pitch

    def _continues(self, first: int, k: int, hanging: Line | None = None) -> bool:
        """Whether row ``k`` continues the block whose first row is ``first``."""
        if self._gap_break(k):
            return False
        above, below = self.lines[k - 1], self.lines[k]
        em = below.size or 10.0
        margin = self.layout.margins.get(self.rows[k].page, 0.0)
        if self.rows[k - 1].page != self.rows[k].page:
            indented = below.x > margin + 0.5 * em
            return not indented and (
                not above.text.rstrip().endswith(_SENTENCE_END) or below.text[:1].islower()
            )
        if hanging is not None:
            return below.x >= hanging.x - 0.5 * em
        if below.x > above.x + 0.8 * em and below.x <= margin + 3 * em:
            return False  # a first-line indent starts a paragraph
        return not (below.x < above.x - 0.8 * em and k - 1 != first)

    def _item_allowed(self, k: int) -> bool:
        """A list marker starts an item only where a block may start (weak markers)."""
        text = self.lines[k].text
        if _STRONG_BULLET.match(text):
            return True
        previous = self.lines[k - 1].text.rstrip()
        return (
            self._gap_break(k)
            or previous.endswith((":", ".", ";"))
            or _item(previous) is not None
            or self.lines[k].x > self.lines[k - 1].x + 0.8 * self.lines[k].size
        )


def _item(text: str) -> tuple[int, int] | None:
    """Where an item's text starts after its marker, and its number (0 for bullets)."""
    if match := _STRONG_BULLET.match(text) or _WEAK_BULLET.match(text):
        return match.end(), 0
    if match := _NUMBER.match(text):
        return match.end(), int(match.group(1))
    return None


def build_events(
    rows: list[Row], marks: list[Mark], index: LineIndex, layout: Layout
) -> list[Event]:
    """The pieces of one skill's rows, with its heading marks."""
    return Builder(rows, marks, index, layout).build()
