"""Each RST or MyST page's place in its manual, from the toctrees of the build's pages.

Why: the group-pages pass folds a manual's pages by the tree their trails draw
(`skillc.ir.nodes.Source.trail`, `skillc.passes.manual_tree`). HTML pages carry their trail
as breadcrumbs; a Sphinx manual's sources carry only the toctrees that build those
breadcrumbs (`skillc.compiler.frontends.guide.toctree`). Reading them across the pages gives
each page the trail Sphinx would print: the group the root's toctree forms ("User's
Guide"), the chapter's own index page, and so on down to the page's parent. The root page
itself is left out, as breadcrumbs leave out the manual's front page: a page listed right
under it, in no group, has no trail and is grouped by folder like a page in no toctree.

Rules, as Sphinx's: a page's parent is the first toctree that lists it, walking the tree
from its root in reading order; a root is a page with toctrees that no toctree lists
(``index``); ``:glob:`` patterns match the build's pages in sorted order. A toctree's group
is a node of the trail of its own, named ``<page>#<group>``, which no source id can be (ids
are paths). Pages no toctree reaches keep no trail and are grouped by folder. A page whose
trail is already known (HTML breadcrumbs) is left as it is.

Cost: one scan of each RST/Markdown page's text, then one visit of each tree edge. The scan
is done where the page is read when it can be (`skillc.compiler.tasks.read_declaring`: a
reading worker, with the text in hand), so the parent neither reads the page again nor parses
it after the workers are done: python-doc's 80 pages without breadcrumbs (its indexes and
contents) cost the parent ~0.5 s of serial work at ``-j2`` here, and re-reading their files.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from skillc.compiler.frontends.guide.toctree import Toctree, summary_toctrees, toctrees
from skillc.compiler.frontends.html.contents import contents_toctrees, hub_toctree
from skillc.compiler.frontends.html.docbook_toc import docbook_toctrees
from skillc.compiler.frontends.html.longdesc import longdesc_toctrees
from skillc.compiler.frontends.html.reader import is_name_index
from skillc.compiler.frontends.html.side_nav import side_nav_toctrees
from skillc.compiler.frontends.html.sphinx_toctree import sphinx_toctrees
from skillc.ir.nodes import Skill, Source

#: The frontends whose pages declare toctrees, and whether each reads MyST Markdown.
_KINDS = {"rst": False, "markdown": True}
#: Extensions a toctree entry leaves out (Sphinx's source suffixes).
_SUFFIXES = (".rst", ".md", ".txt", ".markdown", ".ipynb")

#: A parent's entries: (group id or "", group title, child source id) in reading order.
_Children = list[tuple[str, str, str]]


def toctree_trails(
    sources: Sequence[Source],
    texts: Mapping[str, tuple[str, str]],
    skills: Sequence[Skill],
    read: Mapping[str, tuple[str, list[Toctree]]] | None = None,
) -> list[Source]:
    """``sources`` with the trails their pages' toctrees give (``texts``: source id ->
    (frontend name, text) of the build's text pages; ``skills`` name each page's title;
    ``read``: source id -> (frontend name, `declared_toctrees`) of the pages whose toctrees
    were found as they were read, which are not read again)."""
    known = {source.id for source in sources if source.trail}
    ids = {source.id for source in sources}
    read = read or {}
    declared: dict[str, list[Toctree]] = {}
    html: set[str] = set()  # the declaring pages that are HTML, told as each is read once
    for sid in texts:
        if sid not in known:
            if sid in read:
                kind, trees = read[sid]
            else:
                kind, text = texts[sid]
                trees = declared_toctrees(sid, kind, text, ids)
            if trees:
                declared[sid] = trees
                if kind == "html":
                    html.add(sid)
    declared.update(_hubs(declared, html, texts, ids, known, skills))
    if not declared:
        return list(sources)
    stems = _stems(sorted(ids))
    children = _edges(declared, stems)
    listed = {child for found in children.values() for _, _, child in found}
    roots = [page for page in declared if page not in listed]
    walked = _walk(roots, children)
    order = {page: rank for rank, page in enumerate(walked, 1)}  # depth first: reading order
    trails = _adopted({page: trail for page, trail in walked.items() if trail}, stems)
    titles = _titles(skills, children)
    result = []
    for source in sources:
        trail = trails.get(source.id)
        if trail and not source.trail:
            names = tuple(titles.get(node, "") for node in trail)
            source = replace(source, trail=trail, trail_titles=names)
        if source.id in order and not source.position:
            source = replace(source, position=order[source.id])
        result.append(source)
    return result


def declared_toctrees(sid: str, kind: str, text: str, ids: Collection[str]) -> list[Toctree]:
    """The toctrees page ``sid`` (of frontend ``kind``) declares: an RST or MyST page's
    directives, mdBook's SUMMARY.md, an HTML page's toctrees as Sphinx writes them
    (`html.sphinx_toctree`), its sidebar menu (`html.side_nav`) or its contents list of pages
    among ``ids`` (the build's source ids, `html.contents`)."""
    if kind == "markdown" and posixpath.basename(sid) == "SUMMARY.md":
        return summary_toctrees(text)
    if kind in _KINDS:
        return toctrees(text, _KINDS[kind])
    if kind != "html" or is_name_index(sid):  # terms in alphabetical order: no chapters
        return []
    trees = (
        docbook_toctrees(text, sid, ids)
        or sphinx_toctrees(text, sid, ids)
        or side_nav_toctrees(text, sid, ids)
        or contents_toctrees(text, sid, ids)
    )
    return [*trees, *longdesc_toctrees(text, sid, ids)]


def _hubs(
    declared: Mapping[str, Sequence[Toctree]],
    html: Collection[str],
    texts: Mapping[str, tuple[str, str]],
    ids: Collection[str],
    known: Collection[str],
    skills: Sequence[Skill],
) -> dict[str, list[Toctree]]:
    """The chapter contents of the kept HTML pages an HTML contents page lists
    (`html.contents.hub_toctree`: SQLite's ``lang.html`` under "Programming Interfaces");
    ``html``: the pages of ``declared`` that are HTML (not read again to be told)."""
    listed = {
        entry
        for sid, trees in declared.items()
        if sid in html
        for tree in trees
        for entry in tree.entries
    }
    kept = {skill.prov[0].source.partition("#")[0] for skill in skills if skill.prov}
    found: dict[str, list[Toctree]] = {}
    for entry in sorted(listed):
        sid = entry.lstrip("/")
        if sid in declared or sid in known or sid not in kept or sid not in texts:
            continue
        kind, text = texts[sid]
        hub = hub_toctree(text, sid, ids, listed) if kind == "html" else None
        if hub is not None:
            found[sid] = [hub]
    return found


def _stems(ids: Sequence[str]) -> dict[str, str]:
    """Each page's id without its source suffix (how toctrees name it) -> its id."""
    found: dict[str, str] = {}
    for sid in sorted(ids):
        stem, dot, suffix = sid.rpartition(".")
        if dot and f".{suffix.lower()}" in _SUFFIXES:
            found.setdefault(stem, sid)
        found.setdefault(sid, sid)
    return found


def _edges(
    declared: Mapping[str, Sequence[Toctree]], stems: Mapping[str, str]
) -> dict[str, _Children]:
    """Each page's entries: the pages its toctrees list (or those listed under it by another
    page, `Toctree.parent`: mdBook's SUMMARY.md), each with the group its toctree forms."""
    found: dict[str, _Children] = {}
    for page, trees in declared.items():
        here = posixpath.dirname(page)
        for tree in trees:
            owner = page
            if tree.parent:
                owner = next(iter(_resolved(here, tree.parent, False, stems)), "")
            group = f"{owner}#{tree.caption}" if tree.caption else ""
            for entry in tree.entries:
                for child in _resolved(here, entry, tree.glob, stems):
                    if owner and child not in (owner, page):
                        found.setdefault(owner, []).append((group, tree.caption, child))
    return found


def _resolved(here: str, entry: str, glob: bool, stems: Mapping[str, str]) -> list[str]:
    """The source ids ``entry`` names from folder ``here`` (a pattern's matches, sorted)."""
    path = entry.lstrip("/") if entry.startswith("/") else posixpath.join(here, entry)
    path = posixpath.normpath(path)
    if glob and any(c in entry for c in "*?["):
        return [stems[s] for s in sorted(stems) if fnmatch.fnmatchcase(s, path) and s != stems[s]]
    found = stems.get(path)
    return [found] if found else []


def _walk(roots: Sequence[str], children: Mapping[str, _Children]) -> dict[str, tuple[str, ...]]:
    """Each page the roots reach, in reading order (depth first), with its trail: the nodes
    above it from its root, first listing wins (``()`` for a root)."""
    trails: dict[str, tuple[str, ...]] = {}
    order: list[str] = []
    for root in roots:
        if root in trails:
            continue
        trails[root] = ()
        stack = [root]
        while stack:  # depth first in reading order, as Sphinx's navigation reads
            page = stack.pop()
            order.append(page)
            above = (*trails[page], page) if page != root else ()  # breadcrumbs omit it
            fresh = []
            for group, _, child in children.get(page, ()):
                if child not in trails:
                    trails[child] = (*above, group) if group else above
                    fresh.append(child)
            stack.extend(reversed(fresh))
    return {page: trails[page] for page in order}


def _adopted(
    trails: dict[str, tuple[str, ...]], stems: Mapping[str, str]
) -> dict[str, tuple[str, ...]]:
    """``trails`` with each page no toctree lists (an ``:orphan:``, flask's
    ``patterns/jquery``) placed under its folder's ``index`` page when that one is in the
    tree: the folder rule, which keeps a page with its neighbours, within the manual's tree."""
    placed = dict(trails)
    for stem, sid in stems.items():
        folder = posixpath.dirname(stem)
        index = stems.get(posixpath.join(folder, "index"), "") if folder else ""
        if sid not in trails and index and index != sid and index in trails:
            placed[sid] = (*trails[index], index)
    return placed


def _titles(skills: Sequence[Skill], children: Mapping[str, _Children]) -> dict[str, str]:
    """The title of each trail node: a page's first skill's, a group's its caption."""
    titles: dict[str, str] = {}
    for skill in skills:
        if skill.prov:
            titles.setdefault(skill.prov[0].source.partition("#")[0], skill.skill_name)
    for found in children.values():
        for group, caption, _ in found:
            if group:
                titles.setdefault(group, caption)
    return titles
