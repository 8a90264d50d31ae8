"""The merge bases of output files: the exact bytes skillc last generated, by their sha256.

Why: a hand edit to a generated file is kept across a rebuild by a three-way merge of the
edit with the newly generated text, against the text both started from. The output folder's
record (the manifest) holds that text's sha256; the text itself is kept here, content-
addressed, so identical files of many builds are stored once and a name can be checked against
its content (a damaged base is never used: it is as if the cache had been deleted, and the
build refuses to overwrite the edit, SK014, as before).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from skillc.compiler.cache.store import Store

SECTION = "bases"


class Bases:
    """Generated output texts by sha256."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, sha256: str) -> bytes | None:
        found = self.store.get(SECTION, sha256)
        payload = found.payload
        if payload is None or hashlib.sha256(payload).hexdigest() != sha256:
            return None
        return payload

    def keep(self, files: Mapping[str, bytes]) -> None:
        """Store every file's bytes once (those already stored are not written again, only
        marked used: they are the bases of the files now in the output, kept by pruning)."""
        for data in files.values():
            sha = hashlib.sha256(data).hexdigest()
            if not self.store.touch(SECTION, sha):
                self.store.put(SECTION, sha, data)


__all__ = ["SECTION", "Bases"]
