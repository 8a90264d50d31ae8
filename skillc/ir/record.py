"""The SSL paper's JSON record, as a second, lossless serialisation of a `Skill`.

The SSL authors (arXiv 2604.24026, ``COOLPKU/SSL``) publish skills as a three-key JSON record,
``{"skill": ..., "scenes": [...], "logic_steps": [...]}``. Exporting to it lets their tooling read
what skillc builds, and importing from it lets skillc start from their annotated corpora.

Guarantees:

* `to_record` writes exactly the three keys, with the SSL field names in the paper's order;
  ``instrument`` is JSON ``null`` when empty, as in the authors' records;
* whatever skillc holds beyond SSL (routing fields, constraints, content blocks, provenance,
  grounding text) goes into an ``"x_skillc"`` object inside the object it belongs to, and only when
  non-empty, so ``from_record(to_record(s)) == s`` while SSL consumers can ignore it;
* import is tolerant of real records (missing optional keys, ``null`` values, a string where a
  list is expected, unknown keys) but raises `SkillcError` with code ``SK003`` and the JSON path
  (``scenes[2].scene_type``) for a missing record key or id, a wrong type, an invalid enum value,
  and for text that is not JSON;
* `module_to_json` is deterministic: fixed key order, ``indent=2``, one trailing newline.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, NoReturn

from skillc.diagnostics import Diagnostic, SkillcError
from skillc.ir.nodes import (
    KIND_OF,
    RECORD_KINDS,
    SSL_VERSION,
    Block,
    Dependency,
    IOSpec,
    LogicStep,
    Node,
    Scene,
    Skill,
    SkillModule,
    Source,
)
from skillc.ir.span import Span

__all__ = ["from_record", "module_from_json", "module_to_json", "to_record"]

_EXTRA = "x_skillc"
_VERSION = f"{SSL_VERSION[0]}.{SSL_VERSION[1]}"

# The SSL keys of each layer in the paper's order, after the id key (``skill_id``, ...).
_SKILL_KEYS = (
    "skill_name",
    "skill_goal",
    "intent_signature",
    "tags",
    "top_pattern",
    "expected_inputs",
    "expected_outputs",
    "dependencies",
    "control_flow_features",
    "entry_scene_id",
    "subscenes",
)
_SCENE_KEYS = (
    "scene_name",
    "scene_type",
    "scene_goal",
    "input",
    "output",
    "entry_conditions",
    "exit_conditions",
    "entry_logic_step_id",
    "contained_logic_steps",
    "next_scene_rules",
)
_STEP_KEYS = (
    "act_type",
    "actor",
    "object",
    "instrument",
    "input_args",
    "output_binding",
    "preconditions",
    "effects",
    "resource_scope",
    "resource_target",
    "next_step_rules",
)
# skillc's own fields of each layer, kept under "x_skillc".
_SKILL_EXTRA = ("name", "description", "triggers", "exclusions", "constraints", "blocks", "prov")
_SCENE_EXTRA = ("prov",)
_STEP_EXTRA = ("prov", "text")
#: Fields exported as ``null`` when empty, because the authors' records do so.
_NULL_WHEN_EMPTY = frozenset({"instrument"})
_RECORD_CLASSES = frozenset(RECORD_KINDS.values())


# --- Export ------------------------------------------------------------------------------------


def to_record(skill: Skill) -> dict[str, Any]:
    """The SSL three-key record of ``skill``.

    Args:
        skill: The skill to export, with its scenes and logic steps.

    Returns:
        ``{"skill": ..., "scenes": [...], "logic_steps": [...]}``, JSON-ready (plain dicts,
        lists, strings, ints, bools and ``None``).
    """
    return {
        "skill": _layer(skill, "skill_id", _SKILL_KEYS, _SKILL_EXTRA),
        "scenes": [_layer(s, "scene_id", _SCENE_KEYS, _SCENE_EXTRA) for s in skill.scenes],
        "logic_steps": [
            _layer(s, "logic_step_id", _STEP_KEYS, _STEP_EXTRA) for s in skill.logic_steps
        ],
    }


def module_to_json(module: SkillModule) -> str:
    """The whole module as JSON: ``{"ssl_version", "sources", "records"}``.

    Args:
        module: The module to export.

    Returns:
        Deterministic JSON text (``indent=2``, non-ASCII kept) ending in one newline.
    """
    obj = {
        "ssl_version": _VERSION,
        "sources": [_node_json(source) for source in module.sources],
        "records": [to_record(skill) for skill in module.skills],
    }
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def _layer(
    node: Node, id_key: str, keys: tuple[str, ...], extra: tuple[str, ...]
) -> dict[str, Any]:
    obj: dict[str, Any] = {id_key: node.id}
    for key in keys:
        value = getattr(node, key)
        obj[key] = None if key in _NULL_WHEN_EMPTY and value == "" else _json(value)
    defaults = _defaults(type(node))
    more = {
        name: _json(value) for name in extra if (value := getattr(node, name)) != defaults[name]
    }
    if more:
        obj[_EXTRA] = more
    return obj


def _json(value: Any) -> Any:
    """A JSON-ready copy of an IR value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int):  # bool is an int
        return value
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, Node):
        return _node_json(value)
    return {f.name: _json(getattr(value, f.name)) for f in dataclasses.fields(value)}


def _node_json(node: Node) -> dict[str, Any]:
    """``{kind?, id, ...non-default fields}``; ``kind`` only where a list mixes node kinds."""
    obj: dict[str, Any] = {}
    if _is_block(type(node)):
        obj["kind"] = KIND_OF[type(node)]
    obj["id"] = node.id
    defaults = _defaults(type(node))
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if f.name != "id" and value != defaults[f.name]:
            obj[f.name] = _json(value)
    return obj


# --- Import ------------------------------------------------------------------------------------


def from_record(obj: Any, *, path: str = "<json>") -> Skill:
    """Read one SSL three-key record (as decoded JSON) into a `Skill`.

    Args:
        obj: The decoded record, ``{"skill": ..., "scenes": [...], "logic_steps": [...]}``.
        path: The file the record came from, for diagnostics.

    Returns:
        The skill, its scenes and logic steps.

    Raises:
        SkillcError: ``SK003`` naming the JSON path of a missing key, wrong type or bad value.
    """
    return _Importer(path).skill(obj, "")


def module_from_json(text: str, *, path: str = "<json>") -> SkillModule:
    """Read JSON text: a module from `module_to_json`, one SSL record, or a list of records.

    Args:
        text: The JSON text.
        path: The file it came from, for diagnostics.

    Returns:
        The module (without sources unless the text is a skillc module).

    Raises:
        SkillcError: ``SK003`` for invalid JSON (with line and column) or an invalid record.
    """
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        span = Span(
            source=path,
            line=exc.lineno,
            col=exc.colno,
            end_line=exc.lineno,
            end_col=exc.colno,
            start=exc.pos,
            end=exc.pos,
        )
        raise SkillcError(
            Diagnostic(code="SK003", message=f"invalid JSON: {exc.msg}", span=span, path=path)
        ) from None
    return _Importer(path).module(obj)


class _Importer:
    """Converts decoded JSON to IR; ``where`` arguments are JSON paths for error messages."""

    def __init__(self, path: str) -> None:
        self.path = path

    def module(self, obj: Any) -> SkillModule:
        if isinstance(obj, list):
            return SkillModule(skills=self._skills(obj, ""))
        if isinstance(obj, dict) and "skill" in obj:
            return SkillModule(skills=(self.skill(obj, ""),))
        if not (isinstance(obj, dict) and "records" in obj):
            self.fail("", "expected an SSL record, a list of records or a skillc module")
        version = obj.get("ssl_version", _VERSION)
        if not isinstance(version, str) or version.split(".")[0] != str(SSL_VERSION[0]):
            self.fail("ssl_version", f"unsupported version {version!r} (expected {_VERSION!r})")
        sources = self.items(obj, "sources", "", required=False)
        return SkillModule(
            sources=tuple(self.node(Source, s, w) for s, w in sources),
            skills=self._skills(self.need(obj, "records", "", list), "records"),
        )

    def _skills(self, records: list[Any], where: str) -> tuple[Skill, ...]:
        return tuple(self.skill(r, f"{where}[{i}]") for i, r in enumerate(records))

    def skill(self, obj: Any, where: str) -> Skill:
        record = self.need_object(obj, where)
        head = self.need(record, "skill", where, dict)
        scenes = self.items(record, "scenes", where)
        steps = self.items(record, "logic_steps", where)
        return Skill(
            **self.layer(Skill, head, _join(where, "skill"), "skill_id", _SKILL_KEYS, _SKILL_EXTRA),
            scenes=tuple(
                Scene(**self.layer(Scene, s, w, "scene_id", _SCENE_KEYS, _SCENE_EXTRA))
                for s, w in scenes
            ),
            logic_steps=tuple(
                LogicStep(**self.layer(LogicStep, s, w, "logic_step_id", _STEP_KEYS, _STEP_EXTRA))
                for s, w in steps
            ),
        )

    def layer(
        self,
        cls: type,
        obj: Any,
        where: str,
        id_key: str,
        keys: tuple[str, ...],
        extra: tuple[str, ...],
    ) -> dict[str, Any]:
        """The constructor arguments of one SSL layer object; unknown keys are ignored."""
        obj = self.need_object(obj, where)
        values = {"id": self.need(obj, id_key, where, str)}
        values.update(self.fields(cls, obj, where, keys))
        if obj.get(_EXTRA) is not None:
            more = self.need(obj, _EXTRA, where, dict)
            values.update(self.fields(cls, more, _join(where, _EXTRA), extra))
        return values

    def node(self, cls: type, obj: Any, where: str) -> Any:
        """A constraint, block or source from ``{kind?, id, ...fields}``."""
        obj = self.need_object(obj, where)
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name != "id")
        return cls(id=self.need(obj, "id", where, str), **self.fields(cls, obj, where, names))

    def fields(
        self, cls: type, obj: Mapping[str, Any], where: str, names: Iterable[str]
    ) -> dict[str, Any]:
        """Convert the present, non-null keys among ``names``; the rest keep their defaults."""
        hints = _hints(cls)
        return {
            name: self.value(hints[name], obj[name], _join(where, name))
            for name in names
            if obj.get(name) is not None
        }

    def value(self, hint: Any, value: Any, where: str) -> Any:
        """Convert one JSON value to the IR type ``hint``, tolerating what real records do."""
        if hint is str:
            return self.expect(value, str, where)
        if hint is bool:
            return self.expect(value, bool, where)
        if hint is int:
            if isinstance(value, bool):
                self.fail(where, f"expected an integer, got {_kind(value)}")
            return self.expect(value, int, where)
        if isinstance(hint, type) and issubclass(hint, Enum):
            return self.enum(hint, value, where)
        if typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            if isinstance(value, str) and item is str:
                return (value,) if value else ()  # authors sometimes write one item as a string
            items = self.expect(value, list, where)
            return tuple(self.value(item, v, f"{where}[{i}]") for i, v in enumerate(items))
        if hint is Span:
            return Span(**self.fields_required(Span, value, where))
        if hint in _RECORD_CLASSES:
            return self.record(hint, value, where)
        if isinstance(hint, types.UnionType):
            return self.block(typing.get_args(hint), value, where)
        if isinstance(hint, type) and issubclass(hint, Node):
            return self.node(hint, value, where)
        raise TypeError(f"no JSON import for {hint!r}")  # pragma: no cover - IR programming error

    def record(self, cls: type, value: Any, where: str) -> Any:
        if isinstance(value, str) and cls is IOSpec:
            return IOSpec(name=value)
        if isinstance(value, str) and cls is Dependency:
            return Dependency(type="", value=value)
        obj = self.need_object(value, where)
        names = [f.name for f in dataclasses.fields(cls)]
        for name in _required(cls):
            if obj.get(name) is None:
                self.fail(_join(where, name), "missing required key")
        return cls(**self.fields(cls, obj, where, names))

    def fields_required(self, cls: type, value: Any, where: str) -> dict[str, Any]:
        obj = self.need_object(value, where)
        hints = _hints(cls)
        return {
            f.name: self.value(
                hints[f.name], self.need(obj, f.name, where, object), _join(where, f.name)
            )
            for f in dataclasses.fields(cls)
        }

    def block(self, classes: tuple[type, ...], value: Any, where: str) -> Any:
        obj = self.need_object(value, where)
        kinds = {KIND_OF[c]: c for c in classes}
        kind = self.need(obj, "kind", where, str)
        if kind not in kinds:
            self.fail(
                _join(where, "kind"),
                f"invalid value {kind!r} (expected one of: {', '.join(kinds)})",
            )
        return self.node(kinds[kind], obj, where)

    def enum(self, enum: type[Enum], value: Any, where: str) -> Enum:
        valid = [str(m.value) for m in enum]
        if not isinstance(value, str):
            self.fail(where, f"expected one of: {', '.join(valid)}; got {_kind(value)}")
        if value not in valid:
            self.fail(where, f"invalid value {value!r} (expected one of: {', '.join(valid)})")
        return enum(value)

    def items(
        self, obj: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> list[tuple[Any, str]]:
        """The elements of the list at ``obj[key]`` with their JSON paths."""
        if not required and obj.get(key) is None:
            return []
        here = _join(where, key)
        return [(v, f"{here}[{i}]") for i, v in enumerate(self.need(obj, key, where, list))]

    def need(self, obj: Mapping[str, Any], key: str, where: str, kind: type) -> Any:
        """``obj[key]``, which must be present and of type ``kind``."""
        if key not in obj:
            self.fail(_join(where, key), "missing required key")
        return self.expect(obj[key], kind, _join(where, key))

    def need_object(self, value: Any, where: str) -> dict[str, Any]:
        return typing.cast(dict[str, Any], self.expect(value, dict, where))

    def expect(self, value: Any, kind: type, where: str) -> Any:
        if kind is not object and not isinstance(value, kind):
            self.fail(where, f"expected {_KIND_WORDS[kind]}, got {_kind(value)}")
        return value

    def fail(self, where: str, problem: str) -> NoReturn:
        message = f"{where or '(top level)'}: {problem}"
        raise SkillcError(Diagnostic(code="SK003", message=message, path=self.path))


_KIND_WORDS: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    for kind, word in reversed(_KIND_WORDS.items()):
        if isinstance(value, kind):
            return word
    return type(value).__name__


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# --- Per-class tables, computed once -----------------------------------------------------------

_HINTS: dict[type, dict[str, Any]] = {}
_DEFAULTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default; a required field maps to a sentinel that equals nothing."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                defaults[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                defaults[f.name] = f.default_factory()
            else:
                defaults[f.name] = object()
        _DEFAULTS[cls] = defaults
    return defaults


def _required(cls: type) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


def _is_block(cls: type) -> bool:
    return issubclass(cls, Block)
