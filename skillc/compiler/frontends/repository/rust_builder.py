"""Rust command lines built with clap's builder API (clap 3 and 4, and clap 2's names).

Why these shapes: the builder states a program as a method chain on ``Command::new("x")``
(``App::new`` in clap 2/3): ``.about("...")``, ``.arg(Arg::new("y").short('y').long("y")
.help("..."))``, ``.subcommand(Command::new("z")...)``. Real programs split the chain over a
variable (``let mut app = Command::new(..)...; app = app.arg(..); app.subcommand(..)``,
bat's shape), so chains whose receiver is the variable a command is bound to are read as
part of it. Only literals are read (``crate_name!()`` names the binary): an argument with
``.hide(true)`` is not listed, one with neither ``short`` nor ``long`` is positional, as
clap's help shows them. Nothing is run.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of
from skillc.compiler.frontends.repository.model import Command, Option

__all__ = ["builder_command"]

#: The constructors of a command (clap 4/3, clap 2) and of an argument.
_COMMANDS = frozenset({"Command::new", "App::new", "SubCommand::with_name", "clap::Command::new"})
_ARGS = frozenset({"Arg::new", "Arg::with_name", "clap::Arg::new"})
#: Actions and settings that make an argument a switch taking no value.
_SWITCH = ("SetTrue", "SetFalse", "Count", "Help", "Version")
_CALLS = frozenset({"call_expression"})
#: Methods that list an argument's accepted values (``.possible_values(&["a", "b"])``).
_CHOICES = frozenset({"possible_values", "value_parser"})
_LITERALS = frozenset({"raw_string_literal", "string_literal", "char_literal"})
_RAW = re.compile(r'r(#*)"(.*)"\1', re.S)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": ""}


def builder_command(program: str, files: list[SourceFile], clap4: bool) -> Command | None:
    """The command line a binary's files build with clap's builder; None when they build
    none. ``clap4``: an argument without an action takes a value (clap 4's ``Set``; before,
    it was a switch). The root is a ``Command::new`` not passed to another's
    ``.subcommand``: the one named after the program (or ``crate_name!()``) first."""
    roots = [
        (f, call)
        for f in files
        for call in nodes(f.root, _CALLS)
        if _callee(call) in _COMMANDS and not _is_subcommand(call)
    ]
    if not roots:
        return None
    named = [(f, c) for f, c in roots if _name(f, c, program) == program]
    file, call = (named or roots)[0]
    return _command(file, call, program, clap4)


def _callee(call: Node) -> str:
    return text_of(call.child_by_field_name("function")).replace(" ", "")


def _is_subcommand(call: Node) -> bool:
    """Whether a constructor sits in the arguments of a ``.subcommand``/``.subcommands``."""
    current = call.parent
    while current is not None and current.type not in ("function_item", "source_file"):
        if current.type == "arguments":
            method = _method(current.parent) if current.parent is not None else ""
            if method in ("subcommand", "subcommands"):
                return True
        current = current.parent
    return False


def _method(call: Node) -> str:
    function = call.child_by_field_name("function")
    if function is None or function.type != "field_expression":
        return ""
    return text_of(function.child_by_field_name("field"))


def _chain(start: Node) -> tuple[list[tuple[str, list[Node]]], Node]:
    """The method calls chained on ``start`` (name, arguments) and the whole expression."""
    found: list[tuple[str, list[Node]]] = []
    current = start
    while True:
        parent = current.parent
        if parent is None or parent.type != "field_expression":
            break
        call = parent.parent
        if (
            call is None
            or call.type != "call_expression"
            or parent.child_by_field_name("value") != current
        ):
            break
        found.append((text_of(parent.child_by_field_name("field")), _args(call)))
        current = call
    return found, current


def _args(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [c for c in arguments.named_children if "comment" not in c.type] if arguments else []


def _name(file: SourceFile, call: Node, program: str) -> str:
    args = _args(call)
    if not args:
        return program
    if args[0].type == "macro_invocation" and text_of(args[0]).startswith("crate_name!"):
        return program
    return rust_string(args[0]) or program


def _methods(call: Node) -> list[tuple[str, list[Node]]]:
    """The chain on a constructor, plus the chains on the variable it is bound to in the
    same function (``app = app.arg(..)``, a final ``app.subcommand(..)``)."""
    methods, whole = _chain(call)
    holder = whole.parent
    if holder is None or holder.type != "let_declaration":
        return methods
    variable = text_of(holder.child_by_field_name("pattern")).removeprefix("mut ").strip()
    scope = holder.parent
    while scope is not None and scope.type != "function_item":
        scope = scope.parent
    for node in nodes(scope, frozenset({"identifier"})) if scope is not None else ():
        if text_of(node) == variable and node.start_byte > whole.end_byte:
            methods.extend(_chain(node)[0])
    return methods


def _command(file: SourceFile, call: Node, default: str, clap4: bool) -> Command:
    """A constructor's command: its about text, arguments and subcommands."""
    help_text = ""
    options: list[Option] = []
    subs: list[Command] = []
    for method, args in _methods(call):
        if method in ("about", "help") and args and not help_text:
            help_text = _first_paragraph(rust_string(args[0]) or "")
        elif method in ("arg", "args"):
            options.extend(o for a in _each(args, _ARGS) if (o := _argument(file, a, clap4)))
        elif method in ("subcommand", "subcommands"):
            subs.extend(
                _command(file, c, "", clap4)
                for c in _each(args, _COMMANDS)
                if not _hidden(_chain(c)[0])
            )
    return Command(
        name=_name(file, call, default),
        span=file.span(call),
        framework="clap",
        help=help_text,
        options=tuple(options),
        commands=tuple(s for s in subs if s.name),
    )


def _each(args: list[Node], constructors: frozenset[str]) -> list[Node]:
    """The constructor calls an argument list holds (``.arg(Arg::new(..))``, ``.args([..])``)."""
    found: list[Node] = []
    for arg in args:
        found.extend(
            c for c in nodes(arg, _CALLS) if _callee(c) in constructors and c.parent is not None
        )
    return [c for c in found if _owner(c, args)]


def _owner(call: Node, args: list[Node]) -> bool:
    """Whether ``call`` belongs to these arguments, not to a nested builder inside them."""
    current = call.parent
    while current is not None and current not in args:
        if current.type == "arguments":
            return False
        current = current.parent
    return True


def _hidden(methods: list[tuple[str, list[Node]]]) -> bool:
    return any(m == "hide" and a and text_of(a[0]) == "true" for m, a in methods)


def _argument(file: SourceFile, call: Node, clap4: bool) -> Option | None:
    """An ``Arg::new("id")`` chain as an option; None when hidden."""
    methods = _chain(call)[0]
    if _hidden(methods):
        return None
    ident = rust_string(_args(call)[0]) if _args(call) else ""
    values: dict[str, str] = {}
    for method, args in methods:
        if args:
            values.setdefault(method, rust_string(args[0]) or text_of(args[0]))
    names = []
    if "short" in values:
        names.append("-" + values["short"])
    if "long" in values:
        names.append("--" + values["long"])
    action = values.get("action", "")
    takes = clap4 or values.get("takes_value") == "true" or "value_name" in values
    flag = bool(names) and (action.endswith(_SWITCH) or (not takes and not action))
    value_name = values.get("value_name", "")
    listed = next((a[0] for m, a in methods if m in _CHOICES and a), None)
    while listed is not None and listed.type == "reference_expression":  # &["a", "b"]
        listed = listed.child_by_field_name("value")
    array = (
        listed.named_children if listed is not None and listed.type == "array_expression" else []
    )
    choices = tuple(v for n in array if (v := rust_string(n)))
    return Option(
        names=tuple(names) or (value_name or ident or "ARG",),
        choices=choices,
        span=file.span(call),
        argument=not names,
        help=_first_paragraph(
            values.get("help") or values.get("about") or values.get("long_help") or ""
        ),
        default=values.get("default_value", ""),
        type=f"<{value_name or ident}>" if names and not flag else "",  # clap: id as value
        required=values.get("required") == "true",
        flag=flag,
        multiple=action.endswith(("Append", "Count"))
        or "true" in (values.get("multiple_values"), values.get("multiple_occurrences")),
    )


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n", 1)[0].split())


def rust_string(node: Node | None) -> str | None:
    """A Rust string or char literal node's value (`literal_value`), else None."""
    if node is None or node.type not in _LITERALS:
        return None
    return literal_value(text_of(node))


def literal_value(text: str) -> str | None:
    """The value of a Rust string, raw string or char literal written as ``text`` (``"x"``,
    ``r#"x"#``, ``'x'``; escapes and line continuations resolved), else None. Text, not a
    node, since a derive attribute's arguments (``#[arg(help = "..")]``) are read as text."""
    text = text.strip()
    raw = _RAW.fullmatch(text)
    if raw is not None:
        return raw.group(2)
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "\"'":
        return None
    inner = re.sub(r"\\\n\s*", "", text[1:-1])
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), inner)
