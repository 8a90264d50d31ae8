"""argparse command lines read from source: parsers, subcommands and their arguments.

Why statically, as for click (`click_cli`): the code is never run. argparse builds a parser
by calls on variables (``p = ArgumentParser()``, ``sub = p.add_subparsers()``,
``c = sub.add_parser("name")``, ``c.add_argument("--x")``), so each function body (and the
module's top level) is read in order with a table of which variable holds which parser.
Argument groups add to the parser they belong to. argparse's own ``-h, --help`` is added
unless ``add_help=False``; ``parents=[common]`` copies the common parser's arguments. Parsers
built in a loop or from data are not invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository.model import Command, Option
from skillc.compiler.frontends.repository.python.syntax import (
    MAX_DEPTH,
    Call,
    PyFile,
    call_of,
    dotted,
    has_value,
    literal,
    string_value,
)

__all__ = ["ArgparseModule", "scan_argparse"]

_FLAG_ACTIONS = frozenset({"store_true", "store_false", "store_const", "count", "version", "help"})


@dataclass(slots=True)
class _Parser:
    name: str
    node: Node
    help: str = ""
    short_help: str = ""
    add_help: bool = True
    options: list[Option] = field(default_factory=list)
    children: list[_Parser] = field(default_factory=list)


@dataclass(slots=True)
class ArgparseModule:
    """The parsers of one file: the root parsers each function creates (``""`` for the top
    level), in order, and the names of the functions each function calls."""

    file: PyFile
    roots: dict[str, list[_Parser]] = field(default_factory=dict)
    calls: dict[str, list[str]] = field(default_factory=dict)

    def command(self, function: str, program: str) -> Command | None:
        """The command line ``function`` builds, directly or in a function it calls (one
        level), named ``program``; None when it builds none."""
        for name in (function, *self.calls.get(function, ())):
            parsers = self.roots.get(name)
            if parsers:
                return _command(self.file, parsers[0], program)
        return None


def scan_argparse(file: PyFile) -> ArgparseModule:
    """The argparse parsers of ``file``, by the function that builds them."""
    module = ArgparseModule(file=file)
    top: list[Node] = []
    for statement in file.root.named_children:
        definition = statement
        if statement.type == "decorated_definition":
            definition = statement.child_by_field_name("definition") or statement
        if definition.type == "function_definition":
            name = definition.child_by_field_name("name")
            body = definition.child_by_field_name("body")
            if name is not None and body is not None:
                _scan_body(module, file.text(name), body)
        else:
            top.append(statement)
    module.roots.setdefault("", [])
    _scan_statements(module, "", top)
    return module


def _scan_body(module: ArgparseModule, function: str, body: Node) -> None:
    _scan_statements(module, function, [body])


def _scan_statements(module: ArgparseModule, function: str, nodes: list[Node]) -> None:
    """Every call under ``nodes``, in source order, against one variable table."""
    calls: list[tuple[Node, Call]] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if node.type in ("function_definition", "class_definition", "lambda"):
            continue  # nested definitions run later, if ever
        call = call_of(node)
        if call is not None:
            calls.append((node, call))
        stack.extend(reversed(node.named_children))
    calls.sort(key=lambda item: item[0].start_byte)
    state = _State(module.file)
    for node, call in calls:
        state.call(node, call)
    if state.roots:
        module.roots.setdefault(function, []).extend(state.roots)
    module.calls[function] = [c.func for _, c in calls if c.func.isidentifier()]


class _State:
    """Which variable holds which parser (or subparsers action) while a body is read."""

    def __init__(self, file: PyFile) -> None:
        self.file = file
        self.parsers: dict[str, _Parser] = {}
        self.subparsers: dict[str, _Parser] = {}
        self.roots: list[_Parser] = []

    def call(self, node: Node, call: Call) -> None:
        head, _, last = call.func.rpartition(".")
        target = _assigned_to(node)
        if last == "ArgumentParser":
            parser = _parser(self.file, node, call, call.kwargs.get("prog"))
            self._inherit(parser, call)
            self.roots.append(parser)
            if target:
                self.parsers[target] = parser
        elif last == "add_subparsers" and head in self.parsers and target:
            self.subparsers[target] = self.parsers[head]
        elif last == "add_parser" and head in self.subparsers and call.args:
            child = _parser(self.file, node, call, call.args[0])
            self._inherit(child, call)
            self.subparsers[head].children.append(child)
            if target:
                self.parsers[target] = child
        elif last in ("add_argument_group", "add_mutually_exclusive_group"):
            if head in self.parsers and target:
                self.parsers[target] = self.parsers[head]
        elif last == "add_argument" and head in self.parsers:
            option = _argument(self.file, call)
            if option is not None:
                self.parsers[head].options.append(option)

    def _inherit(self, parser: _Parser, call: Call) -> None:
        """The arguments of ``parents=[...]`` parsers (defined earlier in the same body), as
        argparse copies them; a parent is a building block, not a command line of its own."""
        parents = call.kwargs.get("parents")
        for item in parents.named_children if parents is not None else ():
            parent = self.parsers.get(dotted(item))
            if parent is None:
                continue
            parser.options.extend(parent.options)
            self.roots = [r for r in self.roots if r is not parent]


def _assigned_to(node: Node) -> str:
    """The variable a call's value is assigned to (``x = call(...)``), else ``""``."""
    parent = node.parent
    if parent is not None and parent.type == "assignment":
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return dotted(left)
    return ""


def _parser(file: PyFile, node: Node, call: Call, name_node: Node | None) -> _Parser:
    help_text = string_value(call.kwargs.get("description"))
    short = string_value(call.kwargs.get("help")) or ""
    return _Parser(
        name=string_value(name_node) or "",
        node=node,
        help=help_text if help_text is not None else short,
        short_help=short,
        add_help=literal(call.kwargs.get("add_help")) is not False,
    )


def _argument(file: PyFile, call: Call) -> Option | None:
    names = tuple(v for v in (literal(a) for a in call.args) if isinstance(v, str))
    if not names:
        return None
    action = literal(call.kwargs.get("action"))
    choices = literal(call.kwargs.get("choices"))
    default = literal(call.kwargs.get("default"))
    positional = not names[0].startswith("-")
    return Option(
        names=(names[0],) if positional else names,
        span=file.span(call.node),
        argument=positional,
        help=string_value(call.kwargs.get("help")) or "",
        default="" if not has_value(default) or default is None else str(default),
        choices=tuple(str(c) for c in choices) if isinstance(choices, tuple) else (),
        type=dotted(call.kwargs.get("type")),
        required=positional or literal(call.kwargs.get("required")) is True,
        flag=isinstance(action, str) and action in _FLAG_ACTIONS,
        multiple=isinstance(action, str) and action in ("append", "extend"),
    )


def _command(file: PyFile, parser: _Parser, name: str, depth: int = 0) -> Command:
    options = list(parser.options)
    if parser.add_help:
        help_option = Option(
            names=("-h", "--help"),
            span=file.span(parser.node),
            help="show this help message and exit",
            flag=True,
        )
        options.insert(0, help_option)
    return Command(
        name=parser.name or name,
        span=file.span(parser.node),
        framework="argparse",
        help=parser.help,
        short_help=parser.short_help,
        options=tuple(options),
        commands=tuple(
            _command(file, c, c.name, depth + 1) for c in parser.children if depth < MAX_DEPTH
        ),
    )
