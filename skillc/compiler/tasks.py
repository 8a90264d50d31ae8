"""Reading tasks: plain, picklable units of work that name their frontend, for any executor.

Why: the executor (`skillc.compiler.parallel`: processes on one machine; later a distributed
one) must not know any frontend. A task says which frontend of the table reads what: a whole
source (`ReadSource`) or parts of one (`ReadParts`: a PDF's page ranges). What all tasks of a
build share, the sources and the cross-page targets (`Shared`), travels once per worker, not
once per task; the task itself is a few numbers and a name.

Guarantees: running a task gives what the serial path gives for the same source; a frontend
that raises costs its page (SK081, `crash_diagnostic`), never the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets
from skillc.compiler.frontends.table import by_name, collect_targets
from skillc.compiler.inputs import InputFile
from skillc.diagnostics import Diagnostic

__all__ = [
    "Outcome",
    "ReadParts",
    "ReadSource",
    "Shared",
    "crash_diagnostic",
    "read_one",
    "read_source",
    "shared",
]

#: One source's outcome: why it was skipped (``""`` if it was read) and its frontend result.
Outcome = tuple[str, FrontendResult | None]


@dataclass(frozen=True, slots=True)
class Shared:
    """What every task of one build reads: the sources in input order and the targets of
    cross-references over all of them (collected before any source is read)."""

    files: tuple[InputFile, ...]
    targets: Targets


def shared(files: Sequence[InputFile]) -> Shared:
    """The shared state of a build reading ``files``: their cross-page targets collected by
    each frontend that has any (`table.collect_targets`)."""
    pages = [(f.frontend, f.id, f.text) for f in files if f.text]
    return Shared(files=tuple(files), targets=collect_targets(pages))


@dataclass(frozen=True, slots=True)
class ReadSource:
    """Read source ``index`` whole with frontend ``frontend``: its `Outcome`."""

    frontend: str
    index: int

    def run(self, state: Shared) -> Outcome:
        return read_source(state.files[self.index], state.targets)


@dataclass(frozen=True, slots=True)
class ReadParts:
    """Read parts ``first..last`` (1-based, inclusive) of source ``index`` with frontend
    ``frontend``'s `Split`; ``opened`` caches the worker's opened sources by index."""

    frontend: str
    index: int
    first: int
    last: int

    def run(self, state: Shared, opened: dict[int, Any]) -> list[Any]:
        split = by_name(self.frontend).split
        if split is None:
            raise ValueError(f"frontend {self.frontend!r} does not read sources in parts")
        if self.index not in opened:  # a fresh worker: open once, keep it for later parts
            item = state.files[self.index]
            opened[self.index] = split.reopen(item.data, item.id)
        return split.read_parts(opened[self.index], self.first, self.last)


def read_source(item: InputFile, targets: Targets) -> Outcome:
    """``(why the page is skipped, None)`` or ``("", its frontend result)``; a frontend that
    raises fails the page with SK081 instead.

    Why: a frontend bug met on one page (an input nobody foresaw) must cost that page, named,
    not the build in a traceback; the driver then lists the page under ``failed`` (exit 2).
    """
    try:
        frontend = by_name(item.frontend)
        if frontend.skip_reason is not None:
            skipped = frontend.skip_reason(item.id, item.text)
            if skipped:
                return skipped, None
        return "", read_one(item, targets)
    except Exception as error:  # any frontend bug; Ctrl-C still stops the build
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(item.id, error),))


def read_one(item: InputFile, targets: Targets) -> FrontendResult:
    """The frontend result for one input file, read by the frontend it names."""
    frontend = by_name(item.frontend)
    return frontend.read(item.data if frontend.binary else item.text, item.id, targets)


def crash_diagnostic(source_id: str, error: BaseException) -> Diagnostic:
    """SK081: the frontend failed on the page; the message names the exception for a report."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    message = f"internal error reading the page ({what}); it is skipped, please report this"
    return Diagnostic(code="SK081", message=message, path=source_id)
