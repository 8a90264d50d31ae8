"""One PDF page -> positioned text lines with font facts (size, weight, fixed pitch).

Why: pypdf's plain ``extract_text`` loses what structure recovery needs (where a line sits, how
big and bold its font is, whether it is set in a typewriter face). Its ``visitor_text`` hook
reports the same text chunk by chunk with the text matrix and font, for little extra cost, so a
page is read once and every later decision (running headers, headings, code) works on `Line`s.

Guarantees: `read_page` never raises (a page that fails yields no lines and its error message)
and reads nothing but its own page, so pages can be read in parallel processes; its result is
plain picklable data. Lines keep pypdf's reading order (content-stream order); their text is
pypdf's, with ligatures and soft hyphens normalised and the space pypdf adds after an opening
quote or before closing punctuation at a font change removed. `outline` flattens the bookmarks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pypdf is imported where it is used: PDFium reads most files without it
    from pypdf import PdfReader

# Ligatures and invisible characters that PDF fonts map to; NFKC would also rewrite quotes.
LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\xad": ""}
)
# Fixed-pitch faces by name: Courier/Nimbus Mono, *Mono, Consolas, Source Code, TeX cmtt/sltt...
_MONO_NAME = re.compile(
    r"courier|mono|consol|code|typewriter|menlo|monaco|inconsolata|lettergothic|andale|"
    r"fixedsys|nimbusmon|tt\d+$|^(?:cm|lm|ec|tc|sf)\w*tt",
    re.IGNORECASE,
)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|^cmbx|^cmb\d|^sfbx|^lmbx", re.IGNORECASE)
_FIXED_PITCH = 1  # FontDescriptor /Flags bit 1
_FORCE_BOLD = 1 << 18  # FontDescriptor /Flags bit 19
_OPENERS = ("‘", "“", "(", "[")
_CLOSERS = (")", "]", ",", ".", ";", ":", "’", "”", "!", "?")
_MONO_SHARE = 0.9  # a line is "in a fixed-pitch font" when this share of its characters is


@dataclass(frozen=True, slots=True)
class Line:
    """One text line of a page, at its origin's ``x``, ``y`` (PDF space: ``y`` grows upwards).

    ``mono`` and ``bold`` hold when ≥ 90% of the line's non-space characters are in such a
    font; ``mono_tail`` when its last character is; ``advance`` is the character width of its
    fixed-pitch font in points (0 when it has none), to turn x offsets into indentation.
    """

    text: str
    x: float
    y: float
    size: float
    mono: bool = False
    bold: bool = False
    mono_tail: bool = False
    advance: float = 0.0

    def __reduce__(self) -> tuple[type[Line], tuple[Any, ...]]:
        """Pickled as its fields in order. Why: the workers of `-j N` send every page's lines
        back to the parent, which unpickles them before anything else can run; a slotted
        dataclass's own state pickling is ~2.5x slower (bashref: 8,212 lines, ~25 ms a side)."""
        state = (self.text, self.x, self.y, self.size, self.mono, self.bold, self.mono_tail)
        return (Line, (*state, self.advance))  # every field: `test_pdf_pickle` checks it

    def with_text(self, text: str) -> Line:
        """This line holding ``text`` instead. Why not `dataclasses.replace`: its generic
        walk over the fields costs ~4x this (cutting run-in headings and rejoining hyphens
        make thousands of copies); every field: `test_pdf_pickle` checks it."""
        return Line(
            text, self.x, self.y, self.size, self.mono, self.bold, self.mono_tail, self.advance
        )


@dataclass(frozen=True, slots=True)
class RawPage:
    """What one page yields: its lines, whether it draws images, and a read error if any."""

    number: int
    lines: tuple[Line, ...] = ()
    images: bool = False
    error: str = ""


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark: its title, nesting depth (0 = top), 0-based page, and top y if given."""

    title: str
    depth: int
    page: int
    top: float | None = None


@dataclass(frozen=True, slots=True)
class Font:
    """What a font says about the text set in it (see `font_facts`)."""

    mono: bool
    bold: bool
    advance: float  # em fraction of a fixed-pitch face


@dataclass(slots=True)
class Chunk:
    text: str
    mono: bool
    bold: bool
    size: float
    advance: float
    ink: int  # its characters but spaces at either end: what weighs in a line's facts


class LineBuilder:
    """Accumulates visitor chunks into `Line`s (a line ends at a newline pypdf emits)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.chunks: list[Chunk] = []
        self.where: tuple[float, float] | None = None
        # Keyed by id, holding the dictionary itself so that the id cannot be reused.
        self.fonts: dict[int, tuple[Any, Font]] = {}

    def visit(self, text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text:
            return
        x, y, scale = _place(cm, tm)
        facts = self._font(font)
        real = size * scale if scale > 0 else size
        for n, part in enumerate(text.translate(LIGATURES).split("\n")):
            if n:
                self.flush()
            if part:
                self.add(part, facts, real, (x, y))

    def add(self, part: str, facts: Font, size: float, where: tuple[float, float]) -> None:
        """One chunk of text at ``where`` (its origin) in a font of ``size`` points."""
        if self.chunks and part.startswith(" ") and not self.chunks[-1].mono:
            before = self.chunks[-1].text
            # pypdf puts a space at font changes; after "‘" or before ")" it is never real.
            if before.endswith(_OPENERS) or part[1:2] in _CLOSERS:
                part = part[1:]
        ink = len(part.strip())
        if ink and self.where is None:
            self.where = where
        advance = facts.advance * size
        self.chunks.append(Chunk(part, facts.mono, facts.bold, size, advance, ink))

    def flush(self) -> None:
        """The chunks since the last flush as one `Line` (none if they hold only spaces).

        One loop over the chunks gathers every fact: a manual has thousands of lines (bashref:
        8,212), so this is one of the reading's hot loops."""
        chunks, self.chunks = self.chunks, []
        where, self.where = self.where, None
        if where is None:
            return
        total = mono_chars = bold_chars = 0
        last: Chunk | None = None  # the last chunk with ink
        advance: float | None = None  # the widest cell of the fixed-pitch chunks with ink
        for c in chunks:
            ink = c.ink
            if ink:
                total += ink
                last = c
                if c.mono:
                    mono_chars += ink
                    if advance is None or c.advance > advance:
                        advance = c.advance
                if c.bold:
                    bold_chars += ink
        total = total or 1
        number = _line_number(chunks)
        mono = mono_chars >= _MONO_SHARE * (total - number)
        text = "".join([c.text for c in chunks]).rstrip()
        text = text if mono else text.lstrip()
        sizes: dict[float, int] = {}
        for c in chunks[1:] if number else chunks:  # a line number may be set smaller
            size = round(c.size, 1)
            sizes[size] = sizes.get(size, 0) + c.ink
        self.lines.append(
            Line(
                text,
                round(where[0], 2),
                round(where[1], 2),
                max(sizes.items(), key=_commonest)[0],
                mono,
                bold_chars >= _MONO_SHARE * total,
                last is not None and last.mono,
                advance if mono and advance is not None else 0.0,
            )
        )

    def _font(self, font: Any) -> Font:
        found = self.fonts.get(id(font))
        if found is None:
            found = self.fonts[id(font)] = (font, font_facts(font))
        return found[1]


def _commonest(item: tuple[float, int]) -> tuple[int, float]:
    """The key of a line's size: the most characters, then the larger size."""
    return item[1], item[0]


def _line_number(chunks: list[Chunk]) -> int:
    """The length of a listing's line number in another font before fixed-pitch text
    (``15 \\vspace*{.5cm}``): it does not make the line less fixed-pitch."""
    if len(chunks) < 2 or chunks[0].mono or not chunks[1].mono:
        return 0
    first = chunks[0].text.strip()
    return len(first) if first.isdigit() else 0


def _place(cm: Any, tm: Any) -> tuple[float, float, float]:
    """Device x, y of the text origin and the vertical scale of text space (tm x cm)."""
    try:
        _, _, c, d, e, f = (float(v) for v in tm)
        ca, cb, cc, cd, ce, cf = (float(v) for v in cm)
    except (TypeError, ValueError):
        return 0.0, 0.0, 1.0
    x = e * ca + f * cc + ce
    y = e * cb + f * cd + cf
    scale = math.hypot(c * ca + d * cc, c * cb + d * cd)
    return x, y, scale


def font_facts(font: Any) -> Font:
    """Fixed pitch, weight and character width of a PDF font dictionary (from name and flags)."""
    if not font:
        return Font(mono=False, bold=False, advance=0.0)
    try:
        name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
        descriptor = font.get("/FontDescriptor")
        widths = font.get("/Widths")
        if descriptor is None and "/DescendantFonts" in font:
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        flags = int(descriptor.get("/Flags", 0))
        weight = float(descriptor.get("/FontWeight", 400))
    except Exception:  # a malformed font dictionary: fall back to "ordinary text"
        return Font(mono=False, bold=False, advance=0.0)
    facts = named_facts(name, flags, weight)
    return replace(facts, advance=_advance(widths)) if facts.mono else facts


def named_facts(name: str, flags: int, weight: float) -> Font:
    """Fixed pitch and weight from a font's base name, descriptor flags and weight; a
    fixed-pitch face gets Courier's width (0.6 em) until its own widths are known."""
    mono = bool(flags & _FIXED_PITCH) or bool(_MONO_NAME.search(name))
    bold = bool(_BOLD_NAME.search(name)) or weight >= 600 or bool(flags & _FORCE_BOLD)
    return Font(mono=mono, bold=bold, advance=0.6 if mono else 0.0)


def _advance(widths: Any) -> float:
    """The commonest non-zero glyph width (a fixed-pitch font has one), as a fraction of 1 em."""
    try:
        counted = Counter(float(w) for w in widths.get_object() if float(w) > 0)
    except Exception:  # no /Widths (standard 14 fonts): Courier's 600/1000
        return 0.6
    return counted.most_common(1)[0][0] / 1000 if counted else 0.6


def _draws_images(page: Any) -> bool:
    try:
        objects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
        return any(o.get_object().get("/Subtype") == "/Image" for o in objects.values())
    except Exception:
        return False


def read_page(reader: PdfReader, number: int) -> RawPage:
    """The lines of page ``number`` (1-based). Never raises: failures come back in ``error``."""
    builder = LineBuilder()
    try:
        page = reader.pages[number - 1]
        page.extract_text(visitor_text=builder.visit)
        builder.flush()
    except Exception as error:  # pypdf raises many types on damaged content streams
        return RawPage(number=number, error=f"{type(error).__name__}: {error}")
    return RawPage(number=number, lines=tuple(builder.lines), images=_draws_images(page))


def outline(reader: PdfReader) -> tuple[OutlineEntry, ...]:
    """The bookmarks in document order, at any depth; entries without a resolvable page are
    left out.

    Why not ``reader.outline``: pypdf builds it recursively and gives up past 100 levels
    (LimitReachedError), so a deep outline was lost whole; and a depth cap here dropped the
    entries below 12 levels. The outline tree is walked here with an explicit stack instead,
    each node once (a cycle ends where it closes); heading levels are capped later, not here.
    """
    found: list[OutlineEntry] = []
    try:
        for node, depth in _outline_nodes(reader):
            entry = _entry(reader, node, depth)
            if entry is not None:
                found.append(entry)
    except Exception:  # a broken outline is as good as none: headings come from fonts
        return ()
    return tuple(found)


def _outline_nodes(reader: PdfReader) -> Iterator[tuple[Any, int]]:
    """The outline item dictionaries and their depths, depth first (an item, its children,
    then its next sibling), as pypdf orders them."""
    from pypdf.generic import DictionaryObject

    from skillc.compiler.frontends.pdf.destinations import LazyDestinations

    root = reader.root_object.get("/Outlines")
    root = root.get_object() if root is not None else None
    if not isinstance(root, DictionaryObject) or "/First" not in root:
        return
    try:  # what pypdf's own walk prepares for items pointing at named destinations (lazily)
        setattr(reader, "_named_destinations", LazyDestinations(reader))  # noqa: B010
    except Exception:  # a broken or too deep name tree: named destinations do not resolve
        setattr(reader, "_named_destinations", {})  # noqa: B010
    visited: set[int] = set()
    stack: list[tuple[Any, int]] = [(root["/First"], 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, DictionaryObject) or id(node) in visited:
            continue
        visited.add(id(node))
        yield node, depth
        if "/Next" in node:
            stack.append((node["/Next"], depth))
        if "/First" in node:
            stack.append((node["/First"], depth + 1))


def _entry(reader: PdfReader, node: Any, depth: int) -> OutlineEntry | None:
    try:
        item = reader._build_outline_item(node)
        if not item:  # pypdf's own walk leaves such items out
            return None
        page = reader.get_destination_page_number(item)
        top = item.get("/Top")
        title = " ".join(str(item.title or "").split())
    except Exception:
        return None
    if page is None or page < 0 or not title:
        return None
    where = float(top) if isinstance(top, int | float) else None
    return OutlineEntry(title=title, depth=depth, page=page, top=where)
