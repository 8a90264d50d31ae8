"""What a Markdown page holds, by a bare parse (markdown-it tokens): its code blocks and text.

See `skillc.compiler.frontends.guide.inventory` for what an inventory is and why; MyST
directive bodies are opaque here.
"""

from __future__ import annotations

import re
from typing import Any

from skillc.compiler.frontends.guide.inventory import Item, SourceInventory, inventory
from skillc.compiler.frontends.markdown.blocks import _PARSER, DEEP


def markdown_inventory(text: str, tokens: list[Any] | None = None) -> SourceInventory:
    """Code blocks and text of a Markdown page, from markdown-it's tokens (``tokens``, the
    frontend's own parse of the page, when it has one: parsing twice would double the cost).
    A container nested past markdown-it's limit comes back as one token (`blocks.DEEP`)
    holding its lines, which are scanned line by line (`_deep_lines`): parsing them again
    would cost their size once per 64 levels."""
    codes: list[Item] = []
    texts: list[Item] = []
    for token in _PARSER.parse(text) if tokens is None else tokens:
        line = (token.map[0] if token.map else 0) + 1
        if token.type == DEEP:
            _deep_lines(token.content, line, codes, texts)
        elif token.type == "code_block" or (
            token.type == "fence" and not token.info.strip().startswith("{")
        ):
            codes.append((token.content, line))
        elif token.type in ("inline", "html_block", "fence"):
            texts.append((_MARKUP.sub("", token.content), line))
    return inventory(codes, texts)


def _deep_lines(content: str, first: int, codes: list[Item], texts: list[Item]) -> None:
    """Fenced code and text of the lines of a deeply nested container: container markers
    (``>``, list bullets, indentation) are stripped from each line outside fences; inside a
    fence only indentation and ``>`` go, as verify-no-loss compares code without them."""
    fence = ""
    code: list[str] = []
    start = 0
    for n, raw in enumerate(content.split("\n")):
        line = _CONTAINERS.sub("", raw)
        if fence:
            if line.startswith(fence) and not line[len(fence) :].strip(fence[0] + " \t"):
                codes.append(("\n".join(code), start))
                fence = ""
            else:
                code.append(_QUOTES.sub("", raw))
        elif opening := _FENCE.match(line):
            if opening.group(2).strip().startswith("{"):
                texts.append((_MARKUP.sub("", line), first + n))
            else:
                fence, code, start = opening.group(1), [], first + n
        elif line.strip():
            texts.append((_MARKUP.sub("", line), first + n))
    if fence:  # an unclosed fence runs to the end of its container
        codes.append(("\n".join(code), start))


_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_QUOTES = re.compile(r"^[ \t>]*")
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


#: MyST and Sphinx markup that is not shown as text: role names (``{func}`x```, ``:ref:`x```),
#: cross-reference targets (```text <target>```), module paths a ``~`` hides, directive names
#: of nested fences (````` ```{note} `````) and of embedded RST (``.. code-block::``), option
#: names (``:caption:``), target labels.
_MARKUP = re.compile(
    r"\{[\w:.+-]+\}(?=`)|(?<=[`~])\{[\w:.+-]+\}|:[\w:.+-]+:(?=`)|\s*<[^<>`\n]*>(?=`)|(?<=`)~[\w.]*\."
    r"|^[ \t]*\.\.[ \t]+[\w:.+-]+::|^[ \t]*:[\w-]+:|^\([\w.:/-]+\)=[ \t]*$",
    re.MULTILINE,
)
