"""Where a page sits in its manual: the pages its breadcrumbs name, from the top down.

Why: a manual's own structure is the best grouping of its pages into chapters ("Text
Processing Services" holds ``string``, ``re``, ``difflib`` ...), far better than the
alphabetical order of the files of a folder. The structure is a toctree on the index pages,
but every page of a Sphinx (or Read the Docs, pydata, MkDocs material) build repeats its own
line of it, the breadcrumbs: ``The Python Standard Library >> Text Processing Services``.
Reading that line page by page keeps the frontend's one-page-at-a-time contract (the pages
are read in parallel and cached one by one), and the group-pages pass assembles the tree from
it (`skillc.ir.nodes.Source.trail`).

What is read: Sphinx's related bar (``li.nav-item-1``, ``li.nav-item-2`` ..., the page itself
``nav-item-this`` excluded), else the links of the first element whose class names
breadcrumbs (``wy-breadcrumbs``, ``bd-breadcrumbs``, ``breadcrumb``). Each link is resolved
against the page's path; links that leave the build (absolute URLs, ``../`` above the input
root) and the page itself are dropped, and each page is named once, in order.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from lxml import etree

#: Sphinx's related bar: one item per ancestor, numbered from the top (nav-item-0 is the root).
#: The number is what tells it from Bootstrap's ``li.nav-item`` (MkDocs' default theme: its
#: navbar's "Previous" and "Next" links, read as breadcrumbs, put each page of MkDocs' own
#: manual under its neighbours and titled the catalogue's parts "Previous" and "Next").
#: The cheap test first: every ``<li>`` of the page is tested, and most have no class. Asked of
#: the root element: ``descendant-or-self::li[...]`` rather than ``//li[...]``, which libxml2
#: reads as every node's children, a node set of the whole page built before the test (40 % of
#: the time on python-doc's pages).
_NAV_ITEMS = etree.XPath(
    "descendant-or-self::li[contains(@class, 'nav-item-')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' nav-item ')]"
    "[not(contains(@class, 'nav-item-this'))]"
    "/a[@href][not(@rel = 'prev' or @rel = 'next')]"
)
#: Other themes' breadcrumbs (Read the Docs, pydata, MkDocs material, Bootstrap). Asked of
#: the root element as `_NAV_ITEMS` is (the same elements as ``//*``, without the node set of
#: the whole page), and of elements with a class first: half the time on SQLite's pages.
_CRUMBS = etree.XPath(
    "descendant-or-self::*[@class][self::ul or self::ol or self::nav or self::div]"
    "[contains(translate(@class, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')]"
)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def trail(root: Any, source_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source ids of the pages above ``source_id`` in its manual, top first, and the
    title each link shows; ``root`` is the page's root element."""
    links = _NAV_ITEMS(root)
    if not links:
        found = _CRUMBS(root)
        links = found[0].iterfind(".//a[@href]") if found else []
    here = posixpath.dirname(source_id.replace("\\", "/"))
    seen: dict[str, str] = {}
    for link in links:
        target = resolved(here, str(link.get("href", "")))
        if target and target != source_id:
            seen.setdefault(target, " ".join("".join(link.itertext()).split()))
    return tuple(seen), tuple(seen.values())


def resolved(here: str, href: str) -> str:
    """``href`` as a path from the input root, or ``""`` when it leaves the build."""
    href = href.split("#", 1)[0].split("?", 1)[0].strip()
    if not href or _EXTERNAL.match(href):
        return ""
    if href.endswith("/"):  # a folder's page (MkDocs' directory URLs)
        href += "index.html"
    path = posixpath.normpath(posixpath.join(here, href))
    if path.startswith("..") or path.startswith("/"):
        return ""
    return path
