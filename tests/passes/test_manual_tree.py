"""Chapters from the manual's own tree: python-doc's pages fold as its contents page lists them.

Inputs: python-doc's Sphinx pages (``make corpora``), read by the HTML frontend, whose
breadcrumbs (`Source.trail`) place them in "Text Processing Services" or directly under "The
Python Standard Library"; and the sizing rules on explicit trees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.frontends.html.reader import read_html
from skillc.ir import SkillModule
from skillc.ir.nodes import Source
from skillc.passes.group_pages import group_pages
from skillc.passes.manual_tree import chapter_keys, runs
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext

ROOT = Path(__file__).resolve().parents[2] / "corpora/guides/python-doc/src/html"
PAGES = (
    "library/string.html",
    "library/difflib.html",
    "library/textwrap.html",
    "library/constants.html",
    "library/intro.html",
    "library/json.html",
    "glossary.html",
)


def _module() -> SkillModule:
    if not ROOT.is_dir():
        pytest.skip("python-doc not fetched (make corpora)")
    skills, sources = [], []
    for page in PAGES:
        result = read_html((ROOT / page).read_text(encoding="utf-8"), source_id=page)
        skills += result.skills
        sources.append(Source(id=page, trail=result.trail, trail_titles=result.trail_titles))
    return SkillModule(sources=tuple(sources), skills=tuple(skills))


def test_pages_fold_by_the_chapter_their_breadcrumbs_name_and_take_its_title() -> None:
    ctx = PassContext(options=PassOptions(group="chapter", name_prefix="python"))
    out = group_pages(_module(), ctx)
    held = {s.skill_name: sorted({span.source for span in s.prov}) for s in out.skills}
    assert held["python: Text Processing Services"] == [
        "library/difflib.html", "library/string.html", "library/textwrap.html"
    ]  # fmt: skip
    # Pages directly under the part (its introduction, the constants) stay together.
    assert held["python: The Python Standard Library"] == [
        "library/constants.html", "library/intro.html"
    ]  # fmt: skip
    # The only page of its chapter here, and a page without breadcrumbs: alone.
    assert ["library/json.html"] in held.values() and ["glossary.html"] in held.values()
    assert len(out.skills) == 4


def test_a_chapter_is_the_shortest_part_light_enough_and_lone_leaves_join_their_part() -> None:
    paths = [
        ("index", "text", "string"),
        ("index", "text", "re"),
        ("index", "functions"),
        ("index", "constants"),
        ("index", "ipc", "asyncio", "asyncio-task"),
        ("index", "ipc", "asyncio", "asyncio-queue"),
        ("index", "ipc", "socket"),
    ]
    keys = chapter_keys(paths, [10, 10, 60, 5, 30, 30, 50], limit=70)
    assert keys[:2] == [("index", "text")] * 2
    assert keys[2:4] == [("index",)] * 2  # the index weighs 195: its lone leaves join it
    assert keys[4:6] == [("index", "ipc", "asyncio")] * 2  # ipc weighs 110
    assert keys[6] == ("index", "ipc")


def test_runs_cut_in_reading_order_by_weight_and_by_pages() -> None:
    assert runs([40, 40, 40, 40], limit=100, most=30) == [slice(0, 2), slice(2, 4)]
    assert runs([1] * 10, limit=100, most=4) == [slice(0, 3), slice(3, 7), slice(7, 10)]
    assert runs([500], limit=100, most=30) == [slice(0, 1)]  # a page heavier than the limit
    # Each cut on the boundary nearest a third of 205: 35 | 90 | 80, not 115 | 10 | 80.
    assert runs([30, 5, 80, 5, 5, 60, 20], limit=100, most=30) == [
        slice(0, 2), slice(2, 5), slice(5, 7)
    ]  # fmt: skip


def test_a_front_page_in_a_build_folder_does_not_title_a_chapter() -> None:
    """Debian's python-werkzeug-doc built from its root: the manual is in ``html/``, so the
    breadcrumbs' top, ``html/index.html`` ("Werkzeug Documentation (2.2.x)"), looked like a
    chapter's page, and the top-level pages were titled "Werkzeug: Werkzeug Documentation
    (2.2.x)"; the manual's own title is what the library's name already says."""
    page = (
        "<html><head><title>{title} &#8212; Werkzeug Documentation (2.2.x)</title></head><body>"
        "<h1>{title}</h1><p>Use werkzeug for {title}.</p><h2>Usage</h2><p>Call it.</p>"
        "<h2>API</h2><p>The functions.</p></body></html>"
    )
    skills, sources = [], []
    for name, title in [("routing", "URL Routing"), ("serving", "Serving"), ("test", "Testing")]:
        source = f"html/{name}.html"
        result = read_html(page.format(title=title), source_id=source)
        skills += result.skills
        front = ("html/index.html",), ("Werkzeug Documentation (2.2.x)",)
        sources.append(Source(id=source, trail=front[0], trail_titles=front[1]))
    module = SkillModule(sources=tuple(sources), skills=tuple(skills))
    options = PassOptions(group="chapter", name_prefix="werkzeug", library_name="Werkzeug")
    out = group_pages(module, PassContext(options=options))
    titles = [skill.skill_name for skill in out.skills]
    assert len(titles) == 1 and titles[0].startswith("Werkzeug: "), titles
    assert "Documentation" not in titles[0]
