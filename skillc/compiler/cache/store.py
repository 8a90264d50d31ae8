"""Cache entries on disk: written atomically, verified on every read.

An entry is one file: a magic line, the sha256 of the payload, a newline, the payload. It is
written to a temporary file in the entry's own folder and renamed into place, so a reader (this
build, a concurrent one, the next one after a SIGKILL) sees either no entry or a whole one, never
a prefix; two builds writing the same key write the same bytes, and the last rename wins. A
payload whose hash does not match (a truncated file after a power loss, a disk error, a hand
edit) is reported to the caller as corrupt and is then simply written again.

Deleting the folder, or any file in it, at any time is safe: every miss is recomputed. Every
hit sets the entry's mtime to now: the "last used" time pruning goes by.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"skillc-cache 1\n"
_HEX = 64
#: The tag file backup and sync tools honour (https://bford.info/cachedir/).
TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by skillc; the folder is safe to delete.\n"
)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What reading an entry found: its payload, or ``None`` when missing or ``corrupt``."""

    payload: bytes | None
    corrupt: bool = False


class Store:
    """A folder of verified entries, in named sections (``results``, ``bases``...)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tagged = False

    def path(self, section: str, key: str) -> Path:
        """Where entry ``key`` of ``section`` lives: fanned out by its first two characters, so
        no folder holds more than a few hundred files for a large corpus."""
        return self.root / section / key[:2] / key

    def get(self, section: str, key: str) -> Lookup:
        """The payload of ``key``, checked against the hash stored with it."""
        try:
            data = self.path(section, key).read_bytes()
        except FileNotFoundError:
            return Lookup(None)
        except OSError:
            return Lookup(None, corrupt=True)
        head = len(MAGIC) + _HEX + 1
        if len(data) < head or not data.startswith(MAGIC) or data[head - 1 : head] != b"\n":
            return Lookup(None, corrupt=True)
        payload = data[head:]
        if hashlib.sha256(payload).hexdigest().encode("ascii") != data[len(MAGIC) : head - 1]:
            return Lookup(None, corrupt=True)
        self.touch(section, key)
        return Lookup(payload)

    def touch(self, section: str, key: str) -> bool:
        """Mark ``key`` used now (its mtime), so pruning (`skillc.compiler.cache.prune`)
        removes it after the entries no build has used lately; False when it is gone."""
        try:
            os.utime(self.path(section, key))
        except OSError:  # pruned meanwhile, or a read-only cache: nothing to mark
            return False
        return True

    def put(self, section: str, key: str, payload: bytes) -> bool:
        """Write ``key`` atomically; False (and nothing visible) when the folder is not
        writable: a cache that cannot be written only makes builds slower, never fail."""
        target = self.path(section, key)
        digest = hashlib.sha256(payload).hexdigest().encode("ascii")
        try:
            self._tag()
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(target, ".tmp-", MAGIC + digest + b"\n", payload)
        except OSError:
            return False
        return True

    def _tag(self) -> None:
        """Write the tag that makes the folder a skillc cache, whole or not at all: a prune
        running beside this build (`skillc.compiler.cache.prune.check_cache`) reads it, and a
        half-written tag would make it refuse the folder."""
        if self._tagged:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tag = self.root / TAG
        if not tag.exists():
            _write_whole(tag, ".tmp-tag-", TAG_TEXT.encode("ascii"))
        self._tagged = True


def _write_whole(target: Path, prefix: str, *chunks: bytes) -> None:
    """Write ``chunks`` to ``target`` whole or not at all: into a temporary file beside it
    (named ``prefix...``), then renamed over it; the temporary file is removed on failure."""
    handle, temporary = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["MAGIC", "TAG", "TAG_TEXT", "Lookup", "Store"]
