"""Stat records: each input file's content hash kept beside its (size, mtime_ns, inode, ctime_ns).

Why: a no-op rebuild of python3.11-doc needs only the sha256 of its 1,027 files to find its
whole-build entry (`skillc.compiler.cache.builds`), yet reading, decoding and hashing them
(62 MB) was most of its time. As git's index does, a file whose stat is the one recorded with
its hash is taken to hold the same bytes and is not read; its `InputFile` comes back with the
recorded hash and no text (a *deferred* page). The driver builds from such a gathering only
when the whole-build entry matches; otherwise it gathers again, reading every page.

Racy files (git's "racy clean" problem): a file changed within the clock tick of the stat that
was recorded could keep its stat. So the record notes when its gathering started (``stamp``,
taken before any stat), and a file whose mtime or ctime is not older than ``stamp`` minus
`MARGIN` (the coarsest timestamp granularity we allow for) is hashed again. Any change made
after the recorded stat therefore moves mtime or ctime (a restored mtime still moves ctime)
past the recorded one. A missing, damaged or other-context record only means hashing.

Which kind a name-less file is (ticket exports are sniffed from their first bytes) is
recorded the same way, under the build's context (the ticket field mapping), since sniffing
depends on it. Records are JSON in a verified store entry, one per set of inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from skillc.compiler.cache.keys import code_fingerprint
from skillc.compiler.cache.store import Store

SECTION = "stats"
#: How much older than the gathering a file's mtime and ctime must be for its stat to be trusted.
MARGIN_NS = 2_000_000_000

Stat = tuple[int, int, int, int]


def signature(info: os.stat_result) -> Stat:
    """The parts of a stat that change when a file's bytes may have: size, mtime, inode, ctime."""
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def trusted(recorded: tuple[object, ...], now: Stat, stamp: int) -> bool:
    """Whether a file whose stat is ``now`` still holds the bytes hashed when ``recorded`` was
    taken, in a gathering that started at ``stamp``: the same stat, and not racy."""
    return recorded == now and now[1] < stamp - MARGIN_NS and now[3] < stamp - MARGIN_NS


class StatRecords:
    """The stat records of one set of inputs: looked up while gathering, noted, saved after."""

    def __init__(
        self, store: Store, inputs: Sequence[str], context: str, *, trust: bool = True
    ) -> None:
        self.store = store
        self.context = context
        absolute = [os.path.abspath(p) for p in inputs]
        self.slot = hashlib.sha256("\0".join(absolute).encode("utf-8")).hexdigest()
        self.stamp = 0
        self.kinds: dict[str, list[object]] = {}
        self.hashes: dict[str, list[object]] = {}
        self.seen_kinds: dict[str, list[object]] = {}
        self.seen_hashes: dict[str, list[object]] = {}
        #: Whole trees (`skillc.compiler.tree_records`): key -> [signature, newest, payload].
        self.trees: dict[str, list[object]] = {}
        self.seen_trees: dict[str, list[object]] = {}
        #: Files taken from the record without being read (their pages are deferred), and
        #: files read (and noted).
        self.hits = 0
        self.reads = 0
        if trust:  # without trust, a gathering only notes what it reads
            self._load()

    def _load(self) -> None:
        payload = self.store.get(SECTION, self.slot).payload
        if payload is None:
            return
        try:
            record = json.loads(payload)
            if record["context"] != self.context:
                return
            stamp, kinds, hashes = int(record["stamp"]), record["kinds"], record["hashes"]
            trees = record.get("trees", {})
        except (ValueError, KeyError, TypeError):
            return
        if isinstance(kinds, dict) and isinstance(hashes, dict) and isinstance(trees, dict):
            self.stamp, self.kinds, self.hashes, self.trees = stamp, kinds, hashes, trees

    def kind(self, path: Path, info: os.stat_result) -> str | None:
        """The recorded kind name of a sniffed file (``""``: none), or None when unknown."""
        entry = self._entry(self.kinds, path, info)
        if entry is None:
            return None
        self.seen_kinds[os.path.abspath(path)] = entry
        return str(entry[4])

    def sha256(self, path: Path, info: os.stat_result, kind: str) -> str | None:
        """The recorded hash of a page read by ``kind``, or None when it must be read."""
        entry = self._entry(self.hashes, path, info)
        if entry is None or entry[4] != kind or len(entry) < 6:
            return None
        self.hits += 1
        self.seen_hashes[os.path.abspath(path)] = entry
        return str(entry[5])

    def _entry(
        self, table: dict[str, list[object]], path: Path, info: os.stat_result
    ) -> list[object] | None:
        entry = table.get(os.path.abspath(path))
        if not isinstance(entry, list) or len(entry) < 5:
            return None
        recorded = tuple(entry[:4])
        if not trusted(recorded, signature(info), self.stamp):
            return None
        return entry

    def note_kind(self, path: Path, info: os.stat_result, kind: str) -> None:
        """Record what a sniffed file is (``info``: its stat taken before it was read)."""
        self.seen_kinds[os.path.abspath(path)] = [*signature(info), kind]
        self.reads += 1

    def note_sha256(self, path: Path, info: os.stat_result, kind: str, sha256: str) -> None:
        """Record a page's hash (``info``: its stat taken before it was read)."""
        self.seen_hashes[os.path.abspath(path)] = [*signature(info), kind, sha256]
        self.reads += 1

    def tree(self, key: str, signature: list[object], newest: int) -> object | None:
        """What the tree ``key`` gave when gathered with this ``signature`` (its stat, or its
        files' stats), or None when it must be gathered: another signature, or a change
        within `MARGIN_NS` of the recorded gathering (racy)."""
        key = _by_this_code(key)
        entry = self.trees.get(key)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != signature:
            return None
        if newest >= self.stamp - MARGIN_NS:
            return None
        self.hits += 1
        self.seen_trees[key] = entry
        return entry[2]

    def note_tree(self, key: str, signature: list[object], newest: int, payload: object) -> None:
        """Record what gathering the tree ``key`` gave (``signature`` taken before it was
        read); ``payload`` is JSON values."""
        self.seen_trees[_by_this_code(key)] = [signature, newest, payload]
        self.reads += 1

    def save(self, stamp: int) -> None:
        """Keep what this gathering saw (started at ``stamp``), when it differs from the record:
        files added, changed or gone, or any read again (a racy one is trusted by a new stamp)."""
        same = self.seen_hashes == self.hashes and self.seen_kinds == self.kinds
        if not self.reads and same and self.seen_trees == self.trees:
            return
        record = {
            "context": self.context,
            "stamp": stamp,
            "kinds": dict(sorted(self.seen_kinds.items())),
            "hashes": dict(sorted(self.seen_hashes.items())),
            "trees": dict(sorted(self.seen_trees.items())),
        }
        self.store.put(SECTION, self.slot, json.dumps(record, separators=(",", ":")).encode())


def _by_this_code(key: str) -> str:
    """A tree record's key under the code that makes it: what a tree gives (its pages, its
    bundle's hash, the project name it declares) depends on skillc's code as much as on its
    files, so a record another version made is not taken back (an upgrade that reads one more
    metadata file must not be served the old name)."""
    return f"{key}\0{code_fingerprint()}"


__all__ = [
    "MARGIN_NS",
    "SECTION",
    "StatRecords",
    "signature",
    "trusted",
]
