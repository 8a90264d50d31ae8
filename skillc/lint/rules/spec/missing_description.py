"""PK110: the description is missing, empty or not a string."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import describe, kind, opening_span, parsed, string_value
from skillc.package.model import Package


@rule("PK110", "missing-description", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The required `description` is missing, empty, or not a string.

    ## What it checks
    That the front matter has a `description` whose value is a string with some non-space
    text. Under YAML 1.2 (which the spec's "YAML" means today) `description: 42` is an integer
    and `description: true` a boolean; `description: yes` is a string (see PK210 for YAML 1.1
    parsers). The reference validator reads every scalar as a string, so it accepts the first
    two (docs/lint-vs-reference-validator.md).

    ## Why it matters
    The description is all an agent sees when it decides whether to use the skill; clients
    skip skills without one (the client implementation guide: "missing/empty description ->
    skip").

    ## Example
    ```yaml
    description: ""
    ```

    ## Fix
    Say what the skill does and when to use it: `description: Extracts text and tables from
    PDF files. Use when the user mentions PDFs or forms.`
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("description")
    if field is None:
        yield diagnostic("PK110", "front matter has no `description`", span=opening_span(pkg))
        return
    field_kind = kind(field)
    if field_kind == "null":
        yield diagnostic("PK110", "`description` is empty", span=field.key_span)
        return
    value = string_value(field)
    if value is None:
        message = f"`description` is {describe(field_kind, field.raw)}, not a string"
        yield diagnostic("PK110", message, span=field.value_span)
    elif not value.strip():
        yield diagnostic("PK110", "`description` is empty", span=field.value_span)
