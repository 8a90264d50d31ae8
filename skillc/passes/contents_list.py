"""Find a skill body's table of contents: a list of links to its own headings.

An agent reads SKILL.md whole, so a table of contents only repeats the headings it is about to
read; in the ant-design-x skills it is up to 12% of the body (emoji anchors cost tokens). A list
is a table of contents when every line of it (nested items included) is one link to an anchor,
optionally followed by a short gloss ("- Get started in 3 minutes"), it has at least
`MIN_LINKS` links, and at least half of them name a heading of the same skill (compared on
letters and digits only, so GitHub's slug of "🚀 Quick Start", ``#-quick-start``, matches).

compress-body removes such a list when every actionable item it holds is held by a block that
stays (the headings repeat its words; a gloss's number is usually in its heading too), and
moves it to a reference file otherwise, so the package keeps every item. The heading above it
("Table of Contents", "目录") goes when nothing else is left under it, whatever its level.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from skillc.ir.markdown import render_block
from skillc.ir.nodes import ContentBlock, Heading, ListBlock
from skillc.passes.actionable import Item, markdown_items

#: Fewer links are a "see also" line, not a table of contents.
MIN_LINKS = 3
#: Longest gloss after a link ("- Get started in 3 minutes").
MAX_GLOSS_CHARS = 80

_LINE = re.compile(
    r"^\s*(?:(?:[-+*]|\d+[.)])\s+)?\[[^\]]+\]\(#(?P<anchor>[^)\s]*)\)\s*(?P<gloss>.*)$"
)
_GLOSS = re.compile(r"^(?:[-–—:：]\s*\S.*)?$")
_KEY = re.compile(r"[\W_]+")
#: A heading that only names the table of contents.
CONTENTS_HEADING = re.compile(
    r"^\W*(?:table of contents|contents|toc|目录(?:导航)?|导航)\W*$", re.IGNORECASE
)


def heading_keys(blocks: Sequence[ContentBlock]) -> frozenset[str]:
    """Each heading of the skill as the letters and digits of its text, case-folded."""
    return frozenset(_key(b.text) for b in blocks if isinstance(b, Heading))


def is_contents(block: ContentBlock, headings: frozenset[str]) -> bool:
    """Whether ``block`` is a table of contents of the skill whose ``headings`` are given.

    >>> items = ("[🚀 Quick Start](#-quick-start) - in 3 minutes", "[Setup](#setup)", "[Use](#use)")
    >>> is_contents(ListBlock(id="l", items=items), frozenset({"quickstart", "setup"}))
    True
    >>> is_contents(ListBlock(id="l", items=items), frozenset({"other"}))
    False
    """
    if not isinstance(block, ListBlock):
        return False
    anchors = []
    for item in block.items:
        for line in item.split("\n"):
            if not line.strip():
                continue
            found = _LINE.match(line)
            if found is None or len(found.group("gloss")) > MAX_GLOSS_CHARS:
                return False
            if not _GLOSS.match(found.group("gloss")):
                return False
            anchors.append(_key(found.group("anchor")))
    if len(anchors) < MIN_LINKS:
        return False
    return 2 * sum(anchor in headings for anchor in anchors) >= len(anchors)


def settle_contents(
    blocks: Sequence[ContentBlock],
    contents: Sequence[int],
    gone: Collection[int],
    decided: Collection[int],
) -> tuple[list[int], list[int]]:
    """(the tables of contents among ``contents`` that can go altogether, the headings over
    them that go too). A table goes when the blocks that stay (all but those ``gone``) hold
    every item it holds: it only repeats the headings. Its heading goes when it names a table
    of contents, holds no item, is not ``decided`` already and has nothing else under it."""
    tables: list[int] = []
    headings: list[int] = []
    for index in sorted(contents, reverse=True):  # a later copy goes before the first
        kept: set[Item] = set()
        for other, block in enumerate(blocks):
            if other != index and other not in gone and other not in tables:
                kept |= _items(block)
        if _items(blocks[index]) <= kept:
            tables.append(index)
        heading = index - 1
        above = blocks[heading] if heading >= 0 else None
        if (
            isinstance(above, Heading)
            and heading not in decided
            and CONTENTS_HEADING.match(above.text)
            and not _items(above)
            and _section_end(blocks, heading) == index + 1
        ):
            headings.append(heading)
    return sorted(tables), sorted(headings)


def _section_end(blocks: Sequence[ContentBlock], heading: int) -> int:
    """The index after the last block under ``blocks[heading]`` (up to the next heading)."""
    end = heading + 1
    while end < len(blocks) and not isinstance(blocks[end], Heading):
        end += 1
    return end


def _items(block: ContentBlock) -> set[Item]:
    return markdown_items(render_block(block))


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())
