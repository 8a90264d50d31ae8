"""Reading a build's sources through the cache: hits are taken, misses read and stored.

Only the sources whose key changed go to the executor (`skillc.compiler.parallel`); the
outcomes come back in input order, hits and fresh reads interleaved, so the module the driver
assembles is the one a build without the cache makes. A frontend that crashed on a page
(SK081) is not stored: the crash may be the machine's (memory), and it must be seen again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from skillc.compiler.cache.keys import group_key, source_key, targets_digest
from skillc.compiler.cache.results import SourceResults
from skillc.compiler.cache.store import Store
from skillc.compiler.cache.toctrees import DeclaredToctrees
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.input_pages import CHANGED
from skillc.compiler.inputs import InputFile
from skillc.compiler.source_options import show_ranges
from skillc.compiler.tasks import Declaring, Outcome, Shared
from skillc.diagnostics import Diagnostic, Severity

CORRUPT = "SK120"


def cached_outcomes(
    state: Shared,
    jobs: int,
    cache: SourceResults | None,
    executor: str = "local",
    meanwhile: Callable[[], None] | None = None,
    declaring: Declaring | None = None,
) -> Iterator[Outcome]:
    """Each source's outcome in input order: from ``cache`` when its key is stored, else read
    by ``executor`` (with ``jobs`` local processes) and stored (``meanwhile``, ``declaring``:
    see `skillc.compiler.parallel.read_files`; a source taken from the cache declares the
    toctrees kept when it was read, for the same pages of the build: `cache.toctrees`)."""
    from skillc.compiler.parallel import read_files

    if cache is None:
        yield from read_files(state, jobs, executor, meanwhile, declaring)
        return
    digest = targets_digest(state.targets.labels, state.targets.titles)
    keys = [
        source_key(
            frontend=f.frontend,
            source_id=f.id,
            sha256=f.sha256,
            targets=digest,
            extra=f"pages={show_ranges(f.parts)}" if f.parts else "",
        )
        for f in state.files
    ]
    hits: dict[int, Outcome] = {}
    trees = DeclaredToctrees(cache.store, declaring.ids) if declaring is not None else None
    for i, (item, key) in enumerate(zip(state.files, keys, strict=True)):
        found = cache.get(key, item.id, tuple)
        if found is not None and _is_outcome(found):
            hits[i] = found
            if trees is not None and declaring is not None and _declares(found[1]):
                _kept_toctrees(trees, declaring, item.id, key)
    todo = tuple(f for i, f in enumerate(state.files) if i not in hits)
    todo_keys = tuple(key for i, key in enumerate(keys) if i not in hits)
    # stored where each is read (`_put_read`), except by a cluster: stored here
    here = executor != "local"
    put = None if here else partial(_put_read, cache.store, todo_keys)
    todo_state = Shared(files=todo, targets=state.targets)
    fresh = iter(read_files(todo_state, jobs, executor, meanwhile, declaring, put))
    for i, key in enumerate(keys):
        if i in hits:
            cache.stats.cached += 1
            yield hits[i]
            continue
        outcome = next(fresh)
        cache.stats.read += 1
        declared = declaring.found.get(state.files[i].id) if declaring is not None else None
        if trees is not None and declared is not None and not _crashed(outcome[1]):
            trees.put(key, declared)
        if here and not _crashed(outcome[1]):
            cache.put(key, outcome)
        yield outcome


def _put_read(store: Store, keys: Sequence[str], index: int, outcome: Outcome) -> None:
    """Store ``outcome``, of the ``index``th source read, under its key ``keys[index]``,
    unless it must be read again (`_crashed`).

    Why where it is read: pickling a build's outcomes for the cache took the parent as long
    as unpickling them (python-doc at ``-j2``: 0.3 s of its CPU with the file writes), while
    the workers read on, on the same cores; the worker that made an outcome pickles and
    writes it as well as any process, and the store's writes are atomic."""
    if not _crashed(outcome[1]):
        SourceResults(store).put(keys[index], outcome)


def cached_group(
    name: str,
    files: Sequence[InputFile],
    cache: SourceResults,
    read: Callable[[str, Sequence[InputFile]], FrontendResult],
    options: str = "",
) -> FrontendResult:
    """``read(name, files)`` (a kind read whole, e.g. ticket exports), or its stored result
    when the same sources were read before with the same ``options`` (their key: the ticket
    columns named change what is read)."""
    sources = [(f.id, f.sha256) for f in files]
    key = group_key(frontend=name, sources=sources, extra=options)
    found = cache.get(key, files[0].id if files else name, FrontendResult)
    if isinstance(found, FrontendResult):
        cache.stats.cached += len(files)
        return found
    result = read(name, files)
    cache.stats.read += len(files)
    if not _crashed(result):
        cache.put(key, result)
    return result


def corrupt_notes(labels: Sequence[str]) -> list[Diagnostic]:
    """One SK120 note per source whose cache entry was damaged (and has been read again)."""
    message = "the cache entry of this source was damaged (hash mismatch); it was read again"
    return [
        Diagnostic(code=CORRUPT, message=message, severity=Severity.INFO, path=label)
        for label in labels
    ]


def _declares(result: FrontendResult | None) -> bool:
    """Whether `toctree_trails` reads the toctrees of a page with this result: one its
    frontend gave no trail (breadcrumbs) of its own (`tasks.read_declaring`)."""
    return result is None or not result.trail


def _kept_toctrees(trees: DeclaredToctrees, declaring: Declaring, source_id: str, key: str) -> None:
    """The toctrees of a page taken from the cache, as found when it was read, handed to
    ``declaring`` (`skillc.compiler.cache.toctrees`); when they are not kept, the parent
    reads the page again to find them, as for a page read without ``declaring``."""
    found = trees.get(key)
    if found is not None:
        declaring.found[source_id] = found


def _is_outcome(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and (value[1] is None or isinstance(value[1], FrontendResult))
    )


def _crashed(result: FrontendResult | None) -> bool:
    """A frontend crash (SK081) or a page that changed while it was read (SK019): the next
    build must read it again."""
    return result is not None and any(d.code in ("SK081", CHANGED) for d in result.diagnostics)


__all__ = ["CORRUPT", "cached_group", "cached_outcomes", "corrupt_notes"]
