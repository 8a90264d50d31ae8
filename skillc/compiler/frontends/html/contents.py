"""The chapters a manual's contents page lists: a nested list of labelled groups of links.

Why: a site without breadcrumbs (SQLite's documentation, hand-written sites) often still has
one page that states its structure: ``docs.html`` lists "Overview Documents", "Programming
Interfaces", "Extensions" ..., each with the pages it holds. Those are the chapters the
authors chose; the alphabetical order of the files is not. Read as toctrees
(`skillc.compiler.frontends.guide.toctree.Toctree`), they give each page listed its trail
(`skillc.compiler.toctree_trails`).

What counts as a contents page: a list whose items are groups, each a label (text, or a
link that goes nowhere: an expander) above a nested list of links, with at least `MIN_GROUPS`
groups listing at least `MIN_PAGES` pages of the build between them. Site menus, flat
link lists (an alphabetical listing of every document) and a texinfo or Sphinx contents
tree (each item a linked chapter above its linked sections) are not such a list. Links are
resolved against the page's path as breadcrumbs are (`html.trail`), links that leave the
build dropped.

A page a contents group lists can be a chapter's own contents (SQLite's ``lang.html``, "SQL As
Understood By SQLite", lists its thirty-odd ``lang_*.html`` pages, which ``docs.html`` does not):
its longest list of links to pages of its own folder is read as its toctree (`hub_toctree`),
so those pages join the chapter the contents page puts it in rather than the loose pages of
the folder. Not a list that repeats the contents page (more than `MAX_RELISTED` of its pages:
an alphabetical list of every document, a page's see-also list), nor links to another folder
(``cintro.html`` naming ten ``c3ref/`` pages, which keep their folder's group).

Cost: a text test, then one lxml parse, of the pages that have no trail of their own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree
from skillc.compiler.frontends.html.content import parse, tag_of
from skillc.compiler.frontends.html.trail import resolved

#: A contents page's list has at least this many groups ...
MIN_GROUPS = 3
#: ... which list at least this many pages of the build between them.
MIN_PAGES = 10
_LISTS = ("ul", "ol")
#: A chapter page's list names at most this share of pages the contents page lists itself.
MAX_RELISTED = 0.25
#: Marks around a label: an expander's triangle, a trailing colon.
_MARKS = re.compile(r"^[^\w(]+|[\s:;,.]+$")


def contents_toctrees(text: str, source_id: str, pages: Collection[str]) -> list[Toctree]:
    """The groups of the contents list of the HTML page ``text`` (whose id is
    ``source_id``) as toctrees, entries as ``/``-rooted ids of ``pages`` (the build's);
    ``[]`` for another page."""
    if text.count("<li") < MIN_PAGES or text.count("<ul") + text.count("<ol") < MIN_GROUPS:
        return []
    root = parse(text)
    if root is None:
        return []
    here = posixpath.dirname(source_id)
    best: list[Toctree] = []
    most = MIN_PAGES - 1
    for found in root.iter(*_LISTS):
        groups = _groups(found, here, pages)
        listed = sum(len(g.entries) for g in groups)
        if len(groups) >= MIN_GROUPS and listed > most:  # the list naming the most pages
            best, most = groups, listed
    return best


def hub_toctree(
    text: str, source_id: str, pages: Collection[str], listed: Collection[str]
) -> Toctree | None:
    """The chapter contents of HTML page ``source_id`` (``text``), which a contents page
    lists: its longest list of links to ``pages`` of its own folder, as a toctree without a
    group; None when it has none of `MIN_PAGES` links, or when more than `MAX_RELISTED` of
    them are ``listed`` (the contents page's entries, ``/``-rooted) already."""
    if text.count("<li") < MIN_PAGES:
        return None
    root = parse(text)
    if root is None:
        return None
    here = posixpath.dirname(source_id)
    best: list[str] = []
    for found in root.iter(*_LISTS):
        entries = [
            e
            for e in _links(found, here)
            if e in pages and e != source_id and posixpath.dirname(e) == here
        ]
        if len(entries) > len(best):
            best = entries
    relisted = sum(1 for e in best if f"/{e}" in listed)
    if len(best) < MIN_PAGES or relisted > MAX_RELISTED * len(best):
        return None
    return Toctree(entries=tuple(f"/{e}" for e in best))


def _groups(listing: Any, here: str, pages: Collection[str]) -> list[Toctree]:
    """The labelled groups of one list: each item with a label and a nested list of links."""
    groups: list[Toctree] = []
    for item in listing:
        if tag_of(item) != "li":
            continue
        nested = next((c for c in item if tag_of(c) in _LISTS), None)
        if nested is None:
            continue
        if any(tag_of(c) == "a" and c.get("href") for c in _above(item)):
            continue  # a page's own entry and its sections: a contents tree, not a group
        entries = [e for e in _links(nested, here) if e in pages]
        label = _label(item)
        if entries and label:
            groups.append(Toctree(entries=tuple(f"/{e}" for e in entries), caption=label))
    return groups


def _above(item: Any) -> list[Any]:
    """The children of a list item above its first nested list."""
    found = []
    for child in item:
        if tag_of(child) in _LISTS:
            break
        found.append(child)
    return found


def _label(item: Any) -> str:
    """What a list item is called: its first link's text (``<a>Overview Documents</a>``),
    else its text above its nested lists; without the marks around it (``▸``, ``:``)."""
    parts = [item.text or ""]
    for child in _above(item):
        if tag_of(child) == "a":
            parts = ["".join(child.itertext())]
            break
        parts.append("".join(child.itertext()) + (child.tail or ""))
    return _MARKS.sub("", " ".join("".join(parts).split()))


def _links(nested: Any, here: str) -> list[str]:
    """The source ids a nested list's items link to first, in order, each once."""
    found: dict[str, None] = {}
    for item in nested:
        link = next(item.iter("a"), None) if tag_of(item) == "li" else None
        target = resolved(here, str(link.get("href", ""))) if link is not None else ""
        if target:
            found.setdefault(target, None)
    return list(found)
