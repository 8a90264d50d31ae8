"""Read the IR text form back into a `SkillModule`: ``parse(text, source=...)``.

The text form (see `skillc.ir.printer`) lets people write test fixtures and inspect or patch the
IR between passes, so the reader must be exact and its errors must point at the offending text.

Guarantees:

* ``parse(dump(m)) == m`` for every module, and ``dump(parse(t)) == t`` for canonical text;
* the grammar (``skillc/grammars/ssl.lark``) is generic; what is allowed where comes from the IR
  dataclasses and their type hints, so adding a field to ``nodes.py`` needs no reader change;
* syntax errors raise `SkillcError` with one ``SK001`` diagnostic (line, column, the offending
  text and what was expected); semantic errors (unknown kind or field, wrong value type, invalid
  enum value, misplaced node, duplicate field, unsupported version) raise `SkillcError` with one
  ``SK002`` diagnostic per error, each at the line and column of the offending item.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, NoReturn

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from skillc.diagnostics import Diagnostic, SkillcError
from skillc.ir.nodes import NODE_KINDS, RECORD_KINDS, SSL_VERSION, Node, Skill, SkillModule, Source
from skillc.ir.span import Span

__all__ = ["parse"]

_Item = Token | Tree[Token]
_Converter = Callable[[_Item], Any]

#: What the module root holds, by node class: the field of `SkillModule` it goes into.
_TOP_LEVEL: dict[type, str] = {Source: "sources", Skill: "skills"}
_RECORD_KEYWORD: dict[type, str] = {cls: kw for kw, cls in RECORD_KINDS.items()}
#: Terminals that can start a value; when all are expected the message says "a value".
_VALUE_STARTS = frozenset({"STRING", "SIGNED_INT", "NAME", "LSQB"})
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "SIGNED_INT": "an integer",
    "VERSION": "a version number like 0.1",
    "$END": "end of input",
}


def parse(text: str, *, source: str = "<string>") -> SkillModule:
    """Read IR text into a module.

    Args:
        text: IR text form, as written by `skillc.ir.printer.dump` or by hand (``#`` comments,
            any whitespace).
        source: Where the text came from (a path, ``<stdin>``); the ``source`` of diagnostic spans.

    Returns:
        The module the text describes.

    Raises:
        SkillcError: ``SK001`` for a syntax error, ``SK002`` for each semantic error.
    """
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise SkillcError(_syntax_error(exc, text, source)) from None
    return _Builder(source).module(tree)


@functools.cache
def _parser() -> Lark:
    return Lark.open_from_package(
        "skillc", "ssl.lark", ("grammars",), parser="lalr", propagate_positions=True
    )


# --- Syntax errors -----------------------------------------------------------------------------


def _syntax_error(exc: UnexpectedInput, text: str, source: str) -> Diagnostic:
    line, col, start, length = exc.line, exc.column, exc.pos_in_stream or 0, 1
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        wanted = _describe_expected(exc.accepts or exc.expected)
        if token.type == "$END":
            found, length = "end of input", 0
            # lark places $END on the last token; the input really ends after it.
            if token.end_line is not None and token.end_column is not None:
                line, col, start = token.end_line, token.end_column, token.end_pos or start
        else:
            found, length = _quote(str(token)), len(token)
    elif isinstance(exc, UnexpectedCharacters) and exc.char == '"':
        # The STRING terminal failed to match; "unexpected character '\"'" would mislead.
        rest = text[start:].split("\n", 1)[0]
        found, length = f"string {_quote(rest)}", len(rest)
        wanted = "a JSON string: closed on its line, valid escapes, no control characters"
    elif isinstance(exc, UnexpectedCharacters):
        found = f"character {_quote(exc.char)}"
        wanted = _describe_expected(exc.allowed or set())
    else:  # pragma: no cover - lark's LALR parser raises only the two above
        found, wanted = "input", ""
    line, col = max(line, 1), max(col, 1)
    message = f"unexpected {found}" + (f" (expected {wanted})" if wanted else "")
    span = Span(
        source=source,
        line=line,
        col=col,
        end_line=line,
        end_col=col + length,
        start=start,
        end=start + length,
    )
    return Diagnostic(code="SK001", message=message, span=span, path=source)


def _describe_expected(names: set[str] | frozenset[str]) -> str:
    if not names:
        return ""
    words: list[str] = []
    rest = set(names)
    if rest >= _VALUE_STARTS:
        words.append("a value")
        rest -= _VALUE_STARTS
    words.extend(sorted(_TERMINAL_WORDS.get(name) or _terminal_literal(name) for name in rest))
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _terminal_literal(name: str) -> str:
    for terminal in _parser().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            return _quote(terminal.pattern.value)
    return name


def _quote(text: str, limit: int = 40) -> str:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + text + "'"


# --- From the parse tree to the IR -------------------------------------------------------------


class _Invalid(Exception):
    """A semantic error at ``item``; collected as one ``SK002`` diagnostic."""

    def __init__(self, message: str, item: _Item | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


@dataclasses.dataclass(frozen=True, slots=True)
class _Schema:
    """What the text form of one node class may contain, from its dataclass type hints."""

    kind: str
    fields: Mapping[str, _Converter]
    nested: Mapping[type, str]


class _Builder:
    """Turns a parse tree into IR, collecting every semantic error before raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Diagnostic] = []

    def module(self, tree: Tree[Token]) -> SkillModule:
        header, *nodes = tree.children
        assert isinstance(header, Tree)
        self._check_header(header)
        children = self._children(nodes, _TOP_LEVEL, "at the top level")
        if self.errors:
            # Nested nodes are checked after their parent's fields; report in text order.
            raise SkillcError(*sorted(self.errors, key=_text_order))
        return SkillModule(**typing.cast(dict[str, Any], children))

    def _check_header(self, header: Tree[Token]) -> None:
        name, version = (typing.cast(Token, t) for t in header.children)
        ours = f"{SSL_VERSION[0]}.{SSL_VERSION[1]}"
        if name != "ssl":
            self._error(_Invalid(f"expected the header 'ssl {ours}', got '{name} {version}'", name))
        elif int(version.split(".")[0]) != SSL_VERSION[0]:
            message = f"unsupported IR version 'ssl {version}' (this reader reads ssl {ours})"
            self._error(_Invalid(message, version))

    def _children(
        self, items: list[_Item], allowed: Mapping[type, str], where: str
    ) -> dict[str, tuple[Node, ...]]:
        """Build the nested nodes among ``items``, grouped by the field that holds them."""
        groups: dict[str, list[Node]] = {name: [] for name in allowed.values()}
        for item in items:
            assert isinstance(item, Tree)
            try:
                node = self._node(item, allowed, where)
            except _Invalid as exc:
                self._error(exc)
                continue
            groups[allowed[type(node)]].append(node)
        return {name: tuple(nodes) for name, nodes in groups.items()}

    def _node(self, tree: Tree[Token], allowed: Mapping[type, str], where: str) -> Node:
        kind, ident, *rest = typing.cast(list[Token], tree.children)
        cls = NODE_KINDS.get(str(kind))
        if cls is None:
            known = ", ".join(sorted(NODE_KINDS))
            raise _Invalid(f"unknown node kind '{kind}' (expected one of: {known})", kind)
        if cls not in allowed:
            places = ", ".join(sorted(_schema(c).kind for c in allowed)) or "none"
            raise _Invalid(f"a {kind} node is not allowed {where} (allowed: {places})", kind)
        schema = _schema(cls)
        spans: list[Span] = []
        values: dict[str, Any] = {}
        nested: list[_Item] = []
        seen: set[str] = set()
        for item in typing.cast(list[Tree[Token]], rest):
            if item.data == "span":
                spans.append(self._span(item))
            elif item.data == "field":
                self._field(item, schema, values, seen)
            else:
                nested.append(item)
        inside = f"inside a {schema.kind}"
        values.update(self._children(nested, schema.nested, inside) if nested else {})
        return cls(id=json.loads(ident), prov=tuple(spans), **values)

    def _field(
        self, tree: Tree[Token], schema: _Schema, values: dict[str, Any], seen: set[str]
    ) -> None:
        name, value = typing.cast(tuple[Token, _Item], tree.children)
        try:
            values[str(name)] = _field_value(schema, str(name), value, seen, name)
        except _Invalid as exc:
            self._error(exc)

    def _span(self, tree: Tree[Token]) -> Span:
        source, *numbers = typing.cast(list[Token], tree.children)
        line, col, end_line, end_col, start, end = map(int, numbers)
        return Span(
            source=json.loads(source),
            line=line,
            col=col,
            end_line=end_line,
            end_col=end_col,
            start=start,
            end=end,
        )

    def _error(self, exc: _Invalid) -> None:
        line, col = _position(exc.item)
        span = Span(
            source=self.source, line=line, col=col, end_line=line, end_col=col, start=0, end=0
        )
        self.errors.append(
            Diagnostic(code="SK002", message=exc.message, span=span, path=self.source)
        )


def _field_value(schema: _Schema, name: str, value: _Item, seen: set[str], at: Token) -> Any:
    """The converted value of field ``name``; ``seen`` collects names to catch duplicates."""
    convert = schema.fields.get(name)
    if convert is None:
        known = ", ".join(schema.fields) or "none"
        raise _Invalid(f"unknown field '{name}' for {schema.kind} (fields: {known})", at)
    if name in seen:
        raise _Invalid(f"duplicate field '{name}' in {schema.kind}", at)
    seen.add(name)
    try:
        return convert(value)
    except _Invalid as exc:
        where = exc.item if exc.item is not None else at
        raise _Invalid(f"{schema.kind} field '{name}': {exc.message}", where) from None


def _text_order(diagnostic: Diagnostic) -> tuple[int, int]:
    span = diagnostic.span
    return (span.line, span.col) if span is not None else (0, 0)


def _position(item: _Item | None) -> tuple[int, int]:
    if isinstance(item, Token) and item.line is not None and item.column is not None:
        return item.line, item.column
    if isinstance(item, Tree) and not item.meta.empty:
        return item.meta.line, item.meta.column
    return 1, 1


# --- Schemas and value converters, derived once per class from type hints ----------------------


_SCHEMAS: dict[type, _Schema] = {}


def _schema(cls: type) -> _Schema:
    schema = _SCHEMAS.get(cls)
    if schema is None:
        schema = _SCHEMAS[cls] = _build_schema(cls)
    return schema


def _build_schema(cls: type) -> _Schema:
    hints = typing.get_type_hints(cls)
    fields: dict[str, _Converter] = {}
    nested: dict[type, str] = {}
    for f in dataclasses.fields(cls):
        if f.name in ("id", "prov"):
            continue
        node_classes = _node_classes(hints[f.name])
        if node_classes:
            nested.update(dict.fromkeys(node_classes, f.name))
        else:
            fields[f.name] = _converter(hints[f.name])
    kind = next((k for k, c in NODE_KINDS.items() if c is cls), cls.__name__)
    return _Schema(kind=kind, fields=fields, nested=nested)


def _node_classes(hint: Any) -> tuple[type, ...]:
    """The node classes of a ``tuple[Node, ...]`` or ``tuple[A | B, ...]`` hint, else ``()``."""
    if typing.get_origin(hint) is not tuple:
        return ()
    item = typing.get_args(hint)[0]
    members = typing.get_args(item) if isinstance(item, types.UnionType) else (item,)
    if all(isinstance(m, type) and issubclass(m, Node) for m in members):
        return tuple(members)
    return ()


@functools.cache
def _converter(hint: Any) -> _Converter:
    """A function from a parsed value to a Python value of type ``hint``; raises `_Invalid`."""
    if hint is str:
        return _to_str
    if hint is bool:
        return _to_bool
    if hint is int:
        return _to_int
    if isinstance(hint, type) and issubclass(hint, Enum):
        return functools.partial(_to_enum, hint)
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return functools.partial(_to_tuple, _converter(args[0]))
    if hint in _RECORD_KEYWORD:
        return functools.partial(_to_record, hint)
    raise TypeError(f"the IR text form cannot hold a field of type {hint!r}")


def _to_str(item: _Item) -> str:
    if isinstance(item, Token) and item.type == "STRING":
        return typing.cast(str, json.loads(item))
    _wrong("a string", item)


def _to_int(item: _Item) -> int:
    if isinstance(item, Token) and item.type == "SIGNED_INT":
        return int(item)
    _wrong("an integer", item)


def _to_bool(item: _Item) -> bool:
    if isinstance(item, Token) and item in ("true", "false"):
        return str(item) == "true"
    _wrong("true or false", item)


def _to_enum(enum: type[Enum], item: _Item) -> Enum:
    valid = [str(m.value) for m in enum]
    if isinstance(item, Token) and item.type == "NAME" and item in valid:
        return enum(str(item))
    if isinstance(item, Token) and item.type in ("NAME", "STRING"):
        shown = str(item) if item.type == "NAME" else item
        raise _Invalid(f"invalid value {_quote(shown)} (expected one of: {', '.join(valid)})", item)
    _wrong(f"one of {', '.join(valid)}", item)


def _to_tuple(convert: _Converter, item: _Item) -> tuple[Any, ...]:
    if isinstance(item, Tree) and item.data == "list":
        return tuple(convert(child) for child in item.children)
    _wrong("a list [...]", item)


def _to_record(cls: type, item: _Item) -> Any:
    keyword = _RECORD_KEYWORD[cls]
    if not (isinstance(item, Tree) and item.data == "record" and item.children[0] == keyword):
        _wrong(f"{keyword}(...)", item)
    hints = _record_hints(cls)
    values: dict[str, Any] = {}
    for field in typing.cast(list[Tree[Token]], item.children[1:]):
        name, value = typing.cast(tuple[Token, _Item], field.children)
        if name not in hints:
            raise _Invalid(
                f"unknown field '{name}' in {keyword}(...) (fields: {', '.join(hints)})", name
            )
        if name in values:
            raise _Invalid(f"duplicate field '{name}' in {keyword}(...)", name)
        try:
            values[str(name)] = _converter(hints[name])(value)
        except _Invalid as exc:
            raise _Invalid(f"{keyword} field '{name}': {exc.message}", exc.item or name) from None
    missing = [name for name in _required(cls) if name not in values]
    if missing:
        raise _Invalid(f"{keyword}(...) is missing {', '.join(missing)}", item)
    return cls(**values)


@functools.cache
def _record_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _required(cls: type) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


def _wrong(expected: str, item: _Item) -> NoReturn:
    raise _Invalid(f"expected {expected}, got {_describe(item)}", item)


def _describe(item: _Item) -> str:
    if isinstance(item, Token):
        return _quote(str(item))
    if item.data == "list":
        return "a list"
    return f"{item.children[0]}(...)"
