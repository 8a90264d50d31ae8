"""PK205: the skill file is named `skill.md`, not `SKILL.md`."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import line_span
from skillc.package.model import Package


@rule("PK205", "lowercase-skill-md", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill's file is `skill.md` (lowercase) rather than `SKILL.md`.

    ## What it checks
    The name of the file read as the skill file when no `SKILL.md` exists.

    ## Why it matters
    The spec names the file `SKILL.md`, and the client implementation guide has discovery scan
    for "a file named exactly `SKILL.md`". The reference validator also accepts `skill.md`,
    but Anthropic's `quick_validate.py` and three other validators report no skill at all
    (peers.md §4.4), and case-sensitive file systems make the difference real.

    ## Example
    `pdf-tools/skill.md`

    ## Fix
    Rename the file: `git mv skill.md SKILL.md`.
    """
    file = pkg.skill_file
    if file is not None and file.path == "skill.md":
        message = "skill file is named `skill.md`; clients look for `SKILL.md`"
        if file.text is None:
            yield diagnostic("PK205", message, path=file.display)
        else:
            yield diagnostic("PK205", message, span=line_span(pkg, 1))
