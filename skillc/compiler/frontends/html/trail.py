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

#: Sphinx's related bar: one item per ancestor, numbered from the top (nav-item-0 is the root).
#: The number is what tells it from Bootstrap's ``li.nav-item`` (MkDocs' default theme: its
#: navbar's "Previous" and "Next" links, read as breadcrumbs, put each page of MkDocs' own
#: manual under its neighbours and titled the catalogue's parts "Previous" and "Next").
_NAV_ITEM = "nav-item"
#: XPath's white space (``normalize-space``), which separates class tokens.
_XML_SPACE = re.compile("[ \t\r\n]+")
#: Other themes' breadcrumbs (Read the Docs, pydata, MkDocs material, Bootstrap): the first
#: list, ``<nav>`` or ``<div>`` whose class holds "breadcrumb" in any case of these letters.
_CRUMB_TAGS = ("ul", "ol", "nav", "div")
_CRUMB_CASE = str.maketrans("BREADCUM", "breadcum")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def trail(root: Any, source_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source ids of the pages above ``source_id`` in its manual, top first, and the
    title each link shows."""
    links: Any = _nav_items(root)
    if not links:
        found = _crumbs(root)
        links = found.iterfind(".//a[@href]") if found is not None else []
    here = posixpath.dirname(source_id.replace("\\", "/"))
    seen: dict[str, str] = {}
    for link in links:
        target = resolved(here, str(link.get("href", "")))
        if target and target != source_id:
            seen.setdefault(target, " ".join("".join(link.itertext()).split()))
    return tuple(seen), tuple(seen.values())


def _nav_items(root: Any) -> list[Any]:
    """The links of Sphinx's related bar, in document order: each ``<a href>`` (not
    ``rel="prev"`` or ``"next"``) in an ``li.nav-item`` whose class also holds ``nav-item-``
    (a number), but not ``nav-item-this``. The page's links are found by lxml (no proxy per
    element) and their items asked: an XPath ``//li[...]`` tested every element of the page
    and took as long as the rest of the trail."""
    links = []
    for link in root.getroottree().getroot().iter("a"):
        item = link.getparent()
        if item is None or item.tag != "li" or link.get("href") is None:
            continue
        value = item.get("class") or ""
        if "nav-item-" not in value or "nav-item-this" in value:
            continue
        if _NAV_ITEM in _XML_SPACE.split(value) and link.get("rel") not in ("prev", "next"):
            links.append(link)
    return links


def _crumbs(root: Any) -> Any | None:
    """The first element of a breadcrumbs bar (`_CRUMB_TAGS`), or ``None``."""
    for element in root.getroottree().getroot().iter(*_CRUMB_TAGS):
        if "breadcrumb" in (element.get("class") or "").translate(_CRUMB_CASE):
            return element
    return None


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
