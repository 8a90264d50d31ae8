"""PK115: license is not a string."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import describe, kind, parsed, string_value
from skillc.package.model import Package


@rule("PK115", "invalid-license", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The optional `license` field is not a string.

    ## What it checks
    When `license` is present, that it is a string (a licence name such as `Apache-2.0`, or a
    reference to a bundled file). A list, mapping, number or null is reported. The reference
    validator does not check this field.

    ## Why it matters
    The spec defines `license` as a short string; clients display it as text, and other
    validators (skill-factory, agentskills-tools) reject a list (peers.md §4.4).

    ## Example
    ```yaml
    license:
      - MIT
      - Apache-2.0
    ```

    ## Fix
    `license: MIT OR Apache-2.0`, or `license: Proprietary. LICENSE.txt has complete terms`.
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("license")
    if field is None or string_value(field) is not None:
        return
    field_kind = kind(field)
    span = field.key_span if field_kind == "null" else field.value_span
    yield diagnostic(
        "PK115", f"`license` is {describe(field_kind, field.raw)}, not a string", span=span
    )
