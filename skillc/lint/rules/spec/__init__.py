"""Lint rules of the spec family (PK1xx, errors); `MODULES` lists them, one rule per module.

Together they cover every check of the reference validator (skills-ref 0.1.1), reading the spec
strictly where the two differ (docs/lint-vs-reference-validator.md). ``_values`` holds shared
helpers and is not a rule module.
"""

from __future__ import annotations

MODULES: tuple[str, ...] = tuple(
    f"skillc.lint.rules.spec.{name}"
    for name in (
        "missing_skill_md",  # PK101
        "missing_front_matter",  # PK102
        "invalid_yaml",  # PK103
        "front_matter_not_mapping",  # PK104
        "unexpected_key",  # PK105
        "missing_name",  # PK106
        "invalid_skill_name",  # PK107
        "name_too_long",  # PK108
        "name_folder_mismatch",  # PK109
        "missing_description",  # PK110
        "description_too_long",  # PK111
        "invalid_compatibility",  # PK112
        "invalid_metadata",  # PK113
        "invalid_allowed_tools",  # PK114
        "invalid_license",  # PK115
        "duplicate_key",  # PK116
    )
)
