"""PK202: the description contains `<` or `>`."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    skill_display,
    skill_text,
    string_field,
)
from skillc.package.model import Package, span_at


@rule("PK202", "angle-brackets-in-description", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description contains an angle bracket (`<` or `>`), read as an XML tag.

    ## What it checks
    Whether the parsed `description` contains `<` or `>`; the span points at the first one as
    written (a block scalar's `>` indicator does not count).

    ## Why it matters
    Anthropic's `quick_validate.py` (run before packaging a `.skill`) fails with "Description
    cannot contain angle brackets", and Anthropic's platform documents "Cannot contain XML
    tags" (spec-facts.md §1.2). Catalogs embed descriptions in XML (`<available_skills>`), so
    brackets also confuse clients that do not escape them.

    ## Example
    `description: Converts <table> elements to CSV.`

    ## Fix
    Write the words instead: "Converts HTML tables to CSV."
    """
    found = string_field(pkg, "description")
    if found is None:
        return
    field, value = found
    bracket = next((c for c in value if c in "<>"), None)
    if bracket is None:
        return
    raw = field.raw
    skip = raw.find("\n") + 1 if field.style in ("literal", "folded") else 0
    at = next((i for i in range(skip, len(raw)) if raw[i] in "<>"), -1)
    span = field.value_span
    if at >= 0:
        start = field.value_span.start + at
        span = span_at(skill_display(pkg), skill_text(pkg), start, start + 1)
    message = f"description contains `{bracket}`, which Anthropic's validator rejects as XML"
    yield diagnostic("PK202", message, span=span)
