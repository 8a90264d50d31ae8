"""PK210: a string value that YAML 1.1 parsers read as a boolean, number or date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.ir.span import Span
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import kind, nested_entries, parsed, quote, skill_display
from skillc.package.model import Package

#: Top-level fields whose value the spec defines as a string.
_STRING_FIELDS = ("name", "description", "license", "compatibility", "allowed-tools")


@rule("PK210", "yaml11-typed-value", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """An unquoted string value that YAML 1.1 parsers read as a boolean, number or date.

    ## What it checks
    Plain scalars in the spec's string fields (`name`, `description`, `license`,
    `compatibility`, `allowed-tools`) and in `metadata` values that are strings under YAML 1.2
    but typed under YAML 1.1: `yes`/`no`/`on`/`off`, dates (`2024-01-01`), numbers with
    underscores (`1_000`), base-60 numbers (`1:30`).

    ## Why it matters
    The spec rules read the front matter as YAML 1.2, like the reference validator (which reads
    every scalar as a string). PyYAML implements YAML 1.1: Anthropic's `quick_validate.py`
    loads `description: yes` as `True` and fails with "Description must be a string, got
    bool"; other Python clients get a `date` object where a string was meant.

    ## Example
    ```yaml
    metadata:
      released: 2024-05-01
    ```

    ## Fix
    Quote the value (`released: "2024-05-01"`). The fix is safe: YAML 1.2 readers get the same
    string, YAML 1.1 readers now get a string too.
    """
    if not parsed(pkg):
        return
    for key in _STRING_FIELDS:
        field = pkg.front_matter.get(key)
        if field is None or field.style != "plain" or kind(field) != "string":
            continue
        if not isinstance(field.value, str):
            yield _report(pkg, f"`{key}` value", field.raw, field.value, field.value_span)
    metadata = pkg.front_matter.get("metadata")
    if metadata is None or kind(metadata) != "mapping":
        return
    for entry in nested_entries(pkg, metadata):
        plain = not entry.raw.startswith(("'", '"', "|", ">"))
        if entry.kind == "string" and plain and not isinstance(entry.value, str):
            yield _report(
                pkg, f"`metadata` value `{entry.key}`", entry.raw, entry.value, entry.value_span
            )


def _report(pkg: Package, what: str, raw: str, value: Any, span: Span) -> Diagnostic:
    written = raw.strip()
    message = f"{what} `{written}` is {_yaml11_kind(value)} to YAML 1.1 parsers such as PyYAML"
    edit = Edit(path=skill_display(pkg), start=span.start, end=span.end, replacement=quote(written))
    fix = Fix(message=f"Quote `{written}`", applicability=Applicability.SAFE, edits=(edit,))
    return diagnostic("PK210", message, span=span, fix=fix)


def _yaml11_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"
