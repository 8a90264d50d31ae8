"""Results that came back from a worker process, sharing the parts equal to what it was given.

Why: a pass run per skill in workers (``-j N``, `skillc.compiler.pass_map.pass_map`) gets its
results back pickled, so even the parts of a skill the pass did not change (most of its blocks,
spans and texts) arrive as new copies. The driver keeps the module the frontends read (the
baseline) to the end of the build, so each such pass added a whole second copy of the IR
(python-doc: ~50 MB at 1x, four times that at 4x), where one process shares the unchanged
parts. `reuse` puts the given parts back in place of their equal copies: the result is equal
to what the worker returned, and the copies are freed at once.

How: the result and the item are walked side by side (same type, same field, same position).
A string, number or enum equal to the item's is replaced by the item's; a tuple or a frozen
dataclass whose parts all came back as the item's is the item's. A tuple whose elements
moved (a block filed into a reference file) finds them by value among the item's elements.
The result is fresh (unpickled, seen by no one yet), so its dataclass fields are set in
place, bypassing ``frozen``, rather than rebuilt. Cost: one walk of the results, linear in
their size.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any, TypeVar

from skillc.diagnostics.span import Span

__all__ = ["reuse"]

T = TypeVar("T")

#: Values compared by ``==``: they hold no parts of their own (a `Span`'s numbers are one
#: packed int, read through properties: there is no field to share).
_ATOMS = (str, bytes, int, float, Enum, Span)


def reuse(new: T, old: object) -> T:
    """``new`` with every part equal to ``old``'s part at the same place made that part; ``old``
    itself when all are (module doc)."""
    if new is old or type(new) is not type(old):
        return new
    if isinstance(new, _ATOMS):
        return old if new == old else new
    if type(new) is tuple:
        return _tuple(new, old)  # type: ignore[arg-type,return-value]
    if is_dataclass(new) and not isinstance(new, type):
        return _fields(new, old)
    return new


def _fields(new: T, old: object) -> T:
    """A dataclass result with its fields shared with ``old``'s; ``old`` when all are."""
    same = True
    for spec in fields(new):  # type: ignore[arg-type]
        mine, theirs = getattr(new, spec.name), getattr(old, spec.name)
        part = reuse(mine, theirs)
        if part is not mine:
            object.__setattr__(new, spec.name, part)
        same = same and part is theirs
    return old if same else new  # type: ignore[return-value]


def _tuple(new: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    """A tuple result with its elements shared with ``old``'s (by position when it has as many,
    else by value); ``old`` when all are."""
    if len(new) == len(old):
        parts = tuple(reuse(a, b) for a, b in zip(new, old, strict=True))
        if all(a is b for a, b in zip(parts, old, strict=True)):
            return old
    else:
        known: dict[Any, Any] = {}
        for item in old:
            if _known(item, known) is item:
                known[item] = item
        parts = tuple(_known(item, known) for item in new)
    return new if all(a is b for a, b in zip(parts, new, strict=True)) else parts


def _known(item: Any, known: dict[Any, Any]) -> Any:
    """The value of ``known`` equal to ``item``, else ``item``."""
    try:
        return known.get(item, item) if isinstance(item, Hashable) else item
    except TypeError:  # an unhashable value inside a hashable-looking one (a list in a tuple)
        return item
