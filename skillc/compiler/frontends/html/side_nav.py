"""The site navigation the Read the Docs theme prints beside every page: ``div.wy-menu-vertical``.

Why: the order of a manual's pages is its authors' (install, first steps, then the details), not
the alphabetical order of its files. A Sphinx page that holds a toctree shows it in its body
(`html.sphinx_toctree`), but MkDocs writes no toctree into a body, and a Sphinx toctree marked
``:hidden:`` shows none: the site's navigation is then only in the sidebar. Debian's
python-typer-doc (MkDocs, readthedocs theme, 61 pages) was read in the order of its files:
"Alternatives", "Development", "Features", "Help Typer", then the tutorial from "About Path".
The sidebar lists every page in the manual's order, under its captions ("Tutorial - User
Guide") and its sections that have no page of their own (``CLI Arguments``, a link to ``#``
above the list of its pages).

What is read, from a page without breadcrumbs of its own (the front page): the sidebar's captions
(``p.caption``) and lists in order, a caption naming the one list after it (MkDocs gives each page
outside a caption's list a list of its own). Each linked item that names a page of the build is an
entry of the group its caption names; a page's nested items (its subpages, its sections, which are
the page again) follow it in the same group; a section without a page (its link goes nowhere) forms
a group of its own, named by its text, as a toctree's caption would be. Read as toctrees
(`skillc.compiler.frontends.guide.toctree.Toctree`), they give each page its place in the reading
order (`skillc.compiler.toctree_trails`); a page's breadcrumbs still name its chapter. A sidebar
naming fewer than `MIN_PAGES` pages is no manual's navigation, and one that does not name the page
it is on (the search page's, the general index's) is not read: every page shows the same menu, and
the search page, read first, became the root of the manual.

Cost: a text test, then one lxml parse of the pages that show the menu and have no trail.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree, group_name
from skillc.compiler.frontends.html.content import classes, parse, tag_of
from skillc.compiler.frontends.html.trail import resolved, shown_text

#: The Read the Docs theme's class on the sidebar's menu (Sphinx's theme and MkDocs' own).
MENU = "wy-menu-vertical"
#: A sidebar names at least this many pages of the build.
MIN_PAGES = 3


def side_nav_toctrees(text: str, source_id: str, pages: Collection[str]) -> list[Toctree]:
    """The groups of the sidebar menu of the HTML page ``text`` (id ``source_id``) as
    toctrees in the menu's order, entries as ``/``-rooted ids of ``pages`` (the build's);
    ``[]`` for a page without one."""
    if MENU not in text:
        return []
    root = parse(text)
    if root is None:
        return []
    menu = next((e for e in root.iter("div", "nav") if MENU in classes(e)), None)
    if menu is None:
        return []
    nav = _Nav(posixpath.dirname(source_id), source_id, pages)
    caption = ""
    for child in menu:
        tag = tag_of(child)
        if tag == "p" and "caption" in classes(child):
            caption = group_name(shown_text(child))
        elif tag in ("ul", "ol"):
            nav.read(child, caption)
            caption = ""  # a caption heads the one list after it: the next is a page's own
    if not nav.lists_itself or len(nav.entries) < MIN_PAGES:
        return []
    return nav.toctrees()


@dataclass
class _Nav:
    """The menu's entries as they are read: (group, page id), each page once."""

    here: str
    own: str
    pages: Collection[str]
    entries: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    #: Whether the menu names the page it is read from: a page of the manual (a front page,
    #: a page under a hidden toctree), not the search page or the general index, which show
    #: the same menu but are in no place of it.
    lists_itself: bool = False

    def read(self, listing: Any, group: str) -> None:
        """Add the pages of one list, its items' nested lists after each item."""
        for item in listing:
            if tag_of(item) != "li":
                continue
            link = next((c for c in item if tag_of(c) == "a"), None)
            target = resolved(self.here, str(link.get("href", ""))) if link is not None else ""
            nested = [c for c in item if tag_of(c) in ("ul", "ol")]
            within = group
            if target:
                self._add(group, target)
            elif nested:  # a section without a page: a group of its own
                own = " ".join((item.text or "").split())
                label = shown_text(link) if link is not None else own
                within = group_name(label) or group
            for inner in nested:
                self.read(inner, within)

    def _add(self, group: str, page: str) -> None:
        self.lists_itself = self.lists_itself or page == self.own
        if page != self.own and page in self.pages and page not in self.seen:
            self.seen.add(page)
            self.entries.append((group, page))

    def toctrees(self) -> list[Toctree]:
        """The entries as toctrees, one per run of entries in one group."""
        runs: list[tuple[str, list[str]]] = []
        for group, page in self.entries:
            if not runs or runs[-1][0] != group:
                runs.append((group, []))
            runs[-1][1].append(f"/{page}")
        return [Toctree(entries=tuple(entries), caption=group) for group, entries in runs]
