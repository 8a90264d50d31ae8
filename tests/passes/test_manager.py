"""The pass manager: planning order, cycles, unknown names, analysis caching, instrumentation."""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir import Prose, Scene, Skill, SkillModule
from skillc.passes import PASS_MODULE_OF, PASS_MODULES, load_all
from skillc.passes.manager import RunResult, format_timings, plan, run
from skillc.passes.options import PassOptions
from skillc.passes.pipelines import PIPELINES
from skillc.passes.registry import PASSES, Kind, PassContext, PassInfo, count_nodes
from tests.cli.conftest import ROOT

Fn = Callable[[SkillModule, PassContext], Any]


def identity(module: SkillModule, ctx: PassContext) -> SkillModule:
    return module


def rebuild(module: SkillModule, ctx: PassContext) -> SkillModule:
    """A transform that changes nothing but returns a new module object."""
    return replace(module)


def fake(
    name: str,
    *,
    kind: Kind = Kind.TRANSFORM,
    requires: tuple[str, ...] = (),
    preserves: tuple[str, ...] = (),
    fn: Fn = identity,
) -> PassInfo:
    return PassInfo(name=name, kind=kind, fn=fn, requires=requires, preserves=preserves)


def registry(*infos: PassInfo) -> dict[str, PassInfo]:
    return {info.name: info for info in infos}


def names(infos: Sequence[PassInfo]) -> list[str]:
    return [info.name for info in infos]


def codes(error: pytest.ExceptionInfo[SkillcError]) -> list[str]:
    return [d.code for d in error.value.diagnostics]


MODULE = SkillModule(
    skills=(
        Skill(id="k", skill_name="Deploy", blocks=(Prose(id="p", text="Run it."),)),
        Skill(id="j", entry_scene_id="s", scenes=(Scene(id="s"),)),
    )
)


# --- plan ---------------------------------------------------------------------------------------


def test_requirements_come_first_and_are_pulled_in() -> None:
    reg = registry(
        fake("emit", requires=("layout",)),
        fake("layout", requires=("classify",)),
        fake("classify"),
    )
    assert names(plan(["emit"], registry=reg)) == ["classify", "layout", "emit"]


def test_pipeline_order_is_kept_when_nothing_forces_another() -> None:
    reg = registry(fake("zeta"), fake("alpha"), fake("mid"))
    assert names(plan(["zeta", "alpha", "mid"], registry=reg)) == ["zeta", "alpha", "mid"]


def test_dependencies_run_as_early_as_possible_ties_by_name() -> None:
    reg = registry(
        fake("first"),
        fake("second", requires=("zz-dep", "aa-dep")),
        fake("zz-dep"),
        fake("aa-dep"),
    )
    assert names(plan(["first", "second"], registry=reg)) == [
        "aa-dep",
        "zz-dep",
        "first",
        "second",
    ]


def test_pipeline_rank_yields_to_requirements() -> None:
    # "early" is asked for first but needs "late", which the pipeline lists after it.
    reg = registry(fake("early", requires=("late",)), fake("late"), fake("other"))
    assert names(plan(["early", "other", "late"], registry=reg)) == ["other", "late", "early"]


def test_plan_does_not_depend_on_registry_order() -> None:
    infos = [
        fake("a", requires=("c",)),
        fake("b", requires=("c", "an")),
        fake("c"),
        fake("an", kind=Kind.ANALYSIS),
        fake("d"),
    ]
    plans = {
        tuple(names(plan(["d", "b", "a"], registry=registry(*order))))
        for order in itertools.permutations(infos)
    }
    assert plans == {("an", "c", "d", "b", "a")}


def test_plan_is_repeatable() -> None:
    reg = registry(fake("x", requires=("y",)), fake("y"), fake("z"))
    assert plan(["z", "x"], registry=reg) == plan(["z", "x"], registry=reg)


def test_required_analyses_are_listed() -> None:
    reg = registry(fake("t", requires=("stats",)), fake("stats", kind=Kind.ANALYSIS))
    steps = plan(["t"], registry=reg)
    assert [(s.name, s.kind) for s in steps] == [("stats", Kind.ANALYSIS), ("t", Kind.TRANSFORM)]


def test_duplicate_names_in_an_explicit_pipeline_are_planned_once() -> None:
    reg = registry(fake("a"), fake("b"))
    assert names(plan(["a", "b", "a"], registry=reg)) == ["a", "b"]


def test_cycle_is_rejected_with_sk020_naming_it() -> None:
    reg = registry(
        fake("start", requires=("b",)),
        fake("b", requires=("c",)),
        fake("c", requires=("d",)),
        fake("d", requires=("b",)),
    )
    with pytest.raises(SkillcError) as error:
        plan(["start"], registry=reg)
    assert codes(error) == ["SK020"]
    message = error.value.diagnostics[0].message
    assert message == "pass dependency cycle: 'b' requires 'c' requires 'd' requires 'b'"
    assert "start" not in message


def test_self_requirement_is_a_cycle() -> None:
    with pytest.raises(SkillcError) as error:
        plan(["loop"], registry=registry(fake("loop", requires=("loop",))))
    assert codes(error) == ["SK020"]
    assert "'loop' requires 'loop'" in error.value.diagnostics[0].message


def test_unknown_pass_is_sk021_listing_valid_names() -> None:
    reg = registry(fake("alpha"), fake("beta"))
    with pytest.raises(SkillcError) as error:
        plan(["alpha", "gamma", "delta"], registry=reg)
    assert codes(error) == ["SK021", "SK021"]
    message = error.value.diagnostics[0].message
    assert message == "unknown pass 'gamma'; valid passes: alpha, beta"


def test_unknown_requirement_is_sk021_naming_the_requirer() -> None:
    with pytest.raises(SkillcError) as error:
        plan(["a"], registry=registry(fake("a", requires=("ghost",))))
    assert codes(error) == ["SK021"]
    assert "'ghost' (required by 'a')" in error.value.diagnostics[0].message


def test_unknown_pipeline_is_sk021_listing_presets() -> None:
    with pytest.raises(SkillcError) as error:
        plan("O3", registry={})
    assert codes(error) == ["SK021"]
    assert "O0, O1, Os" in error.value.diagnostics[0].message


def test_disable_leaves_a_pass_out() -> None:
    reg = registry(fake("a"), fake("b"), fake("c"))
    assert names(plan(["a", "b", "c"], registry=reg, disable={"b"})) == ["a", "c"]


def test_disabling_a_required_pass_is_sk023() -> None:
    reg = registry(fake("a", requires=("b",)), fake("b"))
    with pytest.raises(SkillcError) as error:
        plan(["a", "b"], registry=reg, disable={"b"})
    assert codes(error) == ["SK023"]
    assert error.value.diagnostics[0].message == "cannot disable 'b': 'a' requires it"


def test_disable_of_an_unknown_pass_is_sk021() -> None:
    with pytest.raises(SkillcError) as error:
        plan(["a"], registry=registry(fake("a")), disable={"typo"})
    assert codes(error) == ["SK021"]


def test_only_keeps_the_named_passes_and_their_requirements() -> None:
    reg = registry(fake("a"), fake("b", requires=("dep",)), fake("c"), fake("dep"))
    assert names(plan(["a", "b", "c"], registry=reg, only={"c", "b"})) == ["dep", "b", "c"]


def test_presets_are_documented_tuples() -> None:
    assert set(PIPELINES) == {"O0", "O1", "Os"}
    assert PIPELINES["O0"] == ("normalize-names", "compress-description")
    assert PIPELINES["O1"][:7] == (
        "normalize-names",
        "select-skills",
        "merge-duplicates",
        "group-pages",
        "classify-content",
        "compress-description",
        "library-index",
    )
    assert set(PIPELINES["O1"]) <= set(PIPELINES["Os"])


def test_load_all_registers_every_pass_module() -> None:
    passes = load_all()
    modules = {info.fn.__module__ for info in passes.values()}
    assert set(PASS_MODULES) <= modules
    assert {"normalize-names", "classify-content", "compress-description"} <= set(passes)


def test_pass_module_of_names_every_transform_and_check_where_it_is() -> None:
    passes = load_all()
    registered = {n: i.fn.__module__ for n, i in passes.items() if i.kind is not Kind.ANALYSIS}
    assert registered == PASS_MODULE_OF
    assert set(PASS_MODULE_OF.values()) == set(PASS_MODULES)


def _modules_after(code: str) -> set[str]:
    """The ``skillc.passes`` modules a fresh interpreter holds after running ``code``."""
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {m for m in done.stdout.split() if m.startswith("skillc.passes.")}


def test_a_pipeline_loads_only_the_passes_it_plans() -> None:
    loaded = _modules_after("from skillc.passes import load; load('O1')")
    assert "skillc.passes.progressive_disclosure" in loaded
    assert "skillc.passes.compress_body" not in loaded  # -Os and optimize only
    assert "skillc.passes.tighten_description" not in loaded
    with_requires = _modules_after("from skillc.passes import load; load(['library-index'])")
    assert {"skillc.passes.select_skills", "skillc.passes.merge_duplicates"} <= with_requires
    assert "skillc.passes.compress_body" in _modules_after(
        "from skillc.passes import load; load('Os')"
    )
    # a name load does not know loads everything, so that plan can list the valid ones
    unknown = _modules_after("from skillc.passes import load; load(['no-such-pass'])")
    assert set(PASS_MODULES) <= unknown


def test_real_registry_has_no_cycles_or_unknown_requirements() -> None:
    passes = load_all()
    available = [n for n, info in passes.items() if all(r in passes for r in info.requires)]
    assert names(plan(sorted(available), registry=passes))


def _preset_cases() -> list[Any]:
    """One case per preset, expected to fail while some of its passes are not registered yet."""
    registered = load_all()
    cases = []
    for preset in sorted(PIPELINES):
        missing = sorted(set(PIPELINES[preset]) - set(registered))
        reason = f"passes of another module not yet registered: {', '.join(missing)}"
        marks = [pytest.mark.xfail(strict=False, reason=reason)] if missing else []
        cases.append(pytest.param(preset, marks=marks, id=preset))
    return cases


@pytest.mark.parametrize("preset", _preset_cases())
def test_every_preset_plans(preset: str) -> None:
    steps = plan(preset)
    assert set(PIPELINES[preset]) <= set(names(steps))


def test_o0_plans_over_the_real_registry() -> None:
    load_all()
    assert names(plan("O0")) == ["normalize-names", "compress-description"]


# --- run: analyses --------------------------------------------------------------------------------


class Counter:
    """An analysis that counts its computations; transforms that read it."""

    def __init__(self) -> None:
        self.calls = 0

    def analysis(self, module: SkillModule, ctx: PassContext) -> int:
        self.calls += 1
        return len(module.skills)

    def reader(self, module: SkillModule, ctx: PassContext) -> SkillModule:
        ctx.analysis("count")
        return replace(module)


def test_analysis_is_computed_once_while_preserved() -> None:
    counter = Counter()
    reg = registry(
        fake("count", kind=Kind.ANALYSIS, fn=counter.analysis),
        fake("r1", requires=("count",), preserves=("count",), fn=counter.reader),
        fake("r2", requires=("count",), preserves=("*",), fn=counter.reader),
        fake("r3", requires=("count",), fn=counter.reader),
    )
    run(MODULE, plan(["r1", "r2", "r3"], registry=reg))
    assert counter.calls == 1  # r3 drops it, but nothing reads it afterwards


def test_analysis_is_recomputed_after_a_non_preserving_transform() -> None:
    counter = Counter()
    reg = registry(
        fake("count", kind=Kind.ANALYSIS, fn=counter.analysis),
        fake("r1", requires=("count",), preserves=("count",), fn=counter.reader),
        fake("change", fn=rebuild),
        fake("r2", requires=("count",), preserves=("count",), fn=counter.reader),
    )
    run(MODULE, plan(["r1", "change", "r2"], registry=reg))
    assert counter.calls == 2


def test_analysis_survives_a_transform_that_returns_its_input() -> None:
    counter = Counter()
    reg = registry(
        fake("count", kind=Kind.ANALYSIS, fn=counter.analysis),
        fake("r1", requires=("count",), preserves=("count",), fn=counter.reader),
        fake("noop", fn=identity),
        fake("r2", requires=("count",), preserves=("count",), fn=counter.reader),
    )
    run(MODULE, plan(["r1", "noop", "r2"], registry=reg))
    assert counter.calls == 1


def test_analysis_sees_the_current_module() -> None:
    seen: list[int] = []

    def grow(module: SkillModule, ctx: PassContext) -> SkillModule:
        return replace(module, skills=(*module.skills, Skill(id=f"n{len(module.skills)}")))

    def read(module: SkillModule, ctx: PassContext) -> SkillModule:
        seen.append(ctx.analysis("size"))
        return module

    reg = registry(
        fake("size", kind=Kind.ANALYSIS, fn=lambda m, c: len(m.skills)),
        fake("grow", fn=grow),
        fake("read", requires=("size",), fn=read),
    )
    # An explicit run list may repeat a pass; `plan` would not.
    run(MODULE, [reg["read"], reg["grow"], reg["read"]], registry=reg)
    assert seen == [2, 3]


def test_asking_for_an_unknown_analysis_is_sk021() -> None:
    def ask(module: SkillModule, ctx: PassContext) -> SkillModule:
        ctx.analysis("nope")
        return module

    with pytest.raises(SkillcError) as error:
        run(MODULE, [fake("ask", fn=ask)], registry={})
    assert codes(error) == ["SK021"]


def test_asking_for_a_transform_as_an_analysis_fails() -> None:
    def ask(module: SkillModule, ctx: PassContext) -> SkillModule:
        ctx.analysis("ask")
        return module

    with pytest.raises(KeyError, match="transform"):
        run(MODULE, [fake("ask", fn=ask)])


# --- run: results and instrumentation -----------------------------------------------------------


def test_run_threads_the_module_and_collects_diagnostics() -> None:
    def rename(module: SkillModule, ctx: PassContext) -> SkillModule:
        ctx.report(Diagnostic(code="XX001", message="renamed", severity=Severity.INFO))
        return replace(module, skills=tuple(replace(s, name=s.id) for s in module.skills))

    result = run(MODULE, [fake("rename", fn=rename)])
    assert isinstance(result, RunResult)
    assert [s.name for s in result.module.skills] == ["k", "j"]
    assert [d.code for d in result.diagnostics] == ["XX001"]
    assert result.records[0].diagnostics == 1
    assert MODULE.skills[0].name == ""  # the input is untouched


def test_run_passes_options_read_only() -> None:
    def read(module: SkillModule, ctx: PassContext) -> SkillModule:
        assert ctx.options.name_prefix == "acme"
        with pytest.raises(dataclasses.FrozenInstanceError):
            ctx.options.name_prefix = "other"  # type: ignore[misc]
        return module

    run(MODULE, [fake("read", fn=read)], options=PassOptions(name_prefix="acme"))


def test_the_baseline_and_inventories_are_fields_of_the_context() -> None:
    seen: list[object] = []

    def look(module: SkillModule, ctx: PassContext) -> None:
        seen.extend([ctx.baseline, dict(ctx.inventories)])

    run(MODULE, [fake("look", kind=Kind.CHECK, fn=look)], baseline=MODULE, inventories={"a": 1})
    assert seen == [MODULE, {"a": 1}]


# --- run: checks --------------------------------------------------------------------------------


def test_a_check_reports_and_the_module_flows_on() -> None:
    def warn(module: SkillModule, ctx: PassContext) -> None:
        ctx.report(Diagnostic(code="XX002", message="seen", severity=Severity.WARNING))

    result = run(MODULE, [fake("warn", kind=Kind.CHECK, fn=warn), fake("t")])
    assert result.module is MODULE
    assert [d.code for d in result.diagnostics] == ["XX002"]
    assert [(r.name, r.kind) for r in result.records] == [
        ("warn", Kind.CHECK),
        ("t", Kind.TRANSFORM),
    ]


def test_a_check_may_hand_back_the_module_it_was_given() -> None:
    assert run(MODULE, [fake("same", kind=Kind.CHECK)]).module is MODULE


def test_a_check_that_changes_the_module_is_refused() -> None:
    def sneaky(module: SkillModule, ctx: PassContext) -> SkillModule:
        return replace(module, skills=module.skills[:1])

    with pytest.raises(TypeError, match="check 'sneaky' returned a changed module"):
        run(MODULE, [fake("sneaky", kind=Kind.CHECK, fn=sneaky)])


def test_a_check_that_returns_an_equal_copy_is_refused_too() -> None:
    def copy(module: SkillModule, ctx: PassContext) -> SkillModule:
        return replace(module)

    with pytest.raises(TypeError, match="a check only reports"):
        run(MODULE, [fake("copy", kind=Kind.CHECK, fn=copy)])


def test_checks_register_as_checks_that_preserve_every_analysis() -> None:
    assert {PASSES[n].kind for n in ("report-leaks", "verify-no-loss")} == {Kind.CHECK}
    assert all(PASSES[n].preserves == ("*",) for n in ("report-leaks", "verify-no-loss"))


def test_run_skips_analysis_entries_of_the_plan() -> None:
    counter = Counter()
    reg = registry(fake("count", kind=Kind.ANALYSIS, fn=counter.analysis), fake("t"))
    result = run(MODULE, plan(["t", "count"], registry=reg))
    assert counter.calls == 0
    assert [r.name for r in result.records] == ["t"]


def test_a_transform_must_return_a_module() -> None:
    with pytest.raises(TypeError, match="'bad' returned int"):
        run(MODULE, [fake("bad", fn=lambda m, c: 3)])


def test_records_cover_transforms_and_analyses() -> None:
    counter = Counter()

    def drop(module: SkillModule, ctx: PassContext) -> SkillModule:
        return replace(module, skills=module.skills[:1])

    reg = registry(
        fake("count", kind=Kind.ANALYSIS, fn=counter.analysis),
        fake("read", requires=("count",), fn=counter.reader),
        fake("drop", fn=drop),
    )
    result = run(MODULE, plan(["read", "drop"], registry=reg))
    summary = [(r.name, r.kind, r.nodes_in, r.nodes_out) for r in result.records]
    assert summary == [
        ("count", Kind.ANALYSIS, 4, 4),
        ("read", Kind.TRANSFORM, 4, 4),
        ("drop", Kind.TRANSFORM, 4, 2),
    ]
    assert all(r.ns >= 0 for r in result.records)


def test_transform_time_excludes_the_analyses_it_triggered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks = itertools.count(step=10)
    monkeypatch.setattr("skillc.passes.registry.time.perf_counter_ns", lambda: next(ticks))
    counter = Counter()
    reg = registry(
        fake("count", kind=Kind.ANALYSIS, fn=counter.analysis),
        fake("read", requires=("count",), fn=counter.reader),
    )
    result = run(MODULE, plan(["read"], registry=reg))
    # read starts at 0, count runs 10..20, read ends at 30: 10 ns for each, 20 ns in total.
    assert [(r.name, r.ns) for r in result.records] == [("count", 10), ("read", 20)]


def test_count_nodes_counts_skills_scenes_steps_blocks_constraints() -> None:
    assert count_nodes(MODULE) == 4
    assert count_nodes(SkillModule()) == 0


def test_format_timings_text_table() -> None:
    result = run(MODULE, [fake("first-pass"), fake("second")])
    text = format_timings(result.records)
    lines = text.splitlines()
    assert lines[0].split() == ["pass", "kind", "ms", "nodes", "in", "nodes", "out", "diags"]
    assert [line.split()[0] for line in lines[1:]] == ["first-pass", "second", "total"]
    assert lines[1].split()[1] == "transform"


def test_format_timings_json() -> None:
    result = run(MODULE, [fake("first-pass")])
    [entry] = json.loads(format_timings(result.records, fmt="json"))
    assert set(entry) == {"name", "kind", "ms", "nodes_in", "nodes_out", "diagnostics"}
    assert (entry["name"], entry["kind"], entry["nodes_in"]) == ("first-pass", "transform", 4)
    assert json.loads(format_timings([], fmt="json")) == []


def test_format_timings_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="xml"):
        format_timings([], fmt="xml")


# --- run: verify_each and print_after -------------------------------------------------------------


def break_ir(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Point the first skill's entry at a scene that does not exist."""
    first = replace(module.skills[0], entry_scene_id="missing-scene")
    return replace(module, skills=(first, *module.skills[1:]))


def test_verify_each_accepts_valid_passes() -> None:
    result = run(MODULE, [fake("noop"), fake("rebuild", fn=rebuild)], verify_each=True)
    assert result.module == MODULE


def test_verify_each_names_the_pass_that_broke_the_ir() -> None:
    steps = [fake("fine", fn=rebuild), fake("breaker", fn=break_ir), fake("after")]
    with pytest.raises(SkillcError) as error:
        run(MODULE, steps, verify_each=True)
    first, *errors = error.value.diagnostics
    assert first.code == "SK022"
    assert "after pass 'breaker'" in first.message
    assert errors and all(d.severity is Severity.ERROR for d in errors)


def test_verify_each_blames_the_input_when_it_is_already_invalid() -> None:
    broken = break_ir(MODULE, PassContext())
    with pytest.raises(SkillcError) as error:
        run(broken, [fake("noop")], verify_each=True)
    assert "before the first pass" in error.value.diagnostics[0].message


def test_without_verify_each_a_broken_ir_passes_through() -> None:
    result = run(MODULE, [fake("breaker", fn=break_ir)])
    assert result.module.skills[0].entry_scene_id == "missing-scene"


def test_print_after_calls_back_with_the_ir_text() -> None:
    from skillc.ir.printer import dump

    def rename(module: SkillModule, ctx: PassContext) -> SkillModule:
        return replace(module, skills=tuple(replace(s, name="renamed") for s in module.skills))

    printed: list[tuple[str, str]] = []
    steps = [fake("noop"), fake("rename", fn=rename)]
    result = run(MODULE, steps, print_after={"rename"}, on_print=lambda *a: printed.append(a))
    assert printed == [("rename", dump(result.module))]
    assert '"renamed"' in printed[0][1]


def test_print_after_all_prints_after_every_transform() -> None:
    printed: list[str] = []
    steps = [fake("a"), fake("b", fn=rebuild)]
    run(MODULE, steps, print_after={"all"}, on_print=lambda name, text: printed.append(name))
    assert printed == ["a", "b"]


def test_print_after_defaults_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    run(MODULE, [fake("a")], print_after=("a",))
    err = capsys.readouterr().err
    assert err.startswith("; IR after a\nssl ")


def test_print_after_an_unknown_pass_is_sk021() -> None:
    with pytest.raises(SkillcError) as error:
        run(MODULE, [fake("a")], print_after={"typo"}, registry={})
    assert codes(error) == ["SK021"]


@settings(max_examples=200, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20),
    asked=st.lists(st.integers(0, 7), min_size=1, max_size=8),
)
def test_plan_orders_as_networkx_lexicographical_sort(
    edges: list[tuple[int, int]], asked: list[int]
) -> None:
    """The plan's own sort (no networkx import on the build path) gives networkx's order:
    requirements first, ties by (rank in the pipeline, name). Edges go from a lower to a
    higher number, so the requirements form no cycle."""
    import networkx as nx

    requires: dict[str, list[str]] = {f"p{n}": [] for n in range(8)}
    for a, b in edges:
        if a < b:
            requires[f"p{b}"].append(f"p{a}")
    reg = registry(*(fake(n, requires=tuple(r)) for n, r in requires.items()))
    pipeline = list(dict.fromkeys(f"p{n}" for n in asked))
    planned = names(plan(pipeline, registry=reg))
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(sorted(planned))
    graph.add_edges_from((r, n) for n in planned for r in requires[n])
    rank = {name: position for position, name in enumerate(pipeline)}
    expected = nx.lexicographical_topological_sort(graph, key=lambda n: (rank.get(n, -1), n))
    assert planned == list(expected)
