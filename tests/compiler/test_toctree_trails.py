"""Each RST, MyST or HTML page's place in its manual, from the toctrees (or contents page) of
the build, and the chapters group-pages forms from it.

Inputs: small Sphinx trees written to a temporary folder and read by the real frontends
(docutils, markdown-it, lxml); flask's RST docs and SQLite's HTML docs (``make corpora``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Source

CORPORA = Path(__file__).resolve().parents[2] / "corpora/guides"

INDEX = """\
Welcome to Demo
===============

User's Guide
------------

.. toctree::

   install
   tutorial/index

.. toctree::
   :caption: Reference
   :glob:

   api/*
"""


def _page(title: str, *sections: str) -> str:
    body = "".join(f"{s}\n{'-' * len(s)}\n\nRun ``demo {s.lower()}``.\n\n" for s in sections)
    return f"{title}\n{'=' * len(title)}\n\nAbout {title.lower()}.\n\n{body}"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _sources(root: Path) -> dict[str, Source]:
    module, _ = read_sources(collect([str(root)]))
    return {s.id: s for s in module.sources}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        {
            "index.rst": INDEX,
            "install.rst": _page("Installation", "Pip", "Conda"),
            "tutorial/index.rst": _page("Tutorial") + ".. toctree::\n\n   layout\n   views\n",
            "tutorial/layout.rst": _page("Project Layout", "Folders"),
            "tutorial/views.rst": _page("Views", "Routes"),
            "tutorial/extra.rst": ":orphan:\n\n" + _page("Extra", "More"),
            "api/client.rst": _page("Client", "Connect"),
            "api/server.rst": _page("Server", "Serve"),
            "notes.rst": _page("Notes", "Misc"),
        },
    )
    return tmp_path


def test_pages_get_the_trail_their_toctrees_draw(demo: Path) -> None:
    sources = _sources(demo)
    # as breadcrumbs: from the group below the front page down to the parent
    assert sources["install.rst"].trail == ("index.rst#User's Guide",)
    assert sources["install.rst"].trail_titles == ("User's Guide",)
    assert sources["tutorial/views.rst"].trail == ("index.rst#User's Guide", "tutorial/index.rst")
    assert sources["tutorial/views.rst"].trail_titles[-1] == "Tutorial"
    assert sources["api/client.rst"].trail == ("index.rst#Reference",)  # :glob:
    # an orphan joins its folder's index; a page in no toctree keeps no trail
    assert sources["tutorial/extra.rst"].trail[-1] == "tutorial/index.rst"
    assert sources["notes.rst"].trail == () and sources["index.rst"].trail == ()


def test_chapters_follow_the_toctree_groups_not_the_folders(demo: Path) -> None:
    many = [f"Topic {n}" for n in range(40)]  # the manual is too large for one chapter
    for name in ("install.rst", "tutorial/layout.rst", "tutorial/views.rst", "api/client.rst"):
        _write(demo, {name: _page(name.split("/")[-1].split(".")[0].title(), *many)})
    module, _ = read_sources(collect([str(demo)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="demo", group="chapter"))
    held = {s.skill_name: {span.source for span in s.prov} for s in final.skills}
    assert held["demo: Reference"] == {"api/client.rst", "api/server.rst"}  # not by folder
    assert held["demo: Tutorial"] == {
        "tutorial/index.rst",
        "tutorial/layout.rst",
        "tutorial/views.rst",
        "tutorial/extra.rst",
    }
    assert held["Install"] == {"install.rst"}  # a page alone under "User's Guide"
    assert held["Notes"] == {"notes.rst"}  # in no toctree: its own folder's


def test_a_page_named_by_no_toctree_anywhere_changes_nothing(tmp_path: Path) -> None:
    _write(tmp_path, {"a.rst": _page("A", "One"), "b/c.md": "# C\n\nText.\n"})
    assert all(not s.trail for s in _sources(tmp_path).values())


def test_a_myst_root_groups_click_pages_by_the_headings_above_its_toctrees() -> None:
    root = CORPORA / "click/src"
    if not root.is_dir():
        pytest.skip("click docs not fetched (make corpora)")
    sources = _sources(root)
    assert sources["quickstart.md"].trail_titles == ("Tutorials",)
    assert sources["options.md"].trail_titles[-1] == "General Reference"
    assert sources["faqs.md"].trail_titles[-1] == "Documentation"  # after an {eval-rst} fence


def test_flask_pages_sit_under_the_sections_of_its_root_page() -> None:
    root = CORPORA / "flask-rst/src"
    if not root.is_dir():
        pytest.skip("flask docs not fetched (make corpora)")
    sources = _sources(root)
    assert sources["quickstart.rst"].trail_titles == ("User's Guide",)
    assert sources["patterns/celery.rst"].trail[-1] == "patterns/index.rst"
    assert sources["design.rst"].trail_titles[-1] == "Additional Notes"
    assert sources["tutorial/views.rst"].trail_titles[-1] == "Tutorial"  # "Contents:" is no group


CONTENTS = """<html><body><h1>Docs</h1><ul class="toc">
<li><a onclick="x()"><span>&#x25ba;</span> Overview</a>
  <ul><li><a href="about.html">About</a> - what it is</li><li><a href="faq.html">FAQ</a></li>
  <li><a href="https://example.org/">elsewhere</a></li><li><a href="books.html">Books</a></li>
  </ul></li>
<li>Programming:<ul><li><a href="c/intro.html">C API</a></li><li><a href="lang.html">SQL</a>
  </li><li><a href="pragma.html">Pragmas</a></li><li><a href="json.html">JSON</a></li></ul></li>
<li>Tools<ul><li><a href="cli.html#top">CLI</a></li><li><a href="about.html">again</a></li>
  <li><a href="diff.html">Diff</a></li><li><a href="hash.html">Hash</a></li></ul></li>
</ul></body></html>"""
LINKED = ("about", "faq", "books", "c/intro", "lang", "pragma", "json", "cli", "diff", "hash")


def test_an_html_contents_page_of_labelled_groups_gives_its_pages_trails(tmp_path: Path) -> None:
    pages = {
        f"{name}.html": f"<html><body><h1>{name}</h1><p>Text of {name}.</p></body></html>"
        for name in (*LINKED, "other")
    }
    _write(tmp_path, {**pages, "docs.html": CONTENTS})
    sources = _sources(tmp_path)
    assert sources["about.html"].trail == ("docs.html#Overview",)
    assert sources["c/intro.html"].trail_titles[-1] == "Programming"
    assert sources["cli.html"].trail[-1] == "docs.html#Tools"
    assert sources["other.html"].trail == () and sources["docs.html"].trail == ()


def test_a_page_of_few_links_is_no_contents_page(tmp_path: Path) -> None:
    pages = {f"{name}.html": f"<html><body><p>{name}</p></body></html>" for name in LINKED[:4]}
    _write(tmp_path, {**pages, "docs.html": CONTENTS})
    assert all(not s.trail for s in _sources(tmp_path).values())


def test_a_sphinx_index_of_terms_is_no_contents_page(tmp_path: Path) -> None:
    # behave's genindex.html (no breadcrumbs in its theme) put the whole manual under the
    # term "capture", and the catalogue said the manual covered "capture".
    pages = {
        f"{name}.html": f"<html><body><h1>{name}</h1><p>Text of {name}.</p></body></html>"
        for name in LINKED
    }
    for index in ("genindex.html", "genindex-C.html", "py-modindex.html"):
        _write(tmp_path, {**pages, index: CONTENTS})
        assert all(not s.trail for s in _sources(tmp_path).values()), index
        (tmp_path / index).unlink()


def test_python_docs_general_index_declares_no_toctrees() -> None:
    from skillc.compiler.toctree_trails import declared_toctrees

    root = CORPORA / "python-doc/src/html"
    if not root.is_dir():
        pytest.skip("python docs not fetched (make corpora)")
    ids = {p.relative_to(root).as_posix() for p in root.rglob("*.html")}
    for name in ("genindex-all.html", "genindex-C.html"):  # 94 and 35 "groups" were read
        text = (root / name).read_text(encoding="utf-8")
        assert declared_toctrees(name, "html", text, ids) == []


def test_sqlite_pages_sit_under_the_groups_of_docs_html() -> None:
    root = CORPORA / "sqlite-html/src"
    if not root.is_dir():
        pytest.skip("sqlite docs not fetched (make corpora)")
    sources = _sources(root)
    assert sources["about.html"].trail == ("docs.html#Overview Documents",)
    assert sources["lang.html"].trail_titles[-1] == "Programming Interfaces"


STATEMENTS = tuple(
    f"lang_{n}"
    for n in [
        "select",
        "insert",
        "update",
        "delete",
        "vacuum",
        "with",
        "upsert",
        "explain",
        "attach",
        "detach",
        "analyze",
        "reindex",
    ]
)


def _hub(links: Sequence[str]) -> str:
    """A page with prose and a list of links, as SQLite's lang.html ("SQL As Understood By
    SQLite"): its statements, each a page of its own, in one column list."""
    items = "".join(f"<li><a href='{name}.html'>{name}</a></li>" for name in links)
    return f"<html><body><h1>SQL</h1><p>SQL as understood.</p><ul>{items}</ul></body></html>"


def test_a_chapter_page_a_contents_page_lists_gives_its_own_pages_trails(tmp_path: Path) -> None:
    """SQLite's docs.html lists lang.html under "Programming Interfaces"; lang.html lists the
    ``lang_*`` pages, which docs.html does not: they sat in no group, cut into alphabetical
    runs of the loose pages ("floating-point-numbers": Floating Point Numbers, Geopoly and
    ALTER TABLE). A list repeating the contents page (SQLite's doclist.html, every document)
    and links to another folder (cintro.html naming c3ref/ pages) make no chapter."""
    pages = {
        f"{name}.html": f"<html><body><h1>{name}</h1><p>Text of {name}.</p></body></html>"
        for name in (*LINKED, *STATEMENTS, "c/open", "c/close")
    }
    everything = [*LINKED[:4], *LINKED[5:], *STATEMENTS]
    contents = CONTENTS.replace(
        '<li><a href="books.html">Books</a>',
        '<li><a href="books.html">Books</a></li><li><a href="doclist.html">Documents</a>',
    )
    files = {**pages, "docs.html": contents, "lang.html": _hub(STATEMENTS)}
    files["doclist.html"] = _hub(everything).replace("SQL as", "Every document as")
    files["c/intro.html"] = _hub([f"../{n}" for n in STATEMENTS[:3]] + ["open", "close"] * 5)
    _write(tmp_path, files)
    sources = _sources(tmp_path)
    assert sources["lang_vacuum.html"].trail == ("docs.html#Programming", "lang.html")
    assert sources["lang_select.html"].trail_titles == ("Programming", "SQL")
    assert sources["c/open.html"].trail == ()  # c/intro.html names pages of its own folder too
    assert sources["doclist.html"].trail == ("docs.html#Overview",)


def test_sqlite_statements_sit_under_lang_html_in_programming_interfaces() -> None:
    root = CORPORA / "sqlite-html/src"
    if not root.is_dir():
        pytest.skip("sqlite docs not fetched (make corpora)")
    sources = _sources(root)
    lang = {sid: s for sid, s in sources.items() if sid.startswith("lang_")}
    unlisted = {"lang_mathfunc.html", "lang_naming.html"}  # lang.html does not link them
    assert len(lang) == 36
    assert all(s.trail_titles[0] == "Programming Interfaces" for s in lang.values() if s.trail)
    assert {sid for sid, s in lang.items() if not s.trail} == unlisted
    assert sources["lang_vacuum.html"].trail == ("docs.html#Programming Interfaces", "lang.html")
    assert not sources["c3ref/open.html"].trail  # cintro.html's links keep their folder


SUMMARY = """\
# Summary

[Introduction](README.md)

# User Guide

- [Installation](guide/installation.md)
- [Reading Books](guide/reading.md)
    - [Creating](guide/creating.md)
- [Draft]()

# Reference Guide

* [Command Line Tool](cli/README.md)
  * [init](cli/init.md#usage)
"""


def test_an_mdbook_summary_gives_parts_and_nesting(tmp_path: Path) -> None:
    pages = ("README", "guide/installation", "guide/reading", "guide/creating", "cli/README")
    _write(tmp_path, {f"{p}.md": f"# {p}\n\nText of {p}.\n" for p in (*pages, "cli/init")})
    _write(tmp_path, {"SUMMARY.md": SUMMARY})
    sources = _sources(tmp_path)
    assert sources["README.md"].trail == ()  # right under the front page, in no part
    assert sources["guide/installation.md"].trail == ("SUMMARY.md#User Guide",)
    assert sources["guide/creating.md"].trail[-1] == "guide/reading.md"
    assert sources["cli/init.md"].trail == ("SUMMARY.md#Reference Guide", "cli/README.md")


def _docbook_page(title: str, body: str = "") -> str:
    return (
        f'<html><head><title>{title}</title></head><body><div class="navheader">{title}</div>'
        f'<div class="chapter"><h2 class="title">{title}</h2><p>About {title}.</p>{body}'
        "</div></body></html>"
    )


def _dt(href: str, title: str) -> str:
    return f'<dt><span class="section"><a href="{href}">{title}</a></span></dt>'


#: A DocBook chunked manual's front page, as xsltproc writes aptitude's (Debian's
#: aptitude-doc-en): a preface and two chapters, the second with a nested section.
DOCBOOK_INDEX = (
    '<div class="toc"><p><strong>Table of Contents</strong></p><dl class="toc">'
    + _dt("pr01.html", "Introduction")
    + "<dd><dl>"
    + _dt("pr01s01.html", "What is it?")
    + "</dl></dd>"
    + _dt("ch01.html", "1. Getting started")
    + "<dd><dl>"
    + _dt("ch01s01.html", "Using it")
    + "<dd><dl>"
    + _dt("ch01s01s01.html", "Basics")
    + _dt("ch01s01s02.html#idm1", "Navigating")
    + "</dl></dd>"
    + _dt("ch01s02.html", "From the command line")
    + "</dl></dd>"
    + _dt("ch02.html", "2. Reference guide")
    + "<dd><dl>"
    + _dt("ch02s01.html", "Menus")
    + "</dl></dd></dl></div>"
)
#: The link DocBook writes beside a screenshot to its long description, a page of its own.
LONGDESC = (
    '<img src="images/bar.png" alt="[tabs]"/><div class="longdesc-link">'
    '<span class="longdesc-link">[<a href="ld-idm1.html" target="longdesc">D</a>]</span></div>'
)


def test_a_docbook_table_of_contents_gives_chapters_and_long_descriptions_their_page(
    tmp_path: Path,
) -> None:
    """aptitude's DocBook HTML (Debian's aptitude-doc-en) has no breadcrumbs and no contents
    page of groups: its 89 pages were cut into runs of the file order, and the 36 long
    descriptions of its screenshots ("Long Description") made chapters of their own."""
    titles = {
        "pr01": "Introduction",
        "pr01s01": "What is it?",
        "ch01": "Getting started",
        "ch01s01": "Using it",
        "ch01s01s02": "Navigating",
        "ch01s02": "From the command line",
        "ch02": "Reference guide",
        "ch02s01": "Menus",
        "ld-idm1": "Long Description",
    }
    files = {f"{stem}.html": _docbook_page(title) for stem, title in titles.items()}
    files["ch01s01s01.html"] = _docbook_page("Basics", LONGDESC)
    files["index.html"] = _docbook_page("The manual", DOCBOOK_INDEX)
    _write(tmp_path, files)
    sources = _sources(tmp_path)
    assert sources["pr01s01.html"].trail == ("pr01.html",)
    assert sources["ch01s01s02.html"].trail == ("ch01.html", "ch01s01.html")
    assert sources["ch02s01.html"].trail_titles == ("Reference guide",)
    assert sources["ch01.html"].trail == () and sources["index.html"].trail == ()
    assert sources["ld-idm1.html"].trail == ("ch01.html", "ch01s01.html", "ch01s01s01.html")


def _li(href: str, title: str, below: str = "") -> str:
    nested = f"<ul>{below}</ul>" if below else ""
    return f'<li><span class="chapter"><a href="{href}">{title}</a></span>{nested}</li>'


#: libsigc++'s tutorial (Debian's libsigc++-3.0-doc): newer DocBook stylesheets write the
#: table of contents as ``<ul class="toc">`` and name each page after its id, so file order
#: put "4. Advanced topics" before "1. Introduction" and "Disconnecting" before "Using a
#: member function".
SIGC_INDEX = (
    '<div class="toc"><p><b>Table of Contents</b></p><ul class="toc">'
    + _li(
        "chapter-introduction.html",
        "1. Introduction",
        _li("chapter-introduction.html#sect-motivation", "Motivation"),
    )
    + _li(
        "chapter-connecting.html",
        "2. Connecting your code to signals",
        _li("sect-using-mem-func.html", "Using a member function")
        + _li("sect-signals-with-pars.html", "Signals with parameters")
        + _li("sect-disconnecting.html", "Disconnecting"),
    )
    + _li("chapter-advanced.html", "4. Advanced topics", _li("sect-retyping.html", "Retyping"))
    + "</ul></div>"
)


def test_a_docbook_list_table_of_contents_gives_trails_and_reading_order(tmp_path: Path) -> None:
    titles = {
        "chapter-introduction": "Chapter 1. Introduction",
        "chapter-connecting": "Chapter 2. Connecting your code to signals",
        "sect-using-mem-func": "Using a member function",
        "sect-signals-with-pars": "Signals with parameters",
        "sect-disconnecting": "Disconnecting",
        "chapter-advanced": "Chapter 4. Advanced topics",
        "sect-retyping": "Retyping",
    }
    files = {f"{stem}.html": _docbook_page(title) for stem, title in titles.items()}
    files["index.html"] = _docbook_page("libsigc++", SIGC_INDEX)
    _write(tmp_path, files)
    sources = _sources(tmp_path)
    assert sources["sect-disconnecting.html"].trail == ("chapter-connecting.html",)
    ranked = sorted((s for s in sources.values() if s.position), key=lambda s: s.position)
    assert [s.id.removesuffix(".html") for s in ranked] == ["index", *titles]
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="sigc", group="chapter"))
    held = {s.skill_name: [span.source for span in s.prov] for s in final.skills}
    connecting = next(v for k, v in held.items() if "Connecting" in k)
    assert list(dict.fromkeys(connecting)) == [
        "chapter-connecting.html",
        "sect-using-mem-func.html",
        "sect-signals-with-pars.html",
        "sect-disconnecting.html",
    ]


def test_a_long_description_page_is_titled_by_the_image_it_describes(tmp_path: Path) -> None:
    """aptitude's manual: its 36 long descriptions were all titled "Long Description" by the
    stylesheet, so the chapter's contents listed "more of this page" 18 times."""
    ld_page = (
        '<html><head><title>Long Description</title></head><body><pre class="screen">'
        " Actions  Undo  Package</pre></body></html>"
    )
    files = {"ch01.html": _docbook_page("Getting started", LONGDESC), "ld-idm1.html": ld_page}
    files["index.html"] = _docbook_page(
        "The manual", '<div class="toc"><dl class="toc">' + _dt("ch01.html", "1.") + "</dl></div>"
    )
    _write(tmp_path, files)
    module, _ = read_sources(collect([str(tmp_path)]))
    titles = {s.prov[0].source: s.skill_name for s in module.skills}
    assert titles["ld-idm1.html"] == "tabs"  # the alt text, without DocBook's brackets
    assert titles["ch01.html"] == "Getting started"  # a page with a heading of its own keeps it


def _aptitude_chapter(tmp_path: Path) -> None:
    """A chapter page with a screenshot and the long description DocBook wrote for it."""
    ld_page = (
        '<html><head><title>Long Description</title></head><body><pre class="screen">'
        " Actions  Undo  Package</pre></body></html>"
    )
    body = "<p>The package list, as it opens:</p>" + LONGDESC
    files = {
        "ch01.html": _docbook_page("Chapter 1. Getting started", body),
        "ch01s01.html": _docbook_page("Using it"),
        "ld-idm1.html": ld_page,
        "index.html": _docbook_page(
            "The manual",
            '<div class="toc"><dl class="toc">'
            + _dt("ch01.html", "1. Getting started")
            + "<dd><dl>"
            + _dt("ch01s01.html", "Using it")
            + "</dl></dd></dl></div>",
        ),
    }
    _write(tmp_path, files)


def _texts(skill_blocks: Sequence[object]) -> str:
    return "\n".join(str(getattr(b, "text", "")) for b in skill_blocks)


def test_a_long_description_link_points_where_its_page_went(tmp_path: Path) -> None:
    """aptitude at chapter grain: each screenshot's ``[D]`` link said "(see the
    `aptitude-chapter-1-getting-started` skill)", the skill it sits in; it names the
    reference file the long description was filed in. At page grain the page is named by
    the image (``tabs``), not by DocBook's generated id (``ld-idm1``)."""
    _aptitude_chapter(tmp_path)
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix="apt", group="chapter"))
    chapter = next(s for s in final.skills if "ld-idm1.html" in {p.source for p in s.prov})
    text = _texts(chapter.blocks)
    assert f"`{chapter.name}` skill" not in text
    assert "D (see references/tabs.md)" in text
    paged, _, _ = compile_module(module, BuildOptions(name_prefix="apt", group="page"))
    names = {s.prov[0].source: s.name for s in paged.skills if s.prov}
    assert names["ld-idm1.html"] == "apt-tabs"
    assert "D (see the `apt-tabs` skill)" in _texts(
        next(s for s in paged.skills if s.name == "apt-getting-started").blocks
    )


def _sphinx_toctree(caption: str, *pages: str) -> str:
    """A toctree as Sphinx writes it into a page's body: a ``div.toctree-wrapper`` whose
    first-level items link to pages, their sections nested below (as behave's index.html)."""
    head = f'<p class="caption" role="heading"><span class="caption-text">{caption}</span></p>'
    items = "".join(
        f'<li class="toctree-l1"><a class="reference internal" href="{p}">{p}</a><ul>'
        f'<li class="toctree-l2"><a class="reference internal" href="{p}#usage">Usage</a></li>'
        "</ul></li>"
        for p in pages
    )
    return f'<div class="toctree-wrapper compound">{head if caption else ""}<ul>{items}</ul></div>'


def test_a_sphinx_html_toctree_gives_trails_and_reading_order(tmp_path: Path) -> None:
    # A theme without breadcrumbs (behave's, werkzeug's Pallets theme): the pages were folded
    # in the alphabetical order of their files, which mixed unrelated chapters.
    guide = ("zebra.html", "install.html", "tutorial.html")
    reference = ("api.html", "cli.html")
    index = (
        "<html><body><h1>Demo</h1><section><h2>Contents</h2>"
        f"{_sphinx_toctree('', *guide)}{_sphinx_toctree('API Reference', *reference)}"
        '<p>See <a href="other.html">other</a>.</p></section></body></html>'
    )
    pages = {
        name: f"<html><body><h1>{name}</h1><p>Text of {name}.</p></body></html>"
        for name in (*guide, *reference, "other.html")
    }
    _write(tmp_path, {**pages, "index.html": index})
    sources = _sources(tmp_path)
    assert [sources[p].trail for p in guide] == [(), (), ()]  # right under the front page
    assert sources["api.html"].trail == ("index.html#API Reference",)
    assert sources["cli.html"].trail_titles == ("API Reference",)
    listed = sorted((*guide, *reference), key=lambda p: sources[p].position)
    assert listed == [*guide, *reference]  # the toctrees' order, not the files'
    assert not sources["other.html"].trail and not sources["other.html"].position


def test_a_sphinx_html_caption_of_generic_words_names_no_group() -> None:
    from skillc.compiler.frontends.html.sphinx_toctree import sphinx_toctrees

    pages = {"a.html", "b.html"}
    page = f"<html><body>{_sphinx_toctree('Indices and tables', 'a.html', 'b.html')}</body></html>"
    (tree,) = sphinx_toctrees(page, "index.html", pages)
    assert tree.entries == ("/a.html", "/b.html") and tree.caption == ""  # as an RST directive's
