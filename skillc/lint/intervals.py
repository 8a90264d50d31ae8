"""Which line ranges hold a line: suppression lookups that do not grow with the file.

Every finding asks which suppression comments cover its line, and every suppression that
covers one is marked as used. Asking each suppression of the file made a file with thousands
of suppressions and findings quadratic (4,000 of each: ten seconds). `Stabbing` answers "is this
line covered?" by bisection over the ranges sorted by first line, with a running maximum of
their last lines, and hands out each covering range once (`take`), found through a tree of the
maximum last line of its unclaimed ranges; so a lint costs O((findings + ranges) log ranges).
`SuppressionIndex` keeps one per file and code for `skillc.lint.suppress.apply_suppressions`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from skillc.diagnostics import Diagnostic
    from skillc.lint.suppress import FileSuppressions, Suppression

T = TypeVar("T")

_GONE = -1  # the last line of a range already taken: below every line


class Stabbing(Generic[T]):
    """Inclusive line ranges ``(first, last, item)``, asked which of them hold a line."""

    def __init__(self, ranges: Iterable[tuple[int, int, T]]) -> None:
        ordered = sorted(ranges, key=lambda r: (r[0], r[1]))
        self._firsts = [first for first, _, _ in ordered]
        self._items = [item for _, _, item in ordered]
        self._reach: list[int] = []  # the greatest last line of the ranges up to each one
        reach = _GONE
        for _, last, _ in ordered:
            reach = max(reach, last)
            self._reach.append(reach)
        self._size = 1
        while self._size < len(ordered):
            self._size *= 2
        self._tree = [_GONE] * (2 * self._size)  # max last line of unclaimed ranges per node
        for index, (_, last, _) in enumerate(ordered):
            self._tree[self._size + index] = last
        for node in range(self._size - 1, 0, -1):
            self._tree[node] = max(self._tree[2 * node], self._tree[2 * node + 1])

    def covered(self, line: int) -> bool:
        """Whether any range holds ``line``."""
        count = bisect_right(self._firsts, line)
        return count > 0 and self._reach[count - 1] >= line

    def take(self, line: int) -> list[T]:
        """The items of the ranges that hold ``line`` and were not taken before, in order of
        first line; they are not handed out again."""
        count = bisect_right(self._firsts, line)
        found: list[int] = []
        stack = [(1, 0, self._size)]  # node, the ranges it spans [low, high)
        while stack:
            node, low, high = stack.pop()
            if low >= count or self._tree[node] < line:
                continue
            if high - low == 1:
                found.append(low)
                self._tree[node] = _GONE
                continue
            middle = (low + high) // 2
            stack.append((2 * node + 1, middle, high))
            stack.append((2 * node, low, middle))
        for index in found:
            node = (self._size + index) // 2
            while node:
                self._tree[node] = max(self._tree[2 * node], self._tree[2 * node + 1])
                node //= 2
        return [self._items[index] for index in sorted(found)]


class SuppressionIndex:
    """The suppressions of each file and code, as line ranges (`Stabbing`), and which of them
    covered a finding: ``used`` holds (id of the suppression, code)."""

    def __init__(self, parsed: Sequence[FileSuppressions]) -> None:
        ranges: dict[tuple[str, str], list[tuple[int, int, Suppression]]] = {}
        self.whole: dict[tuple[str, str], list[Suppression]] = {}
        for file in parsed:
            for suppression in file.suppressions:
                for code, first, last in suppression.codes:
                    key = (file.path, code)
                    ranges.setdefault(key, []).append((first, last, suppression))
                    if suppression.kind == "file-ignore" and first <= 1 <= last:
                        self.whole.setdefault(key, []).append(suppression)
        self.lines = {key: Stabbing(found) for key, found in ranges.items()}
        self.used: set[tuple[int, str]] = set()

    def suppressed(self, diagnostic: Diagnostic) -> bool:
        """Whether a suppression covers ``diagnostic``; marks every one that does as used."""
        span = diagnostic.span
        key = (span.source if span is not None else diagnostic.path, diagnostic.code)
        if span is None:  # a finding about the file as a whole: only file-ignore reaches it
            covering = self.whole.get(key, [])
            hit = bool(covering)
        else:
            lines = self.lines.get(key)
            if lines is None:
                return False
            covering = lines.take(span.line)
            hit = bool(covering) or lines.covered(span.line)
        self.used.update((id(suppression), diagnostic.code) for suppression in covering)
        return hit
