"""The outline read by PDFium (`pdf.bookmarks`) gives pypdf's entries without pypdf's walk of
the page tree, and hands back to pypdf where PDFium cannot tell what pypdf would read.

Why: resolving bookmark pages with pypdf parsed every page dictionary in Python (bashref.pdf:
~0.2 s of the parent's CPU in a `-j2` build, while its workers read the pages).
"""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

from skillc.compiler.frontends.pdf import bookmarks
from skillc.compiler.frontends.pdf.layout import OutlineEntry
from skillc.compiler.frontends.pdf.layout import outline as pypdf_outline
from skillc.compiler.frontends.pdf.opening import open_pdf, outline

GUIDES = Path(__file__).resolve().parents[3] / "corpora/guides"
CORPUS = [
    GUIDES / "amc-pdf/src/auto-multiple-choice.en.pdf",
    GUIDES / "bash-pdf/src/bashref.pdf",
    GUIDES / "reportlab-pdf/src/reportlab-userguide.pdf",
]


def _same(ours: tuple[OutlineEntry, ...], theirs: tuple[OutlineEntry, ...]) -> bool:
    """Equal entries; tops within PDFium's float32 precision (headings place by ``top - 1``)."""
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs, strict=True):
        if (a.title, a.depth, a.page) != (b.title, b.depth, b.page):
            return False
        if (a.top is None) != (b.top is None) or abs((a.top or 0) - (b.top or 0)) > 1e-3:
            return False
    return True


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_pdfium_reads_the_corpus_outlines_as_pypdf_does_without_its_page_tree(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    opened = open_pdf(path.read_bytes(), source_id=path.name)
    assert opened.reader is not None and opened.document is not None
    entries = outline(opened)
    assert len(entries) > 100
    assert opened.reader.flattened_pages is None  # pypdf's page tree was not walked
    assert _same(entries, pypdf_outline(opened.reader))


def _with_items(items: list[DictionaryObject], pages: int = 3) -> bytes:
    """A PDF of blank pages whose outline is ``items`` (siblings, in order); each item's
    ``/Dest`` or ``/A`` array names a page by its index, replaced here by the page itself."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=300)
    root = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    root_ref = writer._add_object(root)
    refs = []
    for item in items:
        for holder in (item, item.get("/A")):
            if isinstance(holder, DictionaryObject):
                for key in ("/Dest", "/D"):
                    dest = holder.get(key)
                    if isinstance(dest, ArrayObject) and isinstance(dest[0], int):
                        dest[0] = writer.pages[int(dest[0])].indirect_reference
        item[NameObject("/Parent")] = root_ref
        refs.append(writer._add_object(item))
    for ref, nxt in pairwise(refs):
        ref.get_object()[NameObject("/Next")] = nxt
    root[NameObject("/First")], root[NameObject("/Last")] = refs[0], refs[-1]
    root[NameObject("/Count")] = NumberObject(len(refs))
    writer._root_object[NameObject("/Outlines")] = root_ref
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _item(title: str, dest: list[object] | None = None, action: str = "") -> DictionaryObject:
    item = DictionaryObject({NameObject("/Title"): TextStringObject(title)})
    if dest is not None:
        array = ArrayObject(
            [
                NumberObject(dest[0]),  # type: ignore[arg-type]
                NameObject(dest[1]),
                *(NullObject() if v is None else FloatObject(v) for v in dest[2:]),  # type: ignore[arg-type]
            ]
        )
        item[NameObject("/Dest")] = array
    if action:
        item[NameObject("/A")] = DictionaryObject(
            {NameObject("/S"): NameObject(action), NameObject("/URI"): TextStringObject("x")}
        )
    return item


def test_pypdfs_rules_for_tops_actions_and_missing_pages_are_kept() -> None:
    data = _with_items(
        [
            _item("XYZ top", [0, "/XYZ", 10, 250, None]),
            _item("XYZ null top", [1, "/XYZ", 10, None, None]),
            _item("XYZ short", [1, "/XYZ", 10]),
            _item("FitH", [2, "/FitH", 120]),
            _item("Fit", [2, "/Fit"]),
            _item("URI action wins over its dest", [2, "/Fit"], action="/URI"),
            _item("No destination"),
            _item("  spaced   title  ", [0, "/Fit"]),
        ]
    )
    opened = open_pdf(data, source_id="t.pdf")
    fast = bookmarks.outline(opened.document)
    assert fast is not None
    assert [(e.title, e.page, e.top) for e in fast] == [
        ("XYZ top", 0, 250.0),
        ("XYZ null top", 1, None),
        ("XYZ short", 1, 0.0),
        ("FitH", 2, 120.0),
        ("Fit", 2, None),
        ("spaced title", 0, None),
    ]
    assert _same(fast, pypdf_outline(opened.reader))


def test_a_top_pdfium_reads_as_zero_is_left_to_pypdf() -> None:
    data = _with_items([_item("Null FitH", [1, "/FitH", None]), _item("Next", [2, "/Fit"])])
    opened = open_pdf(data, source_id="t.pdf")
    assert bookmarks.outline(opened.document) is None  # PDFium says 0, pypdf says none
    entries = outline(opened)
    found = [(e.title, e.page, e.top) for e in entries]
    assert found == [("Null FitH", 1, None), ("Next", 2, None)]
