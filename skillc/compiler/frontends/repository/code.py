"""Source files of any language through tree-sitter's per-language grammar wheels.

Why one module for all of them: JavaScript, TypeScript, Go, Rust and shell command lines are
read the same way (parse, walk the tree without recursion, take literals only), so parsing,
walking and spans live once here and each language's module keeps only what its libraries
mean. The grammars are the installed wheels (``tree-sitter-javascript``, ``-typescript``,
``-go``, ``-rust``, ``-bash``): nothing is downloaded, and a grammar is loaded only when a
file of its language is read. A file that does not parse keeps what parses around the error,
and is noted in the ``broken`` collector its reader passes down (`Broken`), so the build can
say so with its file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from tree_sitter import Language, Node, Parser

from skillc.compiler.frontends.repository.python.syntax import PyFile

__all__ = [
    "LANGUAGES",
    "Broken",
    "SourceFile",
    "children",
    "nodes",
    "parse",
    "text_of",
]

#: The parsed-file record is the same for every language (path, spans, root).
SourceFile = PyFile


def _python() -> Any:
    import tree_sitter_python

    return tree_sitter_python.language()


def _javascript() -> Any:
    import tree_sitter_javascript

    return tree_sitter_javascript.language()


def _typescript() -> Any:
    import tree_sitter_typescript

    return tree_sitter_typescript.language_typescript()


def _tsx() -> Any:
    import tree_sitter_typescript

    return tree_sitter_typescript.language_tsx()


def _go() -> Any:
    import tree_sitter_go

    return tree_sitter_go.language()


def _rust() -> Any:
    import tree_sitter_rust

    return tree_sitter_rust.language()


def _bash() -> Any:
    import tree_sitter_bash

    return tree_sitter_bash.language()


LANGUAGES: dict[str, Callable[[], Any]] = {
    "python": _python,
    "javascript": _javascript,
    "typescript": _typescript,
    "tsx": _tsx,
    "go": _go,
    "rust": _rust,
    "bash": _bash,
}


#: The files with syntax errors parsed while a repository is read, by path: `parse` fills
#: it, the repository reader reports each once (a file is often parsed twice). An argument
#: the language readers pass down, so what a parse adds to is in its caller's hands.
Broken = dict[str, SourceFile]


@cache
def _parser(language: str) -> Parser:
    return Parser(Language(LANGUAGES[language]()))


def parse(language: str, path: str, source: str, text: str, broken: Broken) -> SourceFile:
    """``text`` (file ``path``, shown as ``source`` in spans) parsed as ``language``; never
    raises (syntax errors become ERROR nodes, counted in ``errors``, and the file is noted
    in ``broken``)."""
    data = text.encode("utf-8")
    root = _parser(language).parse(data).root_node
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    errors = (
        sum(1 for n in nodes(root) if n.type == "ERROR" or n.is_missing) if root.has_error else 0
    )
    file = PyFile(
        path=path, source=source, data=data, root=root, errors=errors, lines=tuple(starts)
    )
    if errors:
        broken.setdefault(path, file)
    return file


def nodes(root: Node, kinds: frozenset[str] | None = None) -> Iterator[Node]:
    """Every node under ``root`` in document order (iteratively: generated code nests deep),
    only those of ``kinds`` when given."""
    stack = [root]
    while stack:
        node = stack.pop()
        if kinds is None or node.type in kinds:
            yield node
        stack.extend(reversed(node.children))


def children(node: Node | None, kind: str) -> list[Node]:
    """The named children of ``node`` of type ``kind``."""
    return [c for c in node.named_children if c.type == kind] if node is not None else []


def text_of(node: Node | None) -> str:
    """The source text of ``node`` (``""`` for none)."""
    return node.text.decode("utf-8", "replace") if node is not None and node.text else ""
