"""The code table: every diagnostic code skillc reports, with its name, severity and documentation.

DESIGN.md: "One code table holds every diagnostic code (build, pass, lint, risk)". Codes the
build reports (the IR reader and verifier, input gathering, frontends, passes, output writing,
the linter's own usage errors) are registered here by the modules of `skillc.diagnostics.codes`,
one per family; lint rules register in `skillc.lint.codes` with the same fields (`RuleInfo`
extends `CodeInfo`), and `skillc.lint.codes.all_codes` joins both for ``skillc rules`` and the
renderers. A test holds the tables to the sources: every code literal in ``skillc/`` is
registered, every registered code is used, and no code is registered twice.

Why the emitting code keeps its literal (``code="SK041"``) rather than a constant from here: the
literal is what a reader greps for, and the test above keeps both sides honest.

Documentation uses the lint rules' four headings (``## What it checks``, ``## Why it matters``,
``## Example``, ``## Fix``), after a one-line summary; `skillc rules CODE` prints it.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass

from skillc.diagnostics import Severity

#: The headings every code's documentation has, in this order.
HEADINGS: tuple[str, ...] = ("What it checks", "Why it matters", "Example", "Fix")


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInfo:
    """A registered code: ``name`` is kebab-case and reads as the problem it names.

    ``severity`` is the one the code is reported with (a few build codes vary it, as the
    documentation says). ``fix`` is ``safe``, ``unsafe`` or ``""`` (only lint rules have fixes).
    """

    code: str
    name: str
    severity: Severity
    family: str = ""
    doc: str = ""
    fix: str = ""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


#: Every build code, keyed by code; filled by `register` as the family modules are imported.
CODES: dict[str, CodeInfo] = {}


def register(code: str, name: str, severity: Severity, family: str, doc: str) -> CodeInfo:
    """Add ``code`` to `CODES` and return its entry; a code registered twice is a bug.

    >>> register("XX000", "example", Severity.INFO, "doctest", "An example.").summary
    'An example.'
    >>> del CODES["XX000"]
    """
    if code in CODES:
        raise ValueError(f"diagnostic code {code} is registered twice")
    info = CodeInfo(
        code=code, name=name, severity=severity, family=family, doc=inspect.cleandoc(doc)
    )
    CODES[code] = info
    return info


def load_codes() -> Mapping[str, CodeInfo]:
    """Import every family module and return the build codes, keyed by code."""
    from skillc.diagnostics.codes import CODE_MODULES

    for module in CODE_MODULES:
        importlib.import_module(module)
    return CODES
