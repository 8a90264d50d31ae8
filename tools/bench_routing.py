"""Routing benchmark: can an agent find the right skill of a compiled library from the listing?

Usage: python tools/bench_routing.py [--out DIR] [--before DIR] [--json FILE]
                                     [--levels page,chapter,manual] [NAME ...]
       python tools/bench_routing.py --library OUT_FOLDER [--before OUT_FOLDER]

For each demo guide library (the `make demo` guide corpora, built with the Makefile's
arguments into ``--out``/<level>, default ``out/routing``; NAME picks some) at each grouping
level (``skillc build --group``: one skill per page, per chapter, per manual), or for one
built output (``--library``):

- Queries are the section headings the skills' files carry (SKILL.md and references/), minus
  boilerplate headings every page has ("Examples", "See also"). The ``held_out`` columns count
  and score the queries whose heading is not in the skill's own description, where the router
  cannot just match the listing's words.
- The right answer is a skill whose files carry that heading (any of them, when several do).
- The router is BM25 (k1 1.2, b 0.75) over each skill's name (hyphens as spaces) and
  description: the listing an agent sees. Words are cut and folded as lint's SC105 does.
- Reported: queries, hit@1, hit@3, MRR (sections held by no skill are verify-no-loss's to
  find, not measured here), the listing's tokens (every skill's name and
  description, as clients list them), and the median and 90th-percentile tokens an agent reads
  to reach a section: the right skill's SKILL.md plus every file on the cheapest chain of
  links to the file holding it (a part of a long page: SKILL.md, the page's index, the part;
  a SKILL.md heading that only points to a file counts that file), beside
  ``manual_tokens``, what reaching any section costs when the manual is one file (the
  one-file-per-manual baseline: everything is read).

``--before DIR`` runs the same measure on an earlier build's outputs (a folder holding one
output folder per library, e.g. built by the previous commit) and prints both.
Tokens are counted with ``skillc.tokens`` (cl100k, offline).
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import posixpath
import re
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from skillc.lint.rules.routing.similar_descriptions import terms
from skillc.passes.key_terms import BOILERPLATE, unnumbered
from skillc.tokens import count_tokens

ROOT = Path(__file__).resolve().parent.parent
#: The guide libraries of `make demo` (name, source, arguments), as the Makefile builds them.
DEMO: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("click", "corpora/guides/click/src", ("--name-prefix", "click")),
    ("requests", "corpora/guides/requests-html/src", ("--name-prefix", "requests")),
    ("flask", "corpora/guides/flask-rst/src", ("--name-prefix", "flask")),
    ("sqlite", "corpora/guides/sqlite-html/src", ("--name-prefix", "sqlite")),
    ("reportlab", "corpora/guides/reportlab-pdf/src", ("--name-prefix", "reportlab")),
    ("docbook-xsl", "corpora/guides/docbook-xsl-pdf/src", ("--name-prefix", "docbook-xsl")),
    ("bash", "corpora/guides/bash-pdf/src", ("--name-prefix", "bash")),
    ("python", "corpora/guides/python-doc/src/html", ("--name-prefix", "python", "-j", "0")),
    ("diffutils", "corpora/guides/diffutils-html/src", ("--name-prefix", "diffutils")),
    ("debmake", "corpora/guides/debmake-html/src", ("--name-prefix", "debmake")),
)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_MARKUP = re.compile(r"[`*\\]|\[([^\]]*)\]\([^)]*\)")
K1, B = 1.2, 0.75
#: The grouping levels of ``skillc build --group``: the default (``auto``: chapters, folded
#: into parts while the listing is over the budget), then finest first.
LEVELS = ("auto", "page", "chapter", "manual")
#: The grain each build was made at, as its summary says (``auto`` resolves to one).
GRAINS: dict[Path, str] = {}


@dataclass
class Skill:
    """One skill of a library as an agent meets it: listed, then loaded."""

    name: str
    description: str
    skill_tokens: int
    #: SKILL.md and every reference file
    total_tokens: int = 0
    #: heading text -> tokens of the file holding it (0 for SKILL.md itself)
    sections: dict[str, int] = field(default_factory=dict)


def headings(text: str) -> list[str]:
    """The ATX headings of a Markdown file outside code fences, as plain text."""
    found, fence = [], ""
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if opened:
            mark = opened.group(1)[0]
            fence = "" if fence == mark else (fence or mark)
            continue
        match = None if fence else _HEADING.match(line)
        if match:
            found.append(" ".join(_MARKUP.sub(r"\1", match.group(1)).split()))
    return found


def read_library(folder: Path) -> list[Skill]:
    """Every skill of a build output (a folder of skill folders)."""
    return [read_skill(skill_md) for skill_md in sorted(folder.glob("*/SKILL.md"))]


def read_skill(skill_md: Path) -> Skill:
    """One skill; each section costs the tokens of every file read on the way to it.

    The way is the cheapest chain of links from SKILL.md: a page cut into parts is reached
    through its index (SKILL.md, the index, the part). A SKILL.md heading that only stands
    for a reference file (the next line reads "Read [references/x.md]...") is reached in
    that file, not in SKILL.md.
    """
    root = skill_md.parent
    text = skill_md.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    skill = Skill(str(front["name"]), str(front["description"]), count_tokens(text))
    skill.total_tokens = skill.skill_tokens
    texts = {
        ref.relative_to(root).as_posix(): ref.read_text(encoding="utf-8")
        for ref in sorted((root / "references").rglob("*.md"))
    }
    tokens = {path: count_tokens(ref_text) for path, ref_text in texts.items()}
    skill.total_tokens += sum(tokens.values())
    cost = _reach_costs(text, texts, tokens)
    for heading, pointer in _skill_headings(text.split("---\n", 2)[2]):
        skill.sections.setdefault(heading, cost.get(pointer, 0) if pointer else 0)
    for path, ref_text in texts.items():
        for heading in headings(ref_text):
            skill.sections.setdefault(heading, cost.get(path, tokens[path]))
    return skill


_LINK = re.compile(r"\]\(([^)\s#]+\.md)\)")
_POINTER = re.compile(r"^Read \[[^\]]*\]\((references/[^)]+)\)")


def _reach_costs(skill_text: str, texts: dict[str, str], tokens: dict[str, int]) -> dict[str, int]:
    """Tokens read after SKILL.md to reach each reference file along the cheapest chain of
    links (Dijkstra; links are relative to the file holding them)."""
    best: dict[str, int] = {}
    queue: list[tuple[int, str, str]] = [(0, "SKILL.md", skill_text)]
    while queue:
        spent, path, text = heapq.heappop(queue)
        for target in _LINK.findall(text):
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if joined in texts and spent + tokens[joined] < best.get(joined, 1 << 60):
                best[joined] = spent + tokens[joined]
                heapq.heappush(queue, (best[joined], joined, texts[joined]))
    return best


def _skill_headings(body: str) -> list[tuple[str, str]]:
    """SKILL.md's headings after the title, each with the reference file it stands for
    (``""`` when its section has content of its own)."""
    lines = body.split("\n")
    found = []
    titles = headings(body)[1:]
    at = 0
    for heading in titles:
        while at < len(lines) and not (
            _HEADING.match(lines[at]) and heading in " ".join(_MARKUP.sub(r"\1", lines[at]).split())
        ):
            at += 1
        following = next((ln for ln in lines[at + 1 :] if ln.strip()), "")
        pointer = _POINTER.match(following)
        found.append((heading, pointer.group(1) if pointer else ""))
        at += 1
    return found


class BM25:
    """Okapi BM25 over the listing (name + description of each skill)."""

    def __init__(self, docs: Sequence[list[str]]) -> None:
        self.docs = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.mean = (sum(self.lengths) / len(docs)) if docs else 1.0
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        n = len(docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}

    def rank(self, query: list[str]) -> list[int]:
        """Document indexes, best first (ties by index, so the order is deterministic)."""
        scores = []
        for i, doc in enumerate(self.docs):
            score = 0.0
            norm = K1 * (1 - B + B * self.lengths[i] / (self.mean or 1.0))
            for word in query:
                tf = doc.get(word, 0)
                if tf:
                    score += self.idf[word] * tf * (K1 + 1) / (tf + norm)
            scores.append((-score, i))
        return [i for _, i in sorted(scores)]


def measure(skills: list[Skill]) -> dict[str, float]:
    """hit@1, hit@3, MRR, listing tokens and tokens to reach over the library's sections."""
    listing = [terms(s.name.replace("-", " ") + " " + s.description) for s in skills]
    router = BM25(listing)
    owners: dict[str, set[int]] = {}
    for i, skill in enumerate(skills):
        for heading in skill.sections:
            owners.setdefault(heading.casefold(), set()).add(i)
    hits1 = hits3 = 0
    reciprocal = 0.0
    reach: list[int] = []
    queries = held = held_hits3 = 0
    for skill in skills:
        for heading, ref_tokens in skill.sections.items():
            words = terms(unnumbered(heading))  # nobody asks for "5.18.1."
            if not words or heading.casefold() in BOILERPLATE:
                continue
            queries += 1
            right = owners[heading.casefold()]
            ranked = router.rank(words)
            rank = next(r for r, j in enumerate(ranked, 1) if j in right)
            if heading.casefold() not in skill.description.casefold():
                held += 1
                held_hits3 += rank <= 3
            hits1 += rank == 1
            hits3 += rank <= 3
            reciprocal += 1 / rank
            reach.append(skill.skill_tokens + ref_tokens)
    listing_tokens = count_tokens("\n".join(f"- {s.name}: {s.description}" for s in skills))
    n = queries or 1
    reach.sort()
    return {
        "skills": len(skills),
        "queries": queries,
        "held_out": held,
        "held_out_hit@3": round(held_hits3 / (held or 1), 3),
        "hit@1": round(hits1 / n, 3),
        "hit@3": round(hits3 / n, 3),
        "mrr": round(reciprocal / n, 3),
        "listing_tokens": listing_tokens,
        "reach_median": int(statistics.median(reach)) if reach else 0,
        "reach_p90": reach[int(0.9 * (len(reach) - 1))] if reach else 0,
        "manual_tokens": sum(s.total_tokens for s in skills),
    }


def build_demo(out: Path, names: Sequence[str], level: str = "page") -> list[tuple[str, Path]]:
    """Build the chosen demo guide libraries at grouping ``level`` into ``out/<name>``."""
    built = []
    for name, source, args in DEMO:
        if names and name not in names:
            continue
        target = out / name
        run = "import sys; from skillc.cli import main; sys.exit(main())"
        command = [sys.executable, "-c", run, "build", str(ROOT / source), "-o"]
        command += [str(target), "--format", "json", "--force", "--group", level, *args]
        done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{name} at {level}: {done.stderr[-2000:]}")
        GRAINS[target] = str(json.loads(done.stdout).get("grain", level))
        built.append((name, target))
    return built


_COLUMNS = (
    "skills", "queries", "hit@1", "hit@3", "mrr", "held_out", "held_out_hit@3", "listing_tokens",
    "reach_median", "manual_tokens",
)  # fmt: skip


def _row(label: str, result: dict[str, float]) -> str:
    return f"{label:<22}" + "".join(f"{result[c]:>{max(len(c), 6) + 2}}" for c in _COLUMNS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="demo libraries to build and measure")
    parser.add_argument("--out", default=str(ROOT / "out" / "routing"))
    parser.add_argument("--library", help="measure one built output folder instead")
    parser.add_argument("--before", help="an earlier build (same layout) to compare with")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--levels", default=",".join(LEVELS), help="grouping levels to build")
    ns = parser.parse_args(argv)
    if ns.library:
        libraries = [(Path(ns.library).name, "built", Path(ns.library))]
    else:
        libraries = [
            (name, level, folder)
            for level in ns.levels.split(",")
            for name, folder in build_demo(Path(ns.out) / level, ns.names, level)
        ]
    print(f"{'library (level)':<22}" + "".join(f"{c:>{max(len(c), 6) + 2}}" for c in _COLUMNS))
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for name, level, folder in sorted(libraries, key=lambda item: item[0]):
        figures.setdefault(name, {})[level] = measure(read_library(folder))
        if ns.before and level in ("built", "page"):
            before = Path(ns.before) if ns.library else Path(ns.before) / name
            if before.is_dir():
                figures[name]["before"] = measure(read_library(before))
                print(_row(f"{name} (before)", figures[name]["before"]))
        figures[name][level]["grain"] = GRAINS.get(folder, level)  # type: ignore[assignment]
        shown = level if GRAINS.get(folder, level) == level else f"{level}:{GRAINS[folder]}"
        print(_row(f"{name} ({shown})", figures[name][level]))
    if ns.json:
        Path(ns.json).write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
