"""The anchors of an HTML page that its own links name, with the line each starts on.

Why: a page compiled as one skill may have its sections spread over several reference files
(each top-level section of a one-page chapter in its own file; later passes move more). A link
from the page to an anchor of itself (RDoc's ``<a href="Cursor.html#method-i-to_s">``, Doxygen's
member links) must then name the file that holds that anchor, and only the page knows where its
anchors are: the rewrite-links pass finds the block whose span holds the anchor's line
(`skillc.ir.nodes.Source.anchors`). Anchors no link of the page names are not recorded: a
Sphinx page has hundreds, and links between pages name a page's skill or its one file.

Guarantees: pure and deterministic; anchors in the order the page's links first name them,
each once; an anchor the page does not hold, or whose line libxml2 cannot tell (past its
16-bit line counter), is left out.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from skillc.compiler.frontends.html.spans import LINE_CAP
from skillc.ir.inline import LINK
from skillc.ir.nodes import Anchor, ContentBlock, Heading, ListBlock, Prose, Table


def own_anchors(root: Any, blocks: Iterable[ContentBlock], source_id: str) -> tuple[Anchor, ...]:
    """The anchors of the page ``root`` (read as ``source_id``) that links in ``blocks`` name
    as ``<this page>#<anchor>``, with their lines."""
    wanted = _own_fragments(blocks, source_id)
    if not wanted:
        return ()
    lines = _anchor_lines(root, wanted)
    found = []
    for fragment in wanted:
        line = lines.get(fragment) or lines.get(unquote(fragment))
        if line and line < LINE_CAP:
            found.append(Anchor(name=fragment, line=line))
    return tuple(found)


def _own_fragments(blocks: Iterable[ContentBlock], source_id: str) -> list[str]:
    """The fragments of links in ``blocks`` whose path is the page itself, in order, once."""
    folder = posixpath.dirname(source_id)
    marker = posixpath.basename(source_id) + "#"  # in every such link: most texts hold none
    seen: dict[str, None] = {}
    for block in blocks:
        for text in _texts(block):
            if marker not in text:
                continue
            for match in LINK.finditer(text):
                path, _, fragment = match.group(3).partition("#")
                if (
                    fragment
                    and path
                    and posixpath.normpath(posixpath.join(folder, path)) == (source_id)
                ):
                    seen.setdefault(fragment, None)
    return list(seen)


def _texts(block: ContentBlock) -> Iterable[str]:
    if isinstance(block, Prose | Heading):
        return (block.text,)
    if isinstance(block, ListBlock):
        return block.items
    if isinstance(block, Table):
        return (cell for row in block.rows for cell in row)
    return ()


def _anchor_lines(root: Any, wanted: list[str]) -> dict[str, int]:
    """The line of the first element with each ``id`` (or ``<a name>``) wanted, in one walk."""
    names = set(wanted) | {unquote(w) for w in wanted}
    lines: dict[str, int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id")
        if ident is None and element.tag == "a":
            ident = element.get("name")
        if ident in names and ident not in lines:
            lines[ident] = element.sourceline or 0
    return lines
