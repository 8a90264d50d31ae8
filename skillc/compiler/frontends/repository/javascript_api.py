"""The public JavaScript/TypeScript API of a package: its entry points, what each exports,
where each name is defined and which of the package's own modules import each entry.

Why from ``package.json``: what a user can ``import`` is what ``exports`` (else ``main``,
``module``, ``types``) names, one entry per subpath (``zod``, ``zod/mini``: `js_entries`).
Of an entry's targets the authored source is read when the package ships it (zod's
``./src/index.ts`` condition before its built ``index.js``), an ES module before CommonJS,
a type declaration file only when nothing else is there. Exports are read from the
syntax: ``export function/class/const/...``, ``export {a, b as c}``, ``export ... from``,
``export *`` (expanded into the names of the module it names), ``export default``, and
CommonJS ``module.exports = {...}`` / ``exports.x = ...``. A name bound by an import or
``require`` of one of the package's own modules is followed there, so ``commander``'s
``Command`` is cited at ``lib/command.js``'s ``class Command``; a name from another
package stays at its export.
Only the modules an entry reaches are parsed, each once; tests and build output are not
read (`surface.on_surface`, `files.SKIP_DIRS`).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field, replace

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import Broken, SourceFile, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.js_entries import TYPESCRIPT, entries, importers, located
from skillc.compiler.frontends.repository.js_plain import js_string, object_key
from skillc.compiler.frontends.repository.model import ApiModule, ApiName
from skillc.ir.span import Span

__all__ = ["javascript_api"]

#: How many modules a name is followed through (``index`` -> ``api`` -> ``impl``).
HOPS = 8
_KINDS = {
    "function_declaration": "function",
    "generator_function_declaration": "function",
    "function_signature": "function",
    "class_declaration": "class",
    "abstract_class_declaration": "class",
    "interface_declaration": "interface",
    "type_alias_declaration": "type",
    "enum_declaration": "enum",
    "internal_module": "namespace",
    "module": "namespace",
}
_VALUES = {
    "function_expression": "function",
    "arrow_function": "function",
    "function": "function",
    "class": "class",
}

#: A module's binding: ``("def", ApiName)`` its own definition, ``("import", path, name)``
#: a name of another module of the package, ``("outside", ApiName)`` anything else.
Binding = tuple[str, ...] | tuple[str, ApiName]


@dataclass(slots=True)
class _Module:
    """What one module file defines, binds by import, and exports (in source order)."""

    file: SourceFile
    defined: dict[str, ApiName] = field(default_factory=dict)
    bound: dict[str, tuple[str, str, Span]] = field(default_factory=dict)
    #: (exported name, local name or ``""``, origin module or ``""``, its span, kind).
    exports: list[tuple[str, str, str, Span, str]] = field(default_factory=list)
    stars: list[str] = field(default_factory=list)


def javascript_api(bundle: Bundle, broken: Broken) -> list[ApiModule]:
    """The package's entry points with their exports: the main one (``.``) first, then the
    most imported, then by name; ``[]`` without a ``package.json`` at the top or an entry
    that is there."""
    try:
        manifest = json.loads(bundle.files.get("package.json", ""))
    except (ValueError, RecursionError):
        return []
    if not isinstance(manifest, dict):
        return []
    main = manifest["name"] if isinstance(manifest.get("name"), str) else "(package)"
    package = _Package(bundle=bundle, broken=broken)
    imported = importers(bundle)
    found = []
    for subpath, candidates in entries(manifest, bundle):
        for path in candidates:  # the first that exports something (not a CommonJS loop)
            names = _exported(path, package, set())
            if names:
                file = package.read[path].file
                first = file.root.named_children
                found.append(
                    ApiModule(
                        name=main + subpath[1:],
                        span=file.span(first[0] if first else file.root),
                        names=tuple(names),
                        imported_by=tuple(sorted(imported.get(path, ()))),
                    )
                )
                break
    return sorted(found, key=lambda m: (m.name != main, -len(m.imported_by), m.name))


@dataclass(slots=True)
class _Package:
    """The package's modules, each parsed when a name is first looked up in it (only the
    modules an entry point reaches are parsed, each once)."""

    bundle: Bundle
    broken: Broken
    read: dict[str, _Module] = field(default_factory=dict)

    def module(self, path: str) -> _Module | None:
        found = self.read.get(path)
        if found is None and path in self.bundle.files:
            found = self.read[path] = _read(self.bundle, path, self.broken)
        return found


# --- One module ------------------------------------------------------------------------------


def _read(bundle: Bundle, path: str, broken: Broken) -> _Module:
    language = (
        "tsx"
        if path.endswith(".tsx")
        else "typescript"
        if path.endswith(TYPESCRIPT)
        else "javascript"
    )
    file = parse(language, path, bundle.source(path), bundle.files.get(path, ""), broken)
    module = _Module(file=file)
    folder = posixpath.dirname(path)
    for node in file.root.named_children:
        _statement(module, node, folder, bundle)
    return module


def _statement(module: _Module, node: Node, folder: str, bundle: Bundle) -> None:
    if node.type == "import_statement":
        origin = _specifier(node.child_by_field_name("source"), folder, bundle)
        if origin:
            _import_bindings(module, node, origin)
    elif node.type == "export_statement":
        _export(module, node, folder, bundle)
    elif node.type in _KINDS:
        _define(module, node, node)
    elif node.type in ("lexical_declaration", "variable_declaration"):
        _declarators(module, node, node, folder, bundle)
    elif node.type == "expression_statement" and node.named_children:
        _commonjs(module, node.named_children[0], folder, bundle)
    elif node.type == "ambient_declaration":
        for inner in node.named_children:
            _define(module, inner, node)


def _define(module: _Module, node: Node, whole: Node) -> ApiName | None:
    """Record a declaration of ``_KINDS`` (its span: ``whole``, with ``export``)."""
    kind = _KINDS.get(node.type)
    name = text_of(node.child_by_field_name("name"))
    if kind is None or not name:
        return None
    item = ApiName(name=name, kind=kind, span=module.file.span(whole))
    module.defined.setdefault(name, item)
    return item


def _declarators(
    module: _Module, node: Node, whole: Node, folder: str, bundle: Bundle
) -> list[str]:
    """The names a ``const``/``let``/``var`` binds (``require`` of a package module bound as
    an import); their kind is the declaration's keyword, or function/class for one."""
    keyword = (node.children[0].type if node.children else "") or "var"
    names = []
    for declarator in (c for c in node.named_children if c.type == "variable_declarator"):
        target = declarator.child_by_field_name("name")
        value = declarator.child_by_field_name("value")
        origin = _required(value, folder, bundle) if value is not None else ""
        while value is not None and value.type == "parenthesized_expression":
            value = value.named_children[0] if value.named_children else None
        if value is not None and value.type == "assignment_expression" and target is not None:
            exported = _exports_member("".join(text_of(value.child_by_field_name("left")).split()))
            if exported:  # ``const x = (exports.x = 7)``: Babel's exported constant
                span = module.file.span(whole)
                module.exports.append((exported, text_of(target), "", span, ""))
                value = value.child_by_field_name("right")
        if value is not None and value.type == "identifier" and target is not None:
            imported = module.bound.get(text_of(value))  # ``const {a} = importedDefault``
            if imported is not None and imported[1] in ("default", "*"):
                origin = imported[0] if target.type == "object_pattern" else ""
        if target is not None and target.type == "identifier":
            name = text_of(target)
            names.append(name)
            if origin:
                module.bound[name] = (origin, "*", module.file.span(whole))
            else:
                kind = _VALUES.get(value.type if value is not None else "", keyword)
                module.defined.setdefault(
                    name, ApiName(name=name, kind=kind, span=module.file.span(whole))
                )
        elif target is not None and target.type == "object_pattern":
            for local, original in _pattern(target):
                names.append(local)
                if origin:
                    module.bound[local] = (origin, original, module.file.span(whole))
                else:
                    module.defined.setdefault(
                        local, ApiName(name=local, kind=keyword, span=module.file.span(whole))
                    )
    return names


def _pattern(pattern: Node) -> list[tuple[str, str]]:
    """(local, property) of a destructuring ``{a, b: c}``: (a, a), (c, b)."""
    found = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            found.append((text_of(child), text_of(child)))
        elif child.type == "pair_pattern":
            value = child.child_by_field_name("value")
            if value is not None and value.type == "identifier":
                found.append((text_of(value), object_key(child.child_by_field_name("key"))))
    return found


def _import_bindings(module: _Module, node: Node, origin: str) -> None:
    span = module.file.span(node)
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    for child in clause.named_children if clause is not None else ():
        if child.type == "identifier":
            module.bound[text_of(child)] = (origin, "default", span)
        elif child.type == "namespace_import" and child.named_children:
            module.bound[text_of(child.named_children[0])] = (origin, "*", span)
        elif child.type == "named_imports":
            for spec in child.named_children:
                name = text_of(spec.child_by_field_name("name"))
                alias = text_of(spec.child_by_field_name("alias")) or name
                module.bound[alias] = (origin, name, span)


def _export(module: _Module, node: Node, folder: str, bundle: Bundle) -> None:
    """One ``export`` statement."""
    span = module.file.span(node)
    default = any(c.type == "default" for c in node.children)
    source = node.child_by_field_name("source")
    origin = _specifier(source, folder, bundle) if source is not None else ""
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    if declaration is not None:
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            for name in _declarators(module, declaration, node, folder, bundle):
                module.exports.append((name, name, "", span, ""))
            return
        inner = (
            declaration.named_children[0]
            if declaration.type == "ambient_declaration" and declaration.named_children
            else declaration
        )
        item = _define(module, inner, node)
        if item is not None:
            module.exports.append(("default" if default else item.name, item.name, "", span, ""))
        elif default:
            module.exports.append(("default", "", "", span, _KINDS.get(inner.type, "value")))
        return
    if default and value is not None:
        local = text_of(value) if value.type == "identifier" else ""
        module.exports.append(("default", local, "", span, _VALUES.get(value.type, "value")))
        return
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if clause is not None:
        for spec in clause.named_children:
            name = text_of(spec.child_by_field_name("name"))
            alias = text_of(spec.child_by_field_name("alias")) or name
            module.exports.append((alias, name, origin, span, "re-export" if source else ""))
        return
    namespace = next((c for c in node.named_children if c.type == "namespace_export"), None)
    if namespace is not None and namespace.named_children:
        module.exports.append(
            (text_of(namespace.named_children[0]), "*", origin, span, "namespace")
        )
    elif source is not None and origin:
        module.stars.append(origin)


def _commonjs(module: _Module, node: Node, folder: str, bundle: Bundle) -> None:
    """``module.exports = ...``, ``module.exports.x = ...``, ``exports.x = ...``."""
    if node.type != "assignment_expression":
        return
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    target = "".join(text_of(left).split())
    span = module.file.span(node.parent or node)
    if right is None:
        return
    if target == "module.exports":
        origin = _required(right, folder, bundle)
        if origin:
            module.stars.append(origin)
        elif right.type == "object":
            for prop in right.named_children:
                _property(module, prop, span)
        elif right.type == "identifier":
            module.exports.append((text_of(right), text_of(right), "", span, ""))
        else:
            module.exports.append(
                ("module.exports", "", "", span, _VALUES.get(right.type, "value"))
            )
        return
    names = []  # ``exports.a = exports.b = value`` (Babel's output) names both
    while True:
        name = _exports_member(target)
        if not name:
            break
        names.append(name)
        if right.type != "assignment_expression":
            break
        target = "".join(text_of(right.child_by_field_name("left")).split())
        right = right.child_by_field_name("right") or right
    if text_of(right) == "void 0":  # Babel declares the names first; assigned later
        return
    local = text_of(right) if right.type == "identifier" else ""
    for name in names:
        module.exports.append((name, local, "", span, _VALUES.get(right.type, "value")))


def _exports_member(target: str) -> str:
    """``x`` of ``exports.x`` or ``module.exports.x`` (``""`` for anything else)."""
    for prefix in ("module.exports.", "exports."):
        if target.startswith(prefix) and "." not in target[len(prefix) :]:
            return target[len(prefix) :]
    return ""


def _property(module: _Module, prop: Node, span: Span) -> None:
    """One property of ``module.exports = {...}``."""
    if prop.type == "shorthand_property_identifier":
        module.exports.append((text_of(prop), text_of(prop), "", span, ""))
    elif prop.type == "pair":
        name = object_key(prop.child_by_field_name("key"))
        value = prop.child_by_field_name("value")
        local = text_of(value) if value is not None and value.type == "identifier" else ""
        kind = _VALUES.get(value.type if value is not None else "", "value")
        if name:
            module.exports.append((name, local, "", module.file.span(prop), kind))
    elif prop.type == "method_definition":
        name = object_key(prop.child_by_field_name("name"))
        if name:
            module.exports.append((name, "", "", module.file.span(prop), "function"))


def _specifier(node: Node | None, folder: str, bundle: Bundle) -> str:
    """The package file a relative module specifier names (``""`` for another package's)."""
    value = js_string(node)
    if not value or not value.startswith("."):
        return ""
    return located(posixpath.normpath(posixpath.join(folder, value)), bundle)


def _required(node: Node | None, folder: str, bundle: Bundle) -> str:
    """The package file of ``require('./x')`` or ``import('./x')`` (``await`` unwrapped)."""
    while node is not None and node.type == "await_expression" and node.named_children:
        node = node.named_children[0]
    if node is None or node.type != "call_expression":
        return ""
    function = text_of(node.child_by_field_name("function"))
    arguments = node.child_by_field_name("arguments")
    if function not in ("require", "import") or arguments is None or not arguments.named_children:
        return ""
    return _specifier(arguments.named_children[0], folder, bundle)


# --- Names, followed -------------------------------------------------------------------------


def _exported(path: str, modules: _Package, seen: set[str]) -> list[ApiName]:
    """The names module ``path`` exports, in source order, then those of its ``export *``
    (``default`` is not re-exported by a star); each once. A default export with a name of
    its own shows it, ``default (pLimit)``: the name its users import it by."""
    return list(_exports_of(path, modules, seen).values())


def _exports_of(path: str, modules: _Package, seen: set[str]) -> dict[str, ApiName]:
    module = modules.module(path)
    if module is None or path in seen:
        return {}
    seen = seen | {path}
    found: dict[str, ApiName] = {}
    for name, local, origin, span, kind in module.exports:
        if name not in found:
            item = _named(name, local, origin, span, kind, module, modules, 0)
            shown = f"default ({local})" if name == "default" and local not in ("", "*") else name
            found[name] = replace(item, name=shown)
    for star in module.stars:
        for name, item in _exports_of(star, modules, seen).items():
            if name != "default":
                found.setdefault(name, item)
    return found


def _named(
    name: str, local: str, origin: str, span: Span, kind: str, module: _Module,
    modules: _Package, hops: int,
) -> ApiName:  # fmt: skip
    """Export ``name`` with the kind and span of its definition, followed through the
    package's own modules; at the export itself when it cannot be followed."""
    here = ApiName(name=name, kind=kind or "value", span=span)
    if hops > HOPS:
        return here
    if origin:  # ``export {local as name} from origin``
        if local == "*":
            return ApiName(name=name, kind="namespace", span=span)
        return _in_module(name, local, origin, modules, hops + 1) or here
    if local in module.defined:
        item = module.defined[local]
        return ApiName(name=name, kind=item.kind, span=item.span)
    if local in module.bound:
        target, original, at = module.bound[local]
        if original == "*":  # ``import * as ns`` (or a whole ``require``) exported
            return ApiName(name=name, kind="namespace", span=at)
        return _in_module(name, original, target, modules, hops + 1) or here
    return here


def _in_module(name: str, original: str, path: str, modules: _Package, hops: int) -> ApiName | None:
    """What module ``path`` exports as ``original``, under ``name``."""
    module = modules.module(path)
    if module is None:
        return None
    for exported, local, origin, span, kind in module.exports:
        if exported == original:
            item = _named(name, local, origin, span, kind, module, modules, hops)
            return item
    for star in module.stars:
        if star != path and hops <= HOPS:
            found = _in_module(name, original, star, modules, hops + 1)
            if found is not None:
                return found
    return None
