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

from skillc.compiler.frontends.pdf.clean import Page
from skillc.compiler.frontends.pdf.layout import Line
from skillc.compiler.frontends.pdf.sections import Mark

# ``Name`` then a reference page's identifier, then its em dash (here or on the next line) and
# its purpose, which is part of the heading when "Synopsis" or "Description" ends it here.
_REFENTRY = re.compile(
    r"Name([A-Za-z_$][\w.:$/-]*[\w$])"
    r"(?:(\s*—\s*[^—]{1,100}?)(?=\s(?:Synopsis|Description))|(?=\s*—|\s*$))"
)
# A title printed three times running, at a word's start.
_TRIPLED = re.compile(r"(?<![\w])([A-Z][^—\n]{2,48}?)\1\1")
_HEX = re.compile(r"[0-9A-F]+")
#: Fewer reference pages than this: not a reference manual, no run-in headings.
MIN_REFENTRIES = 3


def runin_headings(pages: list[Page]) -> tuple[list[Page], list[Mark]]:
    """``pages`` with each run-in heading on a line of its own, and the marks of those lines;
    ``(pages, [])`` unchanged when the text has fewer than `MIN_REFENTRIES` reference pages."""
    cut: list[Page] = []
    found: list[tuple[int, int, int, str]] = []  # page, line, level, title
    for p, page in enumerate(pages):
        if page.contents:
            cut.append(page)
            continue
        lines: list[Line] = []
        for n, line in enumerate(page.lines):
            after = page.lines[n + 1].text if n + 1 < len(page.lines) else ""
            for piece, level in _pieces(line, after):
                if level:
                    found.append((p, len(lines), level, piece.text))
                lines.append(piece)
        text = "\n".join(line.text for line in lines)
        cut.append(replace(page, lines=tuple(lines), text=text))
    if sum(1 for *_, level, _ in found if level == 2) < MIN_REFENTRIES:
        return pages, []
    groups = any(level == 1 for _, _, level, _ in found)
    marks = [
        Mark(p, n, 1, level if groups else 1, title, level == 1) for p, n, level, title in found
    ]
    return cut, marks


def _pieces(line: Line, after: str) -> list[tuple[Line, int]]:
    """``line`` cut around its run-in headings: (line, level), level 0 for plain text."""
    text = line.text
    cuts: list[tuple[int, int, str, int]] = []  # start, end, title, level
    for match in _TRIPLED.finditer(text):
        if not _HEX.fullmatch(match.group(1)):  # "E0E0E0" is a colour, not a title
            cuts.append((match.start(), match.end(), match.group(1).strip(), 1))
    for match in _REFENTRY.finditer(text):
        if match.end() == len(text.rstrip()) and not after.lstrip().startswith("—"):
            continue  # an identifier at a line's end not followed by the dash: not a heading
        if any(start <= match.start() < end for start, end, _, _ in cuts):
            continue
        title = match.group(1) + (" " + " ".join(match.group(2).split()) if match.group(2) else "")
        cuts.append((match.start(), match.end(), title, 2))
    if not cuts:
        return [(line, 0)]
    pieces: list[tuple[Line, int]] = []
    at = 0
    for start, end, title, level in sorted(cuts):
        if start < at:
            continue
        if text[at:start].strip():
            pieces.append((replace(line, text=text[at:start].strip()), 0))
        pieces.append((replace(line, text=title), level))
        at = end
    if text[at:].strip():
        pieces.append((replace(line, text=text[at:].strip()), 0))
    return pieces
