"""Run-in headings: where a PDF whose type says nothing starts its sections.

Why: some PDFs carry no outline and set every character in one font at one size (docbook-xsl's
reference.pdf: 95 pages, all NimbusRomNo9L-Regu 10 pt), so neither bookmarks nor type find a
heading and the whole manual became one section. Their structure is still in the text, run into
the paragraphs as DocBook's reference pages print it:

- a reference page starts ``Name<identifier> — <purpose>`` ("Namecallout.graphics.path — Path
  to callout graphics Synopsis ..."): the identifier is a second-level heading;
- a group of reference pages starts with its title printed three times running
  ("ProfilingProfilingProfiling", the group's header, title and label run together): the title
  is a first-level heading, and a new skill.

Only used when the outline and the fonts find nothing (`skillc.compiler.frontends.pdf.
sections.find_headings` returned no mark). A line holding a run-in heading is cut into lines
(same position, same font) before it, the heading alone, and after it; the heading's line
holds its title once (the repeated copies and the "Name" label are the layout's, not text).

Guarantees: pure; every other character of a cut line is kept in order in the lines around
the heading; marks are in document order.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from skillc.compiler.frontends.pdf.clean import Page
from skillc.compiler.frontends.pdf.layout import Line
from skillc.compiler.frontends.pdf.sections import Mark
from skillc.passes.manual_tree import MAX_CHAPTER_PAGES, MAX_CHAPTER_SECTIONS, runs

# ``Name`` then a reference page's identifier, then its em dash (here or on the next line) and
# its purpose, which is part of the heading when "Synopsis" or "Description" ends it here.
_REFENTRY = re.compile(
    r"Name([A-Za-z_$][\w.:$/-]*[\w$])"
    r"(?:(\s*—\s*[^—]{1,100}?)(?=\s(?:Synopsis|Description))|(?=\s*—|\s*$))"
)
# A title printed three times running, at a word's start.
_TRIPLED = re.compile(r"(?<![\w])([A-Z][^—\n]{2,48}?)\1\1")
# A part's title printed twice running before its table of contents (DocBook's part
# header and title): "FO Parameter ReferenceFO Parameter ReferenceTable of Contents".
_DOUBLED = re.compile(r"(?<![\w])([A-Z][^—\n]{2,60}?)\1(?=Table of Contents)")
_HEX = re.compile(r"[0-9A-F]+")
_CAPITAL = re.compile(r"[A-Z]")
#: Fewer reference pages than this: not a reference manual, no run-in headings.
MIN_REFENTRIES = 3


def runin_headings(pages: list[Page]) -> tuple[list[Page], list[Mark]]:
    """``pages`` with each run-in heading on a line of its own, and the marks of those lines;
    ``(pages, [])`` unchanged when the text has fewer than `MIN_REFENTRIES` reference pages.
    Parts are headings, each a new skill, only when they tell apart groups of one title
    (`_parted`); otherwise their lines stay as they are."""
    cut, found = _cut(pages, parts=True)
    if not _parted(found):
        cut, found = _cut(pages, parts=False)
    if sum(1 for *_, level, _ in found if level == _REFENTRY_LEVEL) < MIN_REFENTRIES:
        return pages, []
    top = min((level for *_, level, _ in found), default=_REFENTRY_LEVEL)
    marks = [
        Mark(p, n, 1, level - top + 1, title, level == top)
        for p, n, level, title in found
        if level >= top
    ]
    return cut, _runs(marks) if top == _PART_LEVEL else marks


def _runs(marks: list[Mark]) -> list[Mark]:
    """``marks`` with each part larger than a description can route (`MAX_CHAPTER_SECTIONS`
    reference pages) cut into runs of its groups, in reading order: a run's first group
    starts a skill of its own, named with its part (`Mark.part`)."""
    result = list(marks)
    parts = [i for i, m in enumerate(marks) if m.top] + [len(marks)]
    for start, end in pairwise(parts):
        groups = [i for i in range(start + 1, end) if marks[i].level == 2]
        if not groups:
            continue
        bounds = [start, *groups[1:], end]  # the part's lead goes with its first group
        weights = [b - a for a, b in pairwise(bounds)]
        for cut in runs(weights, MAX_CHAPTER_SECTIONS, MAX_CHAPTER_PAGES)[1:]:
            first = bounds[cut.start]
            result[first] = replace(marks[first], top=True, part=marks[start].text)
    return result


#: Levels of run-in headings as cut: a part, a group of reference pages, a reference page.
_PART_LEVEL, _GROUP_LEVEL, _REFENTRY_LEVEL = 1, 2, 3


def _cut(pages: list[Page], parts: bool) -> tuple[list[Page], list[tuple[int, int, int, str]]]:
    """``pages`` cut around their run-in headings (parts too when ``parts``), and the
    (page, line, level, title) of each heading."""
    cut: list[Page] = []
    found: list[tuple[int, int, int, str]] = []  # page, line, level, title
    document = "\n".join(page.text for page in pages) if parts else ""
    for p, page in enumerate(pages):
        if page.contents:
            cut.append(page)
            continue
        lines: list[Line] = []
        for n, line in enumerate(page.lines):
            after = page.lines[n + 1].text if n + 1 < len(page.lines) else ""
            for piece, level in _pieces(line, after, document):
                if level:
                    found.append((p, len(lines), level, piece.text))
                lines.append(piece)
        text = "\n".join(line.text for line in lines)
        cut.append(replace(page, lines=tuple(lines), text=text))
    return cut, found


def _parted(found: list[tuple[int, int, int, str]]) -> bool:
    """Whether parts tell apart groups that share a title (DocBook's "Profiling" of the HTML
    parameters and of the FO ones: as skills of their own they read the same to a router)."""
    part = ""
    seen: dict[str, str] = {}  # group title -> the part it was first seen in
    for _, _, level, title in found:
        if level == _PART_LEVEL:
            part = title
        elif level == _GROUP_LEVEL and seen.setdefault(title, part) != part:
            return True
    return False


def _pieces(line: Line, after: str, document: str) -> list[tuple[Line, int]]:
    """``line`` cut around its run-in headings: (line, level), level 0 for plain text."""
    text = line.text
    cuts: list[tuple[int, int, str, int]] = []  # start, end, title, level
    for match in _TRIPLED.finditer(text) if _may_triple(text) else ():
        if not _HEX.fullmatch(match.group(1)):  # "E0E0E0" is a colour, not a title
            cuts.append((match.start(), match.end(), match.group(1).strip(), _GROUP_LEVEL))
    for match in _DOUBLED.finditer(text) if document and _TOC in text else ():
        title = match.group(1).strip()
        if _is_part(title, document) and not any(a <= match.start() < b for a, b, *_ in cuts):
            cuts.append((match.start(), match.end(1) + len(match.group(1)), title, _PART_LEVEL))
    for match in _REFENTRY.finditer(text):
        if match.end() == len(text.rstrip()) and not after.lstrip().startswith("—"):
            continue  # an identifier at a line's end not followed by the dash: not a heading
        if any(start <= match.start() < end for start, end, _, _ in cuts):
            continue
        title = match.group(1) + (" " + " ".join(match.group(2).split()) if match.group(2) else "")
        cuts.append((match.start(), match.end(), title, _REFENTRY_LEVEL))
    if not cuts:
        return [(line, 0)]
    pieces: list[tuple[Line, int]] = []
    at = 0
    for start, end, title, level in sorted(cuts):
        if start < at:
            continue
        if text[at:start].strip():
            pieces.append((line.with_text(text[at:start].strip()), 0))
        pieces.append((line.with_text(title), level))
        at = end
    if text[at:].strip():
        pieces.append((line.with_text(text[at:].strip()), 0))
    return pieces


_TOC = "Table of Contents"  # what `_DOUBLED` ends at


def _may_triple(text: str) -> bool:
    """Whether `_TRIPLED` can match ``text``: a title printed three times has its capital
    three times. Why: the pattern tries every title length at every capital (a tenth of a
    reference manual's compile), and on nine lines in ten no capital letter occurs thrice.

    >>> _may_triple("ProfilingProfilingProfiling"), _may_triple("Name callout — Path")
    (True, False)
    """
    capitals = _CAPITAL.findall(text)
    distinct = set(capitals)
    if len(capitals) - len(distinct) < 2:  # no letter can be there thrice
        return False
    return any(capitals.count(c) >= 3 for c in distinct)


def _is_part(title: str, document: str) -> bool:
    """Whether ``title``, printed twice before a table of contents, is a part's: the document
    labels it a part ("Part II. FO Parameter Reference") and it is more than a group's one
    word ("HTMLHTMLTable of Contents" is the group "HTML", inside the part "HTML Parameter
    Reference")."""
    label = re.compile(r"Part\s+[IVXLC]+\.\s+" + re.escape(title))
    return len(title.split()) > 1 and label.search(document) is not None
