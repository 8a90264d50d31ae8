"""Read a skill folder into the `Package` model, whatever state it is in; or build one in memory.

Never raises on bad input: a missing SKILL.md, binary or non-UTF-8 files, NUL bytes, huge files,
symlinks that leave the folder and unreadable files all become data (``PackageFile.problem``) or
diagnostics that rules and the engine report. Symlinks are not followed, so a symlink loop cannot
hang the walk. Texts are kept exactly as decoded (only a UTF-8 BOM is removed, and remembered) so
spans and fixes address the real file.

`package_from_texts` builds the same model from files held in memory (the backend's output), so
a package can be linted before it is written and gives what reading it back from disk would.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.inline import LINK
from skillc.package.frontmatter import read_front_matter
from skillc.package.model import (
    FrontMatter,
    Link,
    Package,
    PackageFile,
    is_executable,
    span_at,
)
from skillc.paths import real_path

#: Files larger than this are not read as text (a 50 MB SKILL.md gets a diagnostic, not a hang).
MAX_TEXT_BYTES = 10 * 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})
SKILL_FILES = ("SKILL.md", "skill.md")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def read_package(root: Path, display: str | None = None) -> Package:
    """The package in folder ``root``; ``display`` is how paths are shown (default: ``root``)."""
    shown = display if display is not None else str(root)
    files, problems = _read_files(root, shown)
    return _package(root, shown, _folder_name(root), files, problems)


def package_from_texts(name: str, texts: Mapping[str, str], display: str | None = None) -> Package:
    """The package folder ``name`` holding ``texts`` (relative POSIX path -> text), as
    `read_package` would read it once written as UTF-8."""
    shown = display if display is not None else name
    files = []
    for path in sorted(texts, key=_walk_order):
        data = texts[path].encode("utf-8")
        file = decode_file(data, path, f"{shown.rstrip('/')}/{path}")
        files.append(replace(file, executable=True) if is_executable(path, data) else file)
    return _package(Path(shown), shown, name, files, [])


def package_from_bytes(
    name: str,
    data: Mapping[str, bytes],
    display: str,
    problems: tuple[Diagnostic, ...] = (),
) -> Package:
    """The package folder ``name`` holding ``data`` (relative POSIX path -> bytes, e.g. the
    members of an archive), decoded as `read_package` decodes files; ``problems`` are what
    could not be read (refused members)."""
    files = [
        decode_file(data[path], path, f"{display.rstrip('/')}/{path}")
        for path in sorted(data, key=_walk_order)
    ]
    return _package(Path(display), display, name, files, list(problems))


def _walk_order(path: str) -> list[tuple[int, str]]:
    """Sorts paths as `read_package` walks a folder: a folder's files by name, then its
    subfolders by name."""
    *folders, name = path.split("/")
    return [*((1, folder) for folder in folders), (0, name)]


def _package(
    root: Path, shown: str, dir_name: str, files: list[PackageFile], problems: list[Diagnostic]
) -> Package:
    skill_file = next((f for name in SKILL_FILES for f in files if f.path == name), None)
    front, body_offset = FrontMatter(), 0
    text = skill_file.text if skill_file is not None else None
    if skill_file is not None and text is not None:
        front, body_offset = read_front_matter(skill_file.display, text)
    body = text[body_offset:] if text is not None else ""
    body_line = (text.count("\n", 0, body_offset) + 1) if text is not None else 1
    return Package(
        root=root,
        display=shown,
        dir_name=dir_name,
        skill_file=skill_file,
        front_matter=front,
        body=body,
        body_offset=body_offset,
        body_line=body_line,
        files=tuple(files),
        diagnostics=tuple(problems),
    )


def _folder_name(root: Path) -> str:
    """The skill folder's own name, as clients that scan a skills directory see it.

    Normalised lexically (``.`` and ``..`` resolved) but symlinks are not followed: a skill
    installed as ``~/.claude/skills/pdf -> ~/src/pdf-tools`` is found under the link's name,
    which is also what the reference validator compares (``skill_dir.name``).
    """
    return Path(os.path.abspath(root)).name


def _read_files(root: Path, shown: str) -> tuple[list[PackageFile], list[Diagnostic]]:
    files: list[PackageFile] = []
    problems: list[Diagnostic] = []
    base = Path(os.path.realpath(root))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath, name)
            relative = path.relative_to(root).as_posix()
            display = f"{shown.rstrip('/')}/{relative}"
            link_problem = _link_problem(path, base) if path.is_symlink() else None
            if link_problem:
                problems.append(_problem(display, link_problem))
                continue
            files.append(read_file(path, relative, display))
    return files, problems


def _link_problem(path: Path, base: Path) -> str | None:
    """Why a symlink in the skill cannot be read as part of it, or None when it can."""
    target = real_path(path)
    if target is None:
        return "symlink loop: the link never reaches a file"
    if target != base and base not in target.parents:
        return "symlink points outside the skill folder"
    return None


def read_file(path: Path, relative: str, display: str) -> PackageFile:
    """One file of the package, decoded when it is text."""
    try:
        info = path.stat()
        executable = bool(info.st_mode & 0o111)
        if info.st_size > MAX_TEXT_BYTES:
            return PackageFile(
                path=relative,
                display=display,
                size=info.st_size,
                problem="too large",
                executable=executable,
            )
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        problem = f"cannot read: {getattr(exc, 'strerror', None) or exc}"
        return PackageFile(path=relative, display=display, size=0, problem=problem)
    file = decode_file(data, relative, display)
    return replace(file, executable=True) if executable else file


def decode_file(data: bytes, relative: str, display: str) -> PackageFile:
    """A `PackageFile` for ``data``: text, or the reason it is not text."""
    size = len(data)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return PackageFile(
            path=relative,
            display=display,
            size=size,
            problem="binary (NUL bytes)",
            problem_line=line,
        )
    has_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = f"not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        return PackageFile(
            path=relative, display=display, size=size, problem=problem, problem_line=line
        )
    return PackageFile(path=relative, display=display, size=size, text=text, has_bom=has_bom)


def markdown_links(display: str, text: str) -> tuple[Link, ...]:
    """Links and images of a Markdown text, outside fenced code blocks, with their spans."""
    links: list[Link] = []
    fence = ""
    offset = 0
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
        elif not fence:
            for match in LINK.finditer(line):  # one line: no link spans a line break
                links.append(
                    Link(
                        target=match.group(3),
                        text=match.group(2),
                        span=span_at(display, text, offset + match.start(), offset + match.end()),
                        is_image=bool(match.group(1)),
                    )
                )
        offset += len(line) + 1
    return tuple(links)


def _problem(display: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK010", message=message, severity=Severity.ERROR, path=display)
