"""Lint rules of the structure family; `MODULES` lists them, one rule per module.

Body budgets (PK301-PK302), reference layout (PK303-PK304), links (PK305-PK306), what the agent
can find (PK307-PK308) and host paths (PK309). `_links` holds the link and reach helpers they
share; it is not a rule module.
"""

from __future__ import annotations

MODULES: tuple[str, ...] = (
    "skillc.lint.rules.structure.body_too_long",
    "skillc.lint.rules.structure.body_too_many_tokens",
    "skillc.lint.rules.structure.nested_reference",
    "skillc.lint.rules.structure.missing_table_of_contents",
    "skillc.lint.rules.structure.broken_link",
    "skillc.lint.rules.structure.link_leaves_package",
    "skillc.lint.rules.structure.unreferenced_file",
    "skillc.lint.rules.structure.unlisted_script",
    "skillc.lint.rules.structure.host_path",
)
