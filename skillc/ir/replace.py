"""`replace`: `dataclasses.replace` for IR nodes, without its per-call walk of the fields.

Why: passes rebuild nodes with ``replace`` (DESIGN.md), about 240,000 times in a build of
python-doc. `dataclasses.replace` looks up the class's fields, checks each one's kind, builds a
keyword dict and calls the generated ``__init__``, which sets every field through
``object.__setattr__`` (the class is frozen): about 3 us a call, most of it the same work for
every node of a class. Here each class gets one function, generated once, that checks the
changed names and sets each field from the change or the old node: about a third of that.

Same result: a new instance of the node's class whose fields are the old node's, changed where
asked; an unknown field name raises `TypeError` as `dataclasses.replace` does. Only classes the
shortcut is exact for get it (a slot per field and no other, the generated ``__init__``, every
field set by it, no ``__post_init__``, no ``InitVar``): `skillc.diagnostics.span.Span`, which
packs its numbers in one slot, and any other dataclass go through `dataclasses.replace`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["is_plain_node", "replace"]

T = TypeVar("T")

#: Per class: the function that replaces its fields (`_compiled`), or `dataclasses.replace`.
_REPLACERS: dict[type, Callable[..., Any]] = {}


def replace(obj: T, /, **changes: Any) -> T:
    """``obj`` with ``changes``: what ``dataclasses.replace(obj, **changes)`` returns.

    >>> from skillc.ir.nodes import Prose
    >>> replace(Prose(id="p", text="a"), text="b")
    Prose(id='p', prov=(), cls=<ContentClass.CORE_RULE: 'core_rule'>, \
placement=<Placement.BODY: 'body'>, reference='', reason='', text='b')
    """
    cls = type(obj)
    replacer = _REPLACERS.get(cls)
    if replacer is None:
        replacer = _REPLACERS[cls] = _replacer(cls)
    result: T = replacer(obj, **changes)
    return result


def _replacer(cls: type) -> Callable[..., Any]:
    """The replacing function for ``cls``: generated when the shortcut is exact for it."""
    if not is_plain_node(cls):
        return dataclasses.replace
    return _compiled(cls, [f.name for f in dataclasses.fields(cls)])


def is_plain_node(cls: type) -> bool:
    """Whether an instance of ``cls`` is its fields and nothing else, set by the generated
    ``__init__`` as given: a slot per field and no other, no ``__init__`` of its own, no
    ``__post_init__``, every field an ``__init__`` argument, no ``InitVar``. For such a class
    `replace` sets the fields itself, and a node rebuilt from its fields
    (`skillc.ir.edits`) is equal to the one it was read from."""
    if not dataclasses.is_dataclass(cls):
        return False
    fields = dataclasses.fields(cls)
    return (
        bool(fields)
        and _slots(cls) == {f.name for f in fields}
        and _generated(cls.__dict__.get("__init__"))
        and not hasattr(cls, "__post_init__")
        and all(f.init for f in fields)
        and len(fields) == len(getattr(cls, "__dataclass_fields__", {}))
    )


def _slots(cls: type) -> set[str] | None:
    """The slots of ``cls`` and its bases (a slotted dataclass lists only the fields it adds:
    `skillc.ir.nodes.Prose` its ``text``, `Node` the ``id`` and ``prov`` it inherits), or
    ``None`` when one of them has none, so that instances carry a ``__dict__`` too."""
    slots: set[str] = set()
    for klass in cls.__mro__[:-1]:  # not ``object``
        own = klass.__dict__.get("__slots__")
        if own is None:
            return None
        slots.update((own,) if isinstance(own, str) else own)
    return slots


def _generated(init: object) -> bool:
    """Whether ``init`` is an ``__init__`` `dataclasses` generated (compiled from a string, by
    `dataclasses` or from `skillc.dataclass_code`'s table), not one written in a class."""
    code = getattr(init, "__code__", None)
    return getattr(code, "co_filename", "") == "<string>"


def _compiled(cls: type, names: list[str]) -> Callable[..., Any]:
    """``def replace(obj, **changes)`` for ``cls``, one line per field: set from ``changes``
    when named there, else from ``obj``."""
    lines = [
        "def replace(obj, /, **changes):",
        "    if not changes.keys() <= NAMES:",
        "        unknown = sorted(changes.keys() - NAMES)[0]",
        "        raise TypeError(f'{CLS.__name__}.__init__() got an unexpected keyword"
        " argument {unknown!r}')",
        "    new = NEW(CLS)",
    ]
    lines += [
        f"    SET(new, {name!r}, changes[{name!r}] if {name!r} in changes else obj.{name})"
        for name in names
    ]
    lines.append("    return new")
    scope: dict[str, Any] = {
        "NAMES": frozenset(names),
        "CLS": cls,
        "NEW": object.__new__,
        "SET": object.__setattr__,
    }
    exec("\n".join(lines), scope)
    function: Callable[..., Any] = scope["replace"]
    return function
