"""merge-duplicates: copies of a page fold into one skill that names every page it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.frontends.html.reader import read_html
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import Skill, SkillModule
from skillc.passes.merge_duplicates import MIN_CHARS, block_key, merge_duplicates
from skillc.passes.registry import PassContext
from tests.cli.conftest import CLICK_DOCS, ROOT

SQLITE = ROOT / "corpora" / "guides" / "sqlite-html" / "src"


def html_skills(root: Path, *names: str) -> list[Skill]:
    if not root.is_dir():
        pytest.skip(f"{root} is not fetched (make corpora)")
    skills: list[Skill] = []
    for name in names:
        text = (root / name).read_text(encoding="utf-8")
        skills.extend(read_html(text, source_id=name).skills)
    return skills


def click_skill(name: str, text: str | None = None) -> Skill:
    text = text if text is not None else (CLICK_DOCS / name).read_text(encoding="utf-8")
    return read_markdown(text, source_id=name).skills[0]


def merged(skills: list[Skill]) -> tuple[SkillModule, PassContext]:
    ctx = PassContext()
    return merge_duplicates(SkillModule(skills=tuple(skills)), ctx), ctx


def keys(skill: Skill) -> set[str]:
    return {block_key(b) for b in skill.blocks}


def test_sqlite_copies_of_one_page_merge_with_provenance_unioned() -> None:
    pages = ("fileformat.html", "fileformat2.html", "lang_select.html")
    original = html_skills(SQLITE, *pages)
    out, ctx = merged(original)
    assert [s.id for s in out.skills] == [original[0].id, original[2].id]
    kept = out.skills[0]
    assert {span.source for span in kept.prov} == {"fileformat.html", "fileformat2.html"}
    assert keys(original[1]) <= keys(kept), "every block of the copy is in the kept skill"
    both = [b for b in kept.blocks if {s.source for s in b.prov} == set(pages[:2])]
    assert len(both) == len(kept.blocks), "each block names both pages"
    (note,) = ctx.diagnostics
    assert note.code == "SK044" and note.span is not None
    assert note.span.source == "fileformat2.html" and "fileformat.html" not in note.message


def test_a_page_contained_in_a_larger_one_merges_into_it() -> None:
    text = (CLICK_DOCS / "options.md").read_text(encoding="utf-8")
    part = text[: text.index("\n## ", text.index("\n## ") + 1)]  # title, intro, first section
    whole, excerpt = click_skill("options.md"), click_skill("excerpt.md", part)
    out, ctx = merged([excerpt, whole])
    assert [s.id for s in out.skills] == [whole.id]
    assert {span.source for span in out.skills[0].prov} == {"options.md", "excerpt.md"}
    assert [d.code for d in ctx.diagnostics] == ["SK044"]


def test_distinct_pages_of_a_real_tree_are_left_alone() -> None:
    skills = [click_skill(p.name) for p in sorted(CLICK_DOCS.glob("*.md"))]
    out, ctx = merged(skills)
    assert out.skills == tuple(skills) and not ctx.diagnostics


def test_tiny_pages_never_merge() -> None:
    stub = "# See also\n\nThe other page.\n"
    assert len(stub) < MIN_CHARS
    skills = [click_skill("a.md", stub), click_skill("b.md", stub)]
    out, _ = merged(skills)
    assert len(out.skills) == 2


def test_link_targets_and_spacing_do_not_make_pages_different() -> None:
    one = "# Install\n\nRun the [installer](../setup/install.html)   first.\n\n" + "Then go. " * 40
    two = "# Install\n\nRun the [installer](install.html) first.\n\n" + "Then go. " * 40
    out, _ = merged([click_skill("a/install.md", one), click_skill("b/install.md", two)])
    assert len(out.skills) == 1


def test_merging_is_idempotent() -> None:
    once, _ = merged(html_skills(SQLITE, "fileformat.html", "fileformat2.html"))
    twice, ctx = merged(list(once.skills))
    assert twice == once and not ctx.diagnostics


def test_links_to_the_merged_copy_name_the_kept_skill() -> None:
    from skillc.passes import load_all
    from skillc.passes.manager import plan, run

    guide = "# Guide\n\nRun `sqlite3 ex.db` first.\n\nSee [the format](fileformat2.html).\n"
    skills = [
        *html_skills(SQLITE, "fileformat.html", "fileformat2.html"),
        click_skill("g.md", guide),
    ]
    load_all()
    steps = plan(["merge-duplicates", "rewrite-links"])
    out = run(SkillModule(skills=tuple(skills)), steps).module
    kept, page = out.skills[0], out.skills[-1]
    assert kept.name == "fileformat" and len(out.skills) == 2
    said = f"See the format in the `{kept.name}` skill."  # after "See": where, not "see" again
    assert any(said in getattr(b, "text", "") for b in page.blocks)


def test_links_never_point_at_the_library_index() -> None:
    from skillc.compiler.driver import BuildOptions, compile_module, read_sources
    from skillc.compiler.inputs import collect

    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    options = BuildOptions(name_prefix="click", library_name="click", group="page")
    out = compile_module(module, options)[0]
    from skillc.passes.rewrite_links import skill_of_source

    assert out.skills[-1].name == "click-catalog" and out.skills[-1].prov[0].source == "advanced.md"
    pages = skill_of_source(out)
    assert pages["advanced.md"] == "click-advanced"
    assert "click-catalog" not in pages.values()
