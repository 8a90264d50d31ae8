"""PK301: the SKILL.md body is longer than 500 lines."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.package.model import Package, span_at

MAX_BODY_LINES = 500


@rule("PK301", "body-too-long", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The SKILL.md body has more than 500 lines.

    ## What it checks
    The number of lines of the body (everything after the front matter's closing `---`); a
    final line without a line break counts. The span is the first line past the limit.

    ## Why it matters
    The whole body enters the context window each time the skill activates. The spec and
    Anthropic's best practices both say to keep SKILL.md under 500 lines and to move detail into
    reference files the agent reads only when needed.

    ## Example
    A SKILL.md that pastes a full API reference below its instructions.

    ## Fix
    Keep the procedure in SKILL.md; move reference material, long examples and background to
    `references/*.md`, each linked with a line saying when to read it.
    """
    file = pkg.skill_file
    if file is None or file.text is None:
        return
    body = pkg.body
    lines = body.count("\n") + (1 if body and not body.endswith("\n") else 0)
    if lines <= MAX_BODY_LINES:
        return
    start = pkg.body_offset
    for _ in range(MAX_BODY_LINES):
        start = file.text.index("\n", start) + 1
    end = file.text.find("\n", start)
    end = len(file.text) if end < 0 else end - file.text.endswith("\r", 0, end)
    message = f"SKILL.md body is {lines} lines (limit {MAX_BODY_LINES})"
    yield diagnostic("PK301", message, span=span_at(file.display, file.text, start, end))
