"""PK111: the description is longer than 1024 characters."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import MAX_DESCRIPTION, string_field
from skillc.package.model import Package


@rule("PK111", "description-too-long", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description has more than 1024 characters.

    ## What it checks
    The length of the parsed `description` string in characters (Unicode code points),
    including any line break a block scalar keeps, exactly as the reference validator counts.

    ## Why it matters
    The spec limits descriptions to 1-1024 characters; the reference validator,
    `quick_validate.py` and Codex's loader reject longer ones, and catalogs truncate them
    (Claude Code at 1,536 characters with `when_to_use`).

    ## Example
    A description that lists every feature of the library.

    ## Fix
    Keep what the skill does and when to use it; move details into the body.
    """
    found = string_field(pkg, "description")
    if found is None:
        return
    field, value = found
    if len(value) <= MAX_DESCRIPTION:
        return
    message = f"description is {len(value)} characters long, more than {MAX_DESCRIPTION}"
    yield diagnostic("PK111", message, span=field.value_span)
