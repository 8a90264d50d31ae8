"""Rust command lines: ``Cargo.toml`` binaries and the clap derive definitions behind them.

Why derive first: clap's derive API (``#[derive(Parser)]`` on a struct, ``#[derive(
Subcommand)]`` on an enum, ``#[arg(...)]``/``#[command(...)]`` on fields and variants, the
older ``#[clap(...)]``) states the whole command line in declarations a parser can read
without running anything, and the doc comments are the help clap prints. The rules are
clap's: a field with ``short``/``long`` is an option (``short`` alone takes the field's
first letter, ``long`` alone its name in kebab case), a field without either is a
positional argument, ``#[command(subcommand)]`` names the enum of subcommands,
``#[command(flatten)]`` inlines another struct's fields, a variant's name in kebab case is
its command's name, and a field whose type is not ``Option``, ``Vec`` or ``bool`` and has
no default is required. Types are followed across the crate's files by name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import Broken, SourceFile, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import Command, Option, Script
from skillc.compiler.frontends.repository.rust_builder import builder_command, literal_value
from skillc.compiler.frontends.repository.surface import on_surface
from skillc.ir.span import Span

__all__ = ["Crate", "read_crate"]

Lines = Callable[[str, int], Span]
#: How deep flattened structs and nested subcommands are followed (a cycle stops here).
MAX_NESTING = 12
_ATTRIBUTE = re.compile(r"^#\[\s*(arg|clap|command|structopt)\s*\((.*)\)\s*\]$", re.DOTALL)
_DERIVE = re.compile(r"^#\[\s*derive\s*\((.*)\)\s*\]$", re.DOTALL)


@dataclass(slots=True)
class Crate:
    """The crate's name and description, and a `Script` per binary (its command line when
    clap derive or clap's builder defines one)."""

    name: str = ""
    description: str = ""
    scripts: list[Script] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Item:
    """A struct, enum, field or variant with the attributes and doc lines above it."""

    file: SourceFile
    node: Node
    attrs: tuple[tuple[str, str, str], ...]  # (attribute, key, value)
    derives: frozenset[str]
    docs: str

    def arg(self, *keys: str) -> tuple[bool, str]:
        """Whether a clap attribute sets one of ``keys``, and its value (``""`` if bare)."""
        for _, key, value in self.attrs:
            if key in keys:
                return True, value
        return False, ""


def read_crate(bundle: Bundle, line: Lines, broken: Broken) -> Crate:
    """The binaries of the ``Cargo.toml`` at the top, with their command lines (files that do
    not parse noted in ``broken``)."""
    text = bundle.files.get("Cargo.toml")
    if text is None:
        return Crate()
    try:
        manifest = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return Crate()
    package = manifest.get("package")
    name = str(package.get("name", "")) if isinstance(package, dict) else ""
    bins = _binaries(manifest, name, bundle)
    if not bins:
        return Crate(name=name)
    items = _items(bundle, broken)
    about = package.get("description", "") if isinstance(package, dict) else ""
    found = Crate(name=name, description=about if isinstance(about, str) else "")
    for program, path in bins:
        span = line("Cargo.toml", _bin_line(text, program))
        root = _root(items, bundle.source(path))
        command = _command(items, root, program, 0) if root is not None else None
        if command is None:
            files = _binary_files(bundle, path, broken)
            command = builder_command(program, files, _clap_major(manifest) >= 4)
        found.scripts.append(Script(name=program, target=path, span=span, command=command))
    return found


def _binaries(manifest: dict[str, Any], name: str, bundle: Bundle) -> list[tuple[str, str]]:
    """``[[bin]]`` entries (name, path), else the default binary ``src/main.rs``."""
    found = []
    for entry in manifest.get("bin", []) if isinstance(manifest.get("bin"), list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            program = entry["name"]
            path = entry.get("path") if isinstance(entry.get("path"), str) else ""
            found.append((program, path or _default_path(program, bundle)))
    if not found and name and "src/main.rs" in bundle.files:
        found.append((name, "src/main.rs"))
    if manifest.get("package", {}).get("autobins") is not False:  # Cargo's discovery
        taken = {program for program, _ in found}
        for path in sorted(bundle.files):
            match = re.fullmatch(r"src/bin/([\w-]+)(?:\.rs|/main\.rs)", path)
            if match and match.group(1) not in taken:
                found.append((match.group(1), path))
                taken.add(match.group(1))
    return [(p, path) for p, path in found if path in bundle.files]


def _binary_files(bundle: Bundle, path: str, broken: Broken) -> list[SourceFile]:
    """The files of a binary that mention clap: its folder and below (``src/`` for
    ``src/main.rs``, without other binaries' ``src/bin/``)."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    return [
        parse("rust", p, bundle.source(p), t, broken)
        for p, t in sorted(bundle.files.items())
        if p.endswith(".rs")
        and p.startswith(folder)
        and (p == path or not p.startswith("src/bin/") or folder.startswith("src/bin/"))
        and on_surface(p)
        and "clap" in t
    ]


def _clap_major(manifest: dict[str, Any]) -> int:
    """The major version of the clap the manifest depends on (0 when it does not say)."""
    dependencies = manifest.get("dependencies")
    entry = dependencies.get("clap") if isinstance(dependencies, dict) else None
    version = entry.get("version") if isinstance(entry, dict) else entry
    match = re.match(r"\D*(\d+)", version) if isinstance(version, str) else None
    return int(match.group(1)) if match else 0


def _default_path(program: str, bundle: Bundle) -> str:
    other = f"src/bin/{program}.rs"
    return other if other in bundle.files else "src/main.rs"


def _bin_line(text: str, program: str) -> int:
    lines = text.split("\n")
    for number, row in enumerate(lines, 1):
        if re.match(rf"""\s*name\s*=\s*["']{re.escape(program)}["']""", row):
            return number
    return 1


def _items(bundle: Bundle, broken: Broken) -> dict[str, _Item]:
    """Every struct and enum that derives a clap trait, by name, across the crate's files."""
    found: dict[str, _Item] = {}
    for path in sorted(bundle.files):
        if not path.endswith(".rs") or not on_surface(path):
            continue
        text = bundle.files[path]
        if "clap" not in text and "structopt" not in text:
            continue
        file = parse("rust", path, bundle.source(path), text, broken)
        for item in _annotated(file, file.root, ("struct_item", "enum_item"), recurse=True):
            if item.derives & {"Parser", "Args", "Subcommand", "StructOpt"}:
                name = text_of(item.node.child_by_field_name("name"))
                found.setdefault(name, item)
    return found


def _annotated(
    file: SourceFile, container: Node, kinds: tuple[str, ...], recurse: bool = False
) -> list[_Item]:
    """The children of ``container`` of ``kinds``, each with the attributes and doc comments
    just above it (modules are entered when ``recurse``)."""
    found: list[_Item] = []
    stack = [container]
    while stack:
        node = stack.pop()
        attrs: list[tuple[str, str, str]] = []
        derives: set[str] = set()
        docs: list[str] = []
        for child in node.named_children:
            if child.type == "attribute_item":
                _attribute(text_of(child), attrs, derives)
            elif child.type == "line_comment" and text_of(child).startswith("///"):
                docs.append(text_of(child)[3:].strip())
            elif child.type in kinds:
                found.append(_Item(file, child, tuple(attrs), frozenset(derives), _doc(docs)))
                attrs, derives, docs = [], set(), []
            else:
                if recurse and child.type == "mod_item":
                    body = child.child_by_field_name("body")
                    if body is not None:
                        stack.append(body)
                if child.type not in ("line_comment", "block_comment"):
                    attrs, derives, docs = [], set(), []
    return found


def _attribute(text: str, attrs: list[tuple[str, str, str]], derives: set[str]) -> None:
    derive = _DERIVE.match(text)
    if derive:
        derives.update(w.strip().rsplit("::", 1)[-1] for w in derive.group(1).split(","))
        return
    match = _ATTRIBUTE.match(text)
    if match:
        for part in _split(match.group(2)):
            key, _, value = part.partition("=")
            attrs.append((match.group(1), key.strip(), value.strip()))


def _split(text: str) -> list[str]:
    """Top-level comma-separated parts of an attribute's arguments (quotes and brackets
    respected)."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for i, c in enumerate(text):
        if quote:
            if c == quote and text[i - 1] != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(c)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _doc(lines: list[str]) -> str:
    """The first paragraph of doc comment lines, as clap's short help shows it."""
    paragraph: list[str] = []
    for row in lines:
        if not row and paragraph:
            break
        if row:
            paragraph.append(row)
    return " ".join(paragraph)


def _root(items: dict[str, _Item], source: str) -> _Item | None:
    """The ``#[derive(Parser)]`` struct of the binary's file, else the crate's only one."""
    parsers = [i for i in items.values() if i.derives & {"Parser", "StructOpt"}]
    structs = [i for i in parsers if i.node.type == "struct_item"]
    here = [i for i in structs if i.file.source == source]
    if here:
        return min(here, key=lambda i: i.node.start_byte)
    return structs[0] if len(structs) == 1 else None


def _command(items: dict[str, _Item], item: _Item, name: str, depth: int) -> Command:
    """The command a struct (its fields) or an enum variant defines."""
    options: list[Option] = []
    commands: list[Command] = []
    _members(items, item, options, commands, depth)
    about = _string(item.arg("about")[1]) or item.docs
    return Command(
        name=name,
        span=item.file.span(item.node.child_by_field_name("name") or item.node),
        framework="clap",
        help=about,
        options=tuple(options),
        commands=tuple(commands),
    )


def _members(
    items: dict[str, _Item],
    item: _Item,
    options: list[Option],
    commands: list[Command],
    depth: int,
) -> None:
    """The options and subcommands a struct's or variant's fields give."""
    if depth > MAX_NESTING:
        return
    body = item.node.child_by_field_name("body")
    if body is None:
        return
    if body.type == "ordered_field_declaration_list":  # Variant(Args): the type inlined
        types = [c for c in body.named_children if c.type not in ("attribute_item", "line_comment")]
        inner = items.get(_base_type(text_of(types[-1]))) if types else None
        if inner is not None and inner.node.type == "enum_item":
            commands.extend(_variants(items, inner, depth + 1))
        elif inner is not None:
            _members(items, inner, options, commands, depth + 1)
        return
    for member in _annotated(item.file, body, ("field_declaration",)):
        kind = _base_type(text_of(member.node.child_by_field_name("type")))
        if member.arg("subcommand")[0]:
            target = items.get(kind)
            if target is not None and target.node.type == "enum_item":
                commands.extend(_variants(items, target, depth + 1))
        elif member.arg("flatten")[0]:
            target = items.get(kind)
            if target is not None:
                _members(items, target, options, commands, depth + 1)
        elif not member.arg("skip")[0] and not _hidden(member):
            options.append(_option(member))


def _variants(items: dict[str, _Item], enum: _Item, depth: int) -> list[Command]:
    body = enum.node.child_by_field_name("body")
    if body is None or depth > MAX_NESTING:
        return []
    found = []
    for variant in _annotated(enum.file, body, ("enum_variant",)):
        if _hidden(variant):
            continue
        given = _string(variant.arg("name")[1])
        name = given or _kebab(text_of(variant.node.child_by_field_name("name")))
        found.append(_command(items, variant, name, depth))
    return found


def _hidden(item: _Item) -> bool:
    present, value = item.arg("hide")
    return present and value in ("", "true")


def _option(member: _Item) -> Option:
    field_name = text_of(member.node.child_by_field_name("name")).removeprefix("r#")
    type_text = text_of(member.node.child_by_field_name("type"))
    has_short, short = member.arg("short")
    has_long, long = member.arg("long")
    names: list[str] = []
    if has_short:
        names.append("-" + (_string(short) or field_name[:1]))
    if has_long:
        names.append("--" + (_string(long) or _kebab(field_name)))
    value_name = _string(member.arg("value_name")[1])
    default = _string(member.arg("default_value")[1]) or member.arg("default_value_t")[1]
    action = member.arg("action")[1]
    flag = type_text == "bool" or action.endswith(("SetTrue", "SetFalse", "Count"))
    optional = type_text.startswith(("Option<", "Vec<")) or flag
    help_text = _string(member.arg("help")[1]) or member.docs
    return Option(
        names=tuple(names) or (value_name or field_name.upper(),),
        span=member.file.span(member.node),
        argument=not names,
        help=help_text,
        default=default,
        type=f"<{value_name}>" if value_name else ("" if flag else _base_type(type_text)),
        required=not optional and not default and member.arg("required")[1] != "false",
        flag=flag,
        multiple=type_text.startswith("Vec<") or action.endswith(("Append", "Count")),
    )


def _base_type(text: str) -> str:
    """``Option<Box<BuildOptions>>`` -> ``BuildOptions`` (the last path segment)."""
    inner = text
    while "<" in inner and inner.endswith(">"):
        inner = inner[inner.index("<") + 1 : -1]
    return inner.strip().rsplit("::", 1)[-1]


def _kebab(name: str) -> str:
    """clap's default renaming: ``ListPython`` / ``list_python`` -> ``list-python``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return spaced.replace("_", "-").lower()


def _string(value: str) -> str:
    """A derive attribute's literal argument's value (`rust_builder.literal_value`), else
    ``""`` (a path or expression: ``default_value_t = 3``)."""
    return literal_value(value) or ""
