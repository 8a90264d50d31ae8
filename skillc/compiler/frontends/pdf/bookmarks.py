"""A PDF's outline (bookmarks) read by PDFium: the entries `layout.outline` reads with pypdf.

Why: resolving a bookmark's page with pypdf flattens pypdf's whole page tree in Python (every
page dictionary parsed: bashref, 196 pages, ~0.2 s of CPU, in the parent while the workers
read pages, so a tenth of a `-j2` build's reading), where PDFium already holds the page tree
and resolves a destination in C. The outline is small (bashref: 141 bookmarks, ~2 ms here).

Guarantees: the same entries as `layout.outline`, in the same order (an item, its children,
then its next sibling; each bookmark once, so a cycle ends where it closes), on every file
where the two libraries read the same objects. pypdf's rules are followed where they are
particular: an ``/A`` action wins over ``/Dest`` and only a ``GoTo`` action has a page; an
``/XYZ`` destination without a top reads as top 0; ``/FitH``, ``/FitBH`` and ``/FitR`` give
their top, other views none. Where PDFium cannot tell what pypdf would say (a view it does
not know; a top of 0 that may have been ``null``, which PDFium reads as 0), `outline` returns
``None`` and the caller reads the outline with pypdf.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw

from skillc.compiler.frontends.pdf.layout import OutlineEntry

__all__ = ["outline"]

#: Views whose parameters pypdf reads a top from, and that parameter's place (0-based).
_TOP_AT = {raw.PDFDEST_VIEW_FITH: 0, raw.PDFDEST_VIEW_FITBH: 0, raw.PDFDEST_VIEW_FITR: 3}
#: pypdf reads these views' tops only when the array has exactly this many parameters.
_TOP_PARAMS = {raw.PDFDEST_VIEW_FITH: 1, raw.PDFDEST_VIEW_FITBH: 1, raw.PDFDEST_VIEW_FITR: 4}


class _Unsure(Exception):
    """A destination whose entry pypdf may read otherwise (see the module docstring)."""


def outline(document: Any) -> tuple[OutlineEntry, ...] | None:
    """The bookmarks of ``document`` (a pypdfium2 `PdfDocument`) in document order, at any
    depth; entries without a resolvable page or title left out. ``None`` when one of them
    is a destination PDFium cannot read as pypdf does (then pypdf reads the outline)."""
    handle = document.raw
    found: list[OutlineEntry] = []
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(raw.FPDFBookmark_GetFirstChild(handle, None), 0)]
    try:
        while stack:
            bookmark, depth = stack.pop()
            key = ctypes.cast(bookmark, ctypes.c_void_p).value
            if not key or key in seen:
                continue
            seen.add(key)
            entry = _entry(handle, bookmark, depth)
            if entry is not None:
                found.append(entry)
            stack.append((raw.FPDFBookmark_GetNextSibling(handle, bookmark), depth))
            stack.append((raw.FPDFBookmark_GetFirstChild(handle, bookmark), depth + 1))
    except _Unsure:
        return None
    return tuple(found)


def _entry(document: Any, bookmark: Any, depth: int) -> OutlineEntry | None:
    title = " ".join(_title(bookmark).split())
    dest = _destination(document, bookmark)
    if not title or not dest:
        return None
    page = raw.FPDFDest_GetDestPageIndex(document, dest)
    if page < 0:
        return None
    return OutlineEntry(title=title, depth=depth, page=page, top=_top(dest))


def _title(bookmark: Any) -> str:
    size = raw.FPDFBookmark_GetTitle(bookmark, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFBookmark_GetTitle(bookmark, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _destination(document: Any, bookmark: Any) -> Any:
    """The bookmark's destination: its action's when it has one (only a GoTo has one)."""
    action = raw.FPDFBookmark_GetAction(bookmark)
    if action:
        if raw.FPDFAction_GetType(action) != raw.PDFACTION_GOTO:
            return None
        return raw.FPDFAction_GetDest(document, action)
    return raw.FPDFBookmark_GetDest(document, bookmark)


def _top(dest: Any) -> float | None:
    count = ctypes.c_ulong()
    params = (ctypes.c_float * 4)()
    view = raw.FPDFDest_GetView(dest, count, params)
    if view == raw.PDFDEST_VIEW_XYZ:
        return _xyz_top(dest, count.value)
    if view == raw.PDFDEST_VIEW_UNKNOWN_MODE:
        raise _Unsure  # pypdf sends an unknown view to the first page
    if view not in _TOP_AT or count.value != _TOP_PARAMS[view]:
        return None
    top = float(params[_TOP_AT[view]])
    if top == 0:
        raise _Unsure  # PDFium reads null as 0; pypdf reads it as no top
    return top


def _xyz_top(dest: Any, count: int) -> float | None:
    """pypdf pads a short ``/XYZ`` array with zeros and reads a null top as none."""
    if count < 2:
        return 0.0
    has = (ctypes.c_int(), ctypes.c_int(), ctypes.c_int())
    where = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
    if not raw.FPDFDest_GetLocationInPage(dest, *has, *where):
        return None
    return float(where[1].value) if has[1].value else None
