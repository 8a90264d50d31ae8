"""Incremental builds and -j2 on python3.11-doc's 530 HTML pages (issue 15), as ratios.

Every figure is one fresh process (`bench.run_measure`), all in the same run, beside a bare
lxml parse of the same pages (read the bytes, parse them, nothing else): cold builds at ``-j1``
and ``-j2`` (``--no-cache``), then with a cache in a temporary folder: the build that fills it,
a no-op rebuild, a no-op rebuild with ``--report`` (which scans the emitted skills for risk:
the first one scans all 68, the second takes their reports from the cache), and a rebuild
after one page changed (a paragraph appended to a copy of ``tutorial/venv.html``). Then
SQLite's HTML pages, cold at ``-j1`` and ``-j2`` beside their own bare parse. Printed:
seconds, CPU seconds (parent and workers), peak MB of the parent and of the largest worker,
``x parse`` (seconds / the same run's bare parse; issue 15's goal: a cold ``-j2`` within 4)
and the ``-j2/-j1`` time ratio (1.0: no gain; 0.5: both cores).
Alone: ``python tools/bench.py incremental``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHANGED_PAGE = "tutorial/venv.html"


def bench_incremental(run_measure: Callable[..., dict[str, Any]], corpus: Path) -> dict[str, Any]:
    """The rows, each ``s``, ``cpu_s``, ``peak_mb`` and ``x_parse`` (seconds / bare parse)."""
    rows: dict[str, Any] = {"bare_parse": run_measure("baseline", "html", str(corpus), "1")}
    with tempfile.TemporaryDirectory() as tmp:
        src, cache = Path(tmp) / "html", Path(tmp) / "cache"
        shutil.copytree(corpus, src)

        def build(out: str, *extra: str) -> dict[str, Any]:
            return run_measure("build", "build", str(src), "-o", f"{tmp}/{out}", "-q", *extra)

        rows["cold_j1"] = build("j1", "-j", "1", "--no-cache")
        rows["cold_j2"] = build("j2", "-j", "2", "--no-cache")
        rows["cold_j2_filling_cache"] = build("inc", "-j", "2", "--cache-dir", str(cache))
        rows["noop"] = build("inc", "-j", "2", "--cache-dir", str(cache))
        report = ("--report", f"{tmp}/report.json")  # scans every emitted skill for risk
        rows["noop_report_scanning"] = build("inc", "-j", "2", "--cache-dir", str(cache), *report)
        rows["noop_report"] = build("inc", "-j", "2", "--cache-dir", str(cache), *report)
        page = src / CHANGED_PAGE
        page.write_text(page.read_text() + "\n<p>One more paragraph.</p>\n")
        rows["one_page_changed"] = build("inc", "-j", "2", "--cache-dir", str(cache))
    _ratios(rows)
    return rows


def bench_cold(run_measure: Callable[..., dict[str, Any]], corpus: Path) -> dict[str, Any]:
    """A bare parse of ``corpus``'s pages and cold builds of them at -j1 and -j2."""
    rows: dict[str, Any] = {"bare_parse": run_measure("baseline", "html", str(corpus), "1")}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in ("1", "2"):
            out = f"{tmp}/j{jobs}"
            rows[f"cold_j{jobs}"] = run_measure(
                "build", "build", str(corpus), "-o", out, "-q", "-j", jobs, "--no-cache"
            )
    _ratios(rows)
    return rows


def _ratios(rows: dict[str, Any]) -> None:
    """Each row's ``x_parse``, and the cold builds' ``j2_over_j1`` (seconds) and speed-up."""
    parse = rows["bare_parse"]["s"]
    for row in list(rows.values()):
        row["x_parse"] = round(row["s"] / parse, 2)
    rows["j2_over_j1"] = round(rows["cold_j2"]["s"] / rows["cold_j1"]["s"], 2)
    rows["j2_speedup"] = round(rows["cold_j1"]["s"] / rows["cold_j2"]["s"], 2)


def print_incremental(rows: dict[str, Any], title: str = "") -> None:
    title = title or "python-doc HTML (530 pages): incremental builds and -j2"
    print(f"\n{title} (x = seconds / bare parse)")
    print(f"  {'':24} {'s':>8} {'cpu s':>7} {'peak MB':>8} {'wkr MB':>7} {'x parse':>8}")
    for name, row in rows.items():
        if isinstance(row, dict):
            print(
                f"  {name:24} {row['s']:>8.3f} {row['cpu_s']:>7.2f} {row['peak_mb']:>8.1f} "
                f"{row.get('worker_peak_mb', 0):>7.1f} {row['x_parse']:>8}"
            )
    print(
        f"  -j2/-j1 time: {rows['j2_over_j1']} (speed-up {rows['j2_speedup']}); "
        f"cold -j2 = {rows['cold_j2']['x_parse']} x the bare parse (goal: 4)"
    )


__all__ = ["bench_cold", "bench_incremental", "print_incremental"]
