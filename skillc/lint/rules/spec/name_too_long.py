"""PK108: the skill name is longer than 64 characters."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import MAX_NAME, string_field
from skillc.package.model import Package


@rule("PK108", "name-too-long", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill name has more than 64 characters.

    ## What it checks
    The length of `name` as written, in characters (Unicode code points). The reference
    validator measures the stripped, NFKC-normalised name; the two only differ for names that
    PK107 already rejects (surrounding spaces, compatibility characters).

    ## Why it matters
    The spec limits names to 1-64 characters; the reference validator, `quick_validate.py` and
    Codex's loader enforce it, and clients show the name in menus.

    ## Example
    `name: extract-text-tables-and-forms-from-pdf-documents-and-merge-them-together`
    (72 characters).

    ## Fix
    Shorten the name (and rename the folder to match).
    """
    found = string_field(pkg, "name")
    if found is None:
        return
    field, value = found
    if len(value) <= MAX_NAME:
        return
    message = f"skill name is {len(value)} characters long, more than {MAX_NAME}"
    yield diagnostic("PK108", message, span=field.value_span)
