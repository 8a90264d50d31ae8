"""A pass's per-skill map shared by the parent and one forked child (``-j2`` and up), for
modules too small for a pool.

Why: on a small module the passes ran in the parent alone, one core idle, because a pool
(`skillc.compiler.pass_map.pass_map`) cost more than such a module's work (then two forked
workers and an executor for each wave of items). On bashref.pdf at ``-j2`` the passes were a
fifth of the build's wall time, all of it serial. Here the parent keeps half the items and
forks one child for the other half: the child inherits the module, the loaded passes and the
token counter's tables with the parent's memory (a fork of the build costs 1-2 ms), so
nothing is pickled on the way in, and only the child's half of the results comes back, as its
edits of the items (`skillc.ir.edits`). Measured on bashref.pdf (user CPU of each side):
progressive disclosure 50-59 ms in the parent and 53-56 ms (+10 ms pickling) in the child,
against about 105 ms in one process; classify-content 28 ms beside 26 ms, against about 53 ms.

Results never depend on the child: they are equal, in the same order, to
``[fn(item) for item in items]``, and when the child fails in any way (an exception in ``fn``,
killed, a truncated answer), the parent computes the child's half itself, so an error surfaces
from the parent as it would in one process. The child leaves with ``os._exit``: it runs no
``atexit`` handler and flushes no buffer it inherited, so it writes nothing of the parent's.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from skillc.compiler.child import Pending
from skillc.compiler.parallel import resolve_jobs
from skillc.compiler.pass_map import item_units
from skillc.ir.edits import applied, edits

__all__ = ["Pending", "beside_map", "can_fork", "deal", "map_beside"]


def beside_map(jobs: int) -> Callable[..., list[Any]] | None:
    """The passes' ``beside_map`` for ``-j jobs``: `map_beside`, or ``None`` for one process
    or where processes cannot be forked."""
    if resolve_jobs(jobs) <= 1 or not hasattr(os, "fork"):
        return None
    return map_beside


def can_fork() -> bool:
    """Whether a child can be forked safely now: ``os.fork`` exists and no other thread runs
    (forking a threaded process can deadlock on a lock the other thread held)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def map_beside(fn: Callable[[Any], Any], items: Sequence[Any], share: float = 0.5) -> list[Any]:
    """``[fn(item) for item in items]``, about ``share`` of the work in a forked child
    (module docstring; `deal`).

    In one process when there is nothing to share or when another thread runs (forking a
    threaded process can deadlock on a lock the other thread held)."""
    mine, theirs = deal(items, share) if len(items) > 1 and can_fork() else ([], [])
    if not theirs:
        return [fn(item) for item in items]
    child = Pending(_each, (fn, [items[i] for i in theirs]))
    try:
        done = {i: fn(items[i]) for i in mine}
    except BaseException:
        child.cancel()  # it may wait to write into a pipe nobody reads any more
        raise
    for i, edit in zip(theirs, child.result(), strict=True):
        done[i] = applied(edit, items[i])
    return [done[i] for i in range(len(items))]


def _each(task: tuple[Callable[[Any], Any], list[Any]]) -> list[Any]:
    """The child's share of a map, ``(fn, items)``: each ``fn(item)`` as its edits of ``item``
    (`skillc.ir.edits`: the parent holds the same items and rebuilds the results from
    them, so only what ``fn`` changed is pickled)."""
    fn, items = task
    return [edits(fn(item), item) for item in items]


def deal(items: Sequence[Any], share: float = 0.5) -> tuple[list[int], list[int]]:
    """The indices of ``items`` in two parts, the child's about ``share`` of the work and never
    more (`item_units`; largest first, each to the part furthest below its target, the child's
    only while the item fits within its target; ties to the parent), each in input order: the
    parent's first. A plain function of the items, so the same on every run. An item too large
    for the child's part stays with the parent: the parent would otherwise wait for a child
    dealt more than its share.

    >>> deal(["a", "b", "c"])
    ([0, 2], [1])
    >>> deal(["a", "b", "c", "d"], share=0.25)
    ([0, 2, 3], [1])
    >>> deal(["a", "b", "c", "d"], share=0.2)  # a quarter of the work would be too much
    ([0, 1, 2, 3], [])
    """
    units = [item_units(item) for item in items]
    targets = (1.0 - share, share)
    room = share * sum(units)
    held = [0, 0]
    parts: tuple[list[int], list[int]] = ([], [])
    for i in sorted(range(len(items)), key=lambda i: (-units[i], i)):
        side = 0 if held[0] * targets[1] <= held[1] * targets[0] else 1
        if side == 1 and held[1] + units[i] > room:
            side = 0
        parts[side].append(i)
        held[side] += units[i]
    return sorted(parts[0]), sorted(parts[1])
