"""The passes' memo: per-skill results of pure work kept across builds, taken back by key.

Why: after a one-page edit every other skill reaches the passes as it was, and the per-skill
work (classifying, rendering and linting, disclosing) was done again for all of them. A pass
maps its skills through `memoized_map` (or `registry.PassContext.memo_map`): each result is
kept under a key naming everything it depends on (`memo_key`: the key's value pickled and
hashed; skills an earlier memoized map made stand in by that map's key, `memo_keys`), and a
later build takes it back instead of computing it. The build cache keeps the memo
(`skillc.compiler.cache.memo`); without one, the map is a plain map.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from skillc.passes.memo_keys import Made

T = TypeVar("T")


def memo_key(value: object) -> str:
    """The memo key of ``value`` (`PassContext.memo_map`): its pickle, hashed."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(data).hexdigest()


#: How a memoized map keeps a result: ``(keep(result, item), back(kept, item))``, the value
#: stored and the result it gives back; see `memoized_map`.
Stored = tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]


def memoized_map(
    memo: Memo | None,
    map_: Callable[[list[Any]], list[T]],
    items: Sequence[Any],
    *,
    key: Callable[[Any], object],
    valid: Callable[[Any, Any], bool],
    stored: Stored | None = None,
    made: Made | None = None,
    named: list[str] | None = None,
) -> list[T]:
    """``map_(items)``, each result kept in ``memo`` under ``key(item)`` and taken back when
    ``valid(kept, item)``; only the items without one are handed to ``map_`` (in order).
    ``stored``, when given, says how a result is kept: ``keep(result, item)`` is stored (and
    is what ``valid`` is asked about) and ``back(kept, item)`` gives the result again, for a
    result kept as what it changed of its item (`skillc.ir.edits`). ``made``: the skills the
    build's memoized maps made, named in keys by the work that made them, and which this
    map's results join (`skillc.passes.memo_keys`); ``named``, when given, receives each
    item's key, in order (none without a memo). See `PassContext.memo_map`."""
    if memo is None:
        return map_(list(items))
    stand_ins = made.stand_ins if made is not None else _as_it_is
    keys = [memo_key(stand_ins(key(item))) for item in items]
    if named is not None:
        named.extend(keys)
    done: dict[int, T] = {}
    for i, name in enumerate(keys):
        found = memo.get(name)
        if found is not None and valid(found, items[i]):
            done[i] = found if stored is None else stored[1](found, items[i])
    todo = [i for i in range(len(items)) if i not in done]
    for i, result in zip(todo, map_([items[i] for i in todo]), strict=True):
        done[i] = result
        memo.put(keys[i], result if stored is None else stored[0](result, items[i]))
    if made is not None:
        for i, name in enumerate(keys):
            made.note(done[i], name)
    return [done[i] for i in range(len(items))]


def _as_it_is(key: object) -> object:
    return key


class Memo(Protocol):
    """Results of pure per-skill work kept across builds (the build cache, issue 15): a pass
    that uses it stores a value under a key that names everything the value depends on, and
    takes it back instead of recomputing. ``get`` returns ``None`` for a missing key."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


__all__ = ["Memo", "Stored", "memo_key", "memoized_map"]
