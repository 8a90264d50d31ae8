"""PK102: SKILL.md does not start with a closed front-matter block."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import line_span, opening_span, short
from skillc.package.model import Package


@rule("PK102", "missing-front-matter", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """SKILL.md does not start with YAML front matter, or the front matter is not closed.

    ## What it checks
    That the first line of SKILL.md is `---` and that a later line is exactly `---` (trailing
    spaces allowed), closing the block. A UTF-8 byte order mark before the first `---` is
    tolerated here and reported by PK208.

    ## Why it matters
    The spec requires the front matter (`name`, `description`) at the top of SKILL.md; clients
    that find none skip the skill. The reference validator reports "SKILL.md must start with
    YAML frontmatter (---)" or "frontmatter not properly closed with ---".

    ## Example
    ```markdown
    # PDF tools
    ---
    name: pdf-tools
    ```

    ## Fix
    Put `---` on line 1, the keys after it, and a closing `---` line before the body.
    """
    file = pkg.skill_file
    if file is None or file.text is None:
        return
    fm = pkg.front_matter
    if not fm.present:
        yield diagnostic("PK102", _absent_message(file.text), span=line_span(pkg, 1))
    elif not fm.closed:
        yield diagnostic(
            "PK102",
            "front matter opened by `---` on line 1 is not closed by a `---` line",
            span=opening_span(pkg),
        )


def _absent_message(text: str) -> str:
    lines = text.split("\n")
    later = next((n for n, line in enumerate(lines, 1) if line.rstrip("\r \t") == "---"), 0)
    if later > 1 and not "".join(lines[: later - 1]).strip():
        return f"front matter must start on line 1, but its `---` is on line {later}"
    first = lines[0].rstrip("\r") if lines else ""
    if not first.strip():
        return "SKILL.md does not start with `---` front matter (line 1 is blank)"
    return f"SKILL.md does not start with `---` front matter (line 1 is `{short(first)}`)"
