"""The build driver: inputs -> frontends -> passes -> backends -> files on disk.

`build` is what ``skillc build`` runs. It is deterministic: inputs are read in sorted id order,
passes see only the module and the options, and the lock (``skills.lock``,
`skillc.compiler.lockfile`) records content hashes, never times or absolute paths, so two
builds of the same inputs are byte-identical whatever the hash seed, the file order on disk or
the clock.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillc.compiler.cache import Bases, SourceResults, Store
from skillc.compiler.cache.builds import BuildRecord, Builds, build_key
from skillc.compiler.cache.memo import StoreMemo
from skillc.compiler.cache.reads import corrupt_notes
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.tickets.fields import TicketFields
from skillc.compiler.input_pages import CHANGED, PageTexts
from skillc.compiler.inputs import Failure, Gathered, InputFile
from skillc.compiler.known_inputs import gather_known, read_all
from skillc.compiler.output import LOCK, check_destination, write_tree
from skillc.compiler.packed_inventory import packed
from skillc.compiler.page_failures import fail_unread_pages
from skillc.compiler.skill_sources import SkillSources, skill_sources
from skillc.compiler.source_options import PagesOutOfRange, SourceOptions
from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir.nodes import Skill, SkillModule, Source
from skillc.passes.memo import Memo
from skillc.passes.options import CHAPTER_SECTIONS, LISTING_BUDGET, MAX_BLOCK_TOKENS, PassOptions
from skillc.passes.pipelines import DEFAULT_PIPELINE
from skillc.passes.skipped import GENERATED, SkippedPage

if TYPE_CHECKING:  # loaded by `preload` while the workers read, not before they start
    from skillc.package.emit import Emitter


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What a build was asked to do; everything a pass may read comes from here."""

    pipeline: str = "O1"
    #: None: the name one archive input declares, read while gathering (`named_after`).
    name_prefix: str | None = ""
    verify_each: bool = False
    print_after: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    max_body_lines: int = 500
    max_body_tokens: int = 5000
    #: The URL of the input root (``--base-url``): links that leave the build are made absolute
    #: against it (rewrite-links); ``""`` keeps them as text unless a page declares its URL.
    base_url: str = ""
    #: Processes reading the sources (``0``: one per CPU); outputs do not depend on it.
    jobs: int = 1
    library_name: str = ""
    #: ``library_name`` is only the input folder's name (`infer_library_name`: the packager's
    #: ``amc-pdf``), which the name the pages share replaces (library-index).
    library_inferred: bool = False
    index: str = "auto"
    #: Which pages become skills: ``all`` (reference pages too) or ``tasks`` (pages with steps).
    pages: str = "all"
    #: The grain of the skills: ``auto`` (`skillc.compiler.grain`: chapters, folded further
    #: while the listing is over ``listing_budget``), ``page``, ``chapter`` or ``manual``.
    group: str = "auto"
    #: The tokens the skills' listing (names and descriptions) may take (``auto``; SK024).
    listing_budget: int = LISTING_BUDGET
    #: The sections of a chapter at most (set by ``auto`` when it folds chapters into parts).
    chapter_sections: int = CHAPTER_SECTIONS
    #: Replace output files edited by hand, or not written by skillc, that the build writes.
    force: bool = False
    #: The budget of one reference file or part (None: the body's).
    max_reference_lines: int | None = None
    max_reference_tokens: int | None = None
    #: Blocks over this many tokens are cut into parts (code is reported instead).
    max_block_tokens: int = MAX_BLOCK_TOKENS
    #: Columns of flat ticket exports (``--ticket-field``), for telling and reading them.
    ticket_fields: TicketFields = field(default_factory=TicketFields)
    #: Also write each skill as ``<name>.skill`` (a zip) beside its folder.
    archive: bool = False
    #: The build cache folder (per-source results, merge bases; `skillc.compiler.cache`);
    #: ``None`` builds without one. The CLI passes ``.skillc-cache/`` unless ``--no-cache``.
    cache_dir: str | None = None
    #: Where the per-source read tasks run: ``local`` (processes of this machine, ``jobs``) or
    #: ``dask://HOST:PORT`` (a Dask distributed scheduler; `skillc.compiler.executors`).
    executor: str = "local"
    #: Options the project gives single sources (`skillc.compiler.source_options`).
    sources: tuple[SourceOptions, ...] = ()
    #: Set by the build from ``sources`` and the pages gathered (`PassOptions.name_prefixes`).
    name_prefixes: tuple[tuple[str, str], ...] = ()

    def pass_options(self) -> PassOptions:
        """The options the passes read: the ones that shape the output."""
        return PassOptions(
            name_prefix=self.name_prefix or "",
            library_name=self.library_name,
            library_inferred=self.library_inferred,
            index=self.index,
            pages=self.pages,
            group=self.group,
            chapter_sections=self.chapter_sections,
            base_url=self.base_url,
            name_prefixes=self.name_prefixes,
            max_body_lines=self.max_body_lines,
            max_body_tokens=self.max_body_tokens,
            max_reference_lines=self.max_reference_lines,
            max_reference_tokens=self.max_reference_tokens,
            max_block_tokens=self.max_block_tokens,
            listing_budget=self.listing_budget,
        )

    def kind_options(self) -> KindOptions:
        """The options the input kinds are told (which files are ticket exports, how read)."""
        return KindOptions(ticket_fields=self.ticket_fields)


@dataclass(slots=True, kw_only=True)
class BuildResult:
    """What a build did: counts for the summary, diagnostics, per-pass timings.

    ``failed`` lists the input pages that could not be read (source id and reason, as in the
    manifest); the other pages were still built and, unless the build itself found errors,
    written.
    """

    sources: int = 0
    skills: int = 0
    files: int = 0
    #: Output files this build wrote or replaced, and files of the previous build it removed;
    #: both 0 on a rebuild that changes nothing.
    changed: int = 0
    removed: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: tuple[Any, ...] = ()
    #: Pages made no skill (generated navigation, pages without a procedure), in report order.
    skipped: list[SkippedPage] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    #: Source id -> the path the page was read from, as the user named it (``archive!/member``
    #: for archive members): where ``--format sarif|github`` locates findings.
    paths: dict[str, str] = field(default_factory=dict)
    #: What the frontends counted, by name (tickets read, values redacted by type...); the
    #: summary has them under ``counts`` when there are any.
    counts: dict[str, int] = field(default_factory=dict)
    #: What changed against the previous lock (`skillc.compiler.drift.Drift`), once computed.
    drift: Any = None
    #: Seconds per phase (read, passes, emit, write), in that order.
    phases: dict[str, float] = field(default_factory=dict)
    #: The emitted files (``<name>/<path>`` -> bytes; archives and the lock too), for reports.
    outputs: dict[str, bytes] = field(default_factory=dict)
    #: What the risk report reads of the compiled skills (`SkillSources`: it maps findings
    #: back to sources through them).
    compiled_skills: Sequence[SkillSources] = ()
    #: Sources whose frontend result came from the cache, and sources read by a frontend.
    cached: int = 0
    read: int = 0
    #: The grain the skills were built at (``page``, ``chapter``, ``part``, ``manual``) and
    #: the tokens of their listing (names and descriptions; `skillc.compiler.grain`).
    grain: str = ""
    listing_tokens: int = 0

    def summary(self) -> dict[str, Any]:
        extra = {"counts": dict(sorted(self.counts.items()))} if self.counts else {}
        return {
            "sources": self.sources,
            "skills": self.skills,
            "files": self.files,
            "changed": self.changed,
            "removed": self.removed,
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "errors": sum(d.severity is Severity.ERROR for d in self.diagnostics),
            "warnings": sum(d.severity is Severity.WARNING for d in self.diagnostics),
            "cached": self.cached,
            "read": self.read,
            "grain": self.grain,
            "listing_tokens": self.listing_tokens,
            **extra,
        }

    def exit_code(self) -> int:
        """2 when input pages failed (input error, even though the rest was written), else 1
        when the build found errors (nothing written), else 0."""
        if self.failed:
            return 2
        return 1 if any(d.severity is Severity.ERROR for d in self.diagnostics) else 0


def read_sources(
    files: Sequence[InputFile],
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    inventories: dict[str, Any] | None = None,
    skipped_pages: list[SkippedPage] | None = None,
    counts: dict[str, int] | None = None,
    cache: SourceResults | None = None,
    executor: str = "local",
    kind_options: KindOptions | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[SkillModule, list[Diagnostic]]:
    """Run each file through the frontend it names (`skillc.compiler.frontends.table`); the
    module lists the sources and all their skills.

    Cross-references (``{ref}``, ``:ref:``, ``:doc:``) resolve against the labels and titles of
    every page of the build (`skillc.compiler.tasks.shared`). ``progress`` is called with each
    source id once it has been read (the CLI's progress bar). ``jobs`` processes read the files
    (``0``: one per CPU; large PDFs are split by pages, see `skillc.compiler.parallel`); their
    outcomes are assembled here in input order whatever ``jobs`` is, so the module and
    diagnostics do not depend on it.
    ``inventories``, when given, receives what each source holds by a bare parse (source id ->
    `SourceInventory`), for verify-no-loss to check the frontends against. ``skipped_pages``,
    when given, receives a `SkippedPage` for each page not read (generated navigation), which
    is also reported (SK042). ``counts``, when given, receives the frontends' counts
    (`FrontendResult.counts`: tickets read, values redacted...) added up by name.
    ``cache``, when given, supplies the results of sources read before with the same key
    (`skillc.compiler.cache.keys`) and stores the others; its ``stats`` count both.
    ``executor`` names where the reading tasks run (`skillc.compiler.parallel.read_files`).
    ``kind_options`` are what kinds read whole are told (ticket columns; default: none).
    ``meanwhile`` is called while a pool's workers read, if one is started (`preload`).
    """
    from skillc.compiler.cache.reads import cached_outcomes
    from skillc.compiler.tasks import Declaring, shared

    sources: list[Source] = []
    skills: list[Skill] = []
    diagnostics: list[Diagnostic] = []
    names: dict[str, str] = {}
    together = {f.name for f in table.FRONTENDS if f.read_all is not None}
    singles = [item for item in files if item.frontend not in together]
    # the toctrees of the pages, found as they are read (`toctree_trails`)
    declaring = Declaring(ids=frozenset(item.id for item in files))
    # Lazily: the progress bar moves as sources are read.
    state = shared(singles)
    outcomes = iter(cached_outcomes(state, jobs, cache, executor, meanwhile, declaring))
    for item in files:
        skip_reason, result = ("", None) if item.frontend in together else next(outcomes)
        if skip_reason:
            page = SkippedPage(path=item.id, title=item.id, reason=skip_reason, code=GENERATED)
            diagnostics.append(page.diagnostic())
            if skipped_pages is not None:
                skipped_pages.append(page)
        elif result is not None:
            skills.extend(result.skills)
            diagnostics.extend(result.diagnostics)
            _add_counts(counts, result)
            names.update(result.names)
            if inventories is not None and result.inventory is not None:
                inventories[item.id] = packed(result.inventory)  # held compressed
        url = result.url if result is not None else ""  # the page's own URL, when it says
        # its breadcrumbs: the manual's own chapters
        trail, titles = (result.trail, result.trail_titles) if result is not None else ((), ())
        sources.append(
            Source(
                id=item.id,
                media_type=item.media_type,
                sha256=item.sha256,
                url=url,
                trail=trail,
                trail_titles=titles,
                anchors=result.anchors if result is not None else (),
            )
        )
        if progress is not None:
            progress(item.id)
    for name in sorted(together):  # kinds read whole, after the others: skills span sources
        grouped = [item for item in files if item.frontend == name]
        if grouped:
            result = read_together(name, grouped, cache, executor, kind_options or KindOptions())
            skills.extend(result.skills)
            diagnostics.extend(result.diagnostics)
            _add_counts(counts, result)
    if cache is not None:
        diagnostics.extend(corrupt_notes(cache.stats.corrupt))
    skills = _named(skills, names)
    # the toctrees of RST and MyST pages: the manual's own chapters, as breadcrumbs are
    from skillc.compiler.toctree_trails import toctree_trails  # lxml: see `preload`

    texts = PageTexts(files)
    sources = toctree_trails(sources, texts, skills, declaring.found)
    from skillc.compiler.frontends.html.longdesc import longdesc_titled  # lxml: see `preload`

    skills = longdesc_titled(skills, sources, texts)  # after: the trails place them
    return SkillModule(sources=tuple(sources), skills=unique_ids(skills)), diagnostics


def _named(skills: list[Skill], names: dict[str, str]) -> list[Skill]:
    """Skills read from a page another source names (`FrontendResult.names`) renamed."""
    if not names:
        return skills
    from dataclasses import replace

    return [
        replace(s, name=names[s.prov[0].source]) if s.prov and s.prov[0].source in names else s
        for s in skills
    ]


def _add_counts(counts: dict[str, int] | None, result: FrontendResult) -> None:
    if counts is not None:
        for name, n in result.counts:
            counts[name] = counts.get(name, 0) + n


def read_together(
    name: str,
    files: Sequence[InputFile],
    cache: SourceResults | None = None,
    executor: str = "",
    options: KindOptions | None = None,
) -> FrontendResult:
    """Every source of kind ``name`` read by its ``read_all`` in one call (in id order), in
    this process, or as one task on the cluster a ``dask://`` ``executor`` names; a
    frontend that raises costs its sources (SK081 on each), never the build. With ``cache``,
    the result of the same sources read before is reused (`skillc.compiler.cache.reads`).
    ``options`` are the build's (ticket columns; default: none)."""
    from functools import partial

    options = options or KindOptions()
    read = partial(_read_together, executor=executor, options=options)
    if cache is None:
        return read(name, files)
    from skillc.compiler.cache.reads import cached_group

    return cached_group(name, files, cache, read, repr(options))


def _read_together(
    name: str, files: Sequence[InputFile], executor: str, options: KindOptions
) -> FrontendResult:
    from skillc.compiler.distributed import SCHEME, read_whole_on_cluster
    from skillc.compiler.tasks import crash_diagnostic

    frontend = table.by_name(name)
    assert frontend.read_all is not None
    pairs = [(f.id, f.data if frontend.binary else f.text) for f in files]
    try:
        if executor.startswith(SCHEME):
            return read_whole_on_cluster(name, pairs, executor, options)
        return frontend.read_all(pairs, options)
    except SkillcError:  # the cluster cannot be used (SK123): the build stops, as for pages
        raise
    except Exception as error:  # any frontend bug; Ctrl-C still stops the build
        crashes = tuple(crash_diagnostic(f.id, error) for f in files)
        return FrontendResult(skills=(), diagnostics=crashes)


def unique_ids(skills: Sequence[Skill]) -> tuple[Skill, ...]:
    """Skills with ids made unique in input order (``SKILL_A_B``, ``SKILL_A_B_2``...).

    Ids come from page paths, and ``a-b/c.md`` and ``a/b-c.md`` spell the same id; passes
    match skills by id (verify-no-loss against the frontends' baseline), so ids must be unique
    before the first pass runs.
    """
    from dataclasses import replace

    seen: set[str] = set()
    result = []
    for skill in skills:
        new, n = skill.id, 2
        while new in seen:
            new, n = f"{skill.id}_{n}", n + 1
        seen.add(new)
        result.append(skill if new == skill.id else replace(skill, id=new))
    return tuple(result)


def preload(pipeline: str | Sequence[str] = DEFAULT_PIPELINE) -> None:
    """Load what the build needs after reading whatever the sources hold: the pass modules,
    the grain's, the lint rules report-leaks runs, the token counter's ranks, the HTML
    longdesc and toctree steps (lxml) `read_sources` ends with, the backend, the lock and the
    build report (all loaded on first use otherwise); the HTML steps and the emitter are not
    imported with this module, so that the workers start without waiting for them.

    Why: the build calls this while the reading pool's workers read (`read_sources`'
    ``meanwhile``), when the parent would wait with a core free; loaded before the pool
    starts (the grain's modules were) or after the reading, this ~0.3 s was serial, the
    workers waiting for it or it for them (bashref at ``-j2``: a seventh of the build).
    Loading is all it does, so the outputs are the same whenever (or whether) it runs. Only
    the passes ``pipeline`` plans are loaded (`skillc.passes.load`).
    """
    from skillc.compiler import grain, lockfile, toctree_trails  # noqa: F401
    from skillc.compiler.backends import archive, build_report, skill_md  # noqa: F401
    from skillc.compiler.frontends.html import longdesc  # noqa: F401
    from skillc.lint import config, engine  # noqa: F401  (report-leaks' lint run)
    from skillc.lint.codes import load_rules
    from skillc.passes import load
    from skillc.tokens import ready

    load(pipeline)
    load_rules()
    ready()


def _preload_with(pipeline: str | Sequence[str], also: Callable[[], None] | None) -> None:
    preload(pipeline)
    if also is not None:
        also()


def compile_module(
    module: SkillModule,
    options: BuildOptions,
    on_print: Callable[[str, str], None] | None = None,
    inventories: dict[str, Any] | None = None,
    emitter: Emitter | None = None,
    skipped_pages: list[SkippedPage] | None = None,
    memo: Memo | None = None,
) -> tuple[SkillModule, list[Diagnostic], tuple[Any, ...]]:
    """Run the pass pipeline named by ``options`` over ``module`` (``inventories``: what each
    source holds, from `read_sources`, for verify-no-loss, which checks them before the passes
    run and empties the dict; ``emitter``: shared with
    `render_package_files`, so what the checks rendered is not rendered again; ``memo``:
    per-skill pass results kept in the build cache;
    ``skipped_pages``: receives the pages passes left out, as `read_sources`' does)."""
    from skillc.compiler.beside import beside_map
    from skillc.compiler.grain import with_grain
    from skillc.compiler.pass_map import pass_map
    from skillc.passes import load, load_all
    from skillc.passes.manager import plan, run
    from skillc.passes.verify_baseline import baseline_of

    if options.print_after:  # any pass may be named to print after
        load_all()
    else:
        load(options.pipeline)
    options, _ = with_grain(options, module)
    steps = plan(options.pipeline, disable=options.disable)
    verifying = any(step.name == "verify-no-loss" for step in steps)
    # What was read is the passes' input and what they share their results with: the
    # collector need not walk it again at every full collection while they run (python-doc:
    # ~70,000 nodes). Freezing keeps nothing alive: a part a pass replaced is freed.
    gc.freeze()
    try:
        if inventories and verifying:
            inventories = _checked(module, inventories, options.jobs, memo)
        # verify-no-loss's baseline is a digest of the module (`baseline_of`), not the module:
        # held whole to the end, what the passes replaced (nearly every block) was a second
        # copy of the IR, growing with the corpus. The module is handed over to `run`, not
        # kept here, so its parts are freed as the passes replace them (a caller that hands
        # it over too, as `_compile_all` does, holds none of it either).
        baseline = baseline_of(module) if verifying else None
        handed = [module]
        del module
        result = run(
            handed.pop(),
            steps,
            options=options.pass_options(),
            baseline=baseline,
            inventories=inventories,
            closing_lines=table.closing_lines(),
            emitter=emitter,
            verify_each=options.verify_each,
            print_after=options.print_after,
            on_print=on_print,
            memo=memo,
            parallel_map=pass_map(options.jobs),
            beside_map=beside_map(options.jobs),
        )
    finally:
        gc.unfreeze()
    if skipped_pages is not None:
        skipped_pages.extend(result.skipped)
    return result.module, list(result.diagnostics), result.records


def _checked(
    module: SkillModule, inventories: dict[str, Any], jobs: int, memo: Memo | None = None
) -> dict[str, Any]:
    """verify-no-loss's check of the sources, done before the passes (`checked_sources`); the
    caller's inventories are emptied, so they are not held while the passes run. At ``-j2``
    and up, on a module small enough, the check runs in a forked child beside the passes
    (`skillc.compiler.beside.Pending`), and verify-no-loss takes its answer at the end (the
    module as read is then held until it does, for the case where the child fails: bounded
    by `BESIDE_MAX_UNITS`)."""
    from skillc.compiler import beside
    from skillc.compiler.pass_map import pass_map
    from skillc.passes.registry import BESIDE_MAX_UNITS, estimated_work, worth_a_pool
    from skillc.passes.verify_source import (
        CHECK_PER_BLOCK_US,
        SOURCE_CHECK_US,
        CheckedSources,
        checked_sources,
    )

    units = estimated_work(module.skills, 1.0)
    if (
        beside.beside_map(jobs) is not None
        and beside.can_fork()
        and units <= BESIDE_MAX_UNITS
        and units * CHECK_PER_BLOCK_US >= MIN_CHECK_BESIDE_US
        and not all(found is None or found.empty() for found in inventories.values())
    ):
        pending = beside.Pending(_source_losses_task, (module, dict(inventories)))
        inventories.clear()
        return CheckedSources(pending.result)
    parallel = pass_map(jobs)

    def map_(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if parallel is not None and worth_a_pool(items, SOURCE_CHECK_US):  # as `PassContext.map`
            return parallel(fn, items)
        return [fn(item) for item in items]

    checked = checked_sources(module, inventories, map_, memo)
    inventories.clear()
    return checked


#: `_checked` runs in a child beside the passes when it is expected to take this long (a fork
#: costs the parent 1-2 ms, and its later writes to the pages it shared ~8 ms on bashref.pdf).
MIN_CHECK_BESIDE_US = 15_000


def _source_losses_task(task: tuple[SkillModule, dict[str, Any]]) -> list[Diagnostic]:
    from skillc.passes.verify_source import source_losses

    return source_losses(*task)


def render_package_files(
    skills: Sequence[Skill], emitter: Emitter | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every package's files under ``<name>/``, checked for lost code blocks."""
    from skillc.compiler.backends.skill_md import package_files

    return package_files(skills, emitter)


def build(
    inputs: Sequence[str],
    out: str,
    options: BuildOptions,
    on_print: Callable[[str, str], None] | None = None,
    progress: Callable[[int], Callable[[str], None]] | None = None,
    on_wait: Callable[[], None] | None = None,
    *,
    check: bool = False,
    check_inputs: Callable[[Sequence[InputFile]], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> BuildResult:
    """Compile ``inputs`` into packages under ``out``.

    Raises `SkillcError` on a usage error (a path that cannot be used at all) or when no input
    page is usable; pages that fail inside folders and archives are reported, listed in
    ``failed`` and in the lock, and the others are built and written (see
    `skillc.compiler.inputs`). ``progress``, when given, is called with the number of sources
    and returns the per-source callback handed to `read_sources`. ``on_wait`` is called when
    another build holds the output folder's lock (this one then waits for it).
    ``check_inputs`` is shown the gathered files before any is read (the project's declared
    kinds); it raises `SkillcError` to stop the build. ``meanwhile`` is the caller's own
    loading, done with `preload` while the reading workers read (the CLI's summary table).

    Only files the previous build wrote are replaced or removed (`skillc.compiler.output`); a
    hand edit is merged with the new text against the last generated one (the cache's merge
    base; SK121, or SK122 and nothing written on a conflict), and without a base, or where a
    file of someone else's lies where this build writes one, the build stops before anything
    is written (errors SK014/SK015, exit 1) unless ``options.force``. With ``check``
    nothing is written: the result's diagnostics say which skills and sources differ from the
    lock and the files in ``out`` (SK105-SK107, exit 1 when any skill or the lock is stale).
    """
    from skillc.compiler import drift as drifting

    started = time.perf_counter()
    out_path = Path(out)
    check_destination(out_path, [Path(p) for p in inputs if Path(p).exists()])
    kinds = options.kind_options()  # which files are ticket exports, and how read
    store = Store(Path(options.cache_dir)) if options.cache_dir else None
    # A build that prints or verifies the IR must run its passes: no whole-build entry.
    replayable = not (options.print_after or options.verify_each)
    builds = Builds(store) if store and replayable else None
    # Unchanged files are known by their stat (their text is read only on a miss).
    context = repr(options.ticket_fields)
    # Lazily: each page's text is read again where the page is read, not held by the build.
    known = gather_known(inputs, store if builds else None, context, kinds, lazy=True)
    gathered = known.gathered
    options = named_after(options, inputs, gathered)
    if check_inputs is not None:
        check_inputs(gathered.files)
    key = _build_key(inputs, gathered, options) if builds else ""
    record = builds.get(out_path, key) if builds else None
    if record is None and known.deferred:
        gathered = read_all(inputs, known, context, kinds, lazy=True)
        key = _build_key(inputs, gathered, options) if builds else ""
    result = BuildResult(
        sources=len(gathered.files),
        paths={item.id: str(item.path) for item in gathered.files},
        cached=len(gathered.files) if record else 0,
        read=0,
    )
    if record is None:
        record = _compile_all(
            gathered, inputs, options, result, store, on_print, progress, meanwhile
        )
    if record is None:  # the build found errors: nothing is written
        result.seconds = time.perf_counter() - started
        return result
    result.diagnostics = [*record.problems, *record.diagnostics]
    result.failed, result.skipped = list(record.failed), list(record.skipped)
    result.counts = dict(record.counts)
    result.compiled_skills = record.compiled
    outputs = record.files
    previous = drifting.previous_lock(out_path)
    result.drift = drifting.compare(previous, outputs, out=out_path if check else None)
    result.outputs = outputs
    if check:
        result.diagnostics.extend(drifting.diagnostics(result.drift, out, result.paths))
        return _finish(result, record, started)
    bases = Bases(store) if store else None
    before_write = time.perf_counter()
    written = write_tree(
        out_path, outputs, force=options.force, on_wait=on_wait, base=bases.get if bases else None
    )
    result.phases["write"] = time.perf_counter() - before_write
    result.diagnostics.extend([*written.notes, *written.conflicts])
    if written.conflicts:
        result.seconds = time.perf_counter() - started
        return result
    if bases is not None:  # what this build generated: the merge bases of the next one
        bases.keep(outputs)
    if builds is not None and not any(d.code == CHANGED for d in record.problems):
        builds.put(out_path, key, record)  # not a page that changed mid-build: read it again
    result.changed, result.removed = written.written, written.removed
    return _finish(result, record, started)


def named_after(options: BuildOptions, inputs: Sequence[str], gathered: Gathered) -> BuildOptions:
    """``options`` with the name prefix left to the build (None: one archive input) taken
    from the name the archive declares, read in the pass over its pages, and the library
    name from it when none was given (as `skillc.cli_project.options_for` does for folders)."""
    if options.name_prefix is not None:
        return options
    from skillc.compiler.library_name import infer_library_name

    name = gathered.declared_name
    library = options.library_name or name or infer_library_name(inputs)
    inferred = not (options.library_name or name)
    return replace(options, name_prefix=name, library_name=library, library_inferred=inferred)


def _build_key(inputs: Sequence[str], gathered: Gathered, options: BuildOptions) -> str:
    """What a whole build depends on (`skillc.compiler.cache.builds`): how it is run (jobs,
    executor, cache folder, ``--force``) is left out, since the files do not depend on it."""
    from dataclasses import asdict

    shaping = {
        k: v
        for k, v in asdict(options).items()
        if k not in ("jobs", "executor", "cache_dir", "force")
    }
    shaping["failed"] = [[f.id, f.reason] for f in gathered.failed]
    pages = [(f.id, f.frontend, f.media_type, f.sha256) for f in gathered.files]
    return build_key(inputs, pages, shaping)


def _read(files: Sequence[InputFile]) -> list[InputFile]:
    """The pages without their text once the frontends have read them: the passes never look
    at it, and a corpus's text held to the end made a build's memory grow with the corpus."""
    return [replace(f, text="", data=b"") for f in files]


def _compile_all(
    gathered: Gathered,
    inputs: Sequence[str],
    options: BuildOptions,
    result: BuildResult,
    store: Store | None,
    on_print: Callable[[str, str], None] | None,
    progress: Callable[[int], Callable[[str], None]] | None,
    meanwhile: Callable[[], None] | None = None,
) -> BuildRecord | None:
    """Read, compile and render the build, the lock and archives included (``result``
    receives the counts, phase timings and, when the build finds errors, its diagnostics);
    ``None`` when it found errors."""
    started = time.perf_counter()
    files_in, options = _per_source(gathered.files, options, len(inputs) > 1)
    reading = progress(len(files_in)) if progress else None
    inventories: dict[str, Any] = {}
    skipped: list[SkippedPage] = []
    counts: dict[str, int] = {}
    cache = SourceResults(store) if store else None
    try:
        module, diagnostics = read_sources(
            files_in,
            reading,
            options.jobs,
            inventories,
            skipped,
            counts,
            cache,
            options.executor,
            options.kind_options(),
            partial(_preload_with, options.pipeline, meanwhile),
        )
    except PagesOutOfRange as error:
        raise _out_of_range(error, options.sources) from None
    module = _with_urls(module, files_in, options.sources, len(inputs) > 1)
    # Pages a frontend could not read fail alone, as bad pages found by `gather` do.
    module, diagnostics = fail_unread_pages(gathered, inputs, module, diagnostics, inventories)
    files_in = gathered.files = _read(gathered.files)
    phases = result.phases
    phases["read"] = time.perf_counter() - started
    from skillc.package.emit import Emitter  # see `preload`

    emitter = Emitter()
    memo = StoreMemo(store) if store else None
    from skillc.compiler import grain as grains  # after the pool starts: see `preload`

    options, grain = grains.with_grain(options, module)
    handed = [module]  # not held here while the passes run: see `compile_module`
    del module
    compiled, pass_diagnostics, result.records = compile_module(
        handed.pop(), options, on_print, inventories, emitter, skipped, memo
    )
    phases["passes"] = time.perf_counter() - started - sum(phases.values())
    diagnostics.extend(pass_diagnostics)
    listing = grains.listing_tokens(compiled.skills)
    diagnostics += grains.over_budget(listing, len(compiled.skills), grain, options.listing_budget)
    outputs, lost = render_package_files(compiled.skills, emitter)
    diagnostics.extend(lost)
    result.cached = cache.stats.cached if cache else 0
    result.read = cache.stats.read if cache else len(files_in)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        result.diagnostics = [*gathered.problems, *diagnostics]
        result.failed, result.skipped, result.counts = gathered.failed, skipped, counts
        return None
    outputs = _with_lock(compiled, outputs, options, skipped, gathered.failed)
    phases["emit"] = time.perf_counter() - started - sum(phases.values())
    return BuildRecord(
        files=outputs,
        diagnostics=tuple(diagnostics),
        problems=tuple(gathered.problems),
        failed=tuple(gathered.failed),
        skipped=tuple(skipped),
        counts=counts,
        skills=len(compiled.skills),
        compiled=tuple(skill_sources(skill) for skill in compiled.skills),
        grain=grain,
        listing_tokens=listing,
    )


def _per_source(
    files: Sequence[InputFile], options: BuildOptions, labelled: bool
) -> tuple[list[InputFile], BuildOptions]:
    """The pages with their sources' page ranges, and the options with their name prefixes
    (`skillc.compiler.source_options`)."""
    from skillc.compiler.source_options import name_prefixes, with_parts

    if not options.sources:
        return list(files), options
    prefixes = name_prefixes(files, options.sources, labelled)
    return with_parts(files, options.sources), replace(options, name_prefixes=prefixes)


def _with_urls(
    module: SkillModule,
    files: Sequence[InputFile],
    sources: Sequence[SourceOptions],
    labelled: bool,
) -> SkillModule:
    """Sources whose project source sets ``base-url`` given their URL (a page's own wins)."""
    from skillc.compiler.source_options import source_urls

    urls = source_urls(files, sources, labelled) if sources else {}
    if not urls:
        return module
    found = tuple(
        replace(s, url=urls[s.id]) if not s.url and s.id in urls else s for s in module.sources
    )
    return replace(module, sources=found)


def _out_of_range(error: PagesOutOfRange, sources: Sequence[SourceOptions]) -> SkillcError:
    """SK104 at the project line that declares the page ranges a document does not have."""
    from skillc.diagnostics import input_error

    own = next((o for o in sources if o.pages == error.ranges), None)
    where = own.project if own is not None and own.project else error.source_id
    line = own.line if own is not None else 0
    return input_error(where, error.message(), code="SK104", line=line)


def _with_lock(
    compiled: SkillModule,
    outputs: dict[str, bytes],
    options: BuildOptions,
    skipped: Sequence[SkippedPage],
    failed: Sequence[Failure],
) -> dict[str, bytes]:
    """The skills' files, their ``.skill`` archives when asked, and the lock recording both."""
    from skillc.compiler.backends.archive import skill_archives
    from skillc.compiler.lockfile import lock_bytes

    archives = skill_archives(outputs) if options.archive else {}
    lock = lock_bytes(
        compiled,
        outputs,
        options=options.pass_options(),
        pipeline=options.pipeline,
        disable=options.disable,
        skipped=skipped,
        failed=failed,
        archives=archives,
        sources=list({o.declared: o.record() for o in options.sources}.values()),
    )
    return {**outputs, **archives, LOCK: lock}


def _finish(result: BuildResult, record: BuildRecord, started: float) -> BuildResult:
    result.skills = record.skills
    result.grain, result.listing_tokens = record.grain, record.listing_tokens
    result.files = len(record.files)
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["BuildOptions", "BuildResult", "SkillcError", "build"]
