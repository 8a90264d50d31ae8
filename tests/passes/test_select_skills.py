"""select-skills: pages without steps are skipped, each reported with its reason."""

from __future__ import annotations

import pytest

from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import SkillModule
from skillc.passes.registry import PassContext
from skillc.passes.select_skills import RELEASE_NOTES, select_skills
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
    reasons = {d.span.source: d.message for d in ctx.diagnostics if d.span is not None}
    assert all(d.code == "SK041" for d in ctx.diagnostics)
    assert "no procedural content" in reasons["license.md"]
    assert "release notes" in reasons["changes.md"]
    # Each report is made from the typed record the build keeps for its manifest.
    assert [page.diagnostic() for page in ctx.skipped] == ctx.diagnostics
    by_path = {page.path: page for page in ctx.skipped}
    assert by_path["license.md"].title == "BSD-3-Clause License"
    assert by_path["license.md"].code == "SK041"


def test_release_notes_are_skipped_even_with_imperative_items() -> None:
    from skillc.compiler.frontends.html.reader import read_html
    from tests.cli.conftest import ROOT

    root = ROOT / "corpora" / "guides" / "sqlite-html" / "src"
    if not root.is_dir():
        pytest.skip("sqlite-html is not fetched (make corpora)")
    pages = ("releaselog/3_40_1.html", "changes.html", "news.html", "lang_select.html")
    skills = []
    for page in pages:
        text = (root / page).read_text(encoding="utf-8")
        skills.extend(read_html(text, source_id=page).skills)
    assert all(s.logic_steps for s in skills[:2]), "changelog items read as instructions"
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert [s.prov[0].source for s in kept] == ["lang_select.html"]
    reasons = {d.span.source: d.message for d in ctx.diagnostics if d.span is not None}
    assert "release notes, not a procedure" in reasons["releaselog/3_40_1.html"]
    assert "release notes" in reasons["changes.html"]


@pytest.mark.parametrize(
    ("title", "notes"),
    [
        ("SQLite Release 3.40.1 On 2022-12-28", True),
        ("What's New In Python 3.11", True),
        ("What’s New In Python 3.7", True),  # Sphinx's typographic apostrophe
        ("Changelog", True),
        ("Version 8.2.0", True),
        ("Releasing a new version", False),
        ("Upgrade guides", False),
        ("Copyright Release for Contributions To SQLite", False),
    ],
)
def test_release_note_titles(title: str, notes: bool) -> None:
    assert bool(RELEASE_NOTES.search(title)) is notes
