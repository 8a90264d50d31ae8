"""The stat records a gathering consults, as the pages' readers see them.

Why a module of its own: the readers of pages (`skillc.compiler.input_pages`,
`skillc.compiler.input_walk`) ask "is this file's hash already known from its stat?", and the
answer lives in the build cache (`skillc.compiler.cache.stats`), which itself reads pages
through the executors. This protocol, and the `Gathering` that carries the records down to
the readers, keep the readers from importing the cache (no import cycle).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from skillc.compiler.frontends.frontend import KindOptions


class Records(Protocol):
    """What the readers ask of and tell the records (`skillc.compiler.cache.stats`)."""

    def kind(self, path: Path, info: os.stat_result) -> str | None: ...

    def sha256(self, path: Path, info: os.stat_result, kind: str) -> str | None: ...

    def note_kind(self, path: Path, info: os.stat_result, kind: str) -> None: ...

    def note_sha256(self, path: Path, info: os.stat_result, kind: str, sha256: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Gathering:
    """What gathering a build's inputs depends on besides their paths, passed down from
    `skillc.compiler.inputs.gather` to each file's reader.

    Why an argument rather than a context variable: a reader of `read_file` or `claimed` sees
    what their answer depends on, and two builds in one process (threads, a server) cannot
    see each other's records. ``records``: the stat records consulted and filled (None: every
    file is read); ``options``: what the kinds that sniff content are told (ticket columns);
    ``lazy``: a page file's text is checked, then dropped, and read again by whoever reads the
    page (`skillc.compiler.input_pages.page_text`), so a build never holds every page's text.
    """

    records: Records | None = None
    options: KindOptions = field(default_factory=KindOptions)
    lazy: bool = False


__all__ = ["Gathering", "Records"]
