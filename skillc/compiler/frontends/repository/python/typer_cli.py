"""typer command lines read from source: apps, commands, sub-apps and parameters.

Why a reader of its own: typer builds on click but declares parameters as function
signatures, ``name: int = typer.Option(1, "--count", "-c", help=...)`` or
``Annotated[int, typer.Option(...)] = 1``; a parameter without a default is an argument, one
with a default an option named after it (``home_dir`` -> ``--home-dir``), a ``bool`` one a
``--x/--no-x`` pair. What typer itself adds is added the same way: ``--help`` on every
command, ``--install-completion`` and ``--show-completion`` on the root unless
``add_completion=False``; an app with a single command and no callback runs that command
directly, as typer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository.model import Command, Option
from skillc.compiler.frontends.repository.python.click_params import flag_names
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

__all__ = ["TyperModule", "scan_typer"]

_HELP = "Show this message and exit."
_COMPLETION = (
    ("--install-completion", "Install completion for the current shell."),
    (
        "--show-completion",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
)


@dataclass(slots=True)
class _App:
    """A ``typer.Typer()`` being assembled."""

    node: Node
    name: str = ""
    help: str = ""
    completion: bool = True
    callback: Node | None = None
    commands: list[tuple[str, Node, Call]] = field(default_factory=list)
    groups: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class TyperModule:
    """The typer apps of one file by variable name, and its functions."""

    file: PyFile
    apps: dict[str, _App] = field(default_factory=dict)
    functions: dict[str, Node] = field(default_factory=dict)

    def build(self, var: str, program: str) -> Command | None:
        """The command line of app ``var`` installed as ``program``."""
        app = self.apps.get(var)
        if app is None:
            return None
        command = self._app(app, program, frozenset({var}), root=True)
        extra = [
            Option(names=(n,), span=self.file.span(app.node), help=h, flag=True)
            for n, h in _COMPLETION
            if app.completion
        ]
        options = (*command.options[:-1], *extra, *command.options[-1:])
        return _with(command, options=options)

    def function(self, name: str, program: str) -> Command | None:
        """The single command ``typer.run(name)`` makes."""
        node = self.functions.get(name)
        if node is None:
            return None
        return _function_command(self.file, node, program, "", "")

    def _app(self, app: _App, name: str, seen: frozenset[str], root: bool = False) -> Command:
        """An app as a group; the root app with a single command and no callback is that
        command (typer runs it directly; sub-apps stay groups)."""
        if root and len(app.commands) == 1 and app.callback is None and not app.groups:
            _, node, call = app.commands[0]
            return _function_command(self.file, node, name, _help(call, node), "")
        subs = [
            _function_command(self.file, node, cmd_name, _help(call, node), _short(call))
            for cmd_name, node, call in app.commands
        ]
        for var, sub_name, sub_help in app.groups:
            sub = self.apps.get(var)
            if sub is not None and var not in seen and len(seen) <= MAX_DEPTH:
                built = self._app(sub, sub_name or sub.name or var, seen | {var})
                subs.append(_with(built, help=sub_help or built.help))
        params: tuple[Option, ...] = ()
        help_text = app.help
        if app.callback is not None:
            params = _parameters(self.file, app.callback)
            help_text = help_text or _docstring(self.file, app.callback)
        help_option = Option(
            names=("--help",), span=self.file.span(app.node), help=_HELP, flag=True
        )
        return Command(
            name=name,
            span=self.file.span(app.node),
            framework="typer",
            help=help_text,
            options=(*params, help_option),
            commands=tuple(sorted(subs, key=lambda c: c.name)),
        )


def _with(command: Command, **changes: object) -> Command:
    from dataclasses import replace

    return replace(command, **changes)  # type: ignore[arg-type]


def scan_typer(file: PyFile) -> TyperModule:
    """The typer apps, commands and sub-apps at the top level of ``file``."""
    module = TyperModule(file=file)
    for statement in file.root.named_children:
        if statement.type == "function_definition":
            _remember(module, statement)
        elif statement.type == "decorated_definition":
            _decorated(module, statement)
        elif statement.type == "expression_statement" and statement.named_child_count:
            _expression(module, statement.named_children[0])
    return module


def _remember(module: TyperModule, function: Node) -> None:
    name = function.child_by_field_name("name")
    if name is not None:
        module.functions[module.file.text(name)] = function


def _decorated(module: TyperModule, node: Node) -> None:
    function = node.child_by_field_name("definition")
    if function is None or function.type != "function_definition":
        return
    _remember(module, function)
    for decorator in (c for c in node.named_children if c.type == "decorator"):
        call = call_of(decorator.named_children[0]) if decorator.named_child_count else None
        if call is None:
            continue
        head, _, last = call.func.rpartition(".")
        app = module.apps.get(head)
        if app is None:
            continue
        if last == "command":
            given = string_value(call.args[0]) if call.args else None
            given = given or string_value(call.kwargs.get("name"))
            name = given or _command_name(
                module.file.text(function.child_by_field_name("name") or function)
            )
            app.commands.append((name, function, call))
        elif last == "callback":
            app.callback = function
            app.help = app.help or (string_value(call.kwargs.get("help")) or "")


def _command_name(function: str) -> str:
    return function.lower().replace("_", "-")


def _expression(module: TyperModule, node: Node) -> None:
    if node.type == "assignment":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        call = call_of(right)
        named = left is not None and left.type == "identifier"
        if named and call is not None and call.func in ("typer.Typer", "Typer"):
            assert left is not None
            module.apps[module.file.text(left)] = _App(
                node=call.node,
                name=string_value(call.kwargs.get("name")) or "",
                help=string_value(call.kwargs.get("help")) or "",
                completion=literal(call.kwargs.get("add_completion")) is not False,
            )
        return
    call = call_of(node)
    if call is None:
        return
    head, _, last = call.func.rpartition(".")
    if last == "add_typer" and head in module.apps and call.args:
        name = string_value(call.kwargs.get("name")) or ""
        help_text = string_value(call.kwargs.get("help")) or ""
        module.apps[head].groups.append((dotted(call.args[0]), name, help_text))


def _help(call: Call, function: Node) -> str:
    given = string_value(call.kwargs.get("help"))
    return given if given is not None else ""


def _short(call: Call) -> str:
    return string_value(call.kwargs.get("short_help")) or ""


def _docstring(file: PyFile, function: Node) -> str:
    body = function.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_child_count else None
    if first is None or first.type != "expression_statement" or not first.named_child_count:
        return ""
    import inspect

    return inspect.cleandoc(string_value(first.named_children[0]) or "")


def _function_command(
    file: PyFile, function: Node, name: str, help_text: str, short: str
) -> Command:
    help_option = Option(names=("--help",), span=file.span(function), help=_HELP, flag=True)
    return Command(
        name=name,
        span=file.span(function),
        framework="typer",
        help=help_text or _docstring(file, function),
        short_help=short,
        options=(*_parameters(file, function), help_option),
    )


def _parameters(file: PyFile, function: Node) -> tuple[Option, ...]:
    params = function.child_by_field_name("parameters")
    found: list[Option] = []
    for param in params.named_children if params is not None else ():
        option = _parameter(file, param)
        if option is not None:
            found.append(option)
    arguments = [o for o in found if o.argument]
    return (*arguments, *(o for o in found if not o.argument))


def _parameter(file: PyFile, param: Node) -> Option | None:
    """The option or argument one function parameter declares (None for ``ctx``, ``*args``)."""
    parts = _parts(param)
    if parts is None:
        return None
    name, kind, default = file.text(parts[0]), parts[1], parts[2]
    if "Context" in kind or name == "self":
        return None
    annotated = _declared(parts[3])
    declared = annotated or _typer_call(call_of(default))
    value, decls = default, _strings(declared.args if declared is not None else ())
    if declared is not None and annotated is None:  # `= typer.Option(default, *decls)`
        value = declared.args[0] if declared.args else declared.kwargs.get("default")
        decls = _strings(declared.args[1:])
    help_text = string_value(declared.kwargs.get("help")) if declared is not None else None
    api = declared.func.rpartition(".")[2] if declared is not None else ""
    if api == "Argument" or (declared is None and default is None):
        return Option(
            names=(name,),
            span=file.span(param),
            argument=True,
            help=help_text or "",
            required=value is None or file.text(value) == "...",
            type=_base_type(kind),
        )
    primary, secondary = _names(decls, name, _base_type(kind) == "bool")
    return Option(
        names=primary,
        secondary=secondary,
        span=file.span(param),
        help=help_text or "",
        default=_value(value),
        type=_base_type(kind),
        flag=_base_type(kind) == "bool",
    )


def _parts(param: Node) -> tuple[Node, str, Node | None, Node | None] | None:
    """A parameter's name node, annotation text, default and annotation node."""
    if param.type == "identifier":
        return param, "", None, None
    if param.type not in ("typed_parameter", "typed_default_parameter", "default_parameter"):
        return None
    name = param.child_by_field_name("name")
    if name is None and param.named_child_count:
        name = param.named_children[0]
    if name is None or name.type != "identifier":
        return None
    annotation = param.child_by_field_name("type")
    kind = (
        annotation.text.decode("utf-8", "replace")
        if annotation is not None and annotation.text
        else ""
    )
    return name, kind, param.child_by_field_name("value"), annotation


def _typer_call(call: Call | None) -> Call | None:
    if call is not None and call.func.rpartition(".")[2] in ("Option", "Argument"):
        return call
    return None


def _strings(nodes: tuple[Node, ...]) -> list[str]:
    return [v for v in (literal(n) for n in nodes) if isinstance(v, str)]


def _declared(annotation: Node | None) -> Call | None:
    """The ``typer.Option(...)``/``typer.Argument(...)`` inside ``Annotated[T, ...]``."""
    if annotation is None:
        return None
    stack = [annotation]
    while stack:
        node = stack.pop()
        call = call_of(node)
        if call is not None and call.func.rpartition(".")[2] in ("Option", "Argument"):
            return call
        stack.extend(node.named_children)
    return None


def _base_type(kind: str) -> str:
    """``int`` for ``int``, ``Annotated[int, ...]``, ``Optional[int]``, ``int | None``."""
    text = kind.strip()
    if text.startswith(("Annotated[", "typing.Annotated[", "Optional[", "typing.Optional[")):
        text = text.split("[", 1)[1].split(",", 1)[0].rstrip("]")
    return text.split("|", 1)[0].strip()


def _names(decls: list[str], name: str, boolean: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`click_params.flag_names`, else the names typer makes from the parameter's name."""
    primary, secondary = flag_names(decls)
    if not primary:
        primary = [f"--{name.replace('_', '-')}"]
        if boolean and not secondary:
            secondary = [f"--no-{name.replace('_', '-')}"]
    return tuple(primary), tuple(secondary)


def _value(node: Node | None) -> str:
    value = literal(node)
    if node is None or not has_value(value) or value is None or value is Ellipsis:
        return ""
    return str(value)
