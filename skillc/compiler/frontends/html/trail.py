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
``nav-item-this`` excluded), else the items of the first element whose class names
breadcrumbs (``wy-breadcrumbs``, ``bd-breadcrumbs``, ``breadcrumb``). Each link is resolved
against the page's path; links that leave the build (absolute URLs, ``../`` above the input
root) and the page itself are dropped, and each page is named once, in order. An item without
a link above the page's own is a section of the site's navigation that has no page (MkDocs'
readthedocs theme: "Docs » Tutorial - User Guide » CLI Arguments » CLI Arguments with
Default", only "Docs" linked): it is a group node named ``<node above>#<its text>``, as a
toctree's caption is (`skillc.compiler.toctree_trails`), which no source id can be. Without
them, every page of Debian's python-typer-doc had the front page alone above it, and its 61
pages were folded in the order of their files: runs such as "Alternatives, Development,
Features, Help Typer, Typer, About Path, CLI Arguments with Default ...".
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
    here = posixpath.dirname(source_id.replace("\\", "/"))
    links, items = _nav_items(root)
    if links:
        nodes = [_linked(link, here) for link in links]
        nodes += _item_nodes(_unnumbered_after(items), here, nodes)
    else:
        found = _crumbs(root)
        nodes = _crumb_nodes(found, here) if found is not None else _package(root, here)
        if not nodes:
            nodes = _dropdown(root, here)
    seen: dict[str, str] = {}
    for target, title in nodes:
        if target and target != source_id:
            seen.setdefault(target, title)
    return tuple(seen), tuple(seen.values())


def _linked(link: Any, here: str) -> tuple[str, str]:
    """The page ``link`` names (`resolved`) and the text it shows."""
    return resolved(here, str(link.get("href", ""))), shown_text(link)


def shown_text(element: Any) -> str:
    """``element``'s text on one line, as a link or a list item shows it."""
    return " ".join("".join(element.itertext()).split())


def _nav_items(root: Any) -> tuple[list[Any], list[Any]]:
    """The links of Sphinx's related bar (`_NAV_ITEMS`), in document order, and its numbered
    items.

    Why not the XPath: lxml finds the ``<li>`` elements in C, and a Python test of their class
    costs less than libxml2's evaluation of the XPath over every node of the page (python-doc,
    530 pages: 0.13 s against 0.16 s). A bar's item inside another's (never seen) would put the
    outer item's links first, not in document order: that page is asked of the XPath."""
    items = [li for li in root.iter("li") if _nav_item(li.get("class"))]
    if any(a in items for li in items[1:] for a in li.iterancestors("li")):
        return list(_NAV_ITEMS(root)), items
    links = [
        a
        for li in items
        for a in li.iterchildren("a")
        if a.get("href") is not None and a.get("rel") not in ("prev", "next")
    ]
    return links, items


def _unnumbered_after(items: list[Any]) -> list[Any]:
    """The related bar's items after its last numbered one that carry the class ``nav-item``
    without a number: the levels below the root in a theme that numbers only the root
    (Python-Markdown's MkDocs theme: ``nav-item-0`` "Python-Markdown documentation", then
    ``nav-item`` "Officially Supported Extensions", unlinked, then ``nav-item`` "Tables", the
    page). Sphinx numbers every level, and Bootstrap's unnumbered ``nav-item`` (MkDocs' default
    theme's navbar) never follows a numbered one in its list."""
    if not items:
        return []
    return [
        li
        for li in items[-1].itersiblings("li")
        if _unnumbered(_XML_SPACE.split(li.get("class") or ""))
    ]


def _unnumbered(classes: list[str]) -> bool:
    """Whether an item's classes hold ``nav-item`` and no ``nav-item-<n>`` (nor
    ``nav-item-this``, Sphinx's item for the page itself)."""
    return "nav-item" in classes and not any(c.startswith("nav-item-") for c in classes)


def _item_nodes(items: list[Any], here: str, above: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The nodes breadcrumbs ``items`` name below the nodes ``above``, top first: each item's
    first link, or, for an item without one above the last (the page's own), the group it
    names (`_group`), as ``<node above>#<its text>``: a toctree caption's form
    (`skillc.compiler.toctree_trails`), which no source id can be."""
    nodes: list[tuple[str, str]] = []
    for item in items[:-1]:
        link = next(item.iterfind(".//a[@href]"), None)
        if link is not None:
            nodes.append(_linked(link, here))
        elif label := _group(item):
            parent = (above + nodes)[-1][0] if above or nodes else ""
            nodes.append((f"{parent}#{label}", label))
    link = next(items[-1].iterfind(".//a[@href]"), None) if items else None
    if link is not None:  # a theme that links the page itself, or one with no item for it
        nodes.append(_linked(link, here))
    return nodes


def _nav_item(value: str | None) -> bool:
    """Whether a class attribute is that of a related bar's item (`_NAV_ITEMS`)."""
    if not value or "nav-item-" not in value or "nav-item-this" in value:
        return False
    return "nav-item" in _XML_SPACE.split(value)


#: The label Javadoc puts before a class page's link to its package (JDK 9 to 16, JDK 17 on).
_PACKAGE_LABELS = frozenset({"packageLabelInType", "package-label-in-type"})


def _package(root: Any, here: str) -> list[tuple[str, str]]:
    """The package page above a Javadoc class page: the link after its "Package" label
    (``<span class="packageLabelInType">Package</span> <a href="package-summary.html">``).
    Javadoc writes no breadcrumbs; without it the classes of Debian's libcommons-pool-java-doc
    were grouped by folder, their parts named "org apache commons pool impl"."""
    for label in root.iter("span"):
        if label.get("class") in _PACKAGE_LABELS:
            link = label.getnext()
            if link is not None and link.tag == "a" and link.get("href"):
                return [_linked(link, here)]
            break
    return []


def _dropdown(root: Any, here: str) -> list[tuple[str, str]]:
    """The section of the site's navbar whose menu holds the page (its item ``active``):
    MkDocs' default theme (Bootstrap) writes no breadcrumbs, only a navbar whose dropdown
    menus are the site's sections (``li.dropdown > a.dropdown-toggle "User Guide"``, then
    ``ul.dropdown-menu > li > a.dropdown-item``). Without it MkDocs' own manual (Debian's
    mkdocs-doc) was grouped by folder: "MkDocs user-guide: Configuration, ...". A toggle
    that links a page names that page; one that does not (``href="#"``) names a group."""
    for menu in root.iter("ul"):
        if "dropdown-menu" not in _XML_SPACE.split(menu.get("class") or ""):
            continue
        if not any(_is_active_item(a) for a in menu.iter("a")):
            continue
        holder = menu.getparent()
        toggle = None if holder is None else next(holder.iterchildren("a"), None)
        label = _label(toggle) if toggle is not None else ""
        if not label:
            return []
        page = resolved(here, str(toggle.get("href", "")))  # type: ignore[union-attr]
        return [(page, label)] if page else [(f"#{label}", label)]
    return []


def _is_active_item(link: Any) -> bool:
    classes = _XML_SPACE.split(link.get("class") or "")
    return "dropdown-item" in classes and "active" in classes


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


def _crumb_nodes(bar: Any, here: str) -> list[tuple[str, str]]:
    """The nodes a breadcrumbs bar names, top first, with their titles: each item's first
    link, or, for an item without one above the last (the page's own), the group it names
    (`_group`). A bar without list items: its links. Not those of its aside: Read the Docs'
    theme puts the page's actions there ("View page source", "Edit on GitHub"), and the link
    to ``_sources/index.rst.txt`` made factory_boy's front page a page of a part titled "View
    page source"."""
    items = [i for i in bar.iter("li") if not _is_aside(i) and not _in_aside(i, bar)]
    if not items:
        return [_linked(a, here) for a in bar.iterfind(".//a[@href]") if not _in_aside(a, bar)]
    return _item_nodes(items, here, [])


def _group(item: Any) -> str:
    """The section an item without a link names: its text without the separators around it
    (``»``, ``/``, ``>``); ``""`` for the page's own item (``active``) or one without words."""
    if "active" in (item.get("class") or "").split() or item.get("aria-current"):
        return ""
    return _label(item)


def _label(element: Any) -> str:
    """An element's text without the separators around it, or ``""`` when it has no word."""
    label = _SEPARATORS.sub("", shown_text(element))
    return label if _WORD.search(label) else ""


#: The separators a breadcrumbs item shows before or after its text.
_SEPARATORS = re.compile(r"^[\s»›>/|:·•\\-]+|[\s»›>/|:·•\\-]+$")
_WORD = re.compile(r"\w")


def _is_aside(element: Any) -> bool:
    return "aside" in (element.get("class") or "")


def _in_aside(link: Any, bar: Any) -> bool:
    for above in link.iterancestors():
        if above is bar:
            return False
        if _is_aside(above):
            return True
    return False


def resolved(here: str, href: str) -> str:
    """``href`` as a path from the input root, or ``""`` when it leaves the build."""
    href = href.split("#", 1)[0].split("?", 1)[0].strip()
    if not href or _EXTERNAL.match(href):
        return ""
    if href.endswith("/") or href.rpartition("/")[2] in (".", ".."):
        href += "/index.html"  # a folder's page (MkDocs' directory URLs: "./", "../../..")
    path = posixpath.normpath(posixpath.join(here, href))
    if path.startswith("..") or path.startswith("/"):
        return ""
    return path
