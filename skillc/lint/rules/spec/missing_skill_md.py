"""PK101: the skill has no readable SKILL.md."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import fixed_span
from skillc.package.model import Package

_NAMES = ("SKILL.md", "skill.md")


@rule("PK101", "missing-skill-md", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill folder has no SKILL.md, or SKILL.md cannot be read as UTF-8 text.

    ## What it checks
    That the folder holds a regular file named `SKILL.md` (the reference validator also accepts
    `skill.md`, see PK205) and that it is readable text: not binary (a NUL byte), valid UTF-8,
    and at most 10 MB (skillc does not read larger files; the spec recommends under 500 lines).
    A directory named `SKILL.md` and a `SKILL.md` symlink pointing outside the folder count as
    missing: packagers and installers copy the folder, not what its links point to.

    ## Why it matters
    SKILL.md is the skill: clients discover a skill by this file and read its front matter. The
    reference validator reports "Missing required file: SKILL.md" and crashes on non-UTF-8
    files.

    ## Example
    A folder with only `README.md`, or a SKILL.md saved as UTF-16 or Latin-1.

    ## Fix
    Add SKILL.md, or re-save it as UTF-8 without NUL bytes.
    """
    file = pkg.skill_file
    if file is None:
        yield diagnostic("PK101", _missing_message(pkg), path=pkg.display)
        return
    if file.text is not None:
        return
    message = f"{file.path} is not readable text: {file.problem}"
    if file.problem_line:
        span = fixed_span(file.display, file.problem_line)
        yield diagnostic("PK101", f"{message} at line {file.problem_line}", span=span)
    else:
        yield diagnostic("PK101", message, path=file.display)


def _missing_message(pkg: Package) -> str:
    try:
        if not pkg.root.is_dir():
            what = "is not a directory" if pkg.root.exists() else "does not exist"
            return f"skill folder {pkg.display} {what}"
    except OSError:
        pass
    for name in _NAMES:
        path = pkg.root / name
        try:
            if path.is_symlink() and any(d.path.endswith(f"/{name}") for d in pkg.diagnostics):
                return f"{name} is a symlink that points outside the skill folder"
            if path.is_dir():
                return f"{name} is a directory, not a file"
        except OSError:
            continue
    return f"no SKILL.md in {pkg.display}"
