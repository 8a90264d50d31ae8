"""The passes' forked maps hand each batch of items to a child of its own (`pass_map.batches`):
a forked child keeps a private copy of every page of the parent it reads, so one pool over
all the items left its workers holding a copy of nearly the whole module (python-doc at 4x:
the build's peak memory); a child exits with its batch, and its copies go. The results and
their order are those of one process, whatever happens to a child."""

from __future__ import annotations

import os

import pytest

from skillc.compiler import pass_map as forked
from skillc.compiler.pass_map import batches, item_units, pass_map
from skillc.ir.nodes import Prose, Skill


def _pid_and_square(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def test_each_batch_runs_in_a_child_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "BATCH_UNITS", 10)
    monkeypatch.setattr(forked, "MIN_BATCH_UNITS", 10)
    items = list(range(30))  # one unit each: three batches of ten
    assert batches(items) == [(0, 10), (10, 20), (20, 30)]
    run = pass_map(2)
    assert run is not None
    done = run(_pid_and_square, items)
    assert [square for _, square in done] == [i * i for i in items]
    pids = [{pid for pid, _ in done[a:b]} for a, b in batches(items)]
    assert all(len(found) == 1 for found in pids), "one child per batch"
    assert os.getpid() not in set().union(*pids)
    assert len(set().union(*pids)) == 3


def test_batches_get_smaller_towards_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """Half of what is left per child once that is under the limit, so both children end
    about together; never under `MIN_BATCH_UNITS`."""
    monkeypatch.setattr(forked, "MIN_BATCH_UNITS", 2)
    sizes = [b - a for a, b in batches(list(range(100)), count=2, limit=20)]
    assert sum(sizes) == 100 and max(sizes) == 20
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] <= 3


def _dies_in_a_child(value: int) -> int:
    if os.getpid() != PARENT and value == 7:
        os._exit(9)  # killed mid-batch: no answer at all
    return value + 1


def _fails_in_a_child(value: int) -> int:
    if value == 3:
        raise ValueError("three")
    return value


PARENT = os.getpid()


def test_a_batch_whose_child_died_is_done_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "BATCH_UNITS", 4)
    monkeypatch.setattr(forked, "MIN_BATCH_UNITS", 4)
    run = pass_map(2)
    assert run is not None
    assert run(_dies_in_a_child, list(range(12))) == [i + 1 for i in range(12)]
    with pytest.raises(ValueError, match="three"):  # raised as one process raises it
        run(_fails_in_a_child, list(range(12)))


def test_batches_are_weighed_by_the_blocks_items_hold() -> None:
    block = Prose(id="p", text="x")
    big, small = Skill(id="a", blocks=(block,) * 8), Skill(id="b", blocks=(block,))
    assert item_units(big) == 9 and item_units(small) == 2
    assert item_units(("src", object(), ["t"] * 5)) == 6  # a source and its block texts
    assert batches([big, small, small, big], limit=10) == [(0, 1), (1, 3), (3, 4)]
    assert batches([big, big], limit=1) == [(0, 1), (1, 2)]  # an item over the limit, alone
    assert batches([]) == []
