"""Python source through tree-sitter: parsing, calls, literal values and spans.

Why tree-sitter rather than `ast`: a repository holds files of every Python version and some
that do not parse at all; tree-sitter keeps going past a syntax error (ERROR nodes) where
`ast.parse` gives up on the whole file, and the same library reads the other languages later.
Nothing here runs the code it reads: a value is taken only when it is a literal, evaluated by
`ast.literal_eval` on the literal's own text (strings, numbers, tuples, lists, ``None``,
``True``); anything else is kept as its source text.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from typing import Any

from tree_sitter import Language, Node, Parser

from skillc.ir.span import Span

__all__ = [
    "Call",
    "PyFile",
    "call_of",
    "dotted",
    "literal",
    "parse_python",
    "string_value",
]


@cache
def _parser() -> Parser:
    import tree_sitter_python

    return Parser(Language(tree_sitter_python.language()))


@dataclass(frozen=True, slots=True)
class PyFile:
    """One parsed Python file: its path in the repository, the id its spans use, its bytes
    (tree-sitter's offsets are byte offsets) and root node; ``errors`` is how many syntax
    errors tree-sitter read past; ``lines`` the character offset of each line's start (a
    span's character offsets are found from its line, so the cost of a span is the length of
    its line, not of the file)."""

    path: str
    source: str
    data: bytes
    root: Node
    errors: int
    lines: tuple[int, ...]

    def span(self, node: Node) -> Span:
        """The span of ``node``, in characters (lines and columns 1-based)."""
        row, end_row = node.start_point[0], node.end_point[0]
        start = self._offset(row, node.start_byte, node.start_point[1])
        end = self._offset(end_row, node.end_byte, node.end_point[1])
        return Span(
            source=self.source,
            line=row + 1,
            col=start - self._line_start(row) + 1,
            end_line=end_row + 1,
            end_col=end - self._line_start(end_row) + 1,
            start=start,
            end=end,
        )

    def _line_start(self, row: int) -> int:
        return self.lines[min(row, len(self.lines) - 1)]

    def _offset(self, row: int, byte: int, column: int) -> int:
        """The character offset of the point at ``byte``, ``column`` bytes into line ``row``."""
        return self._line_start(row) + len(
            self.data[byte - column : byte].decode("utf-8", "replace")
        )

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def parse_python(path: str, source: str, text: str) -> PyFile:
    """``text`` (the file at ``path``, shown as ``source`` in spans) parsed; never raises."""
    data = text.encode("utf-8")
    tree = _parser().parse(data)
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return PyFile(
        path=path,
        source=source,
        data=data,
        root=tree.root_node,
        errors=_errors(tree.root_node),
        lines=tuple(starts),
    )


def _errors(root: Node) -> int:
    """How many ERROR or missing nodes the tree holds (iteratively: files nest deeply)."""
    if not root.has_error:
        return 0
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            count += 1
        stack.extend(c for c in node.children if c.has_error or c.is_missing)
    return count


def dotted(node: Node | None) -> str:
    """``a.b.c`` for an identifier or attribute chain, else ``""`` (iteratively: a chain can
    be thousands of names long)."""
    parts: list[str] = []
    while node is not None and node.type == "attribute":
        attr = node.child_by_field_name("attribute")
        if attr is None:
            return ""
        parts.append(_decoded(attr))
        node = node.child_by_field_name("object")
    if node is None or node.type != "identifier":
        return ""
    parts.append(_decoded(node))
    return ".".join(reversed(parts))


def _decoded(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text else ""


@dataclass(frozen=True, slots=True)
class Call:
    """A call: the dotted name called (``click.option``), its positional argument nodes and
    its keyword argument nodes by name."""

    node: Node
    func: str
    args: tuple[Node, ...]
    kwargs: dict[str, Node]


def call_of(node: Node | None) -> Call | None:
    """The `Call` of a ``call`` node, else None."""
    if node is None or node.type != "call":
        return None
    func = dotted(node.child_by_field_name("function"))
    arguments = node.child_by_field_name("arguments")
    args: list[Node] = []
    kwargs: dict[str, Node] = {}
    for child in arguments.named_children if arguments is not None else ():
        if child.type == "keyword_argument":
            name, value = child.child_by_field_name("name"), child.child_by_field_name("value")
            if name is not None and value is not None:
                kwargs[_decoded(name)] = value
        elif child.type not in ("comment", "dictionary_splat"):  # `*args` kept: nox's posargs
            args.append(child)
    return Call(node=node, func=func, args=tuple(args), kwargs=kwargs)


_NO_VALUE = object()


#: Literals nested deeper than this are not values skillc needs (and would exhaust the stack).
MAX_DEPTH = 50


def literal(node: Node | None, depth: int = 0) -> Any:
    """The value of a literal expression node, else `_NO_VALUE` (see `has_value`)."""
    if node is None or depth > MAX_DEPTH:
        return _NO_VALUE
    if node.type in ("true", "false", "none", "integer", "float"):
        return _eval(_decoded(node))
    if node.type in ("string", "concatenated_string"):
        value = string_value(node, depth)
        return value if value is not None else _NO_VALUE
    if node.type == "unary_operator":
        return _eval(_decoded(node))
    if node.type in ("tuple", "list", "parenthesized_expression"):
        items = [literal(c, depth + 1) for c in node.named_children if c.type != "comment"]
        if any(i is _NO_VALUE for i in items):
            return _NO_VALUE
        if node.type == "parenthesized_expression":
            return items[0] if len(items) == 1 else _NO_VALUE
        return tuple(items)
    return _NO_VALUE


def has_value(value: Any) -> bool:
    """Whether `literal` found a value."""
    return value is not _NO_VALUE


def _eval(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return _NO_VALUE


def string_value(node: Node | None, depth: int = 0) -> str | None:
    """The text of a string literal, implicit concatenations and parentheses included; an
    f-string's replacement fields are kept as written (``{os.pathsep!r}``). None when ``node``
    is not a string."""
    if node is None or depth > MAX_DEPTH:
        return None
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return string_value(node.named_children[0], depth + 1)
    if node.type == "concatenated_string":
        parts = [string_value(c, depth + 1) for c in node.named_children if c.type != "comment"]
        return None if any(p is None for p in parts) else "".join(p or "" for p in parts)
    if node.type != "string":
        return None
    raw = _decoded(node)
    value = _eval(raw)
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return None
    return _fstring(node)


def _fstring(node: Node) -> str:
    """An f-string's text with its replacement fields as written (escapes of the literal
    parts decoded where they are plain)."""
    pieces: list[str] = []
    for child in node.named_children:
        if child.type in ("string_content", "interpolation"):
            pieces.append(_decoded(child))
    return "".join(pieces)
