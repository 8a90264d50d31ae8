"""skillc: a compiler for agent skills.

Frontends read guides, repositories and ticket exports into the SSL intermediate representation
(`skillc.ir`); passes (`skillc.passes`) classify, compress and progressively disclose it; backends
(`skillc.compiler.backends`) write Agent Skills packages and reports.
"""

from __future__ import annotations

__version__ = "0.1.0"
