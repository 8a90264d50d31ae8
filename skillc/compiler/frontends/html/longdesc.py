"""The pages that describe a page's images: ``<img longdesc="ld-idm1389.html">``, or the link
DocBook's stylesheets write beside the image (``<a href="ld-idm1389.html" target="longdesc">``
in a ``longdesc-link`` box).

Why: an image's long description is a page of its own (DocBook's stylesheets write one per
``<mediaobject>`` with a ``<textobject>``: aptitude's manual has 36, each the text of a
screenshot), which no table of contents lists. Left alone, they were a chapter of 18 pages
all titled "Long Description" beside the manual's real chapters. Each belongs with the page
whose image it describes: read as that page's toctree (`skillc.compiler.toctree_trails`),
it joins that page's chapter.

Cost: a text test, then one lxml parse, of the pages that name a long description.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree
from skillc.compiler.frontends.html.content import parse
from skillc.compiler.frontends.html.trail import resolved

__all__ = ["longdesc_toctrees"]


def longdesc_toctrees(text: str, source_id: str, pages: Collection[str]) -> list[Toctree]:
    """The pages among ``pages`` that describe the images of HTML page ``text`` (id
    ``source_id``), as one toctree of ``/``-rooted ids; ``[]`` when it names none."""
    if "longdesc" not in text:
        return []
    root = parse(text)
    if root is None:
        return []
    here = posixpath.dirname(source_id)
    found: dict[str, None] = {}
    named = [str(image.get("longdesc", "")) for image in root.iter("img")]
    named += [str(link.get("href", "")) for link in root.iter("a") if _describes(link)]
    for href in named:
        target = resolved(here, href)
        if target in pages and target != source_id:
            found.setdefault(target, None)
    return [Toctree(entries=tuple(f"/{e}" for e in found))] if found else []


def _describes(link: Any) -> bool:
    """Whether a link opens an image's long description (DocBook's ``[D]`` link)."""
    if link.get("target") == "longdesc":
        return True
    parent = link.getparent()
    while parent is not None:
        if "longdesc-link" in str(parent.get("class", "")).split():
            return True
        parent = parent.getparent()
    return False
