"""`skillc.compiler.charset`: the HTML Standard's prescan and the WHATWG label table."""

from __future__ import annotations

import doctest

import pytest

from skillc.compiler import charset
from skillc.compiler.charset import PRESCAN_BYTES, decode, lookup, sniff


@pytest.mark.parametrize(
    ("data", "codec", "source"),
    [
        (b'<meta charset="ISO-8859-1">', "windows-1252", "<meta>"),
        (b"<meta charset=us-ascii>", "windows-1252", "<meta>"),
        (b"<meta charset=x-user-defined>", "windows-1252", "<meta>"),
        (b"<meta charset=gb2312>", "gb18030", "<meta>"),
        (b"<meta charset=shift_jis>", "cp932", "<meta>"),
        (b"<meta charset=utf-16le>", "utf-8", "<meta>"),  # ASCII was readable: not UTF-16
        (b"<meta/charset=koi8-r>", "koi8_r", "<meta>"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=latin2">', "iso8859_2", ""),
        (b'<meta content="text/html; charset=latin2">', "utf-8", "default"),  # no http-equiv
        (b'<meta content="charset=latin2" http-equiv=content-type>', "iso8859_2", "<meta>"),
        (b"<!-- <meta charset=big5> --><meta charset=euc-kr>", "cp949", "<meta>"),
        (b'<p title="<meta charset=big5>">x</p><meta charset=euc-kr>', "cp949", "<meta>"),
        (b"<script>var s = '<meta charset=big5>';</script>", "big5hkscs", "<meta>"),  # as browsers
        (b"<meta charset=x-foo><meta charset=latin1>", "windows-1252", "<meta>"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><html>', "windows-1252", "XML declaration"),
        (b'<?xml version="1.0" encoding="utf-16"?><html>', "utf-8", "XML declaration"),
        (b'<?xml version="1.0"?><meta charset=latin1>', "windows-1252", "<meta>"),
        (b"\xef\xbb\xbf<meta charset=latin1>", "utf-8", "BOM"),
        (b"\xff\xfe<\x00", "utf-16-le", "BOM"),
        (b"\xfe\xff\x00<", "utf-16-be", "BOM"),
        (b"<html><body>caf\xc3\xa9", "utf-8", "default"),
        (b"<meta charset", "utf-8", "default"),  # runs out of bytes
    ],
)
def test_sniff(data: bytes, codec: str, source: str) -> None:
    found = sniff(data)
    assert found.codec == codec
    if source:
        assert found.source == source


def test_only_the_first_1024_bytes_are_prescanned() -> None:
    pad = b"<p>" + b"x" * PRESCAN_BYTES + b"</p>"
    assert sniff(pad + b"<meta charset=latin1>").source == "default"
    assert sniff(b"<meta charset=latin1>" + pad).codec == "windows-1252"


def test_unknown_label_is_kept_with_its_offset() -> None:
    found = sniff(b"<html>\n<meta charset='klingon'>")
    assert (found.codec, found.label, found.offset) == ("", "klingon", 7)
    assert sniff(b'<?xml version="1.0" encoding="bogus"?>').label == "bogus"


def test_replacement_encodings_are_refused() -> None:
    assert lookup("iso-2022-kr") == "" and lookup("hz-gb-2312") == ""
    assert lookup(" UTF8 ") == "utf-8" and lookup("nonsense") == ""


def test_windows_1252_never_fails_and_maps_like_a_browser() -> None:
    assert decode(b"\x80\x93q\x94\x96\x81\x8d\x8f\x90\x9d", "windows-1252") == (
        "€“q”–\x81\x8d\x8f\x90\x9d"
    )
    assert decode(bytes(range(256)), "windows-1252")[0xE9] == "é"


def test_doctests() -> None:
    assert doctest.testmod(charset).failed == 0
