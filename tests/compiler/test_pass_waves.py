"""The passes' forked maps hand their items to one pool per wave (`parallel.waves`): a forked
worker keeps a private copy of every page of the parent it reads, so one pool over all the
items left its workers holding a copy of nearly the whole module (python-doc at 4x: the
build's peak memory); a wave's workers exit, and their copies go, before the next wave's
start. The results and their order are those of one process."""

from __future__ import annotations

import os

import pytest

from skillc.compiler import parallel
from skillc.compiler.parallel import item_units, pass_map, waves
from skillc.ir.nodes import Prose, Skill


def _pid_and_square(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def test_each_wave_runs_in_workers_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WAVE_UNITS", 10)
    items = list(range(30))  # one unit each: three waves of ten
    assert waves(items) == [(0, 10), (10, 20), (20, 30)]
    run = pass_map(2)
    assert run is not None
    done = run(_pid_and_square, items)
    assert [square for _, square in done] == [i * i for i in items]
    pids = [{pid for pid, _ in done[a:b]} for a, b in waves(items)]
    assert os.getpid() not in set().union(*pids)
    assert not pids[0] & pids[1] and not pids[1] & pids[2] and not pids[0] & pids[2]


def test_waves_are_weighed_by_the_blocks_items_hold() -> None:
    block = Prose(id="p", text="x")
    big, small = Skill(id="a", blocks=(block,) * 8), Skill(id="b", blocks=(block,))
    assert item_units(big) == 9 and item_units(small) == 2
    assert item_units(("src", object(), ["t"] * 5)) == 6  # a source and its block texts
    assert waves([big, small, small, big], limit=10) == [(0, 1), (1, 3), (3, 4)]
    assert waves([big, big], limit=1) == [(0, 1), (1, 2)]  # an item over the limit, alone
    assert waves([]) == []
