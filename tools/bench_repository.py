"""The repository row of `make bench`: a large real tree (django's sdist, the large set) read
by the repository frontend beside tree-sitter's bare parse of the same files, in one run.

Three measurements, each in a fresh process (`bench.run_measure`, so peak RSS is each one's
alone): ``repo-baseline``, tree-sitter parsing every code file the frontend bundles with its
language's grammar (the floor: any reader of that code pays it); ``repo-frontend``, the
repository source alone (`files.collect` walking and bundling the tree, then
`read_repository`); and the whole ``skillc build`` of the tree at ``-j1`` and ``-j2`` (its
guide pages too: django's 400 RST docs dominate). Alone: ``python tools/bench.py repository``.
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
                parse(GRAMMARS[Path(path).suffix], path, path, text)
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


def bench_repository(run_measure: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The repository row (see the module docstring)."""
    if not DJANGO.is_dir():
        raise SystemExit(f"missing {DJANGO}: run `make corpora-large` (make bench does)")
    base = run_measure("repo-baseline", "repository", str(DJANGO), "3")
    front = run_measure("repo-frontend", "repository", str(DJANGO), "3")
    row: dict[str, Any] = {
        "corpus": str(DJANGO.relative_to(ROOT)),
        "baseline": {"what": "tree-sitter parse of every code file", **base},
        "frontend": front,
        "frontend_x_baseline_time": round(front["s"] / base["s"], 2),
        "frontend_x_baseline_peak": round(front["peak_mb"] / base["peak_mb"], 2),
        "files_per_s": round(front["files"] / front["s"], 1),
        "mb_per_s": round(front["mb"] / front["s"], 2),
    }
    for jobs in ("1", "2"):
        with tempfile.TemporaryDirectory() as tmp:
            built = run_measure("build", "build", str(DJANGO), "-o", f"{tmp}/o", "-q", "-j", jobs)
        row[f"build_j{jobs}"] = built
    return row


def print_repository(row: dict[str, Any]) -> None:
    base, front = row["baseline"], row["frontend"]
    print(f"\nrepository: {row['corpus']} (one fresh process each; x = skillc / baseline)")
    print(
        f"  {front['files']} files read ({front['code_files']} code), {front['mb']} MB | "
        f"frontend {front['s']:.2f} s, {row['files_per_s']} files/s, {row['mb_per_s']} MB/s, "
        f"peak {front['peak_mb']} MB | {base['what']}: {base['s']:.2f} s, peak "
        f"{base['peak_mb']} MB | x time {row['frontend_x_baseline_time']}, "
        f"x peak {row['frontend_x_baseline_peak']}"
    )
    for jobs in ("1", "2"):
        built = row[f"build_j{jobs}"]
        print(
            f"  whole skillc build -j{jobs}: {built['s']:.2f} s, cpu {built['cpu_s']} s, peak "
            f"{built['peak_mb']} MB (workers {built['worker_peak_mb']} MB), exit "
            f"{built['exit_code']}"
        )
