"""One diagnostic type for frontends, passes, the IR reader, the linter and the scanner.

Modelled on ruff's diagnostics (a primary span, related spans, an optional fix with an
applicability) and kept as small as flake8's ``Violation``. Codes are two letters and three
digits; the families are listed in DESIGN.md (``SK`` is the tool itself, ``SC``/``ST``/``LG`` the
three SSL layers, ``PV`` provenance, ``PK`` the package). Every code is registered, with a name,
a severity and documentation, in the code table (`skillc.diagnostics.table`; the build's codes
in `skillc.diagnostics.codes`, lint's rules in `skillc.lint.codes`).

This package is the bottom layer: every other layer reports diagnostics, so it imports nothing
of skillc but itself. The layers run cli -> compiler -> frontends | passes | backends ->
lint | scan -> package -> ir -> diagnostics; `Span` is defined here (`span`) and re-exported by
the IR (`skillc.ir.span`), whose nodes carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from skillc.diagnostics.span import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(StrEnum):
    """Whether a fix may be applied without review (ruff's applicability levels)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """Replace characters ``start:end`` of the decoded text of file ``path`` by ``replacement``."""

    path: str
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """A proposed change: text edits and, at most, one rename of a folder (``old`` -> ``new``)."""

    message: str
    applicability: Applicability = Applicability.SAFE
    edits: tuple[Edit, ...] = ()
    rename: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """A finding: ``code`` and a one-sentence ``message`` naming the offending thing."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    span: Span | None = None
    path: str = ""
    related: tuple[tuple[Span, str], ...] = ()
    fix: Fix | None = None

    def location(self) -> str:
        """``path:line:col`` when the span says, else the path, else ``<input>``."""
        if self.span is not None:
            return self.span.label()
        return self.path or "<input>"

    def render(self) -> str:
        """The one-line text form: ``path:line:col: CODE message``.

        One line whatever the path holds: a file or archive member named ``a\\nb.md`` is shown
        as ``a\\x0ab.md``, so a pipeline reading stderr line by line sees one problem per line.
        """
        return one_line(f"{self.location()}: {self.code} {self.message}")


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F) if c != 0x09}


def one_line(text: str) -> str:
    """``text`` with control characters (newlines included; tabs kept) as ``\\xNN`` escapes."""
    return text.translate(_CONTROL)


class SkillcError(Exception):
    """A usage or input error: the CLI prints its diagnostics and exits with code 2."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(d.render() for d in diagnostics))
        self.diagnostics: tuple[Diagnostic, ...] = diagnostics


def input_problem(
    path: str,
    message: str,
    *,
    code: str = "SK010",
    line: int = 0,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """A diagnostic for bad input at ``path`` (and ``line`` when known)."""
    span = None
    if line > 0:
        span = Span(source=path, line=line, col=1, end_line=line, end_col=1, start=0, end=0)
    return Diagnostic(code=code, message=message, severity=severity, span=span, path=path)


def input_error(path: str, message: str, *, code: str = "SK010", line: int = 0) -> SkillcError:
    """A `SkillcError` for bad input at ``path`` (and ``line`` when known)."""
    return SkillcError(input_problem(path, message, code=code, line=line))
