"""Reference files cut into ``<name>-part-N.md`` parts within the part budget: the packing
half of `skillc.passes.disclosure_parts` (which sizes blocks and splits tables and lists by
rows).

A file over the budget is cut at block boundaries, before a heading once a part is half full,
never leaving a heading at the end of a part; parts are packed by estimate (`_FileSize`) to a
target a little under the budget, and only a part estimated over it is rendered and counted
exactly (`_verified`). Every step is linear in the file's blocks: part sizes come from running
sums (`_RangeSizes`), so moving a part's closing headings into the next part moves a boundary.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.ir.landmarks import contents_lines, entry_count
from skillc.ir.layout import (
    is_listed,
    listed_part_paths,
    part_of,
    part_ranges,
    render_reference,
)
from skillc.ir.nodes import ContentBlock, Heading, ListBlock, Table
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement
from skillc.passes.disclosure_parts import (
    Sizes,
    Unit,
    halve,
    number_parts,
    part_target,
    split_unit,
)
from skillc.tokens import count_tokens

#: Tokens of a contents line naming the rows of a part ("List items 1-197 of 3,568, from ...").
_CONTENTS_LINE_TOKENS = 48
#: Tokens of one landmark line ("- Line 123: " and a label of at most 72 characters).
_LANDMARK_LINE_TOKENS = 24


def cap_references(
    blocks: tuple[ContentBlock, ...],
    part_lines: int,
    part_tokens: int,
    taken: set[str],
    sizes: Sizes,
) -> tuple[ContentBlock, ...]:
    """Cut every reference file over the part budget into ``<name>-part-N.md`` files."""
    groups: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if block.placement is Placement.REFERENCE and block.reference:
            groups.setdefault(block.reference, []).append(i)
    replaced: dict[int, list[ContentBlock]] = {}
    names = set(taken)
    for path, indexes in groups.items():
        whole = [sizes.unit(blocks[i], i) for i in indexes]
        if _reference_fits(whole, part_lines, part_tokens):
            continue
        units = [
            piece for unit in whole for piece in split_unit(unit, part_lines, part_tokens, sizes)
        ]
        parts = _verified(_pack(units, part_lines, part_tokens), part_lines, part_tokens)
        if len(parts) < 2:
            continue  # one block that cannot be cut
        listed = is_listed(blocks[i] for i in indexes)
        paths = _part_paths(path, len(parts), names, listed=listed)
        for k, part in enumerate(parts):
            for unit in part:
                moved = replace(unit.block, reference=paths[k])
                replaced.setdefault(unit.origin, []).append(moved)
    if not replaced:
        return blocks
    result: list[ContentBlock] = []
    for i, block in enumerate(blocks):
        result.extend(replaced.get(i, (block,)))
    return number_parts(result)


def _reference_fits(units: Sequence[Unit], max_lines: int, max_tokens: int) -> bool:
    """Whether a reference file of ``units`` is within budget; counted exactly near it."""
    estimate = _FileSize()
    for unit in units:
        estimate.add(unit)
    lines, tokens = estimate.total()
    line_margin, token_margin = max_lines // 10 + 4, len(units) + max_tokens // 10
    if lines > max_lines + line_margin or tokens > max_tokens + token_margin:
        return False
    if lines < max_lines - line_margin and tokens < max_tokens - token_margin:
        return True
    return _exact_fits(units, max_lines, max_tokens)


@dataclass(slots=True)
class _FileSize:
    """Estimated newlines and tokens of a reference file: title, contents list, units."""

    lines: int = 1
    tokens: int = 4
    units: int = 0
    headings: int = 0
    heading_tokens: int = 0
    parts: int = 0

    def add(self, unit: Unit) -> None:
        if not self.units and isinstance(unit.block, Heading):
            self.tokens += unit.tokens - 3  # the title, instead of "Details"
            self.units += 1
            return
        if isinstance(unit.block, Heading):
            self.headings += 1
            self.heading_tokens += unit.tokens
        if isinstance(unit.block, Table | ListBlock) and part_of(unit.block.id) is not None:
            self.parts += 1
        self.lines += unit.lines + 2
        self.tokens += unit.tokens + 1
        self.units += 1

    def total(self, unit: Unit | None = None) -> tuple[int, int]:
        """The estimate, with ``unit`` added when given (``self`` is not changed)."""
        if unit is not None:
            grown = _FileSize(
                self.lines, self.tokens, self.units, self.headings, self.heading_tokens, self.parts
            )
            grown.add(unit)
            return grown.total()
        lines, tokens = self.lines, self.tokens
        if lines > 100:  # the backend adds a table of contents: of headings, else of parts
            if self.headings:
                lines += 3 + self.headings
                tokens += 4 + self.heading_tokens + 2 * self.headings
            elif self.parts:
                lines += 3 + self.parts
                tokens += 4 + _CONTENTS_LINE_TOKENS * self.parts
            else:  # a list of landmarks, by line (`skillc.ir.landmarks`)
                entries = entry_count(lines)
                lines += contents_lines(entries)
                tokens += 4 + _LANDMARK_LINE_TOKENS * entries
        return lines, tokens


def _exact_fits(units: Sequence[Unit], max_lines: int, max_tokens: int) -> bool:
    blocks = [u.block for u in units]
    text = render_reference(blocks, part_ranges(blocks))
    return text.count("\n") <= max_lines and count_tokens(text) <= max_tokens


def _pack(units: Sequence[Unit], max_lines: int, max_tokens: int) -> list[list[Unit]]:
    """Units in order, cut into parts within `part_target` of the budget (by estimate): before a
    heading once a part is half full, never leaving a heading as the last unit of a part.

    A part is a range of ``units``, sized from running sums (`_RangeSizes`): moving the headings
    at the end of a full part into the next one moves a boundary, instead of re-adding them
    one by one, which made a file of nothing but headings quadratic in its length.
    """
    max_lines, max_tokens = part_target(max_lines, max_tokens)
    sizes = _RangeSizes(units)
    starts = [0]
    run = 0  # where the headings at the end of the current part begin
    for i, unit in enumerate(units):
        start = starts[-1]
        if i > start:
            lines, tokens = sizes.total(start, i + 1)
            # A part of nothing but headings takes the next unit whatever its size.
            full = (lines > max_lines or tokens > max_tokens) and run != start
            heading = isinstance(unit.block, Heading)
            if full or (heading and _over_half(sizes.total(start, i), max_lines, max_tokens)):
                run = max(run, start + 1)  # the headings that end the part move on with it
                starts.append(run)
        if not isinstance(unit.block, Heading):
            run = i + 1
    return [list(units[a:b]) for a, b in itertools.pairwise([*starts, len(units)]) if b > a]


def _over_half(size: tuple[int, int], max_lines: int, max_tokens: int) -> bool:
    return size[0] > max_lines // 2 or size[1] > max_tokens // 2


class _RangeSizes:
    """`_FileSize` of any range of units in O(1), from running sums of what each unit adds."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        # Running sums of: lines, tokens, headings, heading tokens, split parts.
        self.sums = [(0, 0, 0, 0, 0)]
        for unit in units:
            lines, tokens, headings, heading_tokens, parts = self.sums[-1]
            heading = isinstance(unit.block, Heading)
            split = isinstance(unit.block, Table | ListBlock) and part_of(unit.block.id) is not None
            self.sums.append(
                (
                    lines + unit.lines + 2,
                    tokens + unit.tokens + 1,
                    headings + heading,
                    heading_tokens + (unit.tokens if heading else 0),
                    parts + split,
                )
            )

    def total(self, start: int, end: int) -> tuple[int, int]:
        """`_FileSize.total` of ``units[start:end]`` (not empty)."""
        size = _FileSize()
        first = self.units[start]
        if isinstance(first.block, Heading):
            size.tokens += first.tokens - 3  # the title, as `_FileSize.add` counts it
            start += 1
        low, high = self.sums[start], self.sums[end]
        size.lines += high[0] - low[0]
        size.tokens += high[1] - low[1]
        size.headings = high[2] - low[2]
        size.heading_tokens = high[3] - low[3]
        size.parts = high[4] - low[4]
        return size.total()


def _verified(parts: list[list[Unit]], max_lines: int, max_tokens: int) -> list[list[Unit]]:
    """``parts`` with each one estimated over `part_target` counted exactly: one over budget hands
    its last unit to the next part or, when it is a lone table or list, is cut in two by rows.
    Lone code, prose and single rows stay whole."""
    target = part_target(max_lines, max_tokens)
    parts = [list(part) for part in parts]
    k = 0
    while k < len(parts):
        part = parts[k]
        if _estimated_within(part, *target) or _exact_fits(part, max_lines, max_tokens):
            k += 1
        elif len(part) > 1:
            halves = halve(part[-1]) if _headings_only(part[:-1]) else None
            if halves is not None:  # keep a heading with the first rows of what it heads
                parts[k : k + 1] = [[*part[:-1], halves[0]], [halves[1]]]
                continue
            if k + 1 == len(parts):
                parts.append([])
            parts[k + 1].insert(0, part.pop())
        else:
            halves = halve(part[0])
            if halves is None:
                k += 1
            else:
                parts[k : k + 1] = [[halves[0]], [halves[1]]]
    return [part for part in parts if part]


def _headings_only(units: Sequence[Unit]) -> bool:
    return all(isinstance(u.block, Heading) for u in units)


def _estimated_within(units: Sequence[Unit], max_lines: int, max_tokens: int) -> bool:
    size = _FileSize()
    for unit in units:
        size.add(unit)
    lines, tokens = size.total()
    return lines <= max_lines and tokens <= max_tokens


def _part_paths(path: str, count: int, taken: set[str], *, listed: bool = False) -> list[str]:
    """``references/<stem>-part-1.md`` ... for ``count`` parts of ``path``, all unused; for a
    file SKILL.md lists on one line, ``references/<stem>/part-1.md`` ... (`listed_part_paths`:
    the file's own path becomes the index of its parts)."""
    if listed:
        paths = listed_part_paths(path, count)
        if not taken.intersection(paths):
            taken.update(paths)
            return paths
    stem = path[: -len(".md")] if path.endswith(".md") else path
    base, n = stem, 2
    while any(f"{base}-part-{k}.md" in taken for k in range(1, count + 1)):
        base, n = f"{stem}-{n}", n + 1
    paths = [f"{base}-part-{k}.md" for k in range(1, count + 1)]
    taken.update(paths)
    return paths
