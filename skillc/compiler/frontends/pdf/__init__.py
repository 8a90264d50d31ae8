"""The PDF frontend: manuals with a text layer -> one skill per top-level section.

`reader.read_pdf` reads one file; `opening` opens it, `pdfium` extracts a page's text runs
with PDFium (`layout` with pypdf when PDFium cannot open the file; pypdf reads outline and
metadata), `clean` removes running headers and hyphens, `sections` finds headings, `blocks` and
`code` build pieces, `naming` names the skills. Large files are read by page ranges in several
processes (`SPLIT`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from skillc.compiler.frontends.frontend import Claims, Frontend, Map, Reads, Split
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets


def read(data: bytes, source_id: str, targets: Targets) -> FrontendResult:
    """One PDF file (see `reader.read_pdf`); PDFs hold no cross-page targets."""
    from skillc.compiler.frontends.pdf.reader import read_pdf

    return read_pdf(data, source_id=source_id)


def _open(data: bytes, source_id: str) -> tuple[Any, int] | FrontendResult:
    """PDFium's view of the file, enough for the workers (pypdf's, when needed, by `_prepare`).

    `reader` is imported here, before the workers are forked: they assemble the skills
    (`_combine`'s map), and each would otherwise import it again (~20 ms a process)."""
    import skillc.compiler.frontends.pdf.reader  # noqa: F401
    from skillc.compiler.frontends.pdf.opening import open_pdfium_first, unreadable

    try:
        opened = open_pdfium_first(data, source_id=source_id)
        if opened.reader is None and opened.document is None:
            return FrontendResult(skills=(), diagnostics=opened.diagnostics)
        return opened, opened.pages
    except Exception as error:  # as `read_pdf`: never raises, reports the file unreadable
        return FrontendResult(skills=(), diagnostics=(unreadable(source_id, error),))


def _reopen(data: bytes, source_id: str) -> Any:
    from skillc.compiler.frontends.pdf.opening import open_pdfium_first

    return open_pdfium_first(data, source_id=source_id)


def _read_parts(opened: Any, first: int, last: int) -> list[Any]:
    from skillc.compiler.frontends.pdf.opening import read_page

    return [read_page(opened, n) for n in range(first, last + 1)]


def _prepare(opened: Any) -> tuple[str, tuple[Any, ...]]:
    """The title and outline (`opening.title_and_outline`), in the parent while the workers
    read the pages."""
    from skillc.compiler.frontends.pdf.opening import title_and_outline

    return title_and_outline(opened)


def _combine(
    pages: Sequence[Any], prepared: Any, source_id: str, map_: Map | None = None
) -> FrontendResult:
    from skillc.compiler.frontends.pdf.reader import compile_pdf, unreadable

    try:
        if isinstance(prepared, Exception):
            raise prepared
        title, entries = prepared
        return compile_pdf(pages, entries, source_id=source_id, title=title, map_=map_)
    except Exception as error:
        return FrontendResult(skills=(), diagnostics=(unreadable(source_id, error),))


SPLIT = Split(
    open=_open,
    reopen=_reopen,
    read_parts=_read_parts,
    prepare=_prepare,
    combine=_combine,
)

FRONTEND = Frontend(
    name="pdf",
    media_type="application/pdf",
    claims=Claims(suffixes=(".pdf",)),
    reads=Reads.BYTES,
    read=read,
    split=SPLIT,
)

__all__ = ["FRONTEND", "SPLIT"]
