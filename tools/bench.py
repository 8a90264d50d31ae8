"""Benchmark skillc on the corpora: `make bench`.

Machines are noisy (and shared), so every figure is reported beside a baseline measured in the
same run, as a ratio:
- click (Markdown), in-process: markdown-it-py parsing the same files (the floor any Markdown
  frontend pays), then skillc's frontend, then frontend + the O1 pipeline + rendering; whole
  process: `skillc build` of the corpus against `python -c pass` (interpreter start-up). Each
  figure is the median of several repetitions.
- the large set, per frontend (HTML: python-doc's 530 Sphinx pages; PDF: R's 2,415-page
  refman.pdf; RST: python-doc's 497 sources; Markdown: click): pages, MB, seconds, pages/s, MB/s
  and peak memory of the frontend alone (`read_sources`, one process) beside a bare parse of the
  same input by the library the frontend is built on (lxml parse + text, pypdf
  ``extract_text``, docutils ``publish_doctree``, markdown-it-py), then the whole
  `skillc build` with ``-j1`` and ``-j2``. Each measurement runs in a fresh process of its own
  (``bench.py measure ...``), so peak RSS (``ru_maxrss``) is that measurement's alone and no
  cache or import is shared; the large set is measured once (minutes per figure).
- lint: one skill against the reference validator's CLI; 500 skills.
- repository (`tools/bench_repository.py`; alone: ``bench.py repository [django|go|rust]``):
  django's sdist, the Go 1.19 tree and Rust 1.63's sources, each read by the repository
  frontend beside tree-sitter's bare parse of its code files, and built whole at ``-j1`` and
  ``-j2`` (files/s, MB/s, peak memory).
- scaling (`tools/bench_scaling.py`; alone: ``bench.py scaling``): build and lint of one input
  shape at doubling sizes, each in a fresh process, with the cost ratio per doubling.
- pdf (`tools/bench_pdf.py`; alone: ``bench.py pdf``, `make bench-pdf`): per PDF corpus,
  pypdf beside PDFium text extraction, and `skillc build -j2` beside the peer Skill Seekers.
- incremental (`tools/bench_incremental.py`; alone: ``bench.py incremental``): python-doc cold
  at ``-j1`` and ``-j2``, no-op and one-page-changed rebuilds with the cache, each against a
  bare lxml parse of the same pages in the same run (the bytes read and parsed, nothing else);
  then SQLite's HTML pages cold at ``-j1`` and ``-j2`` beside their own bare parse. Each prints
  its ``-j2/-j1`` time ratio and how many times the bare parse a cold ``-j2`` takes (issue 15:
  within 4). Every other build runs ``--no-cache``.
- no-op trees (`tools/bench_noop_trees.py`; alone: ``bench.py noop-trees``): no-op rebuilds
  of an sdist and a repository folder with the cache, against ``skillc --version`` and a bare
  read of the same tree.
- memory (`tools/bench_memory.py`; alone: ``bench.py memory``): peak RSS of the whole process
  tree of cold ``-j2`` builds of python-doc at 1x and replicated 4x.
- executors (`tools/bench_tickets.py`; alone: ``bench.py executors``): one export of 100,000
  real tickets replicated, built with the local executor and on a Dask cluster the bench
  starts on loopback; the outputs must be byte-identical.
Results also go to out/bench.json, with the load averages at the start and the end, and CPU
seconds beside every wall time (other jobs on the machine slow every figure; the ratios hold
better). The whole run takes well over half an hour on 2 cores (`bench.py <row>` runs one row).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skillc.compiler.driver import (  # noqa: E402
    BuildOptions,
    compile_module,
    read_sources,
    render_package_files,
)
from skillc.compiler.inputs import InputFile, collect  # noqa: E402
from skillc.package.emit import Emitter  # noqa: E402
from tools.bench_incremental import (  # noqa: E402
    bench_cold,
    bench_incremental,
    print_incremental,
)
from tools.bench_memory import bench_memory, print_memory  # noqa: E402
from tools.bench_noop_trees import bench_noop_trees, print_noop_trees  # noqa: E402
from tools.bench_pdf import bench_pdf, print_pdf  # noqa: E402
from tools.bench_repository import (  # noqa: E402
    TREES,
    bench_repository,
    measure_repository,
    print_repository,
)
from tools.bench_scaling import bench_scaling, print_scaling  # noqa: E402
from tools.bench_tickets import executors as bench_executors  # noqa: E402
from tools.bench_tickets import print_executors  # noqa: E402

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
        emitter = Emitter()  # as `build` does: the checks' renderings are written, not redone
        compiled, _, _ = compile_module(read_sources(files)[0], BuildOptions(), emitter=emitter)
        render_package_files(compiled.skills, emitter)

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
            cmd.append("--no-cache")  # a cold build each time (issue 15's cache)
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

    Both one-skill figures are taken with cached bytecode for both tools, as installed from a
    wheel: the validator's package has its ``.pyc`` from pip, while an editable skillc under
    ``PYTHONDONTWRITEBYTECODE`` recompiles about 100 modules on every run (about 45 ms). The
    ``*_as_is`` figures run in the caller's environment, unchanged.
    """
    import shutil

    skills = corpus_skills()
    if not skills:
        return {}
    one = skills[0]
    validator = Path(sys.executable).with_name("agentskills")
    lint_cmd = [sys.executable, "-m", "skillc", "lint", str(one), "-q"]
    validate_cmd = [str(validator), "validate", str(one)]
    row: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache  # both compile once, then load bytecode
        for label, environment in (("", env), ("_as_is", None)):
            for cmd in (lint_cmd, validate_cmd):  # warm up (and write the bytecode)
                subprocess.run(cmd, capture_output=True, env=environment)
            lint_s = median_seconds(
                lambda e=environment: subprocess.run(lint_cmd, capture_output=True, env=e), 5
            )
            validate_s = median_seconds(
                lambda e=environment: subprocess.run(validate_cmd, capture_output=True, env=e), 5
            )
            row[f"lint_one_skill_s{label}"] = round(lint_s, 3)
            row[f"reference_validator_one_skill_s{label}"] = round(validate_s, 3)
            row[f"lint_x_validator{label}"] = round(lint_s / validate_s, 2)
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(500):
            source = skills[n % len(skills)]
            shutil.copytree(source, Path(tmp) / f"{source.name}-{n}", symlinks=True)
        cmd = [sys.executable, "-m", "skillc", "lint", tmp, "-q", "--format", "json"]
        row["lint_500_skills_s"] = round(
            median_seconds(lambda: subprocess.run(cmd, capture_output=True), 3), 3
        )
    return row


# --- The large set: one fresh process per measurement ------------------------------------------

GUIDES = ROOT / "corpora" / "guides"
PYTHON_DOC = GUIDES / "python-doc" / "src" / "html"
SQLITE_HTML = GUIDES / "sqlite-html" / "src"
SQLITE_TITLE = "SQLite HTML (its 766 pages): cold builds"
REFMAN = GUIDES / "r-refman-pdf" / "src"
#: Published figure for comparison (not measured here): the most popular peer tool, one core,
#: python3.11-doc's 530 HTML pages (issue 3).
PEER_PYTHON_DOC_HTML_S = 92.0


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


def _cpu_s() -> float:
    """CPU seconds used so far by this process and its finished children (the build's workers):
    beside wall time it shows how much the other jobs on the machine took from a figure."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _baseline(kind: str, files: list[InputFile]) -> Callable[[], int]:
    """The bare parse of ``files`` by the library frontend ``kind`` is built on; it returns the
    number of pages it read (a PDF's pages, else files). It reads the same loaded inputs as the
    frontend (HTML: the files' bytes, read inside the timing) and drops each parse result at
    once, so the peak memory compares the libraries', not 500 parse trees kept alive."""
    texts = [f.text for f in files]
    parse: Callable[[str], object]
    if kind == "pdf":
        import io

        from pypdf import PdfReader

        blobs = [f.data for f in files]

        def extract() -> int:
            pages = 0
            for blob in blobs:
                for page in PdfReader(io.BytesIO(blob)).pages:
                    page.extract_text()
                    pages += 1
            return pages

        return extract
    if kind == "html":
        # Read the bytes and parse them, nothing else (issue 15's baseline): no decoding, no
        # text extraction; the parser is the frontend's (lxml's HTML parser, UTF-8).
        from lxml import etree

        parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)  # as html_content.parse
        paths = [f.path for f in files]

        def parse_html() -> int:
            for path in paths:
                etree.fromstring(path.read_bytes(), parser)
            return len(paths)

        return parse_html
    if kind == "rst":
        from docutils.core import publish_doctree

        settings = {
            "report_level": 5,  # Sphinx directives are unknown to plain docutils: stay quiet
            "halt_level": 5,
            "file_insertion_enabled": False,
            "raw_enabled": False,
            "_disable_config": True,
        }

        def parse(text: str) -> object:
            return publish_doctree(text, settings_overrides=settings)

    elif kind == "markdown":
        from markdown_it import MarkdownIt

        parse = MarkdownIt("commonmark").enable("table").parse
    else:
        raise SystemExit(f"unknown baseline {kind!r}")

    def run() -> int:
        for text in texts:
            parse(text)
        return len(texts)

    return run


def measure(argv: list[str]) -> dict[str, Any]:
    """One measurement in this fresh process: ``frontend|baseline KIND PATH REPEAT``, or
    ``build ARGS...`` (the whole `skillc build`, run in-process so that its workers are this
    process's children: ``peak_mb`` is the parent's, ``worker_peak_mb`` the largest worker's),
    or ``cli ARGS...`` (any skillc command so: ``cli lint PATH``)."""
    if argv[0] in ("build", "cli"):
        from skillc.cli import main as cli

        start, cpu, code = time.perf_counter(), _cpu_s(), 0
        quiet = open(os.devnull, "w")  # noqa: SIM115 - closed with the process
        try:
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                cli(argv[1:], standalone_mode=False)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
            if code not in (0, 1):  # 1: the build found errors in its input, after all the work
                raise
        seconds = time.perf_counter() - start
        return {
            "exit_code": code,
            "s": round(seconds, 3),
            "cpu_s": round(_cpu_s() - cpu, 2),
            "peak_mb": _peak_mb(resource.RUSAGE_SELF),
            "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
        }
    what, kind, root, repeat = argv[0], argv[1], Path(argv[2]), int(argv[3])
    if what.startswith("repo-"):
        return measure_repository(what, root, repeat)
    files = collect([str(root)])
    row: dict[str, Any] = {
        "files": len(files),
        "mb": round(sum(f.path.stat().st_size for f in files) / 1e6, 3),
    }
    if what == "frontend":
        import importlib

        for name in {f.frontend for f in files}:  # imports are not the frontend's work
            importlib.import_module(f"skillc.compiler.frontends.{name}.reader")

        def run() -> int:
            read_sources(files)
            return len(files)

    else:
        run = _baseline(kind, files)
    times, cpu = [], _cpu_s()
    for _ in range(repeat):
        start = time.perf_counter()
        row["pages"] = run()
        times.append(time.perf_counter() - start)
    row.update(
        s=round(statistics.median(times), 3),
        cpu_s=round((_cpu_s() - cpu) / repeat, 2),
        peak_mb=_peak_mb(resource.RUSAGE_SELF),
    )
    return row


def run_measure(*argv: str) -> dict[str, Any]:
    """`measure` in a fresh interpreter; its result comes back through a file."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        cmd = [sys.executable, __file__, "measure", result.name, *argv]
        subprocess.run(cmd, check=True, cwd=ROOT)
        return dict(json.loads(Path(result.name).read_text()))


def rst_sources(tmp: Path) -> Path:
    """python-doc's ``_sources/**.rst.txt`` copied to ``.rst`` names (the RST frontend's suffix)."""
    target = tmp / "rst"
    for source in sorted((PYTHON_DOC / "_sources").rglob("*.rst.txt")):
        relative = source.relative_to(PYTHON_DOC / "_sources").as_posix().removesuffix(".txt")
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / relative)
    return target


def _rates(row: dict[str, Any], pages: int) -> dict[str, Any]:
    return {
        **row,
        "pages_per_s": round(pages / row["s"], 1),
        "mb_per_s": round(row["mb"] / row["s"], 2),
    }


def bench_frontend(kind: str, baseline_name: str, path: Path, repeat: int) -> dict[str, Any]:
    """One frontend against its library's bare parse, then `skillc build` -j1 and -j2."""
    base = run_measure("baseline", kind, str(path), str(repeat))
    front = run_measure("frontend", kind, str(path), str(repeat))
    pages = int(base["pages"])  # a PDF's pages, else files
    row: dict[str, Any] = {
        "corpus": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name,
        "files": front["files"],
        "pages": pages,
        "mb": front["mb"],
        "frontend": _rates(front, pages),
        "baseline": {"what": baseline_name, **_rates(base, pages)},
    }
    row["frontend_x_baseline_time"] = round(front["s"] / base["s"], 2)
    row["frontend_x_baseline_peak"] = round(front["peak_mb"] / base["peak_mb"], 2)
    for jobs in ("1", "2"):
        with tempfile.TemporaryDirectory() as tmp:
            built = run_measure(
                "build", "build", str(path), "-o", f"{tmp}/o", "-q", "-j", jobs, "--no-cache"
            )
        row[f"build_j{jobs}"] = {"pages_per_s": round(pages / built["s"], 1), **built}
    row["build_j2_speedup"] = round(row["build_j1"]["s"] / row["build_j2"]["s"], 2)
    return row


def bench_large() -> dict[str, Any]:
    missing = [p for p in (PYTHON_DOC, REFMAN) if not p.is_dir()]
    if missing:
        raise SystemExit(f"missing {missing}: run `make corpora corpora-large` (make bench does)")
    with tempfile.TemporaryDirectory() as tmp:
        rst = rst_sources(Path(tmp))
        rows = {
            "html": bench_frontend("html", "lxml read + parse", PYTHON_DOC, 1),
            "pdf": bench_frontend("pdf", "pypdf extract_text", REFMAN, 1),
            "rst": bench_frontend("rst", "docutils publish_doctree", rst, 1),
            "markdown": bench_frontend(
                "markdown", "markdown-it-py parse", CORPORA["click (Markdown)"], REPEAT
            ),
        }
    rows["rst"]["corpus"] = "corpora/guides/python-doc/src/html/_sources (as .rst)"
    rows["html"]["peer_published_s"] = PEER_PYTHON_DOC_HTML_S
    return rows


def print_large(rows: dict[str, Any]) -> None:
    print("\nlarge set, per frontend (one fresh process each; x = skillc / baseline)")
    head = f"  {'':9} {'pages':>6} {'MB':>6} | {'s':>7} {'pages/s':>8} {'MB/s':>6} {'peak MB':>8}"
    print(
        head
        + f" | {'baseline':26} {'s':>7} {'pages/s':>8} {'MB/s':>6} {'peak MB':>8} | x time  x peak"
    )
    for kind, row in rows.items():
        f, b = row["frontend"], row["baseline"]
        print(
            f"  {kind:9} {row['pages']:>6} {row['mb']:>6.1f} | {f['s']:>7.2f} "
            f"{f['pages_per_s']:>8.1f} {f['mb_per_s']:>6.2f} {f['peak_mb']:>8.1f} | "
            f"{b['what']:26} {b['s']:>7.2f} "
            f"{b['pages_per_s']:>8.1f} {b['mb_per_s']:>6.2f} {b['peak_mb']:>8.1f} | "
            f"{row['frontend_x_baseline_time']:>6} {row['frontend_x_baseline_peak']:>6}"
        )
    print("\n  whole `skillc build` (reading + O1 passes + writing)")
    print(
        f"  {'':9} {'-j1 s':>7} {'pages/s':>8} {'cpu s':>6} {'peak MB':>8} | {'-j2 s':>7} "
        f"{'pages/s':>8} {'cpu s':>6} {'peak MB':>8} {'worker MB':>9} | speed-up"
    )
    for kind, row in rows.items():
        one, two = row["build_j1"], row["build_j2"]
        if one["exit_code"] or two["exit_code"]:
            print(f"  {kind}: the build reported errors (exit 1): nothing written, times kept")
        print(
            f"  {kind:9} {one['s']:>7.2f} {one['pages_per_s']:>8.1f} {one['cpu_s']:>6.1f} "
            f"{one['peak_mb']:>8.1f} | {two['s']:>7.2f} {two['pages_per_s']:>8.1f} "
            f"{two['cpu_s']:>6.1f} {two['peak_mb']:>8.1f} {two['worker_peak_mb']:>9.1f} | "
            f"{row['build_j2_speedup']}"
        )
    if "peer_published_s" in rows.get("html", {}):
        print(
            f"  (published, not measured here: the most popular peer, one core, python-doc HTML: "
            f"{rows['html']['peer_published_s']:.0f} s)"
        )


def main(argv: list[str]) -> int:
    if argv[:1] == ["measure"]:
        Path(argv[1]).write_text(json.dumps(measure(argv[2:])))
        return 0
    if argv[:1] == ["scaling"]:
        return scaling_only()
    if argv[:1] == ["repository"]:
        return repository_only(tuple(argv[1:]))
    if argv[:1] == ["pdf"]:
        print_pdf(bench_pdf())
        return 0
    if argv[:1] == ["incremental"]:
        print_incremental(bench_incremental(run_measure, PYTHON_DOC))
        print_incremental(bench_cold(run_measure, SQLITE_HTML), SQLITE_TITLE)
        return 0
    if argv[:1] == ["memory"]:
        print_memory(bench_memory())
        return 0
    if argv[:1] == ["noop-trees"]:
        print_noop_trees(bench_noop_trees())
        return 0
    if argv[:1] == ["executors"]:
        print_executors(bench_executors())
        return 0
    results: dict[str, Any] = {
        "load_average_at_start": list(os.getloadavg()),
        "cpus": os.cpu_count(),
    }
    for name, path in CORPORA.items():
        results[name] = {**bench_in_process(path), **bench_process(path)}
    results["lint"] = bench_lint()
    for name, row in results.items():
        if isinstance(row, dict):
            print(f"\n{name}")
            for key, value in row.items():
                print(f"  {key:32} {value}")
    results["large"] = bench_large()
    print_large(results["large"])
    results["pdf"] = bench_pdf()
    print_pdf(results["pdf"])
    results["repository"] = bench_repository(run_measure)
    print_repository(results["repository"])
    results["scaling"] = bench_scaling(run_measure)
    print_scaling(results["scaling"])
    results["incremental"] = bench_incremental(run_measure, PYTHON_DOC)
    print_incremental(results["incremental"])
    results["sqlite_cold"] = bench_cold(run_measure, SQLITE_HTML)
    print_incremental(results["sqlite_cold"], SQLITE_TITLE)
    results["noop_trees"] = bench_noop_trees()
    print_noop_trees(results["noop_trees"])
    results["memory"] = bench_memory()
    print_memory(results["memory"])
    results["tickets_executors"] = bench_executors()
    print_executors(results["tickets_executors"])
    results["load_average_at_end"] = list(os.getloadavg())
    print(f"\nload average at start {results['load_average_at_start']}, at end {os.getloadavg()}")
    write_results(results)
    return 0


def scaling_only() -> int:
    """`bench.py scaling`: only the scaling series (about 3 minutes); its figures replace the
    ``scaling`` entry of out/bench.json, the rest of the file is kept. Exit 1 when a doubling
    costs more than the limit."""
    start = list(os.getloadavg())
    scaling = bench_scaling(run_measure)
    print_scaling(scaling)
    print(f"\nload average at start {start}, at end {list(os.getloadavg())}")
    path = ROOT / "out" / "bench.json"
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        results = {}
    results["scaling"] = {
        **scaling,
        "load_average_at_start": start,
        "load_average_at_end": list(os.getloadavg()),
    }
    write_results(results)
    return 0 if scaling["within_limit"] else 1


def repository_only(names: tuple[str, ...] = ()) -> int:
    """`bench.py repository [django|go|rust...]`: only the repository rows (those named);
    they replace that entry of out/bench.json."""
    row = bench_repository(run_measure, names or tuple(TREES))
    print_repository(row)
    path = ROOT / "out" / "bench.json"
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        results = {}
    results["repository"] = {**row, "load_average_at_end": list(os.getloadavg())}
    write_results(results)
    return 0


def write_results(results: dict[str, Any]) -> None:
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
