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
  read and set the slots directly, so pickling costs less CPU, not more.

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


def node_pickling(cls: type) -> None:
    """Give the frozen slotted dataclass ``cls`` the ``__getstate__``/``__setstate__`` above."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    setters = tuple(_setter(cls, name) for name in names)
    get: Callable[[Any], Any] = attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name gives the value, not a 1-tuple
        one = get

        def get(node: Any) -> Any:
            return (one(node),)

    def __getstate__(self: Any) -> Any:
        return get(self)

    def __setstate__(self: Any, state: Any) -> None:
        for set_, value in zip(setters, state, strict=True):
            kind = type(value)
            if kind is str:
                if len(value) <= SHORT:
                    value = intern(value)
            elif kind is tuple and value and type(value[0]) is str:
                value = tuple(intern(v) if type(v) is str and len(v) <= SHORT else v for v in value)
            set_(self, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 (mypy: no assigning to methods)
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The slot's own setter: it bypasses the frozen ``__setattr__``, as the dataclass's does."""
    slot = getattr(cls, name)
    if not isinstance(slot, types.MemberDescriptorType):
        raise TypeError(f"{cls.__name__}.{name} is not a slot")
    return slot.__set__


__all__ = ["SHORT", "node_pickling"]
