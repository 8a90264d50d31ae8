"""PK109: the skill name differs from its folder name."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    NAME_RE,
    folder_rename,
    string_field,
)
from skillc.package.model import Package


@rule("PK109", "name-folder-mismatch", severity=Severity.ERROR, fix="unsafe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill name does not match the name of the folder that holds SKILL.md.

    ## What it checks
    That `name` equals the folder name, compared as the reference validator does: both
    NFKC-normalised, the name stripped of surrounding whitespace. Names that match only after
    that normalisation (a folder named with fullwidth letters) are reported by the warning
    PK207 instead, so this error fires exactly when the reference validator rejects the pair.

    ## Why it matters
    The spec says the name "must match the parent directory name". Clients that identify a
    skill by its folder (Claude Code, Gemini CLI installs) and ones that use `name` then
    disagree about what the skill is called.

    ## Example
    Folder `pdf/` holding `name: pdf-tools`.

    ## Fix
    When the name itself is valid, the unsafe fix renames the folder to the name (paths that
    point to the old folder are not updated). Otherwise fix the name first (PK107).
    """
    found = string_field(pkg, "name")
    if found is None:
        return
    field, value = found
    if not value.strip():
        return
    if _nfkc(value.strip()) == _nfkc(pkg.dir_name):
        return
    message = f"skill name `{value}` does not match its folder name `{pkg.dir_name}`"
    fix = None
    rename = folder_rename(pkg, value) if NAME_RE.match(value) else None
    if rename is not None:
        fix = Fix(
            message=f"Rename the folder to `{value}`",
            applicability=Applicability.UNSAFE,
            rename=rename,
        )
    yield diagnostic("PK109", message, span=field.value_span, fix=fix)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
