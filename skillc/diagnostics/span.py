"""Source spans: where in which source a node, or a finding, came from.

Every IR node carries a tuple of spans (its provenance). A frontend creates one span per node; a
merge takes the union. Spans locate text in the frontend's *normalised* text of a source (UTF-8
decoded, newlines folded to ``\\n``), so offsets are character offsets, not bytes.

Why here, below the IR: a diagnostic's primary location is a span, and diagnostics are reported
by every layer, the IR's reader and verifier included. The IR re-exports `Span`
(`skillc.ir.span`), so IR code keeps naming it there; nothing in this package imports the IR.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Span:
    """A half-open character range in one source, with 1-based line and column for people.

    >>> Span(source="guide.md", line=3, col=1, end_line=3, end_col=10, start=40, end=49).label()
    'guide.md:3:1'
    """

    source: str
    line: int
    col: int
    end_line: int
    end_col: int
    start: int
    end: int

    def label(self) -> str:
        """The ``path:line:col`` form used in diagnostics."""
        return f"{self.source}:{self.line}:{self.col}"
