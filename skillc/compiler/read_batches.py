"""Whole sources handed to the reading pool in batches (`skillc.compiler.parallel.read_files`).

Why: each task's result is a message the parent's pool thread receives while the workers
read on, and each message costs the parent more than the unpickling of what it holds:
waking, polling the workers' pipes, handing the result to the waiting thread, and the task's
own pickling on the way out. SQLite's 766 pages were 766 tasks and ~0.2 s of the parent's CPU
at ``-j2`` (its pool threads: 0.43 s, 0.21 s in batches), taken from the cores the two
workers read on. The batches shrink towards the end (guided scheduling: at most the sources
left over `BATCHES_PER_JOB` per worker), so the last ones are single sources and the workers
finish together.

A batch changes no outcome: the outcomes come back in input order, each the one its source's
own task gives. When a batch's task fails as a whole (a result that does not pickle, an
error the frontend's own catch does not take), its sources are read again, one task each,
so that the failure is its source's alone (`Batch.alone`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from skillc.compiler.guided import guided_cuts
from skillc.compiler.tasks import Declared, Outcome, ReadSource

#: A source's result as a worker sends it: its outcome and the toctrees it declares.
Read = tuple[Outcome, Declared | None]

#: Whole sources are handed out in batches of at most this many ...
MAX_BATCH = 16
#: ... and of at most the sources left over this many per worker.
BATCHES_PER_JOB = 8


def batches(count: int, jobs: int) -> list[tuple[int, int]]:
    """``count`` whole sources cut into consecutive ``(first, end)`` batches for ``jobs``
    workers: each at most `MAX_BATCH` sources and at most the sources left over
    ``jobs * BATCHES_PER_JOB``, at least one.

    >>> cuts = batches(766, 2)  # SQLite's pages
    >>> len(cuts), cuts[:2], cuts[-2:]
    (99, [(0, 16), (16, 32)], [(764, 765), (765, 766)])
    """
    return guided_cuts([1] * count, most=MAX_BATCH, fewest=1, parts=jobs * BATCHES_PER_JOB)


@dataclass(slots=True)
class Batch:
    """Consecutive whole sources read by one task, and each source's result once taken."""

    tasks: tuple[ReadSource, ...]
    future: Future[list[Read]]
    taken: tuple[Future[Read], ...] = ()

    def alone(self, k: int, submit: Callable[[ReadSource], Future[Read]]) -> Future[Read]:
        """The future of the ``k``th source's result alone: from the batch's results, or,
        when the batch's task raised, from the source's own task (``submit``), as when every
        source was a task of its own. A dead pool (`BrokenProcessPool`) is raised."""
        if not self.taken:
            try:
                results = self.future.result()
            except BrokenProcessPool:
                raise
            except Exception:
                self.taken = tuple(submit(task) for task in self.tasks)
            else:
                self.taken = tuple(_done(result) for result in results)
        return self.taken[k]


def submitted(
    sources: Sequence[tuple[int, str]],
    jobs: int,
    submit: Callable[[tuple[ReadSource, ...]], Future[list[Read]]],
) -> dict[int, tuple[Batch, int]]:
    """``sources`` (index, frontend name) handed to a pool of ``jobs`` workers in `batches`
    (``submit``: one batch's task): each source's index -> its batch and its place in it."""
    found: dict[int, tuple[Batch, int]] = {}
    for first, end in batches(len(sources), jobs):
        tasks = tuple(ReadSource(name, index) for index, name in sources[first:end])
        batch = Batch(tasks, submit(tasks))
        found.update((task.index, (batch, k)) for k, task in enumerate(tasks))
    return found


def _done(result: Read) -> Future[Read]:
    future: Future[Read] = Future()
    future.set_result(result)
    return future


__all__ = ["BATCHES_PER_JOB", "MAX_BATCH", "Batch", "Read", "batches", "submitted"]
