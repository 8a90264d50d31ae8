"""PDFium's functions that a page walk calls for every text object and glyph, with plain
integer handles and addresses.

Why: pypdfium2's bindings type every handle as a pointer to an opaque structure, so each call
builds pointer objects for its arguments and its result, and comparing two handles needed a
``ctypes.cast`` (handles compare by identity). A page of a TeX manual has ~100 text objects and
thousands of glyphs, and that wrapping was most of a PDF build's reading time (bashref, 196
pages: ~1 s of Python around ~0.25 s of PDFium). The same C functions, called through
prototypes whose handles are ``c_void_p`` (a Python ``int``, ``None`` for NULL) and whose
out-parameters are addresses computed once, do the same work with a fraction of the wrapping.

The functions are pypdfium2's own (found by their addresses in the library pypdfium2 loaded),
so the results are the ones its bindings return.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw

__all__ = ["Calls", "address", "calls"]

_P = ctypes.c_void_p  # a handle or an out-parameter's address
_I = ctypes.c_int
_D = ctypes.c_double


def address(handle: Any) -> int:
    """A pypdfium2 handle (a ctypes pointer) as the integer these prototypes take."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _rebind(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The C function behind the pypdfium2 binding ``function``, with these types."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(address(function))


class Calls:
    """The rebound functions, one attribute per PDFium function (its name without the
    ``FPDF`` prefix), made once per process (`calls`)."""

    def __init__(self) -> None:
        self.page_count = _rebind(raw.FPDFPage_CountObjects, _I, _P)
        self.page_object = _rebind(raw.FPDFPage_GetObject, _P, _P, _I)
        self.form_count = _rebind(raw.FPDFFormObj_CountObjects, _I, _P)
        self.form_object = _rebind(raw.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
        self.object_type = _rebind(raw.FPDFPageObj_GetType, _I, _P)
        self.object_text = _rebind(
            raw.FPDFTextObj_GetText, ctypes.c_ulong, _P, _P, _P, ctypes.c_ulong
        )
        self.object_matrix = _rebind(raw.FPDFPageObj_GetMatrix, _I, _P, _P)
        self.object_font_size = _rebind(raw.FPDFTextObj_GetFontSize, _I, _P, _P)
        self.object_bounds = _rebind(raw.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
        self.object_font = _rebind(raw.FPDFTextObj_GetFont, _P, _P)
        self.char_count = _rebind(raw.FPDFText_CountChars, _I, _P)
        self.char_at = _rebind(raw.FPDFText_GetCharIndexAtPos, _I, _P, _D, _D, _D, _D)
        self.char_object = _rebind(raw.FPDFText_GetTextObject, _P, _P, _I)
        self.char_origin = _rebind(raw.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)
        self.char_unicode = _rebind(raw.FPDFText_GetUnicode, ctypes.c_uint, _P, _I)
        self.chars_text = _rebind(raw.FPDFText_GetText, _I, _P, _I, _I, _P)


_CALLS: list[Calls] = []


def calls() -> Calls:
    """The process's `Calls` (made on first use: reading a PDF, not importing this module)."""
    if not _CALLS:
        _CALLS.append(Calls())
    return _CALLS[0]
