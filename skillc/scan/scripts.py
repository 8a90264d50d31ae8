"""Bundled scripts and code blocks through tree-sitter: comments apart, string pieces joined.

Why parse at all, when rules read text: a comment that mentions ``rm -rf /`` is not a command,
and ``"cu" + "rl"`` is one word to the shell it ends up in. tree-sitter (per-language grammar
wheels: Python, Bash, JavaScript; TypeScript read with the JavaScript grammar, which recovers
from type annotations) tells comments from code and finds string concatenations whose parts are
all literals. The scanned text is only ever parsed, never imported or run.

Offsets: tree-sitter counts UTF-8 bytes; `_Chars` maps them back to character offsets with one
bisection per lookup over the non-ASCII characters, so a file costs linear time once.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: Node types, per language, that are comments / that concatenate / that are literal strings.
_COMMENT = frozenset({"comment"})
_CONCAT = {
    "python": frozenset({"binary_operator", "concatenated_string"}),
    "javascript": frozenset({"binary_expression"}),
    "shell": frozenset({"concatenation"}),
}
_STRING = frozenset({"string", "raw_string", "string_fragment", "word", "template_string"})
#: Deeper than this, a concatenation is not followed (a generated file could nest thousands).
_MAX_PIECES = 4096


@dataclass(slots=True)
class Parsed:
    """What parsing found, in character offsets of the parsed text."""

    comments: list[tuple[int, int]] = field(default_factory=list)
    joined: list[tuple[int, int, str]] = field(default_factory=list)


def _grammar(lang: str) -> Any:
    """The tree-sitter language object of ``lang``'s grammar wheel (imported on first use)."""
    if lang == "python":
        import tree_sitter_python

        return tree_sitter_python.language()
    if lang == "shell":
        import tree_sitter_bash

        return tree_sitter_bash.language()
    if lang == "javascript":
        import tree_sitter_javascript

        return tree_sitter_javascript.language()
    return None


@cache
def _parser(lang: str) -> Any:
    """A tree-sitter parser for ``lang`` (None when there is no grammar for it)."""
    import tree_sitter

    grammar = _grammar(lang)
    if grammar is None:
        return None
    return tree_sitter.Parser(tree_sitter.Language(grammar))


def supported(lang: str) -> bool:
    return lang in _CONCAT and _parser(lang) is not None


def parse(text: str, lang: str) -> Parsed:
    """Comments and literal-only concatenations of ``text`` in language ``lang``.

    The tree is walked with an explicit stack (any depth, linear in its nodes); a
    concatenation that joins literals is taken whole and not entered. (tree-sitter's query
    engine was tried instead: super-linear on deeply nested trees, and its progress callback
    crashed the interpreter on some inputs.)
    """
    loaded = _parser(lang)
    found = Parsed()
    if loaded is None or not text:
        return found
    data = text.encode("utf-8", errors="surrogatepass")
    tree = _parse_within_budget(loaded, data)
    if tree is None:
        return found  # too slow to parse (pathological input): read as code, comments and all
    chars = _Chars(text)
    concat = _CONCAT[lang]
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in _COMMENT:
            found.comments.append((chars.at(node.start_byte), chars.at(node.end_byte)))
            continue
        if kind in concat:
            joined = _literal_join(node, data)
            if joined is not None:
                start, end = chars.at(node.start_byte), chars.at(node.end_byte)
                found.joined.append((start, end, joined))
                continue
        if node.child_count:
            stack.extend(node.children)
    found.comments.sort()
    found.joined.sort()
    return found


#: Parsing time allowed: a fixed part plus a part per byte (about 20 times what ordinary code
#: needs). tree-sitter's error recovery is super-linear on some inputs (30,000 `|` take seconds
#: in the Bash grammar), so a parse over budget is abandoned and the text read without it.
_BUDGET_SECONDS = 0.05
_BUDGET_PER_BYTE = 1e-6
_CHUNK = 65536


def _parse_within_budget(parser: Any, data: bytes) -> Any:
    """The tree of ``data``, or None when parsing it takes longer than the budget."""
    deadline = time.perf_counter() + _BUDGET_SECONDS + _BUDGET_PER_BYTE * len(data)

    def read(offset: int, _point: object) -> bytes:
        if time.perf_counter() > deadline:
            return b""  # the parser sees the end of the text and finishes at once
        return data[offset : offset + _CHUNK]

    tree = parser.parse(read)
    if tree is None or tree.root_node.end_byte < len(data.rstrip()):
        return None
    return tree


def _literal_join(node: Any, data: bytes) -> str | None:
    """The string a concatenation of literals makes, or None when a piece is not literal."""
    pieces: list[str] = []
    stack = [node]
    while stack:
        if len(pieces) > _MAX_PIECES:
            return None
        current = stack.pop()
        kind = current.type
        if kind in ("+", "(", ")"):
            continue
        if kind in _STRING and not _has_interpolation(current):
            pieces.append(_literal_text(data[current.start_byte : current.end_byte]))
        elif kind in (
            "binary_operator",
            "binary_expression",
            "concatenated_string",
            "concatenation",
        ):
            if any(
                c.type
                not in (
                    "+",
                    "string",
                    "raw_string",
                    "word",
                    "binary_operator",
                    "binary_expression",
                    "concatenated_string",
                    "concatenation",
                    "parenthesized_expression",
                    "(",
                    ")",
                )
                for c in current.children
            ):
                return None
            stack.extend(reversed(current.children))
        elif kind == "parenthesized_expression":
            stack.extend(reversed(current.children))
        else:
            return None
    return "".join(pieces) if len(pieces) > 1 else None


def _has_interpolation(node: Any) -> bool:
    return any(
        c.type
        in (
            "interpolation",
            "expansion",
            "simple_expansion",
            "command_substitution",
            "template_substitution",
        )
        for c in node.children
    )


def _literal_text(raw: bytes) -> str:
    """A literal's text without its quotes and Python string prefixes."""
    text = raw.decode("utf-8", errors="replace")
    stripped = text.lstrip("rRbBuUfF")
    for quote in ('"""', "'''", '"', "'", "`"):
        if (
            stripped.startswith(quote)
            and stripped.endswith(quote)
            and len(stripped) >= 2 * len(quote)
        ):
            return stripped[len(quote) : -len(quote)]
    return text


class _Chars:
    """UTF-8 byte offset -> character offset of one text."""

    def __init__(self, text: str) -> None:
        self.bytes_at: list[int] = []  # byte offset just after each non-ASCII character
        self.extra: list[int] = []  # extra bytes before and including it
        if text.isascii():
            return
        extra = 0
        for index, char in enumerate(text):
            if ord(char) > 0x7F:
                width = len(char.encode("utf-8", errors="surrogatepass"))
                extra += width - 1
                self.bytes_at.append(index + extra + 1)
                self.extra.append(extra)

    def at(self, byte: int) -> int:
        i = bisect_right(self.bytes_at, byte)
        return byte - (self.extra[i - 1] if i else 0)


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each range replaced by spaces (newlines kept), so offsets stay put."""
    if not ranges:
        return text
    parts: list[str] = []
    at = 0
    for start, end in ranges:
        parts.append(text[at:start])
        parts.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


def comment_texts(text: str, ranges: list[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    for start, end in ranges:
        yield start, text[start:end]
