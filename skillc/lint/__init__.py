"""skillc lint: a spec-exact, fast, offline linter for Agent Skills packages.

The package model (`skillc.package`) is what rules see, read from a folder or built in memory by
the backend (`engine.lint_packages` lints those without writing them); the rule table
(`codes`) lists every rule, one module each under `rules/`; `engine` runs them, applies
configuration (`config`) and suppressions (`suppress`); `render` writes text, full, json, sarif
and github output. Imports stay lazy so the pre-commit hook starts fast.
"""
