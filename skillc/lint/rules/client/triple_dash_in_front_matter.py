"""PK204: `---` inside the front matter, where the reference validator cuts it."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    quote,
    replace_value,
    skill_display,
    skill_text,
    string_value,
)
from skillc.package.model import Package, span_at


@rule("PK204", "triple-dash-in-front-matter", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The front matter contains `---` (in a value, a key or a comment).

    ## What it checks
    The first `---` between the opening and the closing delimiter lines.

    ## Why it matters
    The reference validator splits SKILL.md on the first two `---` anywhere in the text
    (`content.split("---", 2)`), not on delimiter lines. A `---` inside a value ends its front
    matter there: `description: before --- after` is silently read as `before`, and every key
    after it is lost, so a required key may go "missing" (peers.md §4.4).

    ## Example
    ```yaml
    description: Converts Markdown --- including tables --- to HTML.
    ```

    ## Fix
    Use a dash or a comma. When the `---` is in a string value the safe fix re-quotes the
    value with the dashes escaped (`-\\u002d\\u002d`), which every YAML parser reads back as
    the same string.
    """
    fm = pkg.front_matter
    if pkg.skill_file is None or pkg.skill_file.text is None or not fm.closed:
        return
    found = fm.text.find("---")
    if found < 0:
        return
    start = fm.offset + found
    span = span_at(skill_display(pkg), skill_text(pkg), start, start + 3)
    message = (
        f"`---` on line {span.line} of the front matter: the reference validator ends the"
        " front matter there and ignores the rest"
    )
    yield diagnostic("PK204", message, span=span, fix=_fix(pkg, start))


def _fix(pkg: Package, start: int) -> Fix | None:
    if pkg.front_matter.error:
        return None
    for field in pkg.front_matter.fields:
        value = string_value(field)
        inside = field.value_span.start <= start < field.value_span.end
        if inside and value is not None and isinstance(field.value, str):
            return Fix(
                message=f"Re-quote `{field.key}` with the dashes escaped",
                applicability=Applicability.SAFE,
                edits=(replace_value(pkg, field, quote(value)),),
            )
    return None
