"""PK114: allowed-tools is not a space-separated string."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    describe,
    kind,
    parsed,
    plain_or_quoted,
    replace_value,
    string_value,
)
from skillc.package.model import Field, Package


@rule("PK114", "invalid-allowed-tools", severity=Severity.ERROR, fix="unsafe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The optional `allowed-tools` field is not a string.

    ## What it checks
    When `allowed-tools` is present, that it is a string: the spec defines it as a
    "space-separated string" of pre-approved tools (`Bash(git:*) Read`). Claude Code and
    GitHub Copilot also accept a YAML list (and Copilot a comma list), so a list works there
    but not in clients that follow the spec. The reference validator does not check this field.

    ## Why it matters
    The field is experimental and support varies; writing it in the spec's form is the only
    way every client that supports it reads the same tools.

    ## Example
    ```yaml
    allowed-tools:
      - Read
      - Grep
    ```

    ## Fix
    `allowed-tools: Read Grep`. The unsafe fix joins a list of single-word tools with spaces.
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("allowed-tools")
    if field is None or string_value(field) is not None:
        return
    field_kind = kind(field)
    what = describe(field_kind, field.raw)
    if field_kind == "sequence":
        message = (
            f"`allowed-tools` is {what}, not a space-separated string "
            "(only Claude Code and GitHub Copilot accept a list)"
        )
    else:
        message = f"`allowed-tools` is {what}, not a space-separated string"
    span = field.key_span if field_kind == "null" else field.value_span
    yield diagnostic("PK114", message, span=span, fix=_join(pkg, field))


def _join(pkg: Package, field: Field) -> Fix | None:
    items = field.value
    if not isinstance(items, list) or not items:
        return None
    if not all(isinstance(i, str) and i and not any(c.isspace() for c in i) for i in items):
        return None
    joined = " ".join(items)
    return Fix(
        message=f"Write the tools as the string `{joined}`",
        applicability=Applicability.UNSAFE,
        edits=(replace_value(pkg, field, plain_or_quoted(joined)),),
    )
