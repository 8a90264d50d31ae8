"""The toctrees each cached page declares (`skillc.compiler.tasks.Declaring`), kept beside its
frontend result so that a page taken from the cache is not read and parsed again to be placed.

Why: a page read by a worker has its toctrees found there, with its text in hand; a page taken
from the cache had its text read again by the parent and parsed (lxml for HTML) after the
reading, in series: on a one-page rebuild of python-doc, its 80 pages without breadcrumbs
(indexes and contents) took ~0.6 s, half of reading the sources from the cache.

What they depend on: the page (its frontend result's key, `keys.source_key`, names its bytes,
id, frontend and skillc's code) and the build's other pages, since an HTML contents list is
read against the build's source ids (`toctree_trails.declared_toctrees`). The key is both, so
adding or removing a page of the build finds every page's toctrees again, as before.

JSON, not pickle: toctrees are strings and flags.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any

from skillc.compiler.cache.store import Store
from skillc.compiler.frontends.guide.toctree import Toctree

SECTION = "toctrees"


def ids_digest(ids: Collection[str]) -> str:
    """A hash of a build's source ids, independent of their order."""
    return hashlib.sha256("\0".join(sorted(ids)).encode("utf-8")).hexdigest()


class DeclaredToctrees:
    """A page's declared toctrees by (its source key, the build's `ids_digest`)."""

    def __init__(self, store: Store, ids: Collection[str]) -> None:
        self.store = store
        self.ids = ids_digest(ids)

    def _key(self, source_key: str) -> str:
        return hashlib.sha256(f"{source_key}\0{self.ids}".encode()).hexdigest()

    def get(self, source_key: str) -> tuple[str, list[Toctree]] | None:
        """The page's frontend name and toctrees, or ``None`` when not kept (or damaged)."""
        found = self.store.get(SECTION, self._key(source_key)).payload
        if found is None:
            return None
        try:
            kind, trees = json.loads(found)
            return str(kind), [_tree(tree) for tree in trees]
        except (ValueError, TypeError):  # not this layout: found again by the parent
            return None

    def put(self, source_key: str, declared: tuple[str, list[Toctree]]) -> None:
        kind, trees = declared
        rows = [[list(t.entries), t.glob, t.caption, t.parent] for t in trees]
        text = json.dumps([kind, rows], ensure_ascii=False, separators=(",", ":"))
        self.store.put(SECTION, self._key(source_key), text.encode("utf-8"))


def _tree(row: Any) -> Toctree:
    entries, glob, caption, parent = row
    if not (
        isinstance(entries, list)
        and all(isinstance(e, str) for e in entries)
        and isinstance(glob, bool)
        and isinstance(caption, str)
        and isinstance(parent, str)
    ):
        raise TypeError("not a toctree")
    return Toctree(entries=tuple(entries), glob=glob, caption=caption, parent=parent)


__all__ = ["SECTION", "DeclaredToctrees", "ids_digest"]
