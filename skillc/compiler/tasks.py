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
from dataclasses import dataclass, field, replace
from typing import Any

from skillc.compiler.frontends.frontend import Split
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets
from skillc.compiler.frontends.guide.toctree import Toctree
from skillc.compiler.frontends.table import by_name, collect_targets
from skillc.compiler.input_pages import PageChanged, changed_page, page_text
from skillc.compiler.inputs import InputFile
from skillc.compiler.source_options import PagesOutOfRange, check_ranges, select
from skillc.diagnostics import Diagnostic

__all__ = [
    "Declared",
    "Declaring",
    "Outcome",
    "ReadParts",
    "ReadSource",
    "Shared",
    "crash_diagnostic",
    "loaded",
    "read_declaring",
    "read_one",
    "read_source",
    "shared",
]

#: One source's outcome: why it was skipped (``""`` if it was read) and its frontend result.
Outcome = tuple[str, FrontendResult | None]
#: A page's frontend name and the toctrees it declares (`toctree_trails.declared_toctrees`).
Declared = tuple[str, list[Toctree]]


@dataclass(frozen=True, slots=True)
class Declaring:
    """The toctrees the pages of a build declare, found where each page is read
    (`read_declaring`), for `skillc.compiler.toctree_trails` to place the pages by.

    Why: the parent otherwise reads every page without breadcrumbs again after the workers
    are done, and parses it (python-doc: 80 pages, ~0.5 s of serial work; SQLite's pages
    about as much), where the worker held the page's text already. ``ids`` are the build's
    source ids, which an HTML contents list is read against; ``found`` receives source id ->
    `Declared` for each page read so. Kept in the build cache beside the page's result, under
    a key that names the build's other pages too (`skillc.compiler.cache.toctrees`): a page
    taken from the cache declares them from there (else the parent finds them, as before)."""

    ids: frozenset[str]
    found: dict[str, Declared] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shared:
    """What every task of one build reads: the sources in input order and the targets of
    cross-references over all of them (collected before any source is read)."""

    files: tuple[InputFile, ...]
    targets: Targets


def shared(files: Sequence[InputFile]) -> Shared:
    """The shared state of a build reading ``files``: their cross-page targets collected by
    each frontend that has any (`table.collect_targets`). The texts of pages gathered lazily
    are read for that (only pages of kinds with targets) and dropped again: a task reads its
    page's text itself, so the state sent to every worker holds paths and hashes, not texts."""
    pages = [(f.frontend, f.id, _text(f)) for f in files if _has_targets(f)]
    return Shared(files=tuple(files), targets=collect_targets([p for p in pages if p[2]]))


def _has_targets(item: InputFile) -> bool:
    return bool(item.text or item.on_disk) and by_name(item.frontend).targets is not None


def _text(item: InputFile) -> str:
    """The page's text for its targets; ``""`` when it cannot be read again (its read fails
    it, `read_source`)."""
    try:
        return page_text(item)
    except PageChanged:
        return ""


def loaded(item: InputFile) -> InputFile:
    """``item`` holding its text (read again for a page gathered lazily), for an executor
    whose workers may not see this machine's files (a cluster); as it was when it cannot be
    read again (the worker's read reports it)."""
    if not item.on_disk:
        return item
    try:
        return replace(item, text=page_text(item), on_disk=False)
    except PageChanged:
        return item


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
        item = replace(item, text=page_text(item), on_disk=False) if item.on_disk else item
    except PageChanged as error:  # the page is not the one gathered: it fails, named
        return "", FrontendResult(skills=(), diagnostics=(changed_page(item, error),))
    try:
        frontend = by_name(item.frontend)
        if frontend.skip_reason is not None:
            skipped = frontend.skip_reason(item.id, item.text)
            if skipped:
                return skipped, None
        return "", read_one(item, targets)
    except PagesOutOfRange:  # the project names pages the document lacks: a usage error
        raise
    except Exception as error:  # any frontend bug; Ctrl-C still stops the build
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(item.id, error),))


def read_declaring(
    item: InputFile, targets: Targets, ids: frozenset[str] | None
) -> tuple[Outcome, Declared | None]:
    """`read_source`, and the toctrees the page declares (`Declaring`) when `toctree_trails`
    reads them: a text page whose result gives it no trail (breadcrumbs) of its own; ``None``
    when not (or ``ids`` is ``None``), and when finding them fails, so that the parent reads
    the page again and meets the same error as it did before."""
    try:
        loaded = replace(item, text=page_text(item), on_disk=False) if item.on_disk else item
    except PageChanged:  # `read_source` reports it
        return read_source(item, targets), None
    outcome = read_source(loaded, targets)
    result = outcome[1]
    if ids is None or not (item.text or item.on_disk) or (result is not None and result.trail):
        return outcome, None
    from skillc.compiler.toctree_trails import declared_toctrees  # lxml: loaded in the worker

    try:
        trees = declared_toctrees(item.id, item.frontend, loaded.text, ids)
    except Exception:  # the parent's own try raises it where it did
        return outcome, None
    return outcome, (item.frontend, trees)


def read_one(item: InputFile, targets: Targets) -> FrontendResult:
    """The frontend result for one input file, read by the frontend it names."""
    frontend = by_name(item.frontend)
    if item.parts and frontend.split is not None:
        return read_selected(frontend.split, item)
    return frontend.read(item.data if frontend.binary else item.text, item.id, targets)


def read_selected(split: Split, item: InputFile) -> FrontendResult:
    """The parts ``item.parts`` of a source read in parts (a PDF's page ranges), in this
    process, as the frontend's whole read would give them; `PagesOutOfRange` when the
    source has fewer parts."""
    opened = split.open(item.data, item.id)
    if isinstance(opened, FrontendResult):
        return opened
    check_ranges(item.id, item.parts, opened[1])
    parts = [
        p
        for a, b in select([(1, opened[1])], item.parts)
        for p in split.read_parts(opened[0], a, b)
    ]
    try:
        prepared = split.prepare(opened[0])
    except Exception as error:  # `combine` reports it, as in the parallel path
        prepared = error
    return split.combine(parts, prepared, item.id)


def crash_diagnostic(source_id: str, error: BaseException) -> Diagnostic:
    """SK081: the frontend failed on the page; the message names the exception for a report."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    message = f"internal error reading the page ({what}); it is skipped, please report this"
    return Diagnostic(code="SK081", message=message, path=source_id)
