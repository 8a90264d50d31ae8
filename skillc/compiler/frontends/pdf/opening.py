"""Opening a PDF and reading its pages: PDFium for the file, its pages' text, outline and
metadata when it opens the file; pypdf for the files it does not (decryption, damage
diagnostics, outline and metadata) and for the outlines PDFium cannot read as pypdf would.

Why a module of its own: this is the part that touches the file (and its two libraries); what
`reader` does with the pages (furniture, headings, skills) is plain data work.

Guarantees: `open_pdf` never raises for bad bytes (the reason comes back as a diagnostic);
`read_page` never raises and reads only its own page. Diagnostics: SK050 encrypted and not
openable with an empty password, SK052 unreadable or truncated file (pypdf's message).
Messages do not repeat the file's name: the diagnostic's path carries it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skillc.compiler.frontends.pdf import bookmarks, layout, pdfium
from skillc.compiler.frontends.pdf.layout import OutlineEntry, RawPage
from skillc.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # imported where used: a build whose PDFs PDFium opens loads it late
    from pypdf import PdfReader

__all__ = [
    "Opened",
    "diagnostic",
    "metadata_title",
    "open_pdf",
    "open_pdfium_first",
    "outline",
    "read_page",
    "title_and_outline",
    "unreadable",
    "with_reader",
]


@dataclass(frozen=True, slots=True)
class Opened:
    """An opened (and, if needed, decrypted) PDF, or ``None`` and the reason why not.

    ``reader`` (pypdf) gives the outline and metadata; ``document`` (PDFium) the pages' text,
    when PDFium opens the file (else pages are read with pypdf).
    """

    reader: PdfReader | None
    diagnostics: tuple[Diagnostic, ...] = ()
    document: Any = None
    #: The file's bytes and id while pypdf's reader is still to be made (`open_pdfium_first`).
    later: tuple[bytes, str] | None = None

    @property
    def pages(self) -> int:
        """The page count: PDFium's when it opened the file, else pypdf's.

        Why PDFium's: pypdf counts by flattening the whole page tree in Python (bashref: ~0.3 s,
        a tenth of a `-j2` build, before any worker can start); PDFium's count is already
        known. pypdf's flattening is left to the outline, which needs it and runs while the
        workers read pages.
        """
        if self.document is not None:
            return len(self.document)
        return len(self.reader.pages) if self.reader is not None else 0


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Collect what pypdf logs while recovering a damaged file (it does not raise for it)."""
    found: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler = _Collect(level=logging.WARNING)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def open_pdf(data: bytes, *, source_id: str, document: Any = None) -> Opened:
    """Open ``data`` with pypdf (decrypted with the empty password when encrypted) and PDFium
    (``document``: PDFium's already, see `with_reader`).

    A file PDFium opens is read by it, pages and page count; pypdf's page tree is then not
    walked here. A file PDFium does not open has its page tree walked by pypdf now, so that
    its errors are this file's SK052 and not one SK053 per page.
    """
    if not data:
        return Opened(None, (diagnostic("SK052", "empty file, not a PDF", source_id),))
    from pypdf import PdfReader

    with _pypdf_warnings() as logged:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _decrypt(reader):
                message = "encrypted PDF; it does not open without a password"
                return Opened(None, (diagnostic("SK050", message, source_id),))
            document = _pdfium(data) if document is None else document
            if document is None:
                len(reader.pages)  # page tree errors surface here, not later per page
        except Exception as error:
            if "cryptography" in str(error) or "AES" in str(error):
                message = f"encrypted PDF pypdf cannot decrypt here: {error}"
                return Opened(None, (diagnostic("SK050", message, source_id),))
            why = "; ".join(dict.fromkeys([*logged, f"{type(error).__name__}: {error}"]))
            message = f"not a readable PDF (truncated or corrupt?): {why}"
            return Opened(None, (diagnostic("SK052", message, source_id),))
    return Opened(reader, document=document)


def open_pdfium_first(data: bytes, *, source_id: str) -> Opened:
    """What `open_pdf` opens, but pypdf's part left to `with_reader` when PDFium opens the
    file (``reader`` is then ``None`` and ``later`` holds what `with_reader` needs).

    Why: the `-j N` workers start once the file is open, and importing pypdf and reading the
    file's trailer with it (~90 ms) only decides what the parent needs later (the outline when
    PDFium cannot read it, the title, and whether pypdf refuses the file: then its
    diagnostics are the result, as `open_pdf`'s would have been, and the pages read go unused).
    """
    document = _pdfium(data) if data else None
    if document is None:
        return open_pdf(data, source_id=source_id)
    return Opened(None, document=document, later=(data, source_id))


def with_reader(opened: Opened) -> Opened:
    """``opened`` as `open_pdf` would have made it (pypdf's reader added, or pypdf's
    diagnostics without a document when pypdf does not open the file)."""
    if opened.later is None:
        return opened
    data, source_id = opened.later
    return open_pdf(data, source_id=source_id, document=opened.document)


def _pdfium(data: bytes) -> Any:
    """PDFium's view of a file pypdf opened, or ``None`` (its pages are then read with pypdf)."""
    try:
        return pdfium.open_document(data)
    except Exception:  # a file only pypdf's recovery reads, or a password PDFium lacks
        return None


def read_page(opened: Opened, number: int) -> RawPage:
    """The lines of page ``number`` (1-based), by PDFium when it opened the file."""
    if opened.document is not None:
        return pdfium.read_page(opened.document, number)
    if opened.reader is None:
        return RawPage(number=number, error="the file did not open")
    return layout.read_page(opened.reader, number)


def outline(opened: Opened) -> tuple[OutlineEntry, ...]:
    """The bookmarks (`layout.outline`'s entries): by PDFium when it opened the file, as
    pypdf reads them but without pypdf's walk of the whole page tree (`bookmarks`); by pypdf
    when PDFium did not open it or cannot tell what pypdf would read (pypdf is then opened if
    it was not, `with_reader`; a file it refuses has no outline)."""
    if opened.document is not None:
        try:
            found = bookmarks.outline(opened.document)
        except Exception:  # a PDFium failure: pypdf's reading decides, as without PDFium
            found = None
        if found is not None:
            return found
    reader = with_reader(opened).reader
    return layout.outline(reader) if reader is not None else ()


def _decrypt(reader: PdfReader) -> bool:
    from pypdf import PasswordType

    return reader.decrypt("") != PasswordType.NOT_DECRYPTED


def title_and_outline(opened: Opened) -> tuple[str, tuple[OutlineEntry, ...]]:
    """The document title its metadata gives and its bookmarks: PDFium's when it opened the
    file; pypdf is opened (`with_reader`) only for what PDFium cannot tell (a file PDFium did
    not open, an outline `bookmarks` cannot read as pypdf would), and a file pypdf then
    refuses has no outline.

    Why PDFium decides: pypdf's import and trailer read (~90 ms) were a tenth of a small PDF's
    build, on the same two cores the page readers use, only to ask pypdf whether it agreed
    with PDFium about a file PDFium had opened; where they disagreed (an AES-encrypted file
    with an empty password and no ``cryptography`` installed, a damaged file PDFium recovers),
    PDFium was the one that could read it.
    """
    if opened.document is not None:
        return _pdfium_title(opened.document), outline(opened)
    reader = opened.reader
    return (metadata_title(reader), outline(opened)) if reader is not None else ("", ())


def _pdfium_title(document: Any) -> str:
    """The title PDFium reads from the document information (whitespace collapsed)."""
    try:
        return " ".join(str(document.get_metadata_value("Title") or "").split())
    except Exception:
        return ""


def metadata_title(reader: PdfReader) -> str:
    """The document title its metadata gives (whitespace collapsed), else ``""``."""
    try:
        info = reader.metadata
        return " ".join(str(info.title or "").split()) if info is not None else ""
    except Exception:
        return ""


def diagnostic(
    code: str, message: str, path: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    """A diagnostic of this frontend at ``path`` (the file, or ``file#pN`` for a page)."""
    return Diagnostic(code=code, message=message, severity=severity, path=path)


def unreadable(source_id: str, error: Exception) -> Diagnostic:
    """SK052 for a file that failed to read with ``error``."""
    message = f"not a readable PDF: {type(error).__name__}: {error}"
    return diagnostic("SK052", message, source_id)
