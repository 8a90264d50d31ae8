"""Read a build's sources in several processes (``skillc build -j N``), output unchanged.

Why processes: the frontends are pure-Python CPU work (lxml, docutils and pypdf are called from
Python and hold the GIL most of the time), so threads would not help; each source is read
independently of the others (cross-references resolve against labels collected beforehand), so
files can be handed out to a pool. A single large PDF would still keep one core busy for
minutes (R's 2,415-page reference manual: ~25 ms a page in pypdf), so PDFs are split by page
ranges: the workers run `pdf.read_page` (which reads nothing but its own page and returns plain
data), and the parent runs the cross-page `pdf.compile_pdf` (it needs every page: running
headers, headings, chapters) over the pages in order, as `pdf.read_pdf` does. The results come
back in input order and the parent assembles them exactly as the serial path does, so ``-j1``
and ``-jN`` write byte-identical outputs, provenance and diagnostics included.

How: the parent opens every PDF first (pypdf needs the page count to split, and opening some
files costs seconds: refman.pdf's page tree sits in object streams, ~4 s), then starts the pool.
With the ``fork`` start method the workers inherit the inputs, the cross-reference targets and
the opened readers, so a task is just an index and a page range and no PDF is parsed twice.
``fork`` is only used while the parent runs a single thread (forking a threaded process can
deadlock on a lock another thread held); otherwise, and where ``fork`` does not exist, the pool
is ``spawn``ed, the same state is pickled once per worker and each worker reopens the PDFs it
is given pages of. While the workers read, the parent reads each PDF's outline and title.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from skillc.compiler.frontends.result import FrontendResult
from skillc.compiler.inputs import InputFile
from skillc.diagnostics import Diagnostic, SkillcError

#: A PDF is cut into about this many page ranges per worker: enough for the pool to even out
#: pages of unequal cost, few enough that per-task overhead stays negligible.
RANGES_PER_JOB = 4
#: No range is shorter than this (a task costs ~1 ms of overhead; a page ~10-30 ms).
MIN_PAGES_PER_RANGE = 16

#: One source's outcome: why it was skipped (``""`` if it was read) and its frontend result.
Outcome = tuple[str, FrontendResult | None]
#: Reads one source in the parent: ``(skip reason, result)``; what the serial path runs.
ReadItem = Callable[[InputFile, Any], Outcome]


def resolve_jobs(jobs: int) -> int:
    """The number of worker processes ``-j jobs`` asks for: ``0`` means one per CPU."""
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, not {jobs}")
    return jobs or os.cpu_count() or 1


# --- Worker side ----------------------------------------------------------------------------------

# Set in each worker by `_init` (inherited unpickled under fork); the parent never reads it.
_WORKER: dict[str, Any] = {}


def _init(files: Sequence[InputFile], targets: Any, readers: dict[int, Any]) -> None:
    _WORKER.update(files=files, targets=targets, readers=dict(readers))


def _read_file(index: int) -> Outcome:
    """A whole source, read as the serial path reads it."""
    from skillc.compiler.driver import read_item

    return guarded(read_item, _WORKER["files"][index], _WORKER["targets"])


def guarded(read_item: ReadItem, item: InputFile, targets: Any) -> Outcome:
    """``read_item``'s outcome, or the page failed with SK081 when its frontend raises.

    Why: a frontend bug met on one page (an input nobody foresaw) must cost that page, named,
    not the build in a traceback; the driver then lists the page under ``failed`` (exit 2).
    """
    try:
        return read_item(item, targets)
    except Exception as error:  # any frontend bug; Ctrl-C still stops the build
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(item.id, error),))


def crash_diagnostic(source_id: str, error: BaseException) -> Diagnostic:
    """SK081: the frontend failed on the page; the message names the exception for a report."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    message = f"internal error reading the page ({what}); it is skipped, please report this"
    return Diagnostic(code="SK081", message=message, path=source_id)


def _read_pages(index: int, first: int, last: int) -> list[Any]:
    """Pages ``first..last`` (1-based, inclusive) of PDF ``index`` as `pdf_layout.RawPage`s."""
    from skillc.compiler.frontends.pdf import open_pdf, read_page

    readers: dict[int, Any] = _WORKER["readers"]
    if index not in readers:  # spawned worker: open the file once, keep it for later ranges
        item = _WORKER["files"][index]
        readers[index] = open_pdf(item.data, source_id=item.id).reader
    return [read_page(readers[index], n) for n in range(first, last + 1)]


# --- Parent side ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _SplitPdf:
    """A PDF read by page ranges: its reader (parent side), futures of its ranges, or a result.

    ``result`` is set when the file never reaches the workers (it did not open: encrypted,
    corrupt) or once it has been compiled.
    """

    reader: Any = None
    ranges: tuple[Future[list[Any]], ...] = ()
    result: FrontendResult | None = None
    title: str = ""
    entries: tuple[Any, ...] = ()
    error: Exception | None = None


def page_ranges(pages: int, jobs: int) -> list[tuple[int, int]]:
    """``pages`` (1-based) cut into consecutive inclusive ranges for ``jobs`` workers."""
    if pages <= 0:
        return []
    size = max(MIN_PAGES_PER_RANGE, math.ceil(pages / (jobs * RANGES_PER_JOB)))
    return [(first, min(first + size - 1, pages)) for first in range(1, pages + 1, size)]


def read_files(
    files: Sequence[InputFile], targets: Any, jobs: int, read_item: ReadItem
) -> Iterator[Outcome]:
    """Each file's outcome, in input order, read by up to ``jobs`` processes.

    ``read_item`` is the serial reader; it is used as is when one process is enough (``jobs``
    is 1, or there is one task: a single text file or a short PDF), so that path does not pay
    for a pool.
    """
    workers = resolve_jobs(jobs)
    pdfs = [i for i, item in enumerate(files) if item.media_type == "application/pdf"]
    if workers <= 1 or (len(files) <= 1 and not pdfs):
        yield from (guarded(read_item, item, targets) for item in files)
        return
    split = {i: _open(files[i]) for i in pdfs}
    ranges = {
        i: page_ranges(len(s.reader.pages), workers)
        for i, s in split.items()
        if s.reader is not None
    }
    tasks = len(files) - len(split) + sum(len(r) for r in ranges.values())
    if tasks <= 1:
        yield from (guarded(read_item, item, targets) for item in files)
        return
    readers = {i: split[i].reader for i in ranges}
    fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    with ProcessPoolExecutor(
        max_workers=min(workers, tasks),
        mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
        initializer=_init,
        initargs=(files, targets, readers if fork else {}),
    ) as pool:
        try:
            # Page ranges first: the largest work starts first, so no worker idles at the end.
            for i, cuts in ranges.items():
                split[i].ranges = tuple(pool.submit(_read_pages, i, a, b) for a, b in cuts)
            whole = {i: pool.submit(_read_file, i) for i in range(len(files)) if i not in split}
            for pdf in split.values():  # the parent's share while the workers read pages
                _outline(pdf)
            for i, item in enumerate(files):
                if i in whole:
                    yield _result(whole[i], item.id)
                else:
                    yield "", _compile(split[i], item.id)
        except BrokenProcessPool as error:  # a worker killed (out of memory?): no page is safe
            pool.shutdown(wait=True, cancel_futures=True)
            raise SkillcError(_died(workers, error)) from None
        except BaseException:  # a frontend bug, Ctrl-C: stop now, not after the queued work
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _result(future: Future[Outcome], source_id: str) -> Outcome:
    """A worker's outcome for a whole source; a frontend crash fails the page (SK081)."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as error:  # `guarded` catches in the worker; this is what it could not
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(source_id, error),))


def _died(workers: int, error: BaseException) -> Diagnostic:
    message = (
        f"a worker process of -j {workers} died while reading the sources ({error}); "
        "nothing was written (try fewer jobs: -j 1)"
    )
    return Diagnostic(code="SK081", message=message, path="<build>")


def _open(item: InputFile) -> _SplitPdf:
    """``item`` opened in the parent, or its result already when it does not open."""
    from skillc.compiler.frontends.pdf import _unreadable, open_pdf

    try:
        opened = open_pdf(item.data, source_id=item.id)
        if opened.reader is None:
            return _SplitPdf(result=FrontendResult(skills=(), diagnostics=opened.diagnostics))
        len(opened.reader.pages)
    except Exception as error:  # as `read_pdf`: never raises, reports the file unreadable
        return _SplitPdf(
            result=FrontendResult(skills=(), diagnostics=(_unreadable(item.id, error),))
        )
    return _SplitPdf(reader=opened.reader, result=None)


def _outline(pdf: _SplitPdf) -> None:
    from skillc.compiler.frontends.pdf import _metadata_title, outline

    if pdf.reader is None:
        return
    try:
        pdf.title = _metadata_title(pdf.reader)
        pdf.entries = outline(pdf.reader)
    except Exception as error:
        pdf.error = error


def _compile(pdf: _SplitPdf, source_id: str) -> FrontendResult:
    """What `pdf.read_pdf` returns for the file, from the pages the workers read."""
    from skillc.compiler.frontends.pdf import _unreadable, compile_pdf

    if pdf.result is not None:
        return pdf.result
    try:
        raw = [page for future in pdf.ranges for page in future.result()]
    except BrokenProcessPool:  # a dead worker: the whole pool is gone, see `read_files`
        raise
    except Exception as error:  # `read_page` never raises: a bug, reported as `guarded` does
        result = FrontendResult(skills=(), diagnostics=(crash_diagnostic(source_id, error),))
        pdf.result, pdf.reader, pdf.ranges = result, None, ()
        return result
    try:
        if pdf.error is not None:
            raise pdf.error
        result = compile_pdf(raw, pdf.entries, source_id=source_id, title=pdf.title)
    except Exception as error:
        result = FrontendResult(skills=(), diagnostics=(_unreadable(source_id, error),))
    pdf.result, pdf.reader, pdf.ranges = result, None, ()  # free the pages as soon as used
    return result


__all__ = ["page_ranges", "read_files", "resolve_jobs"]
