"""Peak memory as the corpus grows: python-doc at 1x and 4x (issue 15), cold ``-j2`` builds.

The 4x corpus is python-doc's 530 HTML pages replicated: four copies of the folder under the
prefixes ``a/``, ``b/``, ``c/``, ``d/`` of one input (2,120 pages, the same text four times;
the output says so). Each build is one ``skillc build -j2 --no-cache`` process; its memory is
the peak, over the build, of the summed PSS of the whole process tree (the build and its
worker processes; summed RSS beside it), sampled from ``/proc`` every 20 ms (a value counts
when two consecutive samples hold it: see `run_sampled`), since
``ru_maxrss`` gives only the largest single process. Flat memory means the 4x/1x ratio of
the peak stays well under 4.

Alone: ``python tools/bench_memory.py`` (about 10 minutes on 2 cores); `make bench` prints it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON_DOC = ROOT / "corpora" / "guides" / "python-doc" / "src" / "html"
PREFIXES = ("a", "b", "c", "d")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(p) for p in handle.read().split())
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process (bytes): PSS shares each page among the processes mapping it
    (forked workers share most of their parent's pages), so the PSS of a tree adds up to what
    it really holds, where summed RSS counts shared pages once per process."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def tree_memory(pid: int) -> tuple[int, int]:
    """The summed RSS and PSS (bytes) of ``pid`` and all its descendants now.

    The descendants are read before their parents: the build forks pass workers all along,
    and a parent read before a fork (all its pages its own) with its child read after (half
    of them the child's share) counted those pages one and a half times, a spike of half the
    parent's size that was no memory at all (seen at 4x: 406 MB "peaks" one sample long, on
    a tree holding ~290). Read children first, a fork between the reads can only undercount
    the child it created, which a sustained peak does not depend on."""
    order: list[int] = []
    todo, seen = [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        order.append(current)
        todo.extend(_children(current))
    rss = pss = 0
    for current in reversed(order):  # every process after its descendants
        one, shared = _memory(current)
        rss, pss = rss + one, pss + shared
    return rss, pss


def run_sampled(cmd: list[str], interval: float = 0.02) -> dict[str, Any]:
    """Run ``cmd``; its wall seconds and the peak summed PSS and RSS of its process tree (MB).

    The peak is the largest value held over two consecutive samples (the smaller of the
    two): a worker exiting between the reads of its PSS and its parent's still counts the
    pages they shared one and a half times for one sample (`tree_memory`); the largest single
    sample is kept beside it (``peak_tree_one_sample_mb``)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT)
    peak_rss = peak_pss = one_sample = 0
    last_rss = last_pss = 0
    while process.poll() is None:
        rss, pss = tree_memory(process.pid)
        peak_rss, peak_pss = max(peak_rss, min(rss, last_rss)), max(peak_pss, min(pss, last_pss))
        one_sample, last_rss, last_pss = max(one_sample, pss), rss, pss
        time.sleep(interval)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {process.returncode}")
    return {
        "s": round(time.perf_counter() - started, 2),
        "peak_tree_mb": round(peak_pss / 1e6, 1),
        "peak_tree_rss_mb": round(peak_rss / 1e6, 1),
        "peak_tree_one_sample_mb": round(one_sample / 1e6, 1),
    }


def replicated(tmp: Path, copies: int) -> Path:
    """python-doc's HTML folder, ``copies`` times under the prefixes a/, b/... of one folder."""
    target = tmp / f"python-doc-x{copies}"
    for prefix in PREFIXES[:copies]:
        shutil.copytree(PYTHON_DOC, target / prefix)
    return target


def bench_memory(jobs: int = 2, scale: int = len(PREFIXES)) -> dict[str, Any]:
    """Cold ``-j jobs`` builds of python-doc at 1x and ``scale``x (4x by default; 2x to iterate
    faster), and the ratio of their peaks."""
    rows: dict[str, Any] = {"scale": scale}
    with tempfile.TemporaryDirectory(prefix="skillc-bench-memory-") as tmp:
        for copies in (1, scale):
            src = replicated(Path(tmp), copies)
            pages = sum(1 for p in src.rglob("*.html"))
            out = Path(tmp) / f"out{copies}"
            cmd = [sys.executable, "-m", "skillc", "build", str(src), "-o", str(out), "-q"]
            row = run_sampled([*cmd, "-j", str(jobs), "--no-cache"])
            rows[f"x{copies}"] = {"pages": pages, **row}
            shutil.rmtree(out)
    one, big = rows["x1"], rows[f"x{scale}"]
    rows[f"peak_ratio_{scale}x_1x"] = round(big["peak_tree_mb"] / one["peak_tree_mb"], 2)
    rows[f"time_ratio_{scale}x_1x"] = round(big["s"] / one["s"], 2)
    return rows


def print_memory(rows: dict[str, Any]) -> None:
    scale = rows.get("scale", len(PREFIXES))
    print(
        f"\npython-doc HTML, cold -j2 builds: peak PSS of the whole process tree at 1x and "
        f"{scale}x\n  ({scale}x = the 530 pages replicated under the prefixes "
        f"{' '.join(p + '/' for p in PREFIXES[:scale])}: the same text {scale} times)"
    )
    print(
        f"  {'':6} {'pages':>6} {'s':>8} {'peak PSS MB':>12} {'(summed RSS)':>13} "
        f"{'(one sample)':>13}"
    )
    for name in ("x1", f"x{scale}"):
        row = rows[name]
        print(
            f"  {name:6} {row['pages']:>6} {row['s']:>8.2f} {row['peak_tree_mb']:>12.1f} "
            f"{row['peak_tree_rss_mb']:>13.1f} {row.get('peak_tree_one_sample_mb', 0):>13.1f}"
        )
    ratio, time_ratio = rows[f"peak_ratio_{scale}x_1x"], rows[f"time_ratio_{scale}x_1x"]
    print(f"  {scale}x/1x: peak memory {ratio}x, time {time_ratio}x")


if __name__ == "__main__":
    # ``--scale 2``: 1x and 2x (about 4 minutes), to iterate on a change before the 4x run.
    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 4
    if not 2 <= scale <= len(PREFIXES):
        raise SystemExit(f"--scale must be 2..{len(PREFIXES)}")
    print_memory(bench_memory(scale=scale))
