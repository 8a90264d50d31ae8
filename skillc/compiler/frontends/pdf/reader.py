"""The PDF guide frontend: one PDF -> one SSL `Skill` per top-level section (outline chapter).

Why: manuals ship as PDF (TeX, DocBook/FOP, ReportLab, office suites). A PDF is one guide but
many topics, so each top-level section becomes its own skill; the driver later groups a large
set into a library. Work is split so that the expensive part parallelises: `read_page`
(PDFium text extraction, ~5-10 ms a page; pypdf when PDFium cannot open the file) reads one
page and returns plain data; `compile_pdf` does the cheap cross-page work (furniture,
hyphens, headings) and builds skills with the Markdown frontend's own structure extraction
(`pdf.blocks` -> `scenes.assemble`).

Guarantees: `read_pdf` never raises, whatever the bytes. Deterministic. Every span's source is
``f"{source_id}#p{page}"`` (1-based page) and its line, column and offsets are inside that
page's cleaned text (`pdf.clean.Page.text`, see `read_pages`); a node whose text crosses a page
break carries one span per page. Diagnostics: SK050 encrypted and not openable with an empty
password, SK051 no text layer (no skill is made), SK052 unreadable or truncated file (pypdf's
message), SK053 a page that failed and was skipped. Messages do not repeat the file's name: the
diagnostic's path carries it (and the driver shows the path the user gave, not the source id).
"""

from __future__ import annotations

import io
import itertools
import logging
import posixpath
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from pypdf import PasswordType, PdfReader

from skillc.compiler.frontends.guide.pieces import Piece
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.scenes import assemble
from skillc.compiler.frontends.guide.textutil import LineIndex, kebab
from skillc.compiler.frontends.pdf import layout, pdfium
from skillc.compiler.frontends.pdf.blocks import Layout, Row, build_events
from skillc.compiler.frontends.pdf.clean import Page, body_size, clean, pitches
from skillc.compiler.frontends.pdf.inventory import pdf_inventory
from skillc.compiler.frontends.pdf.layout import OutlineEntry, RawPage, outline
from skillc.compiler.frontends.pdf.runin import runin_headings
from skillc.compiler.frontends.pdf.sections import Mark, find_headings
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Skill
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.passes.select_skills import is_contents_title

__all__ = [
    "Opened",
    "compile_pdf",
    "metadata_title",
    "open_pdf",
    "outline",
    "read_page",
    "read_pages",
    "read_pdf",
    "structure",
    "unreadable",
]


@dataclass(frozen=True, slots=True)
class Opened:
    """An opened (and, if needed, decrypted) PDF, or ``None`` and the reason why not.

    ``reader`` (pypdf) gives the outline, metadata and page count; ``document`` (PDFium) the
    pages' text, when PDFium opens the file (else pages are read with pypdf).
    """

    reader: PdfReader | None
    diagnostics: tuple[Diagnostic, ...] = ()
    document: Any = None


def read_pdf(data: bytes, *, source_id: str) -> FrontendResult:
    """Read one PDF guide whose path is ``source_id``."""
    try:
        opened = open_pdf(data, source_id=source_id)
        if opened.reader is None:
            return FrontendResult(skills=(), diagnostics=opened.diagnostics)
        reader = opened.reader
        raw = [read_page(opened, n) for n in range(1, len(reader.pages) + 1)]
        title = metadata_title(reader)
        result = compile_pdf(raw, outline(reader), source_id=source_id, title=title)
    except Exception as error:  # the contract is "never raises": report it as unreadable
        return FrontendResult(skills=(), diagnostics=(unreadable(source_id, error),))
    return replace(result, diagnostics=opened.diagnostics + result.diagnostics)


def read_pages(data: bytes, *, source_id: str) -> list[Page]:
    """The cleaned pages of a PDF (what provenance spans point into); ``[]`` if unreadable."""
    opened = open_pdf(data, source_id=source_id)
    if opened.reader is None:
        return []
    raw = [read_page(opened, n) for n in range(1, len(opened.reader.pages) + 1)]
    return structure(raw, outline(opened.reader))[0]


def structure(
    raw: Sequence[RawPage], entries: tuple[OutlineEntry, ...]
) -> tuple[list[Page], list[Mark]]:
    """The cleaned pages (what spans point into) and their headings: from the outline, else the
    fonts, else headings run into the text (`runin_headings`: one font, DocBook references),
    whose lines are cut around them."""
    pages = clean(list(raw))
    marks = find_headings(pages, entries, body_size(raw))
    if not marks:
        pages, marks = runin_headings(pages)
    return pages, marks


# --- Opening ------------------------------------------------------------------------------------


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Collect what pypdf logs while recovering a damaged file (it does not raise for it)."""
    found: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler = _Collect(level=logging.WARNING)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def open_pdf(data: bytes, *, source_id: str) -> Opened:
    """Open ``data`` with pypdf; decrypt with the empty password when encrypted."""
    if not data:
        return Opened(None, (_diagnostic("SK052", "empty file, not a PDF", source_id),))
    with _pypdf_warnings() as logged:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _decrypt(reader):
                message = "encrypted PDF; it does not open without a password"
                return Opened(None, (_diagnostic("SK050", message, source_id),))
            len(reader.pages)  # page tree errors surface here, not later per page
        except Exception as error:
            if "cryptography" in str(error) or "AES" in str(error):
                message = f"encrypted PDF pypdf cannot decrypt here: {error}"
                return Opened(None, (_diagnostic("SK050", message, source_id),))
            why = "; ".join(dict.fromkeys([*logged, f"{type(error).__name__}: {error}"]))
            message = f"not a readable PDF (truncated or corrupt?): {why}"
            return Opened(None, (_diagnostic("SK052", message, source_id),))
    return Opened(reader, document=_pdfium(data))


def _pdfium(data: bytes) -> Any:
    """PDFium's view of a file pypdf opened, or ``None`` (its pages are then read with pypdf)."""
    try:
        return pdfium.open_document(data)
    except Exception:  # a file only pypdf's recovery reads, or a password PDFium lacks
        return None


def read_page(opened: Opened, number: int) -> RawPage:
    """The lines of page ``number`` (1-based), by PDFium when it opened the file."""
    if opened.document is not None:
        return pdfium.read_page(opened.document, number)
    if opened.reader is None:
        return RawPage(number=number, error="the file did not open")
    return layout.read_page(opened.reader, number)


def _decrypt(reader: PdfReader) -> bool:
    return reader.decrypt("") != PasswordType.NOT_DECRYPTED


def metadata_title(reader: PdfReader) -> str:
    """The document title its metadata gives (whitespace collapsed), else ``""``."""
    try:
        info = reader.metadata
        return " ".join(str(info.title or "").split()) if info is not None else ""
    except Exception:
        return ""


def _diagnostic(
    code: str, message: str, path: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    return Diagnostic(code=code, message=message, severity=severity, path=path)


def unreadable(source_id: str, error: Exception) -> Diagnostic:
    """SK052 for a file that failed to read with ``error``."""
    message = f"not a readable PDF: {type(error).__name__}: {error}"
    return _diagnostic("SK052", message, source_id)


# --- Compiling ----------------------------------------------------------------------------------


def compile_pdf(
    raw: Sequence[RawPage],
    entries: tuple[OutlineEntry, ...],
    *,
    source_id: str,
    title: str = "",
) -> FrontendResult:
    """Skills from pages read by `read_page` (in any order, e.g. by parallel workers)."""
    ordered = sorted(raw, key=lambda page: page.number)
    diagnostics = [
        _diagnostic(
            "SK053",
            f"page {page.number} could not be read and was skipped: {page.error}",
            f"{source_id}#p{page.number}",
            Severity.WARNING,
        )
        for page in ordered
        if page.error
    ]
    if not any(line.text.strip() for page in ordered for line in page.lines):
        if all(page.error for page in ordered):  # nothing read: the file, not its pages, is bad
            why = "has no pages" if not ordered else "no page could be read (corrupt PDF?)"
            diagnostics = [_diagnostic("SK052", why, source_id), *diagnostics]
        else:
            diagnostics.append(_no_text(ordered, source_id))
        return FrontendResult(skills=(), diagnostics=tuple(diagnostics))
    pages, marks = structure(ordered, entries)
    layout = _layout(pages)
    stem = posixpath.splitext(posixpath.basename(source_id.replace("\\", "/")))[0]
    named = Naming(document=document_name(title or _cover_title(ordered)), stem=stem)
    skills = _skills(pages, marks, layout, source_id, named, title)
    inventory = pdf_inventory([e.title for e in entries])
    return FrontendResult(skills=tuple(skills), diagnostics=tuple(diagnostics), inventory=inventory)


def _no_text(pages: Sequence[RawPage], source_id: str) -> Diagnostic:
    scanned = sum(1 for page in pages if page.images)
    seen = f" ({scanned} of {len(pages)} pages are images)" if scanned else ""
    message = f"no text layer (scanned?){seen}; OCR is out of scope"
    return _diagnostic("SK051", message, source_id, Severity.WARNING)


_MONO_BODY = 0.85  # share of fixed-pitch text above which the body itself is fixed-pitch


def _layout(pages: list[Page]) -> Layout:
    margins: dict[int, float] = {}
    mono = total = 0
    for p, page in enumerate(pages):
        xs = Counter(round(line.x) for line in page.lines if not line.mono)
        if xs:  # the commonest left edge of running text (the leftmost when tied)
            margins[p] = float(max(xs.items(), key=lambda kv: (kv[1], -kv[0]))[0])
        mono += sum(len(line.text) for line in page.lines if line.mono)
        total += sum(len(line.text) for line in page.lines)
    # The body is fixed-pitch when next to nothing else is: a documented package (ltxdoc,
    # asy-latex.pdf) is 68 % numbered code listings around proportional prose.
    body_is_mono = mono > _MONO_BODY * max(total, 1)
    return Layout(margins=margins, pitches=pitches(pages), mono_is_code=not body_is_mono)


@dataclass(frozen=True, slots=True)
class Naming:
    """What a PDF's skills are named by: the document's short name (from its title) and, when
    it has neither a title nor chapters, its file's stem."""

    document: str
    stem: str


#: Words a manual's title shares with every other manual's: "Bash Reference Manual" -> bash.
_GENERIC = (
    "a an and the for of to in on with pdf reference manual manuals user users guide guides"
    " handbook documentation docs tutorial generation library version edition release"
    " introduction complete official package"
)
_GENERIC_TITLE_WORDS = frozenset(_GENERIC.split())
_COVER_SCALE = 1.3  # a cover title is set this much larger than the cover's commonest size


def document_name(title: str) -> str:
    """The short name of a document titled ``title``: its words before a colon, less the
    generic ones and numbers ("ReportLab PDF Generation User Guide" -> reportlab); ``""``
    when none is left.

    >>> document_name("Bash Reference Manual"), document_name("User Guide")
    ('bash', '')
    >>> document_name("Asymptote: the Vector Graphics Language")
    'asymptote'
    """
    return _distinct(title.split(":", 1)[0]) or _distinct(title)


def _distinct(title: str) -> str:
    """``title``'s words less the generic ones and numbers, kebab-cased."""
    words = kebab(title).split("-")
    return "-".join(w for w in words if w and w not in _GENERIC_TITLE_WORDS and not w.isdigit())


def _cover_title(pages: Sequence[RawPage]) -> str:
    """The title on the first page: its first line set well above the document's body size,
    with the lines in that size right after it (a title set on two lines), else ``""``.
    bashref's cover: "Bash Reference Manual"; asymptote's: "Asymptote: the Vector
    Graphics" / "Language"."""
    lines = [line for line in pages[0].lines if line.text.strip()] if pages else []
    body = body_size(pages)
    first = next((n for n, line in enumerate(lines) if line.size >= _COVER_SCALE * body), None)
    if not body or first is None:
        return ""
    size = lines[first].size
    title = list(itertools.takewhile(lambda line: abs(line.size - size) < 0.5, lines[first:]))
    return " ".join(line.text.strip() for line in title)


def _skills(
    pages: list[Page], marks: list[Mark], layout: Layout, source_id: str, named: Naming, title: str
) -> list[Skill]:
    """One skill per top-level section; text before the first one joins the first, unless
    that is a table of contents ("Contents" first in the outline, front matter above it):
    a table of contents is navigation, so its section is a skill of its own whose lines are
    removed (the select-skills pass skips it, and says so), and the front matter (title,
    authors, abstract) joins the first section after it."""
    tops = [m for m in marks if m.top]
    cuts = [(m.page, m.line) for m in tops]
    ends = [*cuts[1:], (len(pages), 0)]
    first = next((n for n, m in enumerate(tops) if not is_contents_title(m.text)), None)
    toc = set(range(first or 0))  # the tables of contents that open the outline
    first = first or 0
    skills: list[Skill] = []
    names: set[str] = set()
    for n, (begin, end) in enumerate(zip(cuts, ends, strict=True)) if tops else ():
        if n == first:  # the front matter joins it, the tables of contents above left out
            skipped = [(cuts[k], ends[k]) for k in toc if k < first]
            begin = (0, 0)
        else:
            skipped = []
        inside = [
            m
            for m in marks
            if begin <= (m.page, m.line) < end
            and not any(a <= (m.page, m.line) < b for a, b in skipped)
        ]
        if n in toc:  # its entries are no headings: only its title is
            inside = [m for m in inside if m is tops[n]]
        below = [m.text for m in inside if not m.top]  # what tells a same-titled one apart
        name = _name(named, tops[n].part, tops[n].text, names, below)
        bounds = (begin, end)
        skill = _skill(pages, bounds, inside, layout, source_id, name, title, skipped, n in toc)
        if skill is not None:
            skills.append(skill)
    if not tops:
        bounds = ((0, 0), (len(pages), 0))
        skill = _skill(pages, bounds, marks, layout, source_id, _name(named, "", "", names), title)
        skills += [skill] if skill is not None else []
    return skills


#: A chapter's number in its title: "10 ", "2.3. ", "A.1 ", "Chapter 1 ", "Appendix A ",
#: "Part II ". A name does not carry it: a request never says it.
_SECTION_NUMBER = re.compile(
    r"^(?:(?:chapter|appendix|part|section)\s+(?:[ivxlc]+|[a-z]|\d{1,3})\b|[a-z](?=\.\d)|\d{1,3})"
    r"(?:\.\d{1,3})*[.:]?\s+(?=\w)",
    re.IGNORECASE,
)


def unnumbered(title: str) -> str:
    """``title`` without the section number opening it.

    >>> unnumbered("Chapter 1 Introduction"), unnumbered("10 Interactive mode")
    ('Introduction', 'Interactive mode')
    >>> unnumbered("Appendix A ReportLab Demos"), unnumbered("C Programming")
    ('ReportLab Demos', 'C Programming')
    """
    return _SECTION_NUMBER.sub("", title.strip(), count=1)


def _name(named: Naming, part: str, text: str, taken: set[str], below: Sequence[str] = ()) -> str:
    """A stem unique within the document: the document's short name plus the chapter title
    (``part`` and ``text``) without their numbers (either alone when the other is missing),
    the file's stem only when both are: a file name ("bashref", "reference") is no name an
    agent routes by. When two chapters' titles are the same but for their numbers, the later
    one adds its first section's title (``below``: "introduction-package-loading"), else
    keeps its number."""
    document = named.document
    numbered = kebab(f"{part} {text}")
    chapter = kebab(f"{unnumbered(part)} {unnumbered(text)}")
    if chapter and document and (chapter + "-").startswith(document + "-"):
        document = ""  # "Bash Features" in the Bash manual: bash-features, not bash-bash-...
    base = "-".join(part for part in (document, chapter) if part) or named.stem
    if base in taken:
        sections = (kebab(unnumbered(title)) for title in below)
        section = next((words for words in sections if words and words not in base), "")
        if section:
            base = f"{base}-{section}"
        elif numbered != chapter:
            base = "-".join(part for part in (named.document, numbered) if part)
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _skill(
    pages: list[Page],
    bounds: tuple[tuple[int, int], tuple[int, int]],
    marks: list[Mark],
    layout: Layout,
    source_id: str,
    stem: str,
    title: str,
    skipped: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    toc: bool = False,
) -> Skill | None:
    """The skill of the lines within ``bounds`` but outside the ``skipped`` ranges; every line
    of a table of contents (``toc``) but its title is removed, as a contents page's are."""
    (p0, l0), (p1, l1) = bounds
    heads = {(m.page, m.line) for m in marks}
    last = p1 if l1 > 0 else p1 - 1
    last = min(max(last, p0), len(pages) - 1)
    paged = _Paged([pages[p] for p in range(p0, last + 1)], p0, source_id)
    rows = [
        Row(
            page=p,
            line=n,
            at=paged.line_base[p - p0] + n,
            item=line,
            contents=pages[p].contents or (toc and (p, n) not in heads),
        )
        for p in range(p0, last + 1)
        for n, line in enumerate(pages[p].lines)
        if (p0, l0) <= (p, n) < (p1, l1) and not any(a <= (p, n) < b for a, b in skipped)
    ]
    events = build_events(rows, marks, paged.index, layout)
    if not any(isinstance(e, Piece) and e.block.placement is not Placement.REMOVED for e in events):
        return None  # nothing but contents pages: no skill to make
    skill = assemble(events, paged.index, stem, title)
    remapped: Skill = _remap(skill, paged)
    spans = paged.rows_spans(rows) or remapped.prov
    return replace(remapped, prov=spans)


class _Paged:
    """A skill's text: its pages' cleaned texts joined by newlines, and the way back to pages."""

    def __init__(self, pages: list[Page], first: int, source_id: str) -> None:
        self.pages = pages
        self.first = first
        self.index = LineIndex("\n".join(page.text for page in pages), source_id)
        self.bases: list[int] = []  # character offset of each page in the joined text
        self.line_base: list[int] = []
        offset = lines = 0
        for page in pages:
            self.bases.append(offset)
            self.line_base.append(lines)
            offset += len(page.text) + 1
            lines += page.text.count("\n") + 1
        self.locals = [LineIndex(page.text, f"{source_id}#p{page.number}") for page in pages]

    def spans(self, span: Span) -> tuple[Span, ...]:
        """``span`` of the joined text as spans of the pages it covers.

        Starts at the first page that can hold ``span.start`` (bisected: a 2,415-page manual
        has ~36,000 spans, and scanning every page for each was most of its compile time).
        """
        found: list[Span] = []
        first = max(bisect_right(self.bases, span.start) - 1, 0)
        while first > 0 and self.bases[first - 1] + len(self.pages[first - 1].text) >= span.start:
            first -= 1  # an earlier page ending exactly at the start (empty spans take the first)
        for k in range(first, len(self.bases)):
            base = self.bases[k]
            if base > span.end:
                break
            size = len(self.pages[k].text)
            lo, hi = max(span.start, base), min(span.end, base + size)
            if lo < hi or (span.start == span.end and base <= span.start <= base + size):
                found.append(self.locals[k].chars_span(lo - base, hi - base))
                if span.start == span.end:
                    break
        return tuple(found)

    def rows_spans(self, rows: list[Row]) -> tuple[Span, ...]:
        """Per page, the span of the rows a skill holds."""
        lines: dict[int, list[int]] = {}
        for row in rows:
            lines.setdefault(row.page, []).append(row.line)
        return tuple(
            self.locals[p - self.first].lines_span(min(mine), max(mine) + 1)
            for p, mine in sorted(lines.items())
        )


def _remap(node: Any, paged: _Paged) -> Any:
    """``node`` with every provenance span moved from the joined text to page texts."""
    changes: dict[str, Any] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name == "prov":
            mapped = [s for span in value for s in paged.spans(span)]
            changes["prov"] = tuple(dict.fromkeys(mapped))
        elif (
            isinstance(value, tuple)
            and value
            and is_dataclass(value[0])
            and hasattr(value[0], "prov")
        ):
            changes[f.name] = tuple(_remap(item, paged) for item in value)
    return replace(node, **changes)
