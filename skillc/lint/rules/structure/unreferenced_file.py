"""PK307: a bundled file that nothing the agent reads links to or mentions."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import is_bundled, reach
from skillc.package.model import Package, span_at


@rule("PK307", "unreferenced-file", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A file under references/, scripts/ or assets/ is never linked or mentioned.

    ## What it checks
    What the agent can reach: starting at SKILL.md, every file a reached text file links to or
    mentions, transitively (a reference that names a script reaches it; a script that opens
    `assets/template.docx` reaches that). A mention is the file's path or bare file name in text
    or code (`python scripts/fill.py`, `${CLAUDE_SKILL_DIR}/scripts/fill.py`, `fill.py`), a folder
    holding it written with a trailing slash (`assets/fonts/`) or linked, or for code read by
    code, its imported module name (`from helpers import x`). Every file under `references/`,
    `scripts/` or `assets/` that is not reached is reported, except dotfiles, license files,
    `__init__.py`, `py.typed` and package manifests and lock files (`package.json`,
    `pyproject.toml`, `uv.lock`...), which tools use without being named. Nothing is reported
    when SKILL.md is missing or unreadable.

    ## Why it matters
    An agent only knows what SKILL.md tells it (directly or through the files it points to);
    an unmentioned reference is never read and an unmentioned script never run, but both still
    ship, take space, and must be reviewed. Often they are leftovers of a refactor or of a
    generator that copied a whole source tree.

    ## Example
    `references/old-api.md` after SKILL.md was changed to link `references/api.md`.

    ## Fix
    Mention the file where the agent needs it ("Read `references/forms.md` before filling a
    form"), or delete it.
    """
    found = reach(pkg)
    if not found.by:
        return
    for file in pkg.files:
        if not is_bundled(file.path) or found.reached(file.path):
            continue
        message = f"{file.path} is not linked or mentioned by SKILL.md or any file it leads to"
        if file.text is None:
            yield diagnostic("PK307", message, path=file.display)
        else:
            yield diagnostic("PK307", message, span=span_at(file.display, file.text, 0, 0))
