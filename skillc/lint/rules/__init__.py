"""Lint rules, one per module, grouped by family (spec, client, structure, routing, hygiene).

Each family package lists its modules in ``MODULES``; `RULE_MODULES` joins them in a fixed
order and `skillc.lint.codes.load_rules` imports them. Add a new rule's module to its family's
``MODULES``.
"""

from __future__ import annotations

from skillc.lint.rules import client, hygiene, routing, spec, structure

RULE_MODULES: tuple[str, ...] = (
    *spec.MODULES,
    *client.MODULES,
    *structure.MODULES,
    *routing.MODULES,
    *hygiene.MODULES,
    "skillc.lint.suppress",  # SK101-SK103: produced by the engine, documented like rules
)
