"""The default grain (``--group auto``): chosen from what the build read, reported, checked.

Real click docs (38 Markdown pages, three chapters), read by the real frontends.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from skillc.compiler.driver import BuildOptions, read_sources
from skillc.compiler.grain import listing_tokens, over_budget, with_grain
from skillc.compiler.inputs import collect
from skillc.ir.nodes import SkillModule
from skillc.passes.group_level import choose_grain, listing_estimate
from skillc.tokens import count_tokens
from tests.cli.conftest import CLICK_DOCS, run_skillc


@pytest.fixture(scope="module")
def click() -> SkillModule:
    if not CLICK_DOCS.is_dir():
        pytest.skip("corpora/guides/click is not fetched (make corpora)")
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    return module


def test_a_manual_that_fits_is_built_by_chapter(click: SkillModule) -> None:
    grain = choose_grain(click, 8000)
    assert grain.level == "chapter" and 1 < grain.skills < len(click.skills)
    assert grain.estimate == listing_estimate(grain.skills) <= 8000


def test_over_the_budget_chapters_fold_into_parts(click: SkillModule) -> None:
    chapter = choose_grain(click, 8000)
    part = choose_grain(click, 1)  # nothing fits: the coarsest part grain, never one skill
    assert part.level == "part" and part.sections > chapter.sections
    assert 1 <= part.skills <= chapter.skills


def test_a_build_without_manual_pages_stays_at_page_grain(click: SkillModule) -> None:
    (one,) = click.skills[:1]
    alone = SkillModule(sources=click.sources, skills=(one,))
    assert choose_grain(alone, 1).level == "page"
    options, level = with_grain(BuildOptions(), alone)
    assert (options.group, level) == ("page", "page")


def test_explicit_levels_and_pipelines_without_grouping_are_kept(click: SkillModule) -> None:
    assert with_grain(BuildOptions(group="manual"), click)[1] == "manual"
    assert with_grain(BuildOptions(pipeline="O0"), click)[0].group == "page"
    options, level = with_grain(BuildOptions(listing_budget=1), click)
    assert level == "part" and options.group == "chapter" and options.chapter_sections > 100


def test_over_budget_is_a_warning_naming_the_listing() -> None:
    assert over_budget(8000, 60, "chapter", 8000) == []
    (found,) = over_budget(23000, 480, "page", 8000)
    assert found.code == "SK024" and found.severity.value == "warning"
    assert "23000 tokens" in found.message and "--group auto" in found.message


def _listing(out: Path) -> int:
    lines = []
    for skill_md in sorted(out.glob("*/SKILL.md")):
        front = yaml.safe_load(skill_md.read_text(encoding="utf-8").split("---\n", 2)[1])
        lines.append(f"- {front['name']}: {front['description']}")
    return count_tokens("\n".join(lines))


def test_the_build_reports_its_grain_and_the_listing_it_emitted(tmp_path: Path) -> None:
    if not CLICK_DOCS.is_dir():
        pytest.skip("corpora/guides/click is not fetched (make corpora)")
    out = tmp_path / "out"
    result = run_skillc("build", str(CLICK_DOCS), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["grain"] == "chapter"
    chapter_skills = summary["skills"]
    assert summary["listing_tokens"] == _listing(out) > 0
    assert "SK024" not in {d["code"] for d in summary["diagnostics"]}
    lock = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    assert "chapter" in json.dumps(lock)  # the lock records the level the build used
    page = tmp_path / "page"
    args = ("-o", str(page), "--group", "page", "--listing-budget", "500", "--format", "json")
    result = run_skillc("build", str(CLICK_DOCS), *args)
    summary = json.loads(result.stdout)
    assert summary["grain"] == "page" and summary["listing_tokens"] == _listing(page) > 500
    assert chapter_skills < summary["skills"] / 2  # chapters fold pages (click: 10 against 37)
    assert "SK024" in {d["code"] for d in summary["diagnostics"]}


def test_listing_tokens_count_one_line_per_skill(click: SkillModule) -> None:
    skills = click.skills[:3]
    text = "\n".join(f"- {s.name}: {s.description}" for s in skills)
    assert listing_tokens(skills) == count_tokens(text)
