"""The public Go API of a module: each importable package, its exported identifiers and the
module's packages that import it.

Why by package: a Go user imports a folder (``github.com/urfave/cli/v2``), and what it can
use there is what the folder's files declare with a capital letter; methods belong to their
type, so ``Context.String`` follows ``Context`` (an interface's methods follow it too).
Which packages are the module's own comes from ``go.mod``'s ``module`` line, and an import
of ``module/sub`` is an edge to folder ``sub``. Left out: test files and test data
(`surface.on_surface`), files no build includes (``//go:build ignore``), ``package main``
folders (a program, not importable) and packages below an ``internal`` folder: the go
command refuses to let code outside the module import them, so they are not API a user can
call (they still count as importers). Every file is parsed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from tree_sitter import Node

from skillc.compiler.frontends.repository import go_syntax as go
from skillc.compiler.frontends.repository.code import Broken, SourceFile, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import ApiModule, ApiName
from skillc.compiler.frontends.repository.surface import on_surface
from skillc.ir.span import Span

__all__ = ["go_api", "module_path"]

#: A file no build includes: a generator run with ``go run``, not part of the package.
_IGNORED = re.compile(r"^//\s*(?:go:build|\+build)\s+ignore\s*$", re.MULTILINE)
_MODULE = re.compile(r"^module\s+(\S+)", re.MULTILINE)
_TYPE_KINDS = {"struct_type": "struct", "interface_type": "interface"}


def module_path(go_mod: str) -> str:
    """The module path of a ``go.mod`` (``""`` when it names none)."""
    match = _MODULE.search(go_mod)
    return match.group(1).strip('"') if match else ""


def go_api(bundle: Bundle, broken: Broken) -> list[ApiModule]:
    """The module's importable packages with exported names: the module's root package
    first, then the most imported, then by import path; ``[]`` without a ``go.mod`` at the top."""
    module = module_path(bundle.files.get("go.mod", ""))
    if not module:
        return []
    by_folder: dict[str, list[SourceFile]] = {}
    for path, text in sorted(bundle.files.items()):
        if path.endswith(".go") and on_surface(path) and _IGNORED.search(text) is None:
            file = parse("go", path, bundle.source(path), text, broken)
            by_folder.setdefault(go.folder(path), []).append(file)
    importers: dict[str, set[str]] = {}
    for folder, files in by_folder.items():
        for file in files:
            for imported, _ in go.module_imports(file, module):
                if imported != folder:
                    importers.setdefault(imported, set()).add(folder)
    found = []
    for folder, files in by_folder.items():
        names = _exported(files)
        if names and _importable(folder, files):
            found.append(
                ApiModule(
                    name=_import_path(module, folder),
                    span=_clause_span(_doc_file(files)),
                    names=tuple(names),
                    imported_by=tuple(
                        sorted(_import_path(module, f) for f in importers.get(folder, ()))
                    ),
                )
            )
    return sorted(found, key=lambda m: (m.name != module, -len(m.imported_by), m.name))


def _importable(folder: str, files: list[SourceFile]) -> bool:
    """Not a program (``package main``) and not below an ``internal`` folder."""
    if "internal" in PurePosixPath(folder).parts:
        return False
    return any(go.package_name(f) not in ("main", "") for f in files)


def _import_path(module: str, folder: str) -> str:
    return f"{module}/{folder}" if folder else module


def _doc_file(files: list[SourceFile]) -> SourceFile:
    """The file that documents the package by Go's convention (``doc.go``), else the first."""
    return next((f for f in files if f.path.rsplit("/", 1)[-1] == "doc.go"), files[0])


def _clause_span(file: SourceFile) -> Span:
    """The file's ``package`` clause (its first line when it has none)."""
    clause = next((c for c in file.root.named_children if c.type == "package_clause"), file.root)
    return file.span(clause)


def _exported(files: list[SourceFile]) -> list[ApiName]:
    """The package's exported names in file order, each type followed by its methods
    (``Type.Method``; a method of an unexported type is not reachable by name: left out)."""
    plain: list[ApiName] = []
    methods: dict[str, list[ApiName]] = {}
    for file in files:
        if go.package_name(file).endswith("_test"):
            continue
        for node in file.root.named_children:
            if node.type == "method_declaration":
                receiver = _receiver_type(node)
                name = text_of(node.child_by_field_name("name"))
                if _public(receiver) and _public(name):
                    method = ApiName(name=f"{receiver}.{name}", kind="method", span=file.span(node))
                    methods.setdefault(receiver, []).append(method)
            else:
                plain.extend(_declared(file, node))
    found: list[ApiName] = []
    for item in plain:
        found.append(item)
        found.extend(methods.pop(item.name, []) if item.kind not in ("const", "var") else [])
    for rest in methods.values():  # a method whose type is declared in a file left out
        found.extend(rest)
    once: dict[str, ApiName] = {}
    for item in found:  # one per build tag (``_windows.go``, ``_unix.go``): the first
        once.setdefault(item.name, item)
    return list(once.values())


def _declared(file: SourceFile, node: Node) -> Iterator[ApiName]:
    """The exported names a top-level declaration introduces."""
    if node.type == "function_declaration":
        name = text_of(node.child_by_field_name("name"))
        if _public(name):
            yield ApiName(name=name, kind="func", span=file.span(node))
    elif node.type == "type_declaration":
        for spec in node.named_children:
            name = text_of(spec.child_by_field_name("name"))
            if spec.type in ("type_spec", "type_alias") and _public(name):
                shape = spec.child_by_field_name("type")
                kind = _TYPE_KINDS.get(shape.type if shape is not None else "", "type")
                yield ApiName(name=name, kind=kind, span=file.span(spec))
                if shape is not None and shape.type == "interface_type":
                    yield from _interface_methods(file, name, shape)
    elif node.type in ("const_declaration", "var_declaration"):
        kind = "const" if node.type == "const_declaration" else "var"
        for spec in node.named_children:
            if spec.type not in ("const_spec", "var_spec"):
                continue
            for named in spec.children_by_field_name("name"):
                if _public(text_of(named)):
                    yield ApiName(name=text_of(named), kind=kind, span=file.span(spec))


def _interface_methods(file: SourceFile, name: str, shape: Node) -> Iterator[ApiName]:
    """The exported methods an interface declares (``Shape.Area``), after it."""
    for element in shape.named_children:
        method = text_of(element.child_by_field_name("name"))
        if element.type == "method_elem" and _public(method):
            yield ApiName(name=f"{name}.{method}", kind="method", span=file.span(element))


def _receiver_type(method: Node) -> str:
    """The type a method is declared on (``(l *List[T])`` -> ``List``)."""
    receiver = method.child_by_field_name("receiver")
    if receiver is None:
        return ""
    params = [c for c in receiver.named_children if c.type == "parameter_declaration"]
    node = params[0].child_by_field_name("type") if params else None
    while node is not None and node.type in ("pointer_type", "generic_type", "parenthesized_type"):
        inner = node.child_by_field_name("type")
        node = inner if inner is not None else next(iter(node.named_children), None)
    return text_of(node)


def _public(name: str) -> bool:
    """Exported: Go's rule is an upper-case first letter (Unicode class Lu)."""
    return bool(name) and name[0].isupper()
