"""The tables of contents a Sphinx page declares: ``.. toctree::`` (RST, also inside MyST's
``{eval-rst}``) and MyST's ``{toctree}`` fences, read from the page's text.

Why: a Sphinx manual written in RST or MyST Markdown states its chapters in toctrees: the root
page lists "User's Guide", "API Reference", "Additional Notes" and the pages of each, a
chapter's own index lists its sections. That is the structure an author meant; the folder a
page sits in is not (flask's docs/ is one flat folder). The built HTML repeats it as
breadcrumbs (`skillc.compiler.frontends.html.trail`); the sources have only the directives.

What is read, per toctree: its entries (``name``, ``Title <name>``; ``self`` and URLs are
not pages), its ``:glob:`` flag, and the name of the group it forms: its ``:caption:``, else
the section heading it sits under when that is not the page's own title (flask's and click's
root pages write "User's Guide" as a heading above an uncaptioned toctree). ``:hidden:``
toctrees count: Sphinx builds its navigation from them all the same.

Cost: one pass over the page's lines; a regular-expression test per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillc.compiler.frontends.guide.directives import split_options

#: RST's ``.. toctree::`` at any indentation (inside ``{eval-rst}`` or ``.. only::``).
_RST = re.compile(r"^(\s*)\.\.\s+toctree::\s*$")
#: MyST's fence opening a toctree: ```` ```{toctree} ```` or ``:::{toctree}``.
_MYST = re.compile(r"^\s*(`{3,}|:{3,})\s*\{toctree\}\s*$")
#: Any other fence opening (its body is code, not structure), to skip.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
#: An RST section underline (or overline): one punctuation character repeated.
_ADORNMENT = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1+\s*$")
_TITLED_ENTRY = re.compile(r"^(.*?)\s*<([^<>]+)>$")
#: The words of captions that name no group: "Contents:" above a chapter's list of its own
#: pages, attrs' "Full Table of Contents" above the root's.
_GENERIC = frozenset(
    {"contents", "table", "of", "toc", "index", "indices", "and", "tables", "full", "the"}
)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Toctree:
    """One toctree of a page: the names it lists (as written, extension-less paths relative
    to the page's folder, or to the manual's root when they start with ``/``), whether they
    are glob patterns, and the name of the group it forms (``""``: none, its entries hang
    directly under the page). ``parent`` names the page they hang under when it is not the
    page declaring them (a nested item of mdBook's ``SUMMARY.md``)."""

    entries: tuple[str, ...]
    glob: bool = False
    caption: str = ""
    parent: str = ""


def toctrees(text: str, markdown: bool) -> list[Toctree]:
    """The toctrees of a page's ``text`` in page order (``markdown``: a MyST page, whose
    headings are ATX and whose code fences hide their content)."""
    lines = text.splitlines()
    found: list[Toctree] = []
    headings: list[str] = []  # the page's section titles so far, the first its own title
    i, rst_end = 0, -1  # the closing line of the ``{eval-rst}`` fence being read
    while i < len(lines):
        line = lines[i]
        if i == rst_end:  # its closing fence opens nothing
            i += 1
            continue
        rst = _RST.match(line)
        myst = _MYST.match(line) if markdown else None
        if rst or myst:
            body, i = _rst_body(lines, i, rst.group(1)) if rst else _fenced(lines, i, myst)
            under = headings[-1] if len(headings) > 1 else ""
            found.append(_toctree(body, yaml=myst is not None, under=under))
            continue
        if markdown and (fence := _FENCE.match(line)):
            end = _fence_end(lines, i, fence.group(1))
            if "eval-rst" in fence.group(2):  # RST inside: read on, line by line
                rst_end, end = end - 1, i + 1
            i = end
            continue
        title = _heading(lines, i, markdown)
        if title:
            headings.append(title)
        i += 1
    return found


def _toctree(body: list[str], yaml: bool, under: str) -> Toctree:
    options, first = split_options(body, yaml)
    entries = tuple(e for e in (_entry(line) for line in body[first:]) if e)
    caption = group_name(options.get("caption", "").strip() or under)
    return Toctree(entries=entries, glob="glob" in options, caption=caption)


def group_name(caption: str) -> str:
    """``caption`` as the name of the group a toctree forms, or ``""`` when it names none
    ("Contents:", "Indices and tables": `_GENERIC` words only)."""
    return caption if set(re.findall(r"\w+", caption.casefold())) - _GENERIC else ""


def _entry(line: str) -> str:
    """The page an entry line names (``Title <name>`` names ``name``), or ``""``."""
    text = line.strip()
    if titled := _TITLED_ENTRY.match(text):
        text = titled.group(2).strip()
    if not text or text == "self" or _URL.match(text) or text.startswith(".."):
        return ""
    return text


def _rst_body(lines: list[str], start: int, indent: str) -> tuple[list[str], int]:
    """The lines of the directive at ``start`` (those indented deeper than ``indent``, blank
    lines between them), dedented; and the index after them."""
    body: list[str] = []
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > len(indent)):
        body.append(lines[i].strip())
        i += 1
    while body and not body[-1]:
        body.pop()
    return body, i


def _fenced(lines: list[str], start: int, opening: re.Match[str] | None) -> tuple[list[str], int]:
    """The body of the MyST fence at ``start`` and the index after its closing line."""
    mark = opening.group(1) if opening else "```"
    end = _fence_end(lines, start, mark)
    return [line.strip() for line in lines[start + 1 : end - 1]], end


def _fence_end(lines: list[str], start: int, mark: str) -> int:
    """The index after the line closing the fence opened at ``start`` with ``mark``."""
    closing = re.compile(rf"^\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
    for i in range(start + 1, len(lines)):
        if closing.match(lines[i]):
            return i + 1
    return len(lines)


def _heading(lines: list[str], i: int, markdown: bool) -> str:
    """The section title line ``i`` starts, or ``""``."""
    line = lines[i]
    if markdown:
        atx = _ATX.match(line)
        return atx.group(2) if atx else ""
    text = line.strip()
    if not text or _indent(line) or _ADORNMENT.match(text) or i + 1 >= len(lines):
        return ""
    under = lines[i + 1].rstrip()
    return text if _ADORNMENT.match(under) and len(under) >= len(text) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


#: An mdBook SUMMARY.md entry: a (bulleted, possibly indented) link to a chapter's file.
_SUMMARY_ITEM = re.compile(r"^(\s*)(?:[-*+]\s+)?\[[^\]]*\]\(([^)\s]*)\)\s*$")


def summary_toctrees(text: str) -> list[Toctree]:
    """mdBook's ``SUMMARY.md`` as toctrees: each ``# Part`` heading a group of the chapters
    listed under it, each nested item listed under the item above it; draft chapters (an
    empty link) are no pages."""
    found: list[Toctree] = []
    caption = ""
    stack: list[tuple[int, str]] = []  # (indent, entry) of the items open above this one
    seen_title = False
    for line in text.splitlines():
        if atx := _ATX.match(line):
            if seen_title:
                caption = atx.group(2)
            seen_title, stack = True, []
            continue
        item = _SUMMARY_ITEM.match(line)
        if not item:
            continue
        indent, target = len(item.group(1).expandtabs(4)), item.group(2).split("#", 1)[0]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if target:
            parent = stack[-1][1] if stack else ""
            found.append(
                Toctree(entries=(target,), caption="" if parent else caption, parent=parent)
            )
            stack.append((indent, target))
    return found
