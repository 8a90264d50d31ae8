"""PK116: a front-matter key appears more than once."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import parsed
from skillc.package.model import Field, Package


@rule("PK116", "duplicate-key", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A top-level front-matter key is written twice.

    ## What it checks
    Every repeated top-level key, reported at each repetition with the line of the first one.

    ## Why it matters
    YAML requires unique keys, but many parsers (PyYAML among them) silently keep the last
    value while others keep the first or fail; the reference validator (strictyaml) rejects
    the file. Two `description` lines usually mean an edit went wrong.

    ## Example
    ```yaml
    name: pdf-tools
    description: Extracts text from PDF files.
    description: Fills PDF forms.
    ```

    ## Fix
    Keep one of the values.
    """
    if not parsed(pkg):
        return
    first: dict[str, Field] = {}
    for field in pkg.front_matter.fields:
        earlier = first.setdefault(field.key, field)
        if earlier is field:
            continue
        line = earlier.key_span.line
        message = f"duplicate front-matter key `{field.key}` (first set on line {line})"
        yield diagnostic(
            "PK116", message, span=field.key_span, related=((earlier.key_span, "first set here"),)
        )
