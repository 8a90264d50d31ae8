"""Names of a PDF's skills: the document's short name (from its title or its cover) and each
chapter's title without its number.

Why a module of its own: naming is the one part of compiling a PDF that decides what a user
and an agent see first (the skill's folder and ``name``), with its own rules (generic title
words, section numbers, same-titled chapters), and no dependency on the pages' layout.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.frontends.guide.textutil import kebab
from skillc.compiler.frontends.pdf.clean import body_size
from skillc.compiler.frontends.pdf.layout import RawPage

__all__ = ["Naming", "cover_title", "document_name", "roman_parts", "skill_name", "unnumbered"]


@dataclass(frozen=True, slots=True)
class Naming:
    """What a PDF's skills are named by: the document's short name (from its title) and, when
    it has neither a title nor chapters, its file's stem."""

    document: str
    stem: str


#: Words a manual's title shares with every other manual's: "Bash Reference Manual" -> bash.
_GENERIC = (
    "a an and the for of to in on with pdf reference manual manuals user users guide guides"
    " handbook documentation docs tutorial generation library version edition release"
    " introduction complete official package"
)
_GENERIC_TITLE_WORDS = frozenset(_GENERIC.split())
_COVER_SCALE = 1.3  # a cover title is set this much larger than the cover's commonest size


def document_name(title: str) -> str:
    """The short name of a document titled ``title``: its words before a colon, less the
    generic ones and numbers ("ReportLab PDF Generation User Guide" -> reportlab); ``""``
    when none is left.

    >>> document_name("Bash Reference Manual"), document_name("User Guide")
    ('bash', '')
    >>> document_name("Asymptote: the Vector Graphics Language")
    'asymptote'
    """
    return _distinct(title.split(":", 1)[0]) or _distinct(title)


def _distinct(title: str) -> str:
    """``title``'s words less the generic ones and numbers, kebab-cased."""
    words = kebab(title).split("-")
    return "-".join(w for w in words if w and w not in _GENERIC_TITLE_WORDS and not w.isdigit())


def cover_title(pages: Sequence[RawPage]) -> str:
    """The title on the first page: its first line set well above the document's body size,
    with the lines in that size right after it (a title set on two lines), else ``""``.
    bashref's cover: "Bash Reference Manual"; asymptote's: "Asymptote: the Vector
    Graphics" / "Language"."""
    lines = [line for line in pages[0].lines if line.text.strip()] if pages else []
    body = body_size(pages)
    first = next((n for n, line in enumerate(lines) if line.size >= _COVER_SCALE * body), None)
    if not body or first is None:
        return ""
    size = lines[first].size
    title = list(itertools.takewhile(lambda line: abs(line.size - size) < 0.5, lines[first:]))
    return " ".join(line.text.strip() for line in title)


#: A chapter's number in its title: "10 ", "2.3. ", "A.1 ", "Chapter 1 ", "Appendix A ",
#: "Part II ". A name does not carry it: a request never says it.
_SECTION_NUMBER = re.compile(
    r"^(?:(?:chapter|appendix|part|section)\s+(?:[ivxlc]+|[a-z]|\d{1,3})\b|[a-z](?=\.\d)|\d{1,3})"
    r"(?:\.\d{1,3})*[.:]?\s+(?=\w)",
    re.IGNORECASE,
)


def unnumbered(title: str, roman: bool = False) -> str:
    """``title`` without the section number opening it; with ``roman``, also a bare part
    number in roman numerals (the document's parts are numbered so: `roman_parts`).

    >>> unnumbered("Chapter 1 Introduction"), unnumbered("10 Interactive mode")
    ('Introduction', 'Interactive mode')
    >>> unnumbered("Appendix A ReportLab Demos"), unnumbered("C Programming")
    ('ReportLab Demos', 'C Programming')
    >>> unnumbered("IV Terminal types"), unnumbered("IV Terminal types", roman=True)
    ('IV Terminal types', 'Terminal types')
    """
    title = _SECTION_NUMBER.sub("", title.strip(), count=1)
    return _ROMAN.sub("", title, count=1) if roman else title


#: A part number in roman numerals opening a title ("IV Terminal types").
_ROMAN = re.compile(r"^[IVXLC]+\s+(?=\w)")


def roman_parts(titles: Sequence[str]) -> bool:
    """Whether a document's top-level titles open with part numbers in roman numerals, as
    gnuplot.pdf's outline does ("I Gnuplot", "II Plotting styles", ... "VI Index"): its first
    three numbered ones are I, II and III. Alone, "I" or "C" may be a title's first word.

    >>> roman_parts(["Contents", "I Gnuplot", "II Plotting styles", "III Commands"])
    True
    >>> roman_parts(["I Want Out", "C Programming", "Index"])
    False
    """
    found = [m.group().strip() for m in map(_ROMAN.match, titles) if m]
    return found[:3] == ["I", "II", "III"]


def skill_name(
    named: Naming,
    part: str,
    text: str,
    taken: set[str],
    below: Sequence[str] = (),
    roman: bool = False,
) -> str:
    """A stem unique within the document: the document's short name plus the chapter title
    (``part`` and ``text``) without their numbers (either alone when the other is missing),
    the file's stem only when both are: a file name ("bashref", "reference") is no name an
    agent routes by. When two chapters' titles are the same but for their numbers, the later
    one adds its first section's title (``below``: "introduction-package-loading"), else
    keeps its number. ``roman``: the document numbers its parts in roman numerals
    (`roman_parts`)."""
    document = named.document
    numbered = kebab(f"{part} {text}")
    chapter = kebab(f"{unnumbered(part, roman)} {unnumbered(text, roman)}")
    if chapter and document and (chapter + "-").startswith(document + "-"):
        document = ""  # "Bash Features" in the Bash manual: bash-features, not bash-bash-...
    base = "-".join(part for part in (document, chapter) if part) or named.stem
    if base in taken:
        sections = (kebab(unnumbered(title)) for title in below)
        section = next((words for words in sections if words and words not in base), "")
        if section:
            base = f"{base}-{section}"
        elif numbered != chapter:
            base = "-".join(part for part in (named.document, numbered) if part)
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name
