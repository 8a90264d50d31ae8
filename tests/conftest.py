"""Shared test configuration: hypothesis profiles.

``ci`` (the default) is derandomised so every run checks the same examples; ``dev`` runs more
examples for local bug hunting: ``HYPOTHESIS_PROFILE=dev pytest``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=200, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Builds run by tests read every source (no test sees another's cached results); the cache's
# own tests name a folder with --cache-dir (issue 15).
os.environ.setdefault("SKILLC_NO_CACHE", "1")
