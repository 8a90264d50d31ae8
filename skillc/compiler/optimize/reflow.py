"""Reflow a SKILL.md body: the same Markdown, in fewer tokens.

Authors hard-wrap prose at 72-80 columns for their editor; an agent reads tokens, and a line
break costs one (``"\\nword"`` is two tokens where ``" word"`` is one): 5-8% of a hard-wrapped
body. CommonMark renders a soft line break inside a paragraph as a space, so joining the lines
of each paragraph (a list item's included) changes nothing a reader or renderer sees. Table
rows padded to line up their pipes lose the padding (GFM ignores it); separator rows stay as
written (the no-loss check reads a table as one sentence, dashes included).

What is never touched: code (fenced or indented), HTML blocks, headings, block quotes (their
``>`` markers), a table row with a pipe inside a code span, front matter, a hard break (two
trailing spaces or a backslash), a line that starts with what the no-loss check reads as a new
sentence (``- ``, ``1.``, ``#``, ``>``: a continuation line in CommonMark, an item boundary in
`skillc.passes.actionable.sentences`), and a break between CJK characters (where a space would
be visible). Every sentence, code block, inline code span, URL, path and number reads the same
after (whitespace is collapsed before items are compared), which `skillc.compiler.optimize`
checks; a text whose items would change is left as it was. Linear in the text: one markdown-it
block parse, one pass over the lines.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from skillc.compiler.frontends.markdown.wrapped_html import use_wrapped_html
from skillc.package.reader import package_from_texts

PARSER = use_wrapped_html(MarkdownIt("commonmark").enable("table").disable(["inline", "normalize"]))
#: What `skillc.passes.actionable.sentences` reads as the start of a new item.
_ITEM_START = re.compile(r"^\s*(?:[-+*]|\d+[.)]|>|#+)\s")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^:?-+:?$")
#: A code span holding a pipe: GFM splits the cell there, but the span is one inline item.
_PIPED_SPAN = re.compile(r"(`+)[^`]*\|[^`]*\1")


def reflow_document(text: str) -> str:
    """A SKILL.md ``text`` with its body reflowed, its front matter as it was."""
    offset = package_from_texts("skill", {"SKILL.md": text}).body_offset
    return text[:offset] + reflow(text[offset:])


def reflow(body: str) -> str:
    """``body`` (Markdown without front matter) with paragraphs on one line each and table
    padding dropped; unchanged when it holds a carriage return (line maps would shift).

    >>> reflow("Keep the\\nrules.\\n\\n```\\na\\nb\\n```\\n")
    'Keep the rules.\\n\\n```\\na\\nb\\n```\\n'
    >>> reflow("| Key   | Value |\\n|:------|------:|\\n| `a`   | 1     |\\n")
    '| Key | Value |\\n|:------|------:|\\n| `a` | 1 |\\n'
    """
    if "\r" in body:
        return body
    lines = body.split("\n")
    joined: set[int] = set()  # lines appended to the line before them
    for token, quoted, _ in quoted_blocks(PARSER.parse(body)):
        if quoted or token.map is None:
            continue
        start, end = token.map
        if token.type == "paragraph_open":
            joined.update(i for i in range(start + 1, end) if joins(lines[i - 1], lines[i]))
        elif token.type == "table_open":
            for i in range(start, end):
                lines[i] = _compact_row(lines[i])
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in joined:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def quoted_blocks(tokens: list[Token]) -> list[tuple[Token, bool, bool]]:
    """Each paragraph, table and list opening, whether it sits inside a block quote, and
    whether inside a list item."""
    found: list[tuple[Token, bool, bool]] = []
    quotes = items = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        if token.type in ("paragraph_open", "table_open", "bullet_list_open", "ordered_list_open"):
            found.append((token, quotes > 0, items > 0))
    return found


def joins(previous: str, line: str) -> bool:
    """Whether ``line`` may be joined to ``previous`` (a soft break between them)."""
    if previous.endswith(("  ", "\\")) or not line.strip() or _ITEM_START.match(line):
        return False
    last, first = previous.rstrip()[-1:], line.strip()[:1]
    return not (_CJK.match(last) or _CJK.match(first))


def _compact_row(line: str) -> str:
    """One table row without the spaces that line its pipes up.

    >>> _compact_row("  | a  | b \\\\| c |")
    '  | a | b \\\\| c |'
    """
    stripped = line.strip()
    if not stripped or _PIPED_SPAN.search(stripped):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    lead = stripped.startswith("|")
    trail = len(stripped) > 1 and stripped.endswith("|") and not stripped.endswith("\\|")
    inner = stripped[1 if lead else 0 : len(stripped) - 1 if trail else len(stripped)]
    cells = [c.strip() for c in _PIPE.split(inner)]
    if all(_SEPARATOR.match(c) for c in cells):
        return line
    return indent + ("| " if lead else "") + " | ".join(cells) + (" |" if trail else "")
