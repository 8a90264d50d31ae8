"""Frontends: each turns one kind of source into SSL skills with provenance.

Every frontend returns a `FrontendResult` (skills plus diagnostics), is deterministic, and fills
only what its source states. `read_markdown` reads CommonMark and MyST guides.
"""

from __future__ import annotations

from skillc.compiler.frontends.markdown import read_markdown
from skillc.compiler.frontends.result import FrontendResult

__all__ = ["FrontendResult", "read_markdown"]
