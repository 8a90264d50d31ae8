"""PK209: the front matter has CRLF line ends."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import line_span, skill_text
from skillc.package.model import Package


@rule("PK209", "crlf-front-matter", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The front matter of SKILL.md uses Windows (CRLF) line ends.

    ## What it checks
    Whether a `\\r\\n` line end occurs in the front matter, from the opening `---` to the
    closing one. Reported once, at the first such line.

    ## Why it matters
    Anthropic's `quick_validate.py`, run before packaging a `.skill`, finds the front matter
    with `re.match(r'^---\\n(.*?)\\n---', content)`: with CRLF the opening line is `---\\r`,
    the pattern fails, and it reports "Invalid frontmatter format" (spec-facts.md §1.2).
    skillc and the reference validator accept CRLF.

    ## Example
    A SKILL.md committed from Windows with `core.autocrlf=false`.

    ## Fix
    Convert the file to LF line ends (`dos2unix SKILL.md`, or a `.gitattributes` rule
    `SKILL.md text eol=lf`).
    """
    fm = pkg.front_matter
    text = skill_text(pkg)
    if not text or not fm.present:
        return
    end = fm.span.end if fm.span is not None else len(text)
    crlf = text.find("\r\n", 0, end + 1)
    if crlf < 0:
        return
    line = text.count("\n", 0, crlf) + 1
    message = "front matter has CRLF line ends, which Anthropic's quick_validate rejects"
    yield diagnostic("PK209", message, span=line_span(pkg, line))
