"""select-skills: task and reference pages are kept; the rest are skipped with a fixed reason."""

from __future__ import annotations

import pytest

from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import SkillModule
from skillc.ir.nodes import Skill
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext
from skillc.passes.select_skills import (
    INDEX_REASON,
    LICENCE,
    NOT_FOUND,
    RELEASE_NOTES,
    SKIP_REASONS,
    has_content,
    select_skills,
)
from tests.cli.conftest import CLICK_DOCS


def click_skills() -> list[Skill]:
    skills = []
    for path in sorted(CLICK_DOCS.glob("*.md")):
        skills.extend(read_markdown(path.read_text(encoding="utf-8"), source_id=path.name).skills)
    return skills


def test_with_pages_tasks_click_pages_without_procedures_are_skipped_and_reported() -> None:
    skills = click_skills()
    ctx = PassContext(options=PassOptions(pages="tasks"))
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert all(s.logic_steps for s in kept)
    skipped = {d.span.source for d in ctx.diagnostics if d.span is not None}
    assert len(kept) + len(skipped) == len(skills)
    assert "changes.md" in skipped and "license.md" in skipped
    assert "quickstart.md" not in skipped
    reasons = {d.span.source: d.message for d in ctx.diagnostics if d.span is not None}
    assert all(d.code == "SK041" for d in ctx.diagnostics)
    assert all(r.split(": ", 1)[1] in SKIP_REASONS for r in reasons.values())
    assert "licence text" in reasons["license.md"]
    assert "release notes" in reasons["changes.md"]
    assert any("no procedural content (no steps)" in r for r in reasons.values())
    # Each report is made from the typed record the build keeps for its manifest.
    assert [page.diagnostic() for page in ctx.skipped] == ctx.diagnostics
    by_path = {page.path: page for page in ctx.skipped}
    assert by_path["license.md"].title == "BSD-3-Clause License"
    assert by_path["license.md"].code == "SK041"


def test_by_default_reference_pages_are_kept_and_only_fixed_reasons_skip() -> None:
    skills = click_skills()
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    tasks_only = PassContext(options=PassOptions(pages="tasks"))
    kept_tasks = select_skills(SkillModule(skills=tuple(skills)), tasks_only).skills
    references = [s for s in kept if not s.logic_steps]
    assert len(references) >= 5 and len(kept) == len(kept_tasks) + len(references)
    assert all(has_content(s) for s in references)
    reasons = {d.span.source: d.message for d in ctx.diagnostics if d.span is not None}
    assert sorted(reasons) == ["changes.md", "license.md"]


def test_a_page_of_unrendered_markup_is_an_empty_page_saying_why() -> None:
    from skillc.compiler.frontends.rst.reader import read_rst

    text = "Dispatcher\n==========\n\n.. automodule:: werkzeug.middleware.dispatcher\n"
    skills = read_rst(text, source_id="middleware/dispatcher.rst").skills
    ctx = PassContext()
    assert select_skills(SkillModule(skills=skills), ctx).skills == ()
    (page,) = ctx.skipped
    assert page.reason.startswith("empty page: ") and "automodule" in page.reason


@pytest.mark.parametrize(
    ("title", "licence"),
    [
        ("License", True),
        ("BSD-3-Clause License", True),
        ("The MIT Licence", True),
        ("Copyright", True),
        ("Licenses", True),
        ("License keys for the API", False),
        ("Choosing a license for your project: a guide to the options", False),
        ("Copyright Release for Contributions To SQLite", True),
        ("License and Hall of Fame", True),  # structlog 24.1.0's license.md
        ("License and Credits", True),
        ("Licensing", True),
        ("License keys and tokens", False),
    ],
)
def test_licence_titles(title: str, licence: bool) -> None:
    assert bool(LICENCE.search(title)) is licence


def test_a_numbered_licence_appendix_of_numbered_clauses_is_a_licence() -> None:
    """bashref.pdf's last chapter: "Appendix C GNU Free Documentation License", whose numbered
    clauses ("1. APPLICABILITY AND DEFINITIONS ...") read as steps."""
    text = (
        "# Appendix C GNU Free Documentation License\n\nVersion 1.3, 3 November 2008\n\n"
        "1. APPLICABILITY AND DEFINITIONS This License applies to any manual that contains a "
        "notice saying it can be distributed under the terms of this License.\n"
        "2. VERBATIM COPYING You may copy and distribute the Document in any medium.\n\n"
        "Permission is granted to copy, distribute and/or modify this document under the "
        "terms of the GNU Free Documentation License, Version 1.3.\n"
    )
    skills = read_markdown(text, source_id="bashref.pdf").skills
    assert any(s.logic_steps for s in skills)
    guide = "# Appendix B Installing\n\n1. Run `./configure`.\n2. Run `make`.\n"
    skills += read_markdown(guide, source_id="install.md").skills
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert [s.prov[0].source for s in kept] == ["install.md"]
    assert [page.reason for page in ctx.skipped] == ["licence text"]


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
        ("change_log", True),  # python-black-doc's untitled change_log.html, named by its file
        ("release-notes", True),
        ("Changing logs", False),
        ("Version 8.2.0", True),
        ("Change history for Celery 2.1", True),  # Celery's history/changelog-2.1.html
        ("Change history", True),  # and its changelog-5.1.html
        ("Changing the history of a repository", False),
        ("New and Noteworthy", True),  # behave's new_and_noteworthy.html
        ("Noteworthy in Version 1.2.4", True),
        ("Noteworthy features of the API", False),
        ("Releasing a new version", False),
        ("Upgrade guides", False),
        ("Copyright Release for Contributions To SQLite", False),
    ],
)
def test_release_note_titles(title: str, notes: bool) -> None:
    assert bool(RELEASE_NOTES.search(title)) is notes


@pytest.mark.parametrize(
    ("source", "notes"),
    [
        # Django REST framework's announcements: titled "Django REST framework 3.14" (H1)
        ("community/3.14-announcement/index.html", True),
        ("community/3.14-announcement.html", True),
        ("topics/release-3.2.html", True),
        ("news/v2.0.1-release-notes.md", True),
        ("community/tutorials-and-resources/index.html", False),
        ("api-guide/versioning/index.html", False),
        ("python-3.11-support.html", False),
    ],
)
def test_release_notes_named_only_by_their_file(source: str, notes: bool) -> None:
    from skillc.ir.nodes import Prose, Span

    span = Span(source=source, line=1, col=1, end_line=1, end_col=60, start=0, end=60)
    text = "Upgrade with `pip install -U demo` and run `demo migrate`."
    page = Skill(
        id="S",
        skill_name="Django REST framework 3.14",
        prov=(span,),
        blocks=(Prose(id="P", text=text, prov=(span,)),),
    )
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=(page,)), ctx).skills
    assert (not kept) is notes
    assert [p.reason for p in ctx.skipped] == (["release notes, not a procedure"] if notes else [])


def test_a_sites_not_found_page_is_skipped_with_its_reason() -> None:
    page = "# Page Not Found\n\nSorry, the page you are looking for is gone. Try the index.\n"
    guide = "# Handling 404 errors\n\nRegister a handler for **404 Not Found**.\n"
    skills = [*read_markdown(page, source_id="404.md").skills]
    skills += read_markdown(guide, source_id="errors.md").skills
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert [s.prov[0].source for s in kept] == ["errors.md"]
    (message,) = [d.message for d in ctx.diagnostics]
    assert "not-found (404) page" in message and message.endswith(tuple(SKIP_REASONS))


@pytest.mark.parametrize(
    ("title", "not_found"),
    [
        ("404", True),
        ("Page Not Found", True),
        ("404: Page not found", True),
        ("Error 404", True),
        ("Not Found", True),
        ("Handling 404 errors", False),
        ("Not found errors in routing", False),
    ],
)
def test_not_found_titles(title: str, not_found: bool) -> None:
    assert bool(NOT_FOUND.search(title)) is not_found


#: Jinja's licence page as Sphinx renders it (python-jinja2-doc): the BSD conditions are an
#: ordered list, which the frontend reads as steps.
JINJA_LICENSE_HTML = """<html><head><title>BSD-3-Clause License</title></head><body>
<div class="body" role="main"><section id="bsd-3-clause-license">
<h1>BSD-3-Clause License</h1>
<p>Copyright 2007 Pallets</p>
<p>Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:</p>
<ol class="arabic simple">
<li><p>Redistributions of source code must retain the above copyright
notice, this list of conditions and the following disclaimer.</p></li>
<li><p>Redistributions in binary form must reproduce the above copyright
notice, this list of conditions and the following disclaimer in the
documentation and/or other materials provided with the distribution.</p></li>
<li><p>Neither the name of the copyright holder nor the names of its
contributors may be used to endorse or promote products derived from
this software without specific prior written permission.</p></li>
</ol>
<p>THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
PARTICULAR PURPOSE ARE DISCLAIMED.</p>
</section></div></body></html>
"""


def test_a_licence_whose_conditions_read_as_steps_is_still_a_licence() -> None:
    from skillc.compiler.frontends.html.reader import read_html

    skills = read_html(JINJA_LICENSE_HTML, source_id="license.html").skills
    assert any(s.logic_steps for s in skills), "the numbered conditions read as steps"
    # The same terms under another title ("Copying"), and a licence-titled page of steps.
    copying = JINJA_LICENSE_HTML.replace("BSD-3-Clause License", "Copying")
    skills += read_html(copying, source_id="copying.html").skills
    keys = (
        "# License\n\nTo activate a licence key:\n\n1. Open **Settings**.\n"
        "2. Paste the key into the *Licence* field.\n3. Click **Activate**.\n"
    )
    skills += read_markdown(keys, source_id="license-keys.md").skills
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=tuple(skills)), ctx).skills
    assert [s.prov[0].source for s in kept] == ["license-keys.md"]
    assert {page.path: page.reason for page in ctx.skipped} == {
        "license.html": "licence text",
        "copying.html": "licence text",
    }


def test_a_front_page_quoting_its_licence_beside_its_abstract_is_kept() -> None:
    """debmake-doc's index.en.html: the MIT licence, then the guide's sources and abstract,
    and a removed table of contents whose links name the licence chapter."""
    from skillc.compiler.frontends.html.reader import read_html
    from tests.cli.conftest import ROOT

    path = ROOT / "corpora" / "guides" / "debmake-html" / "src" / "index.en.html"
    if not path.is_file():
        pytest.skip("debmake-html is not fetched (make corpora)")
    skills = read_html(path.read_text(encoding="utf-8"), source_id="index.en.html").skills
    ctx = PassContext()
    assert len(select_skills(SkillModule(skills=skills), ctx).skills) == 1
    assert ctx.skipped == []


@pytest.mark.parametrize(
    "text",
    [
        # gri.pdf's (Debian gri-pdf-doc) "Index of Commands": texinfo printed no entry
        "# Index of Commands\n\n(Index is nonexistent)\n",
        # a printed index: letter headings and entries with the book's page numbers
        "# Concept Index\n\nA\n\n- axes, 12, 40-42\n- axis name, 13\n\nB\n\n- bounding box, 7\n",
        # gnuplot.pdf's (Debian gnuplot-doc 5.4) "Part VI Index": its title set as text, and
        # two-column entries read as runs whose page numbers go on over the next line
        "# Part VI Index\n\nIndex\n\n+, 114 ++, 114, 122 .gnuplot, 56 2D, 211, 213 3D, 85\n\n"
        "circle, 67, 178 circles, 67 colorspec, 28, 50, 68, 75, 79, 126, 163, 177, 181, 192,\n"
        "202, 203, 210 column, 40, 116 coordinates, 33, 131, 158, 162–164, 177–179, 187, 198,\n",
    ],
)
def test_a_printed_index_is_skipped_as_navigation(text: str) -> None:
    """Its page numbers point into the printed book, not into the skills."""
    kept, ctx = selected(text)
    assert kept == ()
    assert [p.reason for p in ctx.skipped] == [INDEX_REASON]


@pytest.mark.parametrize(
    "text",
    [
        "# Index\n\nThis manual describes gri, version 2.12. Read the tutorial first.\n",
        "# CREATE INDEX\n\nCreate an index on a table:\n\n```sql\nCREATE INDEX i1 ON t1(a);\n```\n",
        "# Indexes\n\n- `create index`, since 3.8\n- indexes speed up lookups, 2\n- see below\n",
    ],
)
def test_a_page_titled_index_with_text_or_code_is_kept(text: str) -> None:
    kept, ctx = selected(text)
    assert len(kept) == 1, ctx.skipped


def selected(markdown: str) -> tuple[tuple[Skill, ...], PassContext]:
    """The skills select-skills keeps of one Markdown page, and its context (what it skipped)."""
    ctx = PassContext()
    page = read_markdown(markdown, source_id="page.md").skills
    return select_skills(SkillModule(skills=tuple(page)), ctx).skills, ctx
