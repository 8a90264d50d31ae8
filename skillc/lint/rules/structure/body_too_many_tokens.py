"""PK302: the SKILL.md body is longer than 5,000 tokens."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.package.model import Package, span_at

MAX_BODY_TOKENS = 5000


@rule("PK302", "body-too-many-tokens", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The SKILL.md body has more than 5,000 tokens.

    ## What it checks
    The body's token count with OpenAI's cl100k_base encoding (`skillc.tokens`; text such as
    `<|endoftext|>` counts as plain text) against the spec's "< 5000 tokens recommended" for
    the instructions tier. The spec names no tokenizer; cl100k is exact, offline and
    reproducible. A body of at most 5,000 UTF-8 bytes is never counted (a token is at least
    one byte), so most skills never load the tokenizer, and a body counted before is not
    counted again (a cache keyed by its content). The span starts where the budget runs out.

    ## Why it matters
    The body is loaded whole on every activation; a long one crowds out the user's task and
    the other skills. Line counts (PK301) miss bodies of few, very long lines.

    ## Example
    A 300-line SKILL.md whose lines are long tables of parameters.

    ## Fix
    Move detail into `references/*.md` and keep the procedure in SKILL.md.
    """
    file = pkg.skill_file
    if file is None or file.text is None:
        return
    body = pkg.body
    if len(body.encode("utf-8")) <= MAX_BODY_TOKENS:
        return
    count, covered = _measure(body)
    if count <= MAX_BODY_TOKENS:
        return
    start = pkg.body_offset + covered
    end = file.text.find("\n", start)
    end = len(file.text) if end < 0 else end - file.text.endswith("\r", 0, end)
    message = f"SKILL.md body is {count} tokens (limit {MAX_BODY_TOKENS})"
    yield diagnostic("PK302", message, span=span_at(file.display, file.text, start, end))


def _measure(text: str) -> tuple[int, int]:
    """The body's token count and the characters its first 5,000 tokens cover (imported here:
    the tokenizer loads only for long bodies, and not at all when `skillc.tokens` has the
    answer cached for this text)."""
    from skillc.tokens import measure

    return measure(text, MAX_BODY_TOKENS)
