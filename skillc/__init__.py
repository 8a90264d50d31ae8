"""skillc: a compiler for agent skills.

Frontends read guides, repositories and ticket exports into the SSL intermediate representation
(`skillc.ir`); passes (`skillc.passes`) classify, compress and progressively disclose it; backends
(`skillc.compiler.backends`) write Agent Skills packages and reports.
"""

from __future__ import annotations

from skillc.dataclass_code import install as _install_dataclass_code

__version__ = "0.1.0"

_install_dataclass_code()  # before any of skillc's dataclasses is defined
