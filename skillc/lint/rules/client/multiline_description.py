"""PK206: the description is written over several lines or contains line breaks."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import quote, replace_value, string_field
from skillc.package.model import Field, Package

_BLOCK = {"literal": "a literal block scalar (`|`)", "folded": "a folded block scalar (`>`)"}


@rule("PK206", "multiline-description", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description is not a single line, in the file or in its value.

    ## What it checks
    A `description` that is (1) a block scalar (`|`, `>`, `>-`...), (2) a plain or quoted
    scalar spread over several lines of the file, or (3) a string whose value contains line
    breaks other than a final one. One diagnostic per description, naming the first that
    applies.

    ## Why it matters
    Several readers do not implement YAML's multi-line forms: skills.sh showed `>-` instead of
    the text (microsoft/GitHub-Copilot-for-Azure PR #1038), Claude Code skill discovery was
    reported to fail on `>` and `|` descriptions (Jamie-BitFlight/claude_skills PR #12), and
    line-based front-matter readers take only the first line (posit-dev/skills #49: "many
    tools don't respect multiline YAML strings"). Where the value keeps its line breaks, Codex
    collapses whitespace to one line anyway (spec-facts.md §1.7), so they carry no meaning.

    ## Example
    ```yaml
    description: >
      Extracts text and tables from PDF files.
      Use when the user mentions PDFs.
    ```

    ## Fix
    The fix writes the description as one double-quoted line with runs of whitespace
    collapsed to single spaces. It is safe when that string equals the parsed value (a folded
    `>-` or a wrapped plain scalar); otherwise, e.g. when it drops the final line break of `>`
    or the line breaks of `|`, it is unsafe.
    """
    found = string_field(pkg, "description")
    if found is None:
        return
    field, value = found
    if not value.strip():
        return
    reason = _reason(field, value)
    if reason:
        yield diagnostic(
            "PK206", f"description {reason}", span=field.value_span, fix=_fix(pkg, field, value)
        )


def _reason(field: Field, value: str) -> str:
    lines = field.raw.rstrip().count("\n") + 1
    if field.style in _BLOCK:
        return f"is {_BLOCK[field.style]} over {lines - 1} lines"
    if lines > 1:
        return f"spans {lines} lines of the file"
    if "\n" in value.rstrip("\n"):
        return "contains line breaks"
    return ""


def _fix(pkg: Package, field: Field, value: str) -> Fix:
    one_line = " ".join(value.split())
    safe = one_line == value
    return Fix(
        message="Write the description on one line",
        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        edits=(replace_value(pkg, field, quote(one_line)),),
    )
