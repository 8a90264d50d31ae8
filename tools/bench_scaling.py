"""How build and lint grow with input size, nesting depth and member count: `bench.py scaling`.

Issue 9 asks that every phase grow linearly (n log n at worst): each doubling of the input may
cost at most `LIMIT` times as much. Each series below is one input shape at four or five sizes,
each size twice the bytes of the one before; every measurement runs in a fresh process
(`bench.measure`), with its time, CPU time and peak memory, beside the bare parse of the same
file by the library underneath (markdown-it-py, lxml) where there is one. The figure checked is
CPU seconds (other jobs on a shared machine inflate wall time more than CPU time), and a step
over the limit is measured once more at both ends, keeping the lower figures (contention only
adds); a step whose byte sizes do not exactly double is scaled to a doubling
(``(t2/t1) ** (1/log2(s2/s1))``).

Shapes: a page of short sections (the 19 MB page that ran for ten minutes), lists and
blockquotes nested thousands of levels deep in Markdown and HTML, a folder of many small pages,
and for lint a SKILL.md with an 800- to 3,200-level list (the pre-commit hook's crafted file)
and one with a description of megabytes.
"""

from __future__ import annotations

import itertools
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The most one doubling of the input may multiply the cost by.
LIMIT = 2.3
#: Each series' largest size is ``2 ** (STEPS - 1)`` times its smallest (in bytes).
STEPS = 4
#: Measurements this short are mostly start-up and timer noise: not checked against `LIMIT`.
_NOISE_S = 0.5

Measure = Callable[..., dict[str, Any]]
_BASELINES = {"markdown": "markdown-it-py parse", "html": "lxml read + parse"}


def page(sections: int) -> str:
    """The page shape of the issue: ``## Section i``, a sentence, a ``sh`` fence, two bullets."""
    parts = [
        f"## Section {i}\n\nRun the tool for case {i}.\n\n```sh\nmake target{i}\n```\n\n"
        f"- item {i}\n- other {i}\n"
        for i in range(sections)
    ]
    return "# Big\n\n" + "\n".join(parts)


def markdown_list(depth: int) -> str:
    """A list nested ``depth`` levels, one item per level, each indented under the last."""
    return "# Deep\n\nRun `make all` first.\n\n" + "".join(
        "  " * i + f"- item {i}\n" for i in range(depth)
    )


def markdown_quote(depth: int) -> str:
    """Blockquotes nested ``depth`` levels, one line per level."""
    return "# Deep\n\nRun `make all` first.\n\n" + "".join(
        ">" * (i + 1) + f" quote {i}\n" for i in range(depth)
    )


def html_list(depth: int) -> str:
    return (
        "<html><body><h1>Deep</h1><p>Run <code>make all</code> first.</p>"
        + "".join(f"<ul><li>item {i}" for i in range(depth))
        + "</li></ul>" * depth
        + "</body></html>"
    )


def html_quote(depth: int) -> str:
    return (
        "<html><body><h1>Deep</h1><p>Run <code>make all</code> first.</p>"
        + "".join(f"<blockquote><p>quote {i}</p>" for i in range(depth))
        + "</blockquote>" * depth
        + "</body></html>"
    )


def wide_folder(root: Path, pages: int) -> None:
    """``pages`` small pages in 50 folders, each linking the next."""
    for i in range(pages):
        folder = root / f"g{i % 50}"
        folder.mkdir(parents=True, exist_ok=True)
        link = f"[next](../g{(i + 1) % 50}/page{i + 1}.md)" if i + 1 < pages else ""
        (folder / f"page{i}.md").write_text(
            f"# Page {i}\n\nInstall tool {i} before you begin. {link}\n\n## Build {i}\n\n"
            f"Run the build for case {i}.\n\n```sh\nmake build{i}\n```\n\n"
            f"- step {i} one\n- step {i} two\n"
        )


def skill_md(description: str, body: str) -> str:
    return f'---\nname: scaled\ndescription: "{description}"\n---\n\n{body}'


def deep_list_skill(depth: int) -> str:
    return skill_md("Builds things. Use when building.", markdown_list(depth))


def long_description_skill(megabytes: float) -> str:
    words = " ".join(f"word{i % 1000}" for i in range(int(megabytes * 2**20) // 8))
    return skill_md("Builds things. Use when " + words, "# Title\n\nRun `make`.\n")


#: (name, what the sizes count, sizes, how a size becomes an input, command, baseline kind).
#: A depth that grows by the square root of 2 doubles an indented document's bytes.
_ROOT2: list[float] = [800, 1131, 1600, 2263, 3200]
SERIES: list[tuple[str, str, list[float], str, str, str]] = [
    ("page of sections (md)", "sections", [2000, 4000, 8000, 16000], "page", "build", "markdown"),
    ("nested list (md)", "levels", _ROOT2[:STEPS], "markdown_list", "build", "markdown"),
    ("nested quotes (md)", "levels", _ROOT2[:STEPS], "markdown_quote", "build", "markdown"),
    ("nested list (html)", "levels", [2000, 4000, 8000, 16000], "html_list", "build", "html"),
    ("nested quotes (html)", "levels", [2000, 4000, 8000, 16000], "html_quote", "build", "html"),
    ("folder of pages (md)", "pages", [1000, 2000, 4000, 8000], "wide_folder", "build", "markdown"),
    ("lint: nested list", "levels", _ROOT2, "deep_list_skill", "lint", "markdown"),
    ("lint: long description", "MB", [0.5, 1, 2, 4], "long_description_skill", "lint", ""),
]


def _write(tmp: Path, maker: str, size: float) -> Path:
    """The input for ``size``: a page, a folder of pages, or a skill folder."""
    name = f"{maker}-{size}".replace(".", "_")
    if maker == "wide_folder":
        wide_folder(tmp / name, int(size))
        return tmp / name
    text = globals()[maker](size)
    if maker.endswith("_skill"):
        (tmp / name).mkdir()
        path = tmp / name / "SKILL.md"
    else:
        path = tmp / f"{name}.{'html' if maker.startswith('html') else 'md'}"
    path.write_text(text)
    return path


def _bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def per_doubling(t1: float, t2: float, s1: int, s2: int) -> float:
    """The cost ratio of the step from size ``s1`` to ``s2``, scaled to a doubling of the bytes.

    >>> per_doubling(1.0, 4.0, 100, 400)
    2.0
    """
    if t1 <= 0 or t2 <= 0 or s2 <= s1:
        return 0.0
    ratio: float = (t2 / t1) ** (math.log(2) / math.log(s2 / s1))
    return round(ratio, 2)


def run_series(
    measure: Measure, series: tuple[str, str, list[float], str, str, str]
) -> dict[str, Any]:
    """Every size of one series, skillc and baseline, each in a fresh process."""
    name, unit, sizes, maker, command, baseline = series
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [_write(Path(tmp), maker, size) for size in sizes]

        def skillc(path: Path) -> dict[str, Any]:
            if command == "build":
                out = f"{tmp}/out-{path.stem}-{len(rows)}"
                return measure("cli", "build", str(path), "-o", out, "-q", "--no-cache")
            target = path.parent if path.name == "SKILL.md" else path
            return measure("cli", "lint", str(target), "-q")

        for size, path in zip(sizes, paths, strict=True):
            row: dict[str, Any] = {unit: size, "bytes": _bytes(path), "skillc": skillc(path)}
            if baseline:
                row["baseline"] = measure("baseline", baseline, str(path), "1")
            rows.append(row)
        _ratios(rows)
        # Other jobs only ever add time: a doubling over the limit is measured once more, at
        # both ends, and the lower CPU time of each end kept (``repeats`` counts them).
        for k in range(1, len(rows)):
            if rows[k].get("skillc_x", 0) > LIMIT and rows[k]["skillc"]["cpu_s"] >= _NOISE_S:
                for end in (k - 1, k):
                    again = skillc(paths[end])
                    rows[end]["repeats"] = rows[end].get("repeats", 1) + 1
                    if again["cpu_s"] < rows[end]["skillc"]["cpu_s"]:
                        rows[end]["skillc"] = again
                _ratios(rows)
    checked = [r["skillc_x"] for r in rows[1:] if r["skillc"]["cpu_s"] >= _NOISE_S]
    return {
        "what": name,
        "unit": unit,
        "baseline": baseline,
        "rows": rows,
        "worst_x": max(checked, default=0.0),
        "within_limit": all(x <= LIMIT for x in checked),
    }


def _ratios(rows: list[dict[str, Any]]) -> None:
    for before, row in itertools.pairwise(rows):
        for key in ("skillc", "baseline"):
            if key in row:
                row[f"{key}_x"] = per_doubling(
                    before[key]["cpu_s"], row[key]["cpu_s"], before["bytes"], row["bytes"]
                )


def bench_scaling(measure: Measure) -> dict[str, Any]:
    """Every series; ``within_limit`` when no checked doubling costs more than `LIMIT`."""
    results = [run_series(measure, series) for series in SERIES]
    return {
        "limit_per_doubling": LIMIT,
        "series": results,
        "worst_x": max(r["worst_x"] for r in results),
        "within_limit": all(r["within_limit"] for r in results),
    }


def print_scaling(scaling: dict[str, Any]) -> None:
    print(
        f"\nscaling (each row twice the bytes of the one before; x = CPU time ratio per doubling,"
        f" at most {scaling['limit_per_doubling']}; each measurement a fresh process)"
    )
    head = f"  {'size':>9} {'MB':>7} | {'s':>7} {'cpu s':>7} {'peak MB':>8} {'x':>5}"
    for series in scaling["series"]:
        baseline = _BASELINES.get(series["baseline"], "")
        print(f"\n  {series['what']}" + (f"  (baseline: {baseline})" if baseline else ""))
        print(head + (f" | {'base s':>7} {'peak MB':>8} {'x':>5}" if series["baseline"] else ""))
        for row in series["rows"]:
            mine = row["skillc"]
            line = (
                f"  {row[series['unit']]:>9} {row['bytes'] / 1e6:>7.2f} | {mine['s']:>7.2f} "
                f"{mine['cpu_s']:>7.2f} {mine['peak_mb']:>8.1f} {row.get('skillc_x', ''):>5}"
            )
            if "baseline" in row:
                base = row["baseline"]
                line += (
                    f" | {base['s']:>7.2f} {base['peak_mb']:>8.1f} {row.get('baseline_x', ''):>5}"
                )
            print(line)
        verdict = "ok" if series["within_limit"] else f"OVER {LIMIT}"
        print(f"  worst x per doubling {series['worst_x']} ({verdict})")
    print(
        f"\n  worst x per doubling over all series: {scaling['worst_x']} "
        f"({'within' if scaling['within_limit'] else 'over'} {LIMIT})"
    )
