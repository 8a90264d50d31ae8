"""Which skill folders a ``skillc lint PATH...`` call means.

The pre-commit hook passes changed files (SKILL.md, a reference, a script), people pass a skill
folder or a folder of skills. Each path resolves to the package folders it belongs to: a file to
the nearest enclosing folder that holds a SKILL.md (or skill.md), a skill folder to itself, any
other folder to every skill folder below it. Each package is linted once however many of its
files were named. Symlinks are not followed, so a loop cannot hang the search.

A path that names no skill is a usage error (exit 2), never a silent pass: a mistyped path in CI
must fail (a missing path; a folder with no skill in or below it; a file in no skill). The one
exception is for the pre-commit hook (``--skip-outside-skills``, `outside_skills`): its ``files``
pattern matches any ``scripts/`` or ``assets/`` folder, so it may hand over a repository's own
``scripts/release.sh``; such files are skipped, as ruff's ``--force-exclude`` skips excluded
files its hook is handed.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillc.diagnostics import Diagnostic, Severity

SKILL_FILES = ("SKILL.md", "skill.md")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"})
#: How far below a given folder to look for skills (clients bound discovery depth similarly).
MAX_DEPTH = 8


@dataclass(slots=True)
class Targets:
    """Package folders to lint (sorted, unique), as (folder, display path) pairs."""

    packages: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)


def is_skill_dir(path: Path) -> bool:
    """A folder holding a SKILL.md or skill.md entry (file or not: lint reports the rest)."""
    return any(os.path.lexists(path / name) for name in SKILL_FILES)


def resolve(paths: Sequence[str], cwd: Path | None = None) -> Targets:
    """The packages ``paths`` name, with a usage problem for each path that names none."""
    here = (cwd or Path.cwd()).resolve()
    targets = Targets()
    seen: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            targets.problems.append(_error(raw, "no such file or directory"))
            continue
        found = list(_packages_for(path))
        if not found:
            targets.problems.append(_error(raw, _no_skill(path)))
        for folder in found:
            seen.setdefault(folder.resolve(), display_path(folder, here))
    targets.packages = sorted(((p, d) for p, d in seen.items()), key=lambda item: item[1])
    return targets


def skill_archives_in(paths: Sequence[str]) -> list[str]:
    """The ``.skill`` archives in or below the folders of ``paths`` that are not skill folders,
    outside every skill folder, as paths that start with the folder as given (sorted).

    Why: ``skillc scan downloads/`` found the skill folder beside ``evil.skill``, scanned it,
    and said "1 benign" of the folder: the archive, which is how skills are shared, was never
    opened nor named (`skillc.cli_scan.gather` scans them). An archive inside a skill folder
    is that skill's file (the scanner's RK212). Symlinks are not followed, as for folders."""
    found: list[str] = []
    for raw in paths:
        root = Path(raw)
        if not root.is_dir() or root.is_symlink():
            continue
        for folder, names in _walk(root):
            found += [
                str(folder / name)
                for name in names or ()
                if name.lower().endswith(".skill") and not (folder / name).is_symlink()
            ]
    return sorted(dict.fromkeys(found))


def outside_skills(raw: str) -> bool:
    """Whether ``raw`` is an existing file (not a folder) that no skill folder holds: what the
    pre-commit hook may be handed and skips (``--skip-outside-skills``)."""
    path = Path(raw)
    return os.path.isfile(path) and _enclosing_skill(path) is None


def _no_skill(path: Path) -> str:
    """Why an existing path names no skill, for the usage error."""
    if path.is_dir():
        if path.is_symlink():
            return "no skill found (a symlinked folder is not searched; name its target)"
        return f"no skill found (no SKILL.md in it or in a folder below, {MAX_DEPTH} levels deep)"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        return f"cannot read: {exc.strerror or exc}"
    return "not inside a skill (no SKILL.md in its folder or any folder above it)"


def _packages_for(path: Path) -> Iterable[Path]:
    if path.is_dir() and not path.is_symlink():
        if is_skill_dir(path):
            yield path
        else:
            yield from _skills_below(path)
        return
    enclosing = _enclosing_skill(path)
    if enclosing is not None:
        yield enclosing


def _enclosing_skill(path: Path) -> Path | None:
    """The nearest folder at or above ``path``'s folder that is a skill folder."""
    start = path.parent if not path.is_dir() or path.name in SKILL_FILES else path
    for folder in (start, *start.parents):
        if is_skill_dir(folder):
            return folder
    return None


def _skills_below(root: Path) -> Iterable[Path]:
    return (folder for folder, names in _walk(root) if names is None)


def _walk(root: Path) -> Iterator[tuple[Path, list[str] | None]]:
    """The folders at and below ``root`` as skills are searched for: ``(skill folder, None)``,
    whose own subfolders are its resources and not searched, or ``(other folder, the names of
    its files)``; `MAX_DEPTH` deep, `SKIP_DIRS` left out, symlinks not followed."""
    base_depth = len(root.parts)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        folder = Path(dirpath)
        if is_skill_dir(folder):
            dirnames[:] = []  # a skill's own subfolders are its resources, not more skills
            yield folder, None
            continue
        yield folder, filenames
        if len(folder.parts) - base_depth >= MAX_DEPTH:
            dirnames[:] = []
        # Hidden folders are searched: skills live in .claude/skills/, .agents/skills/ ...
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when inside it (POSIX separators), else absolute."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlinked skill keeps its name
    try:
        return absolute.relative_to(cwd).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def _error(path: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK010", message=message, severity=Severity.ERROR, path=path)
