"""Whole sources handed to the reading pool in batches (`read_batches`): fewer results for
the parent to receive, the same outcomes in the same order, and a batch that fails costs
only the source that failed it. And the rest of what the parent no longer does while the
workers read: collect its garbage, pickle the outcomes for the build cache.

Inputs: Markdown pages written to a temporary folder, read by the real frontend with ``-j1``
and by a pool of two workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from skillc.compiler import parallel
from skillc.compiler.cache import Store
from skillc.compiler.cache.reads import cached_outcomes
from skillc.compiler.cache.results import SourceResults
from skillc.compiler.inputs import collect
from skillc.compiler.packed_inventory import PackedInventory
from skillc.compiler.parallel import read_files
from skillc.compiler.read_batches import MAX_BATCH, batches
from skillc.compiler.tasks import Outcome, ReadSource, shared


@pytest.mark.parametrize(("count", "jobs"), [(0, 2), (1, 2), (7, 2), (530, 2), (766, 4)])
def test_batches_cover_every_source_once_and_end_in_single_sources(count: int, jobs: int) -> None:
    cuts = batches(count, jobs)
    assert [i for first, end in cuts for i in range(first, end)] == list(range(count))
    sizes = [end - first for first, end in cuts]
    assert all(1 <= size <= MAX_BATCH for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # never a long batch after a short one
    assert sizes[-jobs:] == [1] * min(jobs, count)


def _pages(root: Path, count: int) -> Path:
    for n in range(count):
        (root / f"p{n:03}.md").write_text(f"# Page {n}\n\nText of page {n}.\n", "utf-8")
    return root


def test_outcomes_come_back_in_input_order_as_the_serial_path_reads_them(
    tmp_path: Path,
) -> None:
    state = shared(collect([str(_pages(tmp_path, 60))]))
    serial = list(read_files(state, 1))
    pooled = list(read_files(state, 2))
    assert [o[1].skills[0].skill_name for o in pooled if o[1]] == [f"Page {n}" for n in range(60)]
    assert [_unpacked(o) for o in pooled] == serial


def _unpacked(outcome: Outcome) -> Outcome:
    """``outcome`` with its inventory as the serial path holds it (a worker packs it)."""
    reason, result = outcome
    if result is None or not isinstance(result.inventory, PackedInventory):
        return outcome
    return reason, replace(result, inventory=result.inventory.unpacked())


_FAILING = "p005.md"


def _failing_run_source(task: ReadSource) -> Any:
    """`parallel._run_source` that fails on one page, outside `read_source`'s own catch."""
    if parallel._WORKER["state"].files[task.index].id == _FAILING:
        raise RuntimeError("not picklable, say")
    return _RUN_SOURCE(task)


_RUN_SOURCE = parallel._run_source


def test_a_failing_source_fails_alone_not_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the patched function reaches the workers by fork")
    state = shared(collect([str(_pages(tmp_path, 60))]))
    assert batches(60, 2)[0] == (0, 3)  # p005 shares its batch with p003 and p004
    monkeypatch.setattr(parallel, "_run_source", _failing_run_source)
    outcomes = list(read_files(state, 2))
    failed = {
        f.id: o[1].diagnostics[0].message
        for f, o in zip(state.files, outcomes, strict=True)
        if o[1] is not None and any(d.code == "SK081" for d in o[1].diagnostics)
    }
    assert list(failed) == [_FAILING]
    assert "RuntimeError: not picklable, say" in failed[_FAILING]
    neighbours = outcomes[3:5] + outcomes[6:9]
    assert all(o[1] is not None and o[1].skills for o in neighbours)


def _collecting(tasks: tuple[ReadSource, ...]) -> list[Any]:
    """`parallel._run_sources` that tells whether the worker's collector runs."""
    return [((f"collecting={gc.isenabled()}", None), None) for _ in tasks]


def test_the_parent_does_not_collect_while_it_receives_the_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`collector.unswept`: the parent's collector is off while the forked workers' results
    come in (the module it unpickles is all alive), the workers' own is on, and the parent's
    is on again afterwards."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the reading pool forks only where fork exists")
    state = shared(collect([str(_pages(tmp_path, 4))]))
    monkeypatch.setattr(parallel, "_run_sources", _collecting)
    assert gc.isenabled()
    during = [(gc.isenabled(), reason) for reason, _ in read_files(state, 2)]
    assert during == [(False, "collecting=True")] * 4
    assert gc.isenabled()


def test_the_workers_store_what_they_read_in_the_build_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cache.reads._put_read`: with a cache, each outcome is pickled and written by the
    worker that read it, not by the parent; a second build takes them all from the cache."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the patched function reaches the workers by fork")
    (tmp_path / "src").mkdir()
    files = collect([str(_pages(tmp_path / "src", 30))])
    writers = tmp_path / "writers"
    put = SourceResults.put

    def noted(self: SourceResults, key: str, value: Any) -> None:
        with writers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        put(self, key, value)

    monkeypatch.setattr(SourceResults, "put", noted)
    first = SourceResults(Store(tmp_path / "cache"))
    read = list(cached_outcomes(shared(files), 2, first))
    pids = writers.read_text().split()
    assert len(pids) == 30 and str(os.getpid()) not in pids
    again = SourceResults(Store(tmp_path / "cache"))
    assert [_unpacked(o) for o in cached_outcomes(shared(files), 2, again)] == [
        _unpacked(o) for o in read
    ]
    assert (again.stats.cached, again.stats.read) == (30, 0)
