"""PK207: the skill name matches its folder name only after Unicode normalisation."""

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


@rule("PK207", "name-folder-nfkc-mismatch", severity=Severity.WARNING, fix="unsafe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill name equals the folder name only after NFKC normalisation.

    ## What it checks
    A valid `name` that differs from the folder name character for character but equals it
    once both are NFKC-normalised, e.g. a folder named with fullwidth letters (`ｐｄｆ`) or a
    ligature. This is the case the reference validator accepts (it compares NFKC forms) and
    PK109 therefore leaves alone.

    ## Why it matters
    Clients that take the skill's name from its folder (Claude Code uses the directory name
    when `name` is absent; installers copy folders) see a different string than clients that
    read `name`, so lookups by name fail on one side. The spec asks for the name to match the
    directory name, with no mention of normalisation.

    ## Example
    Folder `ｐｄｆ-tools/` holding `name: pdf-tools`.

    ## Fix
    The unsafe fix renames the folder to the name.
    """
    found = string_field(pkg, "name")
    if found is None:
        return
    field, value = found
    if not NAME_RE.match(value) or value == pkg.dir_name:
        return
    if unicodedata.normalize("NFKC", pkg.dir_name) != value:
        return  # PK109
    rename = folder_rename(pkg, value)
    fix = None
    if rename is not None:
        fix = Fix(
            message=f"Rename the folder to `{value}`",
            applicability=Applicability.UNSAFE,
            rename=rename,
        )
    message = f"skill name `{value}` matches its folder name `{pkg.dir_name}` only after NFKC"
    yield diagnostic("PK207", message, span=field.value_span, fix=fix)
