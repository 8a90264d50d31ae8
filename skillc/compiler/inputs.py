"""Find and read a build's input files, rejecting bad input with one clear line each.

Every problem here is a usage or input error (exit code 2) and is found before anything is
written: a missing path, a directory without supported files, a symlink that leaves the input
tree, a binary, non-UTF-8, empty or oversized file. All of them are collected, not just the first,
so one run shows the whole list.

Source ids are POSIX paths relative to the input root (the directory given, or the directory of
a file given), prefixed with the root's name when several inputs are given, so ids, and therefore
outputs, never depend on where the build machine keeps the files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skillc.diagnostics import Diagnostic, SkillcError, input_problem

#: File extensions each frontend reads.
MEDIA_TYPES: dict[str, str] = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".rst": "text/x-rst",
    ".pdf": "application/pdf",
}
#: Media types whose frontend reads bytes, not decoded text.
BINARY_TYPES = frozenset({"application/pdf"})
#: Larger files are refused: no documentation page is this big, a generated dump might be.
MAX_FILE_BYTES = 20 * 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"})


@dataclass(frozen=True, slots=True, kw_only=True)
class InputFile:
    """A source file: its id (relative POSIX path), location, media type, content and digest.

    ``text`` is the decoded text of text formats; ``data`` the raw bytes of binary formats (PDF),
    whose frontends do their own decoding.
    """

    id: str
    path: Path
    media_type: str
    text: str
    sha256: str
    data: bytes = b""


def collect(paths: Sequence[str]) -> list[InputFile]:
    """Find, read and decode every supported file under ``paths``, sorted by id."""
    if not paths:
        raise SkillcError(Diagnostic(code="SK010", message="no input given", path="<args>"))
    problems: list[Diagnostic] = []
    found: list[tuple[str, Path]] = []
    prefix_roots = len(paths) > 1
    for raw in paths:
        found.extend(_discover(Path(raw), prefix_roots, problems))
    files = []
    for source_id, path in found:
        item = _read(source_id, path, problems)
        if item is not None:
            files.append(item)
    _check_unique(files, problems)
    if problems:
        raise SkillcError(*problems)
    return sorted(files, key=lambda f: f.id)


def _discover(root: Path, prefix: bool, problems: list[Diagnostic]) -> list[tuple[str, Path]]:
    if not root.exists():
        problems.append(_problem(root, "no such file or directory"))
        return []
    if root.is_file():
        if root.suffix.lower() not in MEDIA_TYPES:
            problems.append(_problem(root, f"unsupported file type {root.suffix or '(none)'!r}"))
            return []
        return [(root.name, root)]
    base = root.resolve()
    label = base.name if prefix else ""
    found = [
        (posix_id(label, path.relative_to(root)), path)
        for path in _walk(root, base, problems)
        if path.suffix.lower() in MEDIA_TYPES
    ]
    if not found:
        kinds = ", ".join(sorted(MEDIA_TYPES))
        problems.append(_problem(root, f"directory has no supported files ({kinds})"))
    return found


def _walk(root: Path, base: Path, problems: list[Diagnostic]) -> Iterable[Path]:
    """Files under ``root`` in sorted order, refusing symlinks that leave the tree."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink() and not _inside(path, base):
                problems.append(_problem(path, "symlink points outside the input tree"))
                continue
            yield path
        for name in list(dirnames):
            link = Path(dirpath, name)
            if link.is_symlink() and not _inside(link, base):
                problems.append(_problem(link, "symlink points outside the input tree"))
                dirnames.remove(name)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base)
    except (ValueError, OSError):
        return False
    return True


def posix_id(label: str, relative: Path) -> str:
    """The source id: ``label/relative`` in POSIX form (``relative`` alone when no label)."""
    parts = [label, *relative.parts] if label else list(relative.parts)
    return "/".join(parts)


def _read(source_id: str, path: Path, problems: list[Diagnostic]) -> InputFile | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                _problem(path, f"file is too large ({size} bytes; limit {MAX_FILE_BYTES})")
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(_problem(path, f"cannot read: {exc.strerror or exc}"))
        return None
    media_type = MEDIA_TYPES[path.suffix.lower()]
    digest = hashlib.sha256(data).hexdigest()
    if media_type in BINARY_TYPES:
        if not data:
            problems.append(_problem(path, "empty file"))
            return None
        return InputFile(
            id=source_id, path=path, media_type=media_type, text="", sha256=digest, data=data
        )
    text = decode(path, data, problems)
    if text is None:
        return None
    return InputFile(id=source_id, path=path, media_type=media_type, text=text, sha256=digest)


def decode(path: Path, data: bytes, problems: list[Diagnostic]) -> str | None:
    """UTF-8 text with the BOM dropped and newlines folded to ``\\n``, or None with a problem."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.append(_problem(path, "binary file (contains NUL bytes)", line))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(_problem(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line))
        return None
    if not text.strip():
        problems.append(_problem(path, "empty file"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_unique(files: list[InputFile], problems: list[Diagnostic]) -> None:
    seen: dict[str, Path] = {}
    for item in files:
        if item.id in seen:
            problems.append(_problem(item.path, f"source id {item.id!r} given twice"))
        seen[item.id] = item.path


def _problem(path: Path, message: str, line: int = 0) -> Diagnostic:
    return input_problem(str(path), message, line=line)
