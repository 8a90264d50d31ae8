"""The pages that describe a page's images: ``<img longdesc="ld-idm1389.html">``, or the link
DocBook's stylesheets write beside the image (``<a href="ld-idm1389.html" target="longdesc">``
in a ``longdesc-link`` box).

Why: an image's long description is a page of its own (DocBook's stylesheets write one per
``<mediaobject>`` with a ``<textobject>``: aptitude's manual has 36, each the text of a
screenshot), which no table of contents lists. Left alone, they were a chapter of 18 pages
all titled "Long Description" beside the manual's real chapters. Each belongs with the page
whose image it describes: read as that page's toctree (`skillc.compiler.toctree_trails`),
it joins that page's chapter.

Such a page is titled by the stylesheet, "Long Description" every one: an agent reading the
chapter's table of contents saw 18 lines of it. `longdesc_titled` names each by what the
image it describes says of itself: its ``alt`` text (aptitude's "[package view, packages
broken after attempting to remove sound-juicer]"), else its figure's caption.

Cost: a text test, then one lxml parse, of the pages that name a long description.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from skillc.compiler.frontends.guide.toctree import Toctree
from skillc.compiler.frontends.html.content import parse
from skillc.compiler.frontends.html.names import opaque_file_name, title_name
from skillc.compiler.frontends.html.trail import resolved
from skillc.ir.nodes import Heading, Skill, Source

__all__ = ["longdesc_titled", "longdesc_toctrees"]

#: What DocBook's stylesheets wrap an ``alt`` text in ("[package view, ...]").
_BRACKETS = re.compile(r"^\[(.*)\]$", re.DOTALL)


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


def longdesc_titled(
    skills: Sequence[Skill], sources: Sequence[Source], texts: Mapping[str, tuple[str, str]]
) -> list[Skill]:
    """``skills`` with each long-description page (placed under the page whose image it
    describes, `longdesc_toctrees`) titled by that image's alt text or caption, when the page
    has no heading of its own (the label becomes its title heading, which its reference file
    and its line in the chapter's contents show)."""
    # ``in texts`` would read the page (`Mapping.__contains__` asks ``texts[id]``, which reads
    # the file again and decodes it: python-doc's 470 trails, 50 ms); its keys are at hand.
    readable = set(texts)
    parents = {s.trail[-1] for s in sources if s.trail and s.trail[-1] in readable}
    ids = {source.id for source in sources}
    found: dict[str, str] = {}
    for parent in sorted(parents):
        kind, text = texts[parent]
        if kind == "html" and "longdesc" in text:
            for target, label in _labels(text, parent, ids).items():
                found.setdefault(target, label)
    if not found:
        return list(skills)
    return [_retitled(skill, found) for skill in skills]


def _retitled(skill: Skill, found: Mapping[str, str]) -> Skill:
    source = skill.prov[0].source.partition("#")[0] if skill.prov else ""
    label = found.get(source)
    if not label or any(isinstance(b, Heading) and b.level == 1 for b in skill.blocks):
        return skill
    title = Heading(id=f"{skill.id}.H", level=1, text=label, prov=skill.prov[:1])
    # A name the stylesheet's title gave (``ld-idm272.html``: "Long Description", 36 pages
    # named long-description-N at page grain) is the label's too.
    name = title_name(label) if opaque_file_name(source) else skill.name
    return replace(skill, name=name, skill_name=label, blocks=(title, *skill.blocks))


def _labels(text: str, source_id: str, pages: Collection[str]) -> dict[str, str]:
    """Each long-description page among ``pages`` that page ``text`` links -> what the image
    beside the link says of itself."""
    root = parse(text)
    if root is None:
        return {}
    here = posixpath.dirname(source_id)
    found: dict[str, str] = {}
    for image in root.iter("img"):
        if image.get("longdesc"):
            _add(found, resolved(here, str(image.get("longdesc"))), _label(image, image), pages)
    for link in root.iter("a"):
        if _describes(link):
            box = _media_box(link)
            image = next(box.iter("img"), None) if box is not None else None
            label = _label(image, box) if box is not None else ""
            _add(found, resolved(here, str(link.get("href", ""))), label, pages)
    return found


def _add(found: dict[str, str], target: str, label: str, pages: Collection[str]) -> None:
    if label and target in pages:
        found.setdefault(target, label)


def _media_box(link: Any) -> Any:
    """The element holding a long-description link and its image (DocBook's
    ``mediaobject``), or None."""
    parent = link.getparent()
    while parent is not None:
        if any(True for _ in parent.iter("img")):
            return parent
        parent = parent.getparent()
    return None


def _label(image: Any, box: Any) -> str:
    """An image's ``alt`` text without DocBook's brackets, else its figure's caption."""
    alt = " ".join(str(image.get("alt", "")).split()) if image is not None else ""
    alt = _BRACKETS.sub(r"\1", alt).strip()
    if alt:
        return alt
    parent = box
    while parent is not None:
        classes = str(parent.get("class", "")).split()
        if "figure" in classes or "informalfigure" in classes:
            caption = next((c for c in parent.iter() if _is_caption(c)), None)
            if caption is not None:
                return " ".join("".join(caption.itertext()).split())
        parent = parent.getparent()
    return ""


def _is_caption(element: Any) -> bool:
    classes = str(element.get("class", "") if hasattr(element, "get") else "").split()
    return "title" in classes or "caption" in classes
