"""Lint rules of the hygiene family; `MODULES` lists them, one rule per module.

Secrets (RK101) and hidden Unicode (RK102). Their detectors live in `skillc.lint.detect`, which
the risk scanner shares.
"""

from __future__ import annotations

MODULES: tuple[str, ...] = (
    "skillc.lint.rules.hygiene.secret",
    "skillc.lint.rules.hygiene.hidden_unicode",
)
