"""HTML lists, definition lists and tables -> `ListBlock`, `Prose` and `Table` pieces.

Why: a list item or a table cell can hold whole blocks (paragraphs, nested lists, code), but the
IR keeps an item as one Markdown text and a cell as one line. `flat` renders such nested content
as Markdown chunks (nested lists indented under their marker, code fenced), and remembers the
paragraphs and code it saw so the step extractor can read them as it does for Markdown lists.

Decisions: a Sphinx object description (``dl.py.function``, ``dt.sig``...) is an API entry:
a heading with its signature in a code span, one level below its section (`read_api_entries`),
then its body; a definition list whose definitions are one paragraph each becomes a bullet
list of ``**term**: definition``; others (field lists with nested lists) become a bold term
line followed by the definition's blocks. A table holding headings, nested tables, multi-line
code or only one column is page layout, and its cells are read as blocks in order; other tables
become a `Table`, header row first.

Guarantees: every ``<pre>`` inside an item is fenced verbatim in the item's text and listed as a
`CodeRef`; a one-line ``<pre>`` in a data cell becomes a code span; nothing is read twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from skillc.compiler.frontends.guide.escape import code_span, escape_line_start
from skillc.compiler.frontends.guide.pieces import CodeRef
from skillc.compiler.frontends.html.content import (
    BLOCK_TAGS,
    HEADINGS,
    chrome,
    classes,
    has_block,
    tag_of,
)
from skillc.compiler.frontends.html.inline import (
    MAX_DEPTH,
    children,
    code_language,
    dropped,
    flat_text,
    pre_text,
    render,
    text_of,
)
from skillc.compiler.frontends.html.spans import SourceLines
from skillc.ir.nodes import Heading, ListBlock, Prose, Table

if TYPE_CHECKING:
    from skillc.compiler.frontends.html.blocks import HtmlReader

_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_CELLS = frozenset({"td", "th"})
_FENCE_RUN = re.compile(r"`{3,}")
_HEAD_ROWS = etree.XPath("./thead/tr")
_BODY_ROWS = etree.XPath("./tr | ./tbody/tr | ./tfoot/tr")
# Sphinx object descriptions (dl.py.function, dl.c.struct...) and their signature terms.
_SPHINX_DOMAINS = frozenset({"py", "c", "cpp", "js", "rst", "std", "http", "rb", "php", "go"})


@dataclass(slots=True)
class Flat:
    """Nested block content as Markdown chunks, with the paragraphs and code found in it."""

    chunks: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    codes: list[CodeRef] = field(default_factory=list)

    def add(self, kind: str, chunk: str) -> None:
        if chunk.strip():
            self.kinds.append(kind)
            self.chunks.append(chunk)

    def markdown(self) -> str:
        """The chunks as one Markdown text: a list follows its lead-in line directly."""
        out: list[str] = []
        for n, chunk in enumerate(self.chunks):
            if n:
                out.append("\n" if self.kinds[n] == "list" else "\n\n")
            out.append(chunk)
        return "".join(out)

    def line(self) -> str:
        """The chunks on one line (for a table cell)."""
        return " ".join(" ".join(c.split()) for c in self.chunks)


def flat(lines: SourceLines, element: Any, cell: bool = False, depth: int = 0) -> Flat:
    """``element``'s content as Markdown chunks; in a ``cell``, one-line code as a code span."""
    walker = _Flattener(lines, cell, depth)
    walker.walk(element)
    return walker.out


class _Flattener:
    __slots__ = ("cell", "depth", "lines", "out")

    def __init__(self, lines: SourceLines, cell: bool, depth: int = 0) -> None:
        self.lines = lines
        self.cell = cell
        self.depth = depth
        self.out = Flat()

    def walk(self, element: str | Any) -> None:
        if isinstance(element, str):  # text outside the items of a list
            self.paragraph([element])
            return
        if self.depth >= MAX_DEPTH:  # deeper content is read as plain text
            text = flat_text(element)
            self.out.paras.append(text)
            self.out.add("p", escape_line_start(text))
            return
        self.depth += 1
        self._walk(element)
        self.depth -= 1

    def _walk(self, element: Any) -> None:
        parts: list[str | Any] = [element.text or ""]
        for child in element:
            tag = tag_of(child)
            if tag and not dropped(child):
                if tag in BLOCK_TAGS or has_block(child):
                    self.paragraph(parts)
                    parts = []
                    self.block(child, tag)
                else:
                    parts.append(child)
            parts.append(child.tail or "")
        self.paragraph(parts)

    def paragraph(self, parts: list[str | Any]) -> None:
        text = render(parts, checked=True)  # `_walk` asked `dropped`
        if text:
            self.out.paras.append(text)
            self.out.add("p", escape_line_start(text))

    def block(self, element: Any, tag: str) -> None:
        if tag == "pre":
            self.code(element)
        elif tag in _LIST_TAGS:
            items = [self.nested(li) for li in _items(element)]
            start = _start(element) if tag == "ol" else 1
            self.out.add("list", list_markdown([i for i in items if i], tag == "ol", start))
        elif tag in HEADINGS:
            text = render(children(element))
            self.out.add("p", f"**{text}**" if text else "")
        elif tag == "dl":
            for terms, definitions in dl_entries(element):
                term = ", ".join(t for t in (render(children(d)) for d in terms) if t)
                body = "\n\n".join(self.nested(d) for d in definitions)
                self.out.add("list", list_markdown([_definition(term, body)], False, 1))
        elif tag == "table":
            self.table(element)
        elif tag != "hr":
            self.walk(element)

    def table(self, element: Any) -> None:
        """A layout table's cells as blocks in order (texi2html wraps every example in one: a
        spacer cell and a ``<pre>``), as `read_table` reads them outside lists; a data table's
        rows one line each."""
        rows = table_rows(element)
        layout = _layout(element, rows)
        for row in rows:
            cells = [c for c in row if tag_of(c) in _CELLS]
            if layout:
                for cell in cells:
                    if not chrome(cell):
                        self.walk(cell)
                continue
            self.out.add(
                "p", " | ".join(flat(self.lines, c, True, self.depth).line() for c in cells)
            )

    def nested(self, element: str | Any) -> str:
        """A list item's (or definition's) Markdown; its paragraphs and code are kept too."""
        inner = _Flattener(self.lines, self.cell, self.depth)
        inner.walk(element)
        self.out.paras.extend(inner.out.paras)
        self.out.codes.extend(inner.out.codes)
        return inner.out.markdown()

    def code(self, element: Any) -> None:
        text = pre_text(element)
        if not text.strip():
            return
        if self.cell and "\n" not in text:
            self.out.add("p", code_span(text))
            return
        language = code_language(element)
        span = self.lines.span(element)
        self.out.codes.append(CodeRef(language=language, text=text, span=span))
        longest = max((len(run) for run in _FENCE_RUN.findall(text)), default=0)
        fence = "`" * max(3, longest + 1)
        self.out.add("code", f"{fence}{language}\n{text}\n{fence}")


def list_markdown(items: list[str], ordered: bool, start: int) -> str:
    """Items as a Markdown list; continuation lines indented under the marker."""
    lines: list[str] = []
    for n, item in enumerate(items):
        marker = f"{start + n}. " if ordered else "- "
        first, *rest = item.split("\n")
        lines.append(marker + first)
        lines.extend(" " * len(marker) + line if line.strip() else "" for line in rest)
    return "\n".join(lines)


def _definition(term: str, body: str) -> str:
    if term and body:
        return f"**{term}**: {body}"
    return f"**{term}**" if term else body


def _items(element: Any) -> list[str | Any]:
    """The items of a list: its ``<li>`` children; any other content child, and text outside
    the items (invalid, but pages have it), counts as one item."""
    items: list[str | Any] = [element.text] if element.text and element.text.strip() else []
    for child in element:
        if tag_of(child) and not chrome(child):
            items.append(child)
        if child.tail and child.tail.strip():
            items.append(child.tail)
    return items


def _start(element: Any) -> int:
    value = (element.get("start") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else 1


def dl_entries(element: Any) -> list[tuple[list[Any], list[Any]]]:
    """``(terms, definitions)`` groups of a ``<dl>`` (``<div>`` wrappers of HTML5 read through)."""
    entries: list[tuple[list[Any], list[Any]]] = []
    nodes = [n for c in element for n in (c if tag_of(c) == "div" else [c])]
    for node in nodes:
        tag = tag_of(node)
        if tag == "dt":
            if not entries or entries[-1][1]:
                entries.append(([], []))
            entries[-1][0].append(node)
        elif tag == "dd" or (tag and not chrome(node)):
            if not entries:
                entries.append(([], []))
            entries[-1][1].append(node)
    return entries


def table_rows(table: Any) -> list[Any]:
    """Header rows first; cells written straight into ``<table>`` make one row of their own."""
    direct = [table] if any(tag_of(c) in _CELLS for c in table) else []
    return [*_HEAD_ROWS(table), *direct, *_BODY_ROWS(table)]


# --- Emitting pieces ---------------------------------------------------------------------------


def read_list(reader: HtmlReader, element: Any, adm: str) -> None:
    """A ``<ul>``/``<ol>`` as one `ListBlock`; items keep nested blocks as Markdown."""
    ordered = tag_of(element) == "ol"
    items: list[str] = []
    paras: list[tuple[str, ...]] = []
    codes: list[CodeRef] = []
    for item in _items(element):
        walker = _Flattener(reader.lines, False, reader.depth)
        walker.walk(item)
        text = walker.out.markdown()
        if text.strip():
            items.append(text)
            paras.append(tuple(walker.out.paras))
            codes.extend(walker.out.codes)
    if items:
        start = _start(element) if ordered else 1
        block = ListBlock(id="", items=tuple(items), ordered=ordered, start=start)
        span = reader.lines.span(element)
        reader.add(block, span, adm, items=tuple(paras), codes=tuple(codes))


def read_definitions(reader: HtmlReader, element: Any, adm: str) -> None:
    """A ``<dl>``: API entries as headings (`read_api_entries`), a bullet list when every
    definition is one paragraph, else each term as a bold line followed by its blocks."""
    entries = dl_entries(element)
    if _is_api(element, entries):
        read_api_entries(reader, entries, adm)
        return
    coded = any(_coded(t) for terms, _ in entries for t in terms)
    if not coded and all(_simple(d) for _, definitions in entries for d in definitions):
        _definition_list(reader, element, entries, adm)
        return
    for terms, definitions in entries:
        for term in terms:
            _term(reader, term, adm)
        for definition in definitions:
            reader.container(definition, adm)


_OUTSIDE_PRE = etree.XPath(".//text()[not(ancestor::pre)]")


def _coded(term: Any) -> bool:
    """A term holding a ``<pre>`` (DocBook: ``<dt><span class="term"><pre class="synopsis">``)."""
    return next(term.iter("pre"), None) is not None


def _term(reader: HtmlReader, term: Any, adm: str) -> None:
    """A term as a bold line; a term holding ``<pre>`` synopses as those code blocks, with the
    bold line only when the term has words outside them.

    Why: rendered inline, a synopsis lost its code block (aptitude's manual: nine PV014 errors
    and no output), and it is the entry's exact syntax, which an agent copies.
    """
    pres = list(term.iter("pre"))
    words = render(children(term)) if not pres or "".join(_OUTSIDE_PRE(term)).strip() else ""
    if words:
        reader.add(Prose(id="", text=f"**{words}**"), reader.lines.span(term), adm)
    for pre in pres:
        reader.code(pre, adm)


def _is_api(element: Any, entries: list[tuple[list[Any], list[Any]]]) -> bool:
    """A Sphinx object description: a domain class on the list (``dl.py.function``,
    ``dl.std.cmdoption``) or a signature term (``dt.sig``, Sphinx 4 and later)."""
    if not _SPHINX_DOMAINS.isdisjoint(classes(element)):
        return True
    return any("sig" in classes(term) for terms, _ in entries for term in terms)


def read_api_entries(
    reader: HtmlReader, entries: list[tuple[list[Any], list[Any]]], adm: str
) -> None:
    """Each API entry as a heading whose text is its first signature in a code span, one
    level below the enclosing section (entries nested in a class's body one more, at most
    H6); further signatures as one line of code spans; then the entry's body.

    Why: long API reference pages (a library module, the C API) would otherwise have no
    headings, hence no table of contents, and an agent could not find an entry. The RST
    frontend gives the same headings for the page's source (`rst.signature`).
    """
    for terms, definitions in entries:
        shown = [(term, code_span(text_of(term))) for term in terms]
        shown = [(term, text) for term, text in shown if text]
        if shown:
            first, text = shown[0]
            reader.add(
                Heading(id="", level=reader.api_level(), text=text), reader.lines.span(first), adm
            )
        if len(shown) > 1:
            lines = reader.lines
            span = lines.lines(lines.start(shown[1][0]), lines.end(shown[-1][0]))
            reader.add(Prose(id="", text=", ".join(t for _, t in shown[1:])), span, adm)
        reader.api += bool(shown)
        for definition in definitions:
            reader.container(definition, adm)
        reader.api -= bool(shown)


def _simple(definition: Any) -> bool:
    """A definition that is inline text or one paragraph."""
    blocks = [d for d in definition.iterdescendants() if tag_of(d) in BLOCK_TAGS]
    return not blocks or (len(blocks) == 1 and tag_of(blocks[0]) == "p")


def _definition_list(
    reader: HtmlReader, element: Any, entries: list[tuple[list[Any], list[Any]]], adm: str
) -> None:
    items: list[str] = []
    paras: list[tuple[str, ...]] = []
    for terms, definitions in entries:
        term = ", ".join(t for t in (render(children(d)) for d in terms) if t)
        texts = [t for t in (render([d]) for d in definitions) if t]
        item = _definition(term, " ".join(texts))
        if item:
            items.append(item)
            paras.append(tuple(texts))
    if items:
        block = ListBlock(id="", items=tuple(items))
        reader.add(block, reader.lines.span(element), adm, items=tuple(paras))


def read_table(reader: HtmlReader, element: Any, adm: str) -> None:
    """A data table as a `Table`; a layout table's cells as blocks; Sphinx line-numbered code."""
    if "highlighttable" in classes(element):
        for pre in element.iter("pre"):
            if not any("linenos" in classes(a) for a in pre.iterancestors("td", "div")):
                reader.code(pre, adm)
        return
    rows = table_rows(element)
    if _layout(element, rows):
        for row in rows:
            for cell in row:
                if tag_of(cell) in _CELLS and not chrome(cell):
                    reader.container(cell, adm)
        return
    caption = element.find("caption")
    if caption is not None:
        reader.prose(render(children(caption)), reader.lines.span(caption), adm)
    table = [
        tuple(flat(reader.lines, c, True, reader.depth).line() for c in row if tag_of(c) in _CELLS)
        for row in rows
    ]
    cells = tuple(row for row in table if any(row))
    if cells:
        reader.add(Table(id="", rows=cells), reader.lines.span(element), adm)


def _layout(table: Any, rows: list[Any]) -> bool:
    """Whether a table arranges the page rather than tabulating data."""
    if table.get("role") in ("presentation", "none"):
        return True
    if max((sum(tag_of(c) in _CELLS for c in row) for row in rows), default=0) <= 1:
        return True
    if len(rows) == 1 and any(tag_of(c) == "td" and chrome(c) for c in rows[0]):
        return True  # a navigation column beside the page (`html.content`)
    for node in table.iterdescendants("table", "pre", "blockquote", *HEADINGS):
        if node.tag != "pre" or "\n" in pre_text(node):
            return True
    return False
