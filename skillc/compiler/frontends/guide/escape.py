"""Plain text as Markdown: escaping and code spans, shared by the HTML and RST frontends.

Why: Prose, list items, table cells and headings hold Markdown, so text read from a page must be
escaped where it would otherwise become markup (``__slots__`` is not bold, ``a[i]`` not a link,
``<module 'x'>`` not a tag), and code must be fenced with enough backquotes. The HTML frontend
and the RST frontend use these same functions, so a page and its Sphinx source give the same
Markdown; this module imports nothing else, so the RST frontend does not load lxml.

Guarantees: pure functions; `escape` escapes only what would change how the text renders
(``snake_case`` and ``2 * 3`` stay as they are); `code_span` collapses whitespace.
"""

from __future__ import annotations

import re

__all__ = ["code_span", "escape", "escape_line_start"]

_SPECIAL = re.compile(r"[\\`*_\[\]<&]")
_ENTITY = re.compile(r"&#?\w+;")
_BACKTICKS = re.compile(r"`+")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINE_START = re.compile(
    r"^(?:(#{1,6}|>|[-+*]|={2,}|-{2,}|`{3,}|~{3,}|\|)(?=\s|$)|\d{1,9}(?=[.)](\s|$)))"
)


def escape(text: str) -> str:
    """Plain page text as Markdown that renders as the same text."""
    if not _SPECIAL.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        char, at = match.group(), match.start()
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if char == "\\":
            return "\\\\" if not after or after in _PUNCT else char
        if char == "*":
            return char if before.isspace() and after.isspace() else "\\*"
        if char == "_":
            return char if before.isalnum() and after.isalnum() else "\\_"
        if char == "<":
            return "\\<" if after.isalpha() or after in "/!?" else char
        if char == "&":
            return "\\&" if _ENTITY.match(text, at) else char
        return "\\" + char  # ` [ ]

    return _SPECIAL.sub(one, text)


def escape_line_start(text: str) -> str:
    """``text`` with a leading block marker (``# ``, ``- ``, ``1. ``, ``>``) escaped."""
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(1) is None:  # "1. " -> "1\. "
        return f"{text[: match.end()]}\\{text[match.end() :]}"
    return "\\" + text


def code_span(text: str) -> str:
    """``text`` (whitespace collapsed) as a Markdown code span; ``""`` when empty."""
    text = " ".join(text.split())
    if not text:
        return ""
    if "`" not in text:  # nearly every span: no backtick run to measure
        fence = "`"
    else:
        fence = "`" * (max(len(run) for run in _BACKTICKS.findall(text)) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
