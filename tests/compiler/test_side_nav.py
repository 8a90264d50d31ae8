"""A site in the Read the Docs theme as MkDocs writes it: every page shows the whole navigation
in its sidebar (``div.wy-menu-vertical``), and its breadcrumbs link only the front page, the
sections above the page being text ("Docs » Tutorial » CLI Arguments » Defaults").

Inputs: small sites written to a temporary folder in the markup of Debian's python-typer-doc
(MkDocs 1.4, readthedocs theme, directory URLs), read by the real HTML frontend and built
whole. Without the sidebar and the sections of the breadcrumbs, typer's 61 pages were folded
in the alphabetical order of their files.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from click.testing import CliRunner

from skillc import cli
from skillc.compiler.driver import read_sources
from skillc.compiler.frontends.html.side_nav import side_nav_toctrees
from skillc.compiler.frontends.html.trail import resolved
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Source

#: (folder of the page, title, caption above it, section above it); in the menu's order, which
#: is not the order of the folders.
PAGES = (
    ("", "Demo", "", ""),
    ("features", "Features", "", ""),
    ("tutorial", "Tutorial - Intro", "Tutorial", ""),
    ("tutorial/zfirst-steps", "First Steps", "Tutorial", ""),
    ("tutorial/arguments", "CLI Arguments Intro", "Tutorial", "CLI Arguments"),
    ("tutorial/arguments/optional", "Optional CLI Arguments", "Tutorial", "CLI Arguments"),
    ("tutorial/arguments/default", "CLI Arguments with Default", "Tutorial", "CLI Arguments"),
    ("tutorial/options", "CLI Options Intro", "Tutorial", "CLI Options"),
    ("tutorial/options/required", "Required CLI Options", "Tutorial", "CLI Options"),
    ("tutorial/options/prompt", "CLI Option Prompt", "Tutorial", "CLI Options"),
    ("tutorial/printing", "Printing and Colors", "Tutorial", ""),
    ("alternatives", "Alternatives", "", ""),
)


def _href(here: str, folder: str) -> str:
    """The directory URL from page folder ``here`` to ``folder`` ("." for the root from it)."""
    if folder == here:
        return "./" if here else "."
    relative = posixpath.relpath(folder or ".", here or ".")
    return relative if relative.endswith("..") or relative == "." else f"{relative}/"


def _menu(here: str) -> str:
    """The sidebar: captions, then lists; a section is a link to ``#`` above its pages."""
    html, caption, section = ['<div class="wy-menu wy-menu-vertical">'], None, ""
    for folder, title, page_caption, page_section in PAGES:
        if page_caption != caption:
            html.append("</ul>" * (caption is not None) + ("</ul></li>" if section else ""))
            if page_caption:
                html.append(
                    f'<p class="caption"><span class="caption-text">{page_caption}</span></p>'
                )
            html.append("<ul>")
            caption, section = page_caption, ""
        if page_section != section:
            html.append("</ul></li>" if section else "")
            if page_section:
                html.append(f'<li class="toctree-l1"><a href="#">{page_section}</a><ul>')
            section = page_section
        level = 2 if page_section else 1
        href = _href(here, folder)
        html.append(f'<li class="toctree-l{level}"><a class="reference internal" href="{href}">')
        html.append(f"{title}</a></li>")
    html.append(("</ul></li>" if section else "") + "</ul></div>")
    return "\n".join(html)


def _crumbs(here: str, caption: str, section: str, title: str) -> str:
    home = _href(here, "")
    items = [f'<li><a href="{home}" class="icon icon-home" alt="Docs"></a> &raquo;</li>']
    items += [f"<li>{above} &raquo;</li>" for above in (caption, section) if above]
    items.append(f"<li>{title}</li>")
    aside = '<li class="wy-breadcrumbs-aside"><a href="https://example.org/edit">Edit</a></li>'
    return f'<ul class="wy-breadcrumbs">{"".join(items)}{aside}</ul>'


_VERBS = ("Using", "Testing", "Checking", "Naming", "Moving", "Sharing", "Saving", "Loading")
_VERBS += ("Reading", "Writing", "Logging", "Tracing", "Caching", "Packing", "Sorting")


def _page(folder: str, title: str, caption: str, section: str) -> str:
    name = title.split()[-1].lower()
    return (
        f"<html><head><title>{title} - Demo</title></head><body>"
        f'<nav class="wy-nav-side">{_menu(folder)}</nav>'
        f'<div role="navigation">{_crumbs(folder, caption, section, title)}</div>'
        f'<div role="main"><div class="section"><h1>{title}</h1>'
        f"<p>How {title.lower()} work in Demo.</p>"
        + "".join(  # enough sections that the whole site is more than one chapter
            f"<h2>{verb} {name}</h2><p>{verb} the {name} with <code>demo {verb.lower()}</code>.</p>"
            for verb in _VERBS
        )
        + "</div></div></body></html>"
    )


def _site(root: Path) -> Path:
    for folder, title, caption, section in PAGES:
        path = root / folder / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(folder, title, caption, section), encoding="utf-8")
    search = _page("", "Search", "", "").replace(
        '<li class="toctree-l1"><a class="reference internal" href=".">', '<li><a href="x">'
    )
    (root / "search.html").write_text(search, encoding="utf-8")
    return root


def _sources(root: Path) -> dict[str, Source]:
    module, _ = read_sources(collect([str(root)]))
    return {s.id: s for s in module.sources}


def test_folder_links_that_end_in_dots_name_the_folder_index() -> None:
    # MkDocs links the front page as "." from itself and "../../.." from three folders down;
    # read as a file, "." became a page above every page of python-typer-doc.
    assert resolved("tutorial/arguments/default", "../../..") == "index.html"
    assert resolved("", ".") == "index.html"
    assert resolved("tutorial/options", "..") == "tutorial/index.html"
    assert resolved("tutorial", "../features/") == "features/index.html"
    assert resolved("tutorial", "../../..") == ""  # above the input root


def test_unlinked_crumbs_above_the_page_are_its_sections(tmp_path: Path) -> None:
    sources = _sources(_site(tmp_path))
    page = sources["tutorial/arguments/default/index.html"]
    assert page.trail == (
        "index.html",
        "index.html#Tutorial",
        "index.html#Tutorial#CLI Arguments",
    )
    assert page.trail_titles == ("", "Tutorial", "CLI Arguments")
    assert sources["features/index.html"].trail == ("index.html",)  # not its own title
    assert sources["index.html"].trail == ()  # the front page: its home link is itself


def test_the_sidebar_gives_the_reading_order_not_the_files(tmp_path: Path) -> None:
    sources = _sources(_site(tmp_path))
    pages = [f"{folder}/index.html".lstrip("/") for folder, *_ in PAGES]
    assert sorted(pages) != pages
    assert sorted(pages, key=lambda p: sources[p].position) == pages


def test_a_page_the_menu_does_not_list_declares_no_toctrees(tmp_path: Path) -> None:
    # The search page shows the same menu; read first, it became the root of every page.
    root = _site(tmp_path)
    ids = {str(p.relative_to(root)) for p in root.rglob("*.html")}
    search = (root / "search.html").read_text(encoding="utf-8")
    assert side_nav_toctrees(search, "search.html", ids) == []
    front = side_nav_toctrees((root / "index.html").read_text(encoding="utf-8"), "index.html", ids)
    captions = [t.caption for t in front]
    assert captions == ["", "Tutorial", "CLI Arguments", "CLI Options", "Tutorial", ""]
    assert front[2].entries == (
        "/tutorial/arguments/index.html",
        "/tutorial/arguments/optional/index.html",
        "/tutorial/arguments/default/index.html",
    )


def test_each_section_of_the_menu_is_a_skill(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli.main,
        ["build", str(site), "-o", str(out), "-q", "--group", "chapter", "--name-prefix", "demo"],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir() if (p / "SKILL.md").is_file())
    assert "demo-cli-arguments" in names and "demo-cli-options" in names, names
    arguments = (out / "demo-cli-arguments" / "SKILL.md").read_text(encoding="utf-8")
    listed = arguments.split("\n- [", 1)[1]  # the contents lines, after the description
    order = [listed.index(t) for t in ("Arguments Intro", "Optional CLI", "with Default")]
    assert order == sorted(order)  # the menu's order within the chapter
