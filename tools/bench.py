"""Benchmark skillc on the corpora: `make bench`.

Machines are noisy, so every figure is reported beside a baseline measured in the same run:
- in-process: markdown-it-py parsing the same files (the floor any Markdown frontend pays), then
  skillc's frontend, then frontend + the O1 pipeline + rendering;
- whole process: `skillc build` of the corpus against `python -c pass` (interpreter start-up).
Each figure is the median of several repetitions. Results also go to out/bench.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skillc.compiler.driver import (  # noqa: E402
    BuildOptions,
    compile_module,
    read_sources,
    render_package_files,
)
from skillc.compiler.inputs import collect  # noqa: E402

CORPORA = {"click (Markdown)": ROOT / "corpora" / "guides" / "click" / "src"}
REPEAT = 5


def median_seconds(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_in_process(path: Path) -> dict[str, float]:
    from markdown_it import MarkdownIt

    files = collect([str(path)])
    size_mb = sum(len(f.text.encode()) for f in files) / 1e6
    parser = MarkdownIt("commonmark").enable("table")
    compile_module(read_sources(files)[0], BuildOptions())  # warm caches (tokenizer, grammar)

    def full() -> None:
        compiled, _, _ = compile_module(read_sources(files)[0], BuildOptions())
        render_package_files(compiled.skills)

    baseline = median_seconds(lambda: [parser.parse(f.text) for f in files])
    frontend = median_seconds(lambda: read_sources(files))
    pipeline = median_seconds(full)
    return {
        "files": len(files),
        "mb": round(size_mb, 3),
        "markdown_it_parse_s": round(baseline, 4),
        "frontend_s": round(frontend, 4),
        "frontend_x_parse": round(frontend / baseline, 2),
        "build_in_process_s": round(pipeline, 4),
        "build_x_parse": round(pipeline / baseline, 2),
        "files_per_s": round(len(files) / pipeline, 1),
        "mb_per_s": round(size_mb / pipeline, 2),
    }


def bench_process(path: Path) -> dict[str, float]:
    def startup() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    def build() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "skillc", "build", str(path), "-o", f"{tmp}/o", "-q"]
            subprocess.run(cmd, check=True)

    base = median_seconds(startup, 3)
    whole = median_seconds(build, 3)
    return {
        "python_startup_s": round(base, 3),
        "skillc_build_process_s": round(whole, 3),
        "build_x_startup": round(whole / base, 1),
    }


def corpus_skills() -> list[Path]:
    """Skill folders of the existing-skills corpus (committed or fetched by `make corpora`)."""
    return sorted(p.parent for p in (ROOT / "corpora" / "skills").rglob("SKILL.md"))


def bench_lint() -> dict[str, float]:
    """Whole-process lint of one skill against the reference validator's CLI, and of 500 skills.

    The 500 are the corpus skills copied round-robin into 500 folders named ``<skill>-<n>``
    (there is no registry package with 500 real skills), so every copy also gets a name/folder
    mismatch finding: more findings to render than a clean tree, a slightly pessimistic figure.
    """
    import shutil

    skills = corpus_skills()
    if not skills:
        return {}
    one = skills[0]
    validator = Path(sys.executable).with_name("agentskills")
    lint_cmd = [sys.executable, "-m", "skillc", "lint", str(one), "-q"]
    row = {
        "lint_one_skill_s": round(median_seconds(lambda: subprocess.run(lint_cmd), 5), 3),
        "reference_validator_one_skill_s": round(
            median_seconds(
                lambda: subprocess.run([str(validator), "validate", str(one)], capture_output=True),
                5,
            ),
            3,
        ),
    }
    row["lint_x_validator"] = round(
        row["lint_one_skill_s"] / row["reference_validator_one_skill_s"], 2
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(500):
            source = skills[n % len(skills)]
            shutil.copytree(source, Path(tmp) / f"{source.name}-{n}", symlinks=True)
        cmd = [sys.executable, "-m", "skillc", "lint", tmp, "-q", "--format", "json"]
        row["lint_500_skills_s"] = round(
            median_seconds(lambda: subprocess.run(cmd, capture_output=True), 3), 3
        )
    return row


def main() -> int:
    results = {}
    for name, path in CORPORA.items():
        results[name] = {**bench_in_process(path), **bench_process(path)}
    results["lint"] = bench_lint()
    for name, row in results.items():
        print(f"\n{name}")
        for key, value in row.items():
            print(f"  {key:32} {value}")
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
