"""Frontend results by key, pickled inside the cache's verified entries.

Why pickle, and why that is safe here: the results are skillc's own IR objects (frozen
dataclasses, tuples, enums), which pickle exactly and quickly (a JSON round trip of the whole
IR would cost as much as reading an HTML page again). Pickle runs code named in its input, so
it is only ever applied to entries of this cache folder, which skillc wrote, and only after the
entry's sha256 matched: a truncated or damaged entry is never unpickled. The folder is as
trusted as the project it sits in (as Python trusts ``__pycache__`` beside the sources); the
inputs of a build (pages, archives) are never unpickled. An entry that does not unpickle into
the expected type (written by another skillc whose classes differ) is treated as corrupt.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

from skillc.compiler.cache.store import Store

SECTION = "results"


@dataclass(slots=True)
class CacheStats:
    """How many sources came from the cache and how many were read; corrupt entries found."""

    cached: int = 0
    read: int = 0
    corrupt: list[str] = field(default_factory=list)


class SourceResults:
    """Frontend outcomes (whatever `skillc.compiler.tasks` returns for a source) by key; in
    another ``section``, other values kept the same way (the risk scans of emitted skills,
    `skillc.compiler.backends.risk`)."""

    def __init__(self, store: Store, section: str = SECTION) -> None:
        self.store = store
        self.section = section
        self.stats = CacheStats()

    def get(self, key: str, label: str, kind: type | tuple[type, ...]) -> Any | None:
        """The stored outcome of ``key`` if it is an instance of ``kind``; ``label`` (a source
        id) is recorded in ``stats.corrupt`` when the entry is damaged."""
        found = self.store.get(self.section, key)
        if found.payload is None:
            if found.corrupt:
                self.stats.corrupt.append(label)
            return None
        try:
            value = pickle.loads(found.payload)
        except Exception:  # classes changed under the same code hash: cannot happen, be safe
            self.stats.corrupt.append(label)
            return None
        if not isinstance(value, kind):
            self.stats.corrupt.append(label)
            return None
        return value

    def put(self, key: str, value: Any) -> None:
        self.store.put(self.section, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


__all__ = ["SECTION", "CacheStats", "SourceResults"]
