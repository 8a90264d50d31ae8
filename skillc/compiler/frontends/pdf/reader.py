"""The PDF guide frontend: one PDF -> one SSL `Skill` per top-level section (outline chapter).

Why: manuals ship as PDF (TeX, DocBook/FOP, ReportLab, office suites). A PDF is one guide but
many topics, so each top-level section becomes its own skill; the driver later groups a large
set into a library. Work is split so that the expensive part parallelises: `read_page`
(`opening`: PDFium text extraction, ~5-10 ms a page; pypdf when PDFium cannot open the file)
reads one page and returns plain data; `compile_pdf` does the cheap cross-page work
(furniture, hyphens, headings) and builds skills with the Markdown frontend's own structure
extraction (`pdf.blocks` -> `scenes.assemble`), named by `naming`.

Guarantees: `read_pdf` never raises, whatever the bytes. Deterministic. Every span's source is
``f"{source_id}#p{page}"`` (1-based page) and its line, column and offsets are inside that
page's cleaned text (`pdf.clean.Page.text`, see `read_pages`); a node whose text crosses a page
break carries one span per page. Diagnostics: those of `opening` (SK050, SK052), SK051 no text
layer (no skill is made), SK052 no page readable, SK053 a page that failed and was skipped.
Messages do not repeat the file's name: the diagnostic's path carries it (and the driver shows
the path the user gave, not the source id).
"""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any

from skillc.compiler.frontends.frontend import Map
from skillc.compiler.frontends.guide.pieces import Piece
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.scenes import assemble
from skillc.compiler.frontends.guide.textutil import LineIndex
from skillc.compiler.frontends.pdf.blocks import Layout, Row, build_events
from skillc.compiler.frontends.pdf.clean import Page, body_size, clean, pitches
from skillc.compiler.frontends.pdf.inventory import pdf_inventory
from skillc.compiler.frontends.pdf.layout import OutlineEntry, RawPage
from skillc.compiler.frontends.pdf.naming import (
    Naming,
    cover_title,
    document_name,
    roman_parts,
    skill_name,
)
from skillc.compiler.frontends.pdf.opening import (
    Opened,
    metadata_title,
    open_pdf,
    open_pdfium_first,
    outline,
    read_page,
    title_and_outline,
    unreadable,
)
from skillc.compiler.frontends.pdf.opening import diagnostic as _diagnostic
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


def read_pdf(data: bytes, *, source_id: str) -> FrontendResult:
    """Read one PDF guide whose path is ``source_id``."""
    try:
        opened = open_pdfium_first(data, source_id=source_id)
        if opened.reader is None and opened.document is None:
            return FrontendResult(skills=(), diagnostics=opened.diagnostics)
        raw = [read_page(opened, n) for n in range(1, opened.pages + 1)]
        title, entries = title_and_outline(opened)
        result = compile_pdf(raw, entries, source_id=source_id, title=title)
    except Exception as error:  # the contract is "never raises": report it as unreadable
        return FrontendResult(skills=(), diagnostics=(unreadable(source_id, error),))
    return replace(result, diagnostics=opened.diagnostics + result.diagnostics)


def read_pages(data: bytes, *, source_id: str) -> list[Page]:
    """The cleaned pages of a PDF (what provenance spans point into); ``[]`` if unreadable."""
    opened = open_pdfium_first(data, source_id=source_id)
    if opened.reader is None and opened.document is None:
        return []
    raw = [read_page(opened, n) for n in range(1, opened.pages + 1)]
    return structure(raw, title_and_outline(opened)[1])[0]


def structure(
    raw: Sequence[RawPage], entries: tuple[OutlineEntry, ...]
) -> tuple[list[Page], list[Mark]]:
    """The cleaned pages (what spans point into) and their headings: from the outline, else the
    fonts, else headings run into the text (`runin_headings`: one font, DocBook references),
    whose lines are cut around them."""
    body = body_size(raw)
    pages = clean(list(raw), body)
    marks = find_headings(pages, entries, body)
    if not marks:
        pages, marks = runin_headings(pages)
    return pages, marks


# --- Compiling ----------------------------------------------------------------------------------


def compile_pdf(
    raw: Sequence[RawPage],
    entries: tuple[OutlineEntry, ...],
    *,
    source_id: str,
    title: str = "",
    map_: Map | None = None,
) -> FrontendResult:
    """Skills from pages read by `read_page` (in any order, e.g. by parallel workers).

    ``map_`` (``[fn(item) for item in items]``, in order, maybe in other processes: the
    `-j N` reading pool) assembles the skills once the cross-page work is done; each skill's
    assembly reads only its own pages (bashref: ~0.3 s of a ~0.4 s serial step)."""
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
    named = Naming(document=document_name(title or cover_title(ordered)), stem=stem)
    tasks = _skill_tasks(pages, marks, layout, source_id, named, title)
    assembled = map_(_skill_task, tasks) if map_ is not None else list(map(_skill_task, tasks))
    skills = [skill for skill in assembled if skill is not None]
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


#: One skill's assembly (`_skill`'s arguments): plain data, picklable to a worker.
SkillTask = tuple[Any, ...]


def _skill_tasks(
    pages: list[Page], marks: list[Mark], layout: Layout, source_id: str, named: Naming, title: str
) -> list[SkillTask]:
    """One skill per top-level section; text before the first one joins the first, unless
    that is a table of contents ("Contents" first in the outline, front matter above it):
    a table of contents is navigation, so its section is a skill of its own whose lines are
    removed (the select-skills pass skips it, and says so), and the front matter (title,
    authors, abstract) joins the first section after it.

    Named here, in order (a name depends on the names before it); each task carries only
    the pages its skill spans, so that a worker is sent no more than it reads."""
    tops = [m for m in marks if m.top]
    cuts = [(m.page, m.line) for m in tops]
    ends = [*cuts[1:], (len(pages), 0)]
    first = next((n for n, m in enumerate(tops) if not is_contents_title(m.text)), None)
    toc = set(range(first or 0))  # the tables of contents that open the outline
    first = first or 0
    tasks: list[SkillTask] = []
    names: set[str] = set()
    roman = roman_parts([m.text for m in tops])
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
        name = skill_name(named, tops[n].part, tops[n].text, names, below, roman)
        own = _own_pages(pages, (begin, end))
        tasks.append((own, (begin, end), inside, layout, source_id, name, title, skipped, n in toc))
    if not tops:
        bounds = ((0, 0), (len(pages), 0))
        name = skill_name(named, "", "", names)
        tasks.append((_own_pages(pages, bounds), bounds, marks, layout, source_id, name, title))
    return tasks


def _own_pages(pages: list[Page], bounds: tuple[tuple[int, int], tuple[int, int]]) -> list[Page]:
    """The pages a skill within ``bounds`` spans: from its first page to its last line's."""
    (p0, _), (p1, l1) = bounds
    last = p1 if l1 > 0 else p1 - 1
    last = min(max(last, p0), len(pages) - 1)
    return pages[p0 : last + 1]


def _skill_task(task: SkillTask) -> Skill | None:
    """`_skill` of one task (module level: a worker process is handed it by name)."""
    return _skill(*task)


def _skill(
    own: list[Page],
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
    of a table of contents (``toc``) but its title is removed, as a contents page's are.
    ``own`` holds the pages the skill spans (`_own_pages`), the first being page ``p0``."""
    (p0, l0), (p1, l1) = bounds
    heads = {(m.page, m.line) for m in marks}
    last = p0 + len(own) - 1
    paged = _Paged(own, p0, source_id)
    rows = [
        Row(
            page=p,
            line=n,
            at=paged.line_base[p - p0] + n,
            item=line,
            contents=own[p - p0].contents or (toc and (p, n) not in heads),
        )
        for p in range(p0, last + 1)
        for n, line in enumerate(own[p - p0].lines)
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
