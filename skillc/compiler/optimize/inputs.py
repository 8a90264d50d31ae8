"""The packages ``skillc optimize`` reads: every file of each, as bytes, by relative path.

A path names a skill folder (holding SKILL.md), a folder of skill folders (found as ``skillc
lint`` finds them), or an archive (``.skill``, ``.zip``, tar) holding skill folders, read in
memory by the build's safe archive reader. Every file of a package is kept as bytes so that what
optimize does not rewrite is carried byte for byte; a file that cannot be carried (a symlink, a
file that cannot be read, a member the archive reader refuses, a folder such as ``.git`` that
package readers skip) is named in an SK161 warning, never dropped silently. Symlinks are never
followed, so a package cannot make optimize read outside it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from skillc.compiler.archives import ArchiveUnreadable, archive_suffix, read_archive
from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.targets import SKIP_DIRS, resolve

SKILL_FILES = ("SKILL.md", "skill.md")
_ZIP_ALIASES = (".skill",)


@dataclass(frozen=True, slots=True, kw_only=True)
class InputPackage:
    """One skill package: ``name`` its folder name, ``display`` how messages name it, ``files``
    relative POSIX path -> bytes, ``out`` where it goes in the output folder (its path below the
    folder or archive named, so a library keeps its layout: ``skills-zh/x-card``)."""

    name: str
    display: str
    files: dict[str, bytes]
    out: str = ""
    #: Files with an execute bit (scripts), which the output keeps executable.
    executable: frozenset[str] = frozenset()

    @property
    def skill_path(self) -> str:
        return next((n for n in SKILL_FILES if n in self.files), "SKILL.md")


@dataclass(slots=True)
class Inputs:
    """What the paths named: packages in path order, and the problems met reading them."""

    packages: list[InputPackage] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def read_inputs(paths: list[str]) -> Inputs:
    """Every package ``paths`` name; SK160 for a path that names none."""
    found = Inputs()
    for raw in paths:
        path = Path(raw)
        if path.is_file() and (archive_suffix(raw) or raw.lower().endswith(_ZIP_ALIASES)):
            _read_archive(raw, found)
            continue
        targets = resolve([raw])
        for problem in targets.problems:
            found.errors.append(_unreadable(problem.path or raw, problem.message))
        for folder, display in targets.packages:
            package = _read_folder(folder, display, found.warnings)
            below = _below(path, folder)
            found.packages.append(replace(package, out=below or package.name))
    return found


def _read_folder(root: Path, display: str, warnings: list[Diagnostic]) -> InputPackage:
    files: dict[str, bytes] = {}
    executable: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for skipped in sorted(d for d in dirnames if d in SKIP_DIRS):
            warnings.append(
                _not_carried(display, _relative(root, dirpath, skipped) + "/", "skipped folder")
            )
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            full = Path(dirpath, name)
            relative = _relative(root, dirpath, name)
            if full.is_symlink():
                warnings.append(_not_carried(display, relative, "a symlink (not followed)"))
                continue
            try:
                files[relative] = full.read_bytes()
                if os.access(full, os.X_OK):
                    executable.add(relative)
            except OSError as exc:
                warnings.append(_not_carried(display, relative, f"cannot read: {exc.strerror}"))
    name = Path(os.path.abspath(root)).name
    return InputPackage(name=name, display=display, files=files, executable=frozenset(executable))


def _below(named: Path, folder: Path) -> str:
    """``folder``'s path below the folder the user named ("" for the named folder itself)."""
    try:
        below = Path(os.path.abspath(folder)).relative_to(Path(os.path.abspath(named)))
    except ValueError:
        return ""
    return "" if str(below) == "." else below.as_posix()


def _relative(root: Path, dirpath: str, name: str) -> str:
    return Path(dirpath, name).relative_to(root).as_posix()


def _read_archive(raw: str, found: Inputs) -> None:
    """The skill folders inside archive ``raw`` (a ``.skill`` is a zip)."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            readable = Path(raw)
            if raw.lower().endswith(_ZIP_ALIASES):
                readable = Path(tmp) / "archive.zip"
                readable.symlink_to(Path(raw).resolve())
            contents = read_archive(readable, lambda _name: True)
    except ArchiveUnreadable as exc:
        found.errors.append(_unreadable(raw, f"cannot read the archive: {exc}"))
        return
    members = {m.name: m.data for m in contents.members}
    roots = sorted(
        {
            n.rsplit("/", 1)[0] if "/" in n else ""
            for n in members
            if n.rsplit("/", 1)[-1] in SKILL_FILES
        }
    )
    if not roots:
        found.errors.append(_unreadable(raw, "no skill in the archive (no SKILL.md)"))
        return
    for problem in contents.problems:
        found.warnings.append(_not_carried(raw, problem.member, problem.message))
    for root in roots:
        prefix = f"{root}/" if root else ""
        deeper = [r for r in roots if r != root and r.startswith(prefix)]
        files = {
            n[len(prefix) :]: d
            for n, d in members.items()
            if n.startswith(prefix) and not any(n.startswith(f"{r}/") for r in deeper)
        }
        name = root.rsplit("/", 1)[-1] if root else Path(raw).name.split(".")[0]
        found.packages.append(
            InputPackage(name=name, display=f"{raw}!/{root}", files=files, out=root or name)
        )


def _unreadable(path: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK160", message=message, severity=Severity.ERROR, path=path)


def _not_carried(display: str, relative: str, why: str) -> Diagnostic:
    message = f"{relative} is not carried into the output: {why}"
    return Diagnostic(code="SK161", message=message, severity=Severity.WARNING, path=display)
