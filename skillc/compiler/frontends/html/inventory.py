"""What an HTML page holds, by a bare parse (the lxml tree of its main content): its ``<pre>``
blocks and text nodes outside site chrome and line-number gutters.

See `skillc.compiler.frontends.guide.inventory` for what an inventory is and why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from skillc.compiler.frontends.guide.inventory import Item, SourceInventory, inventory
from skillc.compiler.frontends.html.content import (
    BLOCK_TAGS,
    CHROME_BY_CONTENT,
    DROP_TAGS,
    chrome,
    classes,
)
from skillc.compiler.frontends.html.inline import dropped, dropped_anchor, pre_text
from skillc.compiler.frontends.html.invisible import visible_code


def html_inventory(content: Any, pres: dict[Any, str] | None = None) -> SourceInventory:
    """Code blocks and text of a page's main content element (lxml), before it is read: every
    ``<pre>`` and text node, outside what the readers skip by policy (site chrome, dropped
    inline elements such as permalinks, line-number gutters, comments). The text of each
    ``<pre>`` read goes into ``pres`` too, for the reader to take rather than read again."""
    skipped = _html_policy()
    codes: list[Item] = []
    texts: list[Item] = []
    if content.text and content.text.strip():
        texts.append((content.text, content.sourceline or 0))
    # lxml's own walk (in C), told to skip what is not read: a ``<pre>`` (read whole) and what
    # the policy leaves out. Comments are reported for their tails; it keeps the ancestors'
    # proxies alive (lxml frees a proxy by looking up the tree for another one).
    walk = etree.iterwalk(content, events=_EVENTS)
    next(walk)  # the content element itself: its text is read above, its tail is not its own
    for event, node in walk:
        if event == "start":
            tag = node.tag
            if skipped(node, tag):
                walk.skip_subtree()
            elif tag == "pre":
                walk.skip_subtree()
                code = pre_text(node)
                if pres is not None:
                    pres[node] = code
                if code.strip():
                    codes.append((visible_code(code), node.sourceline or 0))
            else:
                text = node.text  # each read of .text or .tail builds a new string: read once
                if text and not text.isspace():
                    texts.append((text, node.sourceline or 0))
        tail = node.tail
        if tail and not tail.isspace():
            texts.append((tail, node.sourceline or 0))
    return inventory(codes, texts)


#: What the walk reports: each element as it enters it, comments and PIs (not elements).
_EVENTS = ("start", "comment", "pi")


#: The tags `_html_policy` decides element by element, not by tag and attributes.
_BY_ELEMENT = DROP_TAGS | CHROME_BY_CONTENT | {"a"}


def _html_policy() -> Callable[[Any, str], bool]:
    """Whether the readers leave an element out by policy (not by accident). Asked for every
    element of the page (python-doc: 1,600 a page), so the common cases take a short path:
    no attributes, attributes seen before on the page, a link by `dropped_anchor` (a link is
    not a block, so `dropped` decides: chrome attributes drop it whatever `chrome` makes of its
    content), each the same answer `_decide` gives; the tags `chrome` decides by content
    (`CHROME_BY_CONTENT`: a header, a navigation table or column) are decided one by one."""
    known: dict[tuple[Any, ...], bool] = {}  # (tag, *attributes)

    def skipped(element: Any, tag: str) -> bool:
        if tag in _BY_ELEMENT:  # one test for the common case, none of these
            if tag in DROP_TAGS:
                return True
            if tag == "a":
                return dropped_anchor(element)  # never a block: `dropped` decides
            return _decide(element, tag)  # `CHROME_BY_CONTENT`: decided by its content too
        items = element.items()
        if not items:  # a third of them: nothing to say
            return False
        key = (tag, *items)  # pages repeat the same few (span class="pre")
        found = known.get(key)
        if found is None:
            found = known[key] = _decide(element, tag)
        return found

    return skipped


def _decide(element: Any, tag: str) -> bool:
    if chrome(element) or (tag not in BLOCK_TAGS and dropped(element)):
        return True
    return "linenos" in classes(element)
