"""HTML inline content -> the Markdown inline text skillc's content blocks carry.

Why: Prose, list items, table cells and headings hold Markdown (see `skillc.ir.nodes`), so the
HTML frontend must say in Markdown what the page said in tags: ``<code>`` as code spans,
``<a href>`` as links, ``<em>``/``<strong>`` as emphasis, and plain text escaped so that an
asterisk or a bracket in the page does not become markup in the emitted SKILL.md.

Link policy (kept simple on purpose): web links (``http``, ``https``, ``mailto``) stay as they
are; relative links keep their relative ``href`` so the rewrite-links pass can resolve them
against the page (a link to another compiled page becomes a mention of that skill, any other
local link its text); links to an anchor of the same page, to highlighted source listings
(Sphinx ``_modules/``), with another scheme (``javascript:``, ``data:``, ``ftp:``...) or
protocol-relative (``//host/...``: the scheme is not in the page) are reduced to their text.
Relative links stay relative here: the page's ``<base href>`` or canonical URL is returned with
the page (`html.content.page_url`), and rewrite-links makes absolute the links that leave the
build.

Guarantees: the result is one line (whitespace runs, ``<br>`` included, collapse to one space);
permalinks (``a.headerlink``, ``¶``), "edit this page" links, Sphinx ``[source]`` links and
site chrome are left out; text outside code spans and link targets is escaped; code spans use a
backtick fence longer than any backtick run inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from lxml import etree

from skillc.compiler.frontends.guide.escape import code_span, escape
from skillc.compiler.frontends.html.content import (
    DROP_TAGS,
    all_text,
    chrome,
    chrome_attributes,
    classes,
    tag_of,
)

_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp"})
_EMPHASIS_TAGS = frozenset({"em", "i", "cite", "var", "dfn"})
_STRONG_TAGS = frozenset({"strong", "b"})
_STRIKE_TAGS = frozenset({"del", "s", "strike"})
_PERMALINK_TEXT = frozenset({"", "¶", "#", "§", "🔗", "link", "permalink"})
# Permalinks, Sphinx "[source]" links and section numbers, line-number gutters, site logos.
_MORE_TEXT = frozenset({"More...", "More\u2026", "more...", "more\u2026"})
DROPPED_CLASSES = frozenset(
    {"headerlink", "anchor", "anchorjs-link", "header-anchor", "headeranchor", "viewcode-link",
     "viewcode-back", "section-number", "linenos", "logo", "permalink",
     "method-click-advice"}  # RDoc's "click to toggle source"
)  # fmt: skip
# The whole text of an "edit this page" link of a site template.
_EDIT_LINK = re.compile(
    r"^\W*(edit (it |this page |this file )?(on|in) (github|gitlab|bitbucket|codeberg)"
    r"|edit this (page|file)|edit (page|source)|view (page )?source|show source|page source"
    r"|suggest an? (edit|change)|report an? (issue|bug)|improve this page)\W*$",
    re.IGNORECASE,
)
#: The attributes `chrome_attributes` reads on a link: without one, it is not chrome (most
#: links have only ``class``, ``href`` and ``title``; each attribute asked costs a lookup).
_CHROME_NAMES = frozenset({"hidden", "aria-hidden", "style", "role", "id"})
_WEB = ("http://", "https://", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HREF_QUOTE = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
_HREF_UNSAFE = re.compile(r"[ ()<>]")
#: How deep the readers recurse into nested elements; deeper content is read as plain text.
#: (libxml2 nests up to about 2,000 levels; Python's default recursion limit is 1,000 frames.)
MAX_DEPTH = 80
# Language classes: Sphinx "highlight-python", "language-x"/"lang-x" (mdBook, MkDocs,
# highlight.js), SyntaxHighlighter "brush: x", pandoc "sourceCode x".
_LANGUAGE_CLASS = re.compile(r"^(?:highlight|language|lang)-(?P<lang>[\w+#.-]+)$")
_NOT_LANGUAGES = frozenset({"default", "notranslate", "highlight", "sourcecode", "code"})


def link_target(href: str | None) -> str:
    """The Markdown target for ``href``; ``""`` when the link should be reduced to its text."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "//")):
        return ""
    if href.lower().startswith(_WEB):
        return _quoted(href)
    if _SCHEME.match(href) or "_modules/" in href:
        return ""
    return _quoted(href)


def _quoted(href: str) -> str:
    """``href`` with the characters that would end a Markdown link target percent-encoded.

    Searched first: most targets hold none, and `str.translate` to multi-character strings
    looks up every character (3 us a link, against 0.5 us for the search)."""
    return href.translate(_HREF_QUOTE) if _HREF_UNSAFE.search(href) else href


def dropped(element: Any) -> bool:
    """Inline elements left out of the text: chrome, permalinks, numbering, edit links."""
    tag = element.tag
    if not isinstance(tag, str) or tag in DROP_TAGS:
        return True
    if tag == "a":
        return dropped_anchor(element)
    items = element.items()
    if items and _dropped_attributes(tag, tuple(items)):
        return True
    return tag == "header" and chrome(element)


#: `dropped_anchor`'s verdict on each link of the page being read, by element, while
#: `remembered_links` is open; ``None`` otherwise.
_link_verdicts: dict[Any, bool] | None = None


@contextmanager
def remembered_links() -> Iterator[dict[Any, bool]]:
    """While one page is read, `dropped_anchor` judges each link once and remembers it.

    Why: every link of a page is judged by the inventory's walk (`html.inventory`) and again by
    the reader, where a link inside a code span or a signature is judged once more (`text_of`),
    and each judgement reads the link's text from libxml2 and matches it (python-doc: 120,000
    links, a fifth of a second). A verdict depends on the link's attributes and what it holds
    only, which nothing changes while a page is read but `html.deep.flatten`: the caller clears
    the verdicts (the yielded dict) when that moved elements. The dict holds the links' lxml
    proxies, so a link is the same key each time it is met; it is dropped at the end."""
    global _link_verdicts
    saved = _link_verdicts
    verdicts: dict[Any, bool] = {}
    _link_verdicts = verdicts
    try:
        yield verdicts
    finally:
        _link_verdicts = saved


def dropped_anchor(link: Any) -> bool:
    """`dropped` for an ``<a>``, remembered while a page is read (`remembered_links`)."""
    verdicts = _link_verdicts
    if verdicts is None:
        return _judged_anchor(link)
    verdict = verdicts.get(link)
    if verdict is None:
        verdict = verdicts[link] = _judged_anchor(link)
    return verdict


def _judged_anchor(link: Any) -> bool:
    """`dropped_anchor` judged: the link's attributes read in place rather than through the
    cache of `_dropped_attributes`, which links (each with its own ``href``) would only fill
    and empty of the attributes that repeat; then its ``href`` and text (`dropped_link`)."""
    names = link.keys()
    if names:
        if not _CHROME_NAMES.isdisjoint(names) and chrome_attributes("a", link.attrib):
            return True
        value = link.get("class") if "class" in names else None
        if value and not DROPPED_CLASSES.isdisjoint(value.split()):
            return True
    return dropped_link(link)


@lru_cache(maxsize=4096)
def _dropped_attributes(tag: str, items: tuple[tuple[str, Any], ...]) -> bool:
    """Whether an element is dropped for its tag and attributes alone (chrome, a permalink or
    gutter class). Cached: a page repeats the same few thousand times (every token of a
    highlighted code block is a ``<span class="k">``), and `dropped` is asked for each."""
    attributes = dict(items)
    if chrome_attributes(tag, attributes):
        return True
    value = attributes.get("class")
    return value is not None and not DROPPED_CLASSES.isdisjoint(value.split())


def dropped_link(element: Any) -> bool:
    href = element.get("href") or ""
    text = (element.text or "") if len(element) == 0 else all_text(element)
    text = text.strip()
    if href.startswith("#") and text in _PERMALINK_TEXT:
        return True
    if "#" in href and text in _MORE_TEXT:  # Doxygen's link from a summary to its entry
        return True
    if text == "Source" and href.startswith("src/"):  # Haddock's link to the source listing
        return True
    if not text and _all_dropped(element):  # a logo's link
        return True
    return bool(_EDIT_LINK.match(text))


def _all_dropped(element: Any) -> bool:
    """Whether every element inside a link without text is dropped (`dropped`), without
    recursing: a link inside it is dropped for its attributes or anchor ``href``, or when all
    of its own children are, so those are looked into in turn (links nest at any depth)."""
    pending = [element]
    while pending:
        for child in pending.pop():
            tag = tag_of(child)
            if not tag:
                continue
            if tag != "a" or len(child) == 0:
                if not dropped(child):
                    return False
            elif not _dropped_itself(child):
                pending.append(child)
    return True


def _dropped_itself(link: Any) -> bool:
    """A link inside a link without text: dropped for its attributes or an anchor ``href``."""
    attributes = link.attrib
    if attributes and chrome_attributes("a", attributes):
        return True
    value = attributes.get("class")
    if value and not DROPPED_CLASSES.isdisjoint(value.split()):
        return True
    return (link.get("href") or "").startswith("#")


def text_of(element: Any) -> str:
    """The text of ``element`` without dropped descendants, ``<br>`` as a newline, whitespace
    as in the page.

    Asked for every code span, signature and ``<pre>`` (a highlighted block is a ``<span>`` per
    token), so libxml2 joins the text (`all_text`) of every subtree without a dropped
    element or a ``<br>`` in it: the whole element, most of the time. A code span holding one
    element without children (Sphinx's ``<code><span class="pre">``: nine in ten) is read from
    the three texts, without a walk or a call into libxml2 (half the time)."""
    count = len(element)
    if count == 0:
        return element.text or ""
    if count == 1:
        child = element[0]
        tag = child.tag
        if isinstance(tag, str) and len(child) == 0:
            if tag == "br" or dropped(child):
                return _text_walk(element, [child])
            return f"{element.text or ''}{child.text or ''}{child.tail or ''}"
    special = _specials(element)
    return _text_walk(element, special) if special else all_text(element)


#: The tags `dropped` judges by more than their tag and attributes (a link by its text, a
#: header by its content), with ``<br>``: `_specials` asks `dropped` about these only.
_JUDGED_ONE_BY_ONE = DROP_TAGS | {"a", "header", "br"}


def _specials(element: Any) -> list[Any]:
    """The descendants `text_of` reads around: each ``<br>`` and dropped element.

    Asked of every descendant of every ``<pre>``, signature and code span with children (a
    highlighted block is a ``<span class="k">`` per token), so the elements that `dropped`
    judges by their tag and attributes alone are looked up in its cache
    (`_dropped_attributes`) here, without a call to `dropped` for each; lxml's walk yields
    elements only (no comment or PI, which `text_of` reads as nothing)."""
    found = []
    for node in element.iterdescendants(etree.Element):
        tag = node.tag
        if tag in _JUDGED_ONE_BY_ONE:
            if tag == "br" or dropped(node):
                found.append(node)
        else:
            items = node.items()
            if items and _dropped_attributes(tag, tuple(items)):
                found.append(node)
    return found


def _text_walk(element: Any, special: list[Any]) -> str:
    """`text_of` an element with ``special`` descendants (dropped, or a ``<br>``): read child
    by child down to them, the subtrees without one through `all_text`. Iterative: libxml2
    nests up to about 2,000 levels."""
    skipped = set(special)
    around: set[Any] = set()  # the ancestors of special elements inside ``element``
    for node in special:
        parent = node.getparent()
        while parent is not element and parent not in around:
            around.add(parent)
            parent = parent.getparent()
    parts: list[str] = [element.text or ""]
    stack: list[tuple[Any, Any]] = [(element, iter(element))]
    while stack:
        parent, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            if stack and parent.tail:
                parts.append(parent.tail)
            continue
        if child in skipped:
            if child.tag == "br":
                parts.append("\n")
        elif child in around:
            parts.append(child.text or "")
            stack.append((child, iter(child)))
            continue
        elif isinstance(child.tag, str):
            parts.append(all_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def flat_text(element: Any) -> str:
    """``element``'s text as escaped Markdown on one line, markup ignored (for content nested
    deeper than `MAX_DEPTH`)."""
    return escape(" ".join(text_of(element).split()))


def children(element: Any) -> list[str | Any]:
    """``element``'s content as render parts: its text, its children and their tails."""
    parts: list[str | Any] = [element.text or ""]
    for child in element:
        parts.append(child)
        parts.append(child.tail or "")
    return parts


def render(parts: Iterable[str | Any], *, checked: bool = False) -> str:
    """Inline Markdown of ``parts`` (text strings and elements), collapsed to one line.

    ``checked``: the walker that collected ``parts`` kept only elements that are not dropped
    (it asked `dropped` to tell text from chrome), so they are not asked again here: a link's
    question reads all of its text."""
    out: list[str] = []
    _Renderer(out).parts(parts, checked)
    return " ".join("".join(out).split())  # as `skillc.ir.inline.squash`


class _Renderer:
    """Appends the Markdown of inline content to ``out``; tracks enclosing emphasis and links.

    Below `MAX_DEPTH` nested inline elements, the rest is read as plain text (no recursion).
    """

    __slots__ = ("depth", "in_em", "in_link", "in_strong", "out")

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.depth = 0
        self.in_link = False
        self.in_strong = False
        self.in_em = False

    def parts(self, parts: Iterable[str | Any], checked: bool = False) -> None:
        for part in parts:
            if isinstance(part, str):
                if part:
                    self.out.append(escape(part))
            elif checked or (tag_of(part) and not dropped(part)):
                self.element(part)

    def element(self, element: Any) -> None:
        if self.depth >= MAX_DEPTH:
            self.out.append(flat_text(element))
            return
        self.depth += 1
        self._element(element)
        self.depth -= 1

    def _element(self, element: Any) -> None:
        tag = tag_of(element)
        if tag == "br":
            self.out.append(" ")
        elif tag in _CODE_TAGS:
            self.out.append(code_span(text_of(element)))
        elif tag == "a":
            self.link(element)
        elif tag == "img":
            self.image(element)
        elif tag in _STRONG_TAGS and not self.in_strong:
            self.in_strong = True
            self.wrapped(element, "**")
            self.in_strong = False
        elif tag in _EMPHASIS_TAGS and not self.in_em:
            self.in_em = True
            self.wrapped(element, "*")
            self.in_em = False
        elif tag in _STRIKE_TAGS:
            self.wrapped(element, "~~")
        else:  # spans, and <wbr>: libxml2's HTML parser does not know it is empty and nests
            # what follows it in it (rustdoc's "Struct syn::<wbr><a>ExprArray</a>" lost the name)
            if tag == "span" and _is_classifier(element):
                self.out.append(" : ")
            self.parts(children(element))

    def wrapped(self, element: Any, marker: str) -> None:
        """``marker``-delimited children, with outer whitespace kept outside the markers."""
        inner = self.sub(children(element))
        core = inner.strip()
        if not core:
            self.out.append(inner)
            return
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        self.out.append(f"{lead}{marker}{core}{marker}{trail}")

    def link(self, element: Any) -> None:
        target = "" if self.in_link else link_target(element.get("href"))
        if not target:
            self.parts(children(element))
            return
        self.in_link = True
        text = " ".join(self.sub(children(element)).split())
        self.in_link = False
        if text:
            self.out.append(f"[{text}]({target})")

    def image(self, element: Any) -> None:
        alt = " ".join((element.get("alt") or "").split())
        src = (element.get("src") or "").strip()
        if alt and src and not src.startswith("data:"):
            self.out.append(f"![{escape(alt)}]({_quoted(src)})")
        elif alt:
            self.out.append(escape(alt))

    def sub(self, parts: Iterable[str | Any]) -> str:
        """Render ``parts`` into a string without appending it."""
        saved = self.out
        self.out = []
        self.parts(parts)
        text = "".join(self.out)
        self.out = saved
        return text


def _is_classifier(span: Any) -> bool:
    """Whether ``span`` is a definition term's classifier as Sphinx writes it, with no
    delimiter in the markup: ``<dt>prune<span class="classifier">enum</span></dt>``, which its
    stylesheet shows as "prune : enum". Read as text, pygit2's parameters were "pruneenum"
    and "proxyNone or True or str". Docutils' own writer puts the colon in a
    ``span.classifier-delimiter`` before it, which is read as it is."""
    if "classifier" not in str(span.get("class") or "").split():
        return False
    before = span.getprevious()
    return before is None or "classifier-delimiter" not in str(before.get("class") or "")


def pre_text(pre: Any) -> str:
    """A ``<pre>``'s text: without the newline right after ``<pre>``, trailing space and
    line-number gutters, ``<br>`` as newlines."""
    text = text_of(pre)
    if text.startswith("\r\n"):
        text = text[2:]
    elif text.startswith("\n"):
        text = text[1:]
    return text.rstrip()


def code_language(pre: Any) -> str:
    """The language the page gives a ``<pre>``: its own attributes, its ``<code>``'s, or the
    classes of up to six wrapping elements (Sphinx's ``div.highlight-python``, which wraps a
    line-numbered block's table)."""
    inner = [n for _, n in zip(range(3), pre.iterdescendants("pre", "code"), strict=False)]
    outer = [n for _, n in zip(range(6), pre.iterancestors(), strict=False)]
    nodes = [pre, *inner, *outer]
    for node in nodes:
        for attribute in ("data-lang", "data-language"):
            value = str(node.get(attribute) or "").strip()
            if value:
                return value.lower()
        tokens = classes(node)
        for n, token in enumerate(tokens):
            match = _LANGUAGE_CLASS.match(token)
            if match and match.group("lang").lower() not in _NOT_LANGUAGES:
                return match.group("lang").lower()
            if token in ("sourceCode", "brush:") and n + 1 < len(tokens):
                return tokens[n + 1].rstrip(";").lower()
            if token == "highlight-default":
                return ""
    return ""
