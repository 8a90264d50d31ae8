"""Source lines of parsed HTML elements, for the spans of the blocks read from them.

Why: lxml gives each element the line its start tag is on (``sourceline``) but no end, and
libxml2 stores that line in 16 bits, so on pages longer than 65,535 lines every later element
reports 65,535. This module turns an element into a 1-based line range of the page: the start
from ``sourceline`` and the end from the newlines inside the element. Past the 16-bit limit it
finds the start tag itself, searching forward from the last element it placed.

Guarantees: lines are within ``1..len(lines)`` of the page and an element's end line is never
before its start line. Below the limit the start line is exact and the end line is exact unless
a start tag's attributes span lines (then it is the start line of the last descendant, at
least). Past the limit both are the best forward-search estimate, never outside the page.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from lxml import etree

from skillc.compiler.frontends.guide.textutil import LineIndex
from skillc.compiler.frontends.html.content import all_text
from skillc.ir.span import Span

#: libxml2 saturates ``sourceline`` at this value.
LINE_CAP = 65535
_TAG_PATTERNS: dict[str, re.Pattern[str]] = {}


def _tag_pattern(tag: str) -> re.Pattern[str]:
    pattern = _TAG_PATTERNS.get(tag)
    if pattern is None:
        pattern = re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.IGNORECASE)
        _TAG_PATTERNS[tag] = pattern
    return pattern


def _newlines(node: Any, with_tail: bool) -> int:
    count = 0
    text = node.text
    if isinstance(text, str):
        count += text.count("\n")
    if with_tail and node.tail:
        count += node.tail.count("\n")
    return count


#: From this many children on, `_end` counts newlines in libxml2 (`_subtree_newlines`) rather
#: than element by element: the call costs about as much as reading three elements (a code
#: span's one ``<span>`` is read faster in Python, a highlighted ``<pre>``'s hundred not).
_FEW_CHILDREN = 3
#: The nodes whose text `all_text` leaves out (a comment's lines are the page's lines too).
_NOT_TEXT = (etree.Comment, etree.ProcessingInstruction, etree.Entity)


def _subtree_newlines(element: Any) -> int:
    """The newlines of ``element``'s text and of every text inside it (its descendants' text
    and tails, comments' too), as `SourceLines._walk_end` counts them: libxml2 joins the text
    nodes in one call (`all_text`), and the comments it leaves out are found by lxml's walk,
    which makes no Python object for the rest."""
    newlines = all_text(element).count("\n")
    for node in element.iter(*_NOT_TEXT):
        newlines += (node.text or "").count("\n")
    return newlines


def _last_line(element: Any) -> int:
    """The line of ``element``'s last descendant (in document order), ``0`` when unknown.

    libxml2 appends each node it parses after all the nodes before it, with the line the
    parser is on, so lines never decrease in document order: the last descendant's line is the
    furthest (when below `LINE_CAP`), found without reading the others."""
    node = element[-1]
    while len(node):
        node = node[-1]
    return node.sourceline or 0


class SourceLines:
    """Line ranges of the elements of one parsed page; elements should be asked in order."""

    __slots__ = ("_cursor", "_ends", "_found", "_last", "index", "ordered")

    def __init__(self, index: LineIndex, ordered: bool = True) -> None:
        self.index = index
        #: Whether the tree is as its parser built it (`_end`): not when `html.deep` moved
        #: elements into paragraphs it made.
        self.ordered = ordered
        self._last = max(len(index.lines), 1)
        self._cursor = 0  # character offset of the last start tag found by searching
        self._found: dict[Any, int] = {}  # elements placed by searching, asked again later
        self._ends: dict[Any, int] = {}  # `end` of the elements asked

    def start(self, element: Any) -> int:
        """The 1-based line of ``element``'s start tag."""
        line = element.sourceline or 0
        if 0 < line < LINE_CAP:
            return min(line, self._last)
        found = self._found.get(element)
        if found is None:
            found = self._found[element] = self._search(element)
        return found

    def end(self, element: Any, start: int = 0) -> int:
        """The 1-based line of the end of ``element``'s content (``start`` if already known).

        Remembered per element: the walk asks again for each inline element whose tail it
        reads."""
        found = self._ends.get(element)
        if found is None:
            found = self._ends[element] = self._end(element, start or self.start(element))
        return found

    def _end(self, element: Any, first: int) -> int:
        if len(element) == 0:  # most inline elements: no descendant to look into
            return min(first + _newlines(element, False), self._last)
        if self.ordered and len(element) >= _FEW_CHILDREN:
            last = _last_line(element)
            if 0 < last < LINE_CAP:
                return min(max(first + _subtree_newlines(element), last), self._last)
        return self._walk_end(element, first)

    def _walk_end(self, element: Any, first: int) -> int:
        """`_end` element by element: the newlines of each text and the furthest line."""
        newlines = _newlines(element, False)
        furthest = first
        # `_newlines(node, True)` inlined: asked for every block, this walks each block's
        # elements (and a nested block's again), a call per element cost as much as the rest.
        for node in element.iterdescendants():
            text = node.text
            if isinstance(text, str):
                newlines += text.count("\n")
            tail = node.tail
            if tail:
                newlines += tail.count("\n")
            line = node.sourceline or 0
            if furthest < line < LINE_CAP:
                furthest = line
        return min(max(first + newlines, furthest), self._last)

    def span(self, element: Any) -> Span:
        """The span of the lines ``element`` covers."""
        first = self.start(element)
        return self.lines(first, self.end(element, first))

    def lines(self, first: int, last: int) -> Span:
        """The span of 1-based lines ``first..last`` (inclusive)."""
        first = min(max(first, 1), self._last)
        return self.index.lines_span(first - 1, max(last, first))

    def _search(self, element: Any) -> int:
        """Past the 16-bit limit: the next ``<tag`` at or after the last one found."""
        tag = element.tag if isinstance(element.tag, str) else ""
        floor = self.index.starts[min(LINE_CAP, self._last) - 1]
        text = self.index.text
        at = max(self._cursor, floor)
        match = _tag_pattern(tag).search(text, at) if tag else None
        if match is not None:
            self._cursor = match.end()
            at = match.start()
        return bisect.bisect_right(self.index.starts, at)
