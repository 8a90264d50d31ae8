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

from skillc.compiler.frontends.guide.textutil import LineIndex
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


class SourceLines:
    """Line ranges of the elements of one parsed page; elements should be asked in order."""

    __slots__ = ("_cursor", "_ends", "_found", "_last", "index")

    def __init__(self, index: LineIndex) -> None:
        self.index = index
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
        newlines = _newlines(element, False)
        if len(element) == 0:  # most inline elements: no descendant to look into
            return min(first + newlines, self._last)
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
