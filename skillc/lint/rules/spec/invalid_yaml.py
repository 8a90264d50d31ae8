"""PK103: the front matter is not valid YAML."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import opening_span
from skillc.package.model import Package


@rule("PK103", "invalid-yaml", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The front matter does not parse as YAML.

    ## What it checks
    That the text between the `---` lines is valid YAML, reported at the parser's line and
    column. The most common cause is an unquoted value containing `: `, such as
    `description: Use when: the user asks`; PK203 points at such values and offers a fix.

    ## Why it matters
    Clients that cannot parse the front matter skip the skill, often silently (Codex, `npx
    skills`); the reference validator reports "Invalid YAML in frontmatter".

    ## Example
    ```yaml
    description: Use this skill when: the user uploads a PDF
    ```

    ## Fix
    Quote the value (`description: "Use this skill when: the user uploads a PDF"`) or fix the
    syntax the message names.
    """
    fm = pkg.front_matter
    if pkg.skill_file is None or pkg.skill_file.text is None or not fm.error:
        return
    span = fm.error_span or opening_span(pkg)
    yield diagnostic("PK103", f"front matter is not valid YAML: {fm.error}", span=span)
