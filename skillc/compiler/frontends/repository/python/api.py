"""The public Python surface of a repository: its modules, what each defines, who imports it.

Why a graph: a module many of the project's own modules import is a centre of the API an
agent working in the repository meets first; a networkx graph of the project's imports
(``import a.b``, ``from .c import d``, relative imports resolved) gives each module its
importers. What is public is read, not guessed: a module's ``__all__`` when it is a literal
list or tuple of strings, else its top-level functions and classes whose names do not start
with ``_``; modules with a ``_private`` part are left out (they still count as importers).
Only the project's surface is read (`surface.on_surface`: no tests, examples, docs), and
of it only what its distribution installs (`installed`: not a ``benchmark.py`` at the top).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx
from tree_sitter import Node

from skillc.compiler.frontends.repository.model import ApiModule, ApiName
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


def public_surface(tree: PythonTree) -> list[ApiModule]:
    """The public modules that define or re-export something, most imported first, then by
    name."""
    graph: nx.DiGraph = nx.DiGraph()
    read: dict[str, _Read] = {}  # no tree kept: memory stays flat
    for dotted, path in sorted(tree.by_module.items()):
        source, text = tree.files[path]
        file = parse_python(path, source, text)
        graph.add_node(dotted)
        for imported in _imports(file, dotted, tree):
            if imported != dotted:
                graph.add_edge(dotted, imported)
        children = file.root.named_children
        read[dotted] = _Read(
            span=file.span(children[0] if children else file.root),
            defined=_definitions(file),
            exported=_all(file),
            imported=_imported_names(file, dotted, tree),
        )
    found = []
    src_layout = any(_SRC_PACKAGE.fullmatch(path) for path in tree.by_module.values())
    for dotted, module in read.items():
        if any(part.startswith("_") for part in dotted.split(".")):
            continue
        path = tree.by_module[dotted]
        if not installed(path) or (src_layout and not path.startswith("src/")):
            continue
        names = _public_names(module, read)
        if names:
            importers = tuple(sorted(graph.predecessors(dotted)))
            found.append(
                ApiModule(name=dotted, span=module.span, names=tuple(names), imported_by=importers)
            )
    return sorted(found, key=lambda m: (-len(m.imported_by), m.name))


#: Top-level modules setuptools' flat-layout discovery never installs
#: (``FlatLayoutModuleFinder.DEFAULT_EXCLUDE``): build, task-runner, benchmark and example
#: scripts kept beside the package.
_NOT_INSTALLED = re.compile(
    r"setup|conftest|tests?|examples?|build|toxfile|noxfile|pavement|dodo|tasks|fabfile"
    r"|[Ss][Cc]onstruct|conanfile|manage|benchmarks?|exercises?"
)


#: A package of a src layout: ``src/<name>/__init__.py`` (not a script under a Rust crate's
#: ``src/``, as maturin's ``src/python_interpreter/get_interpreter_metadata.py``).
_SRC_PACKAGE = re.compile(r"src/[^/]+/__init__\.py")


def installed(path: str) -> bool:
    """Whether the module at ``path`` (inside the repository) is one its distribution
    installs: not a script at the top that setuptools leaves out (`_NOT_INSTALLED`).
    tabulate 0.9.0's ``benchmark.py`` was listed as its API beside ``tabulate``, and as the
    only module its description named ("Use when the task involves benchmark").
    (`public_surface` also leaves out what is outside ``src/`` in a src layout: pluggy
    1.5.0's API was described by its ``scripts/release.py``: "Use when the task involves
    scripts.towncrier-draft-to-file or scripts.release".)"""
    if "/" in path:
        return True
    return not _NOT_INSTALLED.fullmatch(path.removesuffix(".py"))


@dataclass(frozen=True, slots=True)
class _Read:
    """What `public_surface` keeps of a module: where it starts, its top-level functions and
    classes, its literal ``__all__`` and the names it imports from the project's modules."""

    span: Span
    defined: dict[str, ApiName]
    exported: tuple[str, ...] | None
    imported: dict[str, tuple[str, str]]


def _public_names(module: _Read, read: dict[str, _Read]) -> list[ApiName]:
    """The module's own public functions and classes, in file order; then, when its
    ``__all__`` names functions or classes it imports from the project (attrs' ``attr``
    package re-exports ``define``, ``field`` and ``asdict`` from private modules), those, in
    ``__all__`` order, each with where it is defined."""
    exported = module.exported
    if exported is None:
        return [n for name, n in module.defined.items() if not name.startswith("_")]
    wanted = set(exported)
    own = [n for name, n in module.defined.items() if name in wanted]
    again = (_reexported(name, module, read) for name in exported if name not in module.defined)
    return own + [n for n in again if n is not None]


def _reexported(name: str, module: _Read, read: dict[str, _Read]) -> ApiName | None:
    """The function or class ``name`` that ``module`` imports (through at most `HOPS`
    modules that import it in turn), under the name it is exported as; None for anything
    else (a constant, a submodule, a name from outside the project)."""
    for _ in range(HOPS):
        origin = module.imported.get(name)
        if origin is None or origin[0] not in read:
            return None
        module, original = read[origin[0]], origin[1]
        found = module.defined.get(original)
        if found is not None:
            return ApiName(name=name, kind=found.kind, span=found.span)
        name = original
    return None


#: Modules a re-exported name is followed through (``pkg`` -> ``pkg.api`` -> ``pkg._impl``).
HOPS = 4


def _imported_names(file: PyFile, here: str, tree: PythonTree) -> dict[str, tuple[str, str]]:
    """Each name ``from m import n [as a]`` binds at the module's top level: ``a`` ->
    (``m`` as an absolute module, ``n``), for the project's own modules."""
    found: dict[str, tuple[str, str]] = {}
    for node in file.root.named_children:
        if node.type != "import_from_statement":
            continue
        origin = node.child_by_field_name("module_name")
        base = absolute_module(here, file.text(origin), tree) if origin else ""
        if base not in tree.by_module:
            continue
        for name in node.children_by_field_name("name"):
            inner = name.child_by_field_name("name") or name
            alias = name.child_by_field_name("alias") or inner
            found[file.text(alias)] = (base, file.text(inner))
    return found


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


def _definitions(file: PyFile) -> dict[str, ApiName]:
    """The module's top-level functions and classes by name, in file order (a name defined
    several times, as typing overloads do, once: its first definition)."""
    found: dict[str, ApiName] = {}
    for node in file.root.named_children:
        definition = (
            node.child_by_field_name("definition") if node.type == "decorated_definition" else node
        )
        if definition is None or definition.type not in _DEFINITIONS:
            continue
        named = definition.child_by_field_name("name")
        name = file.text(named) if named is not None else "_"
        if name not in found:
            kind = "class" if definition.type == "class_definition" else "function"
            found[name] = ApiName(name=name, kind=kind, span=file.span(definition))
    return found


def _all(file: PyFile) -> tuple[str, ...] | None:
    """The names of a literal ``__all__``, in order and once each; None when the module has
    none (or not literal)."""
    for node in file.root.named_children:
        assignment = node.named_children[0] if node.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment":
            continue
        left: Node | None = assignment.child_by_field_name("left")
        if left is None or file.text(left) != "__all__":
            continue
        value = literal(assignment.child_by_field_name("right"))
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return tuple(dict.fromkeys(value))
        right = assignment.child_by_field_name("right")
        items = right.named_children if right is not None else []
        strings = [string_value(i) for i in items]
        named = [text for text in strings if text]
        return tuple(dict.fromkeys(named)) if named and len(named) == len(strings) else None
    return None
