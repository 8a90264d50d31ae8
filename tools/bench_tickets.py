"""Tickets frontend throughput and clustering growth, on the real tickets replicated.

Usage: python tools/bench_tickets.py [N ...]   (default: 1000 10000 100000)
       python tools/bench_tickets.py executors [N]   (default: 100000; `make bench` runs it)

No registry holds 100,000 real support tickets (corpora.md), so the GitHub issues of the
github3-issues corpus (`make corpora`) are replicated: each copy gets its own issue number, its
text is the original's. The output says so. For each size, one fresh process builds a single
GitHub issues JSON export of N issues and reads it with the tickets frontend (parse, redact,
join, features, clustering, skills): it prints tickets/s, the clustering seconds, and the
process's peak memory. Clustering time must grow no faster than n log n: the last column is
its growth over the previous size divided by the growth of n log n (at most about 1).

``executors``: ``skillc build`` of one export of N replicated issues (in files of 25,000)
with the local executor, then with ``--executor dask://`` against a Dask cluster the bench
starts on loopback (a scheduler and two workers, separate processes: `tools.local_dask`);
the two output trees must be byte-identical (the bench fails otherwise). An export is read
whole (its tickets are clustered together), so on the cluster it is one task on one worker:
the row shows what sending it there costs, not a speed-up. Peak memory is the build's
process tree (a Dask worker's memory is not in it).

What this measures, honestly: replicas are identical, and clustering compares tickets with
identical features once (`cluster._nodes`), so past the parse and redaction (linear, the bulk
of the time) its clustering column measures the inverted index and that contraction, not the
community search on 100,000 distinct tickets. Growth on distinct tickets is checked by the
tests (`tests/compiler/frontends/tickets/test_cluster.py`: candidate pairs linear in tickets).
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpora" / "tickets" / "github3-issues" / "src"
#: Issues per file of the ``executors`` export (100,000 issues in one file would pass the
#: 512 MB input limit of an export).
PART = 25_000


def issues() -> list[dict]:
    """The corpus's distinct GitHub issues (not pull requests), as recorded."""
    found: dict[str, dict] = {}
    for path in sorted(CORPUS.glob("*.json")):
        value = json.loads(path.read_bytes())
        items = value.get("items", [value]) if isinstance(value, dict) else value
        for item in items:
            if isinstance(item, dict) and "title" in item and not item.get("pull_request"):
                found.setdefault(str(item.get("url")), item)
    return list(found.values())


def export(n: int, first: int = 0) -> bytes:
    """A GitHub issues export of ``n`` issues: the real ones replicated, renumbered from
    ``first + 1``."""
    real = issues()
    out = []
    for i in range(first, first + n):
        item = dict(real[i % len(real)])
        item["number"] = i + 1
        item["url"] = f"https://api.github.com/repos/bench/replicated/issues/{i + 1}"
        item["repository_url"] = "https://api.github.com/repos/bench/replicated"
        out.append(item)
    return json.dumps(out).encode("utf-8")


def measure(n: int) -> dict[str, float]:
    """Read an export of ``n`` replicated issues in this process; times and peak memory."""
    from skillc.compiler.frontends.tickets import cluster as clustering
    from skillc.compiler.frontends.tickets.reader import read_tickets

    data = export(n)
    spent = {"cluster": 0.0}
    original = clustering.cluster

    def timed(found):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original(found)
        finally:
            spent["cluster"] += time.perf_counter() - started

    clustering.cluster = timed
    import skillc.compiler.frontends.tickets.reader as reader

    reader.cluster = timed  # type: ignore[assignment]
    started = time.perf_counter()
    result = read_tickets([("replicated.json", data)])
    seconds = time.perf_counter() - started
    counts = dict(result.counts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "tickets": counts["tickets"],
        "seconds": seconds,
        "cluster": spent["cluster"],
        "mb": len(data) / 1e6,
        "peak_mb": peak,
        "skills": len(result.skills),
    }


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def executors(n: int = 100_000) -> dict[str, Any]:
    """Local and Dask builds of one export of ``n`` replicated issues; outputs compared."""
    from tools.bench_memory import run_sampled
    from tools.local_dask import local_cluster

    rows: dict[str, Any] = {"tickets": n}
    with tempfile.TemporaryDirectory(prefix="skillc-bench-tickets-") as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        for part, first in enumerate(range(0, n, PART)):  # pages of an export, as APIs give
            data = export(min(PART, n - first), first)
            (folder / f"issues-{part + 1:02}.json").write_bytes(data)
        rows["mb"] = round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)
        build = [sys.executable, "-m", "skillc", "build", str(folder), "-q", "--no-cache"]
        rows["local"] = run_sampled([*build, "-o", f"{tmp}/local"])
        with local_cluster(Path(tmp), workers=2) as address:
            rows["dask"] = run_sampled(
                [*build, "-o", f"{tmp}/dask", "--executor", f"dask://{address}"]
            )
        local, dask = tree(Path(tmp) / "local"), tree(Path(tmp) / "dask")
        if local != dask:
            raise SystemExit("the Dask build's files differ from the local build's")
        rows["files"] = len(local)
    rows["dask_x_local"] = round(rows["dask"]["s"] / rows["local"]["s"], 2)
    return rows


def print_executors(rows: dict[str, Any]) -> None:
    print(
        f"\ntickets: one export of {rows['tickets']} real GitHub issues replicated "
        f"({rows['mb']} MB), local executor vs Dask (scheduler + 2 workers on loopback)"
    )
    print(f"  {'':6} {'s':>8} {'peak MB':>8}")
    for name in ("local", "dask"):
        print(f"  {name:6} {rows[name]['s']:>8.2f} {rows[name]['peak_tree_mb']:>8.1f}")
    print(
        f"  outputs byte-identical ({rows['files']} files); dask/local time {rows['dask_x_local']}"
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["executors"]:
        print_executors(executors(*(int(a) for a in argv[1:2])))
        return 0
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(int(argv[1]))))
        return 0
    if not CORPUS.is_dir():
        print("the github3-issues corpus is missing: run `make corpora`", file=sys.stderr)
        return 2
    sizes = [int(a) for a in argv] or [1000, 10000, 100000]
    print(
        f"real GitHub issues of github3-issues ({len(issues())}) replicated to each size "
        "(identical copies: clustering compares them once)"
    )
    print(
        f"{'tickets':>8} {'MB':>7} {'seconds':>8} {'tickets/s':>10} {'cluster s':>10} "
        f"{'peak MB':>8} {'growth/nlogn':>13}"
    )
    previous: tuple[int, float] | None = None
    for n in sizes:
        run = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        m = json.loads(run.stdout)
        growth = ""
        if previous is not None and previous[1] > 0:
            nlogn = (n * math.log(n)) / (previous[0] * math.log(previous[0]))
            growth = f"{m['cluster'] / previous[1] / nlogn:.2f}"
        print(
            f"{m['tickets']:>8} {m['mb']:>7.1f} {m['seconds']:>8.2f} "
            f"{m['tickets'] / m['seconds']:>10.0f} {m['cluster']:>10.2f} {m['peak_mb']:>8.0f} "
            f"{growth:>13}"
        )
        previous = (n, m["cluster"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
