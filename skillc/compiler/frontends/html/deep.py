"""Flatten the part of a page nested deeper than the HTML readers follow, keeping all of it.

Why: the readers (`html.blocks`, `html.lists`, `html.inline`) recurse once per level of
nesting, so they stop at `html.inline.MAX_DEPTH`, and used to read anything deeper as one line
of plain text: a ``<pre>`` in there was merged into the prose around it. Pages nested that
deep are not written by people (generated or hostile), but their text must still come
through whole, and code must stay code.

What: below `LIMIT` levels under the main content, each element at that depth (an anchor; the
anchor of a table part or a heading is the nearest ancestor that is neither, since a table
reads only its rows and a heading only inline text) gets its whole subtree replaced by a flat
sequence, in document order, of paragraphs (``<p>``, one per run of text between block
boundaries) and the elements that are read without recursing: ``<pre>`` (code), chrome and
dropped elements (skipped as before), ``<br>``/``<img>``/``<hr>``, and inline code
(``<code>``...; its text kept, its markup dropped). In a list (``<ul>``, ``<dl>``...) that
sequence is one item (``<li>``, ``<dd>``), since each child of a list is read as an item. Every
other element is unwrapped: its text stays, lists, tables, headings and emphasis become plain
paragraphs.

Guarantees: every text the readers would have read is still in the tree, in order; each
``<pre>`` is still a ``<pre>``; iterative and linear in the size of the flattened subtrees
(each element is visited once and each kept element moved once); pages not that deep are left
untouched (one XPath test).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from skillc.compiler.frontends.html.content import BLOCK_TAGS, HEADINGS, chrome, tag_of
from skillc.compiler.frontends.html.inline import MAX_DEPTH, dropped, text_of
from skillc.compiler.frontends.html.tree import clean_text

#: Nesting depth under the main content below which the subtree is flattened. The readers
#: recurse at most a few levels more inside what is left (a paragraph's inline code), so this
#: stays below `MAX_DEPTH`.
LIMIT = MAX_DEPTH - 16
_ANCHORS = etree.XPath("./" + "/".join(["*"] * LIMIT) + "[*]")
# Table parts read only rows and cells, headings only inline text: not anchors.
_NOT_ANCHORS = frozenset(
    {"table", "thead", "tbody", "tfoot", "tr", "colgroup", "caption", *HEADINGS}
)
# Lists read each child as an item: the flattened content goes into one item.
_ITEMS = {"ul": "li", "ol": "li", "menu": "li", "dir": "li", "dl": "dd"}
_VOID = frozenset({"br", "img", "hr", "wbr"})
_INLINE_CODE = frozenset({"code", "tt", "kbd", "samp"})


def flatten(content: Any) -> int:
    """Flatten ``content``'s subtrees below `LIMIT` levels (module doc); the line of the first
    one flattened, ``0`` when the page is not that deep."""
    found = _ANCHORS(content)
    if not found:
        return 0
    anchors = _anchors(found, content)
    for anchor in anchors:
        _flatten(anchor)
    return int(found[0].sourceline or 1)


def _anchors(found: list[Any], content: Any) -> list[Any]:
    """The outermost anchors: each element found, or its nearest ancestor that is not a table
    part or a heading, left out when it lies under an anchor already chosen or under an
    element the readers do not descend into (site chrome, a ``<pre>``)."""
    chosen: list[Any] = []
    seen: set[Any] = set()
    for element in found:
        anchor = element
        while tag_of(anchor) in _NOT_ANCHORS and anchor is not content:
            anchor = anchor.getparent()
        if anchor in seen or _inside(anchor, content, seen):
            continue
        seen.add(anchor)
        chosen.append(anchor)
    return chosen


def _inside(element: Any, content: Any, chosen: set[Any]) -> bool:
    node = element.getparent()
    while node is not None and node is not content:
        if node in chosen or _kept(node):
            return True
        node = node.getparent()
    return False


def _kept(element: Any) -> bool:
    """An element kept as it is: the readers read it without recursing, or skip it."""
    tag = tag_of(element)
    if tag in ("pre", *_VOID) or chrome(element):
        return True
    return tag not in BLOCK_TAGS and dropped(element)


class _Runs:
    """The flat sequence being built (module doc): paragraphs as lists of text and inline
    elements, with the line of their first text, and the kept block elements between them."""

    def __init__(self) -> None:
        self.items: list[Any] = []  # a paragraph ([line, parts...]) or a kept block element
        self.open: list[Any] | None = None

    def text(self, text: str | None, line: int) -> None:
        if text:
            self._paragraph(line).append(text)

    def inline(self, element: Any) -> None:
        self._paragraph(element.sourceline or 0).append(element)

    def block(self, element: Any | None) -> None:
        """A block boundary; ``element`` (if any) is kept between the paragraphs."""
        self.open = None
        if element is not None:
            self.items.append(element)

    def _paragraph(self, line: int) -> list[Any]:
        if self.open is None:
            self.open = [line]
            self.items.append(self.open)
        return self.open


def _flatten(anchor: Any) -> None:
    runs = _collect(anchor)
    for child in list(anchor):
        anchor.remove(child)
    anchor.text = None
    holder = anchor
    if tag_of(anchor) in _ITEMS:
        holder = etree.SubElement(anchor, _ITEMS[tag_of(anchor)])
        if anchor.sourceline:
            holder.sourceline = anchor.sourceline
    for item in runs.items:
        if isinstance(item, list):
            _paragraph(holder, item[1:], int(item[0] or anchor.sourceline or 0))
        else:
            holder.append(item)


def _paragraph(anchor: Any, parts: list[Any], line: int) -> None:
    """A ``<p>`` holding ``parts`` (text and inline elements), on ``line`` of the page."""
    paragraph = etree.SubElement(anchor, "p")
    if line > 0:
        paragraph.sourceline = line
    texts: list[str] = []
    last = None
    for part in [*parts, None]:
        if isinstance(part, str):
            texts.append(part)
            continue
        joined = clean_text("".join(texts)) or None
        if last is None:
            paragraph.text = joined
        else:
            last.tail = joined
        texts = []
        if part is not None:
            paragraph.append(part)
            last = part


def _collect(anchor: Any) -> _Runs:
    """Walk ``anchor``'s subtree in document order with an explicit stack (any depth)."""
    runs = _Runs()
    runs.text(anchor.text, anchor.sourceline or 0)
    stack: list[Any] = [iter(anchor)]
    owners: list[Any] = [anchor]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            closed = owners.pop()
            if stack:
                if tag_of(closed) in BLOCK_TAGS:
                    runs.block(None)
                runs.text(closed.tail, closed.sourceline or 0)
            continue
        tag = tag_of(child)
        if not tag:  # a comment or processing instruction: only its tail is text
            runs.text(child.tail, 0)
        elif _kept(child) or tag in _INLINE_CODE:
            _keep(runs, child, tag)
        else:
            if tag in BLOCK_TAGS:
                runs.block(None)
            runs.text(child.text, child.sourceline or 0)
            stack.append(iter(child))
            owners.append(child)
    return runs


def _keep(runs: _Runs, element: Any, tag: str) -> None:
    tail = element.tail
    element.tail = None
    if tag in _INLINE_CODE:  # its text is all the readers take from it; drop deeper markup
        text = text_of(element)
        for inner in list(element):
            element.remove(inner)
        element.text = clean_text(text)
    if tag in BLOCK_TAGS:
        runs.block(element)
    else:
        runs.inline(element)
    runs.text(tail, element.sourceline or 0)
