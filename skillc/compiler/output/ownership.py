"""Which files of an output folder skillc wrote, and what a new build may do to them.

The lock file of the previous build (``skills.lock``, see `skillc.compiler.lockfile`) is the
record of ownership: every file it lists, with the sha256 skillc wrote, is skillc's; everything
else in the folder (``.git/``, a team's notes, another tool's files) belongs to someone else and
is never touched. A listed file whose bytes no longer match is a hand edit: the build stops and
names it unless ``--force`` is given.

A folder written by an older skillc holds ``skillc-manifest.json`` instead: with no lock, it is
read as the record (same fields), and the next build writes the lock and then removes it
(migration). A folder that holds anything at all but no record skillc can read (missing,
empty, unreadable, not JSON, not skillc's, naming paths that leave the folder) is not
skillc's: the build refuses it as a whole rather than guessing which of its files are safe to
replace.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from skillc.compiler.output.merge import Resolver
from skillc.diagnostics import Diagnostic, SkillcError

#: The record of a build: the lock file, written last by every commit.
LOCK = "skills.lock"
#: The record older skillc wrote; read when no lock exists, removed once the lock is in.
LEGACY_MANIFEST = "skillc-manifest.json"
#: The name the commit treats as the record (kept for the transaction's "record last" rule).
MANIFEST = LOCK

#: A manifest larger than this is not one skillc wrote (a 10,000-skill build's is a few MB).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What writing a build's files into a folder takes.

    ``write`` holds the files whose bytes on disk differ from the new ones; ``delete`` the files
    the previous build wrote that this one does not, with the hash they must still have to be
    removed; ``foreign`` whether the folder holds entries skillc did not write (which decides
    how the files are put in place, see `skillc.compiler.output.transaction`).
    """

    write: Mapping[str, bytes] = field(default_factory=dict)
    delete: Mapping[str, str] = field(default_factory=dict)
    foreign: bool = False
    conflicts: tuple[Diagnostic, ...] = ()
    #: Hand-edited files kept, merged with the new text (`skillc.compiler.output.merge`):
    #: relative path -> the bytes that must be there (in ``write`` too when they changed).
    merged: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def is_noop(self) -> bool:
        return not self.write and not self.delete


def read_owned(out: Path, shown: str) -> dict[str, str] | None:
    """The files skillc wrote into ``out`` (relative POSIX path -> sha256), the record included.

    ``None`` when ``out`` does not exist or is empty: anyone's to write. Raises `SkillcError`
    when it holds entries but no record of skillc's. ``shown`` is the path as the user gave it.
    An older skillc's ``skillc-manifest.json`` is the record when there is no lock: it is then
    listed with its own hash, so the build that writes the lock removes it.
    """
    if not out.is_dir():
        if os.path.lexists(out):
            _refuse(shown, "output path exists and is not a directory")
        return None
    if not any(out.iterdir()):
        return None
    record_path = record_file(out)
    why = _manifest_problem(record_path)
    if why:
        _refuse(
            shown, f"output folder holds files skillc did not write ({why}); refusing to touch it"
        )
    owned = owned_files(json.loads(record_path.read_bytes()))
    if record_path.name == LEGACY_MANIFEST:
        owned[LEGACY_MANIFEST] = _file_sha256(record_path)
    return owned


def record_file(out: Path) -> Path:
    """The record of ``out``: its lock, else an older skillc's manifest when only that exists."""
    lock = out / LOCK
    legacy = out / LEGACY_MANIFEST
    return legacy if not os.path.lexists(lock) and os.path.lexists(legacy) else lock


def owned_files(record: dict[str, object]) -> dict[str, str]:
    """The output files a (validated) record lists, archives too; the lock is skillc's too."""
    owned = {LOCK: ""}
    for skill in record["skills"]:  # type: ignore[attr-defined]
        for entry in skill["files"]:
            owned[f"{skill['name']}/{entry['path']}"] = entry["sha256"]
    for entry in record.get("archives", ()):  # type: ignore[attr-defined]
        owned[entry["path"]] = entry["sha256"]
    return owned


def plan(
    out: Path,
    owned: Mapping[str, str] | None,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    shown: str = "",
    resolve: Resolver | None = None,
) -> Plan:
    """Compare the new ``files`` with what is in ``out`` and what skillc wrote there.

    ``shown`` is the output folder as the user named it, for the messages. ``resolve``, when
    given, is asked about each hand-edited file before it is refused (SK014): it merges the edit
    with the new text (`skillc.compiler.output.merge`).
    """
    where = Path(shown) if shown else out
    owned = owned or {}
    conflicts: list[Diagnostic] = []
    write: dict[str, bytes] = {}
    merged: dict[str, bytes] = {}
    for relative, data in sorted(files.items()):
        state = current_state(out, relative)
        if state == "absent":
            write[relative] = data
        elif state == "blocked":
            conflicts.append(_blocked(where, relative))
        elif state != _sha256(data):
            if relative in owned and (state == owned[relative] or relative == MANIFEST):
                write[relative] = data
            elif not force and relative in owned and resolve is not None:
                kept = resolve(relative, owned[relative], data)
                if isinstance(kept, bytes):
                    merged[relative] = kept
                    if _sha256(kept) != state:
                        write[relative] = kept
                else:
                    conflicts.append(kept or _changed(where, relative, True))
            elif not force:
                conflicts.append(_changed(where, relative, relative in owned))
            else:
                write[relative] = data
    delete: dict[str, str] = {}
    for relative, recorded in sorted(owned.items()):
        if relative in files:
            continue
        state = current_state(out, relative)
        if state == "absent":
            continue
        if state == "blocked":
            continue  # replaced by a folder or link: no longer skillc's, left alone
        if state == recorded or force:
            delete[relative] = state
        else:
            conflicts.append(_changed(where, relative, True))
    foreign = any(True for _ in foreign_entries(out, owned))
    return Plan(
        write=write, delete=delete, foreign=foreign, conflicts=tuple(conflicts), merged=merged
    )


def foreign_entries(out: Path, owned: Mapping[str, str]) -> Iterator[str]:
    """Entries of ``out`` that skillc did not write, without descending into foreign folders.

    Only folders that hold an owned file are listed, so a large ``.git/`` costs one entry.
    """
    if not out.is_dir():
        return
    folders: dict[str, set[str]] = {"": set()}
    for relative in owned:
        parts = relative.split("/")
        for depth in range(len(parts)):
            parent = "/".join(parts[:depth])
            folders.setdefault(parent, set()).add(parts[depth])
    for folder, expected in sorted(folders.items()):
        path = out.joinpath(*folder.split("/")) if folder else out
        if not _is_real_dir(path):
            continue
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name not in expected:
                    yield f"{folder}/{entry.name}" if folder else entry.name


def current_state(out: Path, relative: str) -> str:
    """What is at ``relative`` inside ``out``, links never followed: ``absent``, ``blocked``
    (a link, folder or special file is in the way) or the file's sha256."""
    path = out
    parts = relative.split("/")
    for part in parts[:-1]:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            return "absent"
        if not stat.S_ISDIR(mode):
            return "blocked"
    path = path / parts[-1]
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "absent"
    if not stat.S_ISREG(mode):
        return "blocked"
    return _file_sha256(path)


def _manifest_problem(manifest: Path) -> str:
    """Why ``manifest`` (a lock or an older manifest) is not a record skillc wrote, or ``""``."""
    name = manifest.name  # the messages name the file that was read
    try:
        info = manifest.lstat()
    except FileNotFoundError:
        return f"no {name}"
    except OSError as exc:
        return f"{name} cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return f"{name} is not a regular file"
    if info.st_size == 0:
        return f"{name} is empty"
    if info.st_size > MAX_MANIFEST_BYTES:
        return f"{name} is too large to be skillc's"
    try:
        record = json.loads(manifest.read_bytes())
    except (OSError, ValueError, RecursionError):
        return f"{name} is not skillc's (not readable JSON)"
    return record_problem(record)


def record_problem(record: object) -> str:
    """Why a decoded manifest is not skillc's, or ``""``; every listed path must stay inside."""
    not_ours = "the record is not skillc's"
    if not isinstance(record, dict) or not str(record.get("generator", "")).startswith("skillc "):
        return not_ours
    archives = record.get("archives", [])
    if not isinstance(archives, list) or not all(_entry_ok(entry) for entry in archives):
        return f"{not_ours} (a listed archive is not a file name of the folder)"
    skills = record.get("skills")
    if not isinstance(skills, list):
        return not_ours
    for skill in skills:
        if not isinstance(skill, dict) or not _safe_part(skill.get("name")):
            return not_ours
        files = skill.get("files")
        if not isinstance(files, list):
            return not_ours
        for entry in files:
            if not isinstance(entry, dict) or not _safe_path(entry.get("path")):
                return f"{not_ours} (a listed path leaves the folder)"
            if not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]):
                return not_ours
    return ""


def _entry_ok(entry: object) -> bool:
    """An archive entry: a file name at the folder's top, with a sha256."""
    return (
        isinstance(entry, dict)
        and _safe_part(entry.get("path"))
        and isinstance(entry.get("sha256"), str)
        and _SHA256.fullmatch(entry["sha256"]) is not None
    )


def _safe_part(name: object) -> bool:
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not any(c in name for c in "/\\\0")
    )


def _safe_path(path: object) -> bool:
    return isinstance(path, str) and all(_safe_part(p) for p in path.split("/"))


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _changed(out: Path, relative: str, owned: bool) -> Diagnostic:
    if owned:
        message = (
            "edited by hand since skillc wrote it, and this build would overwrite it "
            "(make the change in the source, or pass --force to replace the file)"
        )
        return Diagnostic(code="SK014", message=message, path=str(out / relative))
    message = (
        "not written by skillc, and this build writes a file there "
        "(move it away, or pass --force to replace it)"
    )
    return Diagnostic(code="SK015", message=message, path=str(out / relative))


def _blocked(out: Path, relative: str) -> Diagnostic:
    message = (
        "a folder, link or special file that skillc did not write is in the way of an output "
        "file; skillc never replaces one"
    )
    return Diagnostic(code="SK015", message=message, path=str(out / relative))


def _refuse(shown: str, message: str) -> NoReturn:
    raise SkillcError(Diagnostic(code="SK012", message=message, path=shown))


__all__ = [
    "LEGACY_MANIFEST",
    "LOCK",
    "MANIFEST",
    "Plan",
    "current_state",
    "foreign_entries",
    "owned_files",
    "plan",
    "read_owned",
    "record_file",
    "record_problem",
]
