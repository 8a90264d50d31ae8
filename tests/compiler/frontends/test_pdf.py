"""The PDF frontend on real manuals (ReportLab, DocBook/dblatex, bash's TeX manual) and on
small generated PDFs for the malformed cases.

The corpora: ``corpora/guides/reportlab-pdf`` (134 pages, ReportLab, with an outline and Python
listings) and ``corpora/guides/docbook-xsl-pdf`` (95 pages of dblatex/pdfTeX output with no
outline and a single body font: its structure was flattened when it was typeset, so the
honest result is one skill without headings). bashref.pdf (196 pages, TeX, the peer's test
case in peers.md §4.1) comes from Debian's ``bash-doc`` into ``corpora/.cache`` (apt-get
download, as tools/corpora.py does); its tests are skipped when it cannot be fetched.

Speed figures (pages/s, MB/s): ``.venv/bin/python -m tests.compiler.frontends.test_pdf``.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import plain
from skillc.compiler.frontends.pdf.code import STRAIGHT_QUOTES
from skillc.compiler.frontends.pdf.layout import RawPage
from skillc.compiler.frontends.pdf.reader import (
    compile_pdf,
    open_pdf,
    outline,
    read_page,
    read_pages,
    read_pdf,
    structure,
)
from skillc.diagnostics import Severity
from skillc.ir import ActType, Code, Heading, ListBlock, Node, Placement, Prose, Skill, SkillModule
from skillc.ir.verify import verify
from skillc.passes.registry import PassContext
from skillc.passes.select_skills import CONTENTS_REASON, select_skills

ROOT = Path(__file__).resolve().parents[3]
REPORTLAB = ROOT / "corpora/guides/reportlab-pdf/src/reportlab-userguide.pdf"
DOCBOOK = ROOT / "corpora/guides/docbook-xsl-pdf/src/reference.pdf"
CACHE = ROOT / "corpora/.cache"
BASHREF = CACHE / "bash-doc/bashref.pdf"
# Where `make corpora` will put it once bash-doc is registered in corpora/corpora.toml.
BASHREF_CORPUS = ROOT / "corpora/guides/bash-pdf/src/bashref.pdf"

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,6})$", re.IGNORECASE)
_LEADER = re.compile(r"(?:\.\s*){4,}(?:\d{1,4}|[ivxlcdm]{1,6})?\s*$", re.IGNORECASE)
# A line of ordinary prose: twelve words or more, a final period, no code punctuation.
_PROSE_LINE = re.compile(r"^[^(){}\[\]=<>;_$#/\\\"'`|&*]+\.$")


# --- Fixtures -------------------------------------------------------------------------------------


class Read:
    """One PDF read: the result and its cleaned page texts by span source."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        self.name = path.name
        self.result = read_pdf(self.data, source_id=path.name)
        opened = open_pdf(self.data, source_id=path.name)
        assert opened.reader is not None
        self.raw = [read_page(opened, n) for n in range(1, opened.pages + 1)]
        cleaned = structure(self.raw, outline(opened))[0]  # what spans point into
        self.pages = {f"{path.name}#p{p.number}": p for p in cleaned}

    @property
    def skills(self) -> tuple[Skill, ...]:
        return self.result.skills

    def blocks(self, kind: type | None = None, *, removed: bool = False) -> list[Any]:
        return [
            b
            for s in self.skills
            for b in s.blocks
            if (kind is None or isinstance(b, kind))
            and (b.placement is Placement.REMOVED) == removed
        ]

    def code(self) -> str:
        return "\n".join(b.text for b in self.blocks(Code))


@pytest.fixture(scope="module")
def reportlab() -> Read:
    return Read(REPORTLAB)


@pytest.fixture(scope="module")
def docbook() -> Read:
    return Read(DOCBOOK)


def _fetch_bashref() -> Path | None:
    """bashref.pdf from Debian's bash-doc, cached in corpora/.cache (None when offline)."""
    for found in (BASHREF_CORPUS, BASHREF):
        if found.exists():
            return found
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        if not sorted(CACHE.glob("bash-doc_*.deb")):
            subprocess.run(
                ["apt-get", "download", "-q", "bash-doc"],
                cwd=CACHE,
                check=True,
                capture_output=True,
                timeout=120,
            )
        deb = sorted(CACHE.glob("bash-doc_*.deb"))[-1]
        tar = subprocess.run(
            ["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            member = archive.extractfile("./usr/share/doc/bash/bashref.pdf")
            if member is None:
                return None
            BASHREF.parent.mkdir(parents=True, exist_ok=True)
            BASHREF.write_bytes(member.read())
    except (OSError, subprocess.SubprocessError, KeyError, IndexError, tarfile.TarError):
        return None
    return BASHREF


@pytest.fixture(scope="module")
def bashref() -> Read:
    path = _fetch_bashref()
    if path is None:
        pytest.skip("bashref.pdf not fetchable (apt-get download bash-doc)")
    return Read(path)


CORPORA = ["reportlab", "docbook", "bashref"]


@pytest.fixture(params=CORPORA)
def any_pdf(request: pytest.FixtureRequest) -> Read:
    read: Read = request.getfixturevalue(request.param)
    return read


def nodes(skill: Skill) -> Iterator[Node]:
    yield skill
    yield from skill.blocks
    yield from skill.scenes
    yield from skill.logic_steps
    yield from skill.constraints


# --- Every corpus ---------------------------------------------------------------------------------


def test_spans_point_inside_their_page(any_pdf: Read) -> None:
    assert any_pdf.skills
    for skill in any_pdf.skills:
        for node in nodes(skill):
            assert node.prov, node.id
            for span in node.prov:
                page = any_pdf.pages[span.source]  # source is "<file>#p<page>"
                text = page.text
                assert 0 <= span.start <= span.end <= len(text), (node.id, span)
                assert text.count("\n", 0, span.start) + 1 == span.line, (node.id, span)
                assert text.count("\n", 0, span.end) + 1 == span.end_line, (node.id, span)


def test_headings_and_code_are_found_at_their_spans(any_pdf: Read) -> None:
    """A heading's span holds its words; a code block's span holds its first line (with the
    straight quotes it shows where the page has typeset curly ones)."""
    for skill in any_pdf.skills:
        for block in skill.blocks:
            if not isinstance(block, Heading | Code) or block.prov[0].start == block.prov[0].end:
                continue
            span = block.prov[0]
            shown = any_pdf.pages[span.source].text[span.start : span.end]
            shown = shown.translate(STRAIGHT_QUOTES) if isinstance(block, Code) else shown
            text = plain(block.text) if isinstance(block, Heading) else block.text
            first = " ".join(text.split("\n")[0].split())
            assert first in " ".join(shown.split()), (block.id, span, shown)


def test_skills_verify_without_errors(any_pdf: Read) -> None:
    errors = [d for d in verify(SkillModule(skills=any_pdf.skills)) if d.severity is Severity.ERROR]
    assert errors == []


def test_no_page_numbers_left_at_page_edges(any_pdf: Read) -> None:
    """Whatever bare number a page prints on its top or bottom line is gone from its text."""
    removed = 0
    for page in any_pdf.pages.values():
        raw = any_pdf.raw[page.number - 1].lines
        if not raw:
            continue
        high, low = max(line.y for line in raw), min(line.y for line in raw)
        edges = [line.text.strip() for line in raw if line.y in (high, low)]
        numbers = {text for text in edges if _PAGE_NUMBER.match(text)}
        lines = [line.strip() for line in page.text.split("\n") if line.strip()]
        assert not numbers & set(lines[:1] + lines[-1:]), (page.number, numbers)
        removed += len(numbers)
    assert removed > 0 or any_pdf.name == "reportlab-userguide.pdf"  # it prints "Page N"


def test_no_dot_leader_lines_outside_removed_contents(any_pdf: Read) -> None:
    for block in any_pdf.blocks(Prose) + any_pdf.blocks(Heading) + any_pdf.blocks(ListBlock):
        texts = block.items if isinstance(block, ListBlock) else (block.text,)
        assert not any(_LEADER.search(t) for t in texts), block.text[:80]


def test_code_blocks_hold_no_prose_lines(any_pdf: Read) -> None:
    """Code comes only from fixed-pitch runs and prompts: no line of plain prose (twelve words
    or more, a final period, none of the punctuation code is made of) is ever fenced."""
    for block in any_pdf.blocks(Code):
        for line in block.text.split("\n"):
            prose = len(line.split()) >= 12 and bool(_PROSE_LINE.match(line.strip()))
            assert not prose, line


def test_same_bytes_same_result(any_pdf: Read) -> None:
    again = read_pdf(any_pdf.data, source_id=any_pdf.name)
    assert again == any_pdf.result


# --- ReportLab user guide -------------------------------------------------------------------------


def test_reportlab_one_skill_per_outline_chapter(reportlab: Read) -> None:
    names = [s.skill_name for s in reportlab.skills]
    assert names[:3] == [
        "Chapter 1 Introduction",
        "Chapter 2 Graphics and Text with pdfgen",
        "Chapter 3 Fonts and encodings",
    ]
    assert names[-1] == "Appendix A ReportLab Demos"
    assert len(names) == 12  # "Table of contents" is a bookmark to the TOC pages, not a topic
    headings = {b.text for b in reportlab.blocks(Heading)}
    assert {
        "1.1 About this document",
        "2.1 Basic Concepts",
        "2.2 More about the Canvas",
    } <= headings


def test_reportlab_contents_pages_are_removed_with_a_reason(reportlab: Read) -> None:
    removed = reportlab.blocks(Prose, removed=True)
    assert {b.reason for b in removed} == {"table of contents"}
    assert sorted({b.prov[0].source for b in removed}) == [
        f"{reportlab.name}#p{n}" for n in (2, 3, 4, 5)
    ]


def test_reportlab_running_header_and_footer_are_gone(reportlab: Read) -> None:
    """Every page has "User Guide", the chapter title and "Page N" at its edges."""
    texts = [b.text for b in reportlab.blocks(Prose) + reportlab.blocks(Heading)]
    assert sum(t == "User Guide" for t in texts) <= 1  # the title page's own line
    assert sum(t == "Chapter 2 Graphics and Text with pdfgen" for t in texts) == 1  # the heading
    assert not any(re.fullmatch(r"Page \d+", t) for t in texts)


def test_reportlab_python_listings_are_code_with_indentation(reportlab: Read) -> None:
    code = reportlab.code()
    assert 'def hello(c):\n    c.drawString(100,100,"Hello World")' in code
    assert "from reportlab.pdfgen import canvas" in code
    assert "from reportlab.lib.pagesizes import letter, A4" in code
    assert "DocAssert(val, 'val is False')" in code
    hello = next(b for b in reportlab.blocks(Code) if "def hello(c):" in b.text)
    assert hello.language == "python"
    assert any(b.language == "pycon" for b in reportlab.blocks(Code))


def test_reportlab_inline_code_words_stay_in_prose(reportlab: Read) -> None:
    prose = " ".join(b.text for b in reportlab.blocks(Prose))
    assert "The pdfgen package is the lowest level interface for generating PDF documents." in prose
    assert not any("The pdfgen package" in b.text for b in reportlab.blocks(Code))


def test_reportlab_bullets_are_lists(reportlab: Read) -> None:
    items = [item for b in reportlab.blocks(ListBlock) for item in b.items]
    assert "What is Python?" in items
    assert "Going from XML to PDF in one step" in items


def test_reportlab_real_compound_keeps_its_hyphen(reportlab: Read) -> None:
    """ReportLab never hyphenates: its one line-end hyphen ("intra-" / "paragraph") is real."""
    text = "\n".join(page.text for page in reportlab.pages.values())
    assert "intra-paragraph" in text
    assert "intraparagraph" not in text


# --- DocBook reference (dblatex) ------------------------------------------------------------------


def test_docbook_headings_run_into_the_text_are_found(docbook: Read) -> None:
    """No bookmarks and one body font (every glyph NimbusRomNo9L-Regu 10 pt): the headings are
    those run into the text. A part's title printed twice before its contents ("FO Parameter
    Reference") starts a skill, since its groups' titles recur in other parts; a large part
    is cut into runs of its groups (a group's title printed three times running, "Profiling
    ProfilingProfiling"); each reference page's "Name<identifier> — <purpose>" is a
    section, its purpose in the heading when "Synopsis" ends it on the line."""
    names = [s.name for s in docbook.skills]
    assert "html-parameter-reference" in names  # named by the part, not the file (reference.pdf)
    assert "fo-parameter-reference" in names
    assert "manpages-parameter-reference" in names
    runs = [n for n in names if n.startswith("html-parameter-reference-")]
    assert 1 <= len(runs) <= 5  # 350 sections, at most 100 a skill
    headings = [plain(b.text) for b in docbook.blocks(Heading)]
    assert headings.count("Profiling") == 2  # the HTML and the FO group, each kept
    assert "callout.graphics.path — Path to callout graphics" in headings
    assert "admon.graphics.extension" in headings  # its purpose wraps to the next line
    assert sum(1 for h in headings if "." in h) > 850  # of 984 "Name...—" in the text
    assert not [h for h in headings if h.startswith("Name")]  # the label is not the title
    assert "E0" not in headings  # "#E0E0E0" is a colour, not a title printed three times
    assert docbook.blocks(Code) == []  # no fixed-pitch font in the file


def test_docbook_hyphenation_is_rejoined_but_compounds_kept(docbook: Read) -> None:
    text = "\n".join(page.text for page in docbook.pages.values())
    assert "De-\nscription" not in text and "Synop-\nsis" not in text
    assert "Description" in text and "Synopsis" in text
    # "cdata-" / "section" at a line end is the parameter name chunker.output.cdata-section-...
    assert "cdata-section-elements" in text
    assert "cdatasection" not in text


def test_docbook_page_number_header_is_removed(docbook: Read) -> None:
    page = docbook.pages[f"{docbook.name}#p11"]
    assert page.text.startswith("space-delimited.")


# --- bash reference manual (TeX) ------------------------------------------------------------------


def test_bashref_chapters_and_headings(bashref: Read) -> None:
    names = [s.skill_name for s in bashref.skills]
    assert names[:3] == ["1 Introduction", "2 Definitions", "3 Basic Shell Features"]
    headings = {b.text for b in bashref.blocks(Heading)}
    assert {"3.1.2 Quoting", "3.1.2.1 Escape Character", "3.2.5.1 Looping Constructs"} <= headings
    assert not any(s.skill_name.endswith("Indexes") for s in bashref.skills)  # index pages


def test_bashref_running_header_never_repeats(bashref: Read) -> None:
    texts = [b.text for b in bashref.blocks(Prose)]
    texts += [item for b in bashref.blocks(ListBlock) for item in b.items]
    assert not any("Chapter 3: Basic Shell Features" in t for t in texts)


def test_bashref_commands_are_fenced_and_become_steps(bashref: Read) -> None:
    code = {b.text for b in bashref.blocks(Code)}
    assert "bash --dump-po-strings scriptname > domain.pot" in code
    assert "msgfmt -o es.mo es.po" in code
    cd = next(b for b in bashref.blocks(Code) if b.text.startswith("$ cd /usr/sys"))
    assert cd.language == "console"
    steps = [st for s in bashref.skills for st in s.logic_steps]
    assert any(
        st.act_type is ActType.CALL_TOOL and st.text.startswith("cd /usr/sys") for st in steps
    )


def test_bashref_hyphenation_is_rejoined(bashref: Read) -> None:
    text = "\n".join(page.text for page in bashref.pages.values())
    assert "It’s common to use both variables" in text
    assert "vari-\nables" not in text


def test_bashref_contents_and_index_pages_are_removed(bashref: Read) -> None:
    removed = {b.prov[0].source for b in bashref.blocks(Prose, removed=True)}
    assert {f"{bashref.name}#p{n}" for n in (3, 4, 5, 6, 188, 196)} <= removed


# --- Generated PDFs -------------------------------------------------------------------------------

_FONTS = {"R": "Helvetica", "B": "Helvetica-Bold", "M": "Courier"}
Text = tuple[str, float, float, float, str]  # font key, size, x, y, text


def make_pdf(
    pages: list[list[Text]],
    *,
    outline: tuple[tuple[str, int, int], ...] = (),
    password: str | None = None,
    image: bool = False,
) -> bytes:
    """A PDF whose pages draw the given lines in standard fonts (and an image if asked)."""
    writer = PdfWriter()
    fonts = DictionaryObject()
    for key, name in _FONTS.items():
        font = DictionaryObject()
        font.update(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(f"/{name}"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        fonts[NameObject(f"/{key}")] = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        ops = [
            f"BT /{f} {size} Tf {x} {y} Td ({_escape(text)}) Tj ET" for f, size, x, y, text in lines
        ]
        resources = DictionaryObject({NameObject("/Font"): writer._add_object(fonts)})
        if image:
            resources[NameObject("/XObject")] = DictionaryObject(
                {NameObject("/Im0"): writer._add_object(_gray_pixel())}
            )
            ops.append("q 500 0 0 700 50 50 cm /Im0 Do Q")
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = resources
    parents: dict[int, IndirectObject] = {}
    for title, index, depth in outline:  # (title, 0-based page, nesting depth)
        parents[depth] = writer.add_outline_item(title, index, parent=parents.get(depth - 1))
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _gray_pixel() -> DecodedStreamObject:
    image = DecodedStreamObject()
    image.set_data(b"\x00")
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(1),
            NameObject("/Height"): NumberObject(1),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    return image


def _body(y: float, text: str, x: float = 72) -> Text:
    return ("R", 11, x, y, text)


def _chrome(number: int) -> list[Text]:
    return [("R", 9, 72, 760, "Widget Manual"), ("R", 9, 300, 40, str(number))]


def widget_pages() -> list[list[Text]]:
    """A four-page manual: title page, two chapters, running header and page numbers."""
    return [
        [("B", 24, 72, 600, "Widget Manual"), _body(560, "A guide to the widget tool.")],
        [
            *_chrome(2),
            ("B", 18, 72, 700, "1 Installing"),
            _body(670, "The widget needs a recent con-"),
            _body(656, "figuration file and Python."),
            _body(630, "Install it with pip:"),
            ("M", 10, 90, 610, "$ pip install widget"),
            ("B", 14, 72, 580, "1.1 Requirements"),
            _body(556, "• Python 3.10 or newer"),
            _body(542, "• a configuration file"),
            _body(516, "Warning: never run widget as root."),
        ],
        [
            *_chrome(3),
            ("B", 18, 72, 700, "2 Using"),
            _body(670, "Run the tool on a folder. The configuration is read first."),
            ("M", 10, 90, 640, "import widget"),
            ("M", 10, 90, 628, "def main():"),
            ("M", 10, 114, 616, "widget.run()"),
            _body(590, "1. Open the folder."),
            _body(576, "2. Run widget."),
        ],
        [*_chrome(4), _body(700, "More about the configuration on page four.")],
    ]


def test_pdf_skills_are_named_by_the_documents_title_and_chapters_not_its_file() -> None:
    """A file's name ("bashref.pdf", "reference.pdf") says nothing an agent routes by: a
    skill is named by the document's short title (its metadata, else the cover's largest
    line, less words every manual's title has) and its chapter."""
    pages = widget_pages()
    pages[0][0] = ("B", 24, 72, 600, "Widget Reference Manual")
    result = read_pdf(make_pdf(pages), source_id="docs/wdg-ref-2.1.pdf")
    assert [s.name for s in result.skills] == ["widget-installing", "widget-using"]
    pages[0][0] = ("R", 11, 72, 600, "Widget Reference Manual")  # no title stands out
    result = read_pdf(make_pdf(pages), source_id="docs/wdg-ref-2.1.pdf")
    assert [s.name for s in result.skills] == ["installing", "using"]
    bash = [[("B", 20.7, 72, 600, "Bash Reference Manual"), _body(560, "Bash features.")]]
    outline = (("Introduction", 0, 0), ("Bash Features", 0, 0))
    bash[0].append(("B", 14, 72, 500, "Bash Features"))
    bash[0].append(_body(480, "Builtins and variables."))
    result = read_pdf(make_pdf(bash, outline=outline), source_id="bashref.pdf")
    assert all(not s.name.startswith("bashref") for s in result.skills)
    assert "bash-features" in [s.name for s in result.skills]  # not bash-bash-features
    # asymptote.pdf's cover: a title on two lines, its name before the colon.
    pages = widget_pages()
    pages[0][:1] = [
        ("B", 20.7, 72, 620, "Asymptote: the Vector Graphics"),
        ("B", 20.7, 72, 596, "Language"),
        ("R", 11, 72, 580, "For version 2.85"),
    ]
    result = read_pdf(make_pdf(pages), source_id="asymptote.pdf")
    assert [s.name for s in result.skills] == ["asymptote-installing", "asymptote-using"]


def test_pdf_names_leave_out_chapter_numbers_unless_two_titles_are_the_same() -> None:
    """A request never says "chapter 1" or "10": asymptote.pdf's "10 Interactive mode" and
    the ReportLab guide's "Chapter 1 Introduction" are named by their words. Two chapters
    titled alike but for their numbers keep them apart by the later one's first section,
    else by its number."""
    pages = widget_pages()
    pages[1][2] = ("B", 18, 72, 700, "Chapter 1 Installing")
    pages[2][2] = ("B", 18, 72, 700, "Appendix A Using")
    result = read_pdf(make_pdf(pages), source_id="widget.pdf")
    assert [s.skill_name for s in result.skills] == ["Chapter 1 Installing", "Appendix A Using"]
    assert [s.name for s in result.skills] == ["widget-installing", "widget-using"]
    pages[2][2] = ("B", 18, 72, 700, "10 Installing")  # the same words again
    result = read_pdf(make_pdf(pages), source_id="widget.pdf")
    assert [s.name for s in result.skills] == ["widget-installing", "widget-10-installing"]
    pages[2][3:3] = [("B", 14, 72, 660, "10.1 From source")]  # a section to tell it apart
    result = read_pdf(make_pdf(pages), source_id="widget.pdf")
    assert [s.name for s in result.skills] == ["widget-installing", "widget-installing-from-source"]


def test_a_table_of_contents_opening_the_outline_is_no_skill_and_the_front_matter_is_kept() -> None:
    """asymptote-doc's asy-latex.pdf and CAD.pdf print title, authors, abstract and the table
    of contents on the first page, "Contents" set as a chapter title: it named a skill
    (``asymptote-contents``) of front matter and page numbers. The table of contents is
    navigation: its section is skipped with that reason, its entries removed, and the
    front matter joins the first chapter."""
    pages = widget_pages()
    pages[0][1:] = [
        _body(570, "Jane Doe and John Roe"),
        _body(550, "Abstract This package draws widgets in documents."),
        ("B", 18, 72, 520, "Contents"),
        _body(500, "1 Installing 2"),
        _body(486, "2 Using 3"),
    ]
    result = read_pdf(make_pdf(pages), source_id="widget.pdf")
    contents, installing, _ = result.skills
    assert [s.name for s in result.skills] == [
        "widget-contents",
        "widget-installing",
        "widget-using",
    ]
    assert [b.text for b in contents.blocks if b.placement is not Placement.REMOVED] == ["Contents"]
    (entries,) = [b for b in contents.blocks if b.placement is Placement.REMOVED]
    assert entries.reason == "table of contents" and "1 Installing 2" in entries.text
    texts = _texts(installing)
    assert texts[:3] == [
        "Widget Manual",
        "Jane Doe and John Roe",
        "Abstract This package draws widgets in documents.",
    ]
    assert "1 Installing" in texts
    ctx = PassContext()
    kept = select_skills(SkillModule(skills=result.skills), ctx)
    assert [s.name for s in kept.skills] == ["widget-installing", "widget-using"]
    (skipped,) = ctx.skipped
    assert (skipped.title, skipped.reason) == ("Contents", CONTENTS_REASON)


def test_generated_headings_from_font_sizes_split_skills() -> None:
    result = read_pdf(make_pdf(widget_pages()), source_id="docs/widget.pdf")
    assert result.diagnostics == ()
    assert [s.skill_name for s in result.skills] == ["1 Installing", "2 Using"]
    assert [s.name for s in result.skills] == ["widget-installing", "widget-using"]
    first, second = result.skills
    headings = [(b.level, b.text) for b in first.blocks if isinstance(b, Heading)]
    assert headings == [(1, "1 Installing"), (2, "1.1 Requirements")]
    texts = [b.text for b in first.blocks if isinstance(b, Prose)]
    assert texts[0] == "Widget Manual"  # the title equals the running header, but is kept
    assert "The widget needs a recent configuration file and Python." in texts
    assert not any(t == "Widget Manual" for s in result.skills for t in _texts(s)[1:])
    lists = [b.items for b in first.blocks if isinstance(b, ListBlock)]
    assert lists == [("Python 3.10 or newer", "a configuration file")]
    code = [b for b in second.blocks if isinstance(b, Code)]
    assert [(b.text, b.language) for b in code] == [
        ("import widget\ndef main():\n    widget.run()", "python")
    ]
    ordered = next(b for b in second.blocks if isinstance(b, ListBlock))
    assert ordered.ordered and ordered.items == ("Open the folder.", "Run widget.")
    assert second.blocks[-1].prov[0].source == "docs/widget.pdf#p4"


def _texts(skill: Skill) -> list[str]:
    return [b.text for b in skill.blocks if isinstance(b, Prose | Heading)]


def test_generated_prompt_becomes_a_tool_step_and_warning_a_constraint() -> None:
    result = read_pdf(make_pdf(widget_pages()), source_id="widget.pdf")
    first = result.skills[0]
    pip = next(b for b in first.blocks if isinstance(b, Code))
    assert (pip.text, pip.language) == ("$ pip install widget", "console")
    step = next(s for s in first.logic_steps if s.text == "pip install widget")
    assert step.act_type is ActType.CALL_TOOL and step.prov[0].source == "widget.pdf#p2"
    assert any(c.text == "never run widget as root." for c in first.constraints)


def test_generated_outline_titles_become_headings_and_skills() -> None:
    outline = (("Installing", 1, 0), ("Requirements", 1, 1), ("Using", 2, 0))
    result = read_pdf(make_pdf(widget_pages(), outline=outline), source_id="widget.pdf")
    assert [s.skill_name for s in result.skills] == ["1 Installing", "2 Using"]
    heads = [(b.level, b.text) for b in result.skills[0].blocks if isinstance(b, Heading)]
    assert heads == [(1, "1 Installing"), (2, "1.1 Requirements")]


def test_encrypted_with_empty_password_opens() -> None:
    result = read_pdf(make_pdf(widget_pages(), password=""), source_id="open.pdf")
    assert [s.skill_name for s in result.skills] == ["1 Installing", "2 Using"]


def test_encrypted_with_a_password_is_sk050() -> None:
    result = read_pdf(make_pdf(widget_pages(), password="secret"), source_id="locked.pdf")
    assert result.skills == ()
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "SK050" and diagnostic.severity is Severity.ERROR
    assert diagnostic.path == "locked.pdf" and "locked.pdf" not in diagnostic.message


def test_no_text_layer_is_sk051_and_no_skill() -> None:
    scanned = make_pdf([[], []], image=True)
    result = read_pdf(scanned, source_id="scan.pdf")
    assert result.skills == ()
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "SK051" and diagnostic.severity is Severity.WARNING
    assert "no text layer (scanned?)" in diagnostic.message
    assert "OCR is out of scope" in diagnostic.message


@pytest.mark.parametrize(
    "data",
    [
        REPORTLAB.read_bytes()[:200_000],
        make_pdf(widget_pages())[:-300],
        b"this is not a PDF at all",
        b"%PDF-1.4\n%garbage",
        b"",
    ],
    ids=["truncated-corpus", "truncated-small", "not-a-pdf", "header-only", "zero-bytes"],
)
def test_unreadable_bytes_are_sk052(data: bytes) -> None:
    result = read_pdf(data, source_id="bad.pdf")
    assert result.skills == ()
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "SK052" and diagnostic.severity is Severity.ERROR
    assert diagnostic.path == "bad.pdf", "the path names the file ..."
    assert "bad.pdf" not in diagnostic.message, "... so the message does not name it again"


def test_a_page_that_fails_is_skipped_with_sk053() -> None:
    good = read_pages(make_pdf(widget_pages()), source_id="w.pdf")
    assert good  # the generated manual reads
    raw = [RawPage(number=1, error="PdfReadError: broken stream")] + [
        RawPage(number=n + 2, lines=page.lines) for n, page in enumerate(good[1:])
    ]
    result = compile_pdf(raw, (), source_id="w.pdf")
    assert [d.code for d in result.diagnostics] == ["SK053"]
    assert "page 1" in result.diagnostics[0].message
    assert result.skills


def test_pages_read_in_any_order_compile_to_the_same_result() -> None:
    """What a parallel driver does: read pages in workers, in any order, then compile."""
    data = make_pdf(widget_pages(), outline=(("Installing", 1, 0), ("Using", 2, 0)))
    opened = open_pdf(data, source_id="w.pdf")
    assert opened.reader is not None
    raw = [read_page(opened, n) for n in (4, 2, 3, 1)]
    result = compile_pdf(raw, outline(opened), source_id="w.pdf")
    assert result == read_pdf(data, source_id="w.pdf")


def test_no_readable_page_is_sk052_not_a_scan() -> None:
    raw = [RawPage(number=n, error="PdfReadError: broken stream") for n in (1, 2)]
    result = compile_pdf(raw, (), source_id="w.pdf")
    assert [d.code for d in result.diagnostics] == ["SK052", "SK053", "SK053"]
    assert result.skills == ()


def test_a_pdf_without_pages_is_sk052() -> None:
    out = io.BytesIO()
    PdfWriter().write(out)
    result = read_pdf(out.getvalue(), source_id="empty.pdf")
    assert [d.code for d in result.diagnostics] == ["SK052"]
    assert "has no pages" in result.diagnostics[0].message


@pytest.mark.parametrize("cut", [0, 9, 100, 1000, 2000, 3000])
def test_any_prefix_never_raises(cut: int) -> None:
    data = make_pdf(widget_pages())
    result = read_pdf(data[:cut] + data[cut + 7 :], source_id="x.pdf")
    assert isinstance(result, FrontendResult)


# --- Speed (printed, never asserted) --------------------------------------------------------------


def speed(path: Path) -> str:
    """One read of ``path`` on one core: pages/s and MB/s, and where the time goes."""
    data = path.read_bytes()
    start = time.perf_counter()
    opened = open_pdf(data, source_id=path.name)
    assert opened.reader is not None
    count = len(opened.reader.pages)
    raw = [read_page(opened, n) for n in range(1, count + 1)]
    extracted = time.perf_counter()
    compile_pdf(raw, outline(opened), source_id=path.name)
    done = time.perf_counter()
    total = done - start
    return (
        f"{path.name}: {count} pages, {len(data) / 1e6:.2f} MB in {total:.2f} s = "
        f"{count / total:.0f} pages/s, {len(data) / 1e6 / total:.2f} MB/s "
        f"(open + read_page {1000 * (extracted - start) / count:.1f} ms/page, "
        f"compile {1000 * (done - extracted) / count:.1f} ms/page)"
    )


if __name__ == "__main__":
    for corpus in (REPORTLAB, DOCBOOK, _fetch_bashref()):
        if corpus is not None:
            print(speed(corpus), file=sys.stdout)


def test_typeset_quotes_and_listing_line_numbers_leave_pdf_code_blocks() -> None:
    """TeX sets ' and " in typewriter fonts as curly quotes (bash's manual prints
    ``local var=’func1 local’``), and LaTeX listings number each line: a code block holds
    the source as it was typed, while prose keeps its typography."""
    numbered = ["import os", "", "def main():", "    print(“hi”)"]
    page = [
        ("B", 18, 72, 700, "1 Quoting"),
        _body(670, "The shell’s quotes, in a function:"),
        ("M", 10, 90, 650, "func1()"),
        ("M", 10, 90, 638, "{"),
        ("M", 10, 114, 626, "local var=’func1 local’"),
        ("M", 10, 114, 614, "echo “$var” ‘done’"),
        ("M", 10, 90, 602, "}"),
        _body(580, "A numbered listing:"),
        *[
            part
            for k, line in enumerate(numbered)  # a number, then its line, as listings draws
            for part in [
                ("M", 10, 72, 560 - 12 * k, str(k + 1)),
                ("M", 10, 96 + 6 * (len(line) - len(line.lstrip())), 560 - 12 * k, line.strip()),
            ][: 2 if line else 1]
        ],
        _body(500, "Counted lines:"),
        ("M", 10, 90, 480, "1 apple"),
        ("M", 10, 90, 468, "3 pears"),
        *[
            _body(440 - 14 * k, "Body text set in a proportional font, as a manual's is. " * 2)
            for k in range(12)
        ],
    ]
    (skill,) = read_pdf(make_pdf([page]), source_id="quoting.pdf").skills
    code = [b.text for b in skill.blocks if isinstance(b, Code)]
    assert code[0] == "func1()\n{\n    local var='func1 local'\n    echo \"$var\" 'done'\n}"
    assert code[1] == 'import os\n\ndef main():\n    print("hi")'
    assert code[2] == "1 apple\n3 pears"  # not consecutive: data, not line numbers
    assert "The shell’s quotes, in a function:" in _texts(skill)


def test_bashref_code_has_straight_quotes(bashref: Read) -> None:
    code = "\n".join(b.text for b in bashref.blocks(Code))
    assert "local var='func1 local'" in code
    assert not re.search("[‘’“”]", code)


def test_a_compound_broken_before_a_capital_is_rejoined_with_its_hyphen() -> None:
    """ "Front-" / "Cover Text": a producer that does not hyphenate words breaks only
    compounds, and a capital after the break says the hyphen is the compound's own; so is
    an acronym's ("XSL-" / "FO"). The paragraph and the heading read "Front-Cover" and
    "XSL-FO", never "Front- Cover"."""
    page = [
        ("B", 18, 72, 700, "1 Cover Texts for the Front-"),
        ("B", 18, 72, 680, "Cover"),
        _body(650, "A passage of up to five words may be added as a Front-"),
        _body(636, "Cover Text at the end of the list of texts, in XSL-"),
        _body(622, "FO or in any other format."),
        *[
            _body(600 - 14 * k, "Body text set in a proportional font, as manuals are.")
            for k in range(4)
        ],
    ]
    (skill,) = read_pdf(make_pdf([page]), source_id="covers.pdf").skills
    text = " ".join(b.text for b in skill.blocks if isinstance(b, Prose))
    assert "as a Front-Cover Text at the end of the list of texts, in XSL-FO or in" in text
    assert skill.skill_name == "1 Cover Texts for the Front-Cover"


def test_a_documented_package_of_mostly_numbered_code_reads_its_listings_as_code() -> None:
    """A LaTeX documented package (ltxdoc, docstrip; asymptote-doc's asy-latex.pdf): most of
    its text is numbered code in a typewriter font, between proportional paragraphs. The
    typewriter font still marks code, and the listing's numbers are dropped."""
    code = [
        "\\newif\\ifASYPDF",
        "\\ifxetex",
        "  \\ASYPDFtrue",
        "\\else",
        "  \\ifpdf",
        "    \\ASYPDFtrue",
        "  \\fi",
        "\\fi",
        "\\ifASYPDF",
        "  \\def\\AsyExtension{pdf}",
        "\\fi",
    ]
    page = [
        ("B", 14, 72, 720, "4.4 Testing for PDF output"),
        _body(700, "Note this is not quite the same as ifpdf, since we want PDF with XeTeX."),
        *[
            ("M", 9, 72, 684 - 11 * k, f"{80 + k} {line}")  # "80 \newif\ifASYPDF"
            for k, line in enumerate(code)
        ],
        _body(540, "Work around the jobname bug in MiKTeX."),
    ]
    (skill,) = read_pdf(make_pdf([page]), source_id="asy-latex.pdf").skills
    blocks = [b.text for b in skill.blocks if isinstance(b, Code)]
    assert blocks == ["\n".join(code)]
