"""A docutils doctree -> the document-ordered `Piece`/`Caution` stream `scenes.assemble` reads.

Why: structure extraction (steps, constraints, scenes) is shared with the Markdown frontend and
only reads pieces; this module is the RST half of that interface. Sections become headings (the
first title level 1, deeper sections deeper), API entries (``.. function::``...) headings one
level below their section with the signature Sphinx shows (`rst.signature`), their info fields
grouped as Sphinx groups them (`rst.fields`), paragraphs prose, lists lists, literal blocks and
code directives code, tables tables, admonitions pieces in an admonition context (warning-class
ones also a `Caution`), exactly as `directives` decides for MyST. Where Sphinx shows something
other than the source (version notes, doctest flags), the pieces hold what Sphinx shows, so a
page and its Sphinx HTML give the same skill.

Guarantees: every piece's span is a line range of the source, taken from the node's line (or
its descendants', or the nearest ancestor's); ``texts``/``items`` hold each paragraph's raw RST
source when the RST rewriter turns it into exactly the Markdown the block carries (so sentences
are located in the source), and the emitted Markdown itself otherwise, with a rewrite that
leaves it unchanged; every literal block body lands verbatim in a ``Code`` block (or, inside a
list item, in the item's fenced text and its `CodeRef`), an interactive session without the
``# doctest:`` flags and ``<BLANKLINE>`` markers Sphinx hides; nothing is dropped silently: removed
directives, comments and text docutils could not place are ``removed`` blocks with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docutils import nodes

from skillc.compiler.frontends.guide import directives as d
from skillc.compiler.frontends.guide.escape import code_span
from skillc.compiler.frontends.guide.pieces import MARKDOWN, RST, CodeRef, Piece
from skillc.compiler.frontends.guide.textutil import Roles, rewrite_rst_inline
from skillc.compiler.frontends.markdown.blocks import Reader
from skillc.compiler.frontends.rst import inline as md
from skillc.compiler.frontends.rst.fields import info_fields
from skillc.compiler.frontends.rst.sphinx import (
    Description,
    Removed,
    VersionNote,
    signature_markdown,
)
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Table
from skillc.ir.span import Span

__all__ = ["walk"]

_ERROR_LEVEL = 3
_MAX_HEADING = 6
_BORDER = frozenset("+-=|: ")
# Nodes that are markup, consumed where they are used (targets, substitutions) or generated.
_MARKUP = (
    nodes.target,
    nodes.substitution_definition,
    nodes.pending,
    nodes.transition,
    nodes.decoration,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Rendered(Piece):
    """A piece whose ``texts``/``items`` already are the Markdown its block carries."""

    def rewrite(self, raw: str, roles: Roles) -> str:
        return raw


def walk(document: nodes.document, reader: Reader) -> None:
    """Append the pieces of ``document`` to ``reader.events``."""
    _Walker(reader).children(document, "", 0)


class _Walker:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.lines = reader.index.lines
        self.highlight = ""  # the language ".. highlight::" gives later "::" blocks
        self.api = 0  # how many API entries (``.. class::``...) the current node is inside
        # Keyed by the node itself (identity), not id(): nodes made during the walk (info
        # fields, version notes) may be freed, and a later node could reuse a freed id.
        self._extents: dict[nodes.Node, tuple[int, int] | None] = {}

    # -- dispatch -------------------------------------------------------------------------------

    def children(self, node: nodes.Node, adm: str, depth: int) -> None:
        for child in node.children:
            self.block(child, adm, depth)

    def block(self, node: nodes.Node, adm: str, depth: int) -> None:
        if isinstance(node, nodes.section):
            self.children(node, adm, depth + 1)
        elif isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            level = min(max(depth, 1), _MAX_HEADING)
            text = " ".join(md.inline(node).split())  # one line, as Sphinx's HTML shows it
            self.add(Heading(id="", level=level, text=text), node, adm)
        elif isinstance(node, nodes.paragraph):
            self.paragraph(node, adm)
        elif isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            self.listing(node, adm)
        elif isinstance(node, nodes.literal_block | nodes.doctest_block | nodes.math_block):
            self.code(node, adm)
        elif isinstance(node, nodes.table):
            self.table(node, adm)
        elif isinstance(node, nodes.Admonition):
            self.admonition(node, adm, depth)
        elif isinstance(node, VersionNote):
            self.version(node, adm, depth)
        elif isinstance(node, Description):
            self.description(node, adm, depth)
        elif isinstance(node, Removed):
            self.highlight = node.get("language", self.highlight)
            self.reader.removed(node["text"], self.span(node), node["reason"], adm)
        elif isinstance(node, nodes.comment):
            if node.astext().strip():
                self.reader.removed(node.astext(), self.span(node), "rst comment", adm)
        elif isinstance(node, nodes.system_message):
            self.message(node, adm)
        elif isinstance(node, nodes.definition_list_item | nodes.field | nodes.option_list_item):
            self.item(node, adm, depth)
        elif isinstance(node, nodes.line_block):
            self.rendered(Prose(id="", text=md.line_block(node)), node, adm)
        elif isinstance(node, nodes.rubric | nodes.title | nodes.caption):
            self.label(md.inline(node), node, adm)
        elif isinstance(node, nodes.attribution):
            self.rendered(Prose(id="", text=f"— {md.inline(node)}"), node, adm)
        elif isinstance(node, nodes.footnote | nodes.citation):
            self.footnote(node, adm)
        elif isinstance(node, nodes.image):
            uri = node.get("uri", "")
            self.reader.removed(node.rawsource or uri, self.span(node), f"image {uri}", adm)
        elif isinstance(node, nodes.Text) and node.astext().strip():
            self.rendered(Prose(id="", text=node.astext().strip()), node, adm)
        elif isinstance(node, nodes.Element) and not isinstance(node, (*_MARKUP, nodes.raw)):
            self.children(node, adm, depth)  # block quotes, containers, unknown directives...

    # -- emitting -------------------------------------------------------------------------------

    def add(self, block: ContentBlock, node: nodes.Node, adm: str) -> None:
        self.reader.add(block, self.span(node), adm)

    def rendered(self, block: ContentBlock, node: nodes.Node, adm: str) -> None:
        """A piece whose text is its own source for sentences (Markdown, rewritten as is)."""
        text = getattr(block, "text", "")
        piece = _Rendered(block=block, span=self.span(node), admonition=adm, texts=(text,))
        self.reader.events.append(piece)

    def label(self, text: str, node: nodes.Node, adm: str, *, bold: bool = True) -> None:
        """A label line (a term, a title, a signature): no sentences are read from it."""
        if text.strip():
            shown = f"**{text.strip()}**" if bold else text.strip()
            self.reader.add(Prose(id="", text=shown), self.span(node), adm)

    def sourced(
        self,
        block: ContentBlock,
        node: nodes.Node,
        adm: str,
        groups: list[list[nodes.Node]],
        codes: tuple[CodeRef, ...] = (),
    ) -> None:
        """A prose piece (one group) or list piece (a group per item) with sentence sources.

        The sources are the paragraphs' raw RST when the RST rewriter turns each into exactly
        the Markdown emitted (sentences are then found in the source), else that Markdown.
        """
        raws = [tuple(p.rawsource for p in group) for group in groups]
        shown = [tuple(md.inline(p) for p in group) for group in groups]
        pairs = zip(sum(raws, ()), sum(shown, ()), strict=True)
        roles = self.reader.roles
        faithful = all(rewrite_rst_inline(raw, roles) == text for raw, text in pairs)
        kind, dialect, sources = (Piece, RST, raws) if faithful else (_Rendered, MARKDOWN, shown)
        listed = isinstance(block, ListBlock)
        piece = kind(
            block=block,
            span=self.span(node),
            admonition=adm,
            dialect=dialect,
            texts=() if listed or not sources else sources[0],
            items=tuple(sources) if listed else (),
            codes=codes,
        )
        self.reader.events.append(piece)

    # -- blocks ---------------------------------------------------------------------------------

    def paragraph(self, node: nodes.paragraph, adm: str, lead: str = "") -> None:
        text = md.inline(node)
        if text.strip() or lead:
            self.sourced(Prose(id="", text=f"{lead} {text}".strip()), node, adm, [[node]])

    def listing(self, node: nodes.Element, adm: str) -> None:
        ordered = isinstance(node, nodes.enumerated_list)
        start = int(node.get("start", 1)) if ordered else 1
        items = tuple(md.blocks(item) for item in node.children)
        codes = tuple(
            CodeRef(
                language=self.language(code),
                text=md.code_text(code, self.language(code)),
                span=self.span(code),
            )
            for item in node.children
            for code in _codes(item)
        )
        block = ListBlock(id="", items=items, ordered=ordered, start=start)
        self.sourced(block, node, adm, [_paragraphs(item) for item in node.children], codes)

    def code(self, node: nodes.Element, adm: str) -> None:
        language = self.language(node)
        code = Code(id="", text=md.code_text(node, language), language=language)
        self.reader.add(code, self.span(node), adm)

    def language(self, node: nodes.Node) -> str:
        """A block's own language; a plain ``::`` block takes the last ``highlight``'s."""
        own = md.code_language(node)
        if own or "language" in node.attributes or isinstance(node, nodes.math_block):
            return own
        return self.highlight

    def table(self, node: nodes.Element, adm: str) -> None:
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if title is not None:
            self.label(md.inline(title), title, adm, bold=False)
        rows = md.table_rows(node)
        if rows:
            self.reader.add(Table(id="", rows=tuple(rows)), self.table_span(node), adm)

    def admonition(self, node: nodes.Element, adm: str, depth: int) -> None:
        name = node.tagname
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        arg = md.inline(title).strip() if title is not None else ""
        options = {"class": " ".join(node.get("classes", ()))}
        span, head = self.span(node), self.head(node)

        def body(context: str) -> Iterator[Any]:
            for child in node.children:
                if child is not title:
                    self.block(child, context, depth)
            yield from ()

        reading = d.admonition(self.reader, (name, arg, MARKDOWN), options, (span, head), body)
        self.reader.run(reading)

    def footnote(self, node: nodes.Element, adm: str) -> None:
        """A footnote or citation as one prose block: ``[label] text``. From its first child
        holding code on, its children are read as blocks, so code keeps its lines (joined
        into the footnote's line, a literal block would become prose)."""
        label = next((c.astext() for c in node.children if isinstance(c, nodes.label)), "")
        children = [c for c in node.children if not isinstance(c, nodes.label)]
        split = next((n for n, c in enumerate(children) if _codes(c) or _is_code(c)), None)
        body = [md.block(c) for c in children[:split]]
        text = " ".join(" ".join(b.split("\n")) for b in body if b.strip())
        self.rendered(Prose(id="", text=f"[{label}] {text}".strip()), node, adm)
        for child in children[split:] if split is not None else ():
            self.block(child, adm, 0)

    def item(self, node: nodes.Element, adm: str, depth: int) -> None:
        """A definition, field or option: its term as a bold line, then its body as blocks."""
        heads = [c for c in node.children if not isinstance(c, md.ITEM_BODIES)]
        if heads:
            self.label(md.head(heads), heads[0], adm)
        for body in node.children:
            if isinstance(body, md.ITEM_BODIES):
                self.children(body, adm, depth)

    def description(self, node: Description, adm: str, depth: int) -> None:
        """An API entry: its first signature a heading one level below the enclosing section
        (entries nested in a class one more, at most H6), further signatures a line of code
        spans, then its body. The HTML frontend reads Sphinx's rendering of it the same way."""
        signatures = node["signatures"]
        first = self.span(node).line - 1
        if signatures:
            level = min(max(depth, 1) + 1 + self.api, _MAX_HEADING)
            heading = Heading(id="", level=level, text=code_span(signatures[0]))
            self.reader.add(heading, self.reader.index.lines_span(first, first + 1), adm)
        if len(signatures) > 1:
            more = Prose(id="", text=signature_markdown(signatures[1:]))
            lines = max(int(node.get("lines", 1)), 2)
            self.reader.add(more, self.reader.index.lines_span(first + 1, first + lines), adm)
        self.api += 1
        for child in node.children:
            if isinstance(child, nodes.field_list):  # Sphinx's info fields (:param x:...)
                self.fields(info_fields(child, self.extent), adm, depth)
            else:
                self.block(child, adm, depth)
        self.api -= 1

    def fields(self, node: nodes.field_list, adm: str, depth: int) -> None:
        """An API entry's field list as its HTML reads (`html.lists.read_definitions`): one
        bullet list of ``**Label:**: text`` when every field is one paragraph, else each
        label as a bold line followed by its body's blocks."""
        items = [f for f in node.children if isinstance(f, nodes.field) and len(f) == 2]
        if all(_one_paragraph(f.children[1]) for f in items):
            shown: list[str] = []
            texts: list[tuple[str, ...]] = []
            for item in items:
                label = " ".join(md.inline(item.children[0]).split())
                body = " ".join(md.blocks(item.children[1]).split())
                text = f"**{label}:**: {body}" if body else f"**{label}:**"
                shown.append(text)
                texts.append((body,) if body else ())
            if shown:
                block = ListBlock(id="", items=tuple(shown))
                piece = _Rendered(
                    block=block, span=self.span(node), admonition=adm, items=tuple(texts)
                )
                self.reader.events.append(piece)
            return
        for item in items:
            name, body = item.children
            self.label(" ".join(md.inline(name).split()) + ":", name, adm)
            self.children(body, adm, depth)

    def version(self, node: VersionNote, adm: str, depth: int) -> None:
        """``versionchanged`` and kin as Sphinx shows them: ``Changed in version 3.4: <first
        paragraph>`` when there is content, ``Changed in version 3.4.`` when there is none.

        The label is part of the first paragraph's sentence, as on the rendered page, so a
        sentence such as "Use X as default" stays a description of the change, not a step.
        """
        first = md.version_paragraph(node)
        rest = list(node.children)
        if first is None:
            self.reader.add(Prose(id="", text=md.version_label(node)), self.head(node), adm)
        else:
            self.paragraph(first, adm)
            rest = rest[1:]
        for child in rest:
            self.block(child, adm, depth)

    def message(self, node: nodes.system_message, adm: str) -> None:
        """Text docutils could not place (a malformed table...) is kept as removed, with why."""
        if int(node.get("level", 0)) < _ERROR_LEVEL:
            return
        for literal in node.findall(nodes.literal_block):
            reason = " ".join(node.children[0].astext().split()) if node.children else ""
            self.reader.removed(literal.astext(), self.span(node), f"rst error: {reason}", adm)

    # -- spans ----------------------------------------------------------------------------------

    def span(self, node: nodes.Node) -> Span:
        """The source lines of ``node``: its own, its descendants', else an ancestor's."""
        current: nodes.Node | None = node
        while current is not None:
            found = self.extent(current)
            if found is not None:
                return self.reader.index.lines_span(*found)
            current = current.parent
        return self.reader.index.lines_span(0, 1)

    def head(self, node: nodes.Node) -> Span:
        """The first source line of ``node`` (a directive's own line)."""
        line = self.span(node).line
        return self.reader.index.lines_span(line - 1, line)

    def table_span(self, node: nodes.Element) -> Span:
        """A table's rows widened to its border lines, which carry no node line."""
        found = self.extent(node)
        if found is None:
            return self.span(node)
        first, end = found
        while first > 0 and _is_border(self.lines[first - 1]):
            first -= 1
        while end < len(self.lines) and _is_border(self.lines[end]):
            end += 1
        return self.reader.index.lines_span(first, end)

    def extent(self, node: nodes.Node) -> tuple[int, int] | None:
        """0-based ``[first, end)`` lines of ``node`` and its descendants, if any are known."""
        if node not in self._extents:
            self._extents[node] = self._extent(node)
        return self._extents[node]

    def _extent(self, node: nodes.Node) -> tuple[int, int] | None:
        if not isinstance(node, nodes.Element):
            return None
        if "skillc_lines" in node.attributes:
            first, end = node["skillc_lines"]
            return first, end
        found: list[tuple[int, int]] = []
        if isinstance(node.line, int) and node.line > 0:
            found.append(self._own(node, node.line))
        if not isinstance(node, nodes.TextElement):
            found.extend(e for c in node.children if (e := self.extent(c)) is not None)
        if not found:
            return None
        return min(f for f, _ in found), max(e for _, e in found)

    def _own(self, node: nodes.Element, line: int) -> tuple[int, int]:
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            # docutils gives a title the line of its underline; an overline is one more up
            first = max(line - 2, 0)
            if first > 0 and _is_adornment(self.lines[first - 1]):
                first -= 1
            return first, line
        count = len(node.rawsource.rstrip("\n").split("\n")) if node.rawsource else 1
        if isinstance(node, nodes.comment):
            return self._comment(node, line, count)
        return line - 1, line - 1 + count

    def _comment(self, node: nodes.Element, line: int, count: int) -> tuple[int, int]:
        """Docutils gives a comment the line after it: its ``..`` line is the nearest above."""
        head = node.astext().split("\n", 1)[0].strip()
        for first in range(min(line - 1, len(self.lines) - 1), max(line - count - 3, -1), -1):
            text = self.lines[first].lstrip()
            if text.startswith(".."):
                on_marker_line = bool(head) and head in text
                return first, first + count + (0 if on_marker_line else 1)
        return line - 1, line - 1 + count


def _one_paragraph(body: nodes.Node) -> bool:
    """A field body that is inline text or one paragraph (the HTML reads it as a list item)."""
    children = [c for c in body.children if not isinstance(c, nodes.system_message)]
    return not children or (len(children) == 1 and isinstance(children[0], nodes.paragraph))


def _is_border(line: str) -> bool:
    return bool(line.strip()) and set(line.strip()) <= _BORDER


def _is_adornment(line: str) -> bool:
    text = line.strip()
    return len(text) > 1 and len(set(text)) == 1 and not text.isalnum()


def _paragraphs(node: nodes.Node) -> list[nodes.Node]:
    """The paragraphs of a list item, in order, outside messages and removed text."""
    out: list[nodes.Node] = []
    for child in node.children:
        if isinstance(child, nodes.system_message | nodes.comment | Removed | nodes.table):
            continue
        if isinstance(child, nodes.paragraph):
            out.append(child)
        elif isinstance(child, VersionNote) and (first := md.version_paragraph(child)):
            out.extend([first, *_paragraphs(child)[1:]])
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.TextElement):
            out.extend(_paragraphs(child))
    return out


def _is_code(node: nodes.Node) -> bool:
    return isinstance(node, nodes.literal_block | nodes.doctest_block)


def _codes(node: nodes.Node) -> list[nodes.Element]:
    """The literal blocks nested in a list item (its commands are steps)."""
    return [
        n
        for n in node.findall(nodes.literal_block)
        if not any(isinstance(a, nodes.system_message) for a in _ancestors(n, node))
    ]


def _ancestors(node: nodes.Node, stop: nodes.Node) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    current = node.parent
    while current is not None and current is not stop:
        out.append(current)
        current = current.parent
    return out
