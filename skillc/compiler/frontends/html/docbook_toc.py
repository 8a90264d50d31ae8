"""The chapters of a DocBook HTML manual: the table of contents its XSL stylesheets write.

Why: DocBook's chunked HTML (Debian's ``aptitude-doc-en``, most ``*-doc`` packages made with
xsltproc or dblatex's HTML sibling) has no breadcrumbs and no contents page of labelled groups
(`html.contents`): its structure is the ``<div class="toc"><dl class="toc">`` on the front
page and on each chapter's page, a nested definition list whose ``<dt>`` links a part,
chapter or section page and whose following ``<dd>`` holds the list of what is below it.
Newer stylesheets (libsigc++'s tutorial, Debian's ``libsigc++-3.0-doc``) write the same tree
as ``<ul class="toc">``, each ``<li>`` holding the link and the nested ``<ul>`` below it: left
unread, that tutorial's pages came in file order ("Chapter 4" before "Chapter 1").
Without it, aptitude's 89 pages were cut into runs of the file order ("Customizing the
package list" to "Configuration file reference") instead of its four chapters, preface and
command reference.

Read as toctrees (`skillc.compiler.frontends.guide.toctree.Toctree`): the top list's links
are the page's own entries; each nested list is a toctree whose ``parent`` is the ``<dt>``
above it, as mdBook's nested ``SUMMARY.md`` items are (`skillc.compiler.toctree_trails`).
Links are resolved as breadcrumbs are (`html.trail`); links that leave the build, name a
page twice or point into the page itself are dropped.

Cost: a text test, then one lxml parse, of the pages that have no trail of their own.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree
from skillc.compiler.frontends.html.content import parse, tag_of
from skillc.compiler.frontends.html.trail import resolved

__all__ = ["docbook_toctrees"]

#: What DocBook's stylesheets write around a table of contents (a cheap test before parsing).
_MARK = 'class="toc"'


def docbook_toctrees(text: str, source_id: str, pages: Collection[str]) -> list[Toctree]:
    """The toctrees of the DocBook table of contents of HTML page ``text`` (id
    ``source_id``), entries and parents as ``/``-rooted ids of ``pages``; ``[]`` without one."""
    if _MARK not in text:
        return []
    root = parse(text)
    if root is None:
        return []
    lists = (e for e in root.iter("dl", "ul") if _is_toc(e) and not _nested(e))
    top = next(lists, None)
    if top is None:
        return []
    trees: list[Toctree] = []
    _walk(top, "", posixpath.dirname(source_id), {source_id}, pages, trees)
    return trees


def _walk(
    listing: Any, parent: str, here: str, seen: set[str], pages: Collection[str], out: list[Toctree]
) -> None:
    """Append the toctree of ``listing`` (under ``parent``), then those of its nested lists."""
    entries: list[str] = []
    below: list[tuple[str, Any]] = []
    for link, nested in _items(listing):
        target = resolved(here, str(link.get("href", ""))) if link is not None else ""
        if target not in pages or target in seen:
            continue
        seen.add(target)
        entries.append(target)
        if nested is not None:
            below.append((target, nested))
    if entries:
        out.append(Toctree(entries=tuple(f"/{e}" for e in entries), parent=_rooted(parent)))
    for page, nested in below:
        _walk(nested, page, here, seen, pages, out)


def _items(listing: Any) -> list[tuple[Any, Any]]:
    """Each entry of a contents list: (its link or None, the list below it or None).

    ``<dl>``: a ``<dt>`` and the ``<dd>`` after it; ``<ul>``: one ``<li>``, whose link is the
    first outside its nested list."""
    items: list[tuple[Any, Any]] = []
    for child in listing:
        tag = tag_of(child)
        if tag == "dt":
            items.append((next(child.iter("a"), None), None))
        elif tag == "dd" and items and items[-1][1] is None:
            items[-1] = (items[-1][0], _sublist(child))
        elif tag == "li":
            nested = _sublist(child)
            links = (a for a in child.iter("a") if nested is None or not _within(a, nested))
            items.append((next(links, None), nested))
    return items


def _sublist(item: Any) -> Any:
    """The list right inside ``item`` (a ``<dd>`` or ``<li>``), or None."""
    return next((c for c in item if tag_of(c) in ("dl", "ul")), None)


def _within(element: Any, ancestor: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _rooted(page: str) -> str:
    return f"/{page}" if page else ""


def _is_toc(element: Any) -> bool:
    return "toc" in str(element.get("class", "")).split()


def _nested(element: Any) -> bool:
    """Whether a list sits inside another table of contents' list (a chapter's sections)."""
    parent = element.getparent()
    while parent is not None:
        if tag_of(parent) in ("dl", "ul") and _is_toc(parent):
            return True
        parent = parent.getparent()
    return False
