"""Pipeline presets: named lists of the transforms a build runs (``skillc build -O1``).

Presets are data, as in markdown-it-py's ``presets/``: each one names the passes it asks for, in
the order it prefers; `skillc.passes.manager.plan` adds what they ``require`` and sorts the result
topologically, so a preset never has to list a dependency or get the order exactly right.
Analyses are never listed here: they are computed when a transform asks for them.

- ``O0``: the least a package needs to be valid: ``normalize-names`` (the spec's name rules
  and unique folder names) and ``compress-description`` (the spec requires a description,
  which a page does not carry); the body is emitted as the frontend read it.
- ``O1``: the default build. Skips pages with no procedure (reported, not dropped silently),
  merges pages with the same content, folds pages into chapter or manual skills when
  asked (``--group``), classifies every block, writes a spec-valid description,
  adds an index skill that routes to the others, points links at the emitted files,
  moves what does not fit the body budget to ``references/``, warns about secrets and host
  paths the sources carry into the output, and checks that no command or code block was lost
  on the way.
- ``Os``: optimise for size (the ``-Os`` of C compilers): ``O1`` plus ``compress-body``
  (duplicates, preambles and empty sections removed; background, long examples and templates
  moved to ``references/`` before progressive disclosure weighs the body). Opt-in: the
  default build and ``make demo`` stay ``O1``.
"""

from __future__ import annotations

_O0: tuple[str, ...] = ("normalize-names", "compress-description")

_O1: tuple[str, ...] = (
    "normalize-names",
    "select-skills",
    "merge-duplicates",
    "group-pages",
    "classify-content",
    "compress-description",
    "library-index",
    "rewrite-links",
    "progressive-disclosure",
    "report-leaks",
    "verify-no-loss",
)

_OS: tuple[str, ...] = (
    "normalize-names",
    "select-skills",
    "merge-duplicates",
    "group-pages",
    "classify-content",
    "compress-body",
    "compress-description",
    "library-index",
    "rewrite-links",
    "progressive-disclosure",
    "report-leaks",
    "verify-no-loss",
)

#: The presets by name. Treat as read-only; build a custom pipeline as a tuple of pass names.
PIPELINES: dict[str, tuple[str, ...]] = {"O0": _O0, "O1": _O1, "Os": _OS}

#: The preset ``skillc build`` uses when no ``-O`` option is given.
DEFAULT_PIPELINE = "O1"
