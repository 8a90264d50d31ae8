"""-j N runs the passes' per-skill work (classify-content, compress-description, rewrite-links,
progressive-disclosure, report-leaks, verify-no-loss) in a process pool when it is enough work
to save time (`skillc.passes.registry.worth_a_pool`); the module, the diagnostics and their
order are those of one process. The small inputs here are below that threshold, so the tests
that compare pools with one process lower it to ``-inf`` (`POOL_SAVING_ENV`): every map then
runs in real workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler import parallel
from skillc.compiler import pass_map as forked
from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.compiler.pass_map import pass_map
from skillc.passes import registry
from skillc.passes.registry import (
    POOL_SAVING_ENV,
    estimated_saving,
    estimated_work,
    worth_a_pool,
)
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc
from tests.cli.test_jobs import tree


def test_pass_map_keeps_order() -> None:
    assert pass_map(1) is None
    parallel = pass_map(2)
    assert parallel is not None
    assert parallel(abs, [-3, 2, -1, 0, -7]) == [3, 2, 1, 0, 7]


def _count_tokens(text: str) -> int:
    from skillc.tokens import count_tokens

    return count_tokens(text)


def test_what_forked_workers_learn_of_tokens_reaches_the_parent() -> None:
    """Pre-tokens merged in a wave's workers come back to the parent, so that the next wave,
    forked from it, does not merge them again (`skillc.tokens.learn`)."""
    from skillc import tokens

    # one pre-token each (letters after a space), that nothing has counted before
    words = [f" zqxv{a}{b}wyrd" for a in "bcdfg" for b in "hjklmnpr"]
    assert all(word not in tokens._COUNTS for word in words)
    parallel = pass_map(2)
    assert parallel is not None
    counted = parallel(_count_tokens, words)
    assert all(word in tokens._COUNTS for word in words), "learned in the workers only"
    assert counted == [tokens.count_tokens(word) for word in words]


#: `POOL_SAVING_ENV` for "every map of enough items in a pool, whatever its estimate".
EVERY_MAP = "-inf"


class _Pools:
    """Counts the process pools `pass_map` starts (a spy on its executor class): the spawned
    workers' (forked maps start children, `Pending`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        real = forked.ProcessPoolExecutor

        def counted(*args: object, **kwargs: object) -> object:
            self.started += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(forked, "ProcessPoolExecutor", counted)


class _Children:
    """Counts the children `pass_map`'s forked maps start (a spy on its `Pending`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        real = forked.Pending

        def counted(*args: object) -> object:
            self.started += 1
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(forked, "Pending", counted)


def test_two_jobs_compile_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    one = compile_module(module, BuildOptions(jobs=1))
    monkeypatch.setenv(POOL_SAVING_ENV, EVERY_MAP)  # click is too small a module for pools
    children = _Children(monkeypatch)
    two = compile_module(module, BuildOptions(jobs=2))
    assert children.started >= 5, "each per-skill map ran in forked children"
    assert one[0] == two[0]
    assert one[1] == two[1]
    # smaller budgets: many skills disclosed, SK062 warnings possible, still the same
    small = BuildOptions(jobs=1, max_body_lines=40, max_body_tokens=400, max_block_tokens=300)
    assert (
        compile_module(module, small)[:2]
        == compile_module(
            module,
            BuildOptions(jobs=2, max_body_lines=40, max_body_tokens=400, max_block_tokens=300),
        )[:2]
    )


# Python's tutorial and two library pages: SK061 host paths (report-leaks renders and lints in
# the workers), links made absolute or reduced to text (rewrite-links' diagnostics), source
# checks (verify-no-loss), redundant blocks (classify-content).
PYTHON_DOC = ROOT / "corpora" / "guides" / "python-doc" / "src" / "html"
PAGES = ("tutorial", "library/gzip.html", "library/shutil.html")


def _html_pages() -> list[str]:
    if not PYTHON_DOC.is_dir():
        pytest.fail(f"{PYTHON_DOC} is missing: run `make corpora` (make test does)")
    return [str(PYTHON_DOC / page) for page in PAGES]


def test_every_parallel_pass_writes_what_one_process_writes(tmp_path: Path) -> None:
    """-j1, -j2 and -j0 (one per CPU): the same files, byte for byte, and the same messages in
    the same order; the passes run per skill in forked workers at -j2 and -j0 (threshold 0), and
    in the parent at the default threshold (three pages are not worth a pool)."""
    runs = {}
    for jobs, threshold in (("1", ""), ("2", EVERY_MAP), ("0", EVERY_MAP), ("2", "")):
        out = tmp_path / f"j{jobs}{threshold}"
        env = {POOL_SAVING_ENV: threshold}
        result = run_skillc("build", *_html_pages(), "-o", str(out), "-v", "-j", jobs, env=env)
        assert result.returncode == 0, result.stderr
        messages = [line for line in result.stderr.splitlines() if str(out) not in line]
        runs[jobs + threshold] = (tree(out), messages)
    files, messages = runs["1"]
    assert any("SK061" in m for m in messages), "report-leaks found the host paths"
    assert any("SK040" in m or "SK043" in m for m in messages), "rewrite-links reported"
    assert runs["2" + EVERY_MAP] == runs["1"]
    assert runs["0" + EVERY_MAP] == runs["1"]
    assert runs["2"] == runs["1"]
    assert len(files) > 20


def test_spawned_pass_workers_compile_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """With another thread alive the pass pool is spawned, not forked: the items and the
    functions are pickled to the workers, and the module and diagnostics are still the same."""
    module, _ = read_sources(collect(_html_pages()[1:]))
    serial = compile_module(module, BuildOptions(jobs=1, group="page"))
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    monkeypatch.setenv(POOL_SAVING_ENV, EVERY_MAP)
    monkeypatch.setattr(registry, "MIN_PARALLEL_ITEMS", 2)  # two pages: a skill each
    pools = _Pools(monkeypatch)
    spawned = compile_module(module, BuildOptions(jobs=2, group="page"))
    assert pools.started >= 5, "each per-skill map ran in a real (spawned) pool"
    assert spawned[:2] == serial[:2]
    assert any(d.code == "SK061" for d in serial[1])


def test_small_modules_run_the_passes_without_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the work threshold -j2 starts no pool for the passes (click: ten skills, where the
    pools cost more CPU than the passes' work), and the module is the same as at -j1."""
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    serial = compile_module(module, BuildOptions(jobs=1))
    monkeypatch.delenv(POOL_SAVING_ENV, raising=False)
    pools, children = _Pools(monkeypatch), _Children(monkeypatch)
    assert compile_module(module, BuildOptions(jobs=2))[:2] == serial[:2]
    assert pools.started == children.started == 0


def test_the_threshold_is_estimated_from_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """The choice reads only the items (blocks of the skills they hold) and the pass's costs per
    block, never a clock: a large enough module is handed to a pool, a small one is not, nor
    work whose results cost the parent more to bring back than the workers save."""
    from skillc.ir.nodes import Prose, Skill

    monkeypatch.delenv(POOL_SAVING_ENV, raising=False)
    blocks = tuple(Prose(id=f"b{i}", text="x") for i in range(1_000))
    skills = [Skill(id=f"s{i}", blocks=blocks) for i in range(10)]
    assert estimated_work(skills, 1.0) == 10 * 1_001
    assert estimated_work([(s, 0) for s in skills], 1.0) == 10 * 1_001
    assert estimated_saving(skills, 10.0, back=1.0) == 10 * 1_001 * 4
    assert not worth_a_pool(skills, 10.0)  # 50 ms saved: not worth a pool
    assert worth_a_pool(skills, 50.0)  # 0.25 s
    assert not worth_a_pool(skills, 50.0, back=25.0), "results as costly to bring back"
    assert not worth_a_pool(skills[:7], 1_000.0), "fewer than MIN_PARALLEL_ITEMS"
    monkeypatch.setattr(registry, "MIN_POOL_SAVING_US", 5_000)
    assert worth_a_pool(skills, 1.0)
    monkeypatch.setenv(POOL_SAVING_ENV, EVERY_MAP)
    assert worth_a_pool(skills, 0.0, back=100.0)


def test_what_the_parent_held_is_frozen_while_the_reading_pool_runs(tmp_path: Path) -> None:
    """`collector.frozen`: no full collection walks the parent's objects while the forked
    workers read (nor copies them in a worker), and the collector sees them again after."""
    import gc
    import multiprocessing

    from skillc.compiler.tasks import shared

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the reading pool forks only where fork exists")
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\nRun {name}.\n", encoding="utf-8")
    files = collect([str(tmp_path)])
    assert gc.get_freeze_count() == 0
    during = [gc.get_freeze_count() for _ in parallel.read_files(shared(files), 2)]
    assert len(during) == 2 and all(count > 0 for count in during)
    assert gc.get_freeze_count() == 0
