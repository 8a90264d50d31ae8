"""Lint rules of the routing family; `MODULES` lists them, one rule per module.

What makes a description route well: a trigger clause (SC101), third person (SC102), specifics
(SC103), the use case up front (SC104) and no near-twin in the same tree (SC105).
`_description` holds the helpers they share; it is not a rule module.
"""

from __future__ import annotations

MODULES: tuple[str, ...] = (
    "skillc.lint.rules.routing.missing_trigger",
    "skillc.lint.rules.routing.personal_description",
    "skillc.lint.rules.routing.boilerplate_description",
    "skillc.lint.rules.routing.late_trigger",
    "skillc.lint.rules.routing.similar_descriptions",
)
