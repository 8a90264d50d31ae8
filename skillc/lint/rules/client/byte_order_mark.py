"""PK208: SKILL.md starts with a UTF-8 byte order mark."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import line_span
from skillc.package.model import Package


@rule("PK208", "byte-order-mark", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """SKILL.md begins with a UTF-8 byte order mark (BOM) before its `---`.

    ## What it checks
    Whether the file's first bytes are `EF BB BF`. skillc reads past it (YAML allows a BOM at
    the start of a stream), so the spec rules judge the front matter behind it.

    ## Why it matters
    The reference validator and Anthropic's `quick_validate.py` read the file with the BOM as
    its first character, so `content.startswith("---")` fails and they report that the front
    matter is missing; skill-factory, agentskills-tools and skill-forge reject it too
    (peers.md §4.4: only amagi-skill-lint accepts it). Windows editors add a BOM silently.

    ## Example
    A SKILL.md saved by Notepad as "UTF-8 with BOM".

    ## Fix
    Save the file as UTF-8 without BOM.
    """
    file = pkg.skill_file
    if file is None or not file.has_bom:
        return
    message = (
        "SKILL.md starts with a UTF-8 byte order mark, so other validators find no front matter"
    )
    span = line_span(pkg, 1) if file.text is not None else None
    if span is None:
        yield diagnostic("PK208", message, path=file.display)
    else:
        yield diagnostic("PK208", message, span=span)
