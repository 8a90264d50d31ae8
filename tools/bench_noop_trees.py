"""No-op rebuilds of whole trees with the cache (issue 15): an sdist and a repository folder.

A no-op rebuild needs the hashes of its sources only; stat records
(`skillc.compiler.tree_records`) give them for an unchanged archive and repository folder
without reading them. Each row, in one run, as wall seconds of a fresh ``skillc`` process:
the build that fills the cache, the no-op rebuild (best of 3), and two baselines measured in
the same run: ``startup`` (``skillc --version``: the interpreter and CLI start, best of 3)
and ``bare_read`` (reading and hashing every byte of the tree in this process, median of 3:
what a no-op that reads its inputs cannot beat). Printed with ``x start`` and ``x read``
(seconds / each baseline). Alone: ``bench.py noop-trees``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TREES = {
    "sdist github3.py (36 MB .tar.gz)": ROOT / "corpora" / ".cache" / "github3.py-4.0.1.tar.gz",
    "repository zod (folder)": ROOT / "corpora" / "repos" / "zod" / "src" / "zod-4.6.7",
}
REPEAT = 3


def bare_read(tree: Path) -> float:
    """Seconds to read and hash every file of ``tree`` (an archive's members), median."""

    def run() -> None:
        if tree.is_file():
            with tarfile.open(tree, "r:*") as archive:
                for member in archive:
                    handle = archive.extractfile(member) if member.isreg() else None
                    if handle is not None:
                        hashlib.sha256(handle.read()).digest()
            return
        for folder, _dirs, files in os.walk(tree):
            for name in files:
                hashlib.sha256(Path(folder, name).read_bytes()).digest()

    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def wall(*args: str) -> float:
    """Wall seconds of ``skillc ARGS`` in a fresh interpreter (it must exit 0)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "skillc", *args], check=True, capture_output=True)
    return round(time.perf_counter() - start, 3)


def bench_noop_trees() -> dict[str, Any]:
    """A row per tree of `TREES` that is fetched (``make corpora``)."""
    rows: dict[str, Any] = {}
    for name, tree in TREES.items():
        if not tree.exists():
            rows[name] = {"missing": str(tree.relative_to(ROOT))}
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / tree.name
            (shutil.copy if tree.is_file() else shutil.copytree)(tree, copy)
            time.sleep(2.2)  # older than the stat records' racy margin

            def build(copy: Path = copy, tmp: str = tmp) -> dict[str, Any]:
                args = ("-o", f"{tmp}/out", "-q", "--cache-dir", f"{tmp}/cache")
                return {"s": wall("build", str(copy), *args)}

            startup = min(wall("--version") for _ in range(REPEAT))
            row: dict[str, Any] = {"bare_read_s": bare_read(copy), "startup_s": startup}
            row["filling_cache"] = build()
            row["noop"] = min((build() for _ in range(REPEAT)), key=lambda r: r["s"])
            for key in ("filling_cache", "noop"):
                row[key]["x_start"] = round(row[key]["s"] / startup, 2)
                row[key]["x_read"] = round(row[key]["s"] / row["bare_read_s"], 2)
            rows[name] = row
    return rows


def print_noop_trees(rows: dict[str, Any]) -> None:
    print(
        "\nno-op rebuilds of whole trees (x start = s / skillc --version; x read = s / bare read)"
    )
    for name, row in rows.items():
        if "missing" in row:
            print(f"  {name}: missing {row['missing']} (make corpora)")
            continue
        print(f"  {name}: bare read {row['bare_read_s']} s, start-up {row['startup_s']} s")
        for key in ("filling_cache", "noop"):
            r = row[key]
            print(
                f"    {key:14} {r['s']:>7.3f} s  x start {r['x_start']:>6}  x read {r['x_read']:>6}"
            )


__all__ = ["bench_noop_trees", "print_noop_trees"]
