"""PK201: the skill name contains a word Anthropic reserves."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import string_field
from skillc.package.model import Package

_RESERVED = ("anthropic", "claude")


@rule("PK201", "reserved-word-in-name", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill name contains `anthropic` or `claude`.

    ## What it checks
    Whether `name` contains either reserved word, in any letter case.

    ## Why it matters
    Anthropic's platform documents "Cannot contain reserved words: 'anthropic', 'claude'" for
    skill names (spec-facts.md §1.2): uploads to claude.ai and the Skills API may reject the
    skill. The open spec has no such rule, and enforcement varies by surface (Anthropic's own
    repository ships `claude-api`), hence a warning.

    ## Example
    `name: claude-pdf-helper`

    ## Fix
    Name the skill after what it does: `pdf-helper`.
    """
    found = string_field(pkg, "name")
    if found is None:
        return
    field, value = found
    lowered = value.lower()
    for word in _RESERVED:
        if word in lowered:
            message = f"skill name `{value}` contains `{word}`, a word Anthropic reserves"
            yield diagnostic("PK201", message, span=field.value_span)
