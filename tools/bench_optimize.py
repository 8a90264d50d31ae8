"""`skillc optimize` on the existing-skills corpus: tokens saved, nothing lost, routing kept.

Usage: python tools/bench_optimize.py [--json]

For each library of ``corpora/skills/`` (each is optimised as one library, since descriptions
are judged against their siblings) and each description mode (``safe``, the default, keeps every
routing term; ``routing`` drops any clause the skill's own requests do not need, as SkillReducer's
oracle does), it prints:

- description and SKILL.md body tokens (cl100k) before and after: total reduction, and the
  median of the per-skill reductions (SkillReducer reports 48% and 39%);
- what an agent loads at activation (description + SKILL.md body) before and after, and
  reference tokens before and after (loaded on demand: what moved out of the body is still in
  the package);
- sentence-level changes inside paragraphs (`skillc.compiler.optimize.prune`: SK082 filler or
  repeated sentences, SK083 tables of contents, SK084 wordy phrases);
- no-loss: skills rolled back because an actionable item would have been lost (PV032), and
  input code blocks missing from the output (must be 0);
- packages the reference validator (``agentskills validate``) accepts;
- trigger-eval recall: each skill's written ``evals/evals.json`` scored by the offline BM25
  router over the library's original descriptions, then over the optimised ones;
- the body's ceiling under the no-loss rule: the reduction if every block of SKILL.md that
  holds no command, constraint, URL, path or number (`skillc.passes.pins.pinned`: a list's
  ordinals and slash-joined words such as "CI/CD" are neither) and gives no instruction
  (`guides`) left the body and cost nothing (headings kept, pointer
  lines not counted). Moving and removing whole blocks cannot go further; only rewriting the
  sentences that hold those items could.

After the ``ALL`` rows come the libraries of ``corpora/bench-skills/`` that ``make corpora``
fetched (ai-labs-claude-skills: verbose hand-written skills), each on its own.

Everything runs offline; the token counts are exact, the router is a lexical stand-in for an
agent's choice (what it measures is routing equivalence, not task quality).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "skills"
#: Libraries fetched for this benchmark only (``make corpora``; not committed): reported in rows
#: of their own after the corpus' ``ALL`` rows, which they do not change. Skipped when absent.
WILD = ROOT / "corpora" / "bench-skills"
sys.path.insert(0, str(ROOT))

from skillc.compiler.frontends.skills.reader import read_skill_file  # noqa: E402
from skillc.compiler.optimize import optimize, write_output  # noqa: E402
from skillc.ir.markdown import render_block  # noqa: E402
from skillc.ir.nodes import Heading  # noqa: E402
from skillc.passes.compress_body import guides  # noqa: E402
from skillc.passes.pins import pinned  # noqa: E402
from skillc.passes.trigger_evals import EvalQuery, score  # noqa: E402
from skillc.passes.verify_package import package_items  # noqa: E402
from skillc.tokens import count_tokens  # noqa: E402

MODES = ("safe", "routing")


def reduction(before: int, after: int) -> float:
    return 0.0 if not before else 100.0 * (before - after) / before


def run_library(library: Path, mode: str) -> dict[str, Any]:
    """Optimise one library in one mode; measure it."""
    result = optimize([str(library)], descriptions=mode)
    skills = result.skills
    rolled = sum(s.rolled_back for s in skills)
    missing_code = 0
    sets: dict[str, tuple[EvalQuery, ...]] = {}
    before_desc: dict[str, str] = {}
    floors: list[int] = []
    for s in skills:
        source = {
            p.relative_to(library / s.name).as_posix(): p.read_bytes()
            for p in sorted((library / s.name).rglob("*"))
            if p.is_file()
        }
        output = {
            path[len(s.name) + 1 :]: data
            for path, data in result.files.items()
            if path.startswith(f"{s.name}/")
        }
        code_in = {i for i in package_items(source) if i.kind == "code"}
        code_out = {i for i in package_items(output) if i.kind == "code"}
        missing_code += len(code_in - code_out)
        entries = json.loads(output["evals/evals.json"])
        sets[s.name] = tuple(
            EvalQuery(query=e["query"], should_trigger=e["should_trigger"]) for e in entries
        )
        before_desc[s.name] = _description(source.get("SKILL.md", b""))
        floors.append(round(s.before.body * _pinned_share(source.get("SKILL.md", b""))))
    after_desc = {s.name: s.description for s in skills}
    recall_before = _mean_recall(sets, before_desc)
    recall_after = _mean_recall(sets, after_desc)
    return {
        "library": library.name,
        "mode": mode,
        "skills": len(skills),
        "description": _levels(skills, "description"),
        "body": _levels(skills, "body"),
        "ceiling": _ceiling([s.before.body for s in skills], floors),
        "activation": _levels(skills, "activation"),
        "references": _levels(skills, "references"),
        "pruned": sum(d.code in ("SK082", "SK083", "SK084") for d in result.diagnostics),
        "rolled_back": rolled,
        "missing_code_blocks": missing_code,
        "valid": _validated(result),
        "recall_before": recall_before,
        "recall_after": recall_after,
    }


def _description(data: bytes) -> str:
    from skillc.package.reader import package_from_texts

    front = package_from_texts("s", {"SKILL.md": data.decode("utf-8", "replace")}).front_matter
    found = front.get("description") if front.present else None
    return found.value if found is not None and isinstance(found.value, str) else ""


def _pinned_share(data: bytes) -> float:
    """The share of a SKILL.md body's tokens (as rendered blocks) that must stay in the body:
    headings, blocks holding a command, constraint, URL, path or number, and instructions."""
    skill = read_skill_file(data.decode("utf-8-sig", "replace"), source_id="SKILL.md").skills[0]
    total = kept = 0
    for block in skill.blocks:
        tokens = count_tokens(render_block(block))
        total += tokens
        kept += tokens if isinstance(block, Heading) or pinned(block) or guides(block) else 0
    return kept / total if total else 1.0


def _ceiling(before: list[int], floors: list[int]) -> dict[str, float]:
    per_skill = [reduction(b, f) for b, f in zip(before, floors, strict=True) if b]
    return {
        "before": sum(before),
        "after": sum(floors),
        "total_reduction": reduction(sum(before), sum(floors)),
        "median_reduction": statistics.median(per_skill) if per_skill else 0.0,
        "per_skill": per_skill,
    }


def _levels(skills: list[Any], level: str) -> dict[str, float]:
    before = [_level_of(s.before, level) for s in skills]
    after = [_level_of(s.after, level) for s in skills]
    per_skill = [reduction(b, a) for b, a in zip(before, after, strict=True) if b]
    return {
        "before": sum(before),
        "after": sum(after),
        "total_reduction": reduction(sum(before), sum(after)),
        "median_reduction": statistics.median(per_skill) if per_skill else 0.0,
        "per_skill": per_skill,
    }


def _level_of(tokens: Any, level: str) -> int:
    """A token count of a package; ``activation`` is what an agent loads when the skill is
    chosen: its description (already in the catalogue) and its SKILL.md body."""
    if level == "activation":
        return int(tokens.description + tokens.body)
    return int(getattr(tokens, level))


def _mean_recall(sets: dict[str, tuple[EvalQuery, ...]], descriptions: dict[str, str]) -> float:
    scores = score(sets, descriptions)
    return 100.0 * sum(s.recall for s in scores) / len(scores) if scores else 0.0


def _validated(result: Any) -> str:
    """How many written packages `agentskills validate` accepts, as "n/m"."""
    validator = Path(sys.executable).with_name("agentskills")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        write_output(result, out)
        ok = 0
        for s in result.skills:
            done = subprocess.run(
                [str(validator), "validate", str(out / s.name)], capture_output=True, check=False
            )
            ok += done.returncode == 0
    return f"{ok}/{len(result.skills)}"


def main(argv: list[str]) -> int:
    libraries = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    rows = [run_library(library, mode) for mode in MODES for library in libraries]
    rows += [_overall(rows, mode) for mode in MODES]
    wild = sorted(p for p in WILD.glob("*") if (p / "skills").is_dir()) if WILD.is_dir() else []
    rows += [run_library(library, mode) for mode in MODES for library in wild]
    if "--json" in argv:
        print(json.dumps(rows, indent=2))
        return 0
    header = (
        f"{'library':22} {'mode':8} {'n':>3}  {'desc tokens':>14} {'desc tot/med':>13}  "
        f"{'body tokens':>15} {'body tot/med':>13} {'ceiling':>12}  {'activation tot/med':>18}  "
        f"{'refs':>15} {'pruned':>6}  "
        f"{'rolled':>6} {'lost code':>9} {'valid':>6}  {'recall before/after':>19}"
    )
    print(header)
    for r in rows:
        d, b, f = r["description"], r["body"], r["references"]
        print(
            f"{r['library']:22} {r['mode']:8} {r['skills']:>3}  {_level(d, 5)}  {_level(b, 6)} "
            f"{_share(r['ceiling'])}  {_share(r['activation']):>18}  "
            f"{f['before']:>6} -> {f['after']:<6} {r['pruned']:>6}  {r['rolled_back']:>6} "
            f"{r['missing_code_blocks']:>9} {r['valid']:>6}  "
            f"{r['recall_before']:>8.1f} / {r['recall_after']:<.1f}%"
        )
    print(
        "\ntot/med: total reduction over the library / median of the per-skill reductions. "
        "SkillReducer's goal: 48% description, 39% body.\nceiling: the body's tot/med "
        "reduction if every block without a command, constraint, URL, path, number or "
        "instruction left it.\nactivation: description + body, what an agent loads when it "
        "picks the skill (references load on demand). pruned: sentence-level changes "
        "(SK082-SK084)."
    )
    if wild:
        names = ", ".join(p.name for p in wild)
        print(f"after ALL: {names} (corpora/bench-skills, fetched, not in ALL).")
    return 0


def _share(level: dict[str, float]) -> str:
    return f"{level['total_reduction']:>5.1f}/{level['median_reduction']:<5.1f}%"


def _level(level: dict[str, float], width: int) -> str:
    tokens = f"{level['before']:>6} -> {level['after']:<{width}}"
    return f"{tokens} {level['total_reduction']:>5.1f}/{level['median_reduction']:<5.1f}%"


def _overall(rows: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    mine = [r for r in rows if r["mode"] == mode]

    def level(name: str) -> dict[str, float]:
        before = sum(r[name]["before"] for r in mine)
        after = sum(r[name]["after"] for r in mine)
        # the median over every skill of the corpus, not a median of the libraries' medians
        per_skill = [x for r in mine for x in r[name]["per_skill"]]
        return {
            "before": before,
            "after": after,
            "total_reduction": reduction(before, after),
            "median_reduction": statistics.median(per_skill) if per_skill else 0.0,
            "per_skill": per_skill,
        }

    skills = sum(r["skills"] for r in mine)
    valid = sum(int(r["valid"].split("/")[0]) for r in mine)

    def weighted(key: str) -> float:
        return sum(r[key] * r["skills"] for r in mine) / skills if skills else 0.0

    return {
        "library": "ALL",
        "mode": mode,
        "skills": skills,
        "description": level("description"),
        "body": level("body"),
        "ceiling": level("ceiling"),
        "activation": level("activation"),
        "references": level("references"),
        "pruned": sum(r["pruned"] for r in mine),
        "rolled_back": sum(r["rolled_back"] for r in mine),
        "missing_code_blocks": sum(r["missing_code_blocks"] for r in mine),
        "valid": f"{valid}/{skills}",
        "recall_before": weighted("recall_before"),
        "recall_after": weighted("recall_after"),
    }


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
