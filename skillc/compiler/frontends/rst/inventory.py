"""What a reStructuredText page holds, by a bare parse (the docutils doctree): its literal and
doctest blocks and its text, outside system messages and comments.

See `skillc.compiler.frontends.guide.inventory` for what an inventory is and why.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from skillc.compiler.frontends.guide.inventory import Item, SourceInventory, inventory


def rst_inventory(document: Any) -> SourceInventory:
    """Code blocks and text of a docutils doctree, outside system messages."""
    codes: list[Item] = []
    texts: list[Item] = []
    stack: list[Any] = [iter(document.children)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, nodes.system_message | nodes.comment):
            continue  # not the page's text: docutils' messages, comments Sphinx does not show
        elif isinstance(node, nodes.literal_block | nodes.doctest_block):
            codes.append((node.astext(), _line(node)))
        elif isinstance(node, nodes.Text):
            if node.astext().strip():
                texts.append((node.astext(), _line(node.parent)))
        elif isinstance(node, nodes.Element):
            stack.append(iter(node.children))
    return inventory(codes, texts)


def _line(node: Any) -> int:
    line = getattr(node, "line", None)
    return line if isinstance(line, int) and line > 0 else 0
