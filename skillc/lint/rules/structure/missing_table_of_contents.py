"""PK304: a reference file over 100 lines has no table of contents near its top."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.ir.inline import link_texts, unmarked
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import (
    file_links,
    mentioned_in,
    mentions,
    resolve,
    target_path,
)
from skillc.package.model import Package, PackageFile, span_at

MAX_LINES = 100
#: How far from the top a table of contents may start and still count as "at the top".
WINDOW = 30
MIN_ANCHOR_ITEMS = 3

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_TOC_LABEL = re.compile(
    r"(?i)^ {0,3}(?:#{1,6}[ \t]+)?(?:\*\*|__)?[ \t]*"
    r"(?:table of contents|contents|toc|on this page|in this (?:file|document|page|guide))"
    r"[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*$"
)
_TOC_MARKER = re.compile(r"(?i)^[ \t]*(?:\[\[_toc_\]\]|\[toc\]|<!--[ \t]*toc[ \t]*-->)[ \t]*$")
_ANCHOR_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]*\]\(#[^)\s]*\)")


@rule("PK304", "missing-table-of-contents", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A reference file longer than 100 lines has no table of contents in its first 30 lines.

    ## What it checks
    Reference files are the Markdown files under `references/` and any other Markdown file
    SKILL.md links to or names. One with more than 100 lines needs, within its first 30 lines
    and outside code blocks, either a *contents label* (a heading, bold line or plain line
    reading "Contents", "Table of contents", "TOC", "On this page" or "In this
    file/document/page/guide", with an optional colon), a `[TOC]`, `[[_TOC_]]` or
    `<!-- toc -->` marker, or a list of at least 3 items that each start with a link to an
    `#anchor`.

    ## Why it matters
    Anthropic's best practices: "For reference files longer than 100 lines, include a table of
    contents at the top." Agents often preview a file's first lines (`head -100`) before deciding
    what to read; a table of contents there shows everything the file covers.

    ## Example
    `references/api.md`: 400 lines of `##` sections and no overview at the top.

    ## Fix
    The safe fix inserts a `## Contents` list of the file's headings (indented by level, as
    skillc's compiler writes them) right after its first heading, or at the top when the first
    heading is below line 28. It is offered when there are at least two headings to list.
    """
    skill = pkg.skill_file
    if skill is None or skill.text is None:
        return
    named = _named_by_skill(pkg, skill)
    for file in pkg.files:
        text = file.text
        if text is None or not file.is_markdown or file.path == skill.path:
            continue
        if not (file.path.startswith("references/") or file.path in named):
            continue
        lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        if lines <= MAX_LINES or _has_toc(text):
            continue
        first_end = text.find("\n")
        first_end = len(text) if first_end < 0 else first_end
        message = (
            f"{file.path} is {lines} lines with no table of contents in its first {WINDOW} lines"
        )
        yield diagnostic(
            "PK304",
            message,
            span=span_at(file.display, text, 0, first_end - (text[:first_end].endswith("\r"))),
            fix=_fix(file, text),
        )


def _named_by_skill(pkg: Package, skill: PackageFile) -> set[str]:
    """Markdown files SKILL.md links to or mentions."""
    seen = mentions(skill.text or "")
    named = {
        f.path for f in pkg.files if f.is_markdown and mentioned_in(f.path, seen, by_code=False)
    }
    for found in file_links(skill):
        if found.kind == "relative":
            target = resolve(skill.path, target_path(found.link.target))
            if target is not None:
                named.add(target)
    return named


class _Line(NamedTuple):
    number: int  # 1-based
    start: int
    end: int  # before the line break (and before a CR)
    text: str
    in_fence: bool


def _lines(text: str, limit: int | None = None) -> Iterator[_Line]:
    """Lines of ``text`` with offsets, marking those inside fenced code (fence lines too).

    Lines are found one at a time, so reading the first 30 lines of a long file costs 30 lines.
    """
    fence = ""
    offset = 0
    number = 0
    while offset <= len(text) and (limit is None or number < limit):
        number += 1
        newline = text.find("\n", offset)
        stop = len(text) if newline < 0 else newline
        end = stop - 1 if stop > offset and text[stop - 1] == "\r" else stop
        line = text[offset:end]
        opening = _FENCE.match(line)
        inside = bool(fence) or bool(opening)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
        yield _Line(number, offset, end, line, inside)
        if newline < 0:
            return
        offset = newline + 1


def _has_toc(text: str) -> bool:
    anchor_items = 0
    for line in _lines(text, WINDOW):
        if line.in_fence:
            continue
        if _TOC_LABEL.match(line.text) or _TOC_MARKER.match(line.text):
            return True
        if _ANCHOR_ITEM.match(line.text):
            anchor_items += 1
            if anchor_items >= MIN_ANCHOR_ITEMS:
                return True
    return False


def _fix(file: PackageFile, text: str) -> Fix | None:
    headings = [
        (line, match)
        for line in _lines(text)
        if not line.in_fence and (match := _HEADING.match(line.text))
    ]
    if not headings:
        return None
    first_line, first = headings[0]
    newline = "\r\n" if "\r\n" in text else "\n"
    if first_line.number <= WINDOW - 2:  # the inserted label must land inside the window
        listed = headings[1:]
        at = first_line.end + len(newline) if first_line.end < len(text) else len(text)
        level = max(2, len(first.group(1)))
    else:
        listed, at, level = headings, 0, 2
    if len(listed) < 2:
        return None
    top = min(len(m.group(1)) for _, m in listed)
    items = [f"{'  ' * (len(m.group(1)) - top)}- {_plain(m.group(2))}" for _, m in listed]
    block = newline.join([f"{'#' * level} Contents", "", *items, ""])
    before = newline if at > 0 else ""
    after = "" if text.startswith(newline, at) else newline
    replacement = before + block + after
    edit = Edit(path=file.display, start=at, end=at, replacement=replacement)
    return Fix(
        message="Insert a `## Contents` list of the file's headings",
        applicability=Applicability.SAFE,
        edits=(edit,),
    )


def _plain(heading: str) -> str:
    """Heading text without inline markup, as the backend's contents lists show it: links keep
    their text."""
    return unmarked(link_texts(heading))
