"""How many entries a zip declares, read from its end record before `zipfile` parses anything.

Why a module of its own: `skillc.compiler.archives` refuses an archive with more entries than its
budget, and must do so before `zipfile.ZipFile` builds one `ZipInfo` per central-directory entry
(a million of them fit in 50 MB). The count is in the end-of-central-directory record, or, past
65,535 entries, in the zip64 record it points to (APPNOTE 4.3.14-4.3.16). Standard library only.
"""

from __future__ import annotations

import struct
from pathlib import Path

#: Zip end-of-central-directory records (APPNOTE 4.3.14-4.3.16): signatures and fixed sizes;
#: the record sits in the last 22 bytes plus at most a 65,535-byte comment.
_EOCD, _EOCD_SIZE, _EOCD_SEARCH = b"PK\x05\x06", 22, 22 + 65_535
_ZIP64_LOCATOR, _ZIP64_LOCATOR_SIZE = b"PK\x06\x07", 20
_ZIP64_EOCD, _ZIP64_EOCD_SIZE = b"PK\x06\x06", 56


def zip_entry_count(path: Path) -> int | None:
    """The entry count a zip's end-of-central-directory record declares (zip64 too), or None
    when the record is not found (zipfile then says what is wrong).

    Why read it by hand: `zipfile.ZipFile` builds a `ZipInfo` per entry before anyone can look
    at the count, and a central directory of 46-byte entries packs a million of them in 50 MB.
    """
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            tail_start = max(0, size - _EOCD_SEARCH)
            handle.seek(tail_start)
            tail = handle.read()
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) - at < _EOCD_SIZE:
                return None
            count: int = struct.unpack_from("<H", tail, at + 10)[0]
            if count != 0xFFFF or at < _ZIP64_LOCATOR_SIZE:
                return count
            locator = tail[at - _ZIP64_LOCATOR_SIZE : at]
            if not locator.startswith(_ZIP64_LOCATOR):
                return count
            record_at = struct.unpack_from("<Q", locator, 8)[0]
            handle.seek(record_at)
            record = handle.read(_ZIP64_EOCD_SIZE)
    except (OSError, OverflowError):  # unreadable, or a zip64 offset past any file size
        return None
    if len(record) < _ZIP64_EOCD_SIZE or not record.startswith(_ZIP64_EOCD):
        return count
    total: int = struct.unpack_from("<Q", record, 32)[0]
    return total


__all__ = ["zip_entry_count"]
