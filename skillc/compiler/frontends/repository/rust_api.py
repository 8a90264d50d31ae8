"""The public Rust API of a library crate: its root and ``pub mod`` modules, the ``pub`` items
each declares or re-exports, where each is defined, and the crate's modules that ``use`` it.

Why by walking the module tree from ``src/lib.rs``: in Rust what is public is what a path
from the crate root can reach, so a ``pub fn`` in a private module is not API unless a
``pub use`` re-exports it (anyhow's ``Error`` lives in a private ``error`` module and is
re-exported at the root). ``pub use`` paths inside the crate are followed to the item they
name, which is then listed under the re-exported name with its definition's file and line;
one that leaves the crate (``pub use std::fmt``) is listed as a re-export of that path.
Only ``pub`` counts (``pub(crate)``, ``pub(super)`` are not API); ``#[doc(hidden)]`` items
and ``#[cfg(test)]`` modules are left out; ``macro_rules!`` with ``#[macro_export]`` are
listed at the root, where the attribute puts them. Inherent ``impl`` blocks' ``pub fn``\\s
and a trait's methods follow it (``Error::new``, ``Context::context``). Each file is parsed
once.
"""

from __future__ import annotations

import posixpath
import tomllib
from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import Broken, SourceFile, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import ApiModule, ApiName
from skillc.ir.span import Span

__all__ = ["rust_api"]

_KINDS = {
    "function_item": "fn",
    "struct_item": "struct",
    "enum_item": "enum",
    "trait_item": "trait",
    "type_item": "type",
    "const_item": "const",
    "static_item": "static",
    "union_item": "union",
}
#: How many ``pub use`` links a name is followed through before giving up (a cycle).
HOPS = 8
#: How deep ``mod`` declarations are followed (a generated tree nests without end).
MAX_DEPTH = 32

Use = tuple[tuple[str, ...], str, bool]  # path segments, the name it binds, a glob


@dataclass(slots=True)
class _Mod:
    """One module of the crate, as walked: its items by name (any visibility, for resolving
    paths), what it lists in document order (an item, or a ``pub use`` to resolve), and the
    names its ``use`` declarations bind."""

    path: str
    span: Span
    public: bool
    parent: str
    children: dict[str, str] = field(default_factory=dict)
    items: dict[str, ApiName] = field(default_factory=dict)
    listed: list[ApiName | tuple[Use, Span]] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)


@dataclass(slots=True)
class _Crate:
    bundle: Bundle
    broken: Broken
    root: str
    mods: dict[str, _Mod] = field(default_factory=dict)
    #: ``pub fn``\\s of inherent impls, by the (file, line) of the type they are on.
    methods: dict[tuple[str, int], list[ApiName]] = field(default_factory=dict)
    #: Inherent impls as read: (module, the type's name, its ``pub fn``\\s), resolved once
    #: every module is walked (the type may be defined, or imported, anywhere).
    impls: list[tuple[str, str, list[ApiName]]] = field(default_factory=list)


def rust_api(bundle: Bundle, broken: Broken) -> list[ApiModule]:
    """The crate's public modules with their public names, root first, then the most used
    (by the crate's own ``use``\\s), then by path; ``[]``
    when the repository has no library crate at the top."""
    lib, name = _library(bundle)
    if lib not in bundle.files:
        return []
    file = parse("rust", lib, bundle.source(lib), bundle.files[lib], broken)
    crate = _Crate(bundle=bundle, broken=broken, root=name)
    first = file.root.named_children[0] if file.root.named_children else file.root
    crate.mods[name] = _Mod(path=name, span=file.span(first), public=True, parent="")
    _walk(crate, file, file.root, name, posixpath.dirname(lib), 0)
    for here, owner, methods in crate.impls:
        item = _resolve(crate, here, (owner,), 0)[1]
        if item is not None:
            crate.methods.setdefault((item.span.source, item.span.line), []).extend(methods)
    importers: dict[str, set[str]] = {}
    for mod in crate.mods.values():
        for use in mod.uses:
            target = _resolve(crate, mod.path, use[0], 0)[0]
            if target and target != mod.path:
                importers.setdefault(target, set()).add(mod.path)
    found = []
    for mod in crate.mods.values():
        names = _names(crate, mod, set()) if mod.public else []
        if names:
            users = tuple(sorted(importers.get(mod.path, ())))
            found.append(
                ApiModule(name=mod.path, span=mod.span, names=tuple(names), imported_by=users)
            )
    return sorted(found, key=lambda m: (m.name != name, -len(m.imported_by), m.name))


def _library(bundle: Bundle) -> tuple[str, str]:
    """The library's root file and crate name (``[lib]`` of ``Cargo.toml``, else
    ``src/lib.rs`` and the package name with ``-`` as ``_``)."""
    try:
        manifest = tomllib.loads(bundle.files.get("Cargo.toml", ""))
    except tomllib.TOMLDecodeError:
        return "", ""
    package = manifest.get("package")
    lib = manifest.get("lib")
    lib = lib if isinstance(lib, dict) else {}
    name = package.get("name", "") if isinstance(package, dict) else ""
    name = lib.get("name", name)
    path = lib.get("path", "src/lib.rs")
    if not isinstance(name, str) or not isinstance(path, str) or not name:
        return "", ""
    return posixpath.normpath(path), name.replace("-", "_")


def _walk(
    crate: _Crate, file: SourceFile, container: Node, here: str, folder: str, depth: int
) -> None:
    """Read the items of module ``here`` (the children of ``container`` in ``file``); its
    submodules' files are in ``folder``."""
    mod = crate.mods[here]
    attrs: list[str] = []
    for node in container.named_children:
        if node.type == "attribute_item":
            attrs.append(text_of(node))
            continue
        hidden = any("doc(hidden)" in a.replace(" ", "") for a in attrs)
        public = _visibility(node) == "pub" and not hidden
        if node.type == "mod_item" and depth < MAX_DEPTH:
            if not any(a.replace(" ", "").startswith("#[cfg(test)") for a in attrs):
                _module(crate, file, node, attrs, here, folder, public, depth)
        elif node.type in _KINDS:
            name = text_of(node.child_by_field_name("name"))
            item = ApiName(name=name, kind=_KINDS[node.type], span=file.span(node))
            mod.items.setdefault(name, item)
            if public:
                mod.listed.append(item)
            if node.type == "trait_item":  # a trait's methods are public with it
                _trait_methods(crate, file, node, item)
        elif node.type == "macro_definition" and any("macro_export" in a for a in attrs):
            name = text_of(node.child_by_field_name("name"))
            item = ApiName(name=f"{name}!", kind="macro", span=file.span(node))
            root = crate.mods[crate.root]
            root.items.setdefault(name, item)
            if not hidden:
                root.listed.append(item)
        elif node.type == "use_declaration":
            for use in _flatten(node.child_by_field_name("argument"), ()):
                mod.uses.append(use)
                if public:
                    mod.listed.append((use, file.span(node)))
        elif node.type == "impl_item" and node.child_by_field_name("trait") is None:
            _methods(crate, file, node, here)
        attrs = []


def _module(
    crate: _Crate,
    file: SourceFile,
    node: Node,
    attrs: list[str],
    here: str,
    folder: str,
    public: bool,
    depth: int,
) -> None:
    """A ``mod`` declaration: walk its body, or the file it names."""
    name = text_of(node.child_by_field_name("name"))
    path = f"{here}::{name}"
    parent = crate.mods[here]
    body = node.child_by_field_name("body")
    if body is not None:
        crate.mods[path] = _Mod(
            path=path, span=file.span(node), public=public and parent.public, parent=here
        )
        parent.children[name] = path
        _walk(crate, file, body, path, posixpath.join(folder, name), depth + 1)
        return
    where = _module_file(crate.bundle, folder, name, attrs)
    if not where:
        return
    child = parse(
        "rust", where, crate.bundle.source(where), crate.bundle.files[where], crate.broken
    )
    first = child.root.named_children[0] if child.root.named_children else child.root
    crate.mods[path] = _Mod(
        path=path, span=child.span(first), public=public and parent.public, parent=here
    )
    parent.children[name] = path
    stem = posixpath.basename(where)
    inner = posixpath.dirname(where) if stem == "mod.rs" else where.removesuffix(".rs")
    _walk(crate, child, child.root, path, inner, depth + 1)


def _module_file(bundle: Bundle, folder: str, name: str, attrs: list[str]) -> str:
    """The file of ``mod name;`` declared in ``folder``: its ``#[path = "..."]``, else
    ``name.rs``, else ``name/mod.rs`` (``""`` when the bundle has none)."""
    for attr in attrs:
        text = attr.replace(" ", "")
        if text.startswith('#[path="') and text.endswith('"]'):
            candidate = posixpath.normpath(posixpath.join(folder, text[8:-2]))
            return candidate if candidate in bundle.files else ""
    for candidate in (f"{folder}/{name}.rs", f"{folder}/{name}/mod.rs"):
        candidate = candidate.lstrip("/")
        if candidate in bundle.files:
            return candidate
    return ""


_TRAIT_MEMBERS = {"function_signature_item": "method", "function_item": "method"}


def _trait_methods(crate: _Crate, file: SourceFile, trait: Node, item: ApiName) -> None:
    """The methods a trait declares (``Context::context``), listed after it."""
    body = trait.child_by_field_name("body")
    for node in body.named_children if body is not None else ():
        if node.type in _TRAIT_MEMBERS:
            name = text_of(node.child_by_field_name("name"))
            method = ApiName(name=name, kind=_TRAIT_MEMBERS[node.type], span=file.span(node))
            crate.methods.setdefault((item.span.source, item.span.line), []).append(method)


def _methods(crate: _Crate, file: SourceFile, impl: Node, here: str) -> None:
    """The ``pub fn``\\s and ``pub const``\\s of an inherent ``impl Type`` (``Type`` a plain or
    generic name)."""
    shape = impl.child_by_field_name("type")
    if shape is not None and shape.type == "generic_type":
        shape = shape.child_by_field_name("type")
    body = impl.child_by_field_name("body")
    if shape is None or shape.type != "type_identifier" or body is None:
        return
    members = {"function_item": "method", "const_item": "const"}  # ``Type::STAR`` too
    methods = [
        ApiName(
            name=text_of(node.child_by_field_name("name")),
            kind=members[node.type],
            span=file.span(node),
        )
        for node in body.named_children
        if node.type in members and _visibility(node) == "pub"
    ]
    if methods:
        crate.impls.append((here, text_of(shape), methods))


def _visibility(node: Node) -> str:
    modifier = next((c for c in node.named_children if c.type == "visibility_modifier"), None)
    return "".join(text_of(modifier).split())


def _flatten(node: Node | None, prefix: tuple[str, ...]) -> list[Use]:
    """The paths a use tree imports: (segments, the name bound, whether a glob)."""
    if node is None:
        return []
    if node.type == "use_as_clause":
        path = _segments(node.child_by_field_name("path"), prefix)
        return [(path, text_of(node.child_by_field_name("alias")), False)]
    if node.type == "use_wildcard":
        inner = node.named_children[0] if node.named_children else None
        return [(_segments(inner, prefix), "*", True)]
    if node.type == "scoped_use_list":
        base = _segments(node.child_by_field_name("path"), prefix)
        return _flatten(node.child_by_field_name("list"), base)
    if node.type == "use_list":
        return [use for child in node.named_children for use in _flatten(child, prefix)]
    path = _segments(node, prefix)
    if path and path[-1] == "self":  # ``use a::{self, B}``: the module ``a``
        path = path[:-1]
    return [(path, path[-1], False)] if path else []


def _segments(node: Node | None, prefix: tuple[str, ...]) -> tuple[str, ...]:
    text = "".join(text_of(node).split()) if node is not None else ""
    return (*prefix, *(s for s in text.split("::") if s))


def _resolve(
    crate: _Crate, here: str, path: tuple[str, ...], hops: int
) -> tuple[str, ApiName | None]:
    """The module a path names inside the crate, and the item when it names one
    (``("", None)`` for a path out of the crate)."""
    if not path or hops > HOPS:
        return "", None
    current = here
    segments = list(path)
    head = segments[0]
    if head == "crate":
        current, segments = crate.root, segments[1:]
    elif head == "self":
        segments = segments[1:]
    while segments and segments[0] == "super":
        current, segments = crate.mods[current].parent or current, segments[1:]
    for i, segment in enumerate(segments):
        mod = crate.mods.get(current)
        if mod is None:
            return "", None
        if segment in mod.children:
            current = mod.children[segment]
            continue
        if i != len(segments) - 1:
            return "", None
        if segment in mod.items:
            return current, mod.items[segment]
        for use in mod.uses:
            if use[1] == segment and not use[2]:
                return _resolve(crate, current, use[0], hops + 1)
        return "", None
    return current, None


def _names(crate: _Crate, mod: _Mod, seen: set[str]) -> list[ApiName]:
    """What ``mod`` lists, re-exports resolved, each type followed by its methods."""
    seen = seen | {mod.path}
    found: list[ApiName] = []
    for entry in mod.listed:
        if isinstance(entry, ApiName):
            found.append(entry)
            continue
        (path, bound, glob), span = entry
        target, item = _resolve(crate, mod.path, path, 0)
        if glob:
            inner = crate.mods.get(target)
            if inner is not None and target not in seen:
                found.extend(_names(crate, inner, seen))
            elif not target:
                found.append(ApiName(name="::".join((*path, "*")), kind="re-export", span=span))
        elif item is not None:
            shown = f"{bound}!" if item.kind == "macro" else bound
            found.append(ApiName(name=shown, kind=item.kind, span=item.span))
        elif target:
            found.append(ApiName(name=bound, kind="mod", span=crate.mods[target].span))
        else:
            found.append(ApiName(name=bound, kind=f"re-export of {'::'.join(path)}", span=span))
    return _with_methods(crate, found)


def _with_methods(crate: _Crate, names: list[ApiName]) -> list[ApiName]:
    """``names`` once each (a ``#[cfg]`` variant defines a name twice: its first), each type
    followed by its inherent methods and associated constants."""
    ordered: list[ApiName] = []
    seen: set[str] = set()
    for name in names:
        if name.name in seen:
            continue
        seen.add(name.name)
        ordered.append(name)
        for method in crate.methods.get((name.span.source, name.span.line), ()):
            if name.kind != "method":
                member = f"{name.name}::{method.name}"
                ordered.append(ApiName(name=member, kind=method.kind, span=method.span))
    return ordered
