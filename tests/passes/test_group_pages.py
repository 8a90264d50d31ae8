"""group-pages: a manual's pages fold into chapter or manual skills, and nothing is lost."""

from __future__ import annotations

import pytest

from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import Skill, SkillModule
from skillc.ir.nodes import Heading
from skillc.ir.verify import verify
from skillc.ir.vocab import Placement
from skillc.passes.group_pages import group_pages
from skillc.passes.merge_duplicates import block_key
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext
from tests.cli.conftest import CLICK_DOCS

#: Click pages, placed in two folders as a docs tree would have them.
PAGES = (
    ("tutorial/quickstart.md", "quickstart.md"),
    ("tutorial/options.md", "options.md"),
    ("tutorial/arguments.md", "arguments.md"),
    ("api/api.md", "api.md"),
    ("api/exceptions.md", "exceptions.md"),
    ("testing.md", "testing.md"),
)


def pages() -> list[Skill]:
    if not CLICK_DOCS.is_dir():
        pytest.skip("click docs not fetched (make corpora)")
    skills = []
    for source, file in PAGES:
        text = (CLICK_DOCS / file).read_text(encoding="utf-8")
        skills.extend(read_markdown(text, source_id=source).skills)
    return [s.__class__(**{**_fields(s), "name": f"click-{i}"}) for i, s in enumerate(skills)]


def _fields(skill: Skill) -> dict[str, object]:
    return {f: getattr(skill, f) for f in skill.__dataclass_fields__}


def grouped(level: str, skills: list[Skill]) -> SkillModule:
    ctx = PassContext(options=PassOptions(group=level, name_prefix="click"))
    return group_pages(SkillModule(skills=tuple(skills)), ctx)


def test_page_level_changes_nothing() -> None:
    skills = pages()
    assert grouped("page", skills).skills == tuple(skills)


def test_chapter_level_folds_each_folder_and_keeps_every_block() -> None:
    skills = pages()
    out = grouped("chapter", skills)
    assert len(out.skills) == 3  # tutorial/, api/, and the top page alone
    sources = [{span.source for span in s.prov} for s in out.skills]
    assert sources[0] == {"tutorial/quickstart.md", "tutorial/options.md", "tutorial/arguments.md"}
    assert sources[1] == {"api/api.md", "api/exceptions.md"}
    alone = out.skills[2]  # the top page: its sections filed, its blocks the same
    assert [b.id for b in alone.blocks] == [b.id for b in skills[5].blocks]
    filed = [b for b in alone.blocks if b.placement is Placement.REFERENCE]
    assert filed and all(b.reference.startswith("references/") for b in filed)
    before = sorted(block_key(b) for s in skills for b in s.blocks)
    after = sorted(
        block_key(b) for s in out.skills for b in s.blocks if not b.id.endswith((".H", ".P"))
    )
    assert before == [k.replace("Heading", "Heading") for k in after]
    assert not [d for d in verify(out) if d.severity.name == "ERROR"]
    names = [s.name for s in out.skills]
    assert len(set(names)) == 3 and all(n.startswith("click-") for n in names[:2])


def test_a_folded_page_is_a_reference_file_listed_under_its_title() -> None:
    out = grouped("manual", pages())
    (skill,) = out.skills
    titles = [b for b in skill.blocks if isinstance(b, Heading) and b.level == 2]
    assert len(titles) == len(PAGES)
    for title in titles:
        assert title.placement is Placement.REFERENCE
        assert title.reference.startswith("references/") and title.reference.endswith(".md")
    assert len({t.reference for t in titles}) == len(titles)
    ids = [n.id for n in (*skill.blocks, *skill.scenes, *skill.logic_steps)]
    assert len(ids) == len(set(ids))


def test_a_second_run_changes_nothing() -> None:
    once = grouped("chapter", pages())
    assert grouped("chapter", list(once.skills)) == once
