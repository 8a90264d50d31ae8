"""Gathering a build's inputs through the cache's stat records: unchanged files are not read.

Why a module of its own: the driver asks two questions of the gathered inputs, and only the
second needs the pages' text. First, "is this the build the cache holds?" (the whole-build key
needs each page's hash, which `skillc.compiler.cache.stats` supplies for a file whose stat is
unchanged); then, when it is not, "what do the pages say?", for which every deferred page is
read. Gathering twice on a miss (walking and stat-ing the tree again, then reading) costs a
few milliseconds per thousand files; building from a mix of recorded and read pages would
need every consumer of `InputFile.text` to know about deferred pages.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.cache import Store
from skillc.compiler.cache.stats import StatRecords
from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.inputs import Gathered, gather
from skillc.compiler.stat_hook import Gathering


@dataclass(slots=True)
class Known:
    """What was gathered, and the records it was gathered with (None without a cache)."""

    gathered: Gathered
    records: StatRecords | None

    @property
    def deferred(self) -> bool:
        """Whether some pages were taken from the records without their text."""
        return self.records is not None and self.records.hits > 0


def gather_known(
    inputs: Sequence[str],
    store: Store | None,
    context: str,
    options: KindOptions | None = None,
    lazy: bool = False,
) -> Known:
    """Gather ``inputs``, taking the hash of every file whose stat the records of ``store``
    trust (see `skillc.compiler.cache.stats`); ``options`` are what sniffing a file's kind
    depends on, ``context`` their key in the records. The records are updated with what was
    read. ``lazy``: page files are checked, their text not kept (`Gathering.lazy`)."""
    options = options or KindOptions()
    if store is None:
        return Known(gather(inputs, Gathering(None, options, lazy)), None)
    return _gathered(inputs, StatRecords(store, inputs, context), options, lazy)


def read_all(
    inputs: Sequence[str],
    known: Known,
    context: str,
    options: KindOptions | None = None,
    lazy: bool = False,
) -> Gathered:
    """The gathering with every page's text (read again when needed if ``lazy``):
    ``known``'s own when nothing was deferred."""
    if not known.deferred or known.records is None:
        return known.gathered
    records = StatRecords(known.records.store, inputs, context, trust=False)
    return _gathered(inputs, records, options or KindOptions(), lazy).gathered


def _gathered(
    inputs: Sequence[str], records: StatRecords, options: KindOptions, lazy: bool
) -> Known:
    stamp = time.time_ns()  # when gathering started, before any file is looked at
    gathered = gather(inputs, Gathering(records, options, lazy))
    records.save(stamp)
    return Known(gathered, records)


__all__ = ["Known", "gather_known", "read_all"]
