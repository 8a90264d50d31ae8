"""Which character encoding an HTML page is in: its BOM, else what it declares, else UTF-8.

Why: much HTML documentation predates UTF-8 (DocBook XSL's own manuals are ISO-8859-1, old
Javadoc and texinfo sites windows-1252 or Shift_JIS) and says so in the page, which is all a
browser has to go on when the page is opened from disk. Reading it as the page declares, the
way a browser does, is the only reading its authors ever checked; guessing from byte
statistics is not done, so a page that declares nothing must be UTF-8.

The order is the HTML Standard's for a file without transport metadata: a byte order mark, then
the *prescan* of the first 1,024 bytes for ``<meta charset>`` or ``<meta http-equiv=
"Content-Type" content="...; charset=...">`` (comments and other tags skipped the way the
standard's tokenizer-lite does it), then an XML declaration (``<?xml ... encoding="..."?>``).
Labels map to encodings by the WHATWG Encoding Standard's table, so ``iso-8859-1``, ``latin1``
and ``us-ascii`` mean windows-1252 (0x93 is a curly quote, as in every browser), ``gb2312``
means GBK (read with the gb18030 codec) and ``shift_jis`` means windows-31J. Unlike a browser,
an unknown or unsupported label is not silently replaced by a default: the caller reports it.
"""

from __future__ import annotations

import codecs
import functools
from dataclasses import dataclass

#: Bytes the prescan reads, as the HTML Standard advises.
PRESCAN_BYTES = 1024
_SPACE = b"\t\n\x0c\r "
_AFTER_META = frozenset(bytes([c]) for c in _SPACE + b"/")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))

# The WHATWG Encoding Standard's labels, by the Python codec that decodes the encoding.
# "windows-1252" stands for the WHATWG decoder (cp1252 with its five unassigned bytes mapped to
# the C1 controls, see `_windows_1252`), "replacement" for the encodings browsers refuse.
_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859_2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859_3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859_4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859_5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859_6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859_7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859_8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859_10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859_13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859_14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859_15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859_16": "iso-8859-16",
    "koi8_r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8_u": "koi8-ru koi8-u",
    "mac_roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "windows-1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 "
    "iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii "
    "windows-1252 x-cp1252 x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac_cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 "
    "x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
    "ksc_5601 windows-949 euc-kr",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    "replacement": "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement",
}
CODECS: dict[str, str] = {
    label: codec for codec, labels in _LABELS.items() for label in labels.split()
}
_UTF16 = frozenset({"utf-16-be", "utf-16-le"})


@dataclass(frozen=True, slots=True)
class Declared:
    """The encoding a page uses and where that was found.

    ``codec`` is a Python codec name (or ``windows-1252``, see `decode`), empty when ``label``
    is not one the Encoding Standard knows (or names an encoding browsers refuse); ``source`` is
    ``"BOM"``, ``"<meta>"``, ``"XML declaration"`` or ``"default"``; ``offset`` the byte where
    the declaration starts (for the line of an error) and ``skip`` the length of the BOM.
    """

    codec: str
    label: str
    source: str
    offset: int = 0
    skip: int = 0


def sniff(data: bytes) -> Declared:
    """The encoding of the HTML page ``data``: BOM, then prescan, then XML declaration, else
    UTF-8. A returned declaration with an empty ``codec`` names a label that cannot be used
    (and no usable declaration was found)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Declared(codec=codec, label=codec, source="BOM", skip=len(bom))
    head = data[:PRESCAN_BYTES]
    meta = prescan(head)
    if meta is not None and meta.codec:
        return meta
    xml = xml_declaration(head)
    if xml is not None and xml.codec:
        return xml
    return meta or xml or Declared(codec="utf-8", label="utf-8", source="default")


def lookup(label: str) -> str:
    """The codec for an Encoding Standard ``label`` ("" when unknown or refused)."""
    codec = CODECS.get(label.strip("\t\n\x0c\r ").lower(), "")
    return "" if codec == "replacement" else codec


def decode(data: bytes, codec: str) -> str:
    """``data`` decoded with ``codec``; raises `UnicodeDecodeError` on bytes it cannot map."""
    if codec == "windows-1252":
        return codecs.charmap_decode(data, "strict", _windows_1252())[0]
    return data.decode(codec)


@functools.cache
def _windows_1252() -> str:
    # The WHATWG decoder is Python's cp1252 with 0x81, 0x8D, 0x8F, 0x90 and 0x9D mapped to the
    # C1 control of the same number instead of being errors: it never fails, like a browser.
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


# --- The prescan (HTML Standard, "prescan a byte stream to determine its encoding") -----------


def prescan(data: bytes) -> Declared | None:
    """The first usable ``<meta>`` declaration in ``data``, else the first unusable one, else
    None.

    Running out of bytes in the middle of a tag ends the scan, as in the standard. A declaration
    the standard would skip (an unknown label) is kept as a fallback so the caller can name it.
    """
    pos, unknown = 0, None
    lower = data.lower()
    while pos < len(data):
        if lower.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 2)
            if end < 0:
                break
            pos = end + 3
        elif lower.startswith(b"<meta", pos) and data[pos + 5 : pos + 6] in _AFTER_META:
            start = pos
            declared, pos = _meta(data, pos + 5)
            if pos < 0:
                break
            if declared is not None:
                found = Declared(
                    codec=lookup(declared), label=declared, source="<meta>", offset=start
                )
                if found.codec:
                    return _utf16_means_utf8(found)
                unknown = unknown or found
        elif data[pos : pos + 1] == b"<" and _is_tag_start(data, pos):
            pos = _skip_tag(data, pos)
            if pos < 0:
                break
        elif lower.startswith((b"<!", b"</", b"<?"), pos):
            end = data.find(b">", pos + 2)
            if end < 0:
                break
            pos = end + 1
        else:
            pos += 1
    return unknown


def _is_tag_start(data: bytes, pos: int) -> bool:
    """``<`` followed by a letter, or ``</`` followed by one: a start or end tag."""
    nxt = data[pos + 1 : pos + 2]
    if nxt == b"/":
        nxt = data[pos + 2 : pos + 3]
    return nxt.isalpha()


def _skip_tag(data: bytes, pos: int) -> int:
    """Skip a tag other than ``<meta>`` with its attributes; -1 when the bytes run out."""
    while pos < len(data) and data[pos] not in _SPACE and data[pos : pos + 1] != b">":
        pos += 1
    while pos >= 0:
        attribute, pos = get_attribute(data, pos)
        if attribute is None:
            break
    return -1 if pos < 0 or pos >= len(data) else pos + 1


def _meta(data: bytes, pos: int) -> tuple[str | None, int]:
    """The label a ``<meta>`` tag declares (None when it declares none) and the position after
    it; -1 when the bytes run out."""
    seen: set[str] = set()
    got_pragma, need_pragma, charset = False, None, None
    while True:
        attribute, pos = get_attribute(data, pos)
        if pos < 0:
            return None, -1
        if attribute is None:
            break
        name, value = attribute
        if name in seen:
            continue
        seen.add(name)
        if name == "http-equiv" and value == "content-type":
            got_pragma = True
        elif name == "content" and charset is None:
            extracted = charset_from_content(value)
            if extracted is not None:
                charset, need_pragma = extracted, True
        elif name == "charset":
            charset, need_pragma = value, False
    after = pos + 1
    if need_pragma is None or (need_pragma and not got_pragma):
        return None, after
    return charset, after


def get_attribute(data: bytes, pos: int) -> tuple[tuple[str, str] | None, int]:
    """The standard's "get an attribute": ``((name, value), next)``, ``(None, pos)`` at ``>``;
    ``next`` is -1 when the bytes run out. Names and values are lower-cased (only labels and
    ``content-type`` are compared, case-insensitively)."""
    n = len(data)
    while pos < n and (data[pos] in _SPACE or data[pos] == 0x2F):
        pos += 1
    if pos >= n:
        return None, -1
    if data[pos] == 0x3E:
        return None, pos
    name = bytearray()
    while True:
        if pos >= n:
            return None, -1
        c = data[pos]
        if c == 0x3D and name:
            pos += 1
            break
        if c in _SPACE:
            while pos < n and data[pos] in _SPACE:
                pos += 1
            if pos >= n:
                return None, -1
            if data[pos] != 0x3D:
                return (_text(name), ""), pos
            pos += 1
            break
        if c in (0x2F, 0x3E):
            return (_text(name), ""), pos
        name.append(c)
        pos += 1
    return _attribute_value(data, pos, _text(name))


def _attribute_value(data: bytes, pos: int, name: str) -> tuple[tuple[str, str] | None, int]:
    n = len(data)
    while pos < n and data[pos] in _SPACE:
        pos += 1
    if pos >= n:
        return None, -1
    quote = data[pos]
    if quote in (0x22, 0x27):
        end = data.find(bytes([quote]), pos + 1)
        if end < 0:
            return None, -1
        return (name, _text(data[pos + 1 : end])), end + 1
    if quote == 0x3E:
        return (name, ""), pos
    start = pos
    while pos < n and data[pos] not in _SPACE and data[pos] != 0x3E:
        pos += 1
    if pos >= n:
        return None, -1
    return (name, _text(data[start:pos])), pos


def _text(raw: bytes | bytearray) -> str:
    # Labels are ASCII; anything else only has to compare unequal to every label.
    return bytes(raw).decode("latin-1").lower()


def charset_from_content(value: str) -> str | None:
    """The standard's "extracting a character encoding from a meta element" for ``content``.

    >>> charset_from_content("text/html; charset=ISO-8859-1"), charset_from_content("text/html")
    ('ISO-8859-1', None)
    """
    pos, lower, n = 0, value.lower(), len(value)
    while True:
        found = lower.find("charset", pos)
        if found < 0:
            return None
        pos = found + 7
        while pos < n and value[pos] in "\t\n\x0c\r ":
            pos += 1
        if pos < n and value[pos] == "=":
            break
    pos += 1
    while pos < n and value[pos] in "\t\n\x0c\r ":
        pos += 1
    if pos >= n:
        return None
    if value[pos] in "\"'":
        end = value.find(value[pos], pos + 1)
        return value[pos + 1 : end] if end >= 0 else None
    end = pos
    while end < n and value[end] not in "\t\n\x0c\r ;":
        end += 1
    return value[pos:end]


def _utf16_means_utf8(found: Declared) -> Declared:
    # A page whose ASCII bytes could be read to find the declaration is not UTF-16.
    if found.codec in _UTF16:
        return Declared(codec="utf-8", label=found.label, source=found.source, offset=found.offset)
    return found


def xml_declaration(data: bytes) -> Declared | None:
    """The encoding of a leading ``<?xml ... encoding="..."?>`` (the standard's "get an XML
    encoding"), else None."""
    if not data.startswith(b"<?xml"):
        return None
    end = data.find(b">")
    found = data.find(b"encoding", 0, end)
    if end < 0 or found < 0:
        return None
    pos = found + 8
    while pos < end and data[pos] <= 0x20:
        pos += 1
    if data[pos : pos + 1] != b"=":
        return None
    pos += 1
    while pos < end and data[pos] <= 0x20:
        pos += 1
    quote = data[pos : pos + 1]
    if quote not in (b'"', b"'"):
        return None
    close = data.find(quote, pos + 1, end)
    if close < 0 or any(c <= 0x20 for c in data[pos + 1 : close]):
        return None
    label = data[pos + 1 : close].decode("latin-1")
    declared = Declared(codec=lookup(label), label=label, source="XML declaration")
    return _utf16_means_utf8(declared)
