"""The public Python surface of a repository: its modules, what each defines, who imports it.

Why a graph: a module many of the project's own modules import is a centre of the API an
agent working in the repository meets first; a networkx graph of the project's imports
(``import a.b``, ``from .c import d``, relative imports resolved) gives each module its
importers. What is public is read, not guessed: a module's ``__all__`` when it is a literal
list or tuple of strings, else its top-level functions and classes whose names do not start
with ``_``; modules with a ``_private`` part are left out (they still count as importers).
Only the project's surface is read (`surface.on_surface`: no tests, examples, docs).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from tree_sitter import Node

from skillc.compiler.frontends.repository.python.entry import PythonTree, absolute_module
from skillc.compiler.frontends.repository.python.syntax import (
    PyFile,
    literal,
    parse_python,
    string_value,
)
from skillc.ir.span import Span

__all__ = ["ApiModule", "ApiName", "public_surface"]

_DEFINITIONS = frozenset({"function_definition", "class_definition"})


@dataclass(frozen=True, slots=True)
class ApiName:
    """A public function or class: its name, kind and where it is defined."""

    name: str
    kind: str
    span: Span


@dataclass(frozen=True, slots=True)
class ApiModule:
    """A public module: its dotted name, where it starts, its public names and the
    project's modules that import it."""

    name: str
    span: Span
    names: tuple[ApiName, ...]
    imported_by: tuple[str, ...]


def public_surface(tree: PythonTree) -> list[ApiModule]:
    """The public modules that define something, most imported first, then by name."""
    graph: nx.DiGraph = nx.DiGraph()
    defined: dict[str, tuple[Span, list[ApiName]]] = {}  # no tree kept: memory stays flat
    for dotted, path in sorted(tree.by_module.items()):
        source, text = tree.files[path]
        file = parse_python(path, source, text)
        graph.add_node(dotted)
        for imported in _imports(file, dotted, tree):
            if imported != dotted:
                graph.add_edge(dotted, imported)
        if not any(part.startswith("_") for part in dotted.split(".")):
            names = _public_names(file)
            if names:
                children = file.root.named_children
                defined[dotted] = (file.span(children[0] if children else file.root), names)
    found = []
    for dotted, (span, names) in defined.items():
        importers = tuple(sorted(graph.predecessors(dotted)))
        found.append(ApiModule(name=dotted, span=span, names=tuple(names), imported_by=importers))
    return sorted(found, key=lambda m: (-len(m.imported_by), m.name))


def _imports(file: PyFile, here: str, tree: PythonTree) -> list[str]:
    """The project's modules that module ``here`` imports (a ``from m import n`` counts
    ``m.n`` when that is a module of its own, else ``m``)."""
    found: list[str] = []
    for node in file.root.named_children:
        if node.type == "import_statement":
            for name in node.children_by_field_name("name"):
                dotted = file.text(name.child_by_field_name("name") or name)
                found.append(_known(dotted, tree))
        elif node.type == "import_from_statement":
            origin = node.child_by_field_name("module_name")
            base = absolute_module(here, file.text(origin), tree) if origin else ""
            for name in node.children_by_field_name("name"):
                inner = file.text(name.child_by_field_name("name") or name)
                sub = f"{base}.{inner}"
                found.append(sub if sub in tree.by_module else _known(base, tree))
    return [m for m in found if m]


def _known(dotted: str, tree: PythonTree) -> str:
    """``dotted`` or its longest prefix that is a module of the project, else ``""``."""
    parts = dotted.split(".")
    while parts:
        name = ".".join(parts)
        if name in tree.by_module:
            return name
        parts.pop()
    return ""


def _public_names(file: PyFile) -> list[ApiName]:
    exported = _all(file)
    found: list[ApiName] = []
    seen: set[str] = set()  # typing overloads define one name several times
    for node in file.root.named_children:
        definition = (
            node.child_by_field_name("definition") if node.type == "decorated_definition" else node
        )
        if definition is None or definition.type not in _DEFINITIONS:
            continue
        named = definition.child_by_field_name("name")
        name = file.text(named) if named is not None else "_"
        public = name in exported if exported is not None else not name.startswith("_")
        if public and name not in seen:
            seen.add(name)
            kind = "class" if definition.type == "class_definition" else "function"
            found.append(ApiName(name=name, kind=kind, span=file.span(definition)))
    return found


def _all(file: PyFile) -> set[str] | None:
    """The names of a literal ``__all__``, None when the module has none (or not literal)."""
    for node in file.root.named_children:
        assignment = node.named_children[0] if node.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment":
            continue
        left: Node | None = assignment.child_by_field_name("left")
        if left is None or file.text(left) != "__all__":
            continue
        value = literal(assignment.child_by_field_name("right"))
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return set(value)
        right = assignment.child_by_field_name("right")
        items = right.named_children if right is not None else []
        strings = [string_value(i) for i in items]
        return {s for s in strings if s} if strings and all(strings) else None
    return None
