"""The compiler proper: frontends read sources into the SSL IR, backends write packages.

Passes that transform the IR live in `skillc.passes`; this package holds the two ends.
"""

from __future__ import annotations
