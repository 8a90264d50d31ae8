"""The build's diagnostic codes, one module per family; `skillc.diagnostics.table` loads them.

Families and their ranges (two letters, three digits; a code is never reused, DESIGN.md):

- `ir`: ``SK001``-``SK005`` reading and verifying the IR; ``SC0xx``/``ST0xx``/``LG0xx`` the SSL
  hard rules of the scheduling, structural and logical layers; ``PV001`` a node without
  provenance;
- `input`: ``SK010``-``SK013``, ``SK018`` the command line, input pages and configuration;
  ``SK080``/``SK081`` archives over budget and frontends that crashed;
- `output`: ``SK012``, ``SK014``-``SK017`` the output folder and what is in it;
- `frontends`: ``SK030``/``SK031`` text a frontend kept in a simpler form, ``SK050``-``SK053``
  PDF files, ``SK063`` invisible characters deleted from a page's text, ``SK070`` content
  nested too deep;
- `passes`: ``SK020``-``SK023`` the pass manager, ``SK024`` a listing over its budget,
  ``SK040``-``SK044`` pages and links,
  ``SK060``-``SK062`` what the output carries;
- `provenance`: ``PV010``-``PV015`` verify-no-loss;
- `tool`: ``SK999`` a lint rule that crashed;
- `risk`: ``RK2xx`` the risk scanner's rules (`skillc.scan.rules`).
- `tickets`: ``SK090``-``SK094``, ``SK140`` ticket exports (records skipped, data redacted,
  clusters left out, contradicting steps, a mapped column missing).
- `optimize`: ``PV030``-``PV039`` what ``skillc optimize`` removed, moved, rewrote or rolled
  back; ``SK082``-``SK084`` sentences, tables of contents and phrases it pruned inside
  paragraphs; ``SK160``-``SK163`` its inputs and ``skillc eval-triggers``.
- `project`: ``SK104``-``SK110`` the project file, ``skillc build --check`` (stale skills,
  changed sources, a stale lock), ``skillc init``, risky emitted skills.
- `cache`: ``SK120``-``SK123`` incremental builds: damaged cache entries, hand edits merged or
  in conflict, an executor that cannot be used; ``SK130``-``SK131`` ``skillc cache prune``.

Lint rules (``PK1xx``-``PK3xx``, ``SC1xx``, ``RK1xx``, ``SK1xx``) live in `skillc.lint.codes`.
"""

from __future__ import annotations

CODE_MODULES: tuple[str, ...] = tuple(
    f"skillc.diagnostics.codes.{name}"
    for name in (
        "ir",
        "input",
        "output",
        "frontends",
        "passes",
        "provenance",
        "tool",
        "risk",
        "tickets",
        "optimize",
        "project",
        "cache",
    )
)
