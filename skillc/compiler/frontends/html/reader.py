"""The HTML guide frontend: one page of a documentation site -> one SSL `Skill`.

Why: much documentation only ships as HTML (Debian's ``*-doc`` packages, generated Sphinx,
mdBook, DocBook and texinfo sites, hand-written sites). The page is parsed with lxml
(`html.content`: main content, chrome), read into the same `Piece` stream as Markdown
(`html.blocks`, `html.lists`, `html.inline`), and assembled by the shared `scenes.assemble`, so
an HTML page gets the same SSL structure (steps, scenes, constraints, ids) as a Markdown one.

Guarantees: deterministic (same text, same result); never raises on text input; every node has
a span inside ``text`` whose source is ``source_id`` (line ranges of the elements read); site
chrome (navigation, sidebars, search boxes, permalinks, scripts, styles, footers) is not read,
tables of contents inside the content are kept as removed blocks with a reason. A
whitespace-only page, or one with no readable content, yields no skill and an SK011 diagnostic.
`is_boilerplate_page` names the generated pages that are not guides, for the driver to skip.
The result's ``url`` is the page's own web URL when it declares one (`html.content.page_url`);
its ``anchors`` where the anchors its own links name are (`html.anchors`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice
from typing import Any

from skillc.compiler.frontends.guide.inventory import SourceInventory
from skillc.compiler.frontends.guide.pieces import Piece
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.scenes import assemble
from skillc.compiler.frontends.guide.textutil import LineIndex, Roles, Targets, name_stem, page_stem
from skillc.compiler.frontends.html.anchors import own_anchors
from skillc.compiler.frontends.html.blocks import HtmlReader
from skillc.compiler.frontends.html.content import (
    all_text,
    level_shift,
    main_content,
    page_title,
    page_url,
    parse,
)
from skillc.compiler.frontends.html.deep import LIMIT, flatten
from skillc.compiler.frontends.html.inline import remembered_links
from skillc.compiler.frontends.html.inventory import html_inventory
from skillc.compiler.frontends.html.invisible import strip_hidden
from skillc.compiler.frontends.html.javadoc import is_javadoc, window_title_suffix
from skillc.compiler.frontends.html.names import page_name
from skillc.compiler.frontends.html.trail import trail
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.vocab import Placement

__all__ = ["FrontendResult", "Targets", "is_boilerplate_page", "read_html"]

# Generated pages that are not guides, by file name (checked with a marker when the name alone
# could be a real guide's).
#: What a generated search page holds: Sphinx's scripts, or MkDocs' search box and results
#: (``id="mkdocs-search-query"``, ``id="mkdocs-search-results"``: Python-Markdown's theme).
_SEARCH_MARKERS = ("searchtools.js", "searchindex.js", "_static/", "Sphinx", "mkdocs-search-")
_BY_DIRECTORY = {
    "_modules": "sphinx highlighted source listing",
    "_sources": "sphinx page source",
    "_static": "static asset",
    "_images": "static asset",
    "_downloads": "static asset",
    "_templates": "template (a _templates folder), not a page",
    "_themes": "template (a _themes folder), not a page",
}
# A Jinja (or Django, Nunjucks, Liquid) template outside such a folder: it opens with a tag or
# a comment, or holds two template-structure tags outside its code (a page about Jinja shows its
# tags only in code, which highlighting also splits into spans).
_TEMPLATE_START = re.compile(r"\A\s*(?:\{%-?\s*\w+|\{#)")
_TEMPLATE_TAG = re.compile(
    r"\{%-?\s*(?:extends|block|endblock|macro|endmacro|include|import|from)\b[^%]{0,200}-?%\}"
)
_CODE = re.compile(r"<(pre|code|script|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TEMPLATE_REASON = "jinja template, not a page"
# An XML-attribute template (Genshi, Kid, Chameleon/Zope TAL) declares its namespace; Genshi
# and Kid may open with a ``<?python`` block; Mako uses ``<%inherit>``, ``<%def>``... tags.
# Werkzeug's simplewiki example (Debian's python-werkzeug-doc) became a skill "Diff for
# ${page.title}" of nine Genshi templates.
_MARKUP_TEMPLATE = re.compile(
    r"\A\s*<\?python\b|<%(?:inherit|def|namespace|include|block)\b"
    r"|xmlns:(?:py|tal|metal)\s*=\s*[\"']http://(?:genshi\.edgewall\.org|purl\.org/kid/ns"
    r"|xml\.zope\.org/namespaces/)",
    re.IGNORECASE,
)
_MARKUP_TEMPLATE_REASON = "template (Genshi, Kid, Chameleon or Mako), not a page"
_GENINDEX = re.compile(r"^genindex(-[\w]+)?\.html?$")
_MODINDEX = re.compile(r"^([\w]+-)?modindex\.html?$")
_MDBOOK = "mdBook"
# A page with at least this many links, whose main content is mostly link text, is an index
# (a site map, a keyword index, a cross-reference table) rather than a guide.
_INDEX_LINKS = 100
_INDEX_SHARE = 0.75
#: A page its file names a site map needs fewer links to be one: a small manual's site map
#: (Python-Markdown's: 48 links, the whole site) is the navigation all the same, and emitted it
#: was a page "Sitemap" the catalogue said the skill covered.
_SITE_MAP_NAMES = frozenset({"sitemap.html", "sitemap.htm", "site-map.html", "site_map.html"})
_SITE_MAP_LINKS = 10
_ANCHOR = re.compile(r"<a\s", re.IGNORECASE)
# An instant redirect (texinfo writes one such page per node and anchor name: "The node you are
# looking for is at ..."), read only when the page says little else.
_REFRESH = re.compile(
    r"<meta\s[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*content\s*=\s*[\"']?\s*0\s*;\s*url=([^\"'>]+)",
    re.IGNORECASE,
)
_REDIRECT_WORDS = 40
#: Doxygen's generator mark, and its generated indexes (members by letter, files, classes,
#: modules, directories, cross-reference lists), which repeat links to the documented pages.
DOXYGEN = re.compile(r"<meta\s+name=\"generator\"\s+content=\"Doxygen", re.IGNORECASE)
_SEARCH_PAGE = 'class="SRPage"'  # Doxygen's search results frame (no generator mark)
#: Haddock (Debian's libghc-*-doc): its index of every exported name, one page or one per
#: letter (``doc-index-A.html``, ``doc-index-All.html``), and its hyperlinked source pages
#: (``src/Text.DocTemplates.html``: one ``<pre>`` of highlighted ``hs-`` spans, 51k tokens for
#: one module) beside the module pages, which document the same API with its prose.
_HADDOCK = "haddock-bundle.min.js"
_RDOC = "rdoc_rel_prefix"  # set in a script by every page RDoc's darkfish generator writes
_HADDOCK_INDEX = re.compile(r"^doc-index(?:-[\w%.]+)?\.html?$")
_HADDOCK_SOURCE = ('<span class="hs-', "highlight.js")
#: The reason of an index page: select-skills' ``INDEX_REASON`` (the manifest's fixed list).
INDEX_REASON = "index (navigation)"
HADDOCK_SOURCE_REASON = "haddock hyperlinked source listing (the module pages document the API)"
#: rustdoc (``cargo doc``; Debian's ``cargo-doc`` and ``librust-*`` docs): its source view of
#: every file (``src/syn/lib.rs.html``, "lib.rs - source": the file's code as one highlighted
#: block, body class ``rustdoc source``, ``rustdoc src`` since Rust 1.72) beside the item pages,
#: which document the same API with its doc comments. cargo-doc's 81 became skills named
#: after file names ("Covers ast.rs, attr.rs and case.rs").
_RUSTDOC = '<meta name="generator" content="rustdoc">'
_RUSTDOC_SOURCE = re.compile(r'<body class="rustdoc (?:source|src)[ "]')
RUSTDOC_SOURCE_REASON = "rustdoc source view (the item pages document the API)"
#: The pages Javadoc (`is_javadoc`) generates around the class and package pages:
#: indexes of every class, package or member, class trees, "Uses of Class X" (one per class,
#: ``class-use/``), the deprecated list and the help page on reading the site. Debian's
#: libargparse4j-java-doc: 45 of its 134 pages, which made skills "Uses of Class ...".
_JAVADOC_INDEXES = frozenset(
    {"allclasses.html", "allclasses-index.html", "allclasses-frame.html"}
    | {"allclasses-noframe.html", "allpackages-index.html", "index-all.html"}
    | {"overview-frame.html", "package-frame.html", "overview-tree.html", "package-tree.html"}
    | {"package-use.html", "deprecated-list.html", "help-doc.html"}
)
_DOXYGEN_INDEX = re.compile(
    r"^(?:globals|functions|namespacemembers|classes|annotated|files|modules|namespaces"
    r"|hierarchy|inherits|pages|examples|deprecated|todo|bug|test|dir_[0-9a-f]+)"
    r"(?:_[a-z0-9]+)*\.html?$"
)


def is_boilerplate_page(source_id: str, text: str) -> str:
    """Why the page ``source_id`` is generated navigation rather than a guide, else ``""``.

    Sphinx: the general index (``genindex*.html``), the search page, module indexes
    (``py-modindex.html``), highlighted source listings (``_modules/``), page sources
    (``_sources/``) and static files. Haddock: the name index (``doc-index*.html``) and the
    hyperlinked source pages. RDoc: ``table_of_contents.html``. mdBook: the all-chapters
    print page and the 404 page. rustdoc: the source view of every file and the list of all
    items (``all.html``).
    Javadoc: its indexes, trees, "Uses of" pages and help page (`_JAVADOC_INDEXES`).
    texinfo (and any site): a page that redirects at once and says no more than a sentence.
    Any site: a page of at least 100 links whose main content is at least 75 % link text
    (site maps, keyword indexes). Only pages with that many ``<a`` tags are parsed. Source
    trees: Jinja templates (``_templates/``, ``_themes/``, or a file in template syntax), and
    Genshi, Kid, Chameleon and Mako templates (their namespace or tags in the first 20 KB).
    """
    path = source_id.replace("\\", "/")
    parts = path.split("/")
    name = parts[-1].lower()
    for directory in parts[:-1]:
        if directory in _BY_DIRECTORY:
            return _BY_DIRECTORY[directory]
    head = text[:20000]
    if _is_template(text):
        return _TEMPLATE_REASON
    if _is_markup_template(head):
        return _MARKUP_TEMPLATE_REASON
    if _GENINDEX.match(name):
        return "sphinx general index"
    if _MODINDEX.match(name):
        return "sphinx module index"
    if name in ("search.html", "search.htm") and any(m in text for m in _SEARCH_MARKERS):
        return "search page"
    if _MDBOOK in head and name == "print.html":
        return "mdbook print page (every chapter again on one page)"
    if _MDBOOK in head and name in ("404.html", "toc.html"):
        return "mdbook not-found page" if name == "404.html" else "mdbook table of contents"
    if _HADDOCK_INDEX.match(name) and _HADDOCK in head:
        return INDEX_REASON
    if all(marker in head for marker in _HADDOCK_SOURCE):
        return HADDOCK_SOURCE_REASON
    if _RUSTDOC in head and _RUSTDOC_SOURCE.search(head):
        return RUSTDOC_SOURCE_REASON
    if name == "all.html" and _RUSTDOC in head:  # "List of all items in this crate"
        return INDEX_REASON
    if name == "table_of_contents.html" and _RDOC in head:  # every page, class and method
        return INDEX_REASON
    if is_javadoc(head):
        javadoc = _javadoc_navigation(parts)
        if javadoc:
            return javadoc
    if DOXYGEN.search(head) or (parts[:-1] == ["search"] and _SEARCH_PAGE in head):
        doxygen = _doxygen_index(parts)
        if doxygen:
            return doxygen
    links = _SITE_MAP_LINKS if name in _SITE_MAP_NAMES else _INDEX_LINKS
    return _redirect(head, text) or _link_index(text, links)


def is_name_index(source_id: str) -> bool:
    """Whether the page is Sphinx's general index or a module index: groups of links under
    terms and letters, in alphabetical order. Read as a contents page, behave's general index
    put its whole manual under the term "capture" (a command-line option's entry) and made
    the page that option is on the parent of every other page; the catalogue said the manual
    covered "capture"."""
    name = source_id.replace("\\", "/").rpartition("/")[2].lower()
    return bool(_GENINDEX.match(name) or _MODINDEX.match(name))


def _is_template(text: str) -> bool:
    """True for a template's source (Sphinx's ``_templates/layout.html``, a theme's page), which
    Jinja renders into pages: it opens with a template tag or comment, or uses two structure
    tags (``{% extends %}``, ``{% block %}``...) outside ``<pre>``, ``<code>`` and scripts."""
    if _TEMPLATE_START.match(text):
        return True
    if "{%" not in text:
        return False
    return len(_TEMPLATE_TAG.findall(_CODE.sub("", text))) >= 2


def _is_markup_template(head: str) -> bool:
    """True for a Genshi, Kid, Chameleon or Mako template (`_MARKUP_TEMPLATE`), its markers
    outside ``<pre>``, ``<code>`` and scripts (a page about Genshi shows them in code)."""
    if "xmlns:" not in head and "<%" not in head and "<?python" not in head:
        return False
    return _MARKUP_TEMPLATE.search(_CODE.sub("", head)) is not None


def _javadoc_navigation(parts: list[str]) -> str:
    """Why a Javadoc page is navigation (`_JAVADOC_INDEXES`), else ``""``."""
    if "class-use" in parts[:-1]:
        return "javadoc uses of a class (navigation)"
    if parts[-1].lower() in _JAVADOC_INDEXES or "index-files" in parts[:-1]:
        return "javadoc index, tree or help page (navigation)"
    return ""


def _doxygen_index(parts: list[str]) -> str:
    """What a Doxygen page is when it is an index or a listing rather than documentation."""
    name = parts[-1].lower()
    if "search" in parts[:-1]:
        return "doxygen search results"
    if name.endswith("_source.html"):
        return "doxygen highlighted source listing"
    if name.endswith("-members.html"):
        return "doxygen list of all members"
    if _DOXYGEN_INDEX.match(name):
        return "doxygen index page"
    return ""


def _redirect(head: str, text: str) -> str:
    """``"redirect page to X"`` for a page that sends the reader on at once and holds no more
    than a sentence of its own (a texinfo node-name redirect), else ``""``."""
    found = _REFRESH.search(head)
    if found is None:
        return ""
    root = parse(text)
    words = len(all_text(main_content(root)).split()) if root is not None else 0
    if words > _REDIRECT_WORDS:
        return ""
    return f"redirect page to {found.group(1).strip()}"


def _link_index(text: str, at_least: int = _INDEX_LINKS) -> str:
    """``"link index ..."`` for a page of ``at_least`` links that is mostly links, else
    ``""``."""
    if next(islice(_ANCHOR.finditer(text), at_least - 1, None), None) is None:
        return ""  # fewer ``<a`` than ``at_least``: the search ends at that many
    root = parse(text)
    if root is None:
        return ""
    content = main_content(root)
    links = content.findall(".//a")
    if len(links) >= at_least:  # the ``<a`` counted may be the site's (python-doc: 127 of 346)
        linked = _letters("".join(map(all_text, links)))  # a link inside a link counts twice
        total = _letters_past(all_text(content), linked / _INDEX_SHARE)
        if total and linked / total >= _INDEX_SHARE:
            return f"link index ({len(links)} links, {100 * linked // total} % of its text)"
    _PARSED[:] = [(text, root, content)]  # read next: `_parsed` takes it, unchanged
    return ""


def _letters(text: str) -> int:
    """How many characters of ``text`` are not white space (`str.split`'s)."""
    return len("".join(text.split()))


#: `_letters_past` counts this many characters at a time.
_CHUNK = 8192


def _letters_past(text: str, bound: float) -> int:
    """`_letters` of ``text``, or of as much of it as first holds more than ``bound``: a
    page's links are a small share of its text, so its first pages of text settle that it is
    no index (python-doc's pages hold up to 150,000 characters)."""
    count = 0
    for at in range(0, len(text), _CHUNK):
        count += _letters(text[at : at + _CHUNK])
        if count > bound:
            break
    return count


#: The page `_link_index` parsed and found to be a guide, ``(text, root, main content)``: the
#: driver reads it right after asking whether to skip it, and parsing a page takes as long
#: as the check (python-doc: 320 of 530 pages have 100 links). Taken by the next read.
_PARSED: list[tuple[str, Any, Any]] = []


def _parsed(text: str) -> tuple[Any, Any] | None:
    """``(root, main content)`` of ``text``: the tree `_link_index` left, when it is the same
    text object (read once, never changed: the reader changes only its own trees), else
    parsed here; ``None`` when libxml2 finds no document."""
    kept = _PARSED.pop() if _PARSED else None
    if kept is not None and kept[0] is text:
        return kept[1], kept[2]
    root = parse(text)
    return None if root is None else (root, main_content(root))


def read_html(text: str, *, source_id: str, targets: Targets | None = None) -> FrontendResult:
    """Read one HTML page (decoded, ``\\n`` newlines) whose path is ``source_id``.

    ``targets`` are accepted for the frontend contract; links in HTML are already resolved by
    the page's generator, so they are kept as links (see `html.inline`) rather than looked up.
    """
    return _read(text, source_id, Roles(targets if targets is not None else Targets(), source_id))


def _empty(source_id: str, message: str) -> FrontendResult:
    diagnostic = Diagnostic(
        code="SK011", message=message, severity=Severity.WARNING, path=source_id
    )
    return FrontendResult(skills=(), diagnostics=(diagnostic,))


def _walked(
    content: Any, index: LineIndex, roles: Roles, links: dict[Any, bool], title: str
) -> tuple[HtmlReader, SourceInventory]:
    """The inventory of ``content`` and the reader that read it, as the inventory's walk
    found it: its ``<pre>`` texts and links' verdicts (``links``) are not asked again, unless
    the page was flattened (`html.deep`), which moved its elements. ``title``: the page's
    ``<title>`` (`level_shift`)."""
    pres: dict[Any, str] = {}
    inventory = html_inventory(content, pres)  # before flattening: what the page itself holds
    deep = flatten(content)
    shift, titled = level_shift(content, titled_page=bool(title))
    reader = HtmlReader(index, roles, shift, titled)
    if deep:
        links.clear()
        reader.flattened(deep, LIMIT)
    else:
        reader.pre_texts = pres
    reader.container(content, "")
    return reader, inventory


def _read(text: str, source_id: str, roles: Roles) -> FrontendResult:
    if not text.strip():
        return _empty(source_id, "empty document")
    parsed = _parsed(text)
    if parsed is None:
        return _empty(source_id, "no HTML document found")
    root, content = parsed
    index = LineIndex(text, source_id)
    title = page_title(root)
    if is_javadoc(text):  # "BaseObjectPool (Apache Commons Pool)": the site's name on every page
        title = title.removesuffix(window_title_suffix(title))
    with remembered_links() as links:  # each link judged once, by the inventory
        reader, inventory = _walked(content, index, roles, links, title)
    if not any(
        isinstance(e, Piece) and e.block.placement is not Placement.REMOVED for e in reader.events
    ):
        return _empty(source_id, "no guide text in the page")
    events, hidden = strip_hidden(reader.events, source_id)
    skill = assemble(events, index, page_stem(source_id), title, roles, name_stem(source_id))
    named = DOXYGEN.search(text[:4000]) is not None  # group__mdb__env.html: mangled names
    name = page_name(source_id, skill.skill_name, titled=named)  # node470.html, too
    if name:
        skill = replace(skill, name=name)
    diagnostics = (*reader.diagnostics, *hidden)
    above, titles = trail(root, source_id)
    return FrontendResult(
        skills=(skill,),
        diagnostics=diagnostics,
        url=page_url(root),
        trail=above,
        trail_titles=titles,
        anchors=own_anchors(root, skill.blocks, source_id),
        inventory=inventory,
    )
