"""PK113: metadata is not a mapping of string keys to string values."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    Entry,
    describe,
    kind,
    nested_entries,
    parsed,
    quote,
    skill_display,
)
from skillc.package.model import Package


@rule("PK113", "invalid-metadata", severity=Severity.ERROR, fix="unsafe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The optional `metadata` field is not a mapping from string keys to string values.

    ## What it checks
    When `metadata` is present: that it is a mapping, and that each key and each value is a
    string under YAML 1.2. `version: 1.0` is a number, `tags: [a, b]` a list, `enabled: true`
    a boolean, `owner:` null: each is reported at the value. The reference validator accepts a
    non-mapping `metadata` and converts every value with `str()` (so `1.10` becomes `"1.1"` and
    a nested mapping becomes its Python repr).

    ## Why it matters
    The spec defines metadata as "a map from string keys to string values"; clients store the
    values as strings, and a typed YAML value comes back altered (`1.10` as `1.1`).

    ## Example
    ```yaml
    metadata:
      version: 1.0
    ```

    ## Fix
    Quote scalar values (`version: "1.0"`): the unsafe fix does so, keeping the text as
    written. Turn lists and nested mappings into strings by hand.
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("metadata")
    if field is None:
        return
    field_kind = kind(field)
    if field_kind == "null":
        yield diagnostic("PK113", "`metadata` is empty, not a mapping", span=field.key_span)
        return
    if field_kind != "mapping":
        message = f"`metadata` is {describe(field_kind, field.raw)}, not a mapping of strings"
        yield diagnostic("PK113", message, span=field.value_span)
        return
    for entry in nested_entries(pkg, field):
        yield from _entry(pkg, entry)


def _entry(pkg: Package, entry: Entry) -> Iterator[Diagnostic]:
    if not isinstance(entry.key, str):
        message = f"`metadata` key `{entry.key}` is not a string"
        yield diagnostic("PK113", message, span=entry.key_span)
    if entry.kind == "string":
        return
    what = describe(entry.kind, entry.raw)
    message = f"`metadata` value `{entry.key}` is {what}, not a string"
    span = entry.value_span if entry.kind != "null" else entry.key_span
    yield diagnostic("PK113", message, span=span, fix=_quote(pkg, entry))


def _quote(pkg: Package, entry: Entry) -> Fix | None:
    if entry.kind in ("null", "mapping", "sequence") or "\n" in entry.raw:
        return None
    edit = Edit(
        path=skill_display(pkg),
        start=entry.value_span.start,
        end=entry.value_span.end,
        replacement=quote(entry.raw.strip()),
    )
    return Fix(
        message=f"Quote the value as the string `{entry.raw.strip()}`",
        applicability=Applicability.UNSAFE,
        edits=(edit,),
    )
