"""Finding a folder's files: which kind claims a file, skill folders, symlinks that leave the tree.

Why a module of its own: walking a folder is about paths and links, not about reading bytes
(`skillc.compiler.input_pages`) or about what a bad page means for the build
(`skillc.compiler.inputs`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from skillc.compiler import skill_folders
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Frontend
from skillc.compiler.stat_hook import Gathering
from skillc.paths import real_path

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"})


def claimed(path: Path, gathering: Gathering) -> Frontend | None:
    """The kind that reads the file at ``path``: by its name, else by its first bytes when a
    kind sniffs content (as ``gathering`` says)."""
    frontend = table.by_path(path.name)
    if frontend is None and table.SNIFFERS and path.is_file():
        return _sniffed(path, gathering)
    return frontend


def _sniffed(path: Path, gathering: Gathering) -> Frontend | None:
    """The kind a name-less file's first bytes say, or the one recorded beside its unchanged
    stat (`skillc.compiler.cache.stats`: a no-op rebuild does not open it)."""
    records = gathering.records
    try:
        info = path.stat()
        known = records.kind(path, info) if records is not None else None
        if known is not None:
            return table.by_name(known) if known else None
        with path.open("rb") as handle:
            frontend = table.by_content(handle.read(table.SNIFF_BYTES), gathering.options)
    except OSError:
        return None
    if records is not None:
        records.note_kind(path, info, frontend.name if frontend else "")
    return frontend


def marker_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a file that makes it one source (a skill's ``SKILL.md``)."""
    try:
        return table.by_marker(os.listdir(folder)) is not None
    except OSError:
        return False


def walk(
    root: Path, base: Path, unread: Callable[[Path, list[str]], None]
) -> Iterable[tuple[Path, str]]:
    """Files under ``root`` in sorted order, each with why it cannot be read as a link (a
    symlink that leaves the tree, or a loop of them), else ``""``.

    A symlinked folder that leaves the tree is yielded (with its problem) and not entered; a
    bad symlinked file only matters when it would be read as a page. A folder claimed by a
    marker (a skill's SKILL.md) is one source: the other files in it are given to ``unread``.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        marker = table.by_marker(filenames)
        if marker is not None:  # a skill folder: its SKILL.md is the source, nothing else is
            kept = [n for n in filenames if n in marker.claims.folder_markers][:1]
            others = skill_folders.files_below(Path(dirpath), dirnames, set(filenames) - set(kept))
            if others:
                unread(Path(dirpath), others)
            filenames, dirnames[:] = kept, []
        for name in sorted(filenames):
            path = Path(dirpath, name)
            problem = _link_problem(path, base) if path.is_symlink() else ""
            if not problem or table.by_path(name) is not None:
                yield path, problem
        for name in list(dirnames):
            link = Path(dirpath, name)
            problem = _link_problem(link, base) if link.is_symlink() else ""
            if problem:
                yield link, problem
                dirnames.remove(name)


def _link_problem(link: Path, base: Path) -> str:
    """Why symlink ``link`` is not followed, else ``""`` (a dangling link is reported when it
    is read)."""
    target = real_path(link)
    if target is None:
        return "symlink loop (too many levels of symbolic links)"
    if target != base and base not in target.parents:
        return "symlink points outside the input tree"
    return ""


def missing(path: Path) -> str:
    """Why a named path that does not exist as a file or folder cannot be used."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        if os.path.islink(path):
            return f"broken symlink (to {os.readlink(path)!r})"
    return "no such file or directory"


def posix_id(label: str, relative: Path) -> str:
    """The source id: ``label/relative`` in POSIX form (``relative`` alone when no label)."""
    parts = [label, *relative.parts] if label else list(relative.parts)
    return "/".join(parts)
