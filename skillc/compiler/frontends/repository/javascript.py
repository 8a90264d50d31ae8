"""JavaScript and TypeScript command lines: ``package.json`` ``bin`` and ``scripts``, and the
commander and yargs definitions behind each ``bin`` file.

Why by call chains: both libraries are used as fluent chains (``program.command("x")
.description("...").option("-p, --port <n>", "...")``) or on variables that hold a command;
an ``.option`` call belongs to the command its chain starts from (the nearest
``.command(...)`` in the chain, a variable bound to one, or, inside a yargs builder passed to
``.command``, that command). Nothing is run: a default is kept only when it is a literal.
npm ``scripts`` are procedures (`Evidence.TASK`), each run by ``npm run <name>``.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import Broken, SourceFile, nodes, parse, text_of
from skillc.compiler.frontends.repository.config.lines import Lines
from skillc.compiler.frontends.repository.js_compare import compared_options
from skillc.compiler.frontends.repository.js_plain import (
    js_string,
    js_strings,
    object_key,
    plain_command,
    printed_usage,
)
from skillc.compiler.frontends.repository.js_switch import switch_options
from skillc.compiler.frontends.repository.js_yargs_keys import (
    KEY_METHODS,
    add_option,
    configure_keys,
    yargs_flags,
)
from skillc.compiler.frontends.repository.model import (
    Command,
    Evidence,
    Option,
    Procedure,
    Script,
    Step,
)
from skillc.compiler.frontends.repository.usage import UsageLine, manual_rows, usage_lines
from skillc.ir.span import Span

__all__ = ["PackageJson", "bin_scripts", "command_line", "read_package_json"]

_FLAG_WORD = re.compile(r"^-{1,2}[\w?][\w.-]*$")
_CALLS = frozenset({"call_expression"})
#: A relative module a file imports; ``require('./')`` and ``require('.')`` name its folder's
#: ``index.js`` (json-server's ``bin.js``).
_RELATIVE = re.compile(r"""(?:\bfrom\s+|\bimport\(\s*|\brequire\(\s*)['"](\.\.?(?:/[^'"]*)?)['"]""")
#: Chain methods whose receiver is the command the call configures.
_CONFIG = frozenset(
    {"option", "requiredOption", "command", "description", "describe", "argument", "alias",
     "summary", "options", "positional", *KEY_METHODS}
)  # fmt: skip


@dataclass(slots=True)
class PackageJson:
    """What ``package.json`` says: the package name, its ``bin`` entries (name, file, line)
    and its npm scripts as procedures; ``problem`` when the JSON does not parse."""

    name: str = ""
    description: str = ""
    bins: list[tuple[str, str, int]] = field(default_factory=list)
    #: ``directories.bin``: every file in this folder is installed as a program.
    bin_dir: str = ""
    bins_line: int = 0
    #: ``man``: the package's man pages (paths), where a hand-parsed CLI documents options.
    man: list[str] = field(default_factory=list)
    #: ``directories.man``: every file in this folder is installed as a man page.
    man_dir: str = ""
    procedures: list[Procedure] = field(default_factory=list)
    problem: str = ""


def read_package_json(text: str, span: Callable[[int], Span]) -> PackageJson:
    """The name, ``bin`` entries and npm scripts of a ``package.json``."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return PackageJson(problem=f"package.json is not valid JSON ({type(exc).__name__})")
    if not isinstance(data, dict):
        return PackageJson()
    lines = Lines(text)
    name = str(data["name"]) if isinstance(data.get("name"), str) else ""
    found = PackageJson(name=name, description=str(data.get("description") or ""))
    bin_line = _key_line(lines, "bin", 0)
    bins = data.get("bin")
    if isinstance(bins, str) and name:
        found.bins.append((name.rsplit("/", 1)[-1], _clean_path(bins), bin_line))
    elif isinstance(bins, dict):
        for program, path in sorted(bins.items()):
            if isinstance(path, str):
                line = _key_line(lines, program, bin_line) or bin_line
                found.bins.append((program, _clean_path(path), line))
    pages = data.get("man")
    found.man = [_clean_path(p) for p in ([pages] if isinstance(pages, str) else pages or [])
                 if isinstance(p, str)]  # fmt: skip
    directories = data.get("directories")
    if isinstance(directories, dict) and isinstance(directories.get("man"), str):
        found.man_dir = _clean_path(directories["man"]).rstrip("/") + "/"
    if not found.bins and isinstance(directories, dict) and isinstance(directories.get("bin"), str):
        found.bin_dir = _clean_path(directories["bin"])
        found.bins_line = _key_line(lines, "bin", _key_line(lines, "directories", 0))
    scripts = data.get("scripts")
    if isinstance(scripts, dict):
        after = _key_line(lines, "scripts", 0)
        npm: dict[str, tuple[str, Span]] = {
            key: (value, span(_key_line(lines, key, after) or after or 1))
            for key, value in scripts.items()
            if isinstance(key, str) and isinstance(value, str) and value.strip()
        }
        for key, (value, at) in npm.items():
            if not _hook(key, npm):
                hooks = (npm.get(f"pre{key}"), npm.get(f"post{key}"))
                found.procedures.append(_npm_script(key, value, at, hooks))
    return found


def _hook(name: str, scripts: Mapping[str, object]) -> bool:
    """Whether npm script ``name`` is the ``pre`` or ``post`` hook of another script, which
    ``npm run`` of that script runs before or after it (yargs 18.2.0's ``pretest`` and
    ``posttest`` were procedures of their own, named in the description before ``test``)."""
    return (name.startswith("pre") and name[3:] in scripts) or (
        name.startswith("post") and name[4:] in scripts
    )


def _key_line(lines: Lines, key: str, after: int) -> int:
    """The line of ``"key":`` after line ``after`` (JSON keys are quoted)."""
    needle = f'"{key}"'
    for number in range(after + 1, len(lines.lines) + 1):
        if lines.lines[number - 1].lstrip().startswith(needle):
            return number
    return 0


def _clean_path(path: str) -> str:
    return str(PurePosixPath(path.strip())).removeprefix("./")


def _npm_script(
    name: str, value: str, span: Span, hooks: tuple[tuple[str, Span] | None, ...] = ()
) -> Procedure:
    """The procedure of npm script ``name``: how it is run, then what it runs: its ``pre``
    hook, itself and its ``post`` hook (``hooks``, None where there is none), in that order."""
    run = "npm test" if name == "test" else f"npm run {name}"
    pre, post = (*hooks, None, None)[:2]
    steps = [Step(command=run, span=span, evidence=Evidence.TASK, context=name)]
    for context, found in ((f"pre{name}", pre), (name, (value, span)), (f"post{name}", post)):
        if found is not None:
            text, at = found
            step = Step(
                command=text.strip(),
                span=at,
                evidence=Evidence.TASK,
                context=context,
                note=f"run by {run}",
            )
            steps.append(step)
    return Procedure(name=name, purpose="npm script", steps=tuple(steps))


# --- commander and yargs ------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """A command being assembled: its definition node, name, help and options in order."""

    node: Node
    name: str
    help: str = ""
    options: list[Option] = field(default_factory=list)
    parent: int = -1


def language_of(path: str) -> str:
    """The tree-sitter grammar of a JavaScript or TypeScript file."""
    if path.endswith(".tsx"):
        return "tsx"
    return "typescript" if path.endswith((".ts", ".mts", ".cts")) else "javascript"


def command_line(
    path: str,
    source: str,
    text: str,
    program: str,
    broken: Broken,
    manual: Sequence[UsageLine] = (),
) -> Command | None:
    """The commander or yargs command line defined in file ``path``; for a program that
    uses neither, the cases of its ``switch`` on the arguments, else the option names its
    ``if`` conditions compare them with (help from its usage text or ``manual``, the
    package's man page), else the options of the usage text it prints; None when there is
    none of these."""
    framework = next((f for f in ("commander", "yargs") if _imports(text, f)), "")
    file = parse(language_of(path), path, source, text, broken)
    if not framework:
        lines = [*printed_usage(file), *manual]
        helps = {n: line for line in reversed(lines) for n in line.names}
        for reader, kind in ((switch_options, "argv switch"), (compared_options, "argv tests")):
            options = reader(file, helps)
            if options:
                first = file.root.named_children[0] if file.root.named_children else file.root
                return Command(name=program, span=file.span(first), framework=kind, options=options)
        return plain_command(file, program, text)
    drafts = [_Draft(node=file.root, name=program)]
    by_node: dict[int, int] = {}
    bindings: dict[str, int] = {}
    calls = [c for c in nodes(file.root, _CALLS) if _method(c) in _CONFIG]
    for call in calls:  # commands first, so options can name them in any order
        if _method(call) == "command":
            words = js_string(_args(call)[0]) if _args(call) else None
            if words:
                by_node[call.id] = len(drafts)
                drafts.append(_Draft(node=call, name=words.split()[0]))
    for declarator in nodes(file.root, frozenset({"variable_declarator"})):
        value = declarator.child_by_field_name("value")
        target = _target(value, by_node, bindings, include_self=True) if value else 0
        bindings[text_of(declarator.child_by_field_name("name"))] = target
    keyed = sorted((c for c in calls if _method(c) in KEY_METHODS), key=_written_at)
    for call in [*(c for c in calls if _method(c) not in KEY_METHODS), *keyed]:
        # definitions first; then yargs' key-by-key calls in source order, each key's option
        # cited where the first of them names it
        _configure(file, call, drafts, by_node, bindings if framework == "commander" else None)
    if len(drafts) == 1 and not drafts[0].options:
        return None
    return _assemble(file, drafts, 0, framework)


def _imports(text: str, library: str) -> bool:
    quoted = rf"""['"]{library}(/[\w/.-]*)?['"]"""
    return bool(re.search(rf"(require\(\s*|from\s+|import\(\s*){quoted}", text))


def _written_at(call: Node) -> int:
    """Where a call's method name is written (a chain's calls all start where it starts)."""
    function = call.child_by_field_name("function")
    name = function.child_by_field_name("property") if function is not None else None
    return (name or call).start_byte


def _method(call: Node) -> str:
    function = call.child_by_field_name("function")
    if function is None or function.type != "member_expression":
        return ""
    return text_of(function.child_by_field_name("property"))


def _args(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None:
        return []
    return [c for c in arguments.named_children if c.type != "comment"]


def _target(
    node: Node | None, by_node: dict[int, int], bindings: dict[str, int] | None, include_self: bool
) -> int:
    """The draft a commander chain configures: the nearest ``.command(...)`` call in it, else
    the variable it starts from, else the enclosing builder's command, else the root. (For
    yargs, whose ``.command`` returns the root, ``bindings`` is None: only the builder.)"""
    if bindings is None:
        return _enclosing_command(node, by_node)
    current = node if include_self else _receiver(node)
    while current is not None:
        if current.id in by_node:
            return by_node[current.id]
        if current.type == "identifier":
            name = text_of(current)
            if name in bindings:
                return bindings[name]
            break
        current = _receiver(current)
    return _enclosing_command(node, by_node)


def _receiver(node: Node | None) -> Node | None:
    """What a call or member expression is called on (``a.b().c`` -> ``a.b()``)."""
    if node is None:
        return None
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        return function.child_by_field_name("object") if function is not None else None
    if node.type in ("member_expression", "await_expression", "parenthesized_expression"):
        return node.child_by_field_name("object") or (
            node.named_children[0] if node.named_children else None
        )
    return None


def _enclosing_command(node: Node | None, by_node: dict[int, int]) -> int:
    """The command whose arguments (a yargs builder) hold ``node``, else the root (0)."""
    current = node.parent if node is not None else None
    while current is not None:
        parent = current.parent
        if current.type == "arguments" and parent is not None and parent.id in by_node:
            return by_node[parent.id]
        current = current.parent
    return 0


def _configure(
    file: SourceFile,
    call: Node,
    drafts: list[_Draft],
    by_node: dict[int, int],
    bindings: dict[str, int] | None,
) -> None:
    method = _method(call)
    args = _args(call)
    if method == "command":
        if call.id in by_node:
            draft = drafts[by_node[call.id]]
            draft.parent = _target(call, by_node, bindings, include_self=False)
            if len(args) > 1 and (text := js_string(args[1])):
                draft.help = text
        return
    draft = drafts[_target(call, by_node, bindings, include_self=False)]
    yargs = bindings is None
    if yargs and method in KEY_METHODS and configure_keys(method, args, draft.options, file.span):
        return
    if method in ("description", "describe", "summary") and args:
        draft.help = draft.help or (js_string(args[0]) or "")
    elif method in ("option", "requiredOption", "positional") and args:
        option = _option(file, call, args, method)
        if option is not None:
            add_option(draft.options, option) if yargs else draft.options.append(option)
    elif method == "argument" and args:
        name = js_string(args[0]) or ""
        if name:
            help_text = js_string(args[1]) if len(args) > 1 else ""
            span = _at(file, call)
            draft.options.append(
                Option(names=(name.strip("<>[]."),), span=span, argument=True, help=help_text or "")
            )
    elif method == "options" and args and args[0].type == "object":
        for pair in args[0].named_children:
            if pair.type == "pair":
                key = object_key(pair.child_by_field_name("key"))
                value = pair.child_by_field_name("value")
                if key and value is not None and value.type == "object":
                    add_option(draft.options, _yargs_option(file, pair, key, value, False))


def _option(file: SourceFile, call: Node, args: list[Node], method: str) -> Option | None:
    first = js_string(args[0])
    if not first:
        return None
    if len(args) > 1 and args[1].type == "object":  # yargs: .option("port", {alias, ...})
        return _yargs_option(file, call, first, args[1], method == "positional")
    if method == "positional":
        return Option(names=(first,), span=_at(file, call), argument=True)
    names = tuple(w for w in re.split(r"[,\s|]+", first) if _FLAG_WORD.match(w))
    if not names:
        return None
    placeholder = re.search(r"[<\[][^>\]]*[>\]]", first)
    help_text = js_string(args[1]) if len(args) > 1 else ""
    default = _literal(args[2]) if len(args) > 2 else ""
    return Option(
        names=names,
        span=_at(file, call),
        help=help_text or "",
        default=default,
        type=placeholder.group(0) if placeholder else "",
        required=method == "requiredOption",
        flag=placeholder is None,
    )


def _yargs_option(file: SourceFile, node: Node, key: str, spec: Node, positional: bool) -> Option:
    fields = {
        object_key(p.child_by_field_name("key")): p.child_by_field_name("value")
        for p in spec.named_children
        if p.type == "pair"
    }
    aliases = js_strings(fields.get("alias"))
    help_text = next(
        (js_string(fields[k]) for k in ("describe", "description", "desc") if k in fields), ""
    )
    kind = js_string(fields.get("type")) or ""
    names = (key,) if positional else yargs_flags((key, *aliases))
    return Option(
        names=names,
        span=_at(file, node),
        argument=positional,
        help=help_text or "",
        default=_literal(fields.get("default")),
        choices=tuple(js_strings(fields.get("choices"))),
        type=kind,
        required=_literal(fields.get("demandOption")) == "true",
        flag=kind == "boolean",
    )


def _at(file: SourceFile, node: Node) -> Span:
    """Where a call is defined: its arguments (a chain's call starts at the chain's start)."""
    arguments = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    return file.span(arguments if arguments is not None else node)


def _literal(node: Node | None) -> str:
    """A literal default as written (strings unquoted); ``""`` for an expression."""
    if node is None:
        return ""
    value = js_string(node)
    if value is not None:
        return value
    if node.type in ("number", "true", "false", "null"):
        return text_of(node)
    if node.type == "unary_expression" and text_of(node).lstrip("-").isdigit():
        return text_of(node)
    return ""


def _assemble(file: SourceFile, drafts: list[_Draft], index: int, framework: str) -> Command:
    """The command of draft ``index`` with its subcommands (drafts whose parent it is); a
    draft is placed once, so bindings that point in a circle cannot loop."""
    below: dict[int, list[int]] = {}
    for i, draft in enumerate(drafts):
        if i:
            below.setdefault(draft.parent, []).append(i)
    placed: set[int] = set()

    def build(at: int) -> Command:
        placed.add(at)
        draft = drafts[at]
        order = sorted(below.get(at, ()), key=lambda i: drafts[i].node.start_byte)
        subs = tuple(build(i) for i in order if i not in placed)
        span = _at(file, draft.node)
        if not at:  # the root is the file: its first line, not the whole file
            span = replace(span, end_line=span.line, end_col=1, end=span.start)
        return Command(
            name=draft.name,
            span=span,
            framework=framework,
            help=draft.help,
            options=tuple(sorted(draft.options, key=lambda o: o.span.start)),
            commands=subs,
        )

    return build(index)


def bin_scripts(
    meta: PackageJson,
    files: dict[str, str],
    source: Callable[[str], str],
    line: Callable[[int], Span],
    broken: Broken,
) -> list[Script]:
    """A `Script` per ``bin`` entry whose file is in the bundle, with its command line (files
    that do not parse noted in ``broken``)."""
    found = []
    bins = list(meta.bins)
    if meta.bin_dir:
        folder = meta.bin_dir.rstrip("/") + "/"
        bins.extend(
            (p[len(folder) :], p, meta.bins_line)
            for p in sorted(files)
            if p.startswith(folder) and "/" not in p[len(folder) :]
        )
    pages = [*meta.man, *(p for p in sorted(files) if meta.man_dir and p.startswith(meta.man_dir))]
    manual = [u for page in pages if page in files for u in usage_lines(manual_rows(files[page]))]
    for program, path, number in bins:
        command = None
        for part in _program_files(path, files):  # the bin, else the module it runs
            text = files[part]
            command = command or command_line(part, source(part), text, program, broken, manual)
        found.append(Script(name=program, target=path, span=line(number), command=command))
    return found


def _program_files(path: str, files: dict[str, str]) -> list[str]:
    """A JavaScript ``bin`` file and the relative modules it imports (marked's
    ``bin/marked.js`` only calls ``main`` of ``./main.js``, where the parsing is)."""
    text = files.get(path)
    if text is None or not _javascript(text):
        return []
    found = [path]
    folder = PurePosixPath(path).parent
    for target in _RELATIVE.findall(text):
        resolved = posixpath.normpath((folder / target).as_posix())
        for candidate in (resolved, resolved + ".js", resolved + "/index.js"):
            if candidate in files and candidate not in found:
                found.append(candidate)
                break
    return found


def _javascript(text: str) -> bool:
    """Whether a ``bin`` file is JavaScript: not a shell (or other) script by its ``#!`` line
    (bats' ``bin/bats`` is bash: read by `shell`, and parsing it as JavaScript would report
    syntax errors that are not there)."""
    first = text.split("\n", 1)[0]
    return not first.startswith("#!") or any(
        word in first for word in ("node", "deno", "bun", "tsx", "ts-node")
    )
