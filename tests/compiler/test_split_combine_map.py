"""A split PDF's skills are assembled by the reading pool's workers, and come out as the
serial path makes them.

Why: once the workers have read the pages, the parent's `combine` was serial work (bashref:
~0.3 s of skill assembly, about a fifth of a `-j2` build) while the workers idled. Each skill
reads only its own pages, so `parallel.pool_map` hands the skills to the pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from skillc.compiler import parallel
from skillc.compiler.driver import read_sources
from skillc.compiler.inputs import collect

PDF = Path(__file__).resolve().parents[2] / "corpora/guides/docbook-xsl-pdf/src"


def _where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_the_pool_map_runs_in_the_workers_and_keeps_the_input_order() -> None:
    items = [3, 1, 4, 1, 5, 9, 2, 6]
    with ProcessPoolExecutor(max_workers=2) as pool:
        found = parallel.pool_map(pool)(_where, items)
    assert [value for value, _ in found] == [i * i for i in items]
    assert os.getpid() not in {pid for _, pid in found}


class _Dead:
    """A pool whose worker died: every submission fails as a broken pool's does."""

    def submit(self, fn: Callable[[Any], Any], item: Any) -> Future[Any]:
        raise BrokenProcessPool("a worker died")


def test_a_dead_pool_leaves_the_work_to_the_parent_with_the_same_results() -> None:
    items = [2, 7, 1]
    found = parallel.pool_map(_Dead())(_where, items)  # type: ignore[arg-type]
    assert found == [(4, os.getpid()), (49, os.getpid()), (1, os.getpid())]


def test_a_split_pdfs_skills_go_to_the_pool_and_equal_the_serial_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not PDF.is_dir():
        pytest.skip("docbook-xsl-pdf not fetched (make corpora)")
    files = collect([str(PDF)])
    serial = read_sources(files)
    mapped: list[int] = []
    pool_map = parallel.pool_map

    def counted(pool: ProcessPoolExecutor) -> Callable[..., list[Any]]:
        run = pool_map(pool)

        def recorded(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
            mapped.append(len(items))
            return run(fn, items)

        return recorded

    monkeypatch.setattr(parallel, "pool_map", counted)
    assert read_sources(files, jobs=2) == serial
    assert mapped == [len(serial[0].skills)]  # one assembly per skill (none dropped here)
