"""Same-run A/B of the cold build's CPU time against the bare lxml parse (issue 15's ratio).

Why: `make bench` measures one tree, once, beside its bare parse; a change worth a few per
cent is lost in the noise of a shared machine (python-doc's cold build varied by 10% between
two runs of the same code). This script interleaves, in one command, the bare parse of the
pages and a cold ``skillc build -j N --no-cache`` of each of two source trees (say a
``git archive`` of the base commit and the working tree), alternating which tree goes first,
and prints each round and the medians: CPU seconds (user + sys, the build's workers
included, from ``bench.py measure``), each tree's ratio to the bare parse, and B/A. Each
round's outputs stay in ``--out`` (``A0``, ``B0``...) for ``diff -r``.

    python tools/bench_ab.py BASE_TREE . --rounds 5 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON_DOC = ROOT / "corpora" / "guides" / "python-doc" / "src" / "html"


def measure(tree: Path, *argv: str) -> dict[str, Any]:
    """``tools/bench.py measure ARGV`` with ``tree``'s skillc, in a fresh interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        env = dict(os.environ, PYTHONPATH=str(tree))
        cmd = [sys.executable, str(tree / "tools" / "bench.py"), "measure", result.name, *argv]
        subprocess.run(cmd, check=True, cwd=tree, env=env)
        return dict(json.loads(Path(result.name).read_text()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("a", type=Path, help="tree A (the baseline)")
    parser.add_argument("b", type=Path, help="tree B (the change)")
    parser.add_argument("--pages", type=Path, default=PYTHON_DOC)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-ab")
    args = parser.parse_args(argv)
    trees = {"A": args.a.resolve(), "B": args.b.resolve()}
    pages = str(args.pages.resolve())
    rows: dict[str, list[float]] = {"parse": [], "A": [], "B": []}
    for n in range(args.rounds):
        rows["parse"].append(measure(trees["A"], "baseline", "html", pages, "1")["cpu_s"])
        for name in ("A", "B") if n % 2 == 0 else ("B", "A"):
            out = args.out / f"{name}{n}"
            shutil.rmtree(out, ignore_errors=True)
            build = ("build", "build", pages, "-o", str(out), "-q", "-j", args.jobs, "--no-cache")
            rows[name].append(measure(trees[name], *build)["cpu_s"])
        print(n, {k: v[-1] for k, v in rows.items()}, flush=True)
    med = {k: statistics.median(v) for k, v in rows.items()}
    ratios = [b / a for a, b in zip(rows["A"], rows["B"], strict=True)]
    print(f"median cpu s: parse {med['parse']:.2f}  A {med['A']:.2f}  B {med['B']:.2f}")
    print(
        f"A/parse {med['A'] / med['parse']:.1f}  B/parse {med['B'] / med['parse']:.1f}  "
        f"B/A (median of rounds) {statistics.median(ratios):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
