"""Helpers shared by the spec and client rules: how a front-matter value reads, and where it is.

Not a rule module (it is not listed in ``MODULES``). Why it exists: the reader keeps PyYAML's
values, and PyYAML implements YAML 1.1, where ``yes`` is a boolean and ``2024-01-01`` a date. The
spec only says "YAML", whose current version (1.2, core schema) reads both as strings, and the
reference validator reads every scalar as a string (strictyaml). So the spec rules decide "is this
a string" with the YAML 1.2 core schema (`kind`), and client rule PK210 reports the values YAML 1.1
parsers read differently. Everything here is pure and never raises on a `Package`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple

from skillc.diagnostics import Edit
from skillc.ir.span import Span
from skillc.package.model import Field, Package, span_at

#: The spec's name grammar: lowercase ASCII letters and digits in groups joined by single hyphens.
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 64
MAX_DESCRIPTION = 1024
MAX_COMPATIBILITY = 500

# YAML 1.2 core schema tag resolution of plain scalars (yaml.org/spec/1.2.2, 10.3.2).
_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_KIND_WORDS = {
    "null": "empty (null)",
    "boolean": "a boolean",
    "integer": "an integer",
    "float": "a number",
    "mapping": "a mapping",
    "sequence": "a list",
    "string": "a string",
}


def parsed(pkg: Package) -> bool:
    """True when SKILL.md was read and its front matter is a closed, valid YAML mapping.

    The precondition of every field rule: without it there are no fields to judge, and the
    rules for the missing file, front matter or YAML report the real problem.
    """
    fm = pkg.front_matter
    return (
        pkg.skill_file is not None
        and pkg.skill_file.text is not None
        and fm.present
        and fm.closed
        and not fm.error
        and fm.is_mapping
    )


def skill_text(pkg: Package) -> str:
    """The decoded text of SKILL.md, or ``""``."""
    if pkg.skill_file is None or pkg.skill_file.text is None:
        return ""
    return pkg.skill_file.text


def skill_display(pkg: Package) -> str:
    """How SKILL.md is shown in messages and addressed by edits."""
    if pkg.skill_file is not None:
        return pkg.skill_file.display
    return f"{pkg.display.rstrip('/')}/SKILL.md"


def line_span(pkg: Package, line: int) -> Span:
    """The span of 1-based ``line`` of SKILL.md (without its line break)."""
    text = skill_text(pkg)
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            break
        start = found + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return span_at(skill_display(pkg), text, start, end)


def opening_span(pkg: Package) -> Span:
    """The opening ``---`` line: where "the front matter lacks X" is reported."""
    return line_span(pkg, 1)


def fixed_span(display: str, line: int) -> Span:
    """A span for a line of a file whose text could not be decoded (no offsets known)."""
    return Span(source=display, line=line, col=1, end_line=line, end_col=1, start=0, end=0)


def kind_of_scalar(raw: str, value: Any) -> str:
    """The YAML 1.2 core-schema kind of a plain scalar written as ``raw``."""
    text = raw.strip()
    if text.startswith("!"):  # an explicit tag decides, not the text
        return kind_of_value(value)
    if _NULL.match(text):
        return "null"
    if _BOOL.match(text):
        return "boolean"
    if _INT.match(text):
        return "integer"
    if _FLOAT.match(text):
        return "float"
    return "string"


def kind_of_value(value: Any) -> str:
    """The kind of a constructed Python value (used for tagged and nested values)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple | set):
        return "sequence"
    return "string"


def kind(field: Field) -> str:
    """What the field's value is under the YAML 1.2 core schema (see the module docstring)."""
    if field.style == "":
        return "null"
    if field.style in ("single", "double", "literal", "folded"):
        return "string"
    if field.style == "plain":
        return kind_of_scalar(field.raw, field.value)
    return kind_of_value(field.value)


def string_value(field: Field) -> str | None:
    """The field's string value under YAML 1.2, or None when it is not a string.

    A plain scalar that only YAML 1.1 types (``yes``, ``2024-01-01``) reads as its text.
    """
    if kind(field) != "string":
        return None
    if isinstance(field.value, str):
        return field.value
    return " ".join(field.raw.split())


def string_field(pkg: Package, key: str) -> tuple[Field, str] | None:
    """Front-matter field ``key`` and its string value, when the front matter parsed and the
    field holds a string; None otherwise (other rules report the missing or mistyped field)."""
    field = pkg.front_matter.get(key) if parsed(pkg) else None
    value = string_value(field) if field is not None else None
    return (field, value) if field is not None and value is not None else None


def describe(kind_name: str, raw: str = "") -> str:
    """``a boolean (yes)``: a kind in words, with the value as written when it is short."""
    words = _KIND_WORDS.get(kind_name, kind_name)
    shown = " ".join(raw.split())
    if kind_name in ("null", "mapping", "sequence") or not shown:
        return words
    return f"{words} ({short(shown)})"


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def replace_value(pkg: Package, field: Field, replacement: str) -> Edit:
    """An edit replacing the field's value text by ``replacement``.

    Block scalars' source text ends with their line break(s); those are kept so the next key
    stays on its own line.
    """
    raw = field.raw
    trailing = raw[len(raw.rstrip()) :] if field.style in ("literal", "folded", "block") else ""
    start = field.value_span.start
    if field.style == "block":
        # A block list or mapping starts on the next line: replace from the key's colon so
        # the new scalar sits on the key's line.
        colon = skill_text(pkg).find(":", field.key_span.end, start)
        if colon >= 0:
            start, replacement = colon + 1, " " + replacement
    return Edit(
        path=skill_display(pkg),
        start=start,
        end=field.value_span.end,
        replacement=replacement + trailing,
    )


def kebab_name(name: str) -> str:
    """``name`` turned into a valid skill name (``""`` when nothing usable is left).

    NFKC folds compatibility forms (fullwidth letters), NFKD plus dropping combining marks turns
    ``é`` into ``e``; every other run of characters becomes one hyphen; the result is cut to 64.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    kebab = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return kebab[:MAX_NAME].rstrip("-")


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that strict parsers and the reference validator
    read back exactly (the quoting the backend writes front matter with; imported lazily to keep
    lint start-up fast)."""
    from skillc.package.yaml_text import yaml_string

    return yaml_string(text)


def plain_or_quoted(text: str) -> str:
    """``text`` as a YAML scalar: plain when every parser reads it back as that string."""
    if NAME_RE.match(text) and kind_of_scalar(text, text) == "string" and not yaml11_typed(text):
        return text
    return quote(text)


def yaml11_typed(text: str) -> bool:
    """True when a YAML 1.1 parser (PyYAML) reads plain ``text`` as something but a string."""
    import yaml

    try:
        return not isinstance(yaml.safe_load(text), str)
    except yaml.YAMLError:
        return False


def folder_rename(pkg: Package, new_name: str) -> tuple[str, str] | None:
    """``(old, new)`` display paths renaming the skill's folder to ``new_name``.

    Uses the path as the user gave it when its last component is the folder (``skills/pdf``);
    for ``.`` and the like, the absolute path. None when the folder already has that name.
    """
    if pkg.dir_name == new_name:
        return None
    shown = pkg.display.rstrip("/") or "/"
    if posixpath.basename(shown) != pkg.dir_name:
        shown = str(pkg.root.absolute())
    parent = posixpath.dirname(shown)
    return shown, posixpath.join(parent, new_name) if parent else new_name


class Entry(NamedTuple):
    """One entry of a nested mapping (e.g. under ``metadata``), located in SKILL.md."""

    key: Any
    key_span: Span
    value: Any
    raw: str
    kind: str
    value_span: Span


def nested_entries(pkg: Package, field: Field) -> Iterator[Entry]:
    """The entries of a top-level block or flow mapping field, with exact spans.

    The reader keeps spans for top-level fields only, so the front matter is composed again
    (cheap: it is small) and the mapping node of ``field`` walked. Yields nothing when the
    value is not a mapping or the text does not compose.
    """
    fm = pkg.front_matter
    if fm.yaml().plain:
        yield from _plain_entries(pkg, field)
        return
    import yaml

    text = skill_text(pkg)
    display = skill_display(pkg)
    loader = yaml.SafeLoader(fm.text)
    try:
        root = loader.get_single_node()
        if not isinstance(root, yaml.MappingNode):
            return
        for key_node, value_node in root.value:
            if fm.offset + key_node.start_mark.index != field.key_span.start:
                continue
            if not isinstance(value_node, yaml.MappingNode):
                return
            for k, v in value_node.value:
                start, end = fm.offset + v.start_mark.index, fm.offset + v.end_mark.index
                value = loader.construct_object(v, deep=True)
                raw = text[start:end]
                yield Entry(
                    key=loader.construct_object(k, deep=True),
                    key_span=span_at(
                        display, text, fm.offset + k.start_mark.index, fm.offset + k.end_mark.index
                    ),
                    value=value,
                    raw=raw,
                    kind=_node_kind(v, raw, value),
                    value_span=span_at(display, text, start, end),
                )
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return
    finally:
        loader.dispose()


def _plain_entries(pkg: Package, field: Field) -> Iterator[Entry]:
    """`nested_entries` from `skillc.package.plain_yaml`, which read this front matter."""
    from skillc.package.plain_yaml import read_plain

    fm = pkg.front_matter
    text = skill_text(pkg)
    display = skill_display(pkg)
    for top in read_plain(fm.text) or ():
        if fm.offset + top.key_start != field.key_span.start:
            continue
        for child in top.children:
            start, end = fm.offset + child.value_start, fm.offset + child.value_end
            raw = text[start:end]
            yield Entry(
                key=child.key,
                key_span=span_at(
                    display, text, fm.offset + child.key_start, fm.offset + child.key_end
                ),
                value=child.value,
                raw=raw,
                kind=_scalar_kind(child.style not in ("plain", ""), raw, child.value),
                value_span=span_at(display, text, start, end),
            )


def _node_kind(node: Any, raw: str, value: Any) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return _scalar_kind(node.style is not None, raw, value)
    return kind_of_value(value)


def _scalar_kind(quoted: bool, raw: str, value: Any) -> str:
    """The kind of a scalar: a string when quoted or a block scalar, else what its text says."""
    if quoted:
        return "string"
    return kind_of_scalar(raw, value) if raw.strip() else "null"
