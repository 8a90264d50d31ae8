"""Sizes of rendered blocks, and tables and lists split by rows: progressive-disclosure's
measuring, kept apart from its choice of what moves (the packing of reference files into
parts is `skillc.passes.disclosure_pack`).

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
from dataclasses import dataclass, field

from skillc.ir.layout import part_id, part_of, part_ranges, reference_pointer, render_body
from skillc.ir.markdown import list_item_lines, render_block, table_lines
from skillc.ir.nodes import (
    ContentBlock,
    ListBlock,
    Table,
)
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement
from skillc.tokens import count_tokens

#: Tables and lists longer than this are sized row by row (once), so that splitting them needs
#: no second count; shorter ones are counted whole, which is faster than many small counts.
_ROWS_FROM_CHARS = 16_000
#: Tokens kept free in a table or list part for a section heading that becomes its file's title.
_TITLE_TOKENS = 32


def emitted_body(blocks: Sequence[ContentBlock]) -> str:
    """The body as SKILL.md holds it: after the front matter's closing ``---`` line comes a
    blank line, which the spec (and ``skillc lint``) counts as part of the body."""
    return "\n" + render_body(blocks)


def body_fits(blocks: Sequence[ContentBlock], max_lines: int, max_tokens: int) -> bool:
    """Whether the rendered body is within both budgets (counted exactly)."""
    body = emitted_body(blocks)
    return body.count("\n") <= max_lines and count_tokens(body) <= max_tokens


def body_measure(blocks: Sequence[ContentBlock]) -> tuple[int, int]:
    """The rendered body's newlines and tokens (counted exactly)."""
    return text_size(emitted_body(blocks))


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
    is a new object with the same id and text), checked against the block's type and content
    object (`_content`, kept alive here so that its identity cannot be reused): a duplicate id in
    a module the verifier would reject, or a part of a split table re-cut to a budget tried
    later, cannot lend its size to another block."""

    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]] = field(default_factory=dict)
    contents: dict[str, tuple[type, object]] = field(default_factory=dict)

    def of(self, block: ContentBlock) -> tuple[int, int]:
        """(newlines, tokens) of ``render_block(block)``; tables and lists summed over rows."""
        found = self.blocks.get(block.id)
        if found is not None:
            kind, content = self.contents[block.id]
            if kind is not type(block) or content is not _content(block):
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
            self.contents[block.id] = (type(block), _content(block))
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


def _content(block: ContentBlock) -> object:
    """What a block renders from: `dataclasses.replace` keeps the object, a re-cut makes one."""
    if isinstance(block, Table):
        return block.rows
    if isinstance(block, ListBlock):
        return block.items
    return block.text


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


def part_target(max_lines: int, max_tokens: int) -> tuple[int, int]:
    """What parts are packed to: the budget less a margin for estimation error (2% of the
    tokens, two lines), so that only a part estimated over it needs an exact count."""
    return max_lines - 2, max_tokens - max(16, max_tokens // 50)


# --- Splitting tables and lists by rows ---------------------------------------------------------


def split_rows(block: ContentBlock, max_lines: int, max_tokens: int, sizes: Sizes) -> list[Unit]:
    """``block`` as parts that each fit a reference file of the budget when it is a table or
    list too big for one, else as itself. Parts are about equal in size; they are numbered
    ``<id>~1``, ``<id>~2``... (`number_parts` renumbers after any re-cut)."""
    return split_unit(sizes.unit(block), max_lines, max_tokens, sizes)


def split_unit(unit: Unit, max_lines: int, max_tokens: int, sizes: Sizes) -> list[Unit]:
    """`split_rows` of a sized unit; its parts keep its ``origin``."""
    block = unit.block
    if not isinstance(block, Table | ListBlock) or part_of(block.id) is not None:
        return [unit]
    target_lines, target_tokens = part_target(max_lines, max_tokens)
    # A reference file holding only this part: its title and separator (as
    # `disclosure_pack._FileSize` counts them), and room for the section heading that may stand
    # before the first part as the file's title.
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
        _rows_unit(block, part_id(block.id, k), (lo, hi), (header, rows), unit.origin)
        for k, (lo, hi) in enumerate(chunks, 1)
    ]


def _rows_unit(
    block: Table | ListBlock,
    new_id: str,
    span: tuple[int, int],
    sized: tuple[tuple[int, int], Sequence[tuple[int, int]]],
    origin: int,
) -> Unit:
    """Rows ``lo:hi`` (a table's header not counted) of ``block`` as a part with its size;
    ``sized`` is `Sizes.row_sizes` of the block."""
    lo, hi = span
    header, rows = sized
    if isinstance(block, Table):
        rows_kept = (block.rows[0], *block.rows[1 + lo : 1 + hi])
        part: ContentBlock = replace(block, id=new_id, rows=rows_kept)
    else:
        start = block.start + lo if block.ordered else block.start
        part = replace(block, id=new_id, items=block.items[lo:hi], start=start)
    lines = header[0] + sum(n for n, _ in rows[lo:hi]) + (hi - lo - 1)
    tokens = header[1] + sum(t for _, t in rows[lo:hi])
    return Unit(part, lines, tokens, origin)


def halve(unit: Unit) -> tuple[Unit, Unit] | None:
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
