"""Lint on inputs that once made it quadratic or worse: deep nesting, thousands of suppressions,
long lines of links, trees of many look-alike skills (issue 9, "nothing hangs").

Why: the pre-commit hook runs lint on every commit, so one crafted file must not stall it. No
test is timed (machines differ); each input is large enough that a return to quadratic cost
would not finish, and small enough to lint in about a second now. `tools/bench.py scaling`
measures the growth itself. The helpers' fast paths are checked against the slow definitions.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from skillc.lint.config import LintConfig
from skillc.lint.engine import lint
from skillc.lint.intervals import Stabbing
from skillc.lint.rules.routing import similar_descriptions as sc105
from skillc.package.model import line_col
from skillc.tokens import count_tokens
from tests.lint.conftest import make_skill

DESCRIPTION = "Builds the demo project for many cases. Use when building any case."


def skill_md(body: str, description: str = DESCRIPTION) -> str:
    return f'---\nname: demo\ndescription: "{description}"\n---\n\n{body}'


def codes(root: Path) -> list[str]:
    run = lint([str(root)], LintConfig())
    assert not run.internal_errors, run.internal_errors
    return [d.code for d in run.diagnostics]


def test_a_list_nested_3000_levels_deep_lints_and_reports_its_size(tmp_path: Path) -> None:
    body = "# Deep\n\n" + "".join("  " * i + f"- item {i}\n" for i in range(3000))
    root = make_skill(tmp_path, {"SKILL.md": skill_md(body)})
    run = lint([str(root)], LintConfig())
    assert not run.internal_errors
    found = {d.code: d.message for d in run.diagnostics}
    assert found["PK301"] == "SKILL.md body is 3003 lines (limit 500)"
    tokens = count_tokens("\n" + body)
    assert found["PK302"] == f"SKILL.md body is {tokens} tokens (limit 5000)"
    assert tokens > 80_000


def test_blockquotes_nested_3000_levels_deep_lint(tmp_path: Path) -> None:
    body = "# Deep\n\n" + "".join(">" * (i + 1) + f" quote {i}\n" for i in range(3000))
    root = make_skill(tmp_path, {"SKILL.md": skill_md(body)})
    assert {"PK301", "PK302"} <= set(codes(root))


def test_thousands_of_suppressions_each_cover_their_finding(tmp_path: Path) -> None:
    """4,000 ignore comments, each before a broken link: all used, nothing reported; one more
    link without a comment is still reported."""
    lines = [
        f"<!-- skillc: ignore[PK305] planned page -->\nSee [page {n}](references/p{n}.md).\n"
        for n in range(4000)
    ]
    body = "# Links\n\n" + "\n".join(lines) + "\nSee [last](references/last.md).\n"
    root = make_skill(tmp_path, {"SKILL.md": skill_md(body)})
    assert [code for code in codes(root) if code.startswith(("PK305", "SK"))] == ["PK305"]


def test_thousands_of_disable_blocks_close_and_go_unused(tmp_path: Path) -> None:
    blocks = [
        f"<!-- skillc: disable[RK101] -->\nLine {n}.\n<!-- skillc: enable[RK101] -->\n"
        for n in range(4000)
    ]
    root = make_skill(tmp_path, {"SKILL.md": skill_md("# D\n\n" + "\n".join(blocks))})
    assert codes(root).count("SK101") == 4000  # each disable unused, no stray enable


def test_a_line_of_eight_thousand_links_is_checked(tmp_path: Path) -> None:
    line = " ".join(f"See [x{n}](references/missing{n}.md) now." for n in range(8000))
    root = make_skill(tmp_path, {"SKILL.md": skill_md(f"# L\n\n{line} `[in](code.md)`\n")})
    assert codes(root).count("PK305") == 8000


def test_a_tree_of_look_alike_skills_is_compared_without_every_pair(tmp_path: Path) -> None:
    """3,000 skills sharing most words but not similar enough: no finding, and no pair
    table of 4.5 million entries on the way; two near twins among them are still found."""
    for n in range(3000):
        text = f"Builds the common widget toolkit part {n} with special{n} and extra{n} options."
        make_skill(tmp_path, {"SKILL.md": skill_md("# S\n", text + " Use when building.")}, f"s{n}")
    twin = "Renders fancy charts from spreadsheet tables. Use when plotting."
    for name in ("chart-a", "chart-b"):
        make_skill(tmp_path, {"SKILL.md": skill_md("# C\n", twin)}, name)
    run = lint([str(tmp_path)], LintConfig())
    similar = [d for d in run.diagnostics if d.code == "SC105"]
    assert {d.span.source.split("/")[-2] for d in similar if d.span} == {"chart-a", "chart-b"}


# --- The fast paths agree with the definitions -------------------------------------------------


def test_stabbing_finds_what_a_scan_of_every_range_finds() -> None:
    rng = random.Random(5)
    for _ in range(200):
        ranges = [(a, a + rng.randint(0, 30), n) for n, a in enumerate(rng.sample(range(100), 20))]
        index, taken = Stabbing(ranges), set()
        for line in [rng.randint(0, 140) for _ in range(40)]:
            holding = {n for first, last, n in ranges if first <= line <= last}
            assert index.covered(line) == bool(holding)
            got = index.take(line)
            assert set(got) == holding - taken and len(got) == len(set(got))
            taken |= set(got)


def test_line_col_agrees_with_counting() -> None:
    rng = random.Random(6)
    text = "".join(rng.choice("ab\n") for _ in range(20_000))
    for offset in [0, 1, len(text), *(rng.randint(0, len(text)) for _ in range(300))]:
        line = text.count("\n", 0, offset) + 1
        assert line_col(text, offset) == (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def test_similar_pairs_agree_with_every_pair_above_the_threshold() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(120)]
    for _ in range(60):
        common = rng.sample(vocabulary, 6)
        texts = [
            [rng.choice(common) if rng.random() < 0.6 else rng.choice(vocabulary) for _ in range(9)]
            for _ in range(rng.randint(2, 40))
        ]
        frequency: dict[str, int] = {}
        for words in texts:
            for word in set(words):
                frequency[word] = frequency.get(word, 0) + 1
        idf = {w: math.log((1 + len(texts)) / (1 + n)) + 1 for w, n in frequency.items()}
        docs = [
            sc105._Doc(None, f"s{n}", f"s{n}", None, sc105._vector(words, idf))  # type: ignore[arg-type]
            for n, words in enumerate(texts)
        ]
        found = {k: v for k, v in sc105._similar_pairs(docs).items() if v >= sc105.THRESHOLD}
        assert found == _every_pair(docs)


def _every_pair(docs: list[sc105._Doc]) -> dict[tuple[int, int], float]:
    """Each pair's score summed as the original index of every word summed it."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for index, doc in enumerate(docs):
        for word, weight in doc.vector.items():
            postings.setdefault(word, []).append((index, weight))
    scores: dict[tuple[int, int], float] = {}
    for entries in postings.values():
        for a, (i, wi) in enumerate(entries):
            for j, wj in entries[a + 1 :]:
                scores[(i, j)] = scores.get((i, j), 0.0) + wi * wj
    return {k: v for k, v in scores.items() if v >= sc105.THRESHOLD}
