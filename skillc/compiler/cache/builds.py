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
from dataclasses import dataclass
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
    #: The compiled skills (the risk report maps findings back to sources through them).
    compiled: tuple[Any, ...] = ()


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
    """The last build record of each output folder."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, out: Path, key: str) -> BuildRecord | None:
        found = self.store.get(SECTION, _slot(out)).payload
        if found is None:
            return None
        try:
            stored_key, record = pickle.loads(found)
        except Exception:  # another layout under the same schema: treated as missing
            return None
        if stored_key != key or not isinstance(record, BuildRecord):
            return None
        return record

    def put(self, out: Path, key: str, record: BuildRecord) -> None:
        payload = pickle.dumps((key, record), protocol=pickle.HIGHEST_PROTOCOL)
        self.store.put(SECTION, _slot(out), payload)


def _slot(out: Path) -> str:
    real = os.path.realpath(out)
    return hashlib.sha256(os.fsencode(real)).hexdigest()


__all__ = ["SECTION", "BuildRecord", "Builds", "build_key"]
