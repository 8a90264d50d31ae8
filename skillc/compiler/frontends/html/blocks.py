"""HTML elements -> the document-ordered `Piece`/`Caution` stream the structure extractor reads.

Why: `scenes.assemble` turns events into an SSL skill for every guide format; this module is the
HTML side of that contract, as `blocks` is the Markdown side. It walks the main content element
in document order: headings, paragraphs (any run of text and inline elements between blocks,
so the unclosed ``<p>`` of hand-written pages works), ``<pre>`` code, lists, tables, definition
lists and admonitions; containers (``div``, ``section``, ``blockquote``...) are read through.

Guarantees: a ``Code`` block's text is a ``<pre>``'s text (`pre_text`), never prose; prose,
list items, cells and headings are Markdown (`html.inline`); every piece's span is the line range
of its element(s) in ``text``; warning admonitions add a `Caution` before their pieces, as the
Markdown frontend does; tables of contents inside the content are recorded as removed blocks
with a reason; site chrome is skipped (`html.content.chrome`).
"""

from __future__ import annotations

import re
from typing import Any

from skillc.compiler.frontends.guide.directives import caution_text, is_warning
from skillc.compiler.frontends.guide.escape import escape_line_start
from skillc.compiler.frontends.guide.pieces import Caution, CodeRef, Event, Piece
from skillc.compiler.frontends.guide.result import nesting_flattened
from skillc.compiler.frontends.guide.textutil import LineIndex, Roles
from skillc.compiler.frontends.html import lists as html_lists
from skillc.compiler.frontends.html.content import (
    BLOCK_TAGS,
    HEADINGS,
    all_text,
    chrome,
    classes,
    has_block,
    is_title,
    tag_of,
    toc,
)
from skillc.compiler.frontends.html.doxygen import member_table, read_member_table
from skillc.compiler.frontends.html.inline import (
    MAX_DEPTH,
    children,
    code_language,
    dropped,
    flat_text,
    link_target,
    pre_text,
    render,
)
from skillc.compiler.frontends.html.spans import SourceLines
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Code, ContentBlock, Heading, Prose
from skillc.ir.span import Span
from skillc.ir.vocab import Placement

ADMONITIONS = frozenset(
    {"note", "warning", "tip", "hint", "important", "caution", "danger", "attention", "error",
     "seealso", "todo"}
)  # fmt: skip
_ADMONITION_TAGS = frozenset({"div", "aside", "section", "blockquote", "details"})
_ADMONITION_TITLES = frozenset({"admonition-title", "markdown-alert-title", "title"})
_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_RUBRIC = "rubric"
#: RDoc (darkfish) heads each method and attribute with a ``div.method-heading`` (name and
#: arguments) under its section's ``<h3>`` ("Public Instance Methods"): read as an ``<h4>``, so
#: that a class page's methods are its sub-sections, not paragraphs.
_METHOD_HEADING = "method-heading"
_METHOD_LEVEL = 4
# Footnotes and citations of docutils' and Sphinx's HTML writers.
_NOTES = frozenset({"footnote", "citation"})
_NUMBERING = re.compile(r"^\s*\d+(\.\d+)*\.?\s*$")
# A site template's "last modified" line at the foot of the content.
_PAGE_META = re.compile(
    r"^\W*(this page (was )?)?last (modified|updated|changed|generated)\b", re.IGNORECASE
)


def admonition_name(element: Any) -> str:
    """``warning``, ``note``... for an admonition container, else ``""``."""
    if tag_of(element) not in _ADMONITION_TAGS:
        return ""
    tokens = classes(element)
    for token in tokens:
        name = token.removeprefix("markdown-alert-")
        if name in ADMONITIONS:
            return name
    return "admonition" if "admonition" in tokens or "markdown-alert" in tokens else ""


class HtmlReader:
    """Collects the events of one page's main content."""

    def __init__(
        self, index: LineIndex, roles: Roles, shift: int = 0, titled: bool = False
    ) -> None:
        self.index = index
        #: How roles read on this page (for the plain text of warnings).
        self.roles = roles
        self.lines = SourceLines(index)
        self.shift = shift
        self.titled = titled
        self.events: list[Event] = []
        self.diagnostics: list[Diagnostic] = []
        self.depth = 0
        self.section = 0  # the level of the last section heading read
        self.api = 0  # how many API entries (a class's body...) the walk is inside
        #: The text of each ``<pre>`` the inventory already read (`html_inventory`'s
        #: ``codes``): a highlighted block is a ``<span>`` per token, read once, not twice.
        self.pre_texts: dict[Any, str] = {}

    def api_level(self) -> int:
        """The heading level of an API entry: one below its section, one more per entry it is
        nested in, at most 6."""
        return min(max(self.section, 1) + 1 + self.api, 6)

    # -- emitting -------------------------------------------------------------------------------

    def add(
        self,
        block: ContentBlock,
        span: Span,
        admonition: str,
        *,
        texts: tuple[str, ...] = (),
        items: tuple[tuple[str, ...], ...] = (),
        codes: tuple[CodeRef, ...] = (),
    ) -> None:
        piece = Piece(
            block=block, span=span, admonition=admonition, texts=texts, items=items, codes=codes
        )
        self.events.append(piece)

    def prose(self, text: str, span: Span, adm: str) -> None:
        """A paragraph of inline Markdown (already rendered)."""
        if text and len(text) < 200 and _PAGE_META.match(text):
            self.removed(text, span, "page metadata", adm)
        elif text:
            text = escape_line_start(text)
            self.add(Prose(id="", text=text), span, adm, texts=(text,))

    def note(self, message: str, span: Span) -> None:
        """An SK030 note (text kept in a simpler form), once per message and page."""
        if all(d.message != message for d in self.diagnostics):
            self.diagnostics.append(
                Diagnostic(
                    code="SK030",
                    message=message,
                    severity=Severity.INFO,
                    span=span,
                    path=span.source,
                )
            )

    def removed(self, text: str, span: Span, reason: str, adm: str) -> None:
        block = Prose(id="", text=text, placement=Placement.REMOVED, reason=reason)
        self.add(block, span, adm)

    def flattened(self, line: int, limit: int) -> None:
        """The SK070 warning for a page whose content below ``limit`` levels of nesting was
        flattened (`html.deep`): all of its text is read, lists and tables as paragraphs.
        Its elements moved into paragraphs `html.deep` made: their lines are read one by one
        (`SourceLines.ordered`)."""
        self.lines.ordered = False
        detail = "its lists, tables and headings as paragraphs; code kept as code"
        self.diagnostics.append(nesting_flattened(self.lines.lines(line, line), limit, detail))

    # -- walking --------------------------------------------------------------------------------

    def container(self, element: Any, adm: str, skip: Any = None) -> None:
        """Read ``element``'s children (but ``skip``); text between blocks becomes paragraphs.

        Containers nested deeper than `MAX_DEPTH` are read as one paragraph of plain text.
        """
        if self.depth >= MAX_DEPTH:
            span = self.lines.span(element)
            self.prose(flat_text(element), span, adm)
            self.note(f"content nested over {MAX_DEPTH} levels deep kept as plain text", span)
            return
        self.depth += 1
        self._children(element, adm, skip)
        self.depth -= 1

    def _children(self, element: Any, adm: str, skip: Any) -> None:
        run = _Run(self)
        run.text(element.text, element)
        for child in element:
            tag = tag_of(child)
            if not tag or child is skip:
                pass
            elif tag in BLOCK_TAGS:
                if not chrome(child):
                    run.flush(adm)
                    self.block(child, adm)
            elif not dropped(child):
                if has_block(child):
                    run.flush(adm)
                    if not self.linked_heading(child, adm):
                        self.container(child, adm)
                else:
                    run.element(child)
            run.tail(child)
        run.flush(adm)

    def block(self, element: Any, adm: str) -> None:
        """Read one block-level element."""
        tag = tag_of(element)
        tokens = classes(element)
        if toc(element):
            text = "\n".join(html_lists.flat(self.lines, element, depth=self.depth).chunks)
            self.removed(text, self.lines.span(element), "table of contents", adm)
        elif tag in HEADINGS:
            self.heading(element, int(tag[1]) + self.shift, adm)
        elif self.titled and is_title(element):
            self.heading(element, 1, adm)
        elif tag == "pre":
            self.code(element, adm)
        elif _METHOD_HEADING in tokens:
            self.heading(element, _METHOD_LEVEL + self.shift, adm)
        elif _RUBRIC in tokens:
            self.label(element, adm)
        elif not _NOTES.isdisjoint(tokens) and tag in ("aside", "div", "dl"):
            self.footnote(element, adm)
        elif tag in _LIST_TAGS and not _sectioned(element, tokens):
            html_lists.read_list(self, element, adm)
        elif tag == "dl":
            html_lists.read_definitions(self, element, adm)
        elif tag == "table" and member_table(element):
            read_member_table(self, element, adm)
        elif tag == "table":
            html_lists.read_table(self, element, adm)
        elif tag != "hr":
            name = admonition_name(element)
            if name:
                self.admonition(element, name, adm)
            else:
                self.container(element, adm)

    def heading(self, element: Any, level: int, adm: str) -> None:
        parts = children(element)
        first = parts[1] if len(parts) > 1 else None
        numbered = first is not None and not parts[0].strip() and tag_of(first) == "span"
        if numbered and _NUMBERING.match(all_text(first)):  # "1.2. ": generated numbering
            parts[1] = ""
        text = render(parts)
        if text:
            block = Heading(id="", level=max(1, min(level, 6)), text=text)
            self.section = block.level
            self.add(block, self.lines.span(element), adm)

    def label(self, element: Any, adm: str) -> None:
        """A Sphinx rubric (``p.rubric``: "Footnotes", a table's label) as a bold line, not a
        paragraph: no sentence is read from it, as the RST frontend reads ``.. rubric::``."""
        text = render(children(element))
        if text:
            self.add(Prose(id="", text=f"**{text}**"), self.lines.span(element), adm)

    def footnote(self, element: Any, adm: str) -> None:
        """A footnote or citation (docutils' ``aside.footnote``, ``div.citation``, Sphinx 4's
        ``dl.footnote``) as one paragraph ``[label] text``, as the RST frontend reads it."""
        if tag_of(element) == "dl":
            for terms, definitions in html_lists.dl_entries(element):
                label = " ".join(all_text(t) for t in terms)
                self.footnote_text(label, definitions, element, adm)
            return
        found = [c for c in element if tag_of(c) and "label" in classes(c)]
        label = all_text(found[0]) if found else ""
        body = [c for c in element if tag_of(c) and c not in found and not dropped(c)]
        self.footnote_text(label, body, element, adm)

    def footnote_text(self, label: str, body: list[Any], element: Any, adm: str) -> None:
        """``[label] text`` as one paragraph; from the first child holding a ``<pre>`` on,
        the children are read as blocks, so code keeps its lines (as the RST frontend does)."""
        split = next((n for n, c in enumerate(body) if any(True for _ in c.iter("pre"))), None)
        parts = [
            html_lists.flat(self.lines, child, depth=self.depth).line() for child in body[:split]
        ]
        name = " ".join(label.split()).strip("[]")
        text = f"[{name}] {' '.join(p for p in parts if p)}".strip() if name else " ".join(parts)
        if text:
            self.add(Prose(id="", text=text), self.lines.span(element), adm, texts=(text,))
        for child in body[split:] if split is not None else ():
            if tag_of(child) in BLOCK_TAGS:
                self.block(child, adm)
            else:
                self.container(child, adm)

    def linked_heading(self, element: Any, adm: str) -> bool:
        """A heading wrapped in a link to another page (a way back up, as on sqlite.org's
        C API pages) is read as a link, not as a section of this page."""
        inner = [c for c in element if tag_of(c)]
        if tag_of(element) != "a" or not link_target(element.get("href")):
            return False
        if len(inner) != 1 or tag_of(inner[0]) not in HEADINGS:
            return False
        self.prose(render([element], checked=True), self.lines.span(element), adm)
        return True

    def code(self, element: Any, adm: str) -> None:
        text = self.pre_texts.get(element)
        if text is None:
            text = pre_text(element)
        if text.strip():
            block = Code(id="", text=text, language=code_language(element))
            self.add(block, self.lines.span(element), adm)

    def admonition(self, element: Any, name: str, adm: str) -> None:
        """An admonition's title (unless it is just its kind), its body, and a caution."""
        warning = is_warning(name, {"class": " ".join(classes(element))})
        context = "warning" if warning and name == "admonition" else name
        mark = len(self.events)
        title = _title_child(element)
        if title is not None:
            words = render(children(title))
            if words.rstrip(":").strip().lower() not in (*ADMONITIONS, "admonition", "see also"):
                self.add(Prose(id="", text=f"**{words}**"), self.lines.span(title), context)
        self.container(element, context, skip=title)
        if warning:
            text = caution_text(self.events[mark:], self.roles)
            if text:
                self.events.insert(mark, Caution(text=text, span=self.lines.span(element)))


def _sectioned(listing: Any, tokens: list[str]) -> bool:
    """Whether a list lays out sections rather than listing items: a heading inside it, or
    Javadoc's layout class (``blockList``, ``blockListLast``; ``tokens``: the list's classes).
    Javadoc nests a class page's details in lists (``ul.blockList > li > h3 "Method Detail"
    > ul > li > h4 "width"``, with the signature's ``<pre>`` and the prose beside): read as one
    list, argparse4j's pages became one item of bold lines and fenced code, without a section.
    Read as a container, its headings are sections and its signatures code blocks."""
    if "blockList" in tokens or "blockListLast" in tokens:
        return True
    return next(listing.iter(*HEADINGS), None) is not None


def _title_child(element: Any) -> Any | None:
    """The first child of an admonition that is its title (``p.admonition-title``...)."""
    for child in element:
        if not tag_of(child):
            continue
        if tag_of(child) == "summary" or not set(classes(child)).isdisjoint(_ADMONITION_TITLES):
            return child
        return None
    return None


class _Run:
    """Text and inline elements between two blocks: one paragraph, with its line range."""

    __slots__ = ("first", "last", "parts", "reader")

    def __init__(self, reader: HtmlReader) -> None:
        self.reader = reader
        self.parts: list[str | Any] = []
        self.first = 0
        self.last = 0

    def text(self, text: str | None, owner: Any) -> None:
        """``owner``'s own text (it starts on ``owner``'s line)."""
        if text:
            self._text(text, self.reader.lines.start(owner))

    def tail(self, child: Any) -> None:
        """The text after ``child`` (it starts on the line ``child`` ends)."""
        tail = child.tail
        if tail:
            if tail.strip():
                self._text(tail, self.reader.lines.end(child))
            else:
                self.parts.append(tail)

    def _text(self, text: str, line: int) -> None:
        self.parts.append(text)
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            self._lines(line + text.count("\n", 0, lead), line + text.rstrip().count("\n"))

    def element(self, element: Any) -> None:
        self.parts.append(element)
        lines = self.reader.lines
        first = lines.start(element)
        self._lines(first, lines.end(element, first))

    def _lines(self, first: int, last: int) -> None:
        if not self.first:
            self.first = first
        self.last = max(self.last, last, first)

    def flush(self, adm: str) -> None:
        if self.parts and self.first:
            text = render(self.parts, checked=True)  # `_children` asked `dropped`
            if text:
                self.reader.prose(text, self.reader.lines.lines(self.first, self.last), adm)
        self.parts = []
        self.first = self.last = 0
