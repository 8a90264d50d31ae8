"""Parse an HTML page and find its content: the main element, the page chrome to skip, the title.

Why: a documentation page is a guide wrapped in a site template (menus, sidebars, search boxes,
breadcrumbs, "next/previous" panels, footers, scripts). The peers that keep the template glue
navigation into the guide's text. This module decides, per element, whether it belongs to the
guide, with rules for the generators skillc meets (Sphinx themes, mdBook, DocBook XSL, texinfo,
latex2html, MkDocs, hand-written sites such as sqlite.org) and generic fallbacks (ARIA roles,
``<main>``, ``<article>``, then ``<body>``).

Guarantees: `parse` never raises on text (an unparsable page yields ``None``); `main_content`
returns an element of the page; `chrome` is a pure function of one element (its tag and
attributes; for ``<header>`` whether it holds the page heading, for ``<table>`` and ``<td>``
whether they are a navigation panel or column), so the walker can skip a whole subtree without
looking inside it. Parsing uses lxml's libxml2 HTML parser with plain
elements (about 20 times faster than BeautifulSoup on the same pages, see DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml import etree

from skillc.compiler.frontends.html.tree import parse_deep, too_deep
from skillc.urls import is_web_url

#: Elements that are never guide text (scripts, forms, drawings, embedded objects). An image
#: map's ``<area>`` links are; the ``<map>`` is not, since what it holds is read: left
#: unclosed (gri's manual), it holds the rest of the page.
DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
        "form", "button", "input", "select", "textarea", "option", "nav", "link", "meta", "head",
        "title", "audio", "video", "area", "dialog", "footer", "frameset", "frame",
    }
)  # fmt: skip
#: Containers whose class says "site template". Matched as whole class tokens, on containers
#: only (a ``<span class="menu">`` may be a GUI label in the text).
CHROME_CLASSES = frozenset(
    {
        # Sphinx themes (basic, alabaster, classic, Read the Docs, furo, pydata, book)
        "sphinxsidebar", "sphinxsidebarwrapper", "related", "rst-footer-buttons", "wy-nav-side",
        "wy-nav-top", "wy-breadcrumbs", "breadcrumbs", "breadcrumb", "bd-sidebar",
        "bd-sidebar-primary", "bd-sidebar-secondary", "bd-header", "bd-footer", "sidebar-drawer",
        "toc-drawer", "related-pages", "prev-next-area", "prev-next-footer", "edit-this-page",
        "searchbox", "searchformwrapper", "header-article", "navbar", "navigation", "nav",
        # mdBook
        "menu-bar", "nav-wrapper", "nav-wide-wrapper", "nav-chapters", "mobile-nav-chapters",
        "sidebar-scrollbox", "sidebar-resize-handle", "theme-popup",
        # MkDocs (material, readthedocs)
        "md-header", "md-sidebar", "md-footer", "md-tabs", "md-search", "md-source",
        # DocBook XSL, texinfo, latex2html
        "navheader", "navfooter", "header", "nav-panel",
        # Doxygen (the header's member-kind links, the footer's path, the member index bar)
        "summary", "navpath", "memSeparator", "qindex", "ingroups",
        # hand-written sites (sqlite.org and the like)
        "menu", "mainmenu", "submenu", "searchmenu", "tagline", "logo", "skip-link", "topbar",
        "sitenav", "site-nav", "site-header", "site-footer", "searchbar", "search",
    }
)  # fmt: skip
#: Element ids that mark the same kinds of chrome.
CHROME_IDS = frozenset(
    {
        "sidebar", "searchbox", "search", "navigation", "nav", "navbar", "header", "footer",
        "menu", "menu-bar", "searchbar", "search-wrapper", "breadcrumbs", "site-nav",
        "searchmenu", "submenu", "toc_mk",
        # YUI grids' page header and footer (Django's documentation theme: its site title is
        # an <h1> in div#hd, above every page's own <h1>), and Django's global navigation
        "hd", "ft", "global-nav",
        # Doxygen
        "titlearea", "main-nav", "MSearchSelectWindow", "MSearchResultsWindow", "nav-path",
        "side-nav",
        # Haddock (the package caption above every module page, and its Source/Contents/Index
        # menu)
        "package-header", "page-menu",
    }
)  # fmt: skip
#: ARIA landmarks of the template (the guide itself is ``main``).
CHROME_ROLES = frozenset({"navigation", "search", "banner", "contentinfo", "menu", "menubar"})
#: Containers that are a table of contents of the page or the site: recorded, not emitted.
TOC_CLASSES = frozenset(
    {
        "toctree-wrapper", "contents", "toc", "fancy_toc", "section-toc", "mini-toc", "localtoc",
        "Contents_element", "shortcontents", "table-of-contents", "contents-heading",
        "shortcontents-heading", "CHILD_LINKS", "chapter-toc",
    }
)  # fmt: skip
_TOC_PARTS = frozenset({"ul", "ol", "p", "h2", "h3", "h4"})
#: Classes that make a container the page's title (sqlite.org's generated pages).
TITLE_CLASSES = frozenset({"fancy_title", "page-title", "pagetitle", "doc-title", "headertitle"})
#: Tags whose class attribute may name chrome (never inline elements).
_CONTAINERS = frozenset(
    {"div", "ul", "ol", "table", "section", "aside", "header", "p", "dl", "center"}
)
# Cookie and consent banners (not a page's section *about* cookies: id="cookies").
_CONSENT = re.compile(
    r"cookie[-_]?(banner|consent|notice|bar|popup|law|message|dialog|warning)|consent|gdpr"
    r"|cookiebot|onetrust|cc-window|cc-banner",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Elements that start a new block: the text around them is split into paragraphs.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "summary", "caption", "menu",
        "dir", "listing", "xmp", "plaintext", "body", "html", "legend", "noscript",
    }
)  # fmt: skip
_PARSER = etree.HTMLParser(encoding="utf-8", huge_tree=True)


def parse(text: str) -> Any | None:
    """The document root of ``text``, or ``None`` when libxml2 finds no document in it.

    The text is encoded back to UTF-8 with an explicit parser encoding, because lxml refuses
    Unicode strings that carry an XML encoding declaration (XHTML output of DocBook and others).
    A page nested deeper than libxml2's limit (2,048 levels), which libxml2 would cut short, is
    parsed again without a limit (`html.tree`).
    """
    data = text.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is not None and too_deep(_PARSER):
        return parse_deep(text)
    return root


def tag_of(element: Any) -> str:
    """An element's tag (libxml2 lower-cases HTML tags); ``""`` for comments and PIs."""
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def all_text(element: Any) -> str:
    """Every text inside ``element`` (comments excluded), as in the page.

    Serialised with lxml's text method: one call into libxml2 that joins the text nodes
    (``xmlNodeBufGetContent``, what XPath's ``string()`` reads too), with no Python string per
    text node and no XPath evaluation context to set up (asked for every link, by
    `html.inline.dropped_link`)."""
    text: str = etree.tostring(element, method="text", encoding=str, with_tail=False)
    return text


def classes(element: Any) -> list[str]:
    value = element.get("class")
    return value.split() if value else []


def has_block(element: Any) -> bool:
    """Whether an inline element wraps block content (``<a><h2>..</h2></a>``). Asked for each
    inline element the walk meets: a leaf is answered at once, and a comment's tag (a function)
    is never in `BLOCK_TAGS`."""
    return len(element) > 0 and any(d.tag in BLOCK_TAGS for d in element.iterdescendants())


def chrome(element: Any) -> bool:
    """Whether ``element`` (and everything in it) is site template, not guide text."""
    tag = element.tag
    if not isinstance(tag, str) or tag in DROP_TAGS:
        return True
    if chrome_attributes(tag, element):  # an element answers `get` and `keys` as its attrib
        return not _titled_header(element)
    if tag == "header":  # an <article>'s header holds its title; a page's header is chrome
        return not _section_header(element)
    if tag == "td":
        return _nav_column(element)
    return tag == "table" and _link_bar(element)


#: Tags whose `chrome` answer depends on what they hold, not on their attributes alone: a
#: walker that caches answers by tag and attributes must ask `chrome` for each of these.
CHROME_BY_CONTENT = frozenset({"header", "table", "td"})
#: A navigation column lists at least this many pages, and its text is at least this share links.
_NAV_LINKS = 5
_NAV_LINKED = 0.75


def _nav_column(cell: Any) -> bool:
    """A layout table's navigation column: hand-made texinfo sites (gri's manual) lay every page
    out as a one-row table whose first cell lists the chapters ("Chapters: 1: Introduction ...
    Indices: Concepts") and whose next cell holds the page; the list came into 179 pages.

    The cell is chrome when its row is its table's only one, the cell is links and short labels
    only, and another cell of that row, not such a list, holds a heading or more text (the
    page: an index page's list has no heading): a data table has more rows, and a page's own
    lists of links side by side are all lists.
    """
    row = cell.getparent()
    if row is None or row.tag != "tr":
        return False
    if next(row.itersiblings("tr"), None) is not None:
        return False
    if next(row.itersiblings("tr", preceding=True), None) is not None:
        return False
    if not _link_list(cell) or any(True for _ in cell.iter(*HEADINGS)):
        return False
    own = _letters(all_text(cell))
    return any(
        (any(True for _ in other.iter(*HEADINGS)) or _letters(all_text(other)) > own)
        and not _link_list(other)
        for other in row
        if other is not cell and tag_of(other) in ("td", "th")
    )


def _link_list(cell: Any) -> bool:
    """Whether a cell is a list of links: at least `_NAV_LINKS`, their text most of its text.
    A table of link lists side by side (sqlite's Tcl page lists its 40 methods in three such
    columns) is the page's own: only a link list beside a cell that is not one is chrome."""
    links = [a for a in cell.iter("a") if a.get("href")]
    if len(links) < _NAV_LINKS:
        return False
    linked = sum(_letters(all_text(a)) for a in links)
    return linked >= _NAV_LINKED * _letters(all_text(cell))


def _letters(text: str) -> int:
    """Characters of ``text`` that are not white space."""
    return len(text) - sum(map(text.count, " \t\n\r\xa0"))


def _link_bar(table: Any) -> bool:
    """A navigation panel laid out as a table: every cell empty or a bracketed button, as
    texi2html writes them above and below each section (``[ << ] [ >> ] [Top] [Contents]``)."""
    links = 0
    for cell in table.iter("td", "th"):
        text = "".join(cell.itertext()).replace("\xa0", " ").strip()
        if not text:
            continue
        anchors = sum(1 for _ in cell.iter("a"))  # none: a greyed-out button ("[ << ]")
        if anchors > 1 or not (text.startswith("[") and text.endswith("]")):
            return False
        links += anchors
    return links >= 2


def _section_header(header: Any) -> bool:
    """A ``<header>`` that titles content: it holds an ``<h1>`` or ``<h2>``, or any heading when
    it opens a ``<section>`` or ``<article>`` (HTML's header of that section: RDoc heads its
    "Attributes" and "Public Instance Methods" sections so, with an ``<h3>``)."""
    if any(True for _ in header.iter("h1", "h2")):
        return True
    parent = header.getparent()
    if parent is None or parent.tag not in ("section", "article"):
        return False
    return any(True for _ in header.iter("h3", "h4", "h5", "h6"))


def _titled_header(element: Any) -> bool:
    """A header that is chrome by its class or id but holds the page's title: Doxygen's
    ``div.header`` (its ``div.headertitle``), AsciiDoc's ``div#header`` (the ``<h1>``)."""
    if "header" not in (element.get("class") or "").split() and element.get("id") != "header":
        return False
    return any(c.tag == "h1" or is_title(c) for c in element)


#: The attributes `chrome_attributes` reads besides a container's class.
_CHROME_NAMES = frozenset({"hidden", "aria-hidden", "style", "role", "usemap", "id"})


def chrome_attributes(tag: str, attributes: Any) -> bool:
    """Whether an element's attributes mark it as template: hidden, a chrome ARIA role, id
    or (on containers) class, a cookie banner.

    Asked for every block of the page: most have a class at most, so their names are read
    first (one call; each value asked of lxml costs as much)."""
    get = attributes.get
    if _CHROME_NAMES.isdisjoint(attributes.keys()):
        return tag in _CONTAINERS and _chrome_class(get("class"))
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if get("role") in CHROME_ROLES:
        return True
    if tag == "img" and get("usemap"):  # a clickable image map: a navigation bar drawn as a
        return True  # picture, its links (the <map>) already dropped; gri's "navigation map"
    ident = get("id")
    if ident and (ident in CHROME_IDS or _CONSENT.search(ident)):
        return True
    return tag in _CONTAINERS and _chrome_class(get("class"))


@lru_cache(maxsize=4096)
def _chrome_class(value: str | None) -> bool:
    """Whether a container's class names site chrome or a cookie banner. Cached: a page's
    containers repeat a few classes, and the banner's pattern took a microsecond a class."""
    if not value:
        return False
    return not CHROME_CLASSES.isdisjoint(value.split()) or _CONSENT.search(value) is not None


def toc(element: Any) -> bool:
    """Whether ``element`` is a table of contents of the page or the site.

    ``contents`` alone is also the main wrapper of some generators (Doxygen), so it counts only
    on a container of lists and at most one title paragraph (Sphinx ``topic contents``,
    texinfo ``div.contents``).
    """
    if element.get("id") == "synopsis" and any(tag_of(c) == "details" for c in element):
        return True  # Haddock's folded synopsis: every signature of the page again, linked
    value = element.get("class")
    if not value:
        return False
    tokens = value.split()
    if not TOC_CLASSES.isdisjoint(tokens) and "contents" not in tokens:
        return True
    if "contents" not in tokens:
        return False
    tags = [c.tag for c in element if isinstance(c.tag, str)]
    lists = sum(t in ("ul", "ol") for t in tags)
    return lists > 0 and all(t in _TOC_PARTS for t in tags) and tags.count("p") <= 1


def is_title(element: Any) -> bool:
    value = element.get("class")
    return bool(value) and not TITLE_CLASSES.isdisjoint(value.split())


# --- The main element --------------------------------------------------------------------------

#: XPath's white space (``normalize-space``), which separates class tokens.
_XML_SPACE = re.compile("[ \t\r\n]+")


def _role_main(root: Any) -> Iterator[Any]:
    """The elements with ``role="main"``, in document order."""
    return (e for e in root.iter(etree.Element) if e.get("role") == "main")


def _class_div(token: str) -> Any:
    """A finder of the ``<div>`` elements whose class holds ``token``, in document order."""

    def find(root: Any) -> Iterator[Any]:
        return (d for d in root.iter("div") if token in _XML_SPACE.split(d.get("class") or ""))

    return find


# In order: ARIA main (Sphinx themes, furo), <article> (MkDocs material, blogs), <main> (mdBook,
# pydata), Sphinx's div.body / div.document on themes without roles. Asked of the root element,
# the whole page; each finds, in document order, what XPath's ``descendant-or-self::*[@role=
# 'main']``, ``//article``, ``//main``, ``descendant-or-self::div[contains(concat(' ',
# normalize-space(@class), ' '), ' body ')]`` would: lxml matches the tags, and a Python walk
# reading one attribute of each element took two thirds of the time of libxml2's XPath
# (python-doc, 471 pages: 0.19 s against 0.29 s; 0.47 s with ``//``). Each finder is a
# generator: `main_content` reads no more than two of its elements, so the walk for
# ``role="main"`` ends where that element starts rather than at the page's last element
# (python-doc, 530 pages: `main_content` 0.20 s to 0.03 s).
_CANDIDATES: tuple[Any, ...] = (
    _role_main,
    lambda root: root.iter("article"),
    lambda root: root.iter("main"),
    _class_div("body"),
    _class_div("document"),
)
_CONTENT_TAGS = ("p", "pre", "h1", "h2", "h3", "li", "table")


def main_content(root: Any) -> Any:
    """The element holding the guide: the first candidate with content, else ``<body>``.
    ``root`` is the page's root element (`parse`).

    A candidate is the first element a finder yields; an ``<article>`` only when it is the
    only one (a blog's list of posts is not one post), so the second element is looked for
    only then."""
    for find in _CANDIDATES:
        found = find(root)
        first = next(found, None)
        if first is None:
            continue
        unique = first.tag != "article" or next(found, None) is None
        if unique and _has_content(first) and not _inside_chrome(first):
            return first
    body = root.find("body")
    return body if body is not None else root


def _has_content(element: Any) -> bool:
    """Whether a paragraph, code block, top heading, list item or table is inside ``element``.
    The walk ends at the first one (an XPath union builds and sorts every such node first,
    which cost as much as finding the candidate)."""
    return any(True for _ in element.iterdescendants(*_CONTENT_TAGS))


def _inside_chrome(element: Any) -> bool:
    return any(chrome(a) for a in element.iterancestors())


# The page's own URL: <base href> (what relative links resolve against), else the canonical URL.
_BASE = etree.XPath("/html/head/base[@href]/@href")
_CANONICAL = etree.XPath(
    "/html/head/link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
)


def page_url(root: Any) -> str:
    """The URL the page's relative links resolve against: its ``<base href>``, else its
    canonical link (``<link rel="canonical">``, the page's own URL); ``""`` when neither is an
    absolute ``http(s)`` URL. A relative ``<base>`` or a ``file:`` URL (Debian's builds point
    canonical links at ``file:///usr/share/doc/...``) is a path of some machine, not a place
    on the web, and is ignored."""
    for find in (_BASE, _CANONICAL):
        for value in find(root):
            url = str(value).strip()
            if is_web_url(url):
                return url
    return ""


def page_title(root: Any) -> str:
    """The ``<title>`` without a site suffix ("Install — Project 1.0 documentation"), or ``""``
    for a generator's placeholder: Sphinx titles a page without one ``<no title>`` (in the
    build's language), which became a skill's trigger ("Use when the task involves glossary or
    no title": Debian's python-celery-doc) and a reference file's heading."""
    found = root.find("head/title")  # not an <svg>'s <title> in the body
    if found is None:
        return ""
    text = " ".join(all_text(found).split())
    for separator in (" — ", " – ", " | ", " - ", " :: "):
        if separator in text:
            head = text.split(separator, 1)[0].strip()
            if head:
                text = head
                break
    text = _API_SUFFIX.sub("", text) or text
    if _PLACEHOLDER_TITLE.fullmatch(text) or not any(c.isalnum() for c in text):
        return ""
    return text


#: Javadoc's suffix on every page's title, its ``-doctitle`` in brackets: "ArgumentParsers
#: (argparse4j 0.4.4-SNAPSHOT API)", which named the page's reference file after the version.
_API_SUFFIX = re.compile(r"\s+\((?:[\w.-]+\s+)?v?\d[\w.+-]*\s+API\)$")


#: A title that is all one bracketed phrase: a generator's placeholder, not the page's words.
#: A title without a letter or digit is none either: Debian's python-black-doc, whose Markdown
#: was rendered as reStructuredText, titles pages ")" and "}", which named skills and runs
#: ("Covers }, integrations-github_actions and ...").
_PLACEHOLDER_TITLE = re.compile(r"<[^<>]*>")


# --- Heading levels ----------------------------------------------------------------------------


def level_shift(content: Any, titled_page: bool = False) -> tuple[int, bool]:
    """How much to add to each ``<hN>`` level, and whether a title container is an H1.

    A page whose title is a styled container (sqlite.org's ``div.fancy_title``) gets that as its
    H1 and its headings pushed below it. A page without ``<h1>`` that opens with a heading, the
    only one at the top level (mdBook chapters start at ``<h2>``), gets that heading as its H1.
    Not one after text (`_text_before`) on a ``titled_page`` (one with a ``<title>``): the
    title names the page and the heading is a section of it. MkDocs writes no H1 for a page
    titled in its navigation: typer's "CLI Option Name" opens with two paragraphs, then "CLI
    option short names", which named it. (SQLite's untitled press release opens with "FOR IMMEDIATE
    RELEASE:" above its heading, which is its title.) Other pages keep their levels.
    """
    levels: list[int] = []
    titled = prose_first = False
    for element in content.iter(*HEADINGS, "div", "p", "pre"):
        tag = element.tag
        if tag in ("div", "p", "pre"):
            if not levels and _counted(element, content):
                if tag != "pre" and is_title(element):
                    titled = True
                elif titled_page and not prose_first:
                    prose_first = _text_before(element)
            continue
        if _counted(element, content):
            levels.append(int(tag[1]))
    if not levels:
        return 0, titled
    top = min(levels)
    if titled:
        return max(0, 2 - top), True
    if top > 1 and not prose_first and levels[0] == top and levels.count(top) == 1:
        return 1 - top, False
    return 0, False


def _text_before(element: Any) -> bool:
    """Whether ``element``, met before any heading, is text of the page: a paragraph or code
    with words, or a ``<div>`` with words of its own (Javadoc's ``div.block``, the class's
    description above "Method Detail", which had named its interface pages)."""
    if element.tag == "div":
        return bool((element.text or "").strip())
    return bool("".join(element.itertext()).strip())


def _counted(element: Any, content: Any) -> bool:
    """A heading that is read as one: not in chrome, not a link to another page."""
    node = element
    while node is not None and node is not content:
        if chrome(node) or (node.tag == "a" and node.get("href")):
            return False
        node = node.getparent()
    return True
