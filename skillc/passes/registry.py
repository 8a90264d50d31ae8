"""The pass registry: every analysis and transform, with its declared dependencies.

Passes register themselves with the `transform`, `check` and `analysis` decorators when their
module is imported (`skillc.passes.load_all` imports them all). The manager
(`skillc.passes.manager`) orders them with a deterministic topological sort over ``requires``
and runs them, caching analyses in the `PassContext` until a transform that does not
``preserve`` them runs.

A transform is a pure function ``(module, ctx) -> module``; a check is ``(module, ctx) -> None``
that only reports diagnostics (the manager refuses one that returns a changed module); an
analysis is ``(module, ctx) -> R`` where ``R`` is an immutable result. Passes see only the
module, the typed ``ctx.options`` (`skillc.passes.options.PassOptions`) and what the driver
hands the context (``baseline``, ``inventories``): no clock, no randomness, no absolute paths,
so builds stay byte-identical. Checks that read the emitted packages get them from
``ctx.emitter``, which the backend then reuses, so each skill is rendered once.

The context also measures: every pass the manager runs and every analysis computed through
`PassContext.analysis` leaves a `PassRecord` (self time, node counts, diagnostics) in
``ctx.records``, which ``skillc build --timings`` prints (mypy's ``--timing-stats`` idea).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from skillc.diagnostics import Diagnostic, SkillcError
from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.memo import Memo, Stored, memoized_map
from skillc.passes.memo_keys import Made
from skillc.passes.options import PassOptions
from skillc.passes.skipped import SkippedPage

if TYPE_CHECKING:
    from skillc.package.emit import Emitter
    from skillc.passes.verify_baseline import Baseline

T = TypeVar("T")


class Kind(StrEnum):
    ANALYSIS = "analysis"
    TRANSFORM = "transform"
    #: Reports diagnostics about the module and cannot change it.
    CHECK = "check"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassInfo:
    """A registered pass. ``preserves=("*",)`` means the transform invalidates no analysis."""

    name: str
    kind: Kind
    fn: Callable[[SkillModule, PassContext], Any]
    requires: tuple[str, ...] = ()
    preserves: tuple[str, ...] = ()
    idempotent: bool = False
    doc: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PassRecord:
    """What one pass or analysis computation cost.

    ``ns`` is self time: time spent in analyses a pass triggered is recorded on those analyses, so
    the records of a run add up to its total. ``nodes_in``/``nodes_out`` are `count_nodes` before
    and after (equal for analyses); ``diagnostics`` is how many diagnostics it reported itself.
    """

    name: str
    kind: Kind
    ns: int
    nodes_in: int
    nodes_out: int
    diagnostics: int


def count_nodes(module: SkillModule) -> int:
    """The number of skills, scenes, logic steps, blocks and constraints in ``module``.

    >>> count_nodes(SkillModule())
    0
    """
    total = 0
    for skill in module.skills:
        total += 1 + len(skill.scenes) + len(skill.logic_steps)
        total += len(skill.blocks) + len(skill.constraints)
    return total


def estimated_work(items: Sequence[Any], cost: float) -> float:
    """Microseconds ``items`` are expected to take at ``cost`` microseconds per unit: one unit
    per item plus one per block of the skills an item is or holds (a skill, or a tuple with
    skills among its elements). A plain function of the items: the same on every run.

    >>> estimated_work([Skill(id="a"), (Skill(id="b"), 3)], cost=2.0)  # two items, no blocks
    4.0
    """
    units = len(items)
    for item in items:
        if isinstance(item, Skill):
            units += len(item.blocks)
        elif type(item) is tuple:
            units += sum(len(part.blocks) for part in item if isinstance(part, Skill))
    return units * cost


def estimated_saving(items: Sequence[Any], cost: float, back: float = 0.0) -> float:
    """Microseconds two workers are expected to save by the clock on ``items``: half the work
    (`estimated_work` at ``cost``) runs beside the other half, but the parent spends ``back``
    microseconds per unit bringing each result back (unpickling it and sharing its parts with
    the module). Two workers, whatever ``-j``: the machine this is tuned for has two cores, and
    the choice does not depend on the machine.

    >>> estimated_saving(["a", "b"], cost=10.0, back=1.0)
    8.0
    """
    return estimated_work(items, cost / 2 - back)


def min_pool_saving() -> float:
    """`MIN_POOL_SAVING_US`, or the value of `POOL_SAVING_ENV` when that is set."""
    value = os.environ.get(POOL_SAVING_ENV, "")
    try:
        return float(value) if value else MIN_POOL_SAVING_US
    except ValueError:
        return MIN_POOL_SAVING_US


def worth_a_pool(items: Sequence[Any], cost: float, back: float = 0.0) -> bool:
    """Whether to hand ``items`` to worker processes: at least `MIN_PARALLEL_ITEMS` items and
    an expected saving (`estimated_saving` at ``cost`` and ``back`` microseconds per unit) of
    at least `MIN_POOL_SAVING_US` (`min_pool_saving`)."""
    if len(items) < MIN_PARALLEL_ITEMS:
        return False
    return estimated_saving(items, cost, back) >= min_pool_saving()


def beside_share(items: Sequence[Any], cost: float, back: float = 0.0) -> float:
    """The part of a map's work over ``items`` that ``PassContext.beside_map`` gives one forked
    child (`child_share`), or 0.0 when sharing it is not worth it: for fewer than two items,
    more than `BESIDE_MAX_UNITS` work units, or an expected saving under
    `MIN_BESIDE_SAVING_US` (the child's part of the work, less what bringing its results back
    costs, about half of ``back`` per unit of it: ``back`` is what a pool's result costs,
    unpickled and then shared with the module; a child's is only unpickled: progressive
    disclosure's ``back`` of 26 us a block was 8 us unpickled alone).

    Why not larger maps, with the child's part capped: measured on python-doc
    (`tools/bench_memory.py`), progressive disclosure shared with a child taking 0.4 of its
    55,000 blocks saved 0.45 s of a 14 s build and raised the peak memory from 200 to 228 MB,
    and with the child capped at 25,000 blocks at 4x the pages, from 345 to 392 MB: while the
    child lives, each side copies the pages it touches (reference counts), and the child's
    results arrive while the blocks they replace are still held.

    >>> beside_share([Skill(id="a"), Skill(id="b")], cost=50_000.0)
    0.5
    >>> beside_share([Skill(id="a")], cost=50_000.0)
    0.0
    """
    units = estimated_work(items, 1.0)
    if len(items) < 2 or units > BESIDE_MAX_UNITS:
        return 0.0
    share = child_share(cost, back)
    return share if units * share * (cost - back / 2) >= MIN_BESIDE_SAVING_US else 0.0


def child_share(cost: float, back: float = 0.0) -> float:
    """The part of a map's work `PassContext.beside_map` gives its child: ``cost / (2 cost +
    back)``, so that the child's work and the pickling of its results (about ``back`` a unit)
    end when the parent's work does. Measured on bashref.pdf: with even halves, the parent of
    progressive disclosure (``back`` 26 us a block beside ``cost`` 50) waited ~26 ms for its
    child; classify-content's results are a few bytes, and its halves stay even.

    >>> child_share(50.0, 26.0)
    0.3968253968253968
    """
    return cost / (2 * cost + back) if cost > 0 else 0.5


def _new_emitter() -> Emitter:
    from skillc.package.emit import Emitter  # the rendering layer: only checks need it

    return Emitter()


#: `PassContext.map` starts workers for this many items or more: a pool costs tens of
#: milliseconds (a fork per worker), more than a few skills' work.
MIN_PARALLEL_ITEMS = 8
#: ... and only when the pool is expected to save at least this many microseconds by the
#: clock (`estimated_saving`). Why: a pool costs more than its fork. Each worker pays its own
#: first use of what the parent had not loaded yet (the tokenizer, lint's rules), and every
#: result is pickled back, unpickled and shared again with the module
#: (`skillc.compiler.reuse`), in the parent, one result after the other. On a small module
#: (click's 10 skills, bashref.pdf's 14) the pools of -j2 cost more CPU than the passes' work
#: (0.4 s against 0.24 s) and were slower by the clock too; on python-doc, progressive
#: disclosure's results (whole skills, 15 MB pickled) took the parent 1.4 s to bring back for
#: 2.7 s of work, so the pool doubled the pass's CPU and was slower than one process. The
#: estimate is computed from the items alone (never from a clock), so which maps run in workers
#: is the same on every run; results are the same either way.
MIN_POOL_SAVING_US = 250_000
#: Environment variable overriding `MIN_POOL_SAVING_US` (tests and benchmarks set ``-inf`` to
#: run every map of at least `MIN_PARALLEL_ITEMS` items in a pool, whatever its estimate).
POOL_SAVING_ENV = "SKILLC_MIN_POOL_SAVING_US"
#: `PassContext.beside_map` is used for an expected saving of at least this many microseconds:
#: a fork of the build costs 1-2 ms, and the child's first writes to the pages it shares
#: with the parent copy them (bashref.pdf: its half of a pass took 5-10% more CPU than the
#: parent's half).
MIN_BESIDE_SAVING_US = 10_000
#: ... and for maps of at most this many work units (`estimated_work` at 1: about one per
#: block): the child copies the pages of what it reads, so a larger map would raise the
#: build's peak memory with the corpus (forked maps bound theirs the same way, a child per batch:
#: `skillc.compiler.parallel`); `beside_share` gives the figures.
BESIDE_MAX_UNITS = 25_000
#: See `PassContext.parallel_map`.
ParallelMap = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
#: See `PassContext.beside_map`: ``(fn, items, share)``, ``share`` the part of the work (by
#: `estimated_work`) the forked child takes (`child_share`).
BesideMap = Callable[[Callable[[Any], Any], Sequence[Any], float], list[Any]]


@dataclass(slots=True, kw_only=True)
class PassContext:
    """What a pass may see besides the module: build options, analyses, a diagnostic sink.

    ``options`` holds the build settings (`PassOptions`). ``baseline`` is the module the
    frontends produced, before any pass (verify-no-loss compares against it), or its digest
    (`skillc.passes.verify_baseline.Baseline`, what a build holds); ``inventories``
    what a bare parse of each source found (source id -> inventory, for verify-source).
    ``closing_lines``: by source file suffix (``.md``), how many lines a code block's span has
    after its text (Markdown's closing fence: 1; reStructuredText: 0), as the frontend table
    says; report-leaks counts back from there to name a code line. ``emitter`` renders skills
    as the backend emits them, once each. Analyses are computed on
    first use through `analysis` and cached until invalidated by the manager.
    """

    options: PassOptions = field(default_factory=PassOptions)
    baseline: SkillModule | Baseline | None = None
    inventories: Mapping[str, Any] = field(default_factory=dict)
    closing_lines: Mapping[str, int] = field(default_factory=dict)
    emitter: Emitter = field(default_factory=_new_emitter)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    module: SkillModule = field(default_factory=SkillModule)
    registry: Mapping[str, PassInfo] | None = None
    records: list[PassRecord] = field(default_factory=list)
    skipped: list[SkippedPage] = field(default_factory=list)
    #: Per-skill results kept across builds (`Memo`), or ``None``.
    memo: Memo | None = None
    #: The skills `memo_map` made this build, named in later keys by the work that made them.
    made: Made = field(default_factory=Made)
    #: ``parallel_map(fn, items)``: ``[fn(i) for i in items]``, in order, possibly computed in
    #: other processes (``fn`` a module-level function, items and results picklable); passes
    #: whose per-skill work is independent use it for ``-j N``. ``None``: in this process.
    parallel_map: ParallelMap | None = None
    #: The same map with part of the items in one forked child and the rest in this process,
    #: for work a pool does not pay for (`beside_share`); ``None``: in this process.
    beside_map: BesideMap | None = None
    # One [ns, diagnostics] accumulator per measurement in progress, so nested analyses are
    # subtracted from the self time of whatever triggered them.
    _frames: list[list[int]] = field(default_factory=list, init=False, repr=False)

    def analysis(self, name: str) -> Any:
        """The result of analysis ``name`` on the current module, computed at most once."""
        if name not in self.cache:
            registry = PASSES if self.registry is None else self.registry
            info = registry.get(name)
            if info is None:
                raise SkillcError(unknown_pass(name, registry))
            if info.kind is not Kind.ANALYSIS:
                raise KeyError(f"{name} is a transform, not an analysis")
            self.cache[name] = self.measure(info, lambda: info.fn(self.module, self))
        return self.cache[name]

    def invalidate(self, preserves: Iterable[str]) -> None:
        """Drop cached analyses not named in ``preserves`` (``"*"`` keeps them all)."""
        kept = set(preserves)
        if "*" not in kept:
            self.cache = {name: value for name, value in self.cache.items() if name in kept}

    def measure(self, info: PassInfo, compute: Callable[[], T]) -> T:
        """Run ``compute`` for ``info``, append its `PassRecord` to ``records``, return its result.

        The record is appended only when ``compute`` returns; node counts are taken on
        ``self.module`` before, and on the result when it is a module.
        """
        nodes_in = count_nodes(self.module)
        first_diagnostic = len(self.diagnostics)
        self._frames.append([0, 0])
        start = time.perf_counter_ns()
        try:
            result = compute()
        finally:
            ns = time.perf_counter_ns() - start
            child_ns, child_diagnostics = self._frames.pop()
            diagnostics = len(self.diagnostics) - first_diagnostic
            if self._frames:
                self._frames[-1][0] += ns
                self._frames[-1][1] += diagnostics
        nodes_out = count_nodes(result) if isinstance(result, SkillModule) else nodes_in
        record = PassRecord(
            name=info.name,
            kind=info.kind,
            ns=ns - child_ns,
            nodes_in=nodes_in,
            nodes_out=nodes_out,
            diagnostics=diagnostics - child_diagnostics,
        )
        self.records.append(record)
        return result

    def map(
        self, fn: Callable[[Any], T], items: Sequence[Any], *, cost: float = 0.0, back: float = 0.0
    ) -> list[T]:
        """``[fn(item) for item in items]``, by ``parallel_map`` when there is one and a pool is
        worth it (`worth_a_pool`; ``cost``: the pass's work in microseconds per block, ``back``:
        what bringing a result back costs the parent per block, see `estimated_saving`): the
        per-skill work of a pass, in order. ``fn`` is a module-level function and its results
        are picklable (they may come back from another process)."""
        elsewhere = self.elsewhere(items, cost=cost, back=back)
        return elsewhere(fn, items) if elsewhere is not None else [fn(item) for item in items]

    def elsewhere(self, items: Sequence[Any], *, cost: float, back: float) -> ParallelMap | None:
        """The map `map` hands ``items`` to, in other processes: ``parallel_map`` when a pool
        is worth it, else ``beside_map`` with its child's share when that is; ``None`` when
        they are mapped here. A pass with a cheaper way of its own to do all the items in
        this process (report-leaks lints them in one run) asks it first."""
        if self.parallel_map is not None and worth_a_pool(items, cost, back):
            return self.parallel_map
        beside = self.beside_map
        if beside is not None and (share := beside_share(items, cost, back)):
            return lambda fn, todo: beside(fn, todo, share)
        return None

    def memo_map(
        self,
        fn: Callable[[Any], T],
        items: Sequence[Any],
        *,
        key: Callable[[Any], object],
        valid: Callable[[Any, Any], bool],
        cost: float = 0.0,
        back: float = 0.0,
        stored: Stored | None = None,
        named: list[str] | None = None,
    ) -> list[T]:
        """`map`, each result kept in ``memo`` (the build cache's, when there is one) under
        ``key(item)``: a picklable value naming everything ``fn(item)`` depends on (a name and
        version of the work, the item). A kept result ``valid(kept, item)`` accepts is taken
        back instead of computed; the others are mapped as `map` maps them. ``stored``: how a
        result is kept, when not as it is; ``named``: receives the keys (`memoized_map`).

        Why: after a one-page edit every other skill reaches the passes as it was, and the
        per-skill work (classifying, rendering and linting, disclosing) was done again for
        all of them; a key is the item pickled and hashed, a fraction of that work. An item
        pickled differently (shared sub-objects) only misses."""
        return memoized_map(
            self.memo,
            lambda todo: self.map(fn, todo, cost=cost, back=back),
            items,
            key=key,
            valid=valid,
            stored=stored,
            made=self.made,
            named=named,
        )

    def report(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic; the build prints it and decides the exit code."""
        self.diagnostics.append(diagnostic)

    def skip(self, page: SkippedPage) -> None:
        """Record a page left out of the output, and report it (its `SkippedPage.diagnostic`)."""
        self.skipped.append(page)
        self.report(page.diagnostic())


PASSES: dict[str, PassInfo] = {}


def unknown_pass(name: str, registry: Mapping[str, PassInfo], context: str = "") -> Diagnostic:
    """The SK021 diagnostic for a pass name ``registry`` does not know, listing the valid ones.

    >>> unknown_pass("nope", {}).message
    "unknown pass 'nope'; valid passes: (none registered)"
    """
    valid = ", ".join(sorted(registry)) or "(none registered)"
    message = f"unknown pass {name!r}{context}; valid passes: {valid}"
    return Diagnostic(code="SK021", message=message)


F = TypeVar("F", bound=Callable[..., Any])


def _register(info: PassInfo) -> None:
    if info.name in PASSES and PASSES[info.name].fn is not info.fn:
        raise ValueError(f"pass {info.name!r} is registered twice")
    PASSES[info.name] = info


def transform(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    preserves: tuple[str, ...] = (),
    idempotent: bool = False,
) -> Callable[[F], F]:
    """Register a transform ``(module, ctx) -> module`` under ``name`` and return it unchanged."""

    def decorate(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        _register(
            PassInfo(
                name=name,
                kind=Kind.TRANSFORM,
                fn=fn,
                requires=requires,
                preserves=preserves,
                idempotent=idempotent,
                doc=doc[0] if doc else "",
            )
        )
        return fn

    return decorate


def check(name: str, *, requires: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a check ``(module, ctx) -> None`` under ``name`` and return it unchanged.

    A check reports diagnostics through ``ctx.report`` and leaves the module as it is: it
    preserves every analysis, and the manager refuses one that returns a different module.
    """

    def decorate(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        _register(
            PassInfo(
                name=name,
                kind=Kind.CHECK,
                fn=fn,
                requires=requires,
                preserves=("*",),
                idempotent=True,
                doc=doc[0] if doc else "",
            )
        )
        return fn

    return decorate


def analysis(name: str, *, requires: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register an analysis ``(module, ctx) -> result`` under ``name`` and return it unchanged."""

    def decorate(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        _register(
            PassInfo(
                name=name,
                kind=Kind.ANALYSIS,
                fn=fn,
                requires=requires,
                doc=doc[0] if doc else "",
            )
        )
        return fn

    return decorate
