"""Source spans, as the IR names them: every node carries a tuple of `Span` (its provenance).

`Span` is defined in `skillc.diagnostics.span`, the bottom layer, because diagnostics carry spans
too and the IR reports diagnostics; this module re-exports it so the IR's vocabulary stays in
``skillc.ir``. The layers run cli -> compiler -> frontends | passes | backends -> lint | scan ->
package -> ir -> diagnostics: nothing in ``skillc.diagnostics`` imports the IR.
"""

from __future__ import annotations

from skillc.diagnostics.span import Span

__all__ = ["Span"]
