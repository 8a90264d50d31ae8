"""JavaScript programs that use neither commander nor yargs: the ``arg`` library's spec
object, else the usage text the program prints.

Why: many small CLIs (serve, vercel's tools) declare their options as ``arg``'s spec
object (``{"--port": Number, "--cors": Boolean, "-p": "--port"}``: a type per option, a
string for an alias), and others (minimist, ``process.argv``) only in the usage text they
print (``'  -p --port    Port to use [8080]'``). The spec object is the definition; the
usage text, read line by line from the program's string literals (template strings too,
their substitutions left out), gives help, and is the definition only when there is no
spec (cited then at the string it is in).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of
from skillc.compiler.frontends.repository.model import Command, Option
from skillc.compiler.frontends.repository.usage import UsageLine, usage_lines

__all__ = ["js_string", "js_strings", "object_key", "plain_command", "printed_usage"]

#: Fewer option lines than this in a program's strings is not a usage text.
MIN_USAGE_LINES = 2
_ARG_IMPORT = re.compile(r"""(require\(\s*|from\s+|import\(\s*)['"]arg['"]""")
_TYPES = {"Boolean": "", "String": "string", "Number": "number"}


def plain_command(file: SourceFile, program: str, text: str) -> Command | None:
    """The options of an ``arg`` spec, else of the usage text; None when neither."""
    rows, where = _string_rows(file)
    lines = [line for line in usage_lines(rows) if line.help]  # a bare "-1" is not a usage
    if _ARG_IMPORT.search(text):
        options = _arg_options(file, lines)
        if options:
            return _command(file, program, "arg", options)
    if len(lines) < MIN_USAGE_LINES:
        return None
    options = tuple(
        Option(names=line.names, span=file.span(where[line.row]), help=line.help, type=line.value)
        for line in lines  # no value name: whether it takes one, the text does not say
    )
    return _command(file, program, "usage text", options)


def printed_usage(file: SourceFile) -> list[UsageLine]:
    """The option lines with help among the program's string literals (its usage text)."""
    return [line for line in usage_lines(_string_rows(file)[0]) if line.help]


def _command(
    file: SourceFile, program: str, framework: str, options: tuple[Option, ...]
) -> Command:
    first = file.root.named_children[0] if file.root.named_children else file.root
    return Command(name=program, span=file.span(first), framework=framework, options=options)


def _string_rows(file: SourceFile) -> tuple[list[str], list[Node]]:
    """The lines of every string literal, each with the string it is in."""
    rows: list[str] = []
    where: list[Node] = []
    for node in nodes(file.root, frozenset({"string", "template_string"})):
        value = js_string(node, substitutions=True)
        for row in (value or "").split("\n"):
            rows.append(row)
            where.append(node)
    return rows, where


def _arg_options(file: SourceFile, lines: list[UsageLine]) -> tuple[Option, ...]:
    """The options of the largest object literal whose keys are all option names."""
    best: Node | None = None
    best_pairs: list[tuple[str, Node]] = []
    for obj in nodes(file.root, frozenset({"object"})):
        pairs = [
            (js_string(p.child_by_field_name("key")) or "", p.child_by_field_name("value"))
            for p in obj.named_children
            if p.type == "pair"
        ]
        options_only = all(k.startswith("-") and v is not None for k, v in pairs)
        if len(pairs) >= 2 and options_only and len(pairs) > len(best_pairs):
            best, best_pairs = obj, [(k, v) for k, v in pairs if v is not None]
    if best is None:
        return ()
    helps = {n: line for line in lines for n in line.names}
    aliases: dict[str, list[str]] = {}
    for key, value in best_pairs:
        target = js_string(value)
        if target is not None:
            aliases.setdefault(target, []).append(key)
    options = []
    for key, value in best_pairs:
        if js_string(value) is not None:
            continue
        inner = value.named_children[0] if value.type == "array" and value.named_children else value
        kind = text_of(inner)
        names = tuple(sorted({key, *aliases.get(key, [])}, key=lambda n: (len(n), n)))
        usage = next((helps[n] for n in names if n in helps), None)
        options.append(
            Option(
                names=names,
                span=file.span(value.parent or value),
                help=usage.help if usage else "",
                type=usage.value if usage and usage.value else _TYPES.get(kind, kind),
                flag=kind == "Boolean",
                multiple=value.type == "array",
            )
        )
    return tuple(options)


def js_string(node: Node | None, substitutions: bool = False) -> str | None:
    """The value of a string literal, a template without substitutions (with them left out
    when ``substitutions``: the words of a usage text around its colours), or a ``+`` of
    those; None for anything else."""
    if node is None:
        return None
    if node.type == "string":
        return "".join(_fragment(c) for c in node.named_children)
    if node.type == "template_string":
        if not substitutions and any(
            c.type == "template_substitution" for c in node.named_children
        ):
            return None
        return "".join(
            _fragment(c) for c in node.named_children if c.type != "template_substitution"
        )
    if node.type == "binary_expression" and text_of(node.child_by_field_name("operator")) == "+":
        left = js_string(node.child_by_field_name("left"))
        right = js_string(node.child_by_field_name("right"))
        return None if left is None or right is None else left + right
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return js_string(node.named_children[0])
    return None


_ESCAPES = {"n": "\n", "t": "\t", "'": "'", '"': '"', "\\": "\\", "`": "`"}


def _fragment(node: Node) -> str:
    text = text_of(node)
    if node.type == "escape_sequence":
        return _ESCAPES.get(text[1:], text[1:])
    return text


def object_key(node: Node | None) -> str:
    """An object literal key as written (a string key unquoted); ``""`` for a computed one."""
    if node is None:
        return ""
    return js_string(node) or text_of(node) if node.type != "computed_property_name" else ""


def js_strings(node: Node | None) -> list[str]:
    """A string, or an array of strings, as a list."""
    if node is None:
        return []
    if node.type == "array":
        return [s for c in node.named_children if (s := js_string(c))]
    single = js_string(node)
    return [single] if single else []
