"""Stat records of whole trees: an archive input and a repository folder read whole.

Why: a no-op rebuild needs only the hashes of the build's sources to find its whole-build
entry (`skillc.compiler.cache.builds`). For a folder of pages, each page's stat stands for its
hash (`skillc.compiler.cache.stats`); an archive (an sdist, a ``.zip``) was still opened,
decompressed and every member hashed, and a repository folder's files were all read again to
bundle the repository source: seconds for a large sdist, where the stat of one file says
nothing changed. So a tree's gathering is recorded too: what it gave (its pages' ids, kinds
and hashes, the pages that failed; or the repository bundle's hash) beside a signature of the
tree, and taken back, without reading, while the signature is the same and not racy.

The signature of an archive is its file's stat; of a folder, a hash of every entry's path and
stat below it (`UNREAD_DIRS` left out: nothing reads them), which a walk gives without
reading a byte. Any write moves an mtime or ctime (a restored mtime still moves
ctime), as for pages; a tree whose newest change is too recent to trust is read again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from skillc.compiler.frontends.repository.files import BUILT_DIRS, SKIP_DIRS
from skillc.compiler.stat_hook import Records

#: Folders a folder's signature leaves out: those the repository kind (the one kind that reads
#: folders whole) never enters, version control, caches, virtual environments and third-party
#: code, but not the build output it reads one program from (``dist/cli.js``). Walking a
#: ``node_modules`` on every rebuild would cost more than the files it reads.
UNREAD_DIRS = SKIP_DIRS - BUILT_DIRS


@runtime_checkable
class TreeRecords(Protocol):
    """What gathering asks of the records about a tree (`skillc.compiler.cache.stats`)."""

    def tree(self, key: str, signature: list[Any], newest: int) -> Any | None: ...

    def note_tree(self, key: str, signature: list[Any], newest: int, payload: Any) -> None: ...


def of(records: Records | None) -> TreeRecords | None:
    """The gathering's stat ``records`` (`Gathering.records`), when they keep trees."""
    return records if isinstance(records, TreeRecords) else None


def archive_signature(path: Path) -> tuple[list[Any], int] | None:
    """An archive file's stat as a signature, and its newest change; None when unreadable."""
    try:
        info = path.stat()
    except OSError:
        return None
    signature = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
    return signature, max(info.st_mtime_ns, info.st_ctime_ns)


def folder_signature(root: Path) -> tuple[list[Any], int]:
    """A hash of the path and stat of every entry below ``root`` (links not followed), and
    the newest change among them and the folders."""
    digest = hashlib.sha256()
    newest = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in UNREAD_DIRS)
        here = Path(dirpath)
        for name in [*dirnames, *sorted(filenames)]:
            try:
                info = (here / name).lstat()
            except OSError:
                continue
            stamp = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
            digest.update(f"{(here / name).relative_to(root).as_posix()}\0{stamp}\n".encode())
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    return [digest.hexdigest()], newest


def key(kind: str, path: Path, label: str) -> str:
    """The record's key: what is recorded, where, and under which label its ids are."""
    return f"{kind}\0{os.path.abspath(path)}\0{label}"


__all__ = [
    "TreeRecords",
    "archive_signature",
    "folder_signature",
    "key",
    "of",
]
