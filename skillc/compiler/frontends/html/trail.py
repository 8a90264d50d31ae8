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
from collections.abc import Iterable
from typing import Any

from lxml import etree

#: Sphinx's related bar: one item per ancestor, numbered from the top (nav-item-0 is the root).
#: The number is what tells it from Bootstrap's ``li.nav-item`` (MkDocs' default theme: its
#: navbar's "Previous" and "Next" links, read as breadcrumbs, put each page of MkDocs' own
#: manual under its neighbours and titled the catalogue's parts "Previous" and "Next").
#: Found by `_nav_items`, as the XPath ``descendant-or-self::li[contains(@class, 'nav-item-')]
#: [contains(concat(' ', normalize-space(@class), ' '), ' nav-item ')][not(contains(@class,
#: 'nav-item-this'))]/a[@href][not(@rel = 'prev' or @rel = 'next')]`` would, which is kept to
#: order the links of related bars nested in one another (`_nav_items`).
_NAV_ITEMS = etree.XPath(
    "descendant-or-self::li[contains(@class, 'nav-item-')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' nav-item ')]"
    "[not(contains(@class, 'nav-item-this'))]"
    "/a[@href][not(@rel = 'prev' or @rel = 'next')]"
)
#: Other themes' breadcrumbs (Read the Docs, pydata, MkDocs material, Bootstrap): a list, nav
#: or div whose class holds "breadcrumb" in any case of the letters (XPath's ``translate``).
_CRUMB_TAGS = ("ul", "ol", "nav", "div")
_CRUMB_CASE = str.maketrans("BREADCUM", "breadcum")
#: XPath's white space (``normalize-space``), which separates class tokens.
_XML_SPACE = re.compile("[ \t\r\n]+")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def trail(root: Any, source_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source ids of the pages above ``source_id`` in its manual, top first, and the
    title each link shows; ``root`` is the page's root element."""
    links: Iterable[Any] = _nav_items(root)
    if not links:
        found = _crumbs(root)
        links = _crumb_links(found) if found is not None else []
    here = posixpath.dirname(source_id.replace("\\", "/"))
    seen: dict[str, str] = {}
    for link in links:
        target = resolved(here, str(link.get("href", "")))
        if target and target != source_id:
            seen.setdefault(target, " ".join("".join(link.itertext()).split()))
    return tuple(seen), tuple(seen.values())


def _nav_items(root: Any) -> list[Any]:
    """The links of Sphinx's related bar (`_NAV_ITEMS`), in document order.

    Why not the XPath: lxml finds the ``<li>`` elements in C, and a Python test of their class
    costs less than libxml2's evaluation of the XPath over every node of the page (python-doc,
    530 pages: 0.13 s against 0.16 s). A bar's item inside another's (never seen) would put the
    outer item's links first, not in document order: that page is asked of the XPath."""
    items = [li for li in root.iter("li") if _nav_item(li.get("class"))]
    if any(a in items for li in items[1:] for a in li.iterancestors("li")):
        return list(_NAV_ITEMS(root))
    return [
        a
        for li in items
        for a in li.iterchildren("a")
        if a.get("href") is not None and a.get("rel") not in ("prev", "next")
    ]


def _nav_item(value: str | None) -> bool:
    """Whether a class attribute is that of a related bar's item (`_NAV_ITEMS`)."""
    if not value or "nav-item-" not in value or "nav-item-this" in value:
        return False
    return "nav-item" in _XML_SPACE.split(value)


def _crumbs(root: Any) -> Any | None:
    """The first list, nav or div whose class names breadcrumbs, in document order: the first
    element the XPath ``//*[self::ul or self::ol or self::nav or self::div][contains(translate(
    @class, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')]`` finds, five times faster (lxml finds
    the tags in C and the walk ends at the first; libxml2 translated every element's class)."""
    for element in root.iter(*_CRUMB_TAGS):
        value = element.get("class")
        if value and "breadcrumb" in value.translate(_CRUMB_CASE):
            return element
    return None


def _crumb_links(bar: Any) -> list[Any]:
    """The links of a breadcrumbs bar, but those of its aside: Read the Docs' theme puts the
    page's actions there ("View page source", "Edit on GitHub"), and the link to
    ``_sources/index.rst.txt`` made factory_boy's front page a page of a part titled "View
    page source"."""
    return [link for link in bar.iterfind(".//a[@href]") if not _in_aside(link, bar)]


def _in_aside(link: Any, bar: Any) -> bool:
    for above in link.iterancestors():
        if above is bar:
            return False
        if "aside" in (above.get("class") or ""):
            return True
    return False


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
