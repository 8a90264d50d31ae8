"""The passes' per-skill memo (`skillc.passes.memo.Memo`) kept in the build cache.

A pass names in its key everything its value depends on (the skill and the options it
reads); this adds skillc's code (`keys.code_fingerprint`), so a changed pass never returns
a stale value. Values are pickled in verified entries, as `results` explains.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

from skillc.compiler.cache.keys import SCHEMA, code_fingerprint
from skillc.compiler.cache.store import Store

SECTION = "memo"


class StoreMemo:
    """`Memo` backed by a `Store`; counts hits and misses."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hits = 0
        self.misses = 0

    def _key(self, key: str) -> str:
        text = f"{SCHEMA}\0{code_fingerprint()}\0{key}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Any | None:
        found = self.store.get(SECTION, self._key(key)).payload
        if found is None:
            self.misses += 1
            return None
        try:
            value = pickle.loads(found)
        except Exception:  # another layout under the same code hash: cannot happen, be safe
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        self.store.put(SECTION, self._key(key), pickle.dumps(value, protocol=5))


__all__ = ["SECTION", "StoreMemo"]
