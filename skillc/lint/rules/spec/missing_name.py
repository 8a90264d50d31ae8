"""PK106: the front matter has no name, or an empty one."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import kind, opening_span, parsed, string_value
from skillc.package.model import Package


@rule("PK106", "missing-name", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The required `name` field is missing or empty.

    ## What it checks
    That the front matter has a `name` key whose value is not null, `""` or only whitespace.
    A `name` of another type (a number, a list) is reported by PK107.

    ## Why it matters
    `name` is required by the spec; it identifies the skill and must equal its folder name.
    The reference validator reports "Missing required field in frontmatter: name" or "Field
    'name' must be a non-empty string". (Anthropic's `quick_validate.py` accepts an empty name:
    peers.md §4.4.)

    ## Example
    ```yaml
    ---
    name:
    description: Extracts text from PDF files. Use when the user mentions PDFs.
    ---
    ```

    ## Fix
    Set `name` to the folder name, e.g. `name: pdf-tools`.
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("name")
    if field is None:
        yield diagnostic("PK106", "front matter has no `name`", span=opening_span(pkg))
        return
    if kind(field) == "null":
        yield diagnostic("PK106", "`name` is empty", span=field.key_span)
        return
    value = string_value(field)
    if value is not None and not value.strip():
        yield diagnostic("PK106", "`name` is empty", span=field.value_span)
