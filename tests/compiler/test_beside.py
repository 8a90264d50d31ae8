"""`skillc.compiler.beside`: a pass's per-skill map shared by the parent and one forked child.
Results are those of one process, in order, whatever happens to the child; a real build at
``-j2`` that shares its passes this way writes what ``-j1`` writes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from skillc.compiler import beside
from skillc.compiler.beside import Pending, beside_map, deal, map_beside
from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Prose, Skill
from skillc.passes.registry import (
    BESIDE_MAX_UNITS,
    MIN_BESIDE_SAVING_US,
    beside_share,
    estimated_work,
)
from skillc.passes.verify_source import CheckedSources
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

PARENT = os.getpid()


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _fails_in_the_child(n: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("child")
    return n + 1


def _fails_in_the_parent(n: int) -> int:
    if os.getpid() == PARENT and n == 0:
        raise ValueError("parent")
    return n


def _dies_in_the_child(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(9)  # killed mid-way: no answer at all
    return -n


class _Forks:
    """The children `map_beside` forks (a spy on ``os.fork``), to check each was reaped."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pids: list[int] = []
        real = os.fork

        def spied() -> int:
            pid = real()
            if pid:
                self.pids.append(pid)
            return pid

        monkeypatch.setattr(os, "fork", spied)

    def all_reaped(self) -> bool:
        for pid in self.pids:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            return False
        return True


def test_half_the_items_run_in_a_child_and_come_back_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forks = _Forks(monkeypatch)
    items = list(range(10))
    done = map_beside(_pid_and_square, items)
    assert [square for _, square in done] == [n * n for n in items]
    mine, theirs = deal(items)
    assert {done[i][0] for i in mine} == {PARENT}
    child = {done[i][0] for i in theirs}
    assert len(child) == 1 and PARENT not in child, "the other half ran in one other process"
    assert len(forks.pids) == 1 and forks.all_reaped()


def test_a_child_that_fails_or_dies_leaves_its_half_to_the_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forks = _Forks(monkeypatch)
    assert map_beside(_fails_in_the_child, [1, 2, 3, 4]) == [2, 3, 4, 5]
    assert map_beside(_dies_in_the_child, [1, 2, 3, 4]) == [-1, -2, -3, -4]
    assert len(forks.pids) == 2 and forks.all_reaped()


def test_an_error_in_the_parents_half_is_raised_and_the_child_reaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forks = _Forks(monkeypatch)
    # item 0 is in the parent's half (`deal`: the first and heaviest item goes there)
    assert 0 in deal(list(range(6)))[0]
    with pytest.raises(ValueError, match="parent"):
        map_beside(_fails_in_the_parent, list(range(6)))
    assert len(forks.pids) == 1 and forks.all_reaped()


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        done = map_beside(_pid_and_square, list(range(6)))
    finally:
        stop.set()
        other.join()
    assert {pid for pid, _ in done} == {PARENT}


def test_deal_balances_work_and_is_a_function_of_the_items() -> None:
    skills = [
        Skill(id=f"s{n}", blocks=tuple(Prose(id=f"s{n}-{b}", text="x") for b in range(size)))
        for n, size in enumerate([50, 10, 10, 10, 10, 10, 3])
    ]
    mine, theirs = deal(skills)
    assert sorted(mine + theirs) == list(range(len(skills)))
    weight = [estimated_work([skills[i] for i in half], 1.0) for half in (mine, theirs)]
    assert abs(weight[0] - weight[1]) <= 10  # 51 against 53 units, not 51 against 46 + ...
    assert deal(skills) == (mine, theirs)
    # a child that also pickles its results back gets less of the work (`child_share`)
    mine, theirs = deal(skills, share=0.25)
    weight = [estimated_work([skills[i] for i in half], 1.0) for half in (mine, theirs)]
    assert weight[1] < weight[0] / 2


def test_beside_is_for_mid_sized_work_only() -> None:
    assert beside_map(1) is None
    assert beside_map(2) is map_beside
    one = [Skill(id="a", blocks=tuple(Prose(id=f"a{n}", text="x") for n in range(4000)))]
    two = [*one, Skill(id="b")]
    assert not beside_share(one, cost=50.0), "one item: nothing to share"
    assert beside_share(two, cost=50.0) == 0.5  # 4,002 units * 25 us
    assert not beside_share(two, cost=2.0), f"under {MIN_BESIDE_SAVING_US} us saved"
    assert not beside_share(two, cost=50.0, back=100.0), "results dearer than the work"
    big = [*two, Skill(id="c", blocks=one[0].blocks * (BESIDE_MAX_UNITS // 4000))]
    assert not beside_share(big, cost=50.0), "a larger map would copy too much of the module"


def test_the_child_never_takes_more_than_its_share() -> None:
    # One item larger than the child's share goes to the parent, whatever the balance.
    sizes = [10, 60, 30]
    skills = [
        Skill(id=f"s{n}", blocks=tuple(Prose(id=f"s{n}-{b}", text="x") for b in range(size)))
        for n, size in enumerate(sizes)
    ]
    # 61 units to the parent, 31 to the child; the last 11 would take the child to 42 units,
    # past its 36 (0.35 of 103), so they go to the parent.
    assert deal(skills, 0.35) == ([0, 1], [2])
    assert deal(skills[1:2] + skills[1:2], 0.3) == ([0, 1], [])


def test_passes_shared_with_a_child_compile_the_same_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    one = compile_module(module, BuildOptions(jobs=1))
    shared: list[str] = []
    real = beside.map_beside

    def counted(fn, items, share=0.5):  # type: ignore[no-untyped-def]
        shared.append(getattr(getattr(fn, "func", fn), "__name__", "?"))
        return real(fn, items, share)

    monkeypatch.setattr(beside, "map_beside", counted)
    two = compile_module(module, BuildOptions(jobs=2))
    assert "skill_classes" in shared and "disclose_task" in shared, shared
    assert one[0] == two[0]
    assert one[1] == two[1]


BASHREF = ROOT / "corpora" / "guides" / "bash-pdf" / "src" / "bashref.pdf"


@pytest.mark.skipif(not BASHREF.exists(), reason="needs `make corpora`")
def test_a_pdf_built_at_j2_is_byte_identical_to_j1(tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = run_skillc("build", str(BASHREF), "-o", str(out), "-j", jobs, "--no-cache", "-q")
        assert result.returncode == 0, result.stderr
        outs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outs[0] == outs[1]


def _pid_of(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def test_pending_work_is_done_in_a_child_and_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = _Forks(monkeypatch)
    pending = Pending(_pid_of, "x")
    tag, pid = pending.result()
    assert tag == "x" and pid != PARENT and pid == forks.pids[0]
    assert pending.result() == ("x", pid), "asked again: the same answer, no second fork"
    assert len(forks.pids) == 1 and forks.all_reaped()


def test_pending_work_a_child_failed_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = _Forks(monkeypatch)
    assert Pending(_fails_in_the_child, 41).result() == 42
    assert Pending(_dies_in_the_child, 5).result() == -5
    assert forks.all_reaped()


def test_pending_work_dropped_unasked_leaves_no_child(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = _Forks(monkeypatch)
    pending = Pending(_pid_of, "dropped")
    del pending
    import gc

    gc.collect()
    assert len(forks.pids) == 1 and forks.all_reaped()


def test_checked_sources_ask_a_pending_check_once() -> None:
    asked: list[int] = []

    def found() -> list[str]:
        asked.append(1)
        return []

    checked = CheckedSources(found)  # type: ignore[arg-type]
    assert checked.diagnostics == () and checked.diagnostics == ()
    assert asked == [1] and checked, "given, though empty"
