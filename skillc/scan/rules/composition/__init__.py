"""Cross-skill composition rules: what several skills do together that none does alone.

These rules do not read one package (`ScanContext`) but the `skillc.scan.traces.Traces` of
every skill of a scan, in path order, and yield ``(index, finding)`` pairs: the finding goes to
the skill at ``index``, with related locations in the others, so each skill's report holds its
own part of the evidence. `skillc.scan.compose` runs them after every package was scanned.
"""

from __future__ import annotations

from collections.abc import Iterable

from skillc.diagnostics import Diagnostic
from skillc.diagnostics.span import Span
from skillc.scan.model import Channel, Finding, RuleMeta, channel_severity
from skillc.scan.traces import Place


def found_at(
    meta: RuleMeta,
    place: Place,
    message: str,
    channel: Channel,
    related: Iterable[tuple[Span, str]],
) -> Finding:
    """A finding of ``meta`` at ``place`` (a trace of one skill)."""
    diagnostic = Diagnostic(
        code=meta.code,
        message=message,
        severity=channel_severity(channel),
        span=place.span,
        related=tuple(related),
    )
    return Finding(
        diagnostic=diagnostic,
        channel=channel,
        dimensions=meta.dimensions,
        owasp=meta.owasp,
        skillscan=meta.skillscan,
        excerpt=place.excerpt,
        context=place.context,
    )
