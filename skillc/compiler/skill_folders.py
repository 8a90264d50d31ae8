"""What a skill given as a build source holds besides SKILL.md, and the warning that names it.

Why: a folder holding SKILL.md is one source and only its SKILL.md is read (the skills
frontend), so its references, scripts and assets are not in the output. That is content the
build leaves out, and skillc never leaves content out without a word: SK033 names the files,
once per skill, for folders on disk and skill folders inside archives alike.
"""

from __future__ import annotations

import os
from pathlib import Path

from skillc.compiler.frontends import table
from skillc.diagnostics import Diagnostic, Severity, input_problem
from skillc.package.reader import SKIP_DIRS

#: How many file names the warning lists before "and N more".
SHOWN = 5


def files_below(folder: Path, dirnames: list[str], names: set[str]) -> list[str]:
    """The other files of the skill folder ``folder``, relative to it and sorted: ``names`` at
    its top level (the marker left out by the caller) and every file under ``dirnames``, as
    the package reader would see them (version-control and cache folders skipped)."""
    found = list(names)
    for name in dirnames:
        for dirpath, subdirs, files in os.walk(folder / name, followlinks=False):
            subdirs[:] = [d for d in subdirs if d not in SKIP_DIRS]
            relative = Path(dirpath).relative_to(folder).as_posix()
            found.extend(f"{relative}/{f}" for f in files)
    return sorted(found)


def archive_extras(names: set[str]) -> list[tuple[str, list[str]]]:
    """Each folder of an archive that holds a marker (a skill's SKILL.md), with the other
    member names under it (relative, sorted); folders without other members are left out."""
    folders = sorted(n.rpartition("/")[0] for n in names if _is_marker(n))
    found = []
    for folder in folders:
        prefix = f"{folder}/" if folder else ""
        others = sorted(
            n[len(prefix) :]
            for n in names
            if n.startswith(prefix) and not n.endswith("/") and not _is_marker(n)
        )
        if others:
            found.append((folder, others))
    return found


def not_read(where: str, names: list[str]) -> Diagnostic:
    """SK033 at the skill folder ``where``: how many of its files are not read, and which."""
    shown = ", ".join(names[:SHOWN])
    if len(names) > SHOWN:
        shown += f" and {len(names) - SHOWN} more"
    message = (
        f"{len(names)} file(s) of this skill are not read (only SKILL.md is), so the output "
        f"does not have them: {shown}"
    )
    return input_problem(where, message, code="SK033", severity=Severity.WARNING)


def _is_marker(name: str) -> bool:
    return table.by_marker([name.rpartition("/")[2]]) is not None
