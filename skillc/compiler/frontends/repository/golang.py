"""Go command lines: ``package main`` programs and the cobra, pflag or standard ``flag``
definitions behind them.

Why these shapes: cobra states a command as a composite literal (``&cobra.Command{Use:
"serve [flags]", Short: "..."}``) held by a variable or returned by a constructor, wires
commands with ``parent.AddCommand(child)`` and flags with ``cmd.Flags().StringVarP(&v,
"port", "p", "8080", "help")``; the standard library's ``flag`` (and ``pflag``) define a
program's flags as package-level calls. Two flags bound to one variable
(``flag.BoolVar(&d, "d", ...)`` and ``flag.BoolVar(&d, "decrypt", ...)``) are one option
with two names, as the program's usage text shows them; a one-letter name is written
``-x`` and a longer one ``--name`` (the ``flag`` package accepts one or two dashes alike).
A program is a ``package main`` folder, named after the folder (the module's last path
element at the top); a cobra root command's ``Use`` names it when there is one. Nothing is
run: defaults are literals only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from tree_sitter import Node

from skillc.compiler.frontends.repository import go_syntax as go
from skillc.compiler.frontends.repository import go_urfave
from skillc.compiler.frontends.repository.code import Broken, SourceFile, nodes, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import Command, Option, Script
from skillc.compiler.frontends.repository.surface import on_surface
from skillc.ir.span import Span

__all__ = ["Module", "read_module"]

Lines = Callable[[str, int], Span]
_FLAG_METHOD = re.compile(r"^(?P<type>[A-Z]\w*?)(?P<var>Var)?(?P<short>P)?$")
_CALLS = frozenset({"call_expression"})
#: Only these files are parsed: a program's own (``package main``: its ``flag`` calls), and
#: those of a library that states commands elsewhere (cobra, urfave/cli). The Go tree has
#: thousands of other files ("main" is in "domain"): parsing them all cost 3x a bare parse.
_MAIN = re.compile(r"^package\s+main\b", re.MULTILINE)
#: A file no build includes (``//go:build ignore``): a generator run with ``go run``, not a
#: program of the module (Go's own tree has dozens beside its packages).
_IGNORED = re.compile(r"^//\s*(?:go:build|\+build)\s+ignore\s*$", re.MULTILINE)
_LITERALS = frozenset({"composite_literal"})
#: A call of a ``flag`` definer in a file's text: only such files of imported packages are
#: parsed (Go's ``cmd/go`` packages mention ``flag.`` in thousands of lines, defining none).
_DEFINER = re.compile(r"\bflag\.(?:Bool|String|Int|Uint|Float|Duration|Var|Func|BoolFunc|TextVar)")


@dataclass(slots=True)
class Module:
    """The module's name (last element of its path) and a `Script` per program."""

    name: str = ""
    scripts: list[Script] = field(default_factory=list)


@dataclass(slots=True)
class _Cobra:
    """A cobra command literal being assembled."""

    file: SourceFile
    node: Node
    use: str
    help: str
    options: list[Option] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    has_parent: bool = False


def read_module(bundle: Bundle, line: Lines, broken: Broken) -> Module:
    """The programs of the Go module at the top (``go.mod``), with their command lines (files
    that do not parse noted in ``broken``)."""
    text = bundle.files.get("go.mod")
    if text is None:
        return Module()
    match = re.search(r"^module\s+(\S+)", text, re.MULTILINE)
    path = match.group(1).strip('"') if match else ""
    name = re.sub(r"/v\d+$", "", path).rsplit("/", 1)[-1]
    files = {
        p: parse("go", p, bundle.source(p), t, broken)
        for p, t in sorted(bundle.files.items())
        if p.endswith(".go")
        and on_surface(p)
        and (_MAIN.search(t) is not None or "cobra" in t or go_urfave.IMPORT in t)
        and _IGNORED.search(t) is None
    }
    urfave = [f for p, f in files.items() if go_urfave.IMPORT in bundle.files[p]]
    index = go_urfave.index_of(urfave) if urfave else None
    # A main package below internal/ is the project's own tool (a releaser), not installed.
    mains = sorted(
        {go.folder(p) for p, f in files.items() if go.package_name(f) == "main"}
        - {go.folder(p) for p in files if "internal" in PurePosixPath(p).parts}
    )
    commands = _cobra_commands({p: f for p, f in files.items() if "cobra" in bundle.files[p]})
    roots = [c for c in commands if not c.has_parent]
    found = Module(name=name)
    packages: _Packages | None = None
    for folder in mains:
        program = PurePosixPath(folder).name if folder else name
        here = [f for p, f in files.items() if go.folder(p) == folder]
        command = _program(program, folder, here, commands, roots)
        if command is None and index is not None:
            command = go_urfave.app_command(program, here, index)
        if command is None:
            packages = packages or _Packages(bundle=bundle, module=path, broken=broken)
            command = _imported_flags(program, here, packages)
        first = here[0].path if here else "go.mod"
        found.scripts.append(
            Script(
                name=command.name if command else program,
                target=folder or ".",
                span=line(first, 1),
                command=command,
            )
        )
    return found


def _program(
    program: str, folder: str, files: list[SourceFile], commands: list[_Cobra], roots: list[_Cobra]
) -> Command | None:
    """The command line of one program: the cobra root defined in its folder (else the only
    root of the module), else the ``flag``/``pflag`` flags its files define."""
    local = [r for r in roots if go.folder(r.file.path) == folder]
    chosen = local[0] if local else (roots[0] if len(roots) == 1 and folder == "" else None)
    if chosen is None and len(roots) == 1 and not any(_flag_calls(f) for f in files):
        chosen = roots[0]
    if chosen is not None:
        return _assemble(commands, commands.index(chosen), set())
    options = [o for f in files for o in _merge(_flags(f, _flag_calls(f)))]
    return _flag_command(program, files, options)


def _flag_command(program: str, files: list[SourceFile], options: list[Option]) -> Command | None:
    """The ``flag`` command line of ``program`` (cited at its first file); None without
    options or files."""
    if not options or not files:
        return None
    return Command(
        name=program,
        span=files[0].span(files[0].root.named_children[0]),
        framework="flag",
        help=usage_summary(program, files),
        options=tuple(options),
    )


#: A raw string that is a usage text (``const usage = `Usage: ...```), as ``flag.Usage`` prints.
_USAGE_TEXT = re.compile(r"`(\s*usage:[^`]*)`", re.IGNORECASE)


def usage_summary(program: str, files: list[SourceFile]) -> str:
    """What ``program`` says it does: the first paragraph of its usage text that opens with
    its name and a word (age's ``age-keygen generates a new native X25519 key pair, ...``).
    A ``flag`` program has no help field; its usage text, printed by ``flag.Usage``, is where
    it describes itself, and without it two programs of one module read alike to a router
    (age's ``age`` and ``age-keygen``: lint's SC105). Synopsis and option lines are indented
    or open with a dash or bracket, so they are not taken; ``""`` when no paragraph fits."""
    opening = re.compile(rf"{re.escape(program)} [a-z]+\b")
    for file in files:
        for match in _USAGE_TEXT.finditer(file.data.decode("utf-8", "replace")):
            for paragraph in re.split(r"\n[ \t]*\n", match.group(1)):
                if opening.match(paragraph):
                    return " ".join(paragraph.split())
    return ""


def usage_lines(text: str) -> str:
    """Go source ``text`` with every line outside its usage texts blanked (lines kept, so
    line numbers hold): the docs a ``flag`` program prints, whose ``Example:`` section
    (age's ``$ age --decrypt -i key.txt ...``) is the only example the project gives;
    ``""`` when it has none."""
    found = list(_USAGE_TEXT.finditer(text))
    if not found:
        return ""
    lines = [""] * (text.count("\n") + 1)
    for match in found:
        first = text.count("\n", 0, match.start(1))
        for n, line in enumerate(match.group(1).split("\n")):
            lines[first + n] = line
    return "\n".join(lines)


@dataclass(slots=True)
class _Packages:
    """The module's Go files by folder, and those parsed so far: programs import the same
    packages (Go's ``cmd/internal/objabi``), each read once."""

    bundle: Bundle
    module: str
    broken: Broken
    by_folder: dict[str, list[str]] = field(default_factory=dict)
    parsed: dict[str, tuple[SourceFile, list[Node]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path in sorted(self.bundle.files):
            text = self.bundle.files[path]
            go_file = path.endswith(".go") and not path.endswith("_test.go")
            if go_file and _DEFINER.search(text) and _IGNORED.search(text) is None:
                self.by_folder.setdefault(go.folder(path), []).append(path)

    def flag_calls(self, path: str) -> tuple[SourceFile, list[Node]]:
        """File ``path`` parsed, with its ``flag`` definer calls (parsed once)."""
        found = self.parsed.get(path)
        if found is None:
            file = parse("go", path, self.bundle.source(path), self.bundle.files[path], self.broken)
            found = self.parsed[path] = (file, _flag_calls(file))
        return found


def _imported_flags(program: str, files: list[SourceFile], packages: _Packages) -> Command | None:
    """For a program that defines no flags itself (Go's ``cmd/asm``, ``cmd/link``): the
    ``flag`` definers of the module's packages its files import, those at package level, in
    ``init`` or in a function the program calls through the import (``ld.Main``). One level
    of imports: a definer deeper down runs only if a chain of calls reaches it, which is not
    followed. Only files that call a definer (`_DEFINER`) are parsed, each once per module."""
    imports = dict.fromkeys(i for f in files for i in go.module_imports(f, packages.module))
    if not imports or not files:
        return None
    called = go.called_through(files)
    options: list[Option] = []
    for folder, name in imports:
        runs = {"", "init"} | called.get(name, set())
        for path in packages.by_folder.get(folder, ()):
            file, calls = packages.flag_calls(path)
            reached = [c for c in calls if go.enclosing_function(c) in runs]
            options.extend(_merge(_flags(file, reached)))
    return _flag_command(program, files, options)


def _flag_calls(file: SourceFile) -> list[Node]:
    """Calls of the standard ``flag`` or ``pflag`` package's definers (``flag.String``)."""
    found = []
    for call in nodes(file.root, _CALLS):
        function = call.child_by_field_name("function")
        if function is None or function.type != "selector_expression":
            continue
        operand = text_of(function.child_by_field_name("operand"))
        if operand in ("flag", "pflag") and _FLAG_METHOD.match(go.field_name(function)):
            found.append(call)
    return found


def _flags(file: SourceFile, calls: list[Node]) -> list[tuple[str, Option]]:
    """Each definer call as an option, with the variable it binds (``""`` when none)."""
    found = []
    for call in calls:
        function = call.child_by_field_name("function")
        method = go.field_name(function) if function is not None else ""
        match = _FLAG_METHOD.match(method)
        if match is None or method in ("Parse", "Parsed", "Arg", "Args", "NArg", "NFlag"):
            continue
        args = go.args(call)
        binding = ""
        if method in ("Func", "BoolFunc"):  # the function bound is the last argument
            binding = text_of(args[-1]) if len(args) > 2 else ""
        elif match.group("var") or method in ("Var", "TextVar"):
            binding, args = (text_of(args[0]), args[1:]) if args else ("", args)
        name = go.string(args[0]) if args else None
        if not name:
            continue
        short = go.string(args[1]) if match.group("short") and len(args) > 1 else ""
        rest = args[2:] if match.group("short") else args[1:]
        if method in ("Func", "BoolFunc"):
            rest = rest[:1]
        kind = match.group("type").lower()
        kind = "value" if kind in ("var", "func", "text") else kind
        has_default = method not in ("Var", "Func", "BoolFunc") and len(rest) > 1
        usage = go.string(rest[-1]) if rest else ""
        default = go.literal(rest[0]) if has_default else ""
        names = (f"-{short}",) if short else ()
        option = Option(
            names=(*names, ("-" if len(name) == 1 else "--") + name),
            span=file.span(call),
            help=(usage or "").replace("`", ""),
            default="" if default in ("false", '""', "0") and kind == "bool" else default,
            type="" if kind in ("bool", "boolfunc") else kind,
            flag=kind in ("bool", "boolfunc"),
        )
        found.append((binding, option))
    return found


def _merge(flags: list[tuple[str, Option]]) -> list[Option]:
    """Options bound to one variable merged into one (short names first)."""
    merged: dict[str, Option] = {}
    order: list[str] = []
    for binding, option in flags:
        key = binding or f"#{len(order)}"
        if key in merged:
            first = merged[key]
            names = sorted({*first.names, *option.names}, key=lambda n: (len(n), n))
            merged[key] = Option(
                names=tuple(names),
                span=first.span,
                help=first.help or option.help,
                default=first.default,
                type=first.type,
                flag=first.flag,
            )
        else:
            merged[key] = option
            order.append(key)
    return [merged[k] for k in order]


# --- cobra ----------------------------------------------------------------------------------


def _cobra_commands(files: dict[str, SourceFile]) -> list[_Cobra]:
    """Every ``cobra.Command`` literal, its flags and ``AddCommand`` children."""
    commands: list[_Cobra] = []
    names: dict[tuple[str, str], int] = {}  # (scope, variable or constructor) -> command
    for file in files.values():
        for literal in nodes(file.root, _LITERALS):
            if not text_of(literal.child_by_field_name("type")).endswith("cobra.Command"):
                continue
            fields = go.fields(literal)
            index = len(commands)
            commands.append(
                _Cobra(
                    file=file,
                    node=literal,
                    use=go.string(fields.get("Use")) or "",
                    help=go.string(fields.get("Short")) or go.string(fields.get("Long")) or "",
                )
            )
            scope, variable = _holder(literal)
            if variable:
                names[(scope, variable)] = index
            function = go.enclosing_function(literal)
            if function:
                names.setdefault(("", function + "()"), index)
    for file in files.values():
        for call in nodes(file.root, _CALLS):
            _cobra_call(file, call, commands, names)
    return commands


def _cobra_call(
    file: SourceFile, call: Node, commands: list[_Cobra], names: dict[tuple[str, str], int]
) -> None:
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return
    method = go.field_name(function)
    operand = function.child_by_field_name("operand")
    if method == "AddCommand":
        parent = _resolve(operand, names)
        for arg in go.args(call):
            child = _resolve(arg, names)
            if parent is not None and child is not None and child != parent:
                commands[parent].children.append(child)
                commands[child].has_parent = True
        return
    if not _FLAG_METHOD.match(method) or operand is None or operand.type != "call_expression":
        return
    flags_call = operand.child_by_field_name("function")
    if flags_call is None or go.field_name(flags_call) not in ("Flags", "PersistentFlags"):
        return
    owner = _resolve(flags_call.child_by_field_name("operand"), names)
    if owner is not None:
        for _, option in _flags(file, [call]):
            commands[owner].options.append(option)


def _resolve(node: Node | None, names: dict[tuple[str, str], int]) -> int | None:
    """The command an expression names: a variable in its function or the package, a call
    of a constructor, ``&literal``."""
    if node is None:
        return None
    if node.type == "unary_expression" and node.named_children:
        node = node.named_children[-1]
    if node.type == "call_expression":
        callee = text_of(node.child_by_field_name("function")).rsplit(".", 1)[-1]
        return names.get(("", callee + "()"))
    name = text_of(node)
    scope = go.enclosing_function(node)
    return names.get((scope, name), names.get(("", name)))


def _holder(literal: Node) -> tuple[str, str]:
    """The scope and name of the variable a literal is assigned to (``""`` when none)."""
    current = literal.parent
    while current is not None and current.type in ("unary_expression", "expression_list"):
        current = current.parent
    if current is None:
        return "", ""
    if current.type == "var_spec" or current.type in (
        "short_var_declaration",
        "assignment_statement",
    ):
        target = current.child_by_field_name("name") or current.child_by_field_name("left")
        if target is not None:
            name = text_of(target).split(",")[0].strip()
            scope = go.enclosing_function(current) if current.type != "var_spec" else ""
            return scope or go.enclosing_function(current), name
    return "", ""


def _assemble(commands: list[_Cobra], index: int, placed: set[int]) -> Command:
    placed.add(index)
    cobra = commands[index]
    subs = tuple(_assemble(commands, i, placed) for i in cobra.children if i not in placed)
    span = cobra.file.span(cobra.node)
    return Command(
        name=cobra.use.split(" ", 1)[0] if cobra.use else "command",
        span=span,
        framework="cobra",
        help=cobra.help,
        options=tuple(cobra.options),
        commands=subs,
    )
