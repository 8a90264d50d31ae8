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

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from skillc.compiler.collector import frozen, unswept
from skillc.compiler.frontends.frontend import Split
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.table import by_name
from skillc.compiler.inputs import InputFile
from skillc.compiler.packed_inventory import packed
from skillc.compiler.read_batches import Read, submitted
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
            raise SkillcError(worker_died(workers, error)) from None
        except BaseException:  # a frontend bug, Ctrl-C: stop now, not after the queued work
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def can_fork() -> bool:
    """Whether workers may be forked: the platform has ``fork`` and this process runs one
    thread (a fork beside other threads can inherit a lock one of them holds)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


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


def worker_died(workers: int, error: BaseException) -> Diagnostic:
    """The build's SK081 error for a worker of ``-j workers`` that died (killed: out of
    memory?): nothing was written."""
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


__all__ = [
    "can_fork",
    "page_ranges",
    "pool_map",
    "read_files",
    "resolve_jobs",
    "worker_died",
]
