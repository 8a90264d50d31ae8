"""`skillc build -j N` writes what `-j1` writes, byte for byte, and reports the same diagnostics.

Why: the parallel reader (skillc/compiler/parallel.py) hands files and PDF page ranges to worker
processes and reassembles their results; any dependence on completion order, on per-process
state or on how a PDF was cut would show up here as a differing file or message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler import parallel
from skillc.compiler.driver import read_sources
from skillc.compiler.inputs import collect
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

GUIDES = ROOT / "corpora" / "guides"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def corpus(name: str) -> Path:
    source = GUIDES / name / "src"
    if not source.is_dir():
        pytest.fail(f"{source} is missing: run `make corpora` (make test does)")
    return source


@pytest.mark.slow
def test_j2_output_and_diagnostics_are_byte_identical_to_j1(tmp_path: Path) -> None:
    # Sphinx HTML, MyST Markdown with cross-references and a 196-page PDF cut into page ranges.
    sources = [str(corpus("requests-html")), str(CLICK_DOCS), str(corpus("bash-pdf"))]
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = run_skillc("build", *sources, "-o", str(out), "-v", "-j", jobs)  # notes too
        assert result.returncode == 0, result.stderr
        runs[jobs] = (tree(out), result.stderr)
    assert runs["1"][0] and runs["1"][1], "nothing was written or reported"
    assert runs["2"][0] == runs["1"][0]
    assert runs["2"][1] == runs["1"][1]


def test_spawned_workers_read_what_the_serial_path_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With another thread alive the pool is spawned, not forked: workers reopen the PDFs."""
    pdf = corpus("docbook-xsl-pdf")  # 95 pages: 6 ranges of 16 for 2 workers
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "truncated.pdf").write_bytes((pdf / "reference.pdf").read_bytes()[:5000])
    (broken / "page.md").write_text("# Install\n\n1. Run `pip install x`.\n", encoding="utf-8")
    files = collect([str(pdf), str(broken)])
    serial = read_sources(files)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert read_sources(files, jobs=2) == serial
    assert any(d.code == "SK052" for d in serial[1]), "the truncated PDF is reported"


def test_page_ranges_cover_every_page_once_in_order() -> None:
    for pages in (0, 1, 15, 16, 17, 95, 196, 2415):
        for jobs in (1, 2, 3, 8):
            ranges = parallel.page_ranges(pages, jobs)
            covered = [n for first, last in ranges for n in range(first, last + 1)]
            assert covered == list(range(1, pages + 1))
            assert all(
                last - first + 1 >= parallel.MIN_PAGES_PER_RANGE for first, last in ranges[:-1]
            )
    assert len(parallel.page_ranges(2415, 2)) == 2 * parallel.RANGES_PER_JOB


def test_jobs_zero_means_one_per_cpu_and_negative_is_refused() -> None:
    assert parallel.resolve_jobs(0) >= 1
    assert parallel.resolve_jobs(3) == 3
    with pytest.raises(ValueError):
        parallel.resolve_jobs(-1)
    result = run_skillc("build", str(CLICK_DOCS), "-o", "unused", "-j", "-1")
    assert result.returncode == 2 and "-1" in result.stderr
