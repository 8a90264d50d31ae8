"""A fence wrapped in lone HTML tag lines (``<Good>`` ... ``</Good>``) as one opaque HTML block.

Why: skills mark examples with made-up tags on their own lines, the fence right under the tag::

    <Good>
    ```ts
    const x = 1;

    const y = 2;
    ```
    </Good>

CommonMark reads ``<Good>`` alone on a line as a type-7 raw HTML block that runs to the next
blank line: it swallows the fence opening and the code up to its first blank line, and the rest
of the code is read as paragraphs (its closing fence then opens a new fence). The agent reads
the raw Markdown, where the fence is code. Read as CommonMark, compress-body moved or reflowed
pieces of such code apart and the no-loss check (which finds fences line by line) rolled the
skill back (PV032: kaizen, test-driven-development in claude-code-skills 0.5.0).

This block rule, run before markdown-it's ``html_block``, takes the lines from the opening tag
to its lone closing tag (``</Good>`` at most 3 spaces in, outside any fence) as one
``html_block`` token when the opening tag is directly followed by a non-blank line and a fence
opens before the closing tag. The reader keeps that token verbatim as one block, so the wrapper
and its code stay together wherever the block goes. Without a closing tag, or without a fence,
CommonMark's reading stands. Linear in the lines scanned.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

_OPEN = re.compile(r"^<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: CommonMark's type-1 tags: their blocks already run to the closing tag.
_RAW = frozenset({"script", "pre", "style", "textarea"})


def _line(state: StateBlock, n: int) -> str:
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def _closing_line(state: StateBlock, start: int, end: int, name: str) -> int:
    """The line of the lone ``</name>`` closing the tag opened at ``start`` when a fence opens
    before it, else -1. A closing tag inside a fence is code, not the wrapper's end."""
    close = re.compile(rf"^</{re.escape(name)}\s*>\s*$", re.IGNORECASE)
    fence, fenced = "", False
    for n in range(start + 1, end):
        if not state.isEmpty(n) and state.sCount[n] < state.blkIndent:
            return -1  # the container ended
        raw = state.src[state.bMarks[n] : state.eMarks[n]]
        text = raw[state.blkIndent :] if raw[: state.blkIndent].isspace() else raw.lstrip()
        opening = _FENCE.match(text)
        if fence:
            stripped = text.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        elif opening:
            fence, fenced = opening.group(1), True
        elif state.sCount[n] - state.blkIndent < 4 and close.match(text.strip()):
            return n if fenced else -1
    return -1


def wrapped_html(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it block rule: see the module docstring."""
    if state.is_code_block(start) or start + 1 >= end or state.isEmpty(start + 1):
        return False
    opening = _OPEN.match(_line(state, start))
    if not opening or opening.group(1).lower() in _RAW:
        return False
    last = _closing_line(state, start, end, opening.group(1))
    if last < 0:
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, last + 1]
    token.content = state.getLines(start, last + 1, state.blkIndent, True)
    state.line = last + 1
    return True


def use_wrapped_html(md: MarkdownIt) -> MarkdownIt:
    """``md`` with `wrapped_html` run before its ``html_block`` rule."""
    md.block.ruler.before("html_block", "wrapped_html", wrapped_html)
    return md
