"""The canonical text form of the SSL IR: ``dump(module) -> str``.

The text form is what ``skillc ir`` prints, what golden tests compare and what people read when
a pass misbehaves, so it is canonical: one module has exactly one text, and
``skillc.ir.reader.parse`` reads it back to an equal module (``parse(dump(m)) == m``).

Guarantees:

* first line ``ssl MAJOR.MINOR`` (`SSL_VERSION`), then the sources, then the skills;
* a node is ``KIND "id" @span... {`` with one field per line (2-space indentation), fields in
  dataclass declaration order, fields equal to their default left out, nested nodes printed in
  place of the field that holds them; a node with nothing to print is ``KIND "id" @span... {}``;
* strings are ``json.dumps(s, ensure_ascii=False)``, so any Unicode string survives;
* ``\\n`` line ends and exactly one trailing newline; no comments, no clocks, no dict ordering.

The printer is on the hot path of golden tests and ``--emit-ir``, so it builds strings directly
from a per-class field table computed once.
"""

from __future__ import annotations

import dataclasses
import typing
from enum import Enum
from json.encoder import encode_basestring
from typing import Any

from skillc.ir.nodes import KIND_OF, RECORD_KINDS, SSL_VERSION, Node, SkillModule
from skillc.ir.span import Span

__all__ = ["dump", "format_span", "format_value"]

_INDENT = "  "
#: Stands in for "this field has no default", so a required field always compares unequal.
_REQUIRED: Any = object()
_RECORD_KEYWORD: dict[type, str] = {cls: kw for kw, cls in RECORD_KINDS.items()}


def dump(module: SkillModule) -> str:
    """Print ``module`` in the canonical IR text form.

    Args:
        module: The module to print; any module built through the constructors.

    Returns:
        The text, ``\\n``-terminated, that `skillc.ir.reader.parse` reads back to ``module``.
    """
    out: list[str] = [f"ssl {SSL_VERSION[0]}.{SSL_VERSION[1]}\n"]
    for source in module.sources:
        _write_node(source, "", out)
    for skill in module.skills:
        _write_node(skill, "", out)
    return "".join(out)


def format_span(span: Span) -> str:
    """The text form of one provenance span: ``@"source":line:col-end_line:end_col[start:end]``."""
    return (
        f"@{encode_basestring(span.source)}:{span.line}:{span.col}-{span.end_line}:{span.end_col}"
        f"[{span.start}:{span.end}]"
    )


def format_value(value: object) -> str:
    """The text form of one field value (string, int, bool, enum, tuple or record)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(typing.cast(str, value))
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is tuple:
        return "[" + ", ".join(map(format_value, typing.cast(tuple[object, ...], value))) + "]"
    if isinstance(value, Enum):
        # Enum before str: a StrEnum member is a str, but prints as a bare identifier.
        return str(value.value)
    if kind in _RECORD_KEYWORD:
        return _format_record(value)
    if isinstance(value, str):
        return encode_basestring(value)
    raise TypeError(f"cannot print a {kind.__name__} in the IR text form: {value!r}")


def _write_node(node: Node, indent: str, out: list[str]) -> None:
    head = f"{indent}{KIND_OF[type(node)]} {encode_basestring(node.id)}"
    if node.prov:
        head += " " + " ".join(map(format_span, node.prov))
    opening = len(out)
    out.append(head + " {\n")
    inner = indent + _INDENT
    empty = True
    for name, default, nested in _node_layout(type(node)):
        value = getattr(node, name)
        if value == default:
            continue
        empty = False
        if nested:
            for child in value:
                _write_node(child, inner, out)
        else:
            out.append(f"{inner}{name} {format_value(value)}\n")
    if empty:
        out[opening] = head + " {}\n"
    else:
        out.append(indent + "}\n")


def _format_record(record: object) -> str:
    parts = [
        f"{name} {format_value(value)}"
        for name, default, _ in _record_layout(type(record))
        if (value := getattr(record, name)) != default
    ]
    return f"{_RECORD_KEYWORD[type(record)]}({' '.join(parts)})"


_Layout = tuple[tuple[str, Any, bool], ...]
_NODE_LAYOUTS: dict[type, _Layout] = {}
_RECORD_LAYOUTS: dict[type, _Layout] = {}


def _node_layout(cls: type) -> _Layout:
    """``(name, default, holds_nodes)`` for each printed field of a node class, in order."""
    layout = _NODE_LAYOUTS.get(cls)
    if layout is None:
        hints = typing.get_type_hints(cls)
        layout = tuple(
            (f.name, _default(f), _holds_nodes(hints[f.name]))
            for f in dataclasses.fields(cls)
            if f.name not in ("id", "prov")
        )
        _NODE_LAYOUTS[cls] = layout
    return layout


def _record_layout(cls: type) -> _Layout:
    layout = _RECORD_LAYOUTS.get(cls)
    if layout is None:
        layout = tuple((f.name, _default(f), False) for f in dataclasses.fields(cls))
        _RECORD_LAYOUTS[cls] = layout
    return layout


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return _REQUIRED


def _holds_nodes(hint: Any) -> bool:
    """True for ``tuple[SomeNode, ...]`` and ``tuple[NodeA | NodeB, ...]``."""
    if typing.get_origin(hint) is not tuple:
        return False
    item = typing.get_args(hint)[0]
    members = typing.get_args(item) or (item,)
    return all(isinstance(m, type) and issubclass(m, Node) for m in members)
