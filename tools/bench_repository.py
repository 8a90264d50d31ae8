"""The repository rows of `make bench`: large real trees (the large set: django's sdist, the
Go 1.19 source tree, Rust 1.63's sources) read by the repository frontend beside
tree-sitter's bare parse of the same files, in one run.

Three measurements, each in a fresh process (`bench.run_measure`, so peak RSS is each one's
alone): ``repo-baseline``, tree-sitter parsing every code file the frontend bundles with its
language's grammar (the floor: any reader of that code pays it); ``repo-frontend``, the
repository source alone (`files.collect` walking and bundling the tree, then
`read_repository`); and the whole ``skillc build`` of the tree at ``-j1`` and ``-j2`` (its
guide pages too: django's 400 RST docs dominate). Alone: ``python tools/bench.py repository``
(``repository go`` for one tree). Each row gives source files/s and MB/s of the frontend and
of each build, the ratios to the bare parse, and peak memory.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DJANGO = ROOT / "corpora" / "repos" / "django" / "src" / "django-5.2.19"
#: The trees measured, by row name: (folder, timed repeats; the large two once, after a
#: warm-up run, as each takes a minute of bare parsing).
TREES = {
    "django": (DJANGO, 3),
    "go": (ROOT / "corpora/repos/golang-src/src/go-1.19/src", 1),
    "rust": (ROOT / "corpora/repos/rust-src/src/rustc-1.63.0", 1),
}
#: Code suffixes -> the grammar the bare parse uses (what `repository.code` loads).
GRAMMARS = {
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".sh": "bash",
}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_repository(what: str, root: Path, repeat: int) -> dict[str, Any]:
    """One measurement in this process: ``repo-frontend`` or ``repo-baseline`` of ``root``."""
    from skillc.compiler.frontends.repository.files import collect, decode

    bundle = decode(collect(root, "").data)
    code = {p: t for p, t in bundle.files.items() if Path(p).suffix in GRAMMARS}
    row: dict[str, Any] = {
        "files": len(bundle.files),
        "code_files": len(code),
        "mb": round(sum(len(t.encode()) for t in bundle.files.values()) / 1e6, 2),
    }
    run: Callable[[], object]
    if what == "repo-baseline":
        from skillc.compiler.frontends.repository.code import parse

        def run() -> object:
            for path, text in code.items():
                parse(GRAMMARS[Path(path).suffix], path, path, text, {})
            return None

    else:
        from skillc.compiler.frontends.repository.reader import read_repository

        def run() -> object:
            return read_repository(collect(root, "").data, root.name)

    run()  # grammars loaded and imports done outside the timing
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    row.update(s=round(statistics.median(times), 3), peak_mb=_peak_mb())
    return row


def bench_repository(
    run_measure: Callable[..., dict[str, Any]], names: tuple[str, ...] = tuple(TREES)
) -> dict[str, Any]:
    """A row per tree of ``names`` (see the module docstring)."""
    missing = [str(TREES[n][0].relative_to(ROOT)) for n in names if not TREES[n][0].is_dir()]
    if missing:
        raise SystemExit(
            f"missing {', '.join(missing)}: run `make corpora-large` (make bench does)"
        )
    return {name: _row(run_measure, *TREES[name]) for name in names}


def _row(run_measure: Callable[..., dict[str, Any]], tree: Path, repeat: int) -> dict[str, Any]:
    base = run_measure("repo-baseline", "repository", str(tree), str(repeat))
    front = run_measure("repo-frontend", "repository", str(tree), str(repeat))
    row: dict[str, Any] = {
        "corpus": str(tree.relative_to(ROOT)),
        "baseline": {"what": "tree-sitter parse of every code file", **base},
        "frontend": front,
        "frontend_x_baseline_time": round(front["s"] / base["s"], 2),
        "frontend_x_baseline_peak": round(front["peak_mb"] / base["peak_mb"], 2),
        "files_per_s": round(front["files"] / front["s"], 1),
        "mb_per_s": round(front["mb"] / front["s"], 2),
        "baseline_files_per_s": round(base["code_files"] / base["s"], 1),
    }
    for jobs in ("1", "2"):
        with tempfile.TemporaryDirectory() as tmp:
            built = run_measure("build", "build", str(tree), "-o", f"{tmp}/o", "-q", "-j", jobs)
        built["files_per_s"] = round(front["files"] / built["s"], 1) if built["s"] else 0.0
        built["mb_per_s"] = round(front["mb"] / built["s"], 2) if built["s"] else 0.0
        row[f"build_j{jobs}"] = built
    return row


def print_repository(rows: dict[str, Any]) -> None:
    for row in rows.values():
        _print_row(row)


def _print_row(row: dict[str, Any]) -> None:
    base, front = row["baseline"], row["frontend"]
    print(f"\nrepository: {row['corpus']} (one fresh process each; x = skillc / baseline)")
    print(
        f"  {front['files']} files read ({front['code_files']} code), {front['mb']} MB | "
        f"frontend {front['s']:.2f} s, {row['files_per_s']} files/s, {row['mb_per_s']} MB/s, "
        f"peak {front['peak_mb']} MB | {base['what']}: {base['s']:.2f} s "
        f"({row['baseline_files_per_s']} files/s), peak {base['peak_mb']} MB | "
        f"x time {row['frontend_x_baseline_time']}, x peak {row['frontend_x_baseline_peak']}"
    )
    for jobs in ("1", "2"):
        built = row[f"build_j{jobs}"]
        print(
            f"  whole skillc build -j{jobs}: {built['s']:.2f} s, {built['files_per_s']} files/s, "
            f"{built['mb_per_s']} MB/s, cpu {built['cpu_s']} s, peak {built['peak_mb']} MB "
            f"(workers {built['worker_peak_mb']} MB), exit {built['exit_code']}"
        )
