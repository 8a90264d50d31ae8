"""Sizes of rendered blocks, and reference files cut into parts: progressive-disclosure's
measuring and packing, kept apart from its choice of what moves.

A reference file is read with one file read, so it has a budget too: by default the body's
(options ``max_reference_lines`` / ``max_reference_tokens``, else ``max_body_lines`` /
``max_body_tokens``). A file over it is cut into ``<name>-part-N.md`` files at block boundaries,
before a heading where one is near, never leaving a heading at the end of a part. A table or list
too big for one part (SQLite's keyword index: one 3,568-item list of 86,000 tokens) is split by
rows into parts ``<id>~1``, ``<id>~2``...: every table part repeats the header row, list parts
keep their numbering, and the body links each part with the rows it holds, so an agent opens the
part it needs instead of a file it cannot load. Code is never cut (half a program is a wrong
program): a code block moves whole, and one over ``max_block_tokens`` (default 25,000, about what
one agent file read returns) is reported as SK062 so its author can split it.

Cost: sizes are computed once per block (``Sizes``), body lines are tracked exactly and tokens
estimated as sections move; the body is counted exactly only when the estimate is near the
budget. Re-rendering and re-tokenising the whole body after every moved section made pages with
hundreds of sections quadratic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from skillc.compiler.backends.markdown_blocks import list_item_lines, render_block, table_lines
from skillc.compiler.backends.skill_md import (
    part_id,
    part_of,
    part_ranges,
    reference_pointer,
    render_body,
    render_reference,
)
from skillc.ir.nodes import (
    ContentBlock,
    Heading,
    ListBlock,
    Table,
)
from skillc.ir.vocab import Placement
from skillc.tokens import count_tokens

#: Tables and lists longer than this are sized row by row (once), so that splitting them needs
#: no second count; shorter ones are counted whole, which is faster than many small counts.
_ROWS_FROM_CHARS = 16_000
#: Tokens kept free in a table or list part for a section heading that becomes its file's title.
_TITLE_TOKENS = 32
#: Tokens of a contents line naming the rows of a part ("List items 1-197 of 3,568, from ...").
_CONTENTS_LINE_TOKENS = 48


def emitted_body(blocks: Sequence[ContentBlock]) -> str:
    """The body as SKILL.md holds it: after the front matter's closing ``---`` line comes a
    blank line, which the spec (and ``skillc lint``) counts as part of the body."""
    return "\n" + render_body(blocks)


def body_fits(blocks: Sequence[ContentBlock], max_lines: int, max_tokens: int) -> bool:
    """Whether the rendered body is within both budgets (counted exactly)."""
    body = emitted_body(blocks)
    return body.count("\n") <= max_lines and count_tokens(body) <= max_tokens


# --- Sizes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A block with its rendered size (newlines inside it, tokens) and, while a reference file
    is cut into parts, the index of the block it was read from (a table's parts share one)."""

    block: ContentBlock
    lines: int
    tokens: int
    origin: int = -1


@dataclass(slots=True)
class Sizes:
    """Rendered sizes of a skill's blocks, each computed once: keyed by block id (a moved block
    is a new object with the same id and text), checked against the block's length so that a
    duplicate id in a module the verifier would reject cannot lend its size to another block."""

    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)

    def of(self, block: ContentBlock) -> tuple[int, int]:
        """(newlines, tokens) of ``render_block(block)``; tables and lists summed over rows."""
        found = self.blocks.get(block.id)
        if found is not None and self.lengths[block.id] != _length(block):
            self.rows.pop(block.id, None)
            found = None
        if found is None:
            text = render_block(block)
            if (
                isinstance(block, Table | ListBlock)
                and part_of(block.id) is None
                and len(text) > _ROWS_FROM_CHARS
            ):
                (head_lines, head_tokens), rows = self.row_sizes(block)
                found = (
                    head_lines + sum(n for n, _ in rows) + max(0, len(rows) - 1),
                    head_tokens + sum(t for _, t in rows),
                )
            else:
                found = (text.count("\n"), count_tokens(text))
            self.blocks[block.id] = found
            self.lengths[block.id] = _length(block)
        return found

    def row_sizes(self, block: Table | ListBlock) -> tuple[tuple[int, int], list[tuple[int, int]]]:
        """The header's (newlines after it, tokens) and each row's (newlines inside, tokens)."""
        found = self.rows.get(block.id)
        if found is None:
            if isinstance(block, Table):
                lines = table_lines(block)
                head = "\n".join(lines[:2]) + "\n" if lines else ""
                header = (head.count("\n"), count_tokens(head))
                rows = [(0, count_tokens(line + "\n")) for line in lines[2:]]
            else:
                header = (0, 0)
                rows = [(it.count("\n"), count_tokens(it + "\n")) for it in list_item_lines(block)]
            found = (header, rows)
            self.rows[block.id] = found
        return found

    def unit(self, block: ContentBlock, origin: int = -1) -> Unit:
        lines, tokens = self.of(block)
        return Unit(block, lines, tokens, origin)


@dataclass(slots=True)
class _BodySize:
    """The body's size as sections move: newlines exact, tokens estimated (each unit counted
    alone, plus one token per separator; merges across a separator make it slightly high)."""

    lines: int = -1
    tokens: int = 0
    units: int = 0

    def add(self, size: tuple[int, int], sign: int = 1) -> None:
        if not size[1]:
            return  # an empty block renders nothing, not even a separator
        self.lines += sign * (size[0] + 2)
        self.tokens += sign * (size[1] + 1)
        self.units += sign

    def fits(self, blocks: Sequence[ContentBlock], max_lines: int, max_tokens: int) -> bool:
        """Whether the body fits, counted exactly unless the estimate is far over."""
        if self.lines > max_lines or self.tokens > max_tokens + self.units + max_tokens // 10:
            return False
        return body_fits(blocks, max_lines, max_tokens)


def _length(block: ContentBlock) -> int:
    if isinstance(block, Table):
        return len(block.rows)
    if isinstance(block, ListBlock):
        return len(block.items)
    return len(block.text)


def text_size(text: str) -> tuple[int, int]:
    return text.count("\n"), count_tokens(text)


def body_size(blocks: Sequence[ContentBlock], sizes: Sizes) -> _BodySize:
    size = _BodySize()
    ranges = part_ranges(blocks)
    seen: set[str] = set()
    for block in blocks:
        if block.placement is Placement.BODY:
            size.add(sizes.of(block))
        elif block.placement is Placement.REFERENCE and block.reference not in seen:
            seen.add(block.reference)
            size.add(text_size(reference_pointer(block, ranges.get(block.id))))
    return size


# --- Reference parts ----------------------------------------------------------------------------


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
        if _reference_fits([sizes.unit(blocks[i]) for i in indexes], part_lines, part_tokens):
            continue
        units = [
            replace(unit, origin=i)
            for i in indexes
            for unit in split_rows(blocks[i], part_lines, part_tokens, sizes)
        ]
        parts = _verified(_pack(units, part_lines, part_tokens), part_lines, part_tokens)
        if len(parts) < 2:
            continue  # one block that cannot be cut
        paths = _part_paths(path, len(parts), names)
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
        return lines, tokens


def _exact_fits(units: Sequence[Unit], max_lines: int, max_tokens: int) -> bool:
    blocks = [u.block for u in units]
    text = render_reference(blocks, part_ranges(blocks))
    return text.count("\n") <= max_lines and count_tokens(text) <= max_tokens


def _target(max_lines: int, max_tokens: int) -> tuple[int, int]:
    """What parts are packed to: the budget less a margin for estimation error (2% of the
    tokens, two lines), so that only a part estimated over it needs an exact count."""
    return max_lines - 2, max_tokens - max(16, max_tokens // 50)


def _pack(units: Sequence[Unit], max_lines: int, max_tokens: int) -> list[list[Unit]]:
    """Units in order, cut into parts within `_target` of the budget (by estimate): before a
    heading once a part is half full, never leaving a heading as the last unit of a part."""
    max_lines, max_tokens = _target(max_lines, max_tokens)
    parts: list[list[Unit]] = [[]]
    size = _FileSize()
    for unit in units:
        current = parts[-1]
        if current:
            lines, tokens = size.total(unit)
            # A part of nothing but headings takes the next unit whatever its size.
            full = (lines > max_lines or tokens > max_tokens) and not _headings_only(current)
            now_lines, now_tokens = size.total()
            half = now_lines > max_lines // 2 or now_tokens > max_tokens // 2
            if full or (half and isinstance(unit.block, Heading)):
                carried: list[Unit] = []
                while len(current) > 1 and isinstance(current[-1].block, Heading):
                    carried.insert(0, current.pop())
                parts.append(carried)
                size = _FileSize()
                for kept in carried:
                    size.add(kept)
        parts[-1].append(unit)
        size.add(unit)
    return [part for part in parts if part]


def _verified(parts: list[list[Unit]], max_lines: int, max_tokens: int) -> list[list[Unit]]:
    """``parts`` with each one estimated over `_target` counted exactly: one over budget hands
    its last unit to the next part or, when it is a lone table or list, is cut in two by rows.
    Lone code, prose and single rows stay whole."""
    target = _target(max_lines, max_tokens)
    parts = [list(part) for part in parts]
    k = 0
    while k < len(parts):
        part = parts[k]
        if _estimated_within(part, *target) or _exact_fits(part, max_lines, max_tokens):
            k += 1
        elif len(part) > 1:
            halves = _halve(part[-1]) if _headings_only(part[:-1]) else None
            if halves is not None:  # keep a heading with the first rows of what it heads
                parts[k : k + 1] = [[*part[:-1], halves[0]], [halves[1]]]
                continue
            if k + 1 == len(parts):
                parts.append([])
            parts[k + 1].insert(0, part.pop())
        else:
            halves = _halve(part[0])
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


def _part_paths(path: str, count: int, taken: set[str]) -> list[str]:
    """``references/<stem>-part-1.md`` ... for ``count`` parts of ``path``, all unused."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    base, n = stem, 2
    while any(f"{base}-part-{k}.md" in taken for k in range(1, count + 1)):
        base, n = f"{stem}-{n}", n + 1
    paths = [f"{base}-part-{k}.md" for k in range(1, count + 1)]
    taken.update(paths)
    return paths


# --- Splitting tables and lists by rows ---------------------------------------------------------


def split_rows(block: ContentBlock, max_lines: int, max_tokens: int, sizes: Sizes) -> list[Unit]:
    """``block`` as parts that each fit a reference file of the budget when it is a table or
    list too big for one, else as itself. Parts are about equal in size; they are numbered
    ``<id>~1``, ``<id>~2``... (`number_parts` renumbers after any re-cut)."""
    unit = sizes.unit(block)
    if not isinstance(block, Table | ListBlock) or part_of(block.id) is not None:
        return [unit]
    target_lines, target_tokens = _target(max_lines, max_tokens)
    # A reference file holding only this part: its title and separator (`_FileSize`), and
    # room for the section heading that may stand before the first part as the file's title.
    max_lines, max_tokens = target_lines - 3, target_tokens - 5 - _TITLE_TOKENS
    if unit.lines <= max_lines and unit.tokens <= max_tokens:
        return [unit]
    header, rows = sizes.row_sizes(block)
    if len(rows) < 2:
        return [unit]
    # Rows add their newlines plus one joining newline; the last row has none.
    limit_lines, limit_tokens = max_lines - header[0] + 1, max_tokens - header[1]
    left_lines = sum(n + 1 for n, _ in rows)
    left_tokens = sum(t for _, t in rows)
    count = max(-(-left_lines // max(1, limit_lines)), -(-left_tokens // max(1, limit_tokens)), 1)
    chunks: list[tuple[int, int]] = []
    start, lines, tokens = 0, 0, 0
    for i, (n, t) in enumerate(rows):
        if i > start and (lines + n + 1 > limit_lines or tokens + t > limit_tokens):
            chunks.append((start, i))
            start, lines, tokens = i, 0, 0
        if start == i:  # an even share of what is left in the scarcer unit, so a chunk closed
            share = max(1, count - len(chunks))  # early by a long row leaves no small last part
            if left_tokens * limit_lines >= left_lines * limit_tokens:
                even_lines, even_tokens = left_lines + 1, -(-left_tokens // share)
            else:
                even_lines, even_tokens = -(-left_lines // share), left_tokens + 1
        lines, tokens = lines + n + 1, tokens + t
        left_lines, left_tokens = left_lines - n - 1, left_tokens - t
        if lines >= even_lines or tokens >= even_tokens:
            chunks.append((start, i + 1))
            start, lines, tokens = i + 1, 0, 0
    if start < len(rows):
        chunks.append((start, len(rows)))
    if len(chunks) < 2:
        return [unit]
    return [
        _rows_unit(block, part_id(block.id, k), lo, hi, header, rows)
        for k, (lo, hi) in enumerate(chunks, 1)
    ]


def _rows_unit(
    block: Table | ListBlock,
    new_id: str,
    lo: int,
    hi: int,
    header: tuple[int, int],
    rows: Sequence[tuple[int, int]],
) -> Unit:
    """Rows ``lo:hi`` (a table's header not counted) of ``block`` as a part with its size."""
    if isinstance(block, Table):
        rows_kept = (block.rows[0], *block.rows[1 + lo : 1 + hi])
        part: ContentBlock = replace(block, id=new_id, rows=rows_kept)
    else:
        start = block.start + lo if block.ordered else block.start
        part = replace(block, id=new_id, items=block.items[lo:hi], start=start)
    lines = header[0] + sum(n for n, _ in rows[lo:hi]) + (hi - lo - 1)
    tokens = header[1] + sum(t for _, t in rows[lo:hi])
    return Unit(part, lines, tokens)


def _halve(unit: Unit) -> tuple[Unit, Unit] | None:
    """A table or list cut in two by rows (sizes re-counted), or None for one row. Both halves
    get a part id; `number_parts` numbers them."""
    block = unit.block
    found = part_of(block.id)
    new_id = block.id if found is not None else part_id(block.id, 1)
    first: ContentBlock
    second: ContentBlock
    if isinstance(block, Table) and len(block.rows) > 2:
        middle = 1 + (len(block.rows) - 1) // 2
        first = replace(block, id=new_id, rows=block.rows[:middle])
        second = replace(block, id=new_id, rows=(block.rows[0], *block.rows[middle:]))
    elif isinstance(block, ListBlock) and len(block.items) > 1:
        middle = len(block.items) // 2
        start = block.start + middle if block.ordered else block.start
        first = replace(block, id=new_id, items=block.items[:middle])
        second = replace(block, id=new_id, items=block.items[middle:], start=start)
    else:
        return None
    return (
        Unit(first, *text_size(render_block(first)), unit.origin),
        Unit(second, *text_size(render_block(second)), unit.origin),
    )


def number_parts(blocks: Sequence[ContentBlock]) -> tuple[ContentBlock, ...]:
    """Number the parts of each split block ``<id>~1``, ``<id>~2``... in document order (a part
    cut in two while parts were checked shares its number until now)."""
    seen: dict[str, int] = {}
    result = []
    for block in blocks:
        found = part_of(block.id)
        if found is not None and isinstance(block, Table | ListBlock):
            seen[found[0]] = seen.get(found[0], 0) + 1
            block = replace(block, id=part_id(found[0], seen[found[0]]))
        result.append(block)
    return tuple(result)
