"""Go command lines defined with urfave/cli (v2, and v1's comma-separated names).

Why these shapes: urfave/cli states a program as an ``App`` (``&cli.App{Name, Usage, Flags,
Commands}``, or ``app := cli.NewApp()`` followed by ``app.Flags = ...`` assignments), its
options as flag literals in a ``[]cli.Flag`` (``&cli.StringFlag{Name: "server", Aliases:
[]string{"s"}, Value: "...", Usage: "..."}``) and its commands as ``*cli.Command`` literals
with their own ``Flags`` and ``Subcommands``. Real programs build these slices in functions
(``app.Commands = cmd.CreateCommands()``, each command from a ``createRun()``), so a value is
followed through calls of the module's functions (their ``return``), package or local
variables and ``append``, up to `MAX_DEPTH`. Only literals are read: a flag whose name is
computed is left out, nothing is run. A one-letter name is written ``-x``, a longer one
``--name``, as urfave's help prints them; hidden flags and commands are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository import go_syntax as go
from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of
from skillc.compiler.frontends.repository.model import Command, Option

__all__ = ["IMPORT", "Index", "app_command", "index_of"]

#: The import path every urfave/cli version shares; a file without it defines no App.
IMPORT = "github.com/urfave/cli"
#: How many calls and variables a value is followed through (a cycle stops here).
MAX_DEPTH = 8
_DECLARATIONS = frozenset({"function_declaration", "var_spec", "short_var_declaration"})


@dataclass(slots=True)
class Index:
    """Where values come from: the module's functions and variables, by name."""

    functions: dict[str, tuple[SourceFile, Node]] = field(default_factory=dict)
    variables: dict[tuple[str, str], tuple[SourceFile, Node]] = field(default_factory=dict)


def app_command(program: str, here: list[SourceFile], index: Index) -> Command | None:
    """The command line of the urfave/cli ``App`` a program's files (``here``) define, its
    flags and commands followed into any file of the module (``index``); None when there is
    none."""
    for file in here:
        if IMPORT not in file.data.decode("utf-8", "replace"):
            continue
        found = _app(file)
        if found is not None:
            node, values = found
            return _command(file, node, values, index, program, 0)
    return None


def index_of(files: list[SourceFile]) -> Index:
    """The functions and variables of ``files`` by name (built once per module)."""
    index = Index()
    for file in files:
        for node in nodes(file.root, _DECLARATIONS):
            if node.type == "function_declaration":
                name = text_of(node.child_by_field_name("name"))
                index.functions.setdefault(name, (file, node))
                continue
            left = node.child_by_field_name("name") or node.child_by_field_name("left")
            right = node.child_by_field_name("value") or node.child_by_field_name("right")
            if left is None or right is None or not right.named_children:
                continue
            scope = go.enclosing_function(node)
            for name, value in zip(
                [text_of(n) for n in left.named_children] or [text_of(left)],
                right.named_children,
                strict=False,
            ):
                index.variables.setdefault((scope, name), (file, value))
    return index


def _app(file: SourceFile) -> tuple[Node, dict[str, Node]] | None:
    """The first ``App`` of the file and its fields: a literal's keyed elements, or the
    assignments to the variable ``cli.NewApp()`` was stored in."""
    for node in nodes(file.root, frozenset({"composite_literal", "call_expression"})):
        if node.type == "composite_literal":
            if text_of(node.child_by_field_name("type")).endswith("cli.App"):
                return node, go.fields(node)
            continue
        if text_of(node.child_by_field_name("function")).endswith("cli.NewApp"):
            return node, _assigned(node)
    return None


def _assigned(call: Node) -> dict[str, Node]:
    """``app.Name = "x"`` assignments, in the function where ``app := cli.NewApp()``."""
    declaration = call.parent.parent if call.parent is not None else None
    if declaration is None or declaration.type != "short_var_declaration":
        return {}
    variable = text_of(declaration.child_by_field_name("left"))
    scope = declaration.parent
    found: dict[str, Node] = {}
    for statement in scope.named_children if scope is not None else ():
        if statement.type != "assignment_statement":
            continue
        left = statement.child_by_field_name("left")
        right = statement.child_by_field_name("right")
        target = left.named_children[0] if left is not None and left.named_children else None
        if target is None or right is None or target.type != "selector_expression":
            continue
        if text_of(target.child_by_field_name("operand")) == variable and right.named_children:
            found[go.field_name(target)] = right.named_children[0]
    return found


def _command(
    file: SourceFile,
    node: Node,
    values: dict[str, Node],
    index: Index,
    default_name: str,
    depth: int,
) -> Command:
    """An App or Command literal as a `Command`, flags and subcommands followed."""
    name = go.string(values.get("Name")) or default_name
    subs = [
        _command(f, n, go.fields(n), index, "", depth + 1)
        for f, n in _resolve(file, values.get("Commands") or values.get("Subcommands"), index, 0)
        if depth < MAX_DEPTH and not _hidden(go.fields(n))
    ]
    return Command(
        name=name.split(",")[0].strip(),
        span=file.span(node),
        framework="urfave/cli",
        help=go.string(values.get("Usage")) or go.string(values.get("Description")) or "",
        options=tuple(
            o for f, n in _resolve(file, values.get("Flags"), index, 0) if (o := _flag(f, n))
        ),
        commands=tuple(c for c in subs if c.name),
    )


def _resolve(
    file: SourceFile, node: Node | None, index: Index, depth: int
) -> list[tuple[SourceFile, Node]]:
    """The flag or command literals a value stands for: a slice literal's elements, what a
    called function returns, what a variable holds, both sides of ``append``."""
    if node is None or depth > MAX_DEPTH:
        return []
    if node.type in ("unary_expression", "parenthesized_expression") and node.named_children:
        return _resolve(file, node.named_children[-1], index, depth)
    if node.type == "variadic_argument" and node.named_children:
        return _resolve(file, node.named_children[0], index, depth)
    if node.type == "composite_literal" and text_of(node.child_by_field_name("type")).startswith(
        "[]"
    ):
        return [r for e in go.elements(node) for r in _resolve(file, e, index, depth + 1)]
    if node.type in ("composite_literal", "literal_value"):  # {Name: ...}: the slice's type
        return [(file, node)]
    if node.type == "call_expression":
        callee = text_of(node.child_by_field_name("function")).rsplit(".", 1)[-1]
        if callee == "append":
            return [r for a in go.args(node) for r in _resolve(file, a, index, depth + 1)]
        function = index.functions.get(callee)
        return _returned(function, index, depth + 1) if function else []
    if node.type == "identifier":
        scope = go.enclosing_function(node)
        name = text_of(node)
        held = index.variables.get((scope, name)) or index.variables.get(("", name))
        return _resolve(held[0], held[1], index, depth + 1) if held else []
    return []


def _returned(
    function: tuple[SourceFile, Node], index: Index, depth: int
) -> list[tuple[SourceFile, Node]]:
    """What the ``return`` statements of a function give (the first value of each)."""
    file, node = function
    found = []
    for statement in nodes(node, frozenset({"return_statement"})):
        values = statement.named_children[0] if statement.named_children else None
        if values is not None and values.named_children:
            found.extend(_resolve(file, values.named_children[0], index, depth))
    return found


def _hidden(values: dict[str, Node]) -> bool:
    return text_of(values.get("Hidden")) == "true"


def _flag(file: SourceFile, literal: Node) -> Option | None:
    """A flag literal (``&cli.StringFlag{...}``) as an option; None when its name is not a
    literal or it is hidden."""
    kind = text_of(literal.child_by_field_name("type")).rsplit(".", 1)[-1]
    values = go.fields(literal)
    name = go.string(values.get("Name"))
    if not kind.endswith("Flag") or not name or _hidden(values):
        return None
    aliases = values.get("Aliases")
    extra = [go.string(a) or "" for a in go.elements(aliases)] if aliases is not None else []
    given = [n.strip() for n in (name.split(",") + extra) if n and n.strip()]  # v1: "s, server"
    names = sorted(dict.fromkeys(given), key=lambda n: len(n) > 1)
    kind = kind.removesuffix("Flag")
    boolean = kind == "Bool"
    default = go.literal(values.get("Value"))
    return Option(
        names=tuple(("-" if len(n) == 1 else "--") + n for n in names),
        span=file.span(literal),
        help=(go.string(values.get("Usage")) or "").replace("`", ""),
        default="" if boolean and default == "false" else default,
        type="" if boolean else kind.removesuffix("Slice").lower() or "value",
        required=text_of(values.get("Required")) == "true",
        flag=boolean,
        multiple=kind.endswith("Slice"),
    )
