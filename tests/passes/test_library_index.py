"""library-index: one catalogue skill that names every other skill of a documentation tree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.compiler.library_name import infer_library_name
from skillc.ir import Skill, SkillModule
from skillc.ir.nodes import Heading
from skillc.ir.verify import verify
from skillc.package.emit import emit_skill as render_skill
from skillc.passes.compress_description import MAX_DESCRIPTION
from skillc.passes.library_index import AUTO_MIN_SKILLS, group_by_folder, library_index
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext
from skillc.tokens import count_tokens
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

SQLITE = ROOT / "corpora" / "guides" / "sqlite-html" / "src"


def compiled(path: Path, **options: str) -> SkillModule:
    if not path.is_dir():
        pytest.skip(f"{path} is not fetched (make corpora)")
    module, _ = read_sources(collect([str(path)]))
    name = options.get("name_prefix") or infer_library_name([str(path)])  # as the CLI does
    # The catalogue of a library's pages: page grain (the default folds them into chapters).
    build = BuildOptions(library_name=name, **{"group": "page", **options})
    return compile_module(module, build)[0]


def catalog(module: SkillModule) -> Skill:
    (index,) = [s for s in module.skills if s.tags == ("index",)]
    return index


def package_text(skill: Skill) -> str:
    return "\n".join(text for _, text in render_skill(skill).files)


def test_click_catalog_names_every_other_skill_once() -> None:
    module = compiled(CLICK_DOCS, name_prefix="click")
    index = catalog(module)
    assert index.name == "click-catalog" and module.skills[-1] is index
    others = [s for s in module.skills if s is not index]
    listed = [item.split("`")[1] for b in index.blocks for item in getattr(b, "items", ())]
    assert sorted(listed) == sorted(s.name for s in others) and len(set(listed)) == len(listed)
    # grouped by the headings above the toctrees of click's index.md, not by folder
    headings = [b.text for b in index.blocks if isinstance(b, Heading) and b.level == 2]
    assert {"General Reference", "How to Guides", "Tutorials"} <= set(headings)
    assert 1 <= len(index.description) <= MAX_DESCRIPTION
    assert "Use when a task involves click" in index.description
    assert not [d for d in verify(module) if d.path == index.id], "valid IR, provenance set"


@pytest.fixture(scope="module")
def sqlite_module() -> SkillModule:
    return compiled(SQLITE, name_prefix="sqlite")


def test_sqlite_catalog_fits_the_budget_and_lists_every_skill(sqlite_module: SkillModule) -> None:
    module = sqlite_module
    index = catalog(module)
    files = dict(render_skill(index).files)
    body = files["SKILL.md"].split("---\n", 2)[2]
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    text = "\n".join(files.values())
    others = [s for s in module.skills if s is not index]
    assert len(others) > 150
    assert all(f"`{s.name}`" in text for s in others)
    assert index.description.startswith(
        f"Catalogue of the {len(others)} sqlite skills compiled from its documentation ("
    )
    assert "Overview Documents" in index.description  # the groups docs.html lists


def test_groups_follow_the_top_folder_top_level_pages_first(sqlite_module: SkillModule) -> None:
    groups = group_by_folder([s for s in sqlite_module.skills if s.tags != ("index",)])
    assert [title for title, _ in groups] == ["General", "C3ref", "Session", "Syntax"]
    assert all("/" not in s.prov[0].source for s in groups[0][1])


@pytest.mark.parametrize(
    ("mode", "count", "expected"),
    [
        ("auto", AUTO_MIN_SKILLS - 1, 0),
        ("auto", AUTO_MIN_SKILLS, 1),
        ("always", 1, 1),
        ("never", 20, 0),
        ("always", 0, 0),
    ],
)
def test_when_the_index_is_added(mode: str, count: int, expected: int) -> None:
    module = compiled(CLICK_DOCS, index="never")
    assert len(module.skills) >= count
    some = SkillModule(skills=module.skills[:count])
    ctx = PassContext(options=PassOptions(index=mode, library_name="click"))
    out = library_index(some, ctx)
    assert len(out.skills) == count + expected


def test_rerunning_replaces_the_index_and_names_stay_unique() -> None:
    module = compiled(CLICK_DOCS, name_prefix="click")
    ctx = PassContext(options=PassOptions(name_prefix="click", library_name="click"))
    again = library_index(module, ctx)
    assert again == module
    pages = [s for s in module.skills if s.tags != ("index",)]
    clash = SkillModule(skills=(*pages[:-1], replace(pages[-1], name="click-catalog")))
    assert catalog(library_index(clash, ctx)).name == "click-catalog-2"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("corpora/guides/click/src", "click"),
        ("corpora/guides/sqlite-html/src", "sqlite-html"),
        ("corpora/guides/bash-pdf/src/bashref.pdf", "bashref"),
        ("corpora/guides/click/src/options.md", "options"),
        ("/usr/share/doc/asciidoctor-doc/html", "asciidoctor"),  # Debian's doc packages
        ("/usr/share/doc/gri-html-doc/html", "gri"),
        ("/usr/share/doc/aptitude-doc-en/html", "aptitude"),
        ("/x/doc", "x"),  # a generic folder is skipped, not stripped
    ],
)
def test_library_name_is_the_innermost_meaningful_folder(path: str, expected: str) -> None:
    assert infer_library_name([str(ROOT / path)]) == expected


def test_the_catalog_groups_skills_by_the_part_of_the_manual_their_pages_are_in() -> None:
    from skillc.ir.nodes import Source
    from skillc.ir.span import Span
    from skillc.passes.library_index import group_by_part

    def skill(n: int, source: str) -> Skill:
        span = Span(source=source, line=1, col=1, end_line=1, end_col=1, start=0, end=0)
        return Skill(id=f"S{n}", name=f"s{n}", prov=(span,))

    sources = (  # trails as breadcrumbs draw them: from the part down, the front page left out
        Source(id="index.rst"),
        Source(id="lib/index.rst"),
        Source(id="lib/re.rst", trail=("lib/index.rst",), trail_titles=("Lib",)),
        Source(id="quick.rst", trail=("index.rst#Guide",), trail_titles=("Guide",)),
        Source(id="notes/a.rst"),
        Source(id="docs/index.rst"),
    )
    skills = [
        skill(1, "lib/re.rst"),
        skill(2, "quick.rst"),
        skill(3, "lib/index.rst"),  # a part's own page
        skill(4, "notes/a.rst"),
        skill(5, "index.rst"),
        skill(6, "docs/index.rst"),
    ]
    groups = [
        (title, [s.name for s in members]) for title, members in group_by_part(skills, sources)
    ]
    assert groups == [
        ("General", ["s5"]),
        ("Lib", ["s1", "s3"]),
        ("Guide", ["s2"]),
        ("Notes", ["s4"]),
        ("Docs", ["s6"]),
    ]


def test_the_folder_every_page_is_in_is_no_group() -> None:
    """python-doc's pages are all under ``html/``: its catalogue listed the manual's top pages
    (About, Glossary, Reporting Bugs) under "Html"."""
    from skillc.ir.span import Span

    def skill(n: int, source: str) -> Skill:
        span = Span(source=source, line=1, col=1, end_line=1, end_col=1, start=0, end=0)
        return Skill(id=f"S{n}", name=f"s{n}", prov=(span,))

    skills = [skill(1, "html/about.html"), skill(2, "html/c-api/intro.html#p3")]
    groups = [(title, [s.name for s in members]) for title, members in group_by_folder(skills)]
    assert groups == [("General", ["s1"]), ("C api", ["s2"])]
    two = [skill(3, "html/c-api/list.html"), skill(4, "docs/a.html")]  # no folder holds all
    assert [title for title, _ in group_by_folder(two)] == ["Docs", "Html"]


def test_the_description_leaves_out_chapters_the_listing_names_as_skills() -> None:
    """At chapter grain a chapter of one skill is in the listing by its own name
    (``click-tutorials``); the catalogue's description names only the groups that are not.
    click's repository (its docs/index.md kept as ``click-docs-index``, whose headings are
    those chapter titles) gave a catalogue 0.64 alike to that page (lint's SC105)."""
    module = compiled(CLICK_DOCS, name_prefix="click", group="chapter")
    index = catalog(module)
    names = {s.name for s in module.skills}
    assert {"click-tutorials", "click-conceptual-guides", "click-how-to-guides"} <= names
    for title in ("Tutorials", "Conceptual Guides", "How to Guides"):
        assert title not in index.description
    assert "General Reference" in index.description  # two skills: no name says it


def test_without_a_prefix_the_catalog_takes_the_name_its_pages_share() -> None:
    """AMC's manual, built without --name-prefix: its pages are named after the document
    (``auto-multiple-choice-usage``), the catalogue was ``amc-pdf-catalog`` (the corpus
    folder): two names for one library side by side in the listing."""
    module = compiled(ROOT / "corpora/guides/amc-pdf/src")
    pages = [s.name for s in module.skills if s.tags != ("index",)]
    assert len(pages) > 5 and all(n.startswith("auto-multiple-choice-") for n in pages)
    assert catalog(module).name == "auto-multiple-choice-catalog"


def test_the_catalog_describes_the_library_by_the_name_its_pages_share(tmp_path: Path) -> None:
    """The same build through the CLI: the catalogue was named auto-multiple-choice but
    described as "Catalogue of the 10 amc-pdf skills" (the folder Debian's packager named);
    a library name given on the command line still wins."""
    source = ROOT / "corpora/guides/amc-pdf/src"
    if not source.is_dir():
        pytest.skip(f"{source} is not fetched (make corpora)")
    out = tmp_path / "amc"
    done = run_skillc("build", str(source), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    text = (out / "auto-multiple-choice-catalog/SKILL.md").read_text(encoding="utf-8")
    assert "amc-pdf" not in text
    assert "Catalogue of the 10 auto-multiple-choice skills" in text
    given = tmp_path / "given"
    done = run_skillc("build", str(source), "-o", str(given), "-q", "--library-name", "AMC")
    assert done.returncode == 0, done.stderr
    text = (given / "auto-multiple-choice-catalog/SKILL.md").read_text(encoding="utf-8")
    assert "Catalogue of the 10 AMC skills" in text


def test_pages_sharing_no_leading_word_keep_the_library_name() -> None:
    skills = (Skill(id="a", name="alpha-one"), Skill(id="b", name="beta-two"))
    ctx = PassContext(options=PassOptions(index="always", library_name="demo"))
    assert catalog(library_index(SkillModule(skills=skills), ctx)).name == "demo-catalog"
