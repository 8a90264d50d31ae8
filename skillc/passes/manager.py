"""The pass manager: resolve a pipeline into an ordered plan, then run it over a module.

`plan` turns a preset (`skillc.passes.pipelines.PIPELINES`) or an explicit list of pass names into
an ordered tuple of `PassInfo`. It pulls in every ``requires`` transitively and orders the result
with a lexicographical topological sort (networkx's) keyed on ``(rank in the pipeline, name)``:
dependencies the pipeline did not ask for get rank -1, so they come as early as their own
requirements allow, and ties break by name. The plan therefore depends only on the pass names and
their declared ``requires``, never on registration or dict order (docutils' numeric priorities,
replaced by declared dependencies; style.md §2.4).

The plan lists analyses as well as transforms, each at the earliest point it may be needed, so
``skillc passes plan`` shows everything a build depends on. `run` does not execute analysis
entries: an analysis is computed lazily, when a transform first asks ``ctx.analysis(name)``, and
cached until a transform that does not ``preserve`` it changes the module.

`run` threads the module through the transforms with one `PassContext`, runs each check on the
module as it stands at the check's place (a check that returns a different module is refused:
checks report, they do not change), records a `PassRecord` (self time, node counts,
diagnostics) for every transform, check and analysis computation, and offers the debugging
hooks of LLVM's ``opt``: ``verify_each`` and ``print_after``.

Codes: SK020 dependency cycle, SK021 unknown pass or pipeline, SK022 invalid IR under
``verify_each``, SK023 a disabled pass that another planned pass requires.
"""

from __future__ import annotations

import heapq
import json
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir.nodes import SkillModule
from skillc.passes.memo import Memo
from skillc.passes.options import PassOptions
from skillc.passes.pipelines import PIPELINES
from skillc.passes.registry import (
    PASSES,
    BesideMap,
    Kind,
    ParallelMap,
    PassContext,
    PassInfo,
    PassRecord,
    unknown_pass,
)
from skillc.passes.skipped import SkippedPage

if TYPE_CHECKING:
    from skillc.package.emit import Emitter
    from skillc.passes.verify_baseline import Baseline

__all__ = ["PassRecord", "RunResult", "format_timings", "plan", "run"]

#: ``print_after`` value that prints after every transform.
PRINT_ALL = "all"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunResult:
    """The outcome of `run`: the final module, one record per measured pass, all diagnostics,
    and the emitter the checks rendered packages with (the backend reuses its renderings)."""

    module: SkillModule
    records: tuple[PassRecord, ...]
    diagnostics: tuple[Diagnostic, ...]
    emitter: Emitter
    #: Pages passes left out of the output (select-skills), in report order.
    skipped: tuple[SkippedPage, ...] = ()


# --- Planning -----------------------------------------------------------------------------------


def plan(
    pipeline: str | Sequence[str],
    *,
    registry: Mapping[str, PassInfo] = PASSES,
    disable: Collection[str] = (),
    only: Collection[str] = (),
) -> tuple[PassInfo, ...]:
    """The passes to run for ``pipeline``, dependencies included, in a deterministic order.

    Args:
        pipeline: a preset name from `PIPELINES` (``"O1"``) or pass names in preferred order.
        registry: the passes to resolve names against (tests pass a dict of fakes).
        disable: passes to leave out (``--disable``); SK023 if a planned pass requires one.
        only: when non-empty, the passes to ask for instead of the pipeline's (``--only``); their
            requirements are still added, and the pipeline's order still ranks them.

    Returns:
        Every requested pass and everything it requires (analyses included), in run order.

    Raises:
        SkillcError: SK020 on a dependency cycle, SK021 on an unknown pass or pipeline name,
            SK023 when a disabled pass is required by a planned one.

    >>> from skillc.passes import load_all
    >>> [p.name for p in plan("O0", registry=load_all())]
    ['normalize-names', 'compress-description']
    """
    names = _pipeline_names(pipeline)
    _check_known([*names, *disable, *only], registry)
    requested = _requested(names, disable=disable, only=only)
    needed = _closure(requested, registry)
    _check_not_disabled(needed, disable, registry)
    rank = {name: position for position, name in enumerate(requested)}
    order = _toposort(needed, registry, rank)
    return tuple(registry[name] for name in order)


def _pipeline_names(pipeline: str | Sequence[str]) -> tuple[str, ...]:
    """The pass names a preset or an explicit list asks for, first occurrence kept."""
    if isinstance(pipeline, str):
        if pipeline not in PIPELINES:
            valid = ", ".join(PIPELINES)
            message = f"unknown pipeline {pipeline!r}; valid pipelines: {valid}"
            raise SkillcError(Diagnostic(code="SK021", message=message))
        return PIPELINES[pipeline]
    return tuple(dict.fromkeys(pipeline))


def _check_known(names: Iterable[str], registry: Mapping[str, PassInfo]) -> None:
    """Raise SK021 naming every unknown pass at once, so one run shows all typos."""
    unknown = [name for name in dict.fromkeys(names) if name not in registry]
    if unknown:
        raise SkillcError(*(unknown_pass(name, registry) for name in unknown))


def _requested(
    names: Sequence[str], *, disable: Collection[str], only: Collection[str]
) -> tuple[str, ...]:
    """Apply ``only`` (keep those, in pipeline order, then the rest of ``only``) and ``disable``."""
    if only:
        names = [*(n for n in names if n in only), *(n for n in only if n not in names)]
    return tuple(dict.fromkeys(n for n in names if n not in disable))


def _closure(requested: Sequence[str], registry: Mapping[str, PassInfo]) -> tuple[str, ...]:
    """``requested`` plus everything it requires, transitively, in discovery order."""
    seen: dict[str, None] = {}
    stack = list(reversed(requested))
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen[name] = None
        for required in registry[name].requires:
            if required not in registry:
                context = f" (required by {name!r})"
                raise SkillcError(unknown_pass(required, registry, context))
            stack.append(required)
    return tuple(seen)


def _check_not_disabled(
    needed: Sequence[str], disable: Collection[str], registry: Mapping[str, PassInfo]
) -> None:
    """Raise SK023 when a pass left in the plan requires a disabled one."""
    problems = [
        Diagnostic(code="SK023", message=f"cannot disable {req!r}: {name!r} requires it")
        for name in needed
        for req in registry[name].requires
        if req in disable
    ]
    if problems:
        raise SkillcError(*problems)


def _toposort(
    needed: Sequence[str], registry: Mapping[str, PassInfo], rank: Mapping[str, int]
) -> list[str]:
    """Order ``needed`` so requirements come first; ties by (pipeline rank, name).

    Kahn's algorithm with a heap, as networkx's lexicographical topological sort does (the
    order is the same: the key is unique per pass), because importing networkx cost more
    than a small build's passes (~0.3 s a process); networkx names a cycle when there is one.
    """
    users: dict[str, list[str]] = {name: [] for name in sorted(needed)}
    waiting: dict[str, int] = dict.fromkeys(users, 0)
    for name in needed:
        for required in dict.fromkeys(registry[name].requires):
            users.setdefault(required, []).append(name)
            waiting.setdefault(required, 0)
            waiting[name] += 1
    ready = [((rank.get(n, -1), n), n) for n, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, ((rank.get(user, -1), user), user))
    if len(order) < len(waiting):
        raise SkillcError(_cycle_diagnostic(_cycle(needed, registry)))
    return order


def _cycle(needed: Sequence[str], registry: Mapping[str, PassInfo]) -> list[tuple[str, str]]:
    """The edges of a dependency cycle among ``needed``, as networkx finds it."""
    import networkx as nx  # only on this error path: see `_toposort`

    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(needed))
    for name in needed:
        graph.add_edges_from((required, name) for required in registry[name].requires)
    return list(nx.find_cycle(graph))


def _cycle_diagnostic(edges: Sequence[tuple[str, str]]) -> Diagnostic:
    """SK020 naming a cycle as ``a requires b requires ... requires a``, from the least name.

    An edge ``(u, v)`` means ``v`` requires ``u``, so the cycle reads backwards.
    """
    names = [v for _, v in reversed(edges)]
    start = names.index(min(names))
    names = names[start:] + names[:start]
    chain = " requires ".join(repr(n) for n in [*names, names[0]])
    return Diagnostic(code="SK020", message=f"pass dependency cycle: {chain}")


# --- Running ------------------------------------------------------------------------------------


def run(
    module: SkillModule,
    plan: Sequence[PassInfo],
    *,
    options: PassOptions | None = None,
    baseline: SkillModule | Baseline | None = None,
    inventories: Mapping[str, Any] | None = None,
    closing_lines: Mapping[str, int] | None = None,
    emitter: Emitter | None = None,
    verify_each: bool = False,
    print_after: Collection[str] = (),
    on_print: Callable[[str, str], None] | None = None,
    registry: Mapping[str, PassInfo] | None = None,
    memo: Memo | None = None,
    parallel_map: ParallelMap | None = None,
    beside_map: BesideMap | None = None,
) -> RunResult:
    """Run the transforms and checks of ``plan`` over ``module`` in order.

    Args:
        module: the input module (never modified: passes rebuild).
        plan: the output of `plan`; analysis entries are skipped (computed lazily).
        options: build options passes read through ``ctx.options`` (frozen).
        baseline: the frontends' module before any pass (``ctx.baseline``, for verify-no-loss),
            or its digest (`skillc.passes.verify_baseline.baseline_of`): then the module is not
            held once the passes replaced its parts, if the caller does not hold it either.
        inventories: what a bare parse of each source found (``ctx.inventories``).
        closing_lines: by source file suffix, the lines after a code block's text inside its
            span (``ctx.closing_lines``; from the frontend table).
        emitter: renders skills for the checks (``ctx.emitter``); pass the backend's to share
            renderings with it (default: a new one, returned in the result).
        verify_each: run `skillc.ir.verify.verify` on the input and after each transform.
        print_after: pass names, or ``{"all"}``, after which to print the IR text.
        on_print: called as ``on_print(pass_name, ir_text)``; default writes to stderr.
        registry: where ``ctx.analysis`` looks up analyses not in ``plan`` (default `PASSES`).
        memo: per-skill results kept across builds (``ctx.memo``), or ``None``.
        parallel_map: runs independent per-skill work in other processes
            (``ctx.parallel_map``), or ``None``.
        beside_map: runs it partly here, partly in one forked process (``ctx.beside_map``),
            or ``None``.

    Returns:
        The final module, a `PassRecord` per transform run and per analysis computed, and every
        diagnostic the passes reported, in order.

    Raises:
        SkillcError: SK021 for an unknown name in ``print_after``; SK022 when ``verify_each``
            finds an error (the message names the pass after which it appeared).
        TypeError: when a transform returns something else than a module, or a check returns
            a module other than the one it was given.
    """
    lookup = dict(PASSES if registry is None else registry)
    lookup.update((info.name, info) for info in plan)
    printing = _print_set(print_after, lookup)
    emit = on_print or _print_to_stderr
    ctx = PassContext(
        options=options or PassOptions(),
        baseline=baseline,
        inventories=inventories or {},
        closing_lines=closing_lines or {},
        module=module,
        registry=lookup,
        memo=memo,
        parallel_map=parallel_map,
        beside_map=beside_map,
    )
    if emitter is not None:
        ctx.emitter = emitter
    if verify_each:
        _verify_or_raise(module, after="")
    for info in plan:
        if info.kind is Kind.CHECK:
            _run_check(info, module, ctx)
            continue
        if info.kind is not Kind.TRANSFORM:
            continue
        module = _run_transform(info, module, ctx)
        if verify_each:
            _verify_or_raise(module, after=info.name)
        if PRINT_ALL in printing or info.name in printing:
            emit(info.name, _dump(module))
    return RunResult(
        module=module,
        records=tuple(ctx.records),
        diagnostics=tuple(ctx.diagnostics),
        emitter=ctx.emitter,
        skipped=tuple(ctx.skipped),
    )


def _run_check(info: PassInfo, module: SkillModule, ctx: PassContext) -> None:
    """Run one check; refuse it if it hands back a different module (checks only report)."""
    ctx.module = module
    result = ctx.measure(info, partial(info.fn, module, ctx))
    if result is not None and result is not module:
        raise TypeError(f"check {info.name!r} returned a changed module; a check only reports")


def _run_transform(info: PassInfo, module: SkillModule, ctx: PassContext) -> SkillModule:
    """Apply one transform, then drop the analyses it does not preserve."""
    ctx.module = module
    result = ctx.measure(info, partial(info.fn, module, ctx))
    if not isinstance(result, SkillModule):
        raise TypeError(f"pass {info.name!r} returned {type(result).__name__}, not SkillModule")
    # Modules are immutable: a transform that returns its input changed nothing to invalidate.
    if result is not module:
        ctx.invalidate(info.preserves)
    ctx.module = result
    return result


def _print_set(print_after: Collection[str], lookup: Mapping[str, PassInfo]) -> frozenset[str]:
    """``print_after`` checked against the known names, so a typo is an error, not silence."""
    unknown = [n for n in print_after if n != PRINT_ALL and n not in lookup]
    if unknown:
        raise SkillcError(*(unknown_pass(n, lookup, " (in print_after)") for n in unknown))
    return frozenset(print_after)


def _print_to_stderr(name: str, text: str) -> None:
    sys.stderr.write(f"; IR after {name}\n{text}")


def _dump(module: SkillModule) -> str:
    from skillc.ir.printer import dump  # imported late: only --print-after needs the printer

    return dump(module)


def _verify_or_raise(module: SkillModule, *, after: str) -> None:
    """Raise SK022 (then the verifier's errors) when ``module`` fails `verify`."""
    from skillc.ir.verify import verify  # imported late: only --verify-each needs it

    errors = [d for d in verify(module) if d.severity is Severity.ERROR]
    if not errors:
        return
    where = f"after pass {after!r}" if after else "before the first pass"
    first = errors[0]
    message = f"invalid IR {where}: {len(errors)} error(s), first {first.code} {first.message}"
    raise SkillcError(Diagnostic(code="SK022", message=message, span=first.span), *errors)


# --- Reporting ----------------------------------------------------------------------------------


def format_timings(records: Sequence[PassRecord], fmt: str = "text") -> str:
    """The records as a text table (with a total) or as a JSON list of objects.

    Args:
        records: from `RunResult.records`.
        fmt: ``"text"`` or ``"json"``; JSON objects have ``name``, ``kind``, ``ms``,
            ``nodes_in``, ``nodes_out`` and ``diagnostics``.

    >>> r = PassRecord(name="p", kind=Kind.TRANSFORM, ns=1_500_000, nodes_in=3, nodes_out=2,
    ...                diagnostics=0)
    >>> print(format_timings([r], fmt="json"))
    [{"name": "p", "kind": "transform", "ms": 1.5, "nodes_in": 3, "nodes_out": 2, "diagnostics": 0}]
    """
    if fmt == "json":
        return "[" + ",\n ".join(json.dumps(_record_json(r)) for r in records) + "]"
    if fmt == "text":
        return _timings_table(records)
    raise ValueError(f"unknown timings format {fmt!r}; use 'text' or 'json'")


def _record_json(record: PassRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind.value,
        "ms": round(record.ns / 1e6, 3),
        "nodes_in": record.nodes_in,
        "nodes_out": record.nodes_out,
        "diagnostics": record.diagnostics,
    }


def _timings_table(records: Sequence[PassRecord]) -> str:
    width = max([len("total"), *(len(r.name) for r in records)])

    def row(name: str, kind: str, ms: str, nodes_in: str, nodes_out: str, diags: str) -> str:
        return f"{name:<{width}}  {kind:<9}  {ms:>9}  {nodes_in:>8}  {nodes_out:>9}  {diags:>5}"

    lines = [row("pass", "kind", "ms", "nodes in", "nodes out", "diags")]
    for r in records:
        ms = f"{r.ns / 1e6:.3f}"
        lines.append(
            row(r.name, r.kind.value, ms, str(r.nodes_in), str(r.nodes_out), str(r.diagnostics))
        )
    total_ms = f"{sum(r.ns for r in records) / 1e6:.3f}"
    lines.append(row("total", "", total_ms, "", "", str(sum(r.diagnostics for r in records))))
    return "\n".join(lines)
