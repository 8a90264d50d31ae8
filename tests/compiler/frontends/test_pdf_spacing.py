"""Word spaces and typewriter runs in PDFs read with PDFium (issue 11).

The amc-pdf corpus is a TeX-made manual (DocBook -> dblatex -> xdvipdfmx) whose fonts carry no
space glyph: each word is its own positioned string. Read naively (pypdf's extract_text) it
gives 1,389 "glued" runs such as ``ThisdocumentcanbeusedaccordingtothetermsoftheGNU...``. A
glued run is 20+ letters that the document writes nowhere else (its own vocabulary: a real
long identifier such as ``internationalization`` recurs, or is counted once and tolerated).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from skillc.compiler.frontends.pdf import layout
from skillc.compiler.frontends.pdf.reader import open_pdf, read_page, read_pdf
from skillc.ir.nodes import Code, Prose
from tests.compiler.frontends.test_pdf import Text, make_pdf

ROOT = Path(__file__).resolve().parents[3]
AMC = ROOT / "corpora/guides/amc-pdf/src/auto-multiple-choice.en.pdf"
BASHREF = ROOT / "corpora/guides/bash-pdf/src/bashref.pdf"
REPORTLAB = ROOT / "corpora/guides/reportlab-pdf/src/reportlab-userguide.pdf"
_RUN = re.compile(r"[A-Za-z]{20,}")
_WORD = re.compile(r"[A-Za-z]+")


def glued(text: str) -> list[str]:
    """Runs of 20+ letters the document's own text holds only once."""
    vocabulary = Counter(word.lower() for word in _WORD.findall(text))
    return [run for run in _RUN.findall(text) if vocabulary[run.lower()] <= 1]


def lines_text(path: Path) -> str:
    """The text skillc reads from every page of ``path``, one line per text line."""
    opened = open_pdf(path.read_bytes(), source_id=path.name)
    assert opened.reader is not None and opened.document is not None
    pages = [read_page(opened, n) for n in range(1, len(opened.reader.pages) + 1)]
    return "\n".join(line.text for page in pages for line in page.lines)


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    return path


def test_a_pdf_without_space_glyphs_reads_as_words() -> None:
    """The amc manual: pypdf glues hundreds of runs; skillc's reading holds them near zero."""
    path = _need(AMC)
    ours = glued(lines_text(path))
    reader = PdfReader(path)
    naive = glued("\n".join(page.extract_text() for page in reader.pages[:20]))
    assert len(naive) > 100, "the corpus no longer shows the problem it is here for"
    assert len(ours) <= 5, ours
    text = lines_text(path)
    assert "This document can be used according to the terms of the GNU General Public" in text


@pytest.mark.parametrize("path", [BASHREF, REPORTLAB], ids=["bashref", "reportlab"])
def test_pdfs_with_space_glyphs_gain_no_glued_words(path: Path) -> None:
    """Manuals whose text layer has spaces: no more glued runs than pypdf's reading."""
    path = _need(path)
    reader = PdfReader(path)
    pages = [layout.read_page(reader, n) for n in range(1, len(reader.pages) + 1)]
    theirs = glued("\n".join(line.text for page in pages for line in page.lines))
    assert len(glued(lines_text(path))) <= len(theirs) <= 2


def test_words_drawn_as_separate_strings_are_spaced() -> None:
    """Each word its own string at its own x, no space anywhere: spaces come from the gaps."""
    words = ["Any", "declaration", "must", "occur", "inside", "a", "theory"]
    line: list[Text] = []
    x = 72.0
    for word in words:
        line.append(("R", 11, x, 700, word))
        x += 11 * 0.62 * len(word) + 11 * 0.25  # Helvetica letters are at most ~0.6 em
    line.append(("R", 11, 72, 680, "which is in that example called Foo."))
    result = read_pdf(make_pdf([line]), source_id="t.pdf")
    prose = " ".join(b.text for s in result.skills for b in s.blocks if isinstance(b, Prose))
    assert "Any declaration must occur inside a theory which is in that example called" in prose


def test_letters_of_one_word_in_separate_strings_stay_one_word() -> None:
    """Kerned or re-fonted pieces of one word (no gap between them) are not split."""
    line: list[Text] = [("R", 11, 72, 700, "decla"), ("B", 11, 72 + 11 * 2.45, 700, "ration")]
    result = read_pdf(make_pdf([line]), source_id="t.pdf")
    prose = " ".join(b.text for s in result.skills for b in s.blocks if isinstance(b, Prose))
    assert "declaration" in prose


def test_courier_runs_are_fenced_with_their_indentation() -> None:
    """Typewriter lines (Courier) are one code block; leading spaces survive PDFium."""
    page: list[Text] = [
        ("R", 11, 72, 724, "The canvas draws strings where its methods are told to; a function"),
        ("R", 11, 72, 711, "that takes the canvas can be called for each page. Most of this page"),
        ("R", 11, 72, 700, "is prose, as in a manual. Write the function as follows:"),
        ("M", 10, 72, 680, "def hello(c):"),
        ("M", 10, 72, 668, "    c.drawString(100,  100, 'hi')"),
        ("M", 10, 72, 656, "hello(c)"),
        ("R", 11, 72, 630, "Then run it."),
    ]
    result = read_pdf(make_pdf([page]), source_id="t.pdf")
    code = [b.text for s in result.skills for b in s.blocks if isinstance(b, Code)]
    assert code == ["def hello(c):\n    c.drawString(100,  100, 'hi')\nhello(c)"]


def test_a_numbered_listing_is_one_code_block() -> None:
    """amc's LaTeX listings: line numbers in another (smaller) font, bare numbers on empty
    lines and callout marks between code lines do not cut the listing into pieces."""
    path = _need(AMC)
    result = read_pdf(path.read_bytes(), source_id=path.name)
    blocks = [b.text for s in result.skills for b in s.blocks if isinstance(b, Code)]
    listing = next(b for b in blocks if "\\documentclass[a4paper]{article}" in b)
    assert "\\begin{document}" in listing
    assert "\\end{question}" in listing
    assert "\\wrongchoice{Claude Monet}" in listing


def test_pypdf_reads_the_pages_when_pdfium_does_not_open_the_file() -> None:
    """The fallback: an `Opened` without PDFium's document reads its pages with pypdf, and
    both give the same lines' text on plain Helvetica/Courier pages."""
    from dataclasses import replace

    from tests.compiler.frontends.test_pdf import widget_pages

    opened = open_pdf(make_pdf(widget_pages()), source_id="w.pdf")
    assert opened.reader is not None and opened.document is not None
    fallback = replace(opened, document=None)
    count = len(opened.reader.pages)
    ours = [[line.text for line in read_page(opened, n).lines] for n in range(1, count + 1)]
    theirs = [[line.text for line in read_page(fallback, n).lines] for n in range(1, count + 1)]
    assert ours == theirs
    assert any(line for page in ours for line in page)
