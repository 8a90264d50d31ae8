"""The commented starting file ``skillc init`` writes (never over an existing file).

Why commented rather than minimal: it is where a team learns the keys; every key shown is one
`skillc.compiler.project.load` accepts, and a test loads this text to keep the two in step.
"""

from __future__ import annotations

TEMPLATE = """\
# skillc project: `skillc build` with no arguments builds every [[output]] below.
# Paths are relative to this file's folder. Command-line flags override these settings.

[build]
# Defaults for every output (an [[output]] may set any of them again).
# pipeline = "O1"            # O0 names only, O1 full compile, Os size-optimised
# jobs = 0                   # processes reading the sources (0: one per CPU)
# archive = false            # also write <name>.skill zip archives beside the skill folders
# index = "auto"             # the catalogue skill: auto (from 5 skills), always, never
# pages = "all"              # all, or tasks (pages with steps only)
# group = "auto"             # skills' grain: auto (chapters, folded into parts while the
#                            # listing is over listing-budget), page, chapter or manual
# listing-budget = 8000      # tokens the skills' names and descriptions may take (auto)
# disable = []               # passes to leave out
# cache-dir = ".skillc-cache" # the incremental cache (safe to delete)
# fail-on = "malicious"      # risk verdict that fails the risk report: malicious, suspicious, never
# report = ""                # a build report (.json, .sarif or .md) written after each build
# risk-report = ""           # the risk report (JSON) of the emitted skills

[[output]]
name = "docs"                # what `--target docs` builds
out = "skills"               # the output folder (skills.lock records what skillc wrote there)
sources = ["docs"]           # paths or globs: guides, repositories, ticket exports, skills
# name-prefix = "myproject"  # starts every skill name
# base-url = "https://example.org/docs/"  # where the sources are published
# library-name = "My project"

# A source may also be a table: its kind is checked, ticket exports take a field mapping,
# and it may set options of its own (changing one rebuilds only what depends on it):
#   pages = "1-40,55"        PDF pages to read (a range the document lacks is an error)
#   base-url = "https://..." where its pages are published: links to pages not emitted
#                            become absolute URLs on it (a page's own canonical URL wins)
#   name-prefix = "tool"     starts the names of its skills (instead of the output's)
# [[output]]
# name = "support"
# out = "support-skills"
# sources = [
#   { path = "exports/*.json", kind = "tickets", fields = { title = "summary" } },
#   { path = "manual.pdf", pages = "1-40,55", name-prefix = "manual" },
#   { path = "guide", base-url = "https://example.org/guide/" },
# ]

# [lint]                     # `skillc lint` settings (see `skillc rules`)
# select = ["PK", "SC", "RK", "SK"]
# ignore = []
# fail-on = "error"
"""
