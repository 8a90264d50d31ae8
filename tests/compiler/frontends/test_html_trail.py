"""The HTML frontend records where a page sits in its manual: the pages its breadcrumbs name.

Inputs: python-doc's Sphinx pages (``make corpora``), whose related bar names each page's
chapter, and a Read the Docs theme page (``html_cases/rtd_breadcrumbs.html``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.frontends.html.reader import read_html

CASES = Path(__file__).parent / "html_cases"
PYTHON_DOC = Path(__file__).resolve().parents[3] / "corpora/guides/python-doc/src/html"


def _read(path: Path, source_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not path.is_file():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    result = read_html(path.read_text(encoding="utf-8"), source_id=source_id)
    return result.trail, result.trail_titles


def test_a_sphinx_page_names_its_chapter_and_part_resolved_from_its_folder() -> None:
    trail, titles = _read(PYTHON_DOC / "library/string.html", "library/string.html")
    assert trail == ("library/index.html", "library/text.html")
    assert titles == ("The Python Standard Library", "Text Processing Services")


def test_a_deeper_sphinx_page_names_every_level_and_not_itself() -> None:
    trail, _ = _read(PYTHON_DOC / "library/asyncio-task.html", "library/asyncio-task.html")
    assert trail[:2] == ("library/index.html", "library/ipc.html")
    assert trail[-1] == "library/asyncio.html" and "library/asyncio-task.html" not in trail


def test_a_page_at_the_top_of_the_manual_has_no_trail() -> None:
    assert _read(PYTHON_DOC / "glossary.html", "glossary.html") == ((), ())


def test_theme_breadcrumbs_resolve_folders_and_drop_the_edit_link() -> None:
    trail, titles = _read(CASES / "rtd_breadcrumbs.html", "guide/writing.html")
    assert trail == ("index.html", "guide/index.html", "guide/handlers/index.html")
    assert titles == ("", "User Guide", "Handlers")


def test_the_view_source_link_beside_the_breadcrumbs_is_no_ancestor() -> None:
    # Read the Docs' theme as Debian's python-factory-boy-doc has it: the link to the page's
    # source sits in the bar's aside; read as an ancestor, it made a part "View page source".
    page = (CASES / "rtd_breadcrumbs.html").read_text(encoding="utf-8")
    page = page.replace(
        'href="https://example.org/edit/guide/writing.rst">Edit on GitHub',
        'href="../_sources/guide/writing.rst.txt" rel="nofollow"> View page source',
    )
    assert "_sources" in page
    result = read_html(page, source_id="guide/writing.html")
    assert result.trail == ("index.html", "guide/index.html", "guide/handlers/index.html")


#: MkDocs' default theme (Bootstrap 4; Debian's mkdocs-doc, MkDocs' own manual): its navbar
#: is a list of ``li.nav-item`` like Sphinx's related bar, and holds Previous and Next links.
MKDOCS_NAVBAR = """\
<html><head><title>Command Line Interface - MkDocs</title></head><body>
<div class="navbar"><ul class="nav navbar-nav ml-auto">
<li class="nav-item"><a href="#" class="nav-link" data-toggle="modal">Search</a></li>
<li class="nav-item"><a rel="prev" href="configuration.html" class="nav-link">
  <i class="fa fa-arrow-left"></i> Previous</a></li>
<li class="nav-item"><a rel="next" href="deploying-your-docs.html" class="nav-link">
  Next <i class="fa fa-arrow-right"></i></a></li>
<li class="nav-item"><a href="../about/license.html" class="nav-link">License</a></li>
</ul></div>
<div class="col-md-9" role="main"><h1>Command Line Interface</h1><p>Run mkdocs.</p></div>
</body></html>
"""


def test_a_bootstrap_navbar_is_no_breadcrumbs() -> None:
    """Read as Sphinx's related bar, MkDocs' navbar put each page under its Previous and
    Next neighbours, and the catalogue's parts were titled "Previous" and "Next"."""
    result = read_html(MKDOCS_NAVBAR, source_id="user-guide/cli.html")
    assert (result.trail, result.trail_titles) == ((), ())


#: Python-Markdown's MkDocs theme (Debian's python-markdown-doc 3.4.1), in Sphinx's classic
#: look: a related bar whose root alone is numbered (``nav-item-0``); the levels below it are
#: ``nav-item`` items, a section of the site's navigation without a page among them, and the
#: page itself last.
NATURE_RELATED = """\
<html><head><title>Tables &#8212; Python-Markdown 3.4.1 documentation</title></head><body>
<div class="related" role="navigation"><h3>Navigation</h3><ul>
<li class="right"><a href="../sitemap.html" title="Sitemap" accesskey="I">index</a></li>
<li class="right"><a href="wikilinks.html" title="WikiLinks" accesskey="N">next</a> |</li>
<li class="nav-item nav-item-0"><a href="../index.html">Python-Markdown 3.4.1 documentation</a>
 &#187;</li>
<li class="nav-item">Officially Supported Extensions &#187; </li>
<li class="nav-item"><a href="tables.html">Tables</a> &#187; </li>
</ul></div>
<div class="body" role="main"><h1>Tables</h1><p>The Tables extension adds tables.</p></div>
</body></html>
"""


def test_a_related_bar_that_numbers_only_its_root_names_the_levels_below_it() -> None:
    """Only ``nav-item-0`` was read: every page of Python-Markdown's manual had the front
    page alone above it, and its 18 extension pages were folded in the order of their files
    with the change log, the contributing guide and the authors."""
    result = read_html(NATURE_RELATED, source_id="extensions/tables.html")
    assert result.trail == ("index.html", "index.html#Officially Supported Extensions")
    assert result.trail_titles == (
        "Python-Markdown 3.4.1 documentation",
        "Officially Supported Extensions",
    )


def test_a_linked_level_below_a_numbered_root_is_a_page_of_the_trail() -> None:
    page = NATURE_RELATED.replace(
        "Officially Supported Extensions &#187;",
        '<a href="index.html">Extensions</a> &#187;',
    )
    result = read_html(page, source_id="extensions/tables.html")
    assert result.trail == ("index.html", "extensions/index.html")


def test_a_javadoc_class_page_sits_under_its_package_page() -> None:
    """Javadoc writes no breadcrumbs, only the class's package, linked after a "Package"
    label: without it, Debian's libcommons-pool-java-doc's classes were grouped by folder,
    their parts named "org apache commons pool impl"."""
    for label in ("packageLabelInType", "package-label-in-type"):  # JDK 11, JDK 17
        page = (
            "<html><head><title>GenericObjectPool (Pool)</title></head><body><main>"
            f'<div class="subTitle"><span class="{label}">Package</span>&nbsp;'
            '<a href="package-summary.html">org.apache.commons.pool.impl</a></div>'
            "<h2>Class GenericObjectPool</h2><p>A configurable pool.</p></main></body></html>"
        )
        result = read_html(page, source_id="org/apache/pool/impl/GenericObjectPool.html")
        assert result.trail == ("org/apache/pool/impl/package-summary.html",)
        assert result.trail_titles == ("org.apache.commons.pool.impl",)


def test_the_navbar_dropdown_holding_the_page_is_its_section() -> None:
    """MkDocs' default theme has no breadcrumbs: its navbar's dropdown menus are the site's
    sections. MkDocs' own manual was grouped by folder ("MkDocs user-guide: ...")."""
    menu = """<ul class="nav navbar-nav">
<li class="navitem"><a href="../index.html" class="nav-link">Home</a></li>
<li class="dropdown active"><a href="#" class="nav-link dropdown-toggle">User Guide
 <b class="caret"></b></a><ul class="dropdown-menu">
<li><a href="index.html" class="dropdown-item">User Guide</a></li>
<li><a href="cli.html" class="dropdown-item active">Command Line Interface</a></li></ul></li>
<li class="dropdown"><a href="#" class="nav-link dropdown-toggle">About</a>
<ul class="dropdown-menu"><li><a href="../about/license.html" class="dropdown-item">License</a>
</li></ul></li></ul>"""
    page = MKDOCS_NAVBAR.replace('<div class="navbar">', f'<div class="navbar">{menu}')
    result = read_html(page, source_id="user-guide/cli.html")
    assert (result.trail, result.trail_titles) == (("#User Guide",), ("User Guide",))
    linked = page.replace(
        'href="#" class="nav-link dropdown-toggle">User',
        'href="index.html" class="nav-link dropdown-toggle">User',
    )
    assert read_html(linked, source_id="user-guide/cli.html").trail == ("user-guide/index.html",)
    not_active = page.replace("dropdown-item active", "dropdown-item")
    assert read_html(not_active, source_id="user-guide/cli.html").trail == ()
