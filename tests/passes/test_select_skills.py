"""select-skills: pages without steps are skipped, each reported with its reason."""

from __future__ import annotations

from skillc.compiler.frontends.markdown import read_markdown
from skillc.ir import SkillModule
from skillc.passes.registry import PassContext
from skillc.passes.select_skills import select_skills
from tests.cli.conftest import CLICK_DOCS


def test_click_pages_without_procedures_are_skipped_and_reported() -> None:
    skills = []
    for path in sorted(CLICK_DOCS.glob("*.md")):
        skills.extend(read_markdown(path.read_text(encoding="utf-8"), source_id=path.name).skills)
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert all(s.logic_steps for s in kept)
    skipped = {d.span.source for d in ctx.diagnostics if d.span is not None}
    assert len(kept) + len(skipped) == len(skills)
    assert "changes.md" in skipped and "license.md" in skipped
    assert "quickstart.md" not in skipped
    assert all(d.code == "SK041" and "no procedural content" in d.message for d in ctx.diagnostics)
