"""Reading Go syntax trees: literals, composite-literal fields, call arguments, scopes.

Why a module of its own: the cobra/``flag`` reader (`golang`) and the urfave/cli reader
(`go_urfave`) read the same Go shapes (string literals, ``Key: value`` fields of a composite
literal, a call's arguments, the function a node sits in), so they are written once here.
Only literals are read: nothing is evaluated.
"""

from __future__ import annotations

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of

__all__ = [
    "args",
    "elements",
    "enclosing_function",
    "field_name",
    "fields",
    "folder",
    "literal",
    "package_name",
    "string",
]


def folder(path: str) -> str:
    """The folder of a POSIX path inside the repository (``""`` at the top)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


def package_name(file: SourceFile) -> str:
    """The name in the file's ``package`` clause."""
    for clause in nodes(file.root, frozenset({"package_clause"})):
        return text_of(clause.named_children[0]) if clause.named_children else ""
    return ""


def field_name(selector: Node) -> str:
    """The field of a selector expression (``flag.String`` -> ``String``)."""
    return text_of(selector.child_by_field_name("field"))


def enclosing_function(node: Node) -> str:
    """The name of the function or method ``node`` is in (``""`` at package level)."""
    current = node.parent
    while current is not None:
        if current.type in ("function_declaration", "method_declaration"):
            return text_of(current.child_by_field_name("name"))
        current = current.parent
    return ""


def fields(literal: Node) -> dict[str, Node]:
    """The ``Key: value`` elements of a composite literal (or of a bare ``{...}`` whose type
    the enclosing slice literal gives), by key (values unwrapped)."""
    body = literal if literal.type == "literal_value" else literal.child_by_field_name("body")
    found: dict[str, Node] = {}
    for element in body.named_children if body is not None else ():
        if element.type == "keyed_element" and len(element.named_children) == 2:
            key, value = element.named_children
            found[text_of(key)] = value.named_children[0] if value.named_children else value
    return found


def elements(literal: Node) -> list[Node]:
    """The unkeyed elements of a composite literal (``[]T{a, b}`` -> ``a``, ``b``)."""
    body = literal if literal.type == "literal_value" else literal.child_by_field_name("body")
    found = []
    for element in body.named_children if body is not None else ():
        if element.type == "literal_element" and element.named_children:
            found.append(element.named_children[0])
    return found


def args(call: Node) -> list[Node]:
    """A call's arguments, comments left out."""
    arguments = call.child_by_field_name("arguments")
    return [c for c in arguments.named_children if c.type != "comment"] if arguments else []


def string(node: Node | None) -> str | None:
    """A Go string literal's value (interpreted or raw), else None."""
    if node is None:
        return None
    if node.type == "raw_string_literal":
        return text_of(node)[1:-1]
    if node.type == "interpreted_string_literal":
        inner = text_of(node)[1:-1]
        return inner.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
    return None


def literal(node: Node | None) -> str:
    """A string, number, boolean or nil literal's value; ``""`` for anything computed."""
    if node is None:
        return ""
    value = string(node)
    if value is not None:
        return value
    kinds = ("int_literal", "float_literal", "true", "false", "nil")
    return text_of(node) if node.type in kinds else ""


def module_imports(file: SourceFile, module: str) -> list[tuple[str, str]]:
    """The packages of module ``module`` that ``file`` imports, as ``(folder in the
    repository, the name the file calls it by)``; other modules' and the standard library's
    packages are left out, as are blank and dot imports (nothing is called through them)."""
    found = []
    for spec in nodes(file.root, frozenset({"import_spec"})):
        path = string(spec.child_by_field_name("path"))
        alias = text_of(spec.child_by_field_name("name"))
        if not path or alias in ("_", "."):
            continue
        if path == module:
            folder_ = ""
        elif module and path.startswith(module + "/"):
            folder_ = path[len(module) + 1 :]
        else:
            continue
        found.append((folder_, alias or path.rsplit("/", 1)[-1]))
    return found


def called_through(files: list[SourceFile]) -> dict[str, set[str]]:
    """The functions the files call through each package name (``ld.Main``: ld -> {Main})."""
    called: dict[str, set[str]] = {}
    for file in files:
        for call in nodes(file.root, frozenset({"call_expression"})):
            function = call.child_by_field_name("function")
            if function is not None and function.type == "selector_expression":
                operand = text_of(function.child_by_field_name("operand"))
                called.setdefault(operand, set()).add(field_name(function))
    return called
