"""-j N runs the passes' per-skill work (classify-content, compress-description, rewrite-links,
progressive-disclosure, report-leaks, verify-no-loss) in a process pool; the module, the
diagnostics and their order are those of one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler import parallel
from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.compiler.parallel import pass_map
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc
from tests.cli.test_jobs import tree


def test_pass_map_keeps_order() -> None:
    assert pass_map(1) is None
    parallel = pass_map(2)
    assert parallel is not None
    assert parallel(abs, [-3, 2, -1, 0, -7]) == [3, 2, 1, 0, 7]


def test_two_jobs_compile_the_same_module() -> None:
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    one = compile_module(module, BuildOptions(jobs=1))
    two = compile_module(module, BuildOptions(jobs=2))
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
    the same order; the passes run per skill in forked workers at -j2 and -j0."""
    runs = {}
    for jobs in ("1", "2", "0"):
        out = tmp_path / f"j{jobs}"
        result = run_skillc("build", *_html_pages(), "-o", str(out), "-v", "-j", jobs)
        assert result.returncode == 0, result.stderr
        messages = [line for line in result.stderr.splitlines() if str(out) not in line]
        runs[jobs] = (tree(out), messages)
    files, messages = runs["1"]
    assert any("SK061" in m for m in messages), "report-leaks found the host paths"
    assert any("SK040" in m or "SK043" in m for m in messages), "rewrite-links reported"
    assert runs["2"] == runs["1"]
    assert runs["0"] == runs["1"]
    assert len(files) > 20


def test_spawned_pass_workers_compile_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """With another thread alive the pass pool is spawned, not forked: the items and the
    functions are pickled to the workers, and the module and diagnostics are still the same."""
    module, _ = read_sources(collect(_html_pages()[1:]))
    serial = compile_module(module, BuildOptions(jobs=1))
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    spawned = compile_module(module, BuildOptions(jobs=2))
    assert spawned[:2] == serial[:2]
    assert any(d.code == "SK061" for d in serial[1])
