"""Benchmark the risk scanner: `make bench-risk`.

Quality, per origin and overall, on the development set:
- ``skillfortify``: SkillFortifyBench's OpenClaw skills (corpora/risk/skillfortify, fetched by
  `make corpora`), 90 malicious and 90 benign, labelled by its manifest.json. Synthetic, and the
  set the rules were developed against: an upper bound, not a field measure;
- ``vendor/<name>``: the published skills under corpora/skills/ (all benign);
- ``vendor/elizaos (npm)``: the 34 skills of npm ``@elizaos/skills`` (corpora/risk/elizaos-skills,
  fetched by `make corpora`), vendor-published, read and labelled benign.

A skill counts as flagged when its verdict is ``malicious``. For each origin: skills, TP, FP,
FN, TN, precision, recall, F1 and false-positive rate (FP / benign skills), and the verdicts of
the benign skills (how many were held back as suspicious).

Speed, in the same run: batch milliseconds per skill of a whole ``skillc scan`` process over
all the skills of the set (start-up included, one process, as a user runs it), and in-process
milliseconds per skill on one core after warm-up. When the peer, PyPI
``cisco-ai-skill-scanner`` (static analysers only: no LLM, no network), is installed in its own
venv (`.venv-peer`, `make bench-risk` creates it), it scans the same skills in the same run and
its quality and batch speed are printed beside ours. Results also go to out/bench-risk.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skillc.package.reader import read_package  # noqa: E402
from skillc.scan.engine import scan_package  # noqa: E402

BENCH = ROOT / "corpora" / "risk" / "skillfortify" / "benchmarks"
VENDOR = ROOT / "corpora" / "skills"
ELIZAOS = ROOT / "corpora" / "risk" / "elizaos-skills" / "skills"
PEER = ROOT / ".venv-peer" / "bin" / "skill-scanner"


@dataclass(frozen=True, slots=True)
class Case:
    origin: str
    folder: Path
    malicious: bool


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)

    def add(self, malicious: bool, flagged: bool, verdict: str) -> None:
        self.tp += malicious and flagged
        self.fp += (not malicious) and flagged
        self.fn += malicious and not flagged
        self.tn += (not malicious) and not flagged
        if not malicious:
            self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1

    def row(self) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision and recall
            else (0.0 if precision is not None and recall is not None else None)
        )
        benign = self.fp + self.tn
        return {
            "skills": self.tp + self.fp + self.fn + self.tn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "fpr": self.fp / benign if benign else None,
            "benign_verdicts": dict(sorted(self.verdicts.items())),
        }


def cases() -> list[Case]:
    """Every labelled skill of the development set, in a fixed order."""
    found: list[Case] = []
    manifest = BENCH / "manifest.json"
    if manifest.is_file():
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["entries"]:
            folder = BENCH / Path(entry["path"]).parent
            if entry["format"] == "openclaw" and folder.is_dir():
                found.append(Case("skillfortify", folder, bool(entry["is_malicious"])))
    if ELIZAOS.is_dir():  # real-world vendor skills, read and labelled benign
        for skill in sorted(p.parent for p in ELIZAOS.glob("*/SKILL.md")):
            found.append(Case("vendor/elizaos (npm)", skill, False))
    for corpus in sorted(p for p in VENDOR.iterdir() if p.is_dir()):
        for skill in sorted(p.parent for p in corpus.rglob("SKILL.md")):
            found.append(Case(f"vendor/{corpus.name}", skill, False))
    return found


def ours(all_cases: list[Case], batch_dir: Path) -> tuple[dict[Path, str], float, float]:
    """Our verdict per skill (from the batch run), in-process ms per skill (one core, warm),
    and batch ms per skill of one ``skillc scan`` process over every skill (start-up
    included)."""
    scan_package(read_package(all_cases[0].folder, "warm-up"))
    start = time.perf_counter()
    for case in all_cases:
        scan_package(read_package(case.folder, case.folder.name))
    in_process = 1000 * (time.perf_counter() - start) / len(all_cases)
    command = [
        sys.executable,
        "-m",
        "skillc",
        "scan",
        "skills",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]
    start = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=batch_dir.parent
    )
    batch = 1000 * (time.perf_counter() - start) / len(all_cases)
    if result.returncode != 0:
        raise SystemExit(f"skillc scan failed ({result.returncode}): {result.stderr[-500:]}")
    by_name = {Path(s["path"]).name: s["verdict"] for s in json.loads(result.stdout)["skills"]}
    return {c.folder: by_name[_name(i)] for i, c in enumerate(all_cases)}, in_process, batch


def _name(index: int) -> str:
    return f"s{index:04d}"


def batch_folder(all_cases: list[Case], tmp: Path) -> Path:
    """A copy of every skill, each in a folder of its own (``skills/s0001``...): the same
    input, in the same shape, for both scanners' batch commands."""
    root = tmp / "skills"
    for index, case in enumerate(all_cases):
        shutil.copytree(case.folder, root / _name(index), symlinks=True)
    return root


def peer(all_cases: list[Case], batch_dir: Path) -> tuple[dict[Path, str], float] | None:
    """The peer's verdict per skill (``malicious`` when its report says ``is_safe: false``,
    i.e. a high or critical finding) and its batch ms per skill (one ``scan-all`` process),
    or None when it is not installed."""
    if not PEER.exists():
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "ANTHROPIC"))}
    start = time.perf_counter()
    result = subprocess.run(
        [str(PEER), "scan-all", str(batch_dir), "--format", "json", "--compact"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    batch = 1000 * (time.perf_counter() - start) / len(all_cases)
    try:
        results = json.loads(result.stdout)["results"]
    except (json.JSONDecodeError, KeyError):
        print(f"peer failed ({result.returncode}): {result.stderr[-500:]}", file=sys.stderr)
        return None
    by_name = {
        Path(r["skill_path"]).name: "benign" if r.get("is_safe", True) else "malicious"
        for r in results
    }
    verdicts = {c.folder: by_name.get(_name(i), "missing") for i, c in enumerate(all_cases)}
    return verdicts, batch


def tally(all_cases: Iterable[Case], verdicts: dict[Path, str]) -> dict[str, dict[str, Any]]:
    per: dict[str, Tally] = {}
    total = Tally()
    for case in all_cases:
        verdict = verdicts[case.folder]
        flagged = verdict == "malicious"
        per.setdefault(case.origin, Tally()).add(case.malicious, flagged, verdict)
        total.add(case.malicious, flagged, verdict)
    rows = {origin: t.row() for origin, t in sorted(per.items())}
    rows["all"] = total.row()
    return rows


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def print_table(name: str, rows: dict[str, dict[str, Any]]) -> None:
    print(f"\n{name}")
    print(
        f"  {'origin':30} {'skills':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} "
        f"{'prec':>5} {'recall':>6} {'F1':>5} {'FPR':>5}  benign skills' verdicts"
    )
    for origin, r in rows.items():
        verdicts = ", ".join(f"{k} {v}" for k, v in r["benign_verdicts"].items())
        print(
            f"  {origin:30} {r['skills']:>6} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} "
            f"{r['tn']:>4} {_fmt(r['precision']):>5} {_fmt(r['recall']):>6} {_fmt(r['f1']):>5} "
            f"{_fmt(r['fpr']):>5}  {verdicts}"
        )


def main() -> int:
    all_cases = cases()
    if not any(c.origin == "skillfortify" for c in all_cases):
        print("corpora/risk/skillfortify is missing: run `make corpora` first", file=sys.stderr)
        return 2
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        batch_dir = batch_folder(all_cases, Path(tmp))
        verdicts, in_process, batch = ours(all_cases, batch_dir)
        theirs = peer(all_cases, batch_dir)
    results: dict[str, Any] = {"load_start": load, "skills": len(all_cases)}
    results["skillc"] = {
        "quality": tally(all_cases, verdicts),
        "ms_per_skill_batch": batch,
        "ms_per_skill_in_process": in_process,
    }
    print_table("skillc scan (flagged = verdict malicious)", results["skillc"]["quality"])
    print(
        f"  speed: {batch:.1f} ms per skill, one `skillc scan` process over all "
        f"{len(all_cases)} skills (start-up included); {in_process:.1f} ms per skill "
        "in-process, one core"
    )
    if theirs is None:
        print(
            "\npeer cisco-ai-skill-scanner: not installed (.venv-peer); `make bench-risk` "
            "installs it"
        )
    else:
        peer_verdicts, peer_batch = theirs
        results["peer"] = {
            "quality": tally(all_cases, peer_verdicts),
            "ms_per_skill_batch": peer_batch,
        }
        print_table(
            "peer cisco-ai-skill-scanner 2.3.2, static (flagged = not is_safe)",
            results["peer"]["quality"],
        )
        print(
            f"  speed: {peer_batch:.1f} ms per skill, one `skill-scanner scan-all` process "
            f"over the same skills; skillc / peer = {batch / peer_batch:.2f}"
        )
    results["load_end"] = os.getloadavg()
    print(
        f"\nload average {load[0]:.2f} at the start, {results['load_end'][0]:.2f} at the end "
        "(2 cores shared: slower when others run)"
    )
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "bench-risk.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
