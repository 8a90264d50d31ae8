"""Render content blocks back to CommonMark (+ GFM tables).

The rendering layer below the passes: `skillc.ir.layout` lays blocks out into SKILL.md and
reference files with it, and the progressive-disclosure pass measures a body with it in the
units the budgets are stated in (lines and tokens of the emitted Markdown). Rendering is a pure
function of the blocks, so the pass and the backend always agree on sizes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Table

_BACKTICK_RUN = re.compile(r"`{3,}|~{3,}")


def render_blocks(blocks: Iterable[ContentBlock]) -> str:
    """The blocks as Markdown, separated by blank lines, ending with one newline."""
    parts = [render_block(b) for b in blocks]
    text = "\n\n".join(p for p in parts if p)
    return text + "\n" if text else ""


def render_block(block: ContentBlock) -> str:
    """One block as Markdown, without a trailing newline."""
    if isinstance(block, Heading):
        return f"{'#' * max(1, min(block.level, 6))} {block.text.strip()}"
    if isinstance(block, Prose):
        return block.text.strip("\n")
    if isinstance(block, ListBlock):
        return _render_list(block)
    if isinstance(block, Code):
        return _render_code(block)
    return _render_table(block)


def _render_list(block: ListBlock) -> str:
    return "\n".join(list_item_lines(block))


def list_item_lines(block: ListBlock) -> list[str]:
    """Each item of the list as it is rendered (marker, text, indented continuation lines).

    Joined with newlines they are the rendered list; the progressive-disclosure pass sizes items
    with it when it splits a long list into parts, so parts are measured exactly as written.

    >>> list_item_lines(ListBlock(id="L", items=("a", "b\\nc"), ordered=True, start=9))
    ['9. a', '10. b\\n    c']
    """
    rendered: list[str] = []
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}. " if block.ordered else "- "
        pad = " " * len(marker)
        first, *rest = item.strip("\n").split("\n") or [""]
        lines = [marker + first]
        lines.extend(pad + line if line.strip() else "" for line in rest)
        rendered.append("\n".join(lines))
    return rendered


def _render_code(block: Code) -> str:
    """A fenced block whose fence is longer than any fence-like run inside the code."""
    text = block.text
    longest = 0  # most code holds no run of three: two substring tests, not a regex scan
    if "```" in text or "~~~" in text:
        longest = max(len(m.group()) for m in _BACKTICK_RUN.finditer(text))
    fence = "`" * max(3, longest + 1)
    body = block.text[:-1] if block.text.endswith("\n") else block.text
    return f"{fence}{block.language}\n{body}\n{fence}"


def _render_table(block: Table) -> str:
    return "\n".join(table_lines(block))


def table_lines(block: Table) -> list[str]:
    """The rendered lines of a table: header, delimiter row, then one line per body row.

    >>> table_lines(Table(id="T", rows=(("k", "v"), ("a",))))
    ['| k | v |', '| --- | --- |', '| a |  |']
    """
    if not block.rows:
        return []
    width = max(len(row) for row in block.rows)
    rows = [tuple(row) + ("",) * (width - len(row)) for row in block.rows]
    lines = [_table_row(rows[0]), "|" + "|".join(" --- " for _ in range(width)) + "|"]
    lines.extend(_table_row(row) for row in rows[1:])
    return lines


def _table_row(cells: tuple[str, ...]) -> str:
    escaped = (" ".join(c.split()).replace("|", "\\|") for c in cells)
    return "| " + " | ".join(escaped) + " |"
