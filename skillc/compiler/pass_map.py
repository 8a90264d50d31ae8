"""The passes' map over forked children (``skillc build -j N``): a pass hands its per-skill
work here, and gets the results of one process, in input order.

Why a module of its own: reading the sources (`skillc.compiler.parallel`) hands out files to a
pool of workers that live for the whole read; a pass's map forks a child per batch of skills,
which inherits them with the parent's memory and sends back only its edits of them, while the
parent maps batches too. The two share the start-method check (`can_fork`), the number of
jobs (`resolve_jobs`) and what a dead worker is (`worker_died`).
"""

from __future__ import annotations

import gc
import multiprocessing
import select as io_select
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from skillc import tokens
from skillc.compiler.child import Pending
from skillc.compiler.guided import guided_cuts
from skillc.compiler.parallel import can_fork, resolve_jobs, worker_died
from skillc.compiler.reuse import reuse
from skillc.diagnostics import SkillcError
from skillc.ir.edits import applied, edits
from skillc.ir.nodes import Skill

__all__ = ["BATCH_UNITS", "MIN_BATCH_UNITS", "batches", "item_units", "pass_map"]


def pass_map(jobs: int) -> Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]] | None:
    """The passes' ``parallel_map`` for ``-j jobs`` (`skillc.passes.registry.PassContext`):
    ``None`` for one process, else a map over a process pool, results in input order.

    Why: after reading, the passes took as long as the reading (python-doc: progressive
    disclosure alone about half the build, one skill at a time); a pass whose per-skill work
    is independent hands it to this map, so ``-j2`` uses both cores there too. Same start
    method as the reading pool (``fork`` while single-threaded), same answer to a dead worker.
    Passes call it only for work that pays for a pool (`skillc.passes.registry.worth_a_pool`,
    estimated from the items): a small module's passes run in the parent at any ``-j``.

    Under ``fork`` the items are not pickled: the workers inherit them (and ``fn``) with the
    parent's memory and are handed index ranges, so only the results travel (a module's skills
    pickled to the workers cost as much as a cheap pass), and they travel as edits of the
    items the parent holds too (`skillc.ir.edits`): what the pass changed, not the whole
    skill it returned (python-doc's progressive disclosure: 1.1 MB instead of 15 MB, and 0.3 s
    of the parent's time instead of 0.7). Under ``spawn`` the results come back whole and share
    their unchanged parts with the items afterwards (`reuse`). The parent's objects are frozen
    out of the garbage collector (`gc.freeze`, undone by `compile_module` when the passes end),
    so a worker's collections do not touch, and copy, every page it inherited.
    """
    workers = resolve_jobs(jobs)
    if workers <= 1:
        return None

    def run(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if len(items) < 2:
            return [fn(item) for item in items]
        fork = can_fork()
        count = min(workers, len(items))
        if not fork:
            chunk = max(1, len(items) // (count * 8))  # small chunks even out unequal skills
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                done = _mapped(workers, lambda: list(pool.map(fn, items, chunksize=chunk)))
            # pickled back: the parts a pass left alone are copies, freed for the items' own
            return [reuse(result, item) for result, item in zip(done, items, strict=True)]
        done = _forked_map(fn, items, count)  # edits of the items (`edits`)
        return [applied(edit, item) for edit, item in zip(done, items, strict=True)]

    return run


#: What the forked pass workers map: ``(fn, items)``, set in the parent just before the fork.
_INHERITED: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def _run_batch(task: tuple[tuple[int, int], int]) -> tuple[list[Any], list[tuple[str, int]]]:
    """The results for items ``first..end`` of the inherited map, each as its edits of its item
    (`skillc.ir.edits`: the parent holds the same item, inherited, and rebuilds the result
    from it); and the pre-token counts learned since the fork (``mark``: how many the process
    knew then), for the parent to keep (`skillc.tokens.learn`)."""
    (first, end), mark = task
    fn, items = _INHERITED[-1]
    done = [edits(fn(items[i]), items[i]) for i in range(first, end)]
    return done, tokens.learned_since(mark)


def _forked_map(fn: Callable[[Any], Any], items: Sequence[Any], count: int) -> list[Any]:
    """``[fn(i) for i in items]`` as edits of the items (`_run_batch`), by forked children that
    inherit ``fn`` and ``items``: one child per batch of items (`batches`), ``count`` at a time,
    a new one forked as soon as one ends.

    Why a child per batch: a forked child shares the parent's pages only until it touches
    them, and reading an object touches it (its reference count), so a child ends up with its
    own copy of every page holding an item it was given. One pool for all the items left its
    two workers holding a copy of nearly the whole module between them (python-doc at 4x: the
    peak of the build, ~200 MB over the parent's); a child exits with its batch, and its
    copies go, so what the children hold stays about ``count`` batches whatever the corpus.
    Why not a pool per wave of batches, as before: each wave waited for its slowest worker and
    started an executor of its own (python-doc: ~0.8 s of the -j2 passes' 3.8 s of forked
    maps were those waits and starts); a fork is ~3 ms of the parent's time.

    A child that fails in any way (an exception in ``fn``, killed) leaves its batch to the
    parent (`skillc.compiler.child.Pending`): the results, and any error, are those of one
    process."""
    results: list[Any] = [None] * len(items)
    _INHERITED.append((fn, items))
    gc.freeze()  # not undone here: the build's `compile_module` unfreezes once the passes end
    try:
        for (first, end), (done, learned) in _in_children(batches(items, count), count):
            tokens.learn(learned)
            results[first:end] = done
    finally:
        _INHERITED.pop()
    return results


def _in_children(
    todo: list[tuple[int, int]], count: int
) -> Iterator[tuple[tuple[int, int], tuple[list[Any], list[tuple[str, int]]]]]:
    """Each batch of ``todo`` with its `_run_batch` answer, as the children end (at most
    ``count`` run at once); the children still running are stopped if the caller stops."""
    waiting = deque(todo)
    running: dict[int, tuple[Pending[Any, Any], tuple[int, int]]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < count:
                bounds = waiting.popleft()
                child: Pending[Any, Any] = Pending(_run_batch, (bounds, tokens.learned()))
                running[child.fileno()] = (child, bounds)
            ready, _, _ = io_select.select(list(running), [], [])
            child, bounds = running.pop(ready[0])
            yield bounds, child.result()
    finally:
        for child, _ in running.values():
            child.cancel()


#: The work units (`item_units`: about one per block an item holds) one child of
#: `_forked_map` is given at most. python-doc's frontends read about 60,000 spans per 530
#: pages: about ten batches for it, forty at four times its size. Two children at once hold
#: what a wave of 12,500 units held when two pool workers shared it: with waves of 12,500 the
#: peak of a cold -j2 build of python-doc was 197-200 MB at 1x and 340 MB at 4x
#: (`tools/bench_memory.py`), against 224 and 372 MB with waves of 25,000.
BATCH_UNITS = 6_250
#: The fewest units a batch is cut to near the end of a map (below, a fork costs more than it
#: evens out).
MIN_BATCH_UNITS = 1_000


def batches(
    items: Sequence[Any], count: int = 2, limit: int | None = None
) -> list[tuple[int, int]]:
    """``items`` cut into consecutive ``(first, end)`` ranges for ``count`` children at once,
    each of at most ``limit`` work units (default `BATCH_UNITS`; an item over the limit
    alone), and smaller towards the end: half of what is left per child, down to
    `MIN_BATCH_UNITS`, so that the children end together rather than one waiting for the
    other's last batch. A plain function of the items, so the same on every run; the results
    do not depend on it.

    >>> batches(["a", "b", "c"], limit=2)
    [(0, 2), (2, 3)]
    """
    limit = BATCH_UNITS if limit is None else limit
    weights = [item_units(item) for item in items]
    return guided_cuts(weights, most=limit, fewest=MIN_BATCH_UNITS, parts=2 * count)


def item_units(item: Any) -> int:
    """How much of the module ``item`` holds, in blocks: one, plus the blocks of a skill, or
    of the skills and the length of the lists in a tuple (a source's block texts)."""
    if isinstance(item, Skill):
        return 1 + len(item.blocks)
    if type(item) is not tuple:
        return 1
    held = 1
    for part in item:
        if isinstance(part, Skill):
            held += len(part.blocks)
        elif isinstance(part, list | tuple):
            held += len(part)
    return held


def _mapped(workers: int, run: Callable[[], list[Any]]) -> list[Any]:
    """``run()``; a dead worker is the build's SK081 error, as when reading."""
    try:
        return run()
    except BrokenProcessPool as error:
        raise SkillcError(worker_died(workers, error)) from None
