"""How IR nodes travel between processes: a worker's module comes back to the parent pickled.

Why: under ``-j N`` every node the frontends read is unpickled in the parent, which holds the
module to the end of the passes, so what unpickling makes is what the build's memory grows
with (issue 15, flat memory). Two things made it more than needed:

- each node's short strings came back as a fresh copy per node: the block ids ``B1``,
  ``B2``... that every page repeats, step and scene ids, code languages, short trigger terms
  (python-doc: about 80,000 copies, ~5 MB of 49 MB at 1x). `node_pickling`'s ``__setstate__``
  interns every string of at most `SHORT` characters, in a field or a tuple field, so a
  value is held once however many nodes carry it; longer text is the page's own and left
  alone;
- the dataclasses' own ``__getstate__``/``__setstate__`` (added for frozen slotted classes)
  call ``dataclasses.fields`` per node, and set each field through a Python loop; these
  read and set the slots directly, so pickling costs less CPU, not more. Each class's
  ``__setstate__`` is written out for its fields (`_setstate_source`), as `dataclasses`
  writes ``__init__``: one assignment per field, and the test for a string to intern only
  on the fields declared ``str`` or ``tuple[str, ...]`` (an enum, a number, a tuple of
  nodes is set as it comes). The parent unpickles every node the workers read while they
  read on, competing with them for the cores: the loop over the fields and the tests of
  every value were ~60% of that (SQLite's 766 pages, 44,000 nodes: 0.12 s of unpickling
  standalone, 0.27 s in the build), written out ~25% less.

The state is the tuple of the fields' values in `dataclasses.fields` order, as the
dataclass's own list was; pickles carry no other change.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from operator import attrgetter
from sys import intern
from typing import Any

#: Strings up to this long are interned as nodes are unpickled: ids and names, not prose.
SHORT = 16


#: The declared types (as written, under ``from __future__ import annotations``) of the fields
#: whose strings are interned: a string, and a tuple of strings.
_STR = "str"
_STRS = "tuple[str, ...]"


def node_pickling(cls: type) -> None:
    """Give the frozen slotted dataclass ``cls`` the ``__getstate__``/``__setstate__`` above."""
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    get: Callable[[Any], Any] = attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name gives the value, not a 1-tuple
        one = get

        def get(node: Any) -> Any:
            return (one(node),)

    def __getstate__(self: Any) -> Any:
        return get(self)

    scope: dict[str, Any] = {"intern": intern, "_shared": _shared, "str": str, "SHORT": SHORT}
    scope.update((f"set_{name}", _setter(cls, name)) for name in names)
    kinds = tuple(f.type if isinstance(f.type, str) else "" for f in fields)
    exec(_setstate_source(names, kinds), scope)  # our own text, as dataclasses' is
    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 (mypy: no assigning to methods)
    setattr(cls, "__setstate__", scope["__setstate__"])  # noqa: B010


def _setstate_source(names: tuple[str, ...], kinds: tuple[str, ...]) -> str:
    """The text of a ``__setstate__`` for fields ``names`` declared ``kinds``: the state's
    values unpacked (its length checked, as ``zip(strict=True)`` would), each set through its
    slot's setter, a short string interned first (`SHORT`) when the field is declared to hold
    one, each short string of a tuple of strings likewise (`_shared`).

    >>> print(_setstate_source(("id", "level"), ("str", "int")), end="")
    def __setstate__(self, state):
        (v_id, v_level,) = state
        if type(v_id) is str and len(v_id) <= SHORT:
            v_id = intern(v_id)
        set_id(self, v_id)
        set_level(self, v_level)
    """
    lines = ["def __setstate__(self, state):"]
    lines.append(f"    ({''.join(f'v_{name}, ' for name in names).rstrip()}) = state")
    for name, kind in zip(names, kinds, strict=True):
        value = f"v_{name}"
        if kind == _STR:
            lines.append(f"    if type({value}) is str and len({value}) <= SHORT:")
            lines.append(f"        {value} = intern({value})")
        elif kind == _STRS:  # most are empty: not worth a call
            lines.append(f"    if {value}:")
            lines.append(f"        {value} = _shared({value})")
        lines.append(f"    set_{name}(self, {value})")
    return "\n".join(lines) + "\n"


def _shared(value: Any) -> Any:
    """A tuple of strings with its short ones interned; anything else as it is."""
    if type(value) is tuple and value and type(value[0]) is str:
        return tuple(intern(v) if type(v) is str and len(v) <= SHORT else v for v in value)
    return value


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The slot's own setter: it bypasses the frozen ``__setattr__``, as the dataclass's does."""
    slot = getattr(cls, name)
    if not isinstance(slot, types.MemberDescriptorType):
        raise TypeError(f"{cls.__name__}.{name} is not a slot")
    return slot.__set__


__all__ = ["SHORT", "node_pickling"]
