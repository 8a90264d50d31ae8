"""group-pages: a manual's pages fold into chapter or manual skills, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.compiler.inputs import collect
from skillc.ir import Skill, SkillModule
from skillc.ir.nodes import Heading
from skillc.ir.verify import verify
from skillc.ir.vocab import Placement
from skillc.passes.group_pages import fold, group_pages, run_name
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


@pytest.mark.parametrize(
    ("label", "name"),
    [  # before: click-general-reference-basic-commands-groups-context-complex
        (
            "click General Reference: Basic Commands, Groups, Context; Complex Applications;"
            " Help Pages",
            "click-basic-commands-groups-context",
        ),
        (  # before: click-general-reference-options-testing-click-applications
            "click General Reference: Options, Testing Click Applications, Utilities",
            "click-options-testing-applications-utilities",
        ),
        (  # before: flask-user-s-guide-modular-applications-with-blueprints-command
            "flask User's Guide: Modular Applications with Blueprints, Command Line Interface",
            "flask-modular-applications-with-blueprints",
        ),
        (  # before: sqlite-recovering-data-from-a-corrupt-sqlite-database-row-values
            "sqlite: Recovering Data From A Corrupt SQLite Database, Row Values",
            "sqlite-recovering-data-from-corrupt-database",
        ),
        ("click: How-to Guides", "click-how-to-guides"),  # joining words stay inside a title
        ("sqlite: Transaction, UPDATE, WITH clause", "sqlite-transaction-update-with-clause"),
        ("flask: Patterns for Flask", "flask-patterns"),  # but not where the cut was
        (  # before: sqlite-wal-mode-file-format-why-sqlite-does-not-use-git-sqlite
            "sqlite: WAL-mode File Format, Why SQLite Does Not Use Git, SQLite Zipfile Module",
            "sqlite-wal-mode-file-format",
        ),
        ("click: Tutorials", "click-tutorials"),
        ("requests user: Quickstart", "requests-quickstart"),
        ("click: Click", "click-click"),  # nothing but the prefix: it stays
    ],
)
def test_a_run_is_named_by_its_first_titles_in_a_few_words(label: str, name: str) -> None:
    """A listing of skills from many libraries is read name by name: the name says the
    library once and then what the run holds first, in at most four words (joining words
    aside); the part's label
    ("general reference"), which every run of the part repeats, and the library's name in a
    title ("Testing Click Applications") tell nothing apart. The label stays the title."""
    assert run_name(label, label.split()[0].rstrip(":")) == name


def test_a_taken_run_name_grows_by_the_labels_next_word_not_a_number() -> None:
    label = "sqlite syntax: drop-index-stmt, drop-table-stmt, drop-trigger-stmt"
    first = run_name(label, "sqlite")
    assert first == "sqlite-drop-index-stmt-table"
    assert run_name(label, "sqlite", {first}) == "sqlite-drop-index-stmt-table-trigger"
    names: set[str] = set()
    for _ in range(4):  # the label's words run out: numbers then, still unique
        names.add(run_name(label, "sqlite", names))
    assert len(names) == 4 and all(len(n) <= 64 for n in names)


def test_chapter_runs_get_short_unique_names_with_the_prefix_once() -> None:
    out = grouped("chapter", pages())
    for skill in out.skills:
        words = skill.name.split("-")
        assert words[0] == "click" and "click" not in words[1:], skill.name
        counted = [w for w in words if w not in ("and", "for", "of", "to", "with")]
        assert len(counted) <= 1 + 4 and len(set(counted)) == len(counted), skill.name
    assert len({s.name for s in out.skills}) == len(out.skills)


AIOFTP = {
    "client_api.md": "# Client API\n\n## class aioftp.Client\n\nAn FTP client.\n\n"
    "## Client.upload_stream\n\nUpload a stream.\n\n## Client.is_file\n\nWhether a file.\n",
    "client_tutorial.md": "# Client tutorial\n\n## Connecting to server\n\nConnect first.\n\n"
    "## Listing paths\n\nList them.\n\n## Download and upload paths\n\nMove files.\n",
    "common_api.md": "# Common API\n\n## class aioftp.StreamIO\n\nA stream.\n\n"
    "## class aioftp.Throttle\n\nA throttle.\n",
}


def test_a_group_whose_goal_names_every_page_is_routed_by_their_sections(tmp_path: Path) -> None:
    """Debian's python-aioftp-doc: three pages folded into one skill whose goal lists their
    titles; its "use when" said the title again ("Use when the task involves aioftp: Client
    API, Client tutorial, Common API"). The pages' sections say when to use it instead."""
    for name, text in AIOFTP.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="aioftp", group="chapter"))
    (folded,) = [s for s in final.skills if len(s.prov) > 1 and "index" not in s.tags]
    assert "Client tutorial" in folded.description.split(". Use when", 1)[0]
    when = folded.description.split("Use when the task involves ", 1)[1]
    assert "Client API, Client tutorial" not in when
    sections = ("connecting to server", "listing paths", "upload_stream", "is_file", "throttle")
    assert any(s in when.casefold() for s in sections), folded.description


def test_a_chapter_of_one_skill_gets_a_name_as_short_as_a_runs() -> None:
    """reportlab's user guide (corpora/guides/reportlab-pdf): chapter 5, one PDF outline
    chapter, kept its seven-word name ``reportlab-platypus-page-layout-and-typography-using-
    scripts`` while every folded chapter's name has at most four words after the prefix. The
    cut name may not take another skill's."""
    texts = {
        "guide/a.md": "# Tables\n\nRun `x`.\n",
        "guide/b.md": "# Fonts\n\nRun `y`.\n",
        "platypus/index.md": "# Platypus: Page Layout and Typography Using Scripts\n\n"
        "## One\n\nA.\n\n## Two\n\nB.\n",
        "other/index.md": "# Other\n\nC.\n",
    }
    names = {
        "guide/a.md": "click-tables",
        "guide/b.md": "click-fonts",
        "platypus/index.md": "click-platypus-page-layout-and-typography-using-scripts",
        "other/index.md": "click-platypus-page-layout-and-typography",
    }
    skills = []
    for source, text in texts.items():
        (skill,) = read_markdown(text, source_id=source).skills
        skills.append(skill.__class__(**{**_fields(skill), "name": names[source]}))
    out = grouped("chapter", skills)
    got = {s.prov[0].source: s.name for s in out.skills}
    assert got["other/index.md"] == "click-platypus-page-layout-and-typography"
    # the cap's four words are taken: the next word of the title tells it apart, as a run's
    assert got["platypus/index.md"] == "click-platypus-page-layout-and-typography-using"
    assert len({s.name for s in out.skills}) == len(out.skills)
    alone = grouped("chapter", [s for s in skills if s.prov[0].source != "other/index.md"])
    assert "click-platypus-page-layout-and-typography" in {s.name for s in alone.skills}


#: Page titles of a Doxygen class reference, as libsigc++'s (Debian's libsigc++-3.0-doc) are.
DOXYGEN_TITLES = (
    "sigc::bind_functor< I_location, T_functor, T_bound > Struct Template Reference",
    "sigc::signal< T_return(T_arg...)> Class Template Reference",
    "sigc::trackable Struct Reference",
)


def test_doxygen_compounds_are_named_without_their_kind_and_template_parameters(
    tmp_path: Path,
) -> None:
    """libsigc++'s reference folded into skills described as "Covers sigc::signal less than
    T_return(T_arg...) greater than Class Template Reference; ...": the template brackets read
    as comparisons, the kind repeated on every page. A router reads the compound's name."""
    for n, title in enumerate(DOXYGEN_TITLES):
        text = f"# {title}\n\n## Public Member Functions\n\nMember {n}.\n\n## Detailed\n\nD.\n"
        (tmp_path / f"class{n}.md").write_text(text, encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="sigc", group="chapter"))
    (folded,) = [s for s in final.skills if len(s.prov) > 1 and "index" not in s.tags]
    what = folded.description.split(". Use when", 1)[0]
    assert what.startswith("Covers sigc::bind_functor, sigc::signal and sigc::trackable in"), what
    assert "less than" not in folded.description and "Reference" not in what


def test_sections_without_words_do_not_route_a_group() -> None:
    """requests' Community Updates page (a release history: "2.31.0 (2023-05-22)") gave its
    group "Use when the task involves (2011-05-12), (2017-08-02), ..."; only the pages'
    top-level sections count, not each entry below them."""

    def page(key: str, title: str, *heads: tuple[int, str]) -> Skill:
        blocks = [Heading(id=f"{key}{n}", level=lv, text=t) for n, (lv, t) in enumerate(heads)]
        return Skill(id=key, name=key, skill_name=title, blocks=tuple(blocks))

    pages = [
        page("a", "Community Updates", (1, "Community Updates"), (2, "(2011-05-12)")),
        page("b", "Vulnerability Disclosure", (2, "Process"), (3, "Step 1")),
    ]
    folded = fold(pages, "GROUP_1", "requests: Community Updates, Vulnerability Disclosure", "x")
    assert folded.triggers == ("Community Updates", "Vulnerability Disclosure", "Process")


def test_a_namespace_every_title_opens_with_is_said_once() -> None:
    """Python's email chapter at chapter grain: each folded skill said "email." in every
    title of its "what" and "use when" parts, and its three skills were 0.64 alike (lint's
    SC105) on that word mostly."""
    titles = ["email.charset: Representing character sets", "email.errors: Exception classes"]
    titles += ["email — An email and MIME handling package"]  # the package's own page
    pages = [Skill(id=f"p{n}", name=f"p{n}", skill_name=t) for n, t in enumerate(titles)]
    label = "python email: email.charset: Representing character sets, email.errors: Exception"
    folded = fold(pages, "GROUP_1", label, "python")
    assert folded.skill_goal == (
        "Covers email (charset: Representing character sets and errors: Exception) in the "
        "python documentation (3 pages)."
    )
    assert folded.triggers[:2] == (
        "charset: Representing character sets",
        "errors: Exception classes",
    )


def _mkdocs_page(title: str, body: str) -> str:
    head = f"<html><head><title>{title} - MkDocs</title></head>"
    return f"{head}<body><h1>{title}</h1>{body}</body></html>"


def test_a_one_page_chapter_name_ends_on_its_noun_and_a_tagline_is_not_the_goal(
    tmp_path: Path,
) -> None:
    """Debian's mkdocs-doc at chapter grain: a chapter of one page keeps the page's name cut
    to four words, and ``user-guide-choosing-your-theme`` became ``...-choosing-your`` (a
    possessive counted as a word, and left at the end). Its developer guide's front page
    opens with a tagline ("Extending MkDocs") above the sentence that says what it covers: its
    description was "Covers developer guide."."""
    pages = {
        "index.html": _mkdocs_page("MkDocs", "<p>Project documentation with Markdown.</p>"),
        "user-guide/choosing-your-theme.html": _mkdocs_page(
            "Choosing your Theme",
            "<p>Selecting and configuring a theme.</p><h2>mkdocs</h2><p>The default.</p>",
        ),
        "dev-guide/index.html": _mkdocs_page(
            "Developer Guide",
            "<p>Extending MkDocs</p><p>The MkDocs Developer Guide provides documentation for "
            "developers of third party themes and plugins.</p>"
            '<ul><li><a href="themes.html">Themes</a></li></ul>',
        ),
        "dev-guide/themes.html": _mkdocs_page(
            "Developing Themes", "<p>A guide to creating and distributing custom themes.</p>"
        ),
    }
    for path, text in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="mkdocs", group="chapter"))
    names = {s.name for s in final.skills}
    assert "mkdocs-user-guide-choosing-your-theme" in names, names
    paged, _, _ = compile_module(module, BuildOptions(group="page"))
    described = {s.name: s.description for s in paged.skills}
    assert described["dev-guide"].startswith(
        "The MkDocs Developer Guide provides documentation for developers of third party"
    ), described["dev-guide"]


def test_an_epigraph_under_the_title_is_not_the_goal(tmp_path: Path) -> None:
    """Beautiful Soup's manual (Debian's python-bs4-doc) opens with an illustration whose alt
    text is a quotation from Alice in Wonderland; its description was that quotation, not what
    the library does, which the next paragraph says. A quotation standing alone as the first
    paragraph (an epigraph) is skipped the same way."""
    (tmp_path / "index.html").write_text(
        "<html><head><title>Beautiful Soup Documentation</title></head><body>"
        '<div role="main"><h1>Beautiful Soup Documentation</h1>'
        '<img alt="&quot;The Fish-Footman began by producing from under his arm a great letter, '
        'nearly as large as himself.&quot;" src="_images/6.1.jpg" />'
        "<p>\u201cThe Fish-Footman began by producing from under his arm a great letter, nearly "
        "as large as himself.\u201d</p><p>Beautiful Soup is a Python library for pulling data "
        "out of HTML and XML files.</p><h2>Getting help</h2><p>Ask the group.</p>"
        "</div></body></html>",
        encoding="utf-8",
    )
    module, _ = read_sources(collect([str(tmp_path)]))
    paged, _, _ = compile_module(module, BuildOptions(group="page"))
    assert paged.skills[0].description.startswith(
        "Beautiful Soup is a Python library for pulling data out of HTML and XML files."
    ), paged.skills[0].description


def _gri_page(title: str, heading: str, text: str) -> str:
    return (
        f"<html><head><title>Gri: {title}</title></head><body>"
        f"<h3>{heading}</h3><p>{text}</p><h4>Details</h4><p>More on {title}.</p></body></html>"
    )


def test_a_manual_numbered_with_colons_folds_in_its_order_and_names_say_no_numbers(
    tmp_path: Path,
) -> None:
    """gri's manual (Debian's gri-html-doc) numbers its titles "10: Programming",
    "9.3.33: The `read' commands". The numbering was not read as one (only "9.3.33." or
    "9.3.33 "): pages were folded in file order (a skill "18: Acknowledgments, 15: Bugs and
    6: Contour Plots" named gri-18-acknowledgments-15-bugs) and the numbers filled the
    triggers ("Use when the task involves 9.3.33: The `read' commands ...")."""
    pages = {
        "Bugs.html": ("Bugs", "15: Gri Bugs", "How to report bugs in Gri."),
        "Contour.html": ("Contour plots", "6: Contour Plots", "Contour plots of gridded data."),
        "Loops.html": ("Loops", "10.2: Loops", "Loops repeat Gri commands while true."),
        "Programming.html": ("Programming", "10: Programming", "Gri is a programming language."),
        "Synonyms.html": ("Synonyms", "10.1: Synonyms", "Synonyms hold strings in Gri."),
        "XY.html": ("X-Y plots", "5: X-Y Plots", "Drawing x-y linegraphs with Gri."),
    }
    for path, (title, heading, text) in pages.items():
        (tmp_path / path).write_text(_gri_page(title, heading, text), encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    options = BuildOptions(name_prefix="gri", group="chapter", chapter_sections=4)
    final, _, _ = compile_module(module, options)
    for skill in final.skills:
        assert not any(w.isdigit() for w in skill.name.split("-")), skill.name
        assert ": The" not in skill.description and "10.1:" not in skill.description
    held = {s.name: {p.source for p in s.prov} for s in final.skills if s.tags != ("index",)}
    programming = next(v for v in held.values() if "Programming.html" in v)
    assert {"Loops.html", "Synonyms.html"} <= programming, held


def test_a_titled_chapter_is_labelled_without_its_number() -> None:
    """aptitude's DocBook chapters are titled "Chapter 1. Getting started": the folded skill
    was described as "Covers Chapter 1." (the first sentence ends at the number's period)
    and named aptitude-chapter-1-getting-started."""
    from skillc.passes.group_pages import TITLED, _label
    from skillc.passes.key_terms import KeyTerms

    members = [Skill(id="A", name="apt-basics", skill_name="aptitude basics")]
    label = _label(
        f"{TITLED}Chapter 1. Getting started", members, "apt", KeyTerms.of([]), "apt", False
    )
    assert label == "apt: Getting started"
    assert run_name(label, "apt") == "apt-getting-started"


def test_a_folded_page_without_a_heading_opens_with_its_title() -> None:
    """gri's example scripts (and its front page) start with a paragraph: SKILL.md listed
    each as "[more of this page]" and its file was headed "Details"."""
    from skillc.ir.layout import layout
    from skillc.ir.nodes import Prose

    script = Skill(
        id="e",
        name="e",
        skill_name="example1.gri",
        blocks=(Prose(id="e1", text="Prepared by gri2html from the script example1.gri."),),
    )
    titled = Skill(
        id="t",
        name="t",
        skill_name="Contour Plots",
        blocks=(Heading(id="t0", level=1, text="Contour Plots"), Prose(id="t1", text="Grids.")),
    )
    folded = fold([script, titled], "GROUP_1", "gri: example1.gri, Contour Plots", "gri")
    heads = [b for b in folded.blocks if isinstance(b, Heading)]
    assert [(h.level, h.text) for h in heads] == [
        (1, "gri: example1.gri, Contour Plots"),
        (2, "example1.gri"),
        (2, "Contour Plots"),
    ]
    files = {f.path: f.text for f in layout(folded)}
    assert "- [example1.gri](references/example1-gri.md)" in files["SKILL.md"]
    assert files["references/example1-gri.md"].startswith("# example1.gri\n\nPrepared by")
    assert "more of this page" not in files["SKILL.md"]


def _sphinx_page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title} &#8212; doit</title></head><body>"
        f'<div class="body" role="main"><section><h1>{title}</h1>{body}</section></div>'
        "</body></html>"
    )


def test_a_front_page_no_toctree_lists_goes_first_and_the_rest_follow_the_toctree(
    tmp_path: Path,
) -> None:
    """Debian's python-doit-doc roots its toctree in ``contents.html`` and keeps
    ``index.html`` apart, listed by no toctree. That one page without a place left the whole
    manual in file order ("cmd_other ... extending", then "faq, index, install ... uptodate");
    now the front page goes first and the others follow the manual's toctree."""
    order = ["install", "tasks", "dependencies", "cmd_run", "cmd_other", "faq"]
    entries = "".join(
        f'<li class="toctree-l1"><a class="reference internal" href="{stem}.html">{stem}</a></li>'
        for stem in order
    )
    contents = f'<div class="toctree-wrapper compound"><ul>{entries}</ul></div>'
    (tmp_path / "contents.html").write_text(_sphinx_page("doit documentation", contents))
    (tmp_path / "index.html").write_text(
        _sphinx_page("introduction", "<p>doit is a task management and automation tool.</p>")
    )
    for stem in order:
        text = f"<h2>Using {stem}</h2><p>Run doit {stem} to use {stem} in a project.</p>"
        (tmp_path / f"{stem}.html").write_text(_sphinx_page(stem.replace("_", " "), text))
    module, _ = read_sources(collect([str(tmp_path)]))
    for grain in ("chapter", "manual"):
        final, _, _ = compile_module(module, BuildOptions(name_prefix="doit", group=grain))
        (manual,) = [s for s in final.skills if s.tags != ("index",)]
        read = list(dict.fromkeys(p.source.removesuffix(".html") for p in manual.prov))
        assert [p for p in read if p != "contents"] == ["index", *order], grain


@pytest.mark.parametrize(
    ("orphan", "expected"),
    [
        ("index.html", ["index", "install", "tasks", "faq"]),  # a front page: first
        ("jquery.html", ["install", "tasks", "faq", "jquery"]),  # a retired page: last
    ],
)
def test_one_page_no_toctree_places_goes_first_if_a_front_page_else_last(
    orphan: str, expected: list[str]
) -> None:
    from skillc.ir.nodes import Source
    from skillc.ir.span import Span
    from skillc.passes.page_order import toc_order

    def page(source: str) -> Skill:
        span = Span(source=source, line=1, col=1, end_line=1, end_col=1, start=0, end=0)
        return Skill(id=source, skill_name=source, prov=(span,))

    files = ["faq.html", orphan, "install.html", "tasks.html"]  # file order
    places = {"install.html": 1, "tasks.html": 2, "faq.html": 3}
    sources = [Source(id=f, position=places.get(f, 0)) for f in files]
    ordered = toc_order([page(f) for f in files], sources)
    assert [s.id.removesuffix(".html") for s in ordered] == expected
    two = [*files, "other.html"]  # two pages without a place: as they came
    assert [s.id for s in toc_order([page(f) for f in two], sources)] == two
