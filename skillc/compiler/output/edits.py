"""Hand edits the lock records: which generated files hold an edit kept by a three-way merge.

Why in the lock: a merged hand edit (SK121, `skillc.compiler.output.merge`) makes a file differ
from the text skillc generated, on purpose. Without a record, ``skillc build --check`` could not
tell it from a file that is stale, and a reviewer reading ``skills.lock`` could not see which
files people changed. So each such file's entry keeps, beside the ``sha256`` skillc generated
(still the merge base of the next build), ``edited_sha256``: the bytes the merge left there.
The check calls a file current when it still holds those bytes and the sources still generate
the same text; a rebuild would only merge the edit again into the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: The key of a file entry that holds a kept hand edit: the sha256 of the merged bytes.
EDITED = "edited_sha256"


def dump_record(record: Mapping[str, Any]) -> bytes:
    """A lock record's bytes: sorted keys, two-space indents, UTF-8, one final newline."""
    return (json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def with_hand_edits(lock: bytes, kept: Mapping[str, bytes]) -> bytes:
    """``lock`` with each file of ``kept`` (``<skill>/<path>`` -> the bytes the merge left)
    marked by its ``edited_sha256``; ``lock`` itself when nothing is kept."""
    if not kept:
        return lock
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in kept.items()}
    return mark(lock, hashes)


def mark(lock: bytes, hashes: Mapping[str, str]) -> bytes:
    """``lock`` with ``edited_sha256`` set on the files of ``hashes`` (path -> sha256)."""
    if not hashes:
        return lock
    record = json.loads(lock)
    for skill in record["skills"]:
        for entry in skill["files"]:
            found = hashes.get(f"{skill['name']}/{entry['path']}")
            if found is not None and found != entry["sha256"]:
                entry[EDITED] = found
    return dump_record(record)


def hand_edits(record: Mapping[str, Any] | None) -> dict[str, tuple[str, str]]:
    """The kept hand edits a lock record lists: ``<skill>/<path>`` -> (the sha256 skillc
    generated, the sha256 of the edited file)."""
    found: dict[str, tuple[str, str]] = {}
    for skill in (record or {}).get("skills", []):
        for entry in skill.get("files", []):
            edited = entry.get(EDITED)
            if isinstance(edited, str):
                found[f"{skill['name']}/{entry['path']}"] = (entry["sha256"], edited)
    return found


__all__ = ["EDITED", "dump_record", "hand_edits", "mark", "with_hand_edits"]
