"""PDF rows of `make bench` (alone: ``bench.py pdf`` or `make bench-pdf`): per PDF corpus, in the
same run, interleaved so that the machine's other jobs weigh on both sides alike:

- text extraction alone: pypdf ``extract_text`` beside PDFium (pypdfium2 ``get_text_range``),
  each in a fresh interpreter, import and open excluded, every page;
- the whole `skillc build -j2 --no-cache` (skillc's bytecode compiled first, as an install's
  is) beside the most popular peer, Skill Seekers
  (``skill-seekers create PDF --enhance-level 0``, offline, PyMuPDF underneath), both as
  fresh processes, wall seconds, median of ``REPEAT``. The peer runs from its own venv
  (``.venv-seekers``, `make bench-pdf` creates it); without it, PyMuPDF's bare text extraction
  from that venv is the floor reported instead, and without either the peer rows are left out
  and the output says so.

Ratios are peer / skillc (above 1: skillc is faster) and pypdf / PDFium; the builds' CPU
seconds (user + system, workers included) are shown beside their wall seconds.
"""

from __future__ import annotations

import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "corpora" / "guides"
PDFS = {
    "bash-pdf": GUIDES / "bash-pdf" / "src" / "bashref.pdf",
    "reportlab-pdf": GUIDES / "reportlab-pdf" / "src" / "reportlab-userguide.pdf",
    "docbook-xsl-pdf": GUIDES / "docbook-xsl-pdf" / "src" / "reference.pdf",
    "amc-pdf": GUIDES / "amc-pdf" / "src" / "auto-multiple-choice.en.pdf",
}
PEER_VENV = ROOT / ".venv-seekers"
PEER = PEER_VENV / "bin" / "skill-seekers"
#: skillc as this checkout's code: ``python -m skillc`` with the checkout first on the path.
#: Why not ``.venv/bin/skillc``: its editable install imports the checkout it was installed
#: from, so in a git worktree sharing that venv the bench measured another branch's code.
SKILLC = [sys.executable, "-m", "skillc"]
REPEAT = 3

_EXTRACT = {
    "pypdf": (
        "from pypdf import PdfReader\n"
        "r = PdfReader(PATH)\n"
        "for p in r.pages: p.extract_text()\n"
        "PAGES = len(r.pages)\n"
    ),
    "pdfium": (
        "import pypdfium2 as pdfium\n"
        "d = pdfium.PdfDocument(PATH)\n"
        "for i in range(len(d)): d[i].get_textpage().get_text_range()\n"
        "PAGES = len(d)\n"
    ),
    "pymupdf": ("import fitz\nd = fitz.open(PATH)\nfor p in d: p.get_text()\nPAGES = len(d)\n"),
}


def extract_seconds(library: str, path: Path) -> tuple[float, int]:
    """Seconds ``library`` takes to extract the text of every page of ``path`` (its import
    done before the clock starts), in a fresh interpreter; and the page count."""
    python = str(PEER_VENV / "bin" / "python") if library == "pymupdf" else sys.executable
    imports, body = _EXTRACT[library].split("\n", 1)
    code = (
        "import json, logging, sys, time\n"
        "logging.disable(logging.CRITICAL)\n"
        f"PATH = sys.argv[1]\n{imports}\n"
        f"start = time.perf_counter()\n{body}"
        "print(json.dumps([time.perf_counter() - start, PAGES]))\n"
    )
    out = subprocess.run(
        [python, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout
    seconds, pages = json.loads(out.strip().splitlines()[-1])
    return float(seconds), int(pages)


def _wall(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds of ``cmd`` and the CPU seconds (user + system) it and its workers used:
    on a shared machine the wall time is mostly the other jobs, the CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def build_seconds(path: Path, out: Path) -> tuple[float, float]:
    """One whole `skillc build PDF -j2 --no-cache` as a fresh process."""
    path_before = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), path_before]))}
    return _wall([*SKILLC, "build", str(path), "-o", str(out), "-j2", "--no-cache"], env)


def peer_seconds(path: Path, out: Path, home: Path) -> tuple[float, float]:
    """One whole ``skill-seekers create PDF --enhance-level 0`` as a fresh process (its own
    HOME: importing it writes a device id under the home folder)."""
    env = {**os.environ, "HOME": str(home)}
    cmd = [str(PEER), "create", str(path), "--name", "bench", "--enhance-level", "0"]
    return _wall([*cmd, "-o", str(out)], env)


def compile_bytecode() -> None:
    """skillc's modules compiled to bytecode first, as an installed package's are (pip
    compiles them; the peer's venv has them): without it an editable install under
    ``PYTHONDONTWRITEBYTECODE`` compiles every module in every build (~0.35 s of a small
    one), which is not what a user's build costs. The files go to ``__pycache__`` (ignored)."""
    compileall.compile_dir(ROOT / "skillc", quiet=1)


def bench_pdf() -> dict[str, Any]:
    """The PDF rows (see the module docstring)."""
    compile_bytecode()
    rows: dict[str, Any] = {"peer": "skill-seekers" if PEER.exists() else ""}
    if not PEER.exists() and (PEER_VENV / "bin" / "python").exists():
        rows["peer"] = "pymupdf floor"
    for name, path in PDFS.items():
        if not path.exists():
            rows[name] = {"missing": "make corpora"}
            continue
        rows[name] = bench_one(path)
    return rows


def bench_one(path: Path) -> dict[str, Any]:
    """One corpus: extraction by each library, then the builds, interleaved."""
    row: dict[str, Any] = {}
    pypdf_s, pages = extract_seconds("pypdf", path)
    pdfium_s, _ = extract_seconds("pdfium", path)
    row.update(pages=pages, pypdf_extract_s=round(pypdf_s, 3), pdfium_extract_s=round(pdfium_s, 3))
    row["pypdf_over_pdfium"] = round(pypdf_s / pdfium_s, 2)
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        for n in range(REPEAT):
            ours.append(build_seconds(path, Path(tmp) / f"skillc-{n}"))
            if PEER.exists():
                home = Path(tmp) / "home"
                home.mkdir(exist_ok=True)
                theirs.append(peer_seconds(path, Path(tmp) / f"peer-{n}", home))
            elif (PEER_VENV / "bin" / "python").exists():
                floor = extract_seconds("pymupdf", path)[0]
                theirs.append((floor, floor))
    row["skillc_j2_s"] = round(statistics.median(w for w, _ in ours), 3)
    row["skillc_cpu_s"] = round(statistics.median(c for _, c in ours), 3)
    if theirs:
        row["peer_s"] = round(statistics.median(w for w, _ in theirs), 3)
        row["peer_cpu_s"] = round(statistics.median(c for _, c in theirs), 3)
        row["peer_over_skillc"] = round(row["peer_s"] / row["skillc_j2_s"], 2)
        row["peer_over_skillc_cpu"] = round(row["peer_cpu_s"] / row["skillc_cpu_s"], 2)
    return row


def print_pdf(rows: dict[str, Any]) -> None:
    peer = rows.get("peer") or "not installed (`make bench-pdf` installs it into .venv-seekers)"
    print(f"\npdf (same run; peer: {peer})")
    for name, row in rows.items():
        if not isinstance(row, dict):
            continue
        if "missing" in row:
            print(f"  {name:16} not fetched ({row['missing']})")
            continue
        line = (
            f"  {name:16} {row['pages']:4} pages  extract pypdf {row['pypdf_extract_s']:6.2f} s"
            f"  pdfium {row['pdfium_extract_s']:5.2f} s  ({row['pypdf_over_pdfium']:.1f}x)"
            f"  build -j2 {row['skillc_j2_s']:5.2f} s"
        )
        if "peer_s" in row:
            line += f"  peer {row['peer_s']:5.2f} s  peer/skillc {row['peer_over_skillc']:.2f}x"
            line += (
                f"  (CPU s: skillc {row['skillc_cpu_s']:.2f} peer {row['peer_cpu_s']:.2f}"
                f" = {row['peer_over_skillc_cpu']:.2f}x)"
            )
        print(line)


if __name__ == "__main__":
    result = bench_pdf()
    print_pdf(result)
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(result, indent=2) + "\n")
