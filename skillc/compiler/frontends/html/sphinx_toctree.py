"""The toctrees a page of a Sphinx HTML build shows in its body: ``div.toctree-wrapper``.

Why: most Sphinx themes print breadcrumbs (`html.trail`), from which every page's place in the
manual is read. Some do not (behave's, Alabaster's default sidebar without a related bar):
then the pages had no trail, were folded in the alphabetical order of their files, and runs
mixed unrelated chapters (behave's "More Information about Behave, Behavior Driven
Development and Tutorial", 16 pages). The structure is still on the pages: each toctree
directive is written into the body as a ``div.toctree-wrapper`` holding the list of the pages
it names (``li.toctree-l1``, their own sections and subpages nested below as ``toctree-l2``
and further). Read as toctrees (`skillc.compiler.frontends.guide.toctree.Toctree`), they give
each page the place and the reading order the RST sources' directives give
(`skillc.compiler.toctree_trails`).

What is read, per wrapper: the first link of each first-level item that names a page of the
build (its fragment dropped; links leaving the build, and the page itself, are not entries),
and the group the toctree forms: its caption (``p.caption``), else none. The nested levels are
not read: a subpage is listed by its own parent page's toctree, which names its place.

Cost: a text test, then one lxml parse of the pages that show a toctree and have no trail.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree, group_name
from skillc.compiler.frontends.html.content import parse
from skillc.compiler.frontends.html.trail import resolved

#: Sphinx's class on the element each toctree directive writes (``toctree-wrapper compound``).
WRAPPER = "toctree-wrapper"


def sphinx_toctrees(text: str, source_id: str, pages: Collection[str]) -> list[Toctree]:
    """The toctrees the Sphinx HTML page ``text`` (id ``source_id``) shows, in page order,
    entries as ``/``-rooted ids of ``pages`` (the build's); ``[]`` for another page."""
    if WRAPPER not in text:
        return []
    root = parse(text)
    if root is None:
        return []
    here = posixpath.dirname(source_id)
    found: list[Toctree] = []
    for wrapper in root.iter("div"):
        if WRAPPER in (wrapper.get("class") or "").split():
            entries = _entries(wrapper, here, pages, source_id)
            if entries:
                found.append(Toctree(entries=entries, caption=_caption(wrapper)))
    return found


def _entries(wrapper: Any, here: str, pages: Collection[str], own: str) -> tuple[str, ...]:
    """The pages the first-level items of ``wrapper``'s list link to first, each once."""
    seen: dict[str, None] = {}
    for item in wrapper.iter("li"):
        if "toctree-l1" not in (item.get("class") or "").split():
            continue
        link = next(item.iter("a"), None)
        target = resolved(here, str(link.get("href", ""))) if link is not None else ""
        if target and target != own and target in pages:
            seen.setdefault(f"/{target}", None)
    return tuple(seen)


def _caption(wrapper: Any) -> str:
    """The toctree's caption (``:caption: User Guide``), unless it names no group
    (`toctree.group_name`, as for the RST sources' directives)."""
    for paragraph in wrapper.iter("p"):
        if "caption" in (paragraph.get("class") or "").split():
            return group_name(" ".join("".join(paragraph.itertext()).split()))
    return ""
