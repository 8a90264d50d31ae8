"""Read a build's sources in several processes (``skillc build -j N``), output unchanged.

Why processes: the frontends are pure-Python CPU work (lxml, docutils and pypdf are called from
Python and hold the GIL most of the time), so threads would not help; each source is read
independently of the others (cross-references resolve against labels collected beforehand), so
files can be handed out to a pool. A single large PDF would still keep one core busy for
minutes (R's 2,415-page reference manual: ~25 ms a page in pypdf), so a source whose frontend
can read it in parts (`Frontend.split`: a PDF's page ranges) is split: the workers read parts
(plain data), and the parent combines them in order (PDF: the cross-page work, running headers,
headings, chapters), as the frontend's whole-source ``read`` does. The work is plain tasks
(`skillc.compiler.tasks`) that name their frontend; this module knows no frontend. The results
come back in input order and the parent assembles them exactly as the serial path does, so
``-j1`` and ``-jN`` write byte-identical outputs, provenance and diagnostics included.

How: the parent opens every splittable source first (pypdf needs the page count to split, and
opening some files costs seconds: refman.pdf's page tree sits in object streams, ~4 s), then
starts the pool. With the ``fork`` start method the workers inherit the shared state (inputs,
cross-reference targets) and the opened sources, so a task is just a name, an index and a part
range and no PDF is parsed twice. ``fork`` is only used while the parent runs a single thread
(forking a threaded process can deadlock on a lock another thread held); otherwise, and where
``fork`` does not exist, the pool is ``spawn``ed, the shared state is pickled once per worker and
each worker reopens the sources it is given parts of. While the workers read, the parent does
each split source's own share (`Split.prepare`: a PDF's outline and title).
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import select as io_select
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from skillc import tokens
from skillc.compiler.child import Pending
from skillc.compiler.collector import frozen, unswept
from skillc.compiler.frontends.frontend import Split
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.table import by_name
from skillc.compiler.guided import guided_cuts
from skillc.compiler.inputs import InputFile
from skillc.compiler.packed_inventory import packed
from skillc.compiler.read_batches import Read, submitted
from skillc.compiler.reuse import reuse
from skillc.compiler.source_options import check_ranges, select
from skillc.compiler.tasks import (
    Declared,
    Declaring,
    Outcome,
    ReadParts,
    ReadSource,
    Shared,
    crash_diagnostic,
    read_declaring,
)
from skillc.diagnostics import Diagnostic, SkillcError
from skillc.ir.edits import applied, edits
from skillc.ir.nodes import Skill

#: A source is cut into about this many part ranges per worker: enough for the pool to even out
#: parts of unequal cost, few enough that per-task overhead stays negligible.
RANGES_PER_JOB = 4
#: No range is shorter than this (a task costs ~1 ms of overhead; a PDF page ~10-30 ms).
MIN_PAGES_PER_RANGE = 16


def resolve_jobs(jobs: int) -> int:
    """The number of worker processes ``-j jobs`` asks for: ``0`` means one per CPU."""
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, not {jobs}")
    return jobs or os.cpu_count() or 1


# --- Worker side ----------------------------------------------------------------------------------

#: Stores a source's outcome (its index among the sources read, the outcome): `read_files`.
Put = Callable[[int, Outcome], None]

# Set in each worker by `_init` (inherited unpickled under fork); the parent never reads it.
_WORKER: dict[str, Any] = {}


def _init(
    state: Shared, opened: dict[int, Any], ids: frozenset[str] | None = None, put: Put | None = None
) -> None:
    _WORKER.update(state=state, opened=dict(opened), ids=ids, put=put)


def _run_source(task: ReadSource) -> Read:
    """The outcome, its inventory packed here (`skillc.compiler.packed_inventory`): the
    parent then holds it as the bytes it receives, never as the tuples it would unpickle;
    and the toctrees the page declares (`tasks.Declaring`). Stored here too, when the build
    caches (`read_files`' ``put``)."""
    state = _WORKER["state"]
    (reason, result), declared = read_declaring(
        state.files[task.index], state.targets, _WORKER["ids"]
    )
    if result is not None and result.inventory is not None:
        result = replace(result, inventory=packed(result.inventory))
    if _WORKER["put"] is not None:
        _WORKER["put"](task.index, (reason, result))
    return (reason, result), declared


def _run_sources(tasks: tuple[ReadSource, ...]) -> list[Read]:
    """`_run_source` of each task of a batch (`read_batches`), sent back together."""
    return [_run_source(task) for task in tasks]


def _run_parts(task: ReadParts) -> list[Any]:
    return task.run(_WORKER["state"], _WORKER["opened"])


# --- Parent side ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _SplitSource:
    """A source read in parts: its split, opened source (parent side), futures of its part
    ranges, or a result.

    ``result`` is set when the source never reaches the workers (it did not open: an
    encrypted or corrupt PDF) or once it has been combined.
    """

    split: Split
    opened: Any = None
    parts: int = 0
    ranges: tuple[Future[list[Any]], ...] = ()
    result: FrontendResult | None = None
    prepared: Any = None


def page_ranges(pages: int, jobs: int) -> list[tuple[int, int]]:
    """``pages`` (1-based) cut into consecutive inclusive ranges for ``jobs`` workers."""
    if pages <= 0:
        return []
    size = max(MIN_PAGES_PER_RANGE, math.ceil(pages / (jobs * RANGES_PER_JOB)))
    return [(first, min(first + size - 1, pages)) for first in range(1, pages + 1, size)]


def read_files(
    state: Shared,
    jobs: int,
    executor: str = "local",
    meanwhile: Callable[[], None] | None = None,
    declaring: Declaring | None = None,
    put: Put | None = None,
) -> Iterator[Outcome]:
    """Each source's outcome, in input order, read by up to ``jobs`` processes.

    ``meanwhile`` is called once in the parent while the pool's workers read (after the
    parent's own share of the split sources), for the caller's later work that does not
    depend on what is read: the parent would otherwise wait idle for the parts (bashref at
    ``-j2``: ~0.8 s with one core free). Not called when no pool is started.

    The serial path (`tasks.read_source`, through `tasks.read_declaring`) is used when one
    process is enough (``jobs`` is 1, or there is one task: a single text file or a short
    PDF), so that path does not pay for a pool. ``executor`` ``dask://HOST:PORT`` runs the
    same tasks on a Dask cluster instead (`skillc.compiler.distributed`). ``declaring``, when
    given, receives the toctrees of the pages read in this machine's processes
    (`tasks.Declaring`). ``put``, when given, is called with each source's index and outcome
    where the outcome is made (the build cache's write, `cache.reads`: in the worker that
    read the source, so the parent neither pickles the outcome again nor writes it; a
    source read in parts, where its parts are combined). Not called for a cluster's reads.
    """
    if executor != "local":
        from skillc.compiler.distributed import read_on_cluster

        yield from read_on_cluster(state, executor)
        return
    files = state.files
    workers = resolve_jobs(jobs)
    splittable = {i: by_name(f.frontend).split for i, f in enumerate(files)}
    if workers <= 1 or (len(files) <= 1 and not any(splittable.values())):
        yield from _read_here(state, declaring, put)
        return
    split = {i: _open(s, files[i]) for i, s in splittable.items() if s is not None}
    ranges = {
        i: select(page_ranges(s.parts, workers), files[i].parts)
        for i, s in split.items()
        if s.result is None
    }
    tasks = len(files) - len(split) + sum(len(r) for r in ranges.values())
    if tasks <= 1:
        yield from _read_here(state, declaring, put)
        return
    opened = {i: split[i].opened for i in ranges}
    ids = declaring.ids if declaring is not None else None
    fork = can_fork()
    with (
        frozen(fork),
        ProcessPoolExecutor(
            max_workers=min(workers, tasks),
            mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
            initializer=_init,
            initargs=(state, opened if fork else {}, ids, put),
        ) as pool,
    ):
        try:
            # Part ranges first: the largest work starts first, so no worker idles at the end.
            for i, cuts in ranges.items():
                name = files[i].frontend
                split[i].ranges = tuple(
                    pool.submit(_run_parts, ReadParts(name, i, a, b)) for a, b in cuts
                )
            # whole sources in batches: fewer results for this process to receive
            singles = [(i, files[i].frontend) for i in range(len(files)) if i not in split]
            whole = submitted(
                singles, min(workers, tasks), lambda batch: pool.submit(_run_sources, batch)
            )
            with unswept(fork):  # the workers are forked: see `unswept`
                for source in split.values():  # the parent's share while the workers read
                    _prepare(source)
                if meanwhile is not None:
                    meanwhile()
                for i, item in enumerate(files):
                    if i in whole:
                        batch, k = whole[i]
                        alone = batch.alone(k, lambda task: pool.submit(_run_source, task))
                        yield _result(alone, item.id, declaring)
                    else:
                        combined = _combine(split[i], item.id, pool_map(pool))
                        if put is not None:
                            put(i, ("", combined))
                        yield "", combined
        except BrokenProcessPool as error:  # a worker killed (out of memory?): no page is safe
            pool.shutdown(wait=True, cancel_futures=True)
            raise SkillcError(_died(workers, error)) from None
        except BaseException:  # a frontend bug, Ctrl-C: stop now, not after the queued work
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def can_fork() -> bool:
    """Whether workers may be forked: the platform has ``fork`` and this process runs one
    thread (a fork beside other threads can inherit a lock one of them holds)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


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
        return _forked_map(fn, items, count)

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
    """``[fn(i) for i in items]``, computed by this process and ``count - 1`` forked children
    at a time that inherit ``fn`` and ``items``: the items are cut into batches (`batches`);
    each child takes one from the front and sends its results back as their edits of the
    items (`_run_batch`), which this process applies (`applied`), and a new child is forked
    for the next batch as soon as one ends; this process takes batches from the back and
    maps them itself, looking for ended children after each item (`_Children`).

    Why a child per batch: a forked child shares the parent's pages only until it touches
    them, and reading an object touches it (its reference count), so a child ends up with its
    own copy of every page holding an item it was given. One pool for all the items left its
    two workers holding a copy of nearly the whole module between them (python-doc at 4x: the
    peak of the build, ~200 MB over the parent's); a child exits with its batch, and its
    copies go, so what the children hold stays about ``count`` batches whatever the corpus.

    Why this process works too, rather than waiting for ``count`` children: what it maps
    itself costs no fork, no page copied by a child, no result pickled, sent and applied.
    With two children and this process waiting, python-doc's -j2 passes spent 4.9 s of CPU
    in the children for 4.2 s of work, and this process 0.3 s (progressive disclosure) and
    0.15 s (classify-content) applying edits after the children had ended, one core idle.

    A child that fails in any way (an exception in ``fn``, killed) leaves its batch to the
    parent (`skillc.compiler.child.Pending`): the results, and any error, are those of one
    process."""
    results: list[Any] = [None] * len(items)
    _INHERITED.append((fn, items))
    gc.freeze()  # not undone here: the build's `compile_module` unfreezes once the passes end
    children = _Children(deque(batches(items, count)), count - 1, results, items)
    try:
        children.fill()
        while children.todo:
            first, end = children.todo.pop()
            for index in range(first, end):
                results[index] = fn(items[index])
                children.take(wait=False)
        while children.running:
            children.take(wait=True)
    finally:
        children.cancel()
        _INHERITED.pop()
    return results


class _Children:
    """The children of one `_forked_map`: the batches not yet begun (``todo``), the children
    computing one (``running``: by the end of the pipe of each, the child and its batch), at
    most ``count`` at once; each ended child's results are stored into ``results`` as their
    edits of ``items`` applied."""

    def __init__(
        self, todo: deque[tuple[int, int]], count: int, results: list[Any], items: Sequence[Any]
    ) -> None:
        self.todo, self.count, self.results, self.items = todo, count, results, items
        self.running: dict[int, tuple[Pending[Any, Any], tuple[int, int]]] = {}

    def fill(self) -> None:
        """Fork a child for each batch at the front of ``todo`` while fewer than ``count``
        run."""
        while self.todo and len(self.running) < self.count:
            bounds = self.todo.popleft()
            child: Pending[Any, Any] = Pending(_run_batch, (bounds, tokens.learned()))
            self.running[child.fileno()] = (child, bounds)

    def take(self, wait: bool) -> None:
        """Store the results of the children that have ended (``wait``: at least one, waiting
        for it), and fork the next ones."""
        if not self.running:
            return
        ready, _, _ = io_select.select(list(self.running), [], [], None if wait else 0)
        for end in ready:
            child, (first, stop) = self.running.pop(end)
            done, learned = child.result()
            tokens.learn(learned)
            self.results[first:stop] = map(applied, done, self.items[first:stop])
        if ready:
            self.fill()

    def cancel(self) -> None:
        """Stop the children still running (their results will not be asked for)."""
        for child, _ in self.running.values():
            child.cancel()
        self.running.clear()


#: The work units (`item_units`: about one per block an item holds) one child of
#: `_forked_map` is given at most. python-doc's frontends read about 60,000 spans per 530
#: pages: about ten batches for it, forty at four times its size. Two children at once hold
#: what a wave of 12,500 units held when two pool workers shared it: with waves of 12,500 the
#: peak of a cold -j2 build of python-doc was 197-200 MB at 1x and 340 MB at 4x
#: (`tools/bench_memory.py`), against 224 and 372 MB with waves of 25,000. At -j2 one child
#: runs at a time beside the parent, which maps batches too: 171-179 MB at 1x, 315 MB at 4x.
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
        raise SkillcError(_died(workers, error)) from None


def _read_here(state: Shared, declaring: Declaring | None, put: Put | None) -> Iterator[Outcome]:
    """Each source's outcome read in this process (``declaring``, ``put``: see
    `read_files`)."""
    ids = declaring.ids if declaring is not None else None
    for index, item in enumerate(state.files):
        outcome, declared = read_declaring(item, state.targets, ids)
        _declared(declaring, item.id, declared)
        if put is not None:
            put(index, outcome)
        yield outcome


def _result(
    future: Future[Read],
    source_id: str,
    declaring: Declaring | None = None,
) -> Outcome:
    """A worker's outcome for a whole source; a frontend crash fails the page (SK081)."""
    try:
        outcome, declared = future.result()
    except BrokenProcessPool:
        raise
    except Exception as error:  # `read_source` catches in the worker; this is what it could not
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(source_id, error),))
    _declared(declaring, source_id, declared)
    return outcome


def _declared(declaring: Declaring | None, source_id: str, declared: Declared | None) -> None:
    if declaring is not None and declared is not None:
        declaring.found[source_id] = declared


def _died(workers: int, error: BaseException) -> Diagnostic:
    message = (
        f"a worker process of -j {workers} died while reading the sources ({error}); "
        "nothing was written (try fewer jobs: -j 1)"
    )
    return Diagnostic(code="SK081", message=message, path="<build>")


def _open(split: Split, item: InputFile) -> _SplitSource:
    """``item`` opened in the parent, or its result already when it does not open."""
    opened = split.open(item.data, item.id)
    if isinstance(opened, FrontendResult):
        return _SplitSource(split=split, result=opened)
    check_ranges(item.id, item.parts, opened[1])
    return _SplitSource(split=split, opened=opened[0], parts=opened[1])


def _prepare(source: _SplitSource) -> None:
    if source.result is not None:
        return
    try:
        source.prepared = source.split.prepare(source.opened)
    except Exception as error:  # handed to `combine`, which reports the source unreadable
        source.prepared = error


def pool_map(
    pool: ProcessPoolExecutor, weight: Callable[[Any], int] | None = None
) -> Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]:
    """A `Map` over ``pool``: for a split source's ``combine``, the reading pool, whose workers
    are idle by then (PDF: each skill assembled in a worker; bashref: ~0.3 s of the parent's
    serial work); for the build's risk scan, a pool of its own. Results in input order; the
    largest items (``weight``, else `_weight`) are handed out first, so no worker idles at the
    end. If the pool died, the parent does the work itself: the same results, in the same
    order."""
    size = weight or _weight

    def run(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if len(items) < 2:
            return [fn(item) for item in items]
        try:
            futures: dict[int, Future[Any]] = {}
            for i in sorted(range(len(items)), key=lambda k: -size(items[k])):
                futures[i] = pool.submit(fn, items[i])
            return [futures[i].result() for i in range(len(items))]
        except BrokenProcessPool:
            return [fn(item) for item in items]

    return run


def _weight(item: Any) -> int:
    """How much work an item is, roughly: the length of its first field when that is a
    sequence (PDF: the pages a skill spans)."""
    first = item[0] if isinstance(item, tuple) and item else item
    return len(first) if isinstance(first, Sequence) else 0


def _combine(
    source: _SplitSource,
    source_id: str,
    map_: Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]] | None = None,
) -> FrontendResult:
    """What the frontend's ``read`` returns for the source, from the parts the workers read
    (``map_``: for the frontend's independent pieces of that work, see `pool_map`)."""
    if source.result is not None:
        return source.result
    try:
        parts = [part for future in source.ranges for part in future.result()]
    except BrokenProcessPool:  # a dead worker: the whole pool is gone, see `read_files`
        raise
    except Exception as error:  # `read_parts` never raises: a bug, reported as a crash
        result = FrontendResult(skills=(), diagnostics=(crash_diagnostic(source_id, error),))
        source.result, source.opened, source.ranges = result, None, ()
        return result
    if map_ is None:
        result = source.split.combine(parts, source.prepared, source_id)
    else:
        result = source.split.combine(parts, source.prepared, source_id, map_)
    source.result, source.opened, source.ranges = result, None, ()  # free the parts once used
    return result


__all__ = ["can_fork", "page_ranges", "pass_map", "pool_map", "read_files", "resolve_jobs"]
