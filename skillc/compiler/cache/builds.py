"""Whole builds by key: a rebuild whose inputs and options are unchanged reads nothing.

Why: with every source's result cached, a no-op rebuild of python3.11-doc's 530 pages still
spent about 95 % of its time in the passes (progressive disclosure counting tokens), which
are redone from the frontends' results. When nothing a build depends on changed (the pages
and their hashes, the inputs as named, the options, skillc's code: `build_key`), the files it
wrote last time are what it would write again, so those files and the report (diagnostics,
skipped and failed pages, counts) are taken as they were. One entry per output folder
(its slot is the hash of the folder's real path), so the cache does not grow by a copy of
the whole output on every edit; an entry for other inputs is simply replaced.

Pickled, with the same care as `skillc.compiler.cache.results` (hash-checked entries of
skillc's own cache only).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from skillc.compiler.cache.keys import SCHEMA, code_fingerprint
from skillc.compiler.cache.store import Store

SECTION = "builds"


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildRecord:
    """What a successful build produced, before writing: its files (manifest included) and
    everything its report says."""

    files: dict[str, bytes]
    diagnostics: tuple[Any, ...]
    problems: tuple[Any, ...]
    failed: tuple[Any, ...]
    skipped: tuple[Any, ...]
    counts: dict[str, int]
    skills: int
    #: What the risk report reads of the compiled skills
    #: (`skillc.compiler.skill_sources.SkillSources`: it maps findings back to sources).
    compiled: Sequence[Any] = ()
    #: The grain the skills were built at, and the tokens of their listing.
    grain: str = ""
    listing_tokens: int = 0


def build_key(
    inputs: Sequence[str], pages: Sequence[tuple[str, str, str, str]], options: dict[str, Any]
) -> str:
    """The key of a build: the inputs as named (messages quote them), every page's (id, kind,
    media type, sha256), the options that shape the output, and skillc's code."""
    text = json.dumps(
        [SCHEMA, code_fingerprint(), list(inputs), [list(p) for p in pages], options],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Builds:
    """The last build record of each output folder.

    The compiled skills' sources (`skillc.compiler.skill_sources`) are a second entry beside
    the record, read only when asked for (the risk report): they were the skills whole,
    15 MB of IR for python-doc, whose unpickling alone took three times as long as the rest of
    a no-op rebuild (and their pickling 0.4 s of a one-page rebuild)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, out: Path, key: str) -> BuildRecord | None:
        found = _load(self.store, _slot(out), key)
        if not isinstance(found, BuildRecord):
            return None
        return replace(found, compiled=StoredSkills(self.store, _slot(out) + "-skills", key))

    def put(self, out: Path, key: str, record: BuildRecord) -> None:
        """Keep ``record`` under ``key``; a record replayed from this cache is not written again
        (its entries are already there)."""
        if isinstance(record.compiled, StoredSkills):
            return
        skills = pickle.dumps((key, tuple(record.compiled)), protocol=pickle.HIGHEST_PROTOCOL)
        self.store.put(SECTION, _slot(out) + "-skills", skills)
        bare = pickle.dumps((key, replace(record, compiled=())), protocol=pickle.HIGHEST_PROTOCOL)
        self.store.put(SECTION, _slot(out), bare)


class StoredSkills(Sequence[Any]):
    """A replayed build's compiled skills' sources, unpickled on first use; empty when their
    entry is missing or belongs to another build (the risk report then maps no finding to
    sources)."""

    def __init__(self, store: Store, slot: str, key: str) -> None:
        self._where = (store, slot, key)
        self._skills: tuple[Any, ...] | None = None

    def _all(self) -> tuple[Any, ...]:
        if self._skills is None:
            found = _load(*self._where)
            self._skills = found if isinstance(found, tuple) else ()
        return self._skills

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]


def _load(store: Store, slot: str, key: str) -> Any:
    """The value stored under ``slot`` for ``key``, else None."""
    found = store.get(SECTION, slot).payload
    if found is None:
        return None
    try:
        stored_key, value = pickle.loads(found)
    except Exception:  # another layout under the same schema: treated as missing
        return None
    return value if stored_key == key else None


def _slot(out: Path) -> str:
    real = os.path.realpath(out)
    return hashlib.sha256(os.fsencode(real)).hexdigest()


__all__ = ["SECTION", "BuildRecord", "Builds", "StoredSkills", "build_key"]
