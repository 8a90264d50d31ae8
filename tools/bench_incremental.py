"""Incremental builds and -j2 on python3.11-doc's 530 HTML pages (issue 15), as ratios.

Every figure is one fresh process (`bench.run_measure`), all in the same run, beside a bare
lxml parse of the same pages: cold builds at ``-j1`` and ``-j2`` (``--no-cache``), then with a
cache in a temporary folder: the build that fills it, a no-op rebuild, and a rebuild after one
page changed (a paragraph appended to a copy of ``tutorial/venv.html``). Alone:
``python tools/bench.py incremental``.
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
        page = src / CHANGED_PAGE
        page.write_text(page.read_text() + "\n<p>One more paragraph.</p>\n")
        rows["one_page_changed"] = build("inc", "-j", "2", "--cache-dir", str(cache))
    parse = rows["bare_parse"]["s"]
    for row in rows.values():
        row["x_parse"] = round(row["s"] / parse, 2)
    rows["j2_speedup"] = round(rows["cold_j1"]["s"] / rows["cold_j2"]["s"], 2)
    return rows


def print_incremental(rows: dict[str, Any]) -> None:
    print("\npython-doc HTML (530 pages): incremental builds and -j2 (x = seconds / bare parse)")
    print(f"  {'':24} {'s':>8} {'cpu s':>7} {'peak MB':>8} {'x parse':>8}")
    for name, row in rows.items():
        if isinstance(row, dict):
            print(
                f"  {name:24} {row['s']:>8.3f} {row['cpu_s']:>7.2f} {row['peak_mb']:>8.1f} "
                f"{row['x_parse']:>8}"
            )
    print(f"  -j2 speed-up over -j1: {rows['j2_speedup']}")


__all__ = ["bench_incremental", "print_incremental"]
