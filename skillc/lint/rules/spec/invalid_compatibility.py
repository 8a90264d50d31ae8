"""PK112: compatibility is not a 1-500 character string."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import MAX_COMPATIBILITY, describe, kind, parsed, string_value
from skillc.package.model import Package


@rule("PK112", "invalid-compatibility", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The optional `compatibility` field is not a string of 1-500 characters.

    ## What it checks
    When `compatibility` is present: that it is a string (not a list, mapping, number or null),
    not empty, and at most 500 characters long. The reference validator checks the type and the
    maximum but accepts an empty value; the spec says "1-500 characters if provided".

    ## Why it matters
    Clients show the field to explain what a skill needs (a product, system packages, network
    access); a value of another shape is dropped or rejected (`quick_validate.py`: "Compatibility
    must be a string").

    ## Example
    ```yaml
    compatibility:
      - python3
      - poppler-utils
    ```

    ## Fix
    Write one short sentence: `compatibility: Requires Python 3.11+ and poppler-utils.` or
    remove the key (most skills do not need it).
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("compatibility")
    if field is None:
        return
    field_kind = kind(field)
    value = string_value(field)
    if field_kind == "null":
        yield diagnostic("PK112", "`compatibility` is empty", span=field.key_span)
    elif value is None:
        message = f"`compatibility` is {describe(field_kind, field.raw)}, not a string"
        yield diagnostic("PK112", message, span=field.value_span)
    elif not value.strip():
        yield diagnostic("PK112", "`compatibility` is empty", span=field.value_span)
    elif len(value) > MAX_COMPATIBILITY:
        message = f"`compatibility` is {len(value)} characters long, more than {MAX_COMPATIBILITY}"
        yield diagnostic("PK112", message, span=field.value_span)
