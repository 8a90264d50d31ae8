"""The glyph walk's characters, read once a page (`pdfium._unicode`), are PDFium's own.

Why a test: fixed-pitch runs are rebuilt glyph by glyph, and the characters were asked of
PDFium one call a glyph (``FPDFText_GetUnicode``); they now come from one
``FPDFText_GetText`` call a page, which is one UTF-16 unit per character index. What a page
reads must not depend on which of the two gave the characters, and a page where the two do not
line up (a character outside the BMP is two units; PDFium counts it as two characters) must
fall back to asking per glyph. Such a character is two glyphs to PDFium, its UTF-16 halves:
a fixed-pitch run keeps it whole (its halves alone cannot be written as UTF-8: the build
crashed in the token counter).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from skillc.compiler.frontends.pdf import pdfium as reading
from skillc.compiler.frontends.pdf.calls import address, calls
from skillc.compiler.frontends.pdf.layout import RawPage

ROOT = Path(__file__).resolve().parents[3]
BASHREF = ROOT / "corpora/guides/bash-pdf/src/bashref.pdf"


def _pdf(content: bytes, cmap: bytes) -> bytes:
    """One page of Courier text, ``content`` its content stream, ``cmap`` its ToUnicode."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return out + trailer % (len(objects) + 1, xref)


# "A" reads as U+1F600 (a surrogate pair in UTF-16).
_EMOJI = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /X def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D83DDE00> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _pages(document: object, count: int) -> list[RawPage]:
    return [reading.read_page(document, n) for n in range(1, count + 1)]


def test_a_manuals_listings_read_the_same_from_the_page_text_and_per_glyph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not BASHREF.exists():
        pytest.skip("bashref.pdf not fetched (make corpora)")
    document = reading.open_document(BASHREF.read_bytes())
    used: list[bool] = []
    at_once = reading._unicode

    def counted(*args: object) -> str | None:
        text = at_once(*args)  # type: ignore[arg-type]
        used.append(text is not None)
        return text

    monkeypatch.setattr(reading, "_unicode", counted)
    fast = _pages(document, 60)
    assert used and all(used)  # every page with a fixed-pitch run read its text at once
    monkeypatch.setattr(reading, "_unicode", lambda *args: None)
    assert _pages(document, 60) == fast
    assert sum(line.mono for page in fast for line in page.lines) > 100  # listings were read


def test_a_page_with_a_character_outside_the_bmp_is_read_per_glyph() -> None:
    content = b"BT /F1 12 Tf 20 100 Td (xyAzw) Tj ET BT /F1 12 Tf 20 80 Td (cdAef) Tj ET"
    document = pdfium.PdfDocument(_pdf(content, _EMOJI))
    page = document[0]
    textpage = page.get_textpage()
    found = calls()
    count = found.char_count(address(textpage.raw))
    assert reading._unicode(address(textpage.raw), count, found.chars_text) is None
    textpage.close()
    page.close()
    lines = reading.read_page(document, 1).lines
    assert [line.text for line in lines] == ["xy\U0001f600zw", "cd\U0001f600ef"]
