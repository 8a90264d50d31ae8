"""Indented line ranges of one text, without copying: the line-based RST splitter's input.

Why: the splitter (`eval_rst`) reads an indented block by dedenting it and reading the result the
same way, to any depth. Copying and re-measuring the lines at every level costs the square of
the depth per line, so a page nested a few thousand levels deep (a staircase of list items or
block quotes, which docutils itself gives up on) took minutes. A `Lines` is a view: a range of
one shared `Page` and how many columns are cut from each line; slicing and dedenting are O(1)
and O(lines in the block), and each line's indentation is measured once.

Guarantees: a view reads exactly like the lists the splitter used to build: the top-level view
returns the lines as given; a dedented view returns each line with tabs expanded (4 columns)
and the common indentation cut, blank lines as ``""`` (`textutil.dedent`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload


class Page:
    """The lines of one text, with their tab-expanded form and indentation measured once."""

    __slots__ = ("expanded", "indent", "lines", "next_text")

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        self.expanded = [line.expandtabs(4) for line in self.lines]
        #: Columns of leading spaces (tabs expanded); -1 for a blank line.
        self.indent = [
            len(e) - len(e.lstrip(" ")) if raw.strip() else -1
            for raw, e in zip(self.lines, self.expanded, strict=True)
        ]
        #: For each line, the first non-blank line at or after it (len(lines) if none).
        self.next_text = [0] * (len(self.lines) + 1)
        following = len(self.lines)
        self.next_text[following] = following
        for n in range(len(self.lines) - 1, -1, -1):
            if self.indent[n] >= 0:
                following = n
            self.next_text[n] = following


class Lines(Sequence[str]):
    """Lines ``first..last-1`` of a `Page`, with ``cut`` columns removed (``-1``: as given)."""

    __slots__ = ("cut", "first", "last", "page")

    def __init__(self, page: Page, first: int, last: int, cut: int = -1) -> None:
        self.page = page
        self.first = first
        self.last = max(first, last)
        self.cut = cut

    @classmethod
    def of(cls, lines: Sequence[str]) -> Lines:
        """``lines`` as a view (a view is returned as it is)."""
        return lines if isinstance(lines, Lines) else cls(Page(lines), 0, len(lines))

    def __len__(self) -> int:
        return self.last - self.first

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Lines: ...

    def __getitem__(self, index: int | slice) -> str | Lines:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("Lines slices are contiguous")
            return Lines(self.page, self.first + start, self.first + stop, self.cut)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        n = self.first + index
        if self.cut < 0:
            return self.page.lines[n]
        return self.page.expanded[n][self.cut :] if self.page.indent[n] >= 0 else ""

    def __iter__(self) -> Iterator[str]:
        for n in range(len(self)):
            yield self[n]

    def blank(self, index: int) -> bool:
        return self.page.indent[self.first + index] < 0

    def indent(self, index: int) -> int:
        """Indentation of line ``index`` in this view (blank lines: -1)."""
        found = self.page.indent[self.first + index]
        return found if found < 0 else found - max(self.cut, 0)

    def indented_end(self, index: int) -> int:
        """End of the run of indented (or blank) lines from ``index``, trailing blanks left out.

        Only the non-blank lines are looked at, so a run costs no more than its text.
        """
        page, stop, floor = self.page, self.last, max(self.cut, 0)
        end = self.first + index
        n = page.next_text[end]
        while n < stop and page.indent[n] > floor:
            end = n + 1
            n = page.next_text[end]
        return end - self.first

    def dedent(self) -> Lines:
        """This view with its common indentation removed (`textutil.dedent`)."""
        page = self.page
        widths = [page.indent[n] for n in self._text_lines()]
        return Lines(page, self.first, self.last, min(widths, default=0))

    def _text_lines(self) -> Iterator[int]:
        page, n = self.page, self.page.next_text[self.first]
        while n < self.last:
            yield n
            n = page.next_text[n + 1]
