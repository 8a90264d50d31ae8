"""page-order: a numbered manual's pages fold in its own order, cut between chapters, and
each run is named by its chapters' titles.

Input: diffutils' texinfo HTML manual (``make corpora``), one file per chapter named after its
node (``Adjusting-Output.html`` is "5 Making diff Output Prettier"), so file order is not the
manual's order; and the titles of m4's and python-doc's pages for the naming rules.
"""

from __future__ import annotations

import pytest

from skillc.compiler.frontends.html.reader import is_boilerplate_page, read_html
from skillc.ir import Skill, SkillModule
from skillc.ir.nodes import Heading
from skillc.passes.group_pages import group_pages
from skillc.passes.options import PassOptions
from skillc.passes.page_order import (
    chapter_runs,
    manual_suffix,
    naming_titles,
    reading_order,
    section_key,
    short_title,
    title,
)
from skillc.passes.registry import PassContext
from tests.cli.conftest import ROOT

DIFFUTILS = ROOT / "corpora" / "guides" / "diffutils-html" / "src"


def diffutils_pages() -> list[Skill]:
    """Every page of the manual the HTML frontend reads, in file (alphabetical) order."""
    if not DIFFUTILS.is_dir():
        pytest.skip("diffutils-html not fetched (make corpora)")
    skills: list[Skill] = []
    for path in sorted(DIFFUTILS.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        if not is_boilerplate_page(path.name, text):
            skills += read_html(text, source_id=path.name).skills
    return skills


def _numbers(skills: list[Skill]) -> list[tuple[int, ...]]:
    return [k for k in (section_key(title(s)) for s in skills) if k is not None]


def test_file_order_is_not_the_manuals_and_reading_order_is() -> None:
    pages = diffutils_pages()
    assert _numbers(pages) != sorted(_numbers(pages))  # the input is out of order
    ordered = reading_order(pages)
    assert sorted(id(p) for p in ordered) == sorted(id(p) for p in pages)  # nothing lost
    assert _numbers(ordered) == sorted(_numbers(ordered))
    assert title(ordered[0]) == "Overview"  # unnumbered front matter first
    assert _numbers(ordered)[:3] == [(1,), (2,), (3,)]
    assert _numbers(ordered)[-1][0] >= 1000  # appendices last


def test_folded_chapters_list_their_pages_in_the_manuals_order() -> None:
    ctx = PassContext(options=PassOptions(group="chapter", name_prefix="diffutils"))
    out = group_pages(SkillModule(skills=tuple(diffutils_pages())), ctx)
    assert len(out.skills) >= 1
    seen: list[tuple[int, ...]] = []
    for skill in out.skills:
        pages = [b.text for b in skill.blocks if isinstance(b, Heading) and b.level == 2]
        keys = [k for k in (section_key(p) for p in pages) if k is not None]
        assert keys == sorted(keys), skill.name
        seen += keys
    assert seen == sorted(seen)  # the runs follow each other in the manual's order too


def test_a_manual_that_does_not_number_its_pages_keeps_their_order() -> None:
    pages = diffutils_pages()
    unnumbered = [Skill(id=p.id, skill_name=p.skill_name.partition(" ")[2]) for p in pages]
    assert reading_order(unnumbered) == unnumbered


def test_a_numbered_run_is_cut_between_chapters_and_named_by_them() -> None:
    pages = reading_order(diffutils_pages())
    runs = chapter_runs(pages)
    assert runs[0].start == 0 and runs[-1].stop == len(pages)
    for run in runs[1:]:
        key = section_key(title(pages[run.start]))
        assert key is not None and len(key) == 1  # each run starts with a chapter
    names = naming_titles(pages)
    assert names == ["What Comparison Means", "diff Output Formats", "Incomplete Lines"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5.2 Arguments to macros", (5, 2)),
        ("17 Correct version of some examples", (17,)),
        ("A.1 License for copying the M4 package", (1000, 1)),
        ("Appendix B How to make copies of this manual", (1001,)),
        ("Chapter 6. debmake options", (6,)),
        ("A Tutorial", None),
        ("GNU M4 1.4.19 macro processor", None),
    ],
)
def test_section_keys(text: str, key: tuple[int, ...] | None) -> None:
    assert section_key(text) == key


def test_short_titles_drop_what_routes_nothing() -> None:
    manual = "GNU M4 1.4.19 macro processor"
    assert short_title(f"Frozen files ({manual})", manual) == "Frozen files"
    assert short_title("Formatting strings (printf-like)", manual) == (
        "Formatting strings (printf-like)"
    )
    assert short_title("email.header: Internationalized headers") == (
        "email.header: Internationalized headers"
    )
    assert short_title("array — Efficient arrays of numeric values") == "array"
    assert short_title("The SQLite Amalgamation") == "SQLite Amalgamation"


def test_a_run_of_manual_pages_is_named_by_their_commands() -> None:
    # Debian's git-doc: asciidoc titles each page "git-add(1) Manual Page" in its <h1>; the
    # runs were named git-add-1-manual-page and described as "Covers git-add(1) Manual Page,
    # git-archive(1) Manual Page and ...".
    titles = ["git-add(1) Manual Page", "git-am(1) Manual Page", "gitattributes(5)"]
    pages = [Skill(id=str(n), skill_name=t) for n, t in enumerate(titles)]
    assert naming_titles(pages) == ["git-add", "git-am", "gitattributes"]
    assert short_title("Functions (3) Manual Page") == "Functions (3) Manual Page"  # no command
    assert short_title("printf(3)") == "printf" and short_title("f(x) and g(x)") == "f(x) and g(x)"


def test_the_manual_name_several_titles_repeat_is_found() -> None:
    manual = "GNU M4 1.4.19 macro processor"  # two of m4's pages are titled so
    licences = ("GNU General Public License", "GNU Free Documentation License")
    pages = [Skill(id=t, skill_name=f"{t} ({manual})") for t in licences]
    pages.append(Skill(id="f", skill_name="11.7 Formatting strings (printf-like)"))
    assert manual_suffix(pages) == manual
    assert manual_suffix(pages[:1] + pages[2:]) == ""  # said once: part of its title
    assert manual_suffix(diffutils_pages()) == ""  # titles read from headings


def test_a_run_is_not_named_by_a_version_number() -> None:
    pages = [
        Skill(id="a", skill_name="About these documents"),
        Skill(id="b", skill_name="Download Python 3.11.2 Documentation"),
    ]
    assert naming_titles(pages) == ["About these documents"]  # "Moving From SQLite To"
    assert naming_titles(pages[1:]) == ["Download Python Documentation"]  # only when needed


def test_an_unnumbered_run_is_named_by_its_main_pages_in_reading_order() -> None:
    from skillc.compiler.frontends.markdown.reader import read_markdown
    from tests.cli.conftest import CLICK_DOCS

    if not CLICK_DOCS.is_dir():
        pytest.skip("click docs not fetched (make corpora)")
    files = ("why.md", "quickstart.md", "virtualenv.md", "testing.md", "utils.md", "wincmd.md")
    run = [
        skill
        for name in files
        for skill in read_markdown((CLICK_DOCS / name).read_text("utf-8"), source_id=name).skills
    ]

    def sections(page: Skill) -> int:
        return sum(isinstance(b, Heading) for b in page.blocks)

    named = naming_titles(run, weigh=sections)
    heaviest = sorted(run, key=lambda p: -sections(p))[:3]
    assert set(named) == {short_title(title(p)) for p in heaviest}
    assert named == [short_title(title(p)) for p in run if p in heaviest]  # reading order
    assert "Why Click?" not in named  # a short page does not name the run
    assert naming_titles(run)[0] == "Why Click?"  # without weights: the first pages
