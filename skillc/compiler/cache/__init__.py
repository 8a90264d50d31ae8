"""The build cache: per-source frontend results and the merge bases of output files.

Why: a rebuild after a one-page edit should re-read one page, not 530, and a hand edit to a
generated file can only be merged with the next generated text when the text skillc last wrote
(the merge base) is kept somewhere. Both live in one folder, ``.skillc-cache/`` in the project
root by default (`location`), that is safe to delete at any time: a missing entry is only a
slower build (and, for merge bases, the previous refusal to overwrite a hand edit, SK014).

- `store`: content-verified entries written atomically (temp file + rename), so a killed or
  concurrent build never leaves a partial entry under a real name, and a corrupt one is detected
  by its hash and rebuilt.
- `keys`: what a source's result depends on (its bytes, id, frontend, the cross-page targets,
  the code of skillc itself).
- `results`: frontend outcomes by key.
- `bases`: output texts by sha256, the bases of three-way merges.
"""

from __future__ import annotations

from skillc.compiler.cache.bases import Bases
from skillc.compiler.cache.location import CACHE_ENV, DEFAULT_NAME, default_cache_dir
from skillc.compiler.cache.results import CacheStats, SourceResults
from skillc.compiler.cache.store import Store

__all__ = [
    "CACHE_ENV",
    "DEFAULT_NAME",
    "Bases",
    "CacheStats",
    "SourceResults",
    "Store",
    "default_cache_dir",
]
