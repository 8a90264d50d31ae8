"""How big the cache is, and pruning it to a size bound, least recently used entries first.

Why: every edit adds entries (a page's new result, a skill's new memo, the new merge bases)
and nothing replaces the old ones, so a CI cache kept between runs grows without bound.
`Store.get` marks an entry used (its mtime is set to now on every hit; `Bases.keep` marks the
bases of the files a build wrote), so the entries a current build needs are the newest, and
pruning removes the oldest first until the folder fits (``skillc cache prune --max-mb``, or
``cache-max-mb`` in ``skillc.toml``, applied after each build).

Safe beside running builds: removing an entry is one ``unlink``; a build that opened it
reads it whole (POSIX keeps an unlinked file's data for open handles), and one that opens it
after finds no entry and recomputes it, as after ``rm -rf .skillc-cache``. Entries are
written under temporary names and renamed (`store`), so a prune never sees half an entry; the
temporary files of a write in progress are left alone unless older than `STALE_SECONDS`
(a writer killed mid-write). A build record and its compiled skills (``<slot>`` and
``<slot>-skills``) go together.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from skillc.compiler.cache.store import TAG, TAG_TEXT
from skillc.diagnostics import Diagnostic, SkillcError

#: A temporary file older than this belongs to a writer that died (writes take milliseconds).
STALE_SECONDS = 3600
_SKILLS = "-skills"
#: How skillc names an entry (`Store.path`): ``<section>/<first two>/<sha256 key>[-skills]``.
_ENTRY = re.compile(r"[0-9a-f]{64}(-skills)?")


@dataclass(frozen=True, slots=True)
class Entry:
    """One cache file: where, how big, when last used (ns)."""

    path: Path
    size: int
    used_ns: int


@dataclass(slots=True)
class CacheInfo:
    """Entries and bytes, in all and by section (``results``, ``bases``, ``builds``...)."""

    entries: int = 0
    bytes: int = 0
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class Pruned:
    """What a prune removed, and what is left."""

    removed: int = 0
    freed: int = 0
    left: CacheInfo = field(default_factory=CacheInfo)


def is_cache(root: Path) -> bool:
    """Whether ``root`` holds the tag skillc writes into a cache folder it creates."""
    try:
        return (root / TAG).read_text(encoding="ascii") == TAG_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def check_cache(root: Path) -> None:
    """Refuse (SK130) a folder that is not a skillc cache: pruning deletes files."""
    if not is_cache(root):
        message = "not a skillc cache folder (no CACHEDIR.TAG written by skillc); nothing removed"
        raise SkillcError(Diagnostic(code="SK130", message=message, path=str(root)))


def entries(root: Path) -> list[Entry]:
    """Every file under ``root`` named as skillc names an entry, sorted by path (temporary
    files, the tag and anything else are not entries, and are never removed as such)."""
    found: list[Entry] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        depth = len(Path(dirpath).relative_to(root).parts)
        for name in sorted(filenames):
            if depth != 2 or not _ENTRY.fullmatch(name) or Path(dirpath).name != name[:2]:
                continue
            path = Path(dirpath) / name
            try:
                info = path.stat()
            except OSError:  # removed meanwhile by a concurrent prune
                continue
            found.append(Entry(path, info.st_size, info.st_mtime_ns))
    return found


def cache_info(root: Path) -> CacheInfo:
    """The size of the cache at ``root`` (an empty one when it does not exist)."""
    info = CacheInfo()
    for entry in entries(root):
        section = entry.path.relative_to(root).parts[0]
        count, size = info.sections.get(section, (0, 0))
        info.sections[section] = (count + 1, size + entry.size)
        info.entries += 1
        info.bytes += entry.size
    info.sections = dict(sorted(info.sections.items()))
    return info


def prune(root: Path, max_bytes: int) -> Pruned:
    """Remove the least recently used entries of ``root`` until it holds at most ``max_bytes``
    (oldest first, ties by path, so two prunes of one folder agree); stale temporary files too.
    A folder that is not a skillc cache is refused (SK130); a missing one is empty."""
    done = Pruned()
    if not root.exists():
        return done
    check_cache(root)
    _remove_stale_temporaries(root, done)
    found = entries(root)
    total = sum(e.size for e in found)
    by_path = {e.path: e for e in found}
    for entry in sorted(found, key=lambda e: (e.used_ns, str(e.path))):
        if total <= max_bytes:
            break
        for path in _with_partner(entry.path):
            gone = by_path.pop(path, None)
            if gone is not None and _unlink(path):
                total -= gone.size
                done.removed += 1
                done.freed += gone.size
    _remove_empty_folders(root)
    done.left = cache_info(root)
    return done


def _with_partner(path: Path) -> tuple[Path, ...]:
    """A build record and its compiled skills are one unit (either alone is useless)."""
    if path.parent.parent.name != "builds":
        return (path,)
    if path.name.endswith(_SKILLS):
        return (path, path.with_name(path.name[: -len(_SKILLS)]))
    return (path, path.with_name(path.name + _SKILLS))


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:  # a concurrent prune took it
        return False
    return True


def _remove_stale_temporaries(root: Path, done: Pruned) -> None:
    """Temporary files of writers killed mid-write: entries' beside their entry, the tag's at
    the root. Only old ones go: a young one may be a write in progress right now."""
    limit = time.time() - STALE_SECONDS
    left = [*root.glob("*/*/.tmp-*"), *root.glob(".tmp-tag-*")]
    for temporary in sorted(left):
        try:
            info = temporary.stat()
            if info.st_mtime < limit:
                temporary.unlink()
                done.removed += 1
                done.freed += info.st_size
        except OSError:
            continue


def _remove_empty_folders(root: Path) -> None:
    """Fan-out folders left empty; one a writer is filling at that moment is not empty, and a
    writer that finds its folder gone only fails to store (a slower next build)."""
    for folder in sorted(root.glob("*/*"), reverse=True):
        if folder.is_dir():
            try:
                folder.rmdir()
            except OSError:
                continue


__all__ = [
    "STALE_SECONDS",
    "CacheInfo",
    "Entry",
    "Pruned",
    "cache_info",
    "check_cache",
    "entries",
    "is_cache",
    "prune",
]
