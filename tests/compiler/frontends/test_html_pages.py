"""Generator pages the HTML frontend names, skips or cleans (issue 11), on small real-shaped pages.

The shapes are copied from the generators' output: a texinfo node-name redirect, DocBook XSL
chunk names, a Doxygen group page and its index pages, a page with soft hyphens and zero-width
spaces. The real manuals are built end to end in ``tests/cli/test_html_generators.py``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from skillc.compiler.frontends.html.names import page_name
from skillc.compiler.frontends.html.reader import is_boilerplate_page, read_html
from skillc.ir import Code, Heading, ListBlock, Prose, SkillModule, Table
from skillc.ir.vocab import Placement
from skillc.passes.verify_source import source_losses

REDIRECT = """<html><head><title>Detailed If-then-else (Comparing and Merging Files)</title>
<meta http-equiv="Refresh" content="0; url=Output-Formats.html#Detailed-If_002dthen_002delse">
</head><body><p>The node you are looking for is at <a href="Output-Formats.html#x">Detailed
If-then-else</a>.</p></body></html>"""
DOXYGEN_HEAD = '<html><head><meta name="generator" content="Doxygen 1.8.16"/><title>T</title>'
DOXYGEN_GROUP = (
    DOXYGEN_HEAD
    + """</head><body><div id="titlearea"><div id="projectname">LMDB</div></div>
<div class="header"><div class="summary"><a href="#define-members">Macros</a></div>
<div class="headertitle"><div class="title">Environment Flags<div class="ingroups">
<a class="el" href="group__mdb.html">LMDB API</a></div></div></div></div>
<div class="contents"><table class="memberdecls">
<tr class="heading"><td colspan="2"><h2 class="groupheader">Macros</h2></td></tr>
<tr class="memitem:ga1"><td class="memItemLeft">#define&#160;</td><td class="memItemRight">
<a class="el" href="group__mdb__env.html#ga1">MDB_FIXEDMAP</a>&#160;&#160;0x01</td></tr>
<tr class="memdesc:ga1"><td class="mdescLeft">&#160;</td><td class="mdescRight">mmap at a fixed
address <a href="#ga1">More...</a></td></tr>
<tr class="separator:ga1"><td class="memSeparator" colspan="2">&#160;</td></tr>
</table>
<h2 class="memtitle"><span class="permalink"><a href="#ga1">&#9670;&#160;</a></span>
MDB_FIXEDMAP</h2>
<p>Use a fixed address for the map.</p></div></body></html>"""
)


def texts(skill) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for block in skill.blocks:
        if isinstance(block, Prose | Heading | Code):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(block.items)
    return out


def test_a_texinfo_redirect_page_is_skipped_and_a_node_page_is_not() -> None:
    assert is_boilerplate_page("Detailed-If_002dthen_002delse.html", REDIRECT).startswith(
        "redirect page to Output-Formats.html"
    )
    page = REDIRECT.replace("The node you", "The node you " + "really " * 60)
    assert is_boilerplate_page("Detailed.html", page) == ""


@pytest.mark.parametrize(
    ("source", "title", "name"),
    [
        ("node470.html", "3.2 Solving the equations", "solving-the-equations"),
        ("ch01.en.html", "Chapter 1. Overview", "overview"),
        ("apa.html", "Appendix A. debmake(1) manpage", "debmake-1-manpage"),
        ("ch01s02.html", "1.2. People around Debian", "people-around-debian"),
        ("index.en.html", "Guide for Debian Maintainers", "index"),
        ("faq.en.html", "FAQ", "faq"),
        ("index.html", "Guide for Debian Maintainers", ""),  # as index.rst would be named
        ("quickstart.html", "Quickstart", ""),  # a word: the file name stays the name
        ("fts3.html", "SQLite FTS3 and FTS4 Extensions", ""),
        ("user/index.html", "User Guide", ""),
        ("gettext_11.html", "11. The Programmer's View", "the-programmer-s-view"),  # texi2html
        (
            "gettext_toc.html",
            "GNU gettext utilities: Table of Contents",
            "gnu-gettext-utilities-table-of-contents",
        ),
        ("lang_createtable.html", "CREATE TABLE", ""),
    ],
)
def test_names_come_from_titles_when_file_names_are_positions(
    source: str, title: str, name: str
) -> None:
    assert page_name(source, title) == name


def test_doxygen_indexes_and_listings_are_skipped_and_group_pages_are_not() -> None:
    for source in ("globals_d.html", "files.html", "lmdb_8h_source.html", "search/all_0.html"):
        assert is_boilerplate_page(source, DOXYGEN_HEAD + "</head><body></body></html>")
    assert is_boilerplate_page("search/nomatches.html", '<body class="SRPage">No Matches')
    assert is_boilerplate_page("group__mdb__env.html", DOXYGEN_GROUP) == ""
    assert is_boilerplate_page("globals_d.html", "<html><body><p>globals</p></body></html>") == ""


def test_a_doxygen_group_page_reads_as_title_members_and_entries() -> None:
    (skill,) = read_html(DOXYGEN_GROUP, source_id="group__mdb__env.html").skills
    assert skill.name == "environment-flags"
    everything = texts(skill)
    assert everything[0] == "Environment Flags"
    assert "#define [MDB_FIXEDMAP](group__mdb__env.html#ga1) 0x01: mmap at a fixed address" in (
        everything
    )
    joined = "\n".join(everything)
    for artefact in ("LMDB API", "More...", "\u25c6", "projectname"):
        assert artefact not in joined
    assert "#define" not in everything  # the kind column is not a paragraph of its own
    assert "MDB_FIXEDMAP" in [b.text for b in skill.blocks if isinstance(b, Heading)]


def test_invisible_characters_leave_the_text_and_the_code_with_sk063() -> None:
    # Code too: a generator's zero-width space in a signature (Javadoc's before every
    # parenthesis) makes another identifier of a name copied from it. The page's inventory of
    # code blocks, which the verifier checks them against, loses it the same way.
    page = (
        "<html><body><h1>Con\u00adfig</h1><p>Set <code>max\u200bsize</code> in"
        " con&shy;fig.ini.</p><pre>x\u200by = 1</pre></body></html>"
    )
    result = read_html(page, source_id="guide.html")
    (skill,) = result.skills
    assert texts(skill) == ["Config", "Set `maxsize` in config.ini.", "xy = 1"]
    assert [code for code, _ in result.inventory.codes] == ["xy = 1"]
    (diagnostic,) = [d for d in result.diagnostics if d.code == "SK063"]
    assert "2 U+00AD SOFT HYPHEN" in diagnostic.message
    assert "2 U+200B ZERO WIDTH SPACE" in diagnostic.message
    clean = read_html("<html><body><p>Plain text.</p></body></html>", source_id="p.html")
    assert not [d for d in clean.diagnostics if d.code == "SK063"]


def test_a_header_holding_the_page_title_is_read_and_a_navigation_header_is_not() -> None:
    asciidoc = (
        '<html><body class="manpage"><div id="header"><h1>gittutorial(7) Manual Page</h1>'
        "<h2>NAME</h2><div class='sectionbody'><p>gittutorial - A tutorial</p></div></div>"
        '<div id="content"><h2>DESCRIPTION</h2><p>This tutorial explains Git.</p></div>'
        "</body></html>"
    )
    (skill,) = read_html(asciidoc, source_id="gittutorial.html").skills
    assert texts(skill)[:2] == ["gittutorial(7) Manual Page", "NAME"]
    texinfo = (
        '<html><body><div class="header"><p>Next: <a href="b.html">B</a>, Up: '
        '<a href="index.html">Top</a></p></div><h2>2 Output</h2><p>Text.</p></body></html>'
    )
    (skill,) = read_html(texinfo, source_id="Output.html").skills
    assert not any("Next:" in t for t in texts(skill))


def test_a_yui_page_header_with_the_site_title_is_chrome_and_the_page_title_is_read() -> None:
    """Django's documentation theme (Debian's python-django-doc) puts the site's name in an
    ``<h1>`` of ``div#hd`` above every page's own ``<h1>``: 692 pages all came out titled
    "Django 3.2.25 documentation", named ``django-documentation-2``, ``-releases-5``..."""
    django = (
        "<html><head><title>Cross Site Request Forgery protection &#8212; Django 3.2.25 "
        'documentation</title></head><body><div id="custom-doc"><div id="hd">'
        '<h1><a href="../index.html">Django 3.2.25 documentation</a></h1>'
        '<div id="global-nav"><a href="../index.html">Home</a> | <a href="../genindex.html">'
        'Index</a></div></div><div id="bd"><div id="yui-main"><div class="yui-b">'
        '<div class="yui-g" id="ref-csrf"><div class="section"><h1>Cross Site Request Forgery '
        "protection</h1><p>The CSRF middleware protects against forged requests.</p>"
        "<h2>How to use it</h2><p>Add the middleware.</p></div></div></div></div></div>"
        '<div id="ft"><p>Last update: Jan 01, 2024</p></div></div></body></html>'
    )
    (skill,) = read_html(django, source_id="ref/csrf.html").skills
    shown = texts(skill)
    assert shown[0] == "Cross Site Request Forgery protection"
    assert not any("3.2.25" in t or "Home" in t or "Last update" in t for t in shown)


def test_an_example_texi2html_wraps_in_a_layout_table_inside_a_list_item_stays_code() -> None:
    """texi2html (gettext's manual) puts every example in a table of a spacer cell and a
    ``<pre>``; inside a list item that table used to become one line of cells, and the build
    stopped on PV014 (the code was no longer a code block)."""
    code = '  /* Change language.  */\n  setenv ("LANGUAGE", "fr", 1);\n'
    page = (
        "<html><body><h1>Hooks</h1><ul><li><p>Include the following code:</p>"
        '<table><tr><td>&nbsp;</td><td><pre class="example">'
        + code.replace('"', "&quot;")
        + "</pre></td></tr></table><p>The variable is defined in loadmsgcat.c.</p></li>"
        "<li>A data table stays a row: <table><tr><td>a</td><td>b</td></tr></table></li>"
        "</ul></body></html>"
    )
    (skill,) = read_html(page, source_id="gettext_11.html").skills
    (items,) = [b.items for b in skill.blocks if isinstance(b, ListBlock)]
    assert "```\n" + code.rstrip("\n") + "\n```" in items[0]
    assert "a | b" in items[1]


def test_a_texi2html_navigation_panel_is_dropped_and_a_table_of_links_is_not() -> None:
    """texi2html writes a table of bracketed buttons above and below every section; it
    reached the text as "| [<<] | [>> (see the ... skill)] |" (gettext's manual)."""
    nav = (
        '<table cellpadding="1"><tr><td>[ &lt;&lt; ]</td>'
        '<td>[<a href="gettext_2.html#SEC7" title="Next chapter"> &gt;&gt; </a>]</td>'
        '<td> &nbsp; </td><td>[<a href="gettext_toc.html#SEC_Top">Top</a>]</td></tr></table>'
    )
    data = (
        '<table><tr><td><a href="a.html">msgfmt</a></td><td>compile a catalog</td></tr>'
        '<tr><td><a href="b.html">msgmerge</a></td><td>merge two catalogs</td></tr></table>'
    )
    page = f"<html><body><h1>Introduction</h1>{nav}<p>Gettext helps.</p>{data}{nav}</body></html>"
    (skill,) = read_html(page, source_id="gettext_1.html").skills
    text = "\n".join(texts(skill))
    assert "<<" not in text and "Top" not in text
    assert "Gettext helps." in text
    (table,) = [b for b in skill.blocks if isinstance(b, Table)]
    assert [row[1] for row in table.rows] == ["compile a catalog", "merge two catalogs"]


#: Sphinx's own ``doc/_templates/contents.html`` and the head of its theme's layout.html
#: (sphinx 9.0.4 sdist): Jinja sources that Sphinx renders into pages.
SPHINX_CONTENTS_TEMPLATE = """{% extends "layout.html" %}
{% set title = _('Sphinx documentation contents') %}
{% block body %}
<h1>{{ _('Sphinx documentation contents') }}</h1>
<div class="toctree-wrapper compound">
{{ toctree(includehidden=True, collapse=False, maxdepth=3) }}
</div>
{% endblock %}
"""
THEME_LAYOUT = """{# Sphinx layout template for the sphinxdoc theme. #}
{%- extends "basic/layout.html" %}

{% block extrahead %}
{{ super() }}
<link rel="stylesheet" href="_static/sphinx13.css">
{% endblock %}
"""
#: A rendered page about Jinja: its tags sit in code (plain and highlighted), not in markup.
PAGE_ABOUT_JINJA = """<html><head><title>Template Inheritance</title></head><body>
<h1>Template Inheritance</h1>
<p>A child template starts with <code>{% extends "base.html" %}</code> and fills blocks.</p>
<pre>{% extends "base.html" %}
{% block title %}Index{% endblock %}</pre>
<p>Each <code>{% block %}</code> tag names a block the child may override.</p>
</body></html>
"""


def test_jinja_templates_in_a_sphinx_source_tree_are_skipped_with_their_reason(
    tmp_path: Path,
) -> None:
    for source in ("_templates/contents.html", "_themes/sphinx13/layout.html"):
        assert "template" in is_boilerplate_page(source, "<html><body><p>x</p></body></html>")
    # Anywhere else, by its syntax.
    assert is_boilerplate_page("layouts/contents.html", SPHINX_CONTENTS_TEMPLATE)
    assert is_boilerplate_page("theme/layout.html", THEME_LAYOUT)
    assert is_boilerplate_page("inheritance.html", PAGE_ABOUT_JINJA) == ""

    from tests.cli.conftest import run_skillc

    src = tmp_path / "doc"
    (src / "_templates").mkdir(parents=True)
    (src / "_templates" / "contents.html").write_text(SPHINX_CONTENTS_TEMPLATE)
    (src / "conf.py").write_text("project = 'Demo'\n")
    (src / "index.rst").write_text(
        "Install\n=======\n\nTo install Demo:\n\n1. Run ``pip install demo``.\n"
        "2. Run ``demo --version`` to check it.\n"
    )
    report = tmp_path / "report.json"
    done = run_skillc("build", str(src), "-o", str(tmp_path / "out"), "--report", str(report))
    assert done.returncode == 0, done.stderr
    skipped = [
        (d["filename"], d["message"])
        for d in json.loads(report.read_text())["diagnostics"]
        if d["code"] == "SK042"
    ]
    assert skipped == [
        (
            "_templates/contents.html",
            "skipped '_templates/contents.html': template (a _templates folder), not a page",
        )
    ]
    built = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "pip install demo" in built and "toctree" not in built


#: A Haddock module page as Debian's libghc-doctemplates-doc ships it (cut down): the module's
#: name is the <title> and the header's caption; the H1 above its API is "Documentation".
HADDOCK_MODULE = (
    '<html><head><title>Text.DocTemplates</title><script src="haddock-bundle.min.js"></script>'
    '</head><body><div id="package-header"><span class="caption">doctemplates-0.10.0.1: '
    'Pandoc-style document templates</span></div><div id="content"><div id="module-header">'
    '<p class="caption">Text.DocTemplates</p></div><div id="description"><p>This is the '
    'templating system used by pandoc.</p></div><div id="interface"><h1>Documentation</h1>'
    '<div class="top"><p class="src"><a>renderTemplate</a> :: Template a -&gt; Doc</p>'
    '<div class="doc"><p>Render a compiled template in a context.</p></div></div></div>'
    "</div></body></html>"
)


def test_a_haddock_module_page_is_titled_by_its_module_and_the_package_names_the_library(
    tmp_path: Path,
) -> None:
    """Haddock (Debian's libghc-*-doc): every module page's H1 is "Documentation", so each
    was titled and described by it ("Covers Documentation in the libghc-doctemplates-doc
    documentation"), and the name prefix was the packager's folder, not the package."""
    from skillc.compiler.library_name import infer_project_name

    skill = read_html(HADDOCK_MODULE, source_id="Text-DocTemplates.html").skills[0]
    assert skill.skill_name == "Text.DocTemplates"
    front = "<html><head><title>doctemplates-0.10.0.1: Pandoc-style document templates</title>"
    (tmp_path / "index.html").write_text(
        front + '<script src="haddock-bundle.min.js"></script></head><body></body></html>'
    )
    assert infer_project_name([str(tmp_path)]) == "doctemplates"


#: A page of gri's manual (Debian's gri-html-doc 2.12.27): a navigation image map, then a
#: one-row layout table whose first cell lists the chapters and whose second holds the page;
#: an index page leaves its second ``<map>`` unclosed, so libxml2 puts the page inside it.
GRI_CHAPTERS = "".join(
    f'&nbsp;&nbsp;<a href="{page}.html">{n}: {title}</a><br>\n'
    for n, (page, title) in enumerate(
        [("Introduction", "Introduction"), ("SimpleExample", "Simple example"),
         ("InvokingGri", "Invocation"), ("X-Y", "X-Y Plots"), ("Commands", "Gri Commands")],
        start=1,
    )
)  # fmt: skip
GRI_TOP = (
    '<html><head><title>Gri: `assert\' command</title></head><body bgcolor="#FFFFFF">'
    '<a name="Assert" ></a><img src="./resources/top_banner.gif" alt="navigation map" '
    'usemap="#navigate_top" border="0"><table summary="top banner" border="0" cellspacing="0" '
    f'cellpadding="0"><tr><td width="150" valign="top"><font size=-1><br>Chapters:<br>\n'
    f'{GRI_CHAPTERS}<br>Indices:<br>&nbsp;&nbsp;<a href="ConceptIndex.html"><i>Concepts</i>'
    '</a><br></font><td width="500" valign="top"><map name="navigate_top">'
    '<area alt="index.html#Top" shape="rect" coords="5,2,218,24" href="index.html#Top"></map>'
    '<map name="navigate_bottom"><area alt="Cd" shape="rect" coords="1,2,3,4" href="Cd.html">'
)
GRI_BOTTOM = (
    '</table><img src="./resources/bottom_banner.gif" alt="navigation map" '
    'usemap="#navigate_bottom" border="0"></body></html>'
)


def test_a_gri_navigation_column_and_image_map_are_chrome_and_the_page_is_read() -> None:
    """gri's chapter list and its "navigation map" image label came into 179 of its pages; on
    its index pages the unclosed ``<map>`` hid the whole index (read as image-map chrome)."""
    command = (
        GRI_TOP + "</map><h3>9.3.1: `<code>assert</code>'</h3><p>The condition may be a "
        "variable, a synonym, or an RPN expression.</p>" + GRI_BOTTOM
    )
    index = (
        GRI_TOP.replace("<a name=", "<h1>Builtin index</h1><a name=")
        + "<ul><li>..arrowsize.., size of arrows<li>..batch.., flag used for batch mode"
        + "".join(f"<li>..variable{n}.., what built-in variable {n} holds" for n in range(9))
        + "</ul>"
        + GRI_BOTTOM
    )
    for source, page, wanted in (
        ("Assert.html", command, "The condition may be a variable"),
        ("BuiltinIndex.html", index, "..arrowsize.., size of arrows"),
    ):
        result = read_html(page, source_id=source)
        text = "\n".join(t for skill in result.skills for t in texts(skill))
        assert wanted in text
        assert "Chapters" not in text and "Introduction" not in text
        assert "navigation map" not in text
        assert not [b for s in result.skills for b in s.blocks if isinstance(b, Table)]
        assert result.inventory is not None  # verify-no-loss expects what the reader keeps
        module = SkillModule(skills=result.skills)
        assert source_losses(module, {source: result.inventory}) == []


def test_a_one_row_table_of_links_beside_a_short_cell_is_data_not_a_navigation_column() -> None:
    """Only a column beside the page is chrome: a one-row table whose other cell is a short
    label, and a many-row table of links, stay in the text."""
    links = "".join(f'<a href="p{n}.html">page number {n}</a><br>' for n in range(6))
    one_row = f"<table><tr><td>See:</td><td>{links}</td></tr></table>"
    row = '<tr><td><a href="p{0}.html">page {0}</a></td><td>x</td></tr>'
    rows = "".join(row.format(n) for n in range(6))
    page = f"<html><body><h1>T</h1><p>Intro.</p>{one_row}<table>{rows}</table></body></html>"
    (skill,) = read_html(page, source_id="t.html").skills
    text = "\n".join(texts(skill)) + str([b.rows for b in skill.blocks if isinstance(b, Table)])
    assert "page number 5" in text and "page 5" in text


#: The heads of Haddock's name index and of a hyperlinked source page (libghc-doctemplates-doc
#: 0.10.0.1); the source page was a skill of one 51k-token code block per module.
HADDOCK_INDEX_HEAD = (
    "<html><head><title>doctemplates-0.10.0.1: Pandoc-style document templates (Index)</title>"
    '<script src="haddock-bundle.min.js" async="async"></script></head><body>'
    '<div id="content"><div id="index"><p class="caption">Index</p><table>'
    '<tr><td class="src">applyPipe</td><td class="module">'
    '<a href="Text-DocTemplates-Internal.html#v:applyPipe">Text.DocTemplates.Internal</a>'
    "</td></tr></table></div></div></body></html>"
)
HADDOCK_SOURCE = (
    '<html><head><link rel="stylesheet" type="text/css" href="style.css" />'
    '<script type="text/javascript" src="highlight.js"></script></head><body><pre>'
    '<span class="hs-comment">{- |\n   Module      : Text.DocTemplates\n-}</span>\n'
    '<span class="hs-keyword">module</span> <span class="hs-identifier">Text.DocTemplates</span>'
    "</pre></body></html>"
)


def test_haddock_name_index_and_source_listings_are_skipped_with_fixed_reasons() -> None:
    from skillc.passes.select_skills import INDEX_REASON

    assert is_boilerplate_page("doc-index.html", HADDOCK_INDEX_HEAD) == INDEX_REASON
    assert is_boilerplate_page("doc-index-A.html", HADDOCK_INDEX_HEAD) == INDEX_REASON
    assert is_boilerplate_page("src/Text.DocTemplates.html", HADDOCK_SOURCE).startswith(
        "haddock hyperlinked source listing"
    )
    # A module page (and a page merely named like the index) is read.
    assert is_boilerplate_page("Text-DocTemplates.html", HADDOCK_MODULE) == ""
    plain = "<html><body><h1>The doc index</h1><p>How we index docs.</p></body></html>"
    assert is_boilerplate_page("doc-index.html", plain) == ""


#: rustdoc's source view of a file and an item page, as cargo-doc 0.66 (Debian) writes them.
RUSTDOC_HEAD = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="generator" content="rustdoc"><title>{title}</title></head>'
)
RUSTDOC_SOURCE = RUSTDOC_HEAD.format(title="lib.rs - source") + (
    '<body class="rustdoc source"><div class="example-wrap"><pre class="line-numbers">'
    '<span id="1">1</span></pre><pre class="rust"><code><span class="kw">use</span> '
    "proc_macro::TokenStream;</code></pre></div></body></html>"
)
RUSTDOC_ITEM = RUSTDOC_HEAD.format(title="Enum syn::Expr") + (
    '<body class="rustdoc enum"><main><h1 class="fqn"><span class="in-band">Enum '
    '<a href="index.html">syn</a>::<wbr><a class="enum" href="#">Expr</a></span></h1>'
    "<p>A Rust expression, as in <code>a +<wbr>b</code>.</p></main></body></html>"
)


def test_rustdoc_source_views_and_item_lists_are_skipped_and_item_pages_are_read() -> None:
    assert is_boilerplate_page("src/syn/lib.rs.html", RUSTDOC_SOURCE).startswith(
        "rustdoc source view"
    )
    newer = RUSTDOC_SOURCE.replace("rustdoc source", "rustdoc src")  # Rust 1.72 and later
    assert is_boilerplate_page("src/syn/lib.rs.html", newer).startswith("rustdoc source view")
    assert is_boilerplate_page("syn/enum.Expr.html", RUSTDOC_ITEM) == ""
    all_items = RUSTDOC_ITEM.replace("Enum syn::Expr", "List of all items in this crate")
    assert is_boilerplate_page("syn/all.html", all_items) == "index (navigation)"
    # What follows a <wbr> (which libxml2's HTML parser nests it in) is read: the item's name.
    read = read_html(RUSTDOC_ITEM, source_id="syn/enum.Expr.html").skills[0]
    headings = [b.text for b in read.blocks if isinstance(b, Heading)]
    assert headings[0] == "Enum [syn](index.html)::Expr"
    assert "`a +b`" in " ".join(b.text for b in read.blocks if isinstance(b, Prose))
    # Another generator's page that happens to have "source" in its body class is read.
    other = RUSTDOC_SOURCE.replace('content="rustdoc"', 'content="Sphinx"')
    assert is_boilerplate_page("src/lib.rs.html", other) == ""


def test_link_lists_side_by_side_in_a_one_row_table_are_the_pages_own() -> None:
    """sqlite's Tcl page lists its 40 methods in a one-row table of three link lists: the first
    column was taken for a navigation column and dropped."""
    columns = "".join(
        "<td><ul>"
        + "".join(f'<li><a href="#{k}{n}">{k}method{n}</a></li>' for n in range(size))
        + "</ul></td>"
        for k, size in (("a", 6), ("b", 7), ("c", 7))  # the first column the shortest
    )
    page = (
        "<html><body><h1>Tcl interface</h1><p>There are 18 methods.</p>"
        f"<table border=0 width='100%'><tr>{columns}</tr></table></body></html>"
    )
    (skill,) = read_html(page, source_id="tclsqlite.html").skills
    cells = [c for b in skill.blocks if isinstance(b, Table) for row in b.rows for c in row]
    text = "\n".join(texts(skill) + cells)
    assert all(f"{k}method5" in text for k in "abc"), text


def test_a_haddock_page_keeps_its_signatures_without_menu_source_links_or_synopsis() -> None:
    """``html_cases/haddock_parser.html`` is verbatim Haddock 2.25.1 output (Debian's
    libghc-doctemplates-doc 0.10.0.1-1; doctemplates is BSD-3-Clause, (C) John MacFarlane).
    Its package header (caption and a Source/Contents/Index menu), a "Source" link after
    every declaration and the folded Synopsis (every signature again) reached the skill as
    "- Source - Contents - Index", "... Template a)) Source" and a second copy of each
    signature."""
    page = (Path(__file__).parent / "html_cases" / "haddock_parser.html").read_text()
    skill = read_html(page, source_id="Text-DocTemplates-Parser.html").skills[0]
    kept = [b for b in skill.blocks if b.placement is not Placement.REMOVED]
    text = "\n".join(texts(replace(skill, blocks=tuple(kept))))
    assert "Contents" not in text and "Index" not in text
    assert "Source" not in text and "Synopsis" not in text
    signature = [line for line in text.splitlines() if line.startswith("compileTemplate ::")]
    assert len(signature) == 1, text  # the declaration, once
    assert signature[0].rstrip().endswith("#t:Template) a))")  # no "Source" after it
    assert "Compile a template." in text


def test_an_rdoc_class_page_keeps_its_section_headings_without_toggle_advice() -> None:
    """``html_cases/rdoc_cursor.html`` is verbatim RDoc (darkfish) output from Debian's
    asciidoctor-doc 2.0.18-2 (asciidoctor is MIT). Its sections are headed by a ``<header>``
    holding an ``<h3>`` ("Attributes", "Public Instance Methods"), which was dropped as a site
    header, every method said "click to toggle source", and each method's name and arguments
    (``div.method-heading``) was a paragraph, not the heading of its sub-section."""
    page = (Path(__file__).parent / "html_cases" / "rdoc_cursor.html").read_text()
    skill = read_html(page, source_id="Asciidoctor/Reader/Cursor.html").skills[0]
    headings = [b.text for b in skill.blocks if isinstance(b, Heading)]
    assert headings[0] == "class Asciidoctor::Reader::Cursor"
    assert {"Attributes", "Public Class Methods", "Public Instance Methods"} <= set(headings)
    assert "Home" not in headings and "Methods" not in headings  # the navigation column
    assert not any("toggle source" in text for text in texts(skill))
    assert any("@lineno += num" in b.text for b in skill.blocks if isinstance(b, Code))
    methods = [(b.level, b.text) for b in skill.blocks if isinstance(b, Heading) and b.level == 4]
    assert (4, "advance(num)") in methods and (4, "dir\\[R\\]") in methods, methods


def test_rdoc_names_no_project_by_its_default_title_and_its_contents_page_is_an_index() -> None:
    """Without ``--title`` RDoc titles every page "... - RDoc Documentation": every skill of
    Debian's asciidoctor-doc was named ``rdoc-...``, and its table_of_contents.html (every
    class and method, linked) became a skill."""
    from skillc.compiler.frontends.html.reader import INDEX_REASON
    from skillc.compiler.library_name import sphinx_html_name

    head = '<html><head><title>RDoc Documentation</title><script>var rdoc_rel_prefix = "./";'
    assert sphinx_html_name(head) == ""
    assert sphinx_html_name("<title>RDoc Documentation</title>") == "RDoc"  # not RDoc's page
    assert is_boilerplate_page("table_of_contents.html", head) == INDEX_REASON
    assert is_boilerplate_page("table_of_contents.html", "<title>Contents</title>") == ""


#: Werkzeug's simplewiki example (Debian's python-werkzeug-doc): a Genshi template.
GENSHI_TEMPLATE = """<?python
  page_action = 'log'
?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude"
      xmlns:py="http://genshi.edgewall.org/"><xi:include href="layout.html" />
  <body><py:if test="not error">
    <h1>Diff for <a href="${href(page.name)}">${page.title}</a></h1>
  </py:if></body>
</html>
"""
#: A Chameleon (Zope TAL) page template and a Mako one.
TAL_TEMPLATE = (
    '<html xmlns:tal="http://xml.zope.org/namespaces/tal">'
    '<body><h1 tal:content="context/title">Title</h1></body></html>'
)
MAKO_TEMPLATE = '<%inherit file="base.html"/>\n<h1>${title}</h1>\n<p>${body}</p>\n'
#: A rendered page about Genshi: its syntax is shown in code, its namespace not declared.
PAGE_ABOUT_GENSHI = (
    "<html><head><title>Genshi templates</title></head><body><h1>Genshi</h1>"
    '<p>Declare <code>xmlns:py="http://genshi.edgewall.org/"</code> on the root.</p>'
    "</body></html>"
)


def test_genshi_tal_and_mako_templates_are_skipped_too() -> None:
    for name, text in [
        ("examples/simplewiki/templates/action_diff.html", GENSHI_TEMPLATE),
        ("templates/page.pt.html", TAL_TEMPLATE),
        ("templates/index.html", MAKO_TEMPLATE),
    ]:
        assert "template" in is_boilerplate_page(name, text), name
    assert is_boilerplate_page("genshi.html", PAGE_ABOUT_GENSHI) == ""


def test_a_placeholder_title_is_no_title() -> None:
    """Sphinx titles a page that has none ``<no title>`` (celery's contributing.html, in
    Debian's python-celery-doc): it became a trigger ("Use when the task involves glossary or
    no title") and a reference file's heading. The page is named by its file instead."""
    page = (
        "<html><head><title>&lt;no title&gt; — Celery 5.2.6 documentation</title></head>"
        '<body><div role="main"><p>This document describes the current stable version.</p>'
        "<p>Be considerate, be respectful.</p></div></body></html>"
    )
    (skill,) = read_html(page, source_id="contributing.html").skills
    assert "no title" not in skill.skill_name, skill.skill_name
    assert not any("no title" in trigger for trigger in skill.triggers), skill.triggers


@pytest.mark.parametrize("title", [")", "}", "— · —", "&lt;no title&gt;"])
def test_a_title_without_a_letter_or_digit_is_no_title(title: str) -> None:
    """Debian's python-black-doc (Markdown rendered as reStructuredText) titles pages ")" and
    "}": runs were described as "Covers }, integrations-github_actions and ..."."""
    page = (
        f"<html><head><title>{title} &#8212; Black 23.1.0 documentation</title></head>"
        '<body><div role="main"><p>You can use Black within a GitHub Actions workflow.</p>'
        "</div></body></html>"
    )
    (skill,) = read_html(page, source_id="integrations/github_actions.html").skills
    assert skill.skill_name and any(c.isalnum() for c in skill.skill_name), skill.skill_name
    assert "github" in skill.skill_name.lower(), skill.skill_name


def test_an_h1_without_a_letter_or_digit_does_not_name_the_page() -> None:
    page = (
        "<html><head><title>Editors &#8212; Black 23.1.0 documentation</title></head>"
        '<body><div role="main"><p>Options for integrating Black with your editor.</p>'
        '<section id="id19"><h1>}</h1><p>More.</p></section></div></body></html>'
    )
    (skill,) = read_html(page, source_id="integrations/editors.html").skills
    assert skill.skill_name == "Editors"
