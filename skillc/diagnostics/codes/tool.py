"""Codes of skillc itself failing."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

register(
    "SK999",
    "internal-error",
    Severity.ERROR,
    "tool",
    """A lint rule raised while checking a package.

    ## What it checks
    `skillc lint` runs each rule guarded: a rule that raises is reported with its code, name
    and the exception, the other rules' findings are still reported, and the run exits 2.

    ## Why it matters
    One broken rule must not hide every other finding in a traceback.

    ## Example
    `rule PK110 (invalid-metadata) crashed: KeyError: 'x'`.

    ## Fix
    A bug in skillc: report it with the package; `--ignore` the rule meanwhile.
    """,
)
