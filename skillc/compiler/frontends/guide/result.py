"""The value every frontend returns: the skills it read and what it noticed.

Why a module of its own: each frontend (Markdown, RST, HTML, repositories, tickets) returns the
same shape, and the driver should not import a particular frontend to name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillc.compiler.frontends.guide.inventory import SourceInventory
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Anchor, Skill
from skillc.ir.span import Span


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontendResult:
    """The skills read from one source (possibly none) and the diagnostics raised reading it.

    ``url`` is the URL the source declares for itself (an HTML page's ``<base href>`` or
    canonical link; an absolute ``http(s)`` URL, else ``""``), for the driver to record as
    `Source.url`: the rewrite-links pass makes links that leave the build absolute against it.
    ``trail`` are the pages above this one in its manual (`Source.trail`), top first, and
    ``trail_titles`` their titles; ``anchors`` the anchors its own links name, with their
    lines (`Source.anchors`).
    ``inventory`` is what a bare parse of the source holds (`inventory.SourceInventory`), for
    verify-no-loss to check the skills against; ``None`` when the frontend took none.
    ``counts`` are what the build report adds up over sources, by name (the tickets
    frontend: tickets read, records skipped, values redacted by type).
    ``names`` are package names this source gives the skills of other sources, as (source
    id, name) pairs: a repository names its README page's skill after the project, as it
    names its own skills (`skillc.compiler.driver.read_sources` applies them).
    """

    skills: tuple[Skill, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    url: str = ""
    trail: tuple[str, ...] = ()
    trail_titles: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    inventory: SourceInventory | None = None
    counts: tuple[tuple[str, int], ...] = ()
    names: tuple[tuple[str, str], ...] = ()


def nesting_flattened(span: Span, limit: int, detail: str = "") -> Diagnostic:
    """The SK070 warning of a page whose content nested deeper than ``limit`` levels is read
    whole but without its deeper nesting; ``detail`` says what became of it, in parentheses."""
    message = f"content nested deeper than {limit} levels is read without the deeper nesting"
    if detail:
        message += f" ({detail})"
    return Diagnostic(
        code="SK070", message=message, severity=Severity.WARNING, span=span, path=span.source
    )
