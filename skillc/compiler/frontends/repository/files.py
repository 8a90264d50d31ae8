"""Which files of a code repository the repository frontend reads, and how they travel.

Why: a repository is one source (`skillc.compiler.frontends.frontend.Claims.root`), but the
frontend needs many of its files: build configuration (``pyproject.toml``, ``setup.cfg``,
``tox.ini``, ``noxfile.py``, Makefiles, CI workflows), the project's own code (its command
line), and the prose that says how to work on it (README, CONTRIBUTING, docs for examples).
`collect` walks the folder once and bundles those files, as text, into the source's bytes
(`encode`; `decode` in the reader), so the executor ships one picklable value and the
manifest records one sha256 over everything read.

Hostile trees: symlinks are never followed out of the tree (a note names each one that
points outside, or loops); files over `MAX_FILE_BYTES`, binary files (NUL bytes) and files
that are not UTF-8 are skipped with a note; vendored, generated and third-party folders
(`SKIP_DIRS`) are not entered; at most `MAX_FILES` files and `MAX_TOTAL_BYTES` bytes are read
(a note says when the rest is left out), so the cost stays linear in what is kept. Code
that is not the project's surface (tests, examples: `surface.on_surface`) is not read.
Deterministic: folders and files are visited in sorted order and the bundle is sorted JSON.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from skillc.compiler.frontends.frontend import Collected
from skillc.compiler.frontends.repository.surface import on_surface
from skillc.diagnostics import Diagnostic, Severity, input_problem
from skillc.paths import real_path

__all__ = [
    "MAX_FILE_BYTES",
    "PROSE_STEMS",
    "Bundle",
    "collect",
    "collect_members",
    "decode",
    "encode",
    "is_repository",
    "wanted",
]

#: A source file larger than this is generated or minified, not written by hand: skipped.
MAX_FILE_BYTES = 1024 * 1024
#: At most this many files and bytes are read from one repository.
MAX_FILES = 20_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: Files whose presence at the top of a folder named on the command line makes it a repository.
PROJECT_MARKERS = frozenset(
    {"pyproject.toml", "setup.cfg", "setup.py", "package.json", "go.mod", "Cargo.toml", ".git"}
)
#: Folders never entered: version control, caches, virtual environments, third-party code
#: and build output. What they hold is not the project's own.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "__pycache__",
        "node_modules",
        "vendor",
        "third_party",
        "site-packages",
        "dist",
        "build",
        "_build",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
#: Build and automation files read wherever they are at the top of the tree.
_TOP_FILES = frozenset(
    {
        "pyproject.toml",
        "setup.cfg",
        "setup.py",
        "tox.ini",
        "noxfile.py",
        "Makefile",
        "makefile",
        "GNUmakefile",
        "package.json",
        "Cargo.toml",
        "go.mod",
    }
)
#: The stems of the prose files read at a repository's top (README, CONTRIBUTING, ...).
PROSE_STEMS = ("readme", "contributing", "hacking", "development", "releasing", "release")
_PROSE_SUFFIXES = (".md", ".rst", ".txt", "")
_DOC_SUFFIXES = (".md", ".rst", ".txt")
_CODE_SUFFIXES = (
    ".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".go", ".rs", ".sh", ".bash",
)  # fmt: skip
#: Generated JavaScript that is not read as the project's code.
_GENERATED_SUFFIXES = (".min.js", ".d.ts", ".bundle.js")
#: Top folders whose files without a suffix are programs (shell scripts, a ``bin`` stub).
_PROGRAM_DIRS = frozenset({"bin", "scripts", "libexec", "script", "tools"})


def is_repository(folder: Path) -> bool:
    """Whether ``folder`` (named on the command line) holds a project marker at its top."""
    try:
        return not PROJECT_MARKERS.isdisjoint(os.listdir(folder))
    except OSError:
        return False


def collect_members(members: Mapping[str, bytes], label: str, where: str) -> Collected:
    """The repository an archive holds (an sdist, a tarball of a checkout): ``members`` by
    their path below the archive's top folder; empty data when no project marker is at the
    top. The same rules as for a folder: too large, binary and non-UTF-8 files are noted."""
    if PROJECT_MARKERS.isdisjoint(n for n in members if "/" not in n):
        return Collected(data=b"")
    files: dict[str, str] = {}
    notes: list[Diagnostic] = []
    for relative in sorted(members):
        if not wanted(relative) or _skipped(relative):
            continue
        text = _decoded(f"{where}!/{relative}", members[relative], notes)
        if text is not None:
            files[relative] = text
    if not files:
        return Collected(data=b"", notes=tuple(notes))
    prefix = f"{label}/" if label else ""
    return Collected(data=encode(Bundle(prefix=prefix, files=files)), notes=tuple(notes))


def is_man_page(parts: tuple[str, ...], suffix: str) -> bool:
    """A page of a ``man`` folder at most two folders down (``man/he.1``,
    ``extras/man/http.1``, ``docs/man/x.1.md``)."""
    man = len(parts) >= 2 and parts[-2] == "man" and len(parts) <= 4
    return man and re.fullmatch(r"\.[1-9]\w*|\.md", suffix) is not None


def wanted(relative: str) -> bool:
    """Whether the file at POSIX path ``relative`` (inside the repository) is read."""
    path = PurePosixPath(relative)
    parts = path.parts
    name = path.name
    if _built_program(parts):
        return True
    if len(parts) == 1 and name in _TOP_FILES:
        return True
    if relative == ".gitlab-ci.yml":
        return True
    if parts[:2] == (".github", "workflows") and len(parts) == 3:
        return path.suffix in (".yml", ".yaml")
    if any(p.startswith(".") for p in parts):
        return False
    stem, suffix = _stem(name)
    if len(parts) == 1 and stem in PROSE_STEMS and suffix in _PROSE_SUFFIXES:
        return True
    if parts[0] in ("doc", "docs") and suffix in _DOC_SUFFIXES:
        return True
    if is_man_page(parts, suffix):
        return True  # man pages: where a hand-parsed program documents its options
    if name.lower().endswith(_GENERATED_SUFFIXES):
        return False
    program = not suffix and len(parts) > 1 and parts[0] in _PROGRAM_DIRS
    return (suffix in _CODE_SUFFIXES or program) and on_surface(relative)


#: Top folders of build output whose JavaScript files one level down are read: a
#: ``package.json`` ``bin`` often names one (``build/main.js``). Nothing deeper is entered.
BUILT_DIRS = frozenset({"build", "dist"})


def _built_program(parts: tuple[str, ...]) -> bool:
    return len(parts) == 2 and parts[0] in BUILT_DIRS and parts[1].endswith((".js", ".cjs", ".mjs"))


def _skipped(relative: str) -> bool:
    """Whether a path lies in a folder never entered (build output's top files excepted)."""
    parts = tuple(relative.split("/"))
    return not _built_program(parts) and any(p in SKIP_DIRS for p in parts[:-1])


def _stem(name: str) -> tuple[str, str]:
    lower = name.lower()
    dot = lower.rfind(".")
    return (lower[:dot], lower[dot:]) if dot > 0 else (lower, "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundle:
    """The files of one repository that the frontend reads: ``prefix`` is prepended to their
    paths in spans (the label of the folder's page ids, ``""`` or ``name/``); ``files`` maps
    each POSIX path, relative to the repository, to its text (sorted by path)."""

    prefix: str
    files: dict[str, str]

    def source(self, relative: str) -> str:
        """The id a span uses for file ``relative``."""
        return f"{self.prefix}{relative}"


def encode(bundle: Bundle) -> bytes:
    """The bundle as the source's bytes (sorted JSON: the same files give the same bytes)."""
    record = {"prefix": bundle.prefix, "files": sorted(bundle.files.items())}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> Bundle:
    """The bundle `encode` wrote."""
    record = json.loads(data.decode("utf-8"))
    return Bundle(prefix=record["prefix"], files={p: t for p, t in record["files"]})


def collect(folder: Path, label: str) -> Collected:
    """The files of repository ``folder`` that the frontend reads, bundled, with a note for
    each file left out; ``label`` names the folder in page ids (``""`` for none)."""
    base = real_path(folder) or folder
    files: dict[str, str] = {}
    notes: list[Diagnostic] = []
    total = 0
    for path, relative in _walk(folder, base, notes):
        if len(files) >= MAX_FILES or total >= MAX_TOTAL_BYTES:
            notes.append(
                _note(
                    folder,
                    f"more than {MAX_FILES} files or {MAX_TOTAL_BYTES} bytes"
                    " to read: the rest of the repository is not read",
                )
            )
            break
        text = _read_text(path, notes)
        if text is not None:
            files[relative] = text
            total += len(text)
    if not files:
        return Collected(data=b"", notes=tuple(notes))
    prefix = f"{label}/" if label else ""
    return Collected(data=encode(Bundle(prefix=prefix, files=files)), notes=tuple(notes))


def _walk(folder: Path, base: Path, notes: list[Diagnostic]) -> list[tuple[Path, str]]:
    """Every wanted regular file under ``folder`` as ``(path, relative POSIX path)``, sorted;
    symlinks that leave the tree or loop are noted and not followed."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        top = here == folder
        dirnames[:] = sorted(
            d
            for d in dirnames
            if _enter(here / d, base, d, notes)
            or (top and d in BUILT_DIRS and not (here / d).is_symlink())
        )
        if here.parent == folder and here.name in BUILT_DIRS:
            dirnames[:] = []  # build output: only its top files, which `wanted` picks
        for name in sorted(filenames):
            path = here / name
            relative = path.relative_to(folder).as_posix()
            if not wanted(relative):
                continue
            if path.is_symlink() and not _inside(path, base, notes):
                continue
            found.append((path, relative))
    return found


def _enter(path: Path, base: Path, name: str, notes: list[Diagnostic]) -> bool:
    """Whether the walk goes into folder ``path``: not a skipped folder, not hidden (except
    ``.github``, where CI workflows live), not a symlink (a link inside the tree repeats
    files the walk reads anyway; one leaving it is noted)."""
    if name in SKIP_DIRS or (name.startswith(".") and name != ".github"):
        return False
    if path.is_symlink():
        _inside(path, base, notes)
        return False
    return True


def _inside(link: Path, base: Path, notes: list[Diagnostic]) -> bool:
    """Whether symlink ``link`` stays inside the tree; a note when it does not or loops."""
    target = real_path(link)
    if target is None:
        notes.append(_note(link, "symlink loop: not followed"))
        return False
    if target != base and base not in target.parents:
        notes.append(_note(link, "symlink points outside the repository: not followed"))
        return False
    return True


def _read_text(path: Path, notes: list[Diagnostic]) -> str | None:
    """The file's text (UTF-8, BOM dropped, newlines folded), or None with a note why not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_FILE_BYTES:
            notes.append(_note(path, f"over {MAX_FILE_BYTES} bytes ({info.st_size}): not read"))
            return None
        data = path.read_bytes()
    except OSError as exc:
        notes.append(_note(path, f"cannot read: {exc.strerror or exc}"))
        return None
    return _decoded(str(path), data, notes)


def _decoded(where: str, data: bytes, notes: list[Diagnostic]) -> str | None:
    """``data`` as text (UTF-8, BOM dropped, newlines folded), or None with a note why not."""
    if len(data) > MAX_FILE_BYTES:
        notes.append(_note(where, f"over {MAX_FILE_BYTES} bytes ({len(data)}): not read"))
        return None
    if b"\x00" in data:
        notes.append(_note(where, "binary file (contains NUL bytes): not read"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        notes.append(_note(where, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): not read"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _note(path: Path | str, message: str) -> Diagnostic:
    return input_problem(str(path), message, code="SK036", severity=Severity.INFO)
