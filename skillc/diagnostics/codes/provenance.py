"""Codes of verify-no-loss: what the sources hold must be in the output."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING = Severity.ERROR, Severity.WARNING

_FIX = """
    ## Fix
    A bug in skillc: report it with the source. Nothing is written until it is fixed.
"""

register(
    "PV010",
    "code-block-lost",
    ERROR,
    "provenance",
    """A code block the frontends read is changed, or missing from the output.

    ## What it checks
    verify-no-loss compares each emitted code block of the frontends' module with the final
    module (same text), and once more with the rendered files (SKILL.md or the reference file
    its placement names).

    ## Why it matters
    Commands and code are what an agent runs; one lost or altered is a wrong skill. The build
    writes nothing while it reports errors.

    ## Example
    `code block B7 was changed or lost`.
    """
    + _FIX,
)
register(
    "PV011",
    "command-lost",
    ERROR,
    "provenance",
    """A command read from a code block is in no emitted code block any more.

    ## What it checks
    Each step's command taken from an emitted code block must still be held by the block it
    came from or, when that block changed, by some emitted code.

    ## Why it matters
    A step that names a command the skill no longer shows cannot be followed.

    ## Example
    `command 'pip install click' was lost`.
    """
    + _FIX,
)
register(
    "PV012",
    "block-dropped",
    ERROR,
    "provenance",
    """A block the frontends read is gone, without a stated reason.

    ## What it checks
    Every block of the frontends' module is still in the final module, emitted or removed with
    a reason. (Skills left out by select-skills are SK041, not this.)

    ## Why it matters
    Transforms may move or rewrite blocks; one that vanishes is silent loss.

    ## Example
    `block B4 was dropped`.
    """
    + _FIX,
)
register(
    "PV013",
    "split-block-incomplete",
    ERROR,
    "provenance",
    """A table or list split into parts whose parts do not add up to it.

    ## What it checks
    Parts `<id>~1`, `<id>~2`... must be numbered in order, all emitted, of the block's kind,
    and hold every row in order (tables repeating the header in each part).

    ## Why it matters
    A row lost between parts is content lost.

    ## Example
    `block B9 was split, but part 3 is not emitted`.
    """
    + _FIX,
)
register(
    "PV014",
    "source-code-not-read",
    ERROR,
    "provenance",
    """A code block of a source is missing from what its frontend read.

    ## What it checks
    A bare parse of each source (an inventory) is compared with the frontends' blocks: each
    code block of the source must be in them, line by line.

    ## Why it matters
    This checks the frontends themselves: code a frontend skipped never reaches the passes, so
    the later checks cannot see it missing.

    ## Example
    `the source's code block 'make install' is not in what the frontend read`.
    """
    + _FIX,
)
register(
    "PV015",
    "source-words-not-read",
    WARNING,
    "provenance",
    """More of a source's words are missing from what its frontend read than markup explains.

    ## What it checks
    The source's words are counted against the frontends' blocks; missing words beyond a small
    tolerance (a share of the page, and a few words on any page) are reported with the first
    missing ones, at the first line that holds one.

    ## Why it matters
    Prose a frontend dropped is silent loss; counting words is a heuristic, so this is a
    warning.

    ## Example
    `40 of the source's 900 words are not in what the frontend read (first missing: ...)`.

    ## Fix
    Check the page's output for the named words; if they are missing, report it with the source.
    """,
)
