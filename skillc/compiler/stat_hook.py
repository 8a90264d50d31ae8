"""The stat records a gathering consults, as the pages' readers see them.

Why a module of its own: the readers of pages (`skillc.compiler.input_pages`,
`skillc.compiler.input_walk`) ask "is this file's hash already known from its stat?", and the
answer lives in the build cache (`skillc.compiler.cache.stats`), which itself reads pages
through the executors. This protocol and the context variable that carries the records keep
the readers from importing the cache (no import cycle).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Protocol


class Records(Protocol):
    """What the readers ask of and tell the records (`skillc.compiler.cache.stats`)."""

    def kind(self, path: Path, info: os.stat_result) -> str | None: ...

    def sha256(self, path: Path, info: os.stat_result, kind: str) -> str | None: ...

    def note_kind(self, path: Path, info: os.stat_result, kind: str) -> None: ...

    def note_sha256(self, path: Path, info: os.stat_result, kind: str, sha256: str) -> None: ...


_CURRENT: ContextVar[Records | None] = ContextVar("skillc_stat_records", default=None)


def current() -> Records | None:
    """The records the running gathering consults and fills, if any."""
    return _CURRENT.get()


@contextmanager
def recording(records: Records | None) -> Iterator[int]:
    """Gather with ``records`` (none for None); yields the stamp: when gathering started,
    taken before any file is looked at."""
    stamp = time.time_ns()
    token = _CURRENT.set(records)
    try:
        yield stamp
    finally:
        _CURRENT.reset(token)


__all__ = ["Records", "current", "recording"]
