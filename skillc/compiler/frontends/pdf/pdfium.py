"""One PDF page read with PDFium (pypdfium2) -> the same `Line`s `layout.read_page` makes.

Why: pypdf's text extraction was most of a PDF build's time (bashref, 196 pages: ~10 s with
pypdf, under 1 s here), and it glues words together in TeX-made PDFs whose fonts carry no
space glyph (xdvipdfmx, dvipdfm: every word is its own positioned string). PDFium gives each
text object's text, its box and its font (base name, descriptor flags, weight), which is what
word spacing and typewriter detection need. pypdf stays for what it does well (outline,
metadata, decryption diagnostics) and as the fallback when PDFium cannot open a file.

Word spaces: PDFium already adds a space where a string's own glyph positions leave a gap;
between text objects on one baseline, a gap wider than `_WORD_GAP` ems from the last one's ink
to the next one's origin, with no space on either side, becomes one space here (PDFium's own
guess at the end of a string is dropped: it spaced ``‘=~ ’`` and ``regex (3)`` in bashref).
A baseline change or a jump back to the left starts a new line. Fixed-pitch runs keep their
spacing from their cells: PDFium keeps one of a run of spaces, so leading spaces and the
spaces between strings are counted from x offsets and the font's advance (`_measure`).

Guarantees: `read_page` never raises (a page that fails yields its error message) and reads
only its own page; its result is plain picklable data, as `layout.read_page`'s is.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from skillc.compiler.frontends.pdf.calls import Calls, address, calls
from skillc.compiler.frontends.pdf.layout import (
    LIGATURES,
    Font,
    LineBuilder,
    RawPage,
    named_facts,
)

__all__ = ["open_document", "read_page"]

_WORD_GAP = 0.15  # ems between two strings on a baseline that make a word space
_PROBES = 8  # hit tests, half an em apart, from a string's right end to find its last glyph
_MIN_CELL = 0.3  # ems: a narrower step between glyphs is an accent or an overprint, not a cell
_MAX_CELLS = 80  # spaces one gap inside a fixed-pitch string may stand for
_SAME_LINE = 0.5  # ems of baseline shift (sub/superscripts) that stay on one line
_BACK = 1.0  # ems moved back to the left that start a new line
# PDFium marks a hyphen it takes for a line-end hyphen with U+0002; NUL ends a buffer.
# With the ligatures spelled out: one table (no key of one is a character the other writes).
_CONTROL = str.maketrans({"\x02": "-", "\ufffe": "-", "\x00": None, "\r": None, "\n": " "})
_CLEAN = {**_CONTROL, **LIGATURES}
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# The characters an object's text reads as nothing or spaces (`_TextBuffer.text`): a space,
# and those `_CLEAN` turns into nothing or a space (every other character reads as itself).
_BLANK = frozenset(" ") | {chr(c) for c in _CLEAN if not chr(c).translate(_CLEAN).strip(" ")}


def open_document(data: bytes) -> Any:
    """``data`` opened by PDFium (the empty user password is tried as PDF readers do)."""
    return pdfium.PdfDocument(data)


def read_page(document: Any, number: int) -> RawPage:
    """The lines of page ``number`` (1-based). Never raises: failures come back in ``error``."""
    try:
        page = document[number - 1]
    except Exception as error:  # PDFium could not load the page (damaged page tree)
        return RawPage(number=number, error=f"{type(error).__name__}: {error}")
    try:
        textpage = page.get_textpage()
        try:
            reading = _Reading(address(textpage.raw))
            found = calls()
            reading.walk(address(page.raw), found.page_count, found.page_object)
            reading.builder.flush()
        finally:
            textpage.close()
    except Exception as error:
        return RawPage(number=number, error=f"{type(error).__name__}: {error}")
    finally:
        page.close()
    return RawPage(number=number, lines=tuple(reading.builder.lines), images=reading.images)


Glyph = tuple[float, str, bool]  # origin x, character, whether a space comes before it


class _TextBuffer:
    """One UTF-16 buffer reused for every text object of a page (grown when one is longer)."""

    def __init__(self, size: int = 1 << 14) -> None:
        self._grow(size)

    def _grow(self, size: int) -> None:
        self.size = size
        self.bytes = ctypes.create_string_buffer(size)
        self.address = ctypes.addressof(self.bytes)
        self.view = memoryview(self.bytes).cast("B")  # decoded in place, not copied first

    def text(self, item: int, textpage: int, get: Any) -> str:
        """A text object's characters as PDFium's text page reads them, trailing spaces off
        (the gap to the next string decides a word space, see `_Reading.text`)."""
        size = get(item, textpage, self.address, self.size)
        if size > self.size:
            self._grow(size)
            size = get(item, textpage, self.address, self.size)
        if size <= 2:
            return ""
        return str(self.view[: size - 2], "utf-16-le", "replace").translate(_CLEAN).rstrip(" ")


def _floats(count: int) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """``count`` ctypes floats for PDFium to write into, and their addresses."""
    values = tuple(ctypes.c_float() for _ in range(count))
    return values, tuple(ctypes.addressof(v) for v in values)


@dataclass(slots=True)
class _Reading:
    """One page's walk over its text objects, in content-stream order (handles are integers,
    see `calls`)."""

    textpage: int
    builder: LineBuilder = field(default_factory=LineBuilder)
    images: bool = False
    fonts: dict[int, Font] = field(default_factory=dict)
    measured: set[int] = field(default_factory=set)
    baseline: float | None = None
    right: float = 0.0
    pen: float | None = None  # where the next glyph of a fixed-pitch run would go
    last_space: bool = True
    calls: Calls = field(default_factory=calls)
    matrix: Any = field(default_factory=raw.FS_MATRIX)
    box: tuple[tuple[Any, ...], tuple[int, ...]] = field(default_factory=lambda: _floats(4))
    size: tuple[tuple[Any, ...], tuple[int, ...]] = field(default_factory=lambda: _floats(1))
    steps: list[float] = field(default_factory=list)
    origin: tuple[Any, Any] = field(default_factory=lambda: (ctypes.c_double(), ctypes.c_double()))
    buffer: _TextBuffer = field(default_factory=lambda: _TextBuffer())
    chars: int = -1  # the text page's character count, once asked
    unicode: str | _PerGlyph = ""  # the text page's characters by index, once asked (`_hit`)
    at: tuple[int, ...] = ()  # where PDFium writes an object's matrix, font size and bounds
    font_size: Any = None  # the c_float PDFium writes an object's font size into
    box_right: Any = None  # the c_float PDFium writes its bounds' right edge into
    origin_at: tuple[int, int] = (0, 0)  # the addresses of ``origin``'s doubles

    def __post_init__(self) -> None:
        self.at = (ctypes.addressof(self.matrix), self.size[1][0], *self.box[1])
        self.font_size, self.box_right = self.size[0][0], self.box[0][2]
        self.origin_at = (ctypes.addressof(self.origin[0]), ctypes.addressof(self.origin[1]))

    def walk(self, parent: int, count: Any, get: Any) -> None:
        """Every object under ``parent`` (form XObjects are walked into)."""
        kind_of = self.calls.object_type
        for n in range(count(parent)):
            item = get(parent, n)
            kind = kind_of(item)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self.text(item)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.images = True
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                self.walk(item, self.calls.form_count, self.calls.form_object)

    def text(self, item: int) -> None:
        """One text object: a new line, a word space, or a continuation of the line.

        A fixed-pitch object's text is read only when its glyphs do not make it (`_cells`)
        or may not show it has any (`_shows_text`): PDFium reads an object's text by a walk
        over all of its page's characters (bashref: ~6 us an object, 5,860 of them mono)."""
        found = self.calls
        key = found.object_font(item) or 0
        facts = self.fonts.get(key) or self._font(key)
        text = None
        if not facts.mono:
            text = self.buffer.text(item, self.textpage, found.object_text)
            if not text:
                return
        m, at = self.matrix, self.at
        found.object_matrix(item, at[0])
        found.object_font_size(item, at[1])
        size = self.font_size.value * (math.hypot(m.c, m.d) or 1.0)
        found.object_bounds(item, at[2], at[3], at[4], at[5])
        right = float(self.box_right.value)  # of the ink: glyph boxes, not advances
        em = size or 10.0
        x, y = m.e, m.f
        pen = None
        if facts.mono:
            index = self._hit(x, right, y, em)
            owner = found.char_object(self.textpage, index) or 0 if index >= 0 else 0
            if not self._shows_text(item, index, owner):
                text = self.buffer.text(item, self.textpage, found.object_text)
                if not text:
                    return
            glyphs = self._glyphs(index, owner, x, right, y, em) if index >= 0 else []
            facts = self._measured(key, facts, em)
            if glyphs:
                x, text, pen = _cells(glyphs, facts.advance * em)
        if text is None:  # a fixed-pitch object that has text (`_shows_text`) but no glyphs
            text = self.buffer.text(item, self.textpage, found.object_text)
        if (
            self.baseline is None
            or abs(y - self.baseline) > _SAME_LINE * em
            or x < self.right - _BACK * em
        ):
            self._newline(y)
        elif pen is not None and self.pen is not None:
            text = " " * max(round((x - self.pen) / (facts.advance * em)), 0) + text
        elif x - self._end() > _WORD_GAP * em and not self.last_space and text[0] != " ":
            text = " " + text
        self.builder.add(text, facts, size, (x, y))
        self.right = right
        self.pen = pen
        self.last_space = text.endswith(" ")

    def _end(self) -> float:
        """Where the line's last string ends: its pen after a fixed-pitch run (whose ink
        stops inside a cell), else its ink."""
        return self.pen if self.pen is not None else self.right

    def _newline(self, y: float) -> None:
        if self.baseline is not None:
            self.builder.flush()
        self.baseline = y
        self.last_space = True
        self.pen = None

    def _font(self, key: int) -> Font:
        """The facts of the font at address ``key`` (a page uses a handful)."""
        facts = self.fonts.get(key)
        if facts is None:
            facts = self.fonts[key] = _font_facts(ctypes.cast(key, raw.FPDF_FONT) if key else None)
        return facts

    def _measured(self, key: int, facts: Font, em: float) -> Font:
        """A fixed-pitch font's advance: the commonest distance between the origins of
        adjacent glyphs (no space between them) of the last `_glyphs`, once a page.

        Why: PDFium's glyph widths come from the font program, while a PDF sets its own
        (/Widths): TeX's cmtt is 0.525 em wide there and PDFium's lookup said 0.6.
        """
        if key in self.measured:
            return facts
        if not self.steps:
            return facts
        self.measured.add(key)
        advance = Counter(round(step, 2) for step in self.steps).most_common(1)[0][0]
        facts = self.fonts[key] = Font(mono=True, bold=facts.bold, advance=advance / em)
        return facts

    def _hit(self, x: float, right: float, y: float, em: float) -> int:
        """The index of the last glyph of a text object that starts at ``x`` and ends its
        ink at ``right`` on baseline ``y`` (hit-tested at its ink's right end), or -1."""
        tp, found = self.textpage, self.calls
        index = -1
        for probe in range(_PROBES):  # trailing spaces are in the ink box but not the text
            at = right - (0.1 + 0.5 * probe) * em
            index = found.char_at(tp, at, y + 0.3 * em, 0.5 * em, em)
            if index >= 0 or at < x:
                break
        if index >= 0 and self.chars < 0:
            self.chars = found.char_count(tp)
            self.unicode = _unicode(tp, self.chars, found.chars_text) or _PerGlyph(
                tp, found.char_unicode
            )
        return index

    def _shows_text(self, item: int, index: int, owner: int) -> bool:
        """Whether PDFium's text of ``item`` is sure not to be empty: the glyph at ``index``
        is its own (``owner``) and reads as more than a space (`_TextBuffer.text`)."""
        if index < 0 or owner != item:
            return False
        return self.unicode[index] not in _BLANK

    def _glyphs(
        self, index: int, owner: int, x: float, right: float, y: float, em: float
    ) -> list[Glyph]:
        """The glyphs of a text object that starts at ``x``, ends its ink at ``right`` on
        baseline ``y`` and has its last glyph at ``index`` (`_hit`), of object ``owner``:
        origin x, character, and whether a space came before it.

        Why: PDFium's text keeps one space of a run, so a listing's indentation and aligned
        columns are only in the glyph positions. The object's characters are found from its
        last glyph, walking back along the baseline to its origin.
        """
        self.steps.clear()
        tolerance, low = 0.1 * em, x - 0.1 * em
        back = self._back(index, (y, tolerance, low, right), _MIN_CELL * em)
        back.reverse()
        if index + 1 < self.chars:
            # past the hit glyph, only this object's own (a slanted glyph's ink reaches the
            # next string): the walk forward also stops at another object's character
            back += self._forward(index + 1, owner, (y, tolerance, low, right), _MIN_CELL * em)
        return back

    def _back(self, index: int, bounds: tuple[float, ...], cell: float) -> list[Glyph]:
        """The glyphs from ``index`` back (walk order) until the baseline or the object ends:
        below ``y - tolerance`` or above ``y + tolerance``, left of ``low``, right of
        ``right`` (``bounds``). Steps wider than ``cell`` between glyphs with no space
        between go to `steps` (`_measured`).

        One PDFium call a glyph (its origin), the characters read once a page (`_unicode`):
        a listing page has thousands of glyphs, so this and `_forward` are the reading's
        hottest loops. PDFium generates only spaces, CR and LF (``FPDFText_IsGenerated``):
        ``isspace`` covers them."""
        y, tolerance, low, right = bounds
        tp, origin, text, (ox, oy), (at_x, at_y) = self._walking()
        result: list[Glyph] = []
        append, steps = result.append, self.steps.append
        last = None  # the x of the glyph before this one in the walk, if no space between
        for k in range(index, -1, -1):
            origin(tp, k, at_x, at_y)
            gx = ox.value
            if abs(oy.value - y) > tolerance or not low <= gx <= right:
                break
            char = text[k]
            if char.isspace():
                last = None
                if result:  # the glyph after this space, in reading order
                    result[-1] = (result[-1][0], result[-1][1], True)
                continue
            if last is not None and abs(last - gx) > cell:
                steps(abs(last - gx))
            append((gx, char, False))
            last = gx
        return result

    def _forward(
        self, index: int, owner: int, bounds: tuple[float, ...], cell: float
    ) -> list[Glyph]:
        """As `_back`, from ``index`` forward, also ending at a character of a text object
        other than ``owner`` (PDFium's generated characters have none)."""
        y, tolerance, low, right = bounds
        tp, origin, text, (ox, oy), (at_x, at_y) = self._walking()
        object_of = self.calls.char_object
        result: list[Glyph] = []
        append, steps = result.append, self.steps.append
        last = None
        gap = False
        for k in range(index, self.chars):
            if (object_of(tp, k) or 0) not in (owner, 0):
                break
            origin(tp, k, at_x, at_y)
            gx = ox.value
            if abs(oy.value - y) > tolerance or not low <= gx <= right:
                break
            char = text[k]
            if char.isspace():
                last, gap = None, True
                continue
            if last is not None and abs(last - gx) > cell:
                steps(abs(last - gx))
            append((gx, char, gap))
            last, gap = gx, False
        return result

    def _walking(self) -> tuple[int, Any, str | _PerGlyph, tuple[Any, Any], tuple[int, int]]:
        """What a glyph walk reads with: the text page, ``FPDFText_GetCharOrigin``, the
        characters by index, and the doubles it writes an origin into and their addresses."""
        return self.textpage, self.calls.char_origin, self.unicode, self.origin, self.origin_at


class _PerGlyph:
    """A text page's characters asked of PDFium one index at a time: what the glyph walk
    reads when `_unicode` cannot read them all at once."""

    def __init__(self, textpage: int, get: Any) -> None:
        self.textpage, self.get = textpage, get

    def __getitem__(self, index: int) -> str:
        return chr(self.get(self.textpage, index))


def _unicode(textpage: int, count: int, get: Any) -> str | None:
    """The ``count`` characters of a text page, one per character index, in one call; or
    ``None`` when they are not one per index (the glyph walk then asks PDFium per glyph).

    Why: the glyph walk asked ``FPDFText_GetUnicode`` once per glyph. ``FPDFText_GetText``
    gives what it gives, but a line-end hyphen (U+0002) as U+FFFE (both read as "-", see
    `_CONTROL`), and it leaves out the control characters PDFium keeps in the character
    list; a character outside the BMP is two indices (its UTF-16 halves), which decoding
    joins. A length that differs, or a lone half, tells those pages apart.
    """
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    got = get(textpage, 0, count, ctypes.addressof(buffer))
    if got != count + 1:
        return None
    text = buffer.raw[: 2 * count].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count or _SURROGATE.search(text):
        return None
    return text


def _cells(glyphs: list[Glyph], advance: float) -> tuple[float, str, float]:
    """A fixed-pitch run as text: its first glyph's x, its characters with the spaces the
    distance between neighbours implies (at least one where PDFium saw a space), and where
    the next cell starts. Neighbours, not absolute columns: TeX stretches the space between
    words of a typewriter run (bashref: 1.64 cells), and columns would drift.

    A character outside the BMP is two glyphs to PDFium, its UTF-16 halves: they are joined
    here (a lone half as U+FFFD, as `_TextBuffer.text` reads it), or the text could not be
    written out as UTF-8."""
    x0, first, _ = glyphs[0]
    parts = [first]
    before = x0
    for x, char, spaced in glyphs[1:]:
        cells = round((x - before) / advance) - 1 if advance > 0 else 0
        cells = cells if cells <= _MAX_CELLS else 1  # a jump across the page, not a column
        parts.append(" " * max(cells, 1 if spaced else 0) + char)
        before = x
    text = "".join(parts).translate(_CLEAN)
    if _SURROGATE.search(text):  # PDFium counts a character outside the BMP as two
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return x0, text, before + advance


def _font_facts(font: Any) -> Font:
    """Fixed pitch and weight of a PDFium font (base name, descriptor flags, weight)."""
    if not font:
        return Font(mono=False, bold=False, advance=0.0)
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("latin-1", errors="replace").split("+")[-1]
    flags = max(int(raw.FPDFFont_GetFlags(font)), 0)
    weight = float(raw.FPDFFont_GetWeight(font))
    facts = named_facts(name, flags, weight)
    if not facts.mono:
        return facts
    width = ctypes.c_float()  # a fixed-pitch face: any glyph's width at 1 pt is its advance
    if raw.FPDFFont_GetGlyphWidth(font, 1, 1.0, width) and width.value > 0:
        return Font(mono=True, bold=facts.bold, advance=width.value)
    return facts
