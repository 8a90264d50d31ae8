"""click command lines read from source: commands, groups, options, arguments, help.

Why statically: skillc never runs the code it reads, and a project's command line must be
known without installing it. click's definitions are regular enough to read: decorators
(``@click.command``, ``@click.group``, ``@<group>.command``, ``@click.option``...), option
objects built once and attached later (``X = click.Option([...])`` then
``cmd.params.insert(0, X)``), groups built from a class whose ``__init__`` adds parameters and
commands (flask's ``FlaskGroup``), and ``group.add_command(cmd)``.

What click itself adds is added the same way: every command's ``--help``, the name a
decorated function gets (``run_command`` -> ``run``: lower case, ``_`` -> ``-``, a
``_command``/``_cmd``/``_group``/``_grp`` suffix dropped), the help taken from the docstring
(cut at ``\\f``). What cannot be known without running the code (commands loaded from plugins,
a parameter list built by a loop) is not invented.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository.model import Command, Option
from skillc.compiler.frontends.repository.python.click_params import (
    PRESET,
    clean_help,
    declarations,
    option_of,
    ordered,
)
from skillc.compiler.frontends.repository.python.syntax import (
    MAX_DEPTH,
    Call,
    PyFile,
    call_of,
    dotted,
    literal,
    string_value,
)

__all__ = ["ClickModule", "scan_click"]

_API = frozenset(
    {
        "command",
        "group",
        "option",
        "argument",
        "version_option",
        "help_option",
        "password_option",
        "confirmation_option",
        "Option",
        "Argument",
        "Command",
        "Group",
        "MultiCommand",
        "CommandCollection",
    }
)
_GROUP_CLASSES = frozenset({"Group", "MultiCommand", "CommandCollection"})
_SUFFIXES = ("command", "cmd", "group", "grp")


@dataclass(slots=True)
class _Cmd:
    """A command being assembled: what its definition says, and what is attached later."""

    name: str
    node: Node
    group: bool
    help: str = ""
    short_help: str = ""
    cls: str = ""
    params: list[Option | str] = field(default_factory=list)
    children: list[tuple[str, str]] = field(default_factory=list)
    #: ``context_settings`` help option names; None: as the parent command's (click's
    #: context settings are inherited by subcommands).
    help_names: tuple[str, ...] | None = None


@dataclass(slots=True)
class _Class:
    """A class deriving (perhaps indirectly) from a click command class: its bases and what
    its ``__init__`` adds to every instance."""

    bases: tuple[str, ...]
    params: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClickModule:
    """What one file defines with click: commands by variable name, option objects by name,
    classes, plain functions (entry points may name one that calls a command) and imports
    (local name -> ``(module, name)``)."""

    file: PyFile
    commands: dict[str, _Cmd] = field(default_factory=dict)
    options: dict[str, Option] = field(default_factory=dict)
    classes: dict[str, _Class] = field(default_factory=dict)
    functions: dict[str, Node] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    click_names: set[str] = field(default_factory=set)
    #: Top-level names bound to a dict literal (``CONTEXT_SETTINGS = {...}``).
    dicts: dict[str, Node] = field(default_factory=dict)

    def api(self, func: str) -> str:
        """The click function ``func`` calls (``option`` for ``click.option`` or an imported
        ``option``), else ``""``."""
        head, _, last = func.rpartition(".")
        if head == "click" or head.startswith("click."):
            return last if last in _API else ""
        if not head and func in self.click_names:
            return func
        return ""

    def is_group_class(self, name: str, depth: int = 0) -> bool | None:
        """Whether class ``name`` is a click group (True) or command (False); None when it
        is not a click class at all."""
        api = self.api(name)
        if api:
            return api in _GROUP_CLASSES if api in ("Command", *_GROUP_CLASSES) else None
        cls = self.classes.get(name)
        if cls is None or depth > 20:
            return None
        found = [self.is_group_class(b, depth + 1) for b in cls.bases]
        return True if True in found else (False if False in found else None)

    def build(
        self, var: str, seen: frozenset[str] = frozenset(), helps: tuple[str, ...] = ("--help",)
    ) -> Command | None:
        """The command bound to ``var`` with its parameters and subcommands, or None;
        ``helps`` are the help option names its parent's context settings give."""
        cmd = self.commands.get(var)
        if cmd is None or var in seen or len(seen) > MAX_DEPTH:
            return None
        seen = seen | {var}
        helps = cmd.help_names if cmd.help_names is not None else helps
        params = [*self._class_params(cmd.cls), *cmd.params]
        options = [self.options[p] if isinstance(p, str) else p for p in params if _known(self, p)]
        options.extend(_help_option(self.file, cmd, helps))
        children = [*((c, "") for c in self._class_children(cmd.cls)), *cmd.children]
        subs = []
        for child, rename in children:
            built = self.build(child, seen, helps)
            if built is not None:
                subs.append(built.renamed(rename))
        return Command(
            name=cmd.name,
            span=self.file.span(cmd.node),
            framework="click",
            help=cmd.help,
            short_help=cmd.short_help,
            options=tuple(options),
            commands=tuple(sorted(subs, key=lambda c: c.name)),
        )

    def _class_params(self, name: str, depth: int = 0) -> list[str]:
        cls = self.classes.get(name)
        if cls is None or depth > 20:
            return []
        inherited = [p for b in cls.bases for p in self._class_params(b, depth + 1)]
        return [*inherited, *cls.params]

    def _class_children(self, name: str, depth: int = 0) -> list[str]:
        cls = self.classes.get(name)
        if cls is None or depth > 20:
            return []
        inherited = [c for b in cls.bases for c in self._class_children(b, depth + 1)]
        return [*inherited, *cls.children]


def _known(module: ClickModule, param: Option | str) -> bool:
    return not isinstance(param, str) or param in module.options


def _help_option(file: PyFile, cmd: _Cmd, helps: tuple[str, ...]) -> list[Option]:
    """The ``--help`` option click adds to every command (at the command's definition)."""
    if not helps:
        return []
    names = ordered(helps)
    help_text = "Show this message and exit."
    return [Option(names=names, span=file.span(cmd.node), help=help_text, flag=True)]


def scan_click(file: PyFile) -> ClickModule:
    """Every click definition at the top level of ``file`` (and in its classes' methods)."""
    module = ClickModule(file=file)
    for statement in file.root.named_children:
        _statement(module, statement)
    return module


def _statement(module: ClickModule, node: Node) -> None:
    kind = node.type
    if kind in ("import_from_statement", "import_statement"):
        _import(module, node)
    elif kind == "decorated_definition":
        _decorated(module, node)
    elif kind == "function_definition":
        _function(module, node)
    elif kind == "class_definition":
        _class(module, node)
    elif kind == "expression_statement" and node.named_child_count:
        _expression(module, node.named_children[0])
    elif kind == "if_statement":  # `if __name__ == "__main__":` and guarded definitions
        body = node.child_by_field_name("consequence")
        for child in body.named_children if body is not None else ():
            _statement(module, child)


def _import(module: ClickModule, node: Node) -> None:
    if node.type == "import_statement":
        return  # `import click` needs nothing: `click.` names are recognised as they are
    source = node.child_by_field_name("module_name")
    origin = module.file.text(source) if source is not None else ""
    for child in node.named_children:
        if child is source or child.type not in ("dotted_name", "aliased_import"):
            continue
        name_node = child.child_by_field_name("name") if child.type == "aliased_import" else child
        alias_node = child.child_by_field_name("alias") if child.type == "aliased_import" else None
        name = module.file.text(name_node) if name_node is not None else ""
        local = module.file.text(alias_node) if alias_node is not None else name
        module.imports[local] = (origin, name)
        if origin == "click" and name in _API:
            module.click_names.add(local)


def _function(module: ClickModule, node: Node) -> None:
    name = node.child_by_field_name("name")
    if name is not None:
        module.functions[module.file.text(name)] = node


def _decorated(module: ClickModule, node: Node) -> None:
    definition = node.child_by_field_name("definition")
    if definition is None:
        return
    if definition.type == "class_definition":
        _class(module, definition)
        return
    _function(module, definition)
    calls: list[Call] = []
    for decorator in (c for c in node.named_children if c.type == "decorator"):
        expression = decorator.named_children[0] if decorator.named_child_count else None
        call = call_of(expression)
        if call is None and expression is not None:  # `@click.command` without parentheses
            call = Call(node=expression, func=dotted(expression), args=(), kwargs={})
        if call is not None:
            calls.append(call)
    _command_from_decorators(module, definition, calls)


def _command_from_decorators(module: ClickModule, function: Node, calls: list[Call]) -> None:
    """A decorated function that a command or group decorator makes a command."""
    maker = next((c for c in calls if _command_maker(module, c)), None)
    if maker is None:
        return
    name_node = function.child_by_field_name("name")
    var = module.file.text(name_node) if name_node is not None else ""
    head, _, last = maker.func.rpartition(".")
    explicit = string_value(maker.args[0]) if maker.args else None
    cmd = _Cmd(
        name=explicit or _command_name(var),
        node=function,
        group=last == "group" or _group_cls(module, maker),
        cls=dotted(maker.kwargs.get("cls")),
    )
    _command_texts(module, cmd, maker, _docstring(module.file, function))
    for call in calls:
        option = _decorator_option(module, call)
        if option is not None:
            cmd.params.append(option)
    module.commands[var] = cmd
    if head and not module.api(maker.func) and head in module.commands:
        module.commands[head].children.append((var, ""))


def _command_maker(module: ClickModule, call: Call) -> bool:
    """Whether ``call`` is ``@click.command``/``@click.group`` or ``@<group>.command``/
    ``@<group>.group``."""
    api = module.api(call.func)
    if api in ("command", "group"):
        return True
    head, _, last = call.func.rpartition(".")
    return bool(head) and last in ("command", "group") and head in module.commands


def _group_cls(module: ClickModule, call: Call) -> bool:
    cls = dotted(call.kwargs.get("cls"))
    return bool(cls) and module.is_group_class(cls) is True


def _command_name(var: str) -> str:
    """The name click gives a command made from function ``var``."""
    name = var.lower().replace("_", "-")
    left, sep, suffix = name.rpartition("-")
    return left if sep and suffix in _SUFFIXES else name


def _command_texts(module: ClickModule, cmd: _Cmd, call: Call, docstring: str) -> None:
    """Help, short help and help option names of a command from its definition's keywords."""
    help_text = string_value(call.kwargs.get("help"))
    cmd.help = clean_help(help_text if help_text is not None else docstring)
    cmd.short_help = string_value(call.kwargs.get("short_help")) or ""
    settings = call.kwargs.get("context_settings")
    if settings is not None and settings.type == "identifier":
        settings = module.dicts.get(module.file.text(settings))
    if settings is not None and settings.type == "dictionary":
        try:
            value = ast.literal_eval(module.file.text(settings))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        names = value.get("help_option_names") if isinstance(value, dict) else None
        if isinstance(names, list | tuple) and all(isinstance(n, str) for n in names):
            cmd.help_names = tuple(names)
    if (
        call.kwargs.get("add_help_option") is not None
        and literal(call.kwargs["add_help_option"]) is False
    ):
        cmd.help_names = ()


def _docstring(file: PyFile, definition: Node) -> str:
    body = definition.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_child_count else None
    if first is None or first.type != "expression_statement" or not first.named_child_count:
        return ""
    return string_value(first.named_children[0]) or ""


def _decorator_option(module: ClickModule, call: Call) -> Option | None:
    api = module.api(call.func)
    if api in ("option", "argument"):
        return option_of(module.file, call, argument=api == "argument")
    if api in PRESET:
        names, help_text = PRESET[api]
        decls = declarations(call)
        names = tuple(d for d in decls if d.startswith("-")) or names
        given = string_value(call.kwargs.get("help"))
        return Option(
            names=ordered(names),
            span=module.file.span(call.node),
            help=given if given is not None else help_text,
            flag=True,
        )
    return None


def _expression(module: ClickModule, node: Node) -> None:
    """Assignments of options, arguments and command objects; ``add_command`` and
    ``params.insert/append`` at the top level."""
    if node.type == "assignment":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and left.type == "identifier" and right is not None:
            _assigned(module, module.file.text(left), right)
        return
    call = call_of(node)
    if call is None:
        return
    head, _, last = call.func.rpartition(".")
    if last == "add_command" and head in module.commands and call.args:
        child = dotted(call.args[0])
        rename = string_value(call.args[1]) if len(call.args) > 1 else None
        rename = rename or string_value(call.kwargs.get("name")) or ""
        module.commands[head].children.append((child, rename))
    elif last in ("insert", "append") and head.endswith(".params") and call.args:
        owner = head.removesuffix(".params")
        target = module.commands.get(owner)
        option = dotted(call.args[-1])
        if target is not None and option:
            at = literal(call.args[0]) if last == "insert" and len(call.args) > 1 else None
            index = at if isinstance(at, int) else len(target.params)
            target.params.insert(index, option)


def _assigned(module: ClickModule, var: str, right: Node) -> None:
    if right.type == "dictionary":
        module.dicts[var] = right
        return
    call = call_of(right)
    if call is None:
        return
    api = module.api(call.func)
    if api in ("Option", "Argument"):
        option = option_of(module.file, call, argument=api == "Argument")
        if option is not None:
            module.options[var] = option
        return
    group = module.is_group_class(call.func)
    if group is None:
        return
    name = string_value(call.kwargs.get("name")) or (
        string_value(call.args[0]) if call.args else None
    )
    cmd = _Cmd(name=name or var, node=right, group=group, cls=call.func)
    _command_texts(module, cmd, call, "")
    module.commands[var] = cmd


def _class(module: ClickModule, node: Node) -> None:
    name_node = node.child_by_field_name("name")
    supers = node.child_by_field_name("superclasses")
    bases = tuple(
        dotted(b) for b in (supers.named_children if supers is not None else ()) if dotted(b)
    )
    if name_node is None or not bases:
        return
    name = module.file.text(name_node)
    module.classes[name] = cls = _Class(bases=bases)
    if module.is_group_class(name) is None:
        del module.classes[name]
        return
    body = node.child_by_field_name("body")
    init = next(
        (
            f
            for f in (body.named_children if body is not None else ())
            if f.type == "function_definition"
            and module.file.text(f.child_by_field_name("name") or f) == "__init__"
        ),
        None,
    )
    if init is not None:
        _init_additions(module, cls, init)


def _init_additions(module: ClickModule, cls: _Class, init: Node) -> None:
    """``params.extend((a, b))``, ``params.append(a)`` and ``self.add_command(c)`` in a
    command class's ``__init__`` (conditions are taken as met: defaults add them)."""
    stack = [init]
    calls: list[Call] = []
    while stack:
        node = stack.pop()
        call = call_of(node)
        if call is not None:
            calls.append(call)
        stack.extend(reversed(node.named_children))
    calls.sort(key=lambda c: c.node.start_byte)
    for call in calls:
        head, _, last = call.func.rpartition(".")
        if head in ("params", "self.params") and last in ("extend", "append") and call.args:
            arg = call.args[0]
            items = arg.named_children if last == "extend" else [arg]
            cls.params.extend(dotted(i) for i in items if dotted(i))
        elif call.func == "self.add_command" and call.args and dotted(call.args[0]):
            cls.children.append(dotted(call.args[0]))
