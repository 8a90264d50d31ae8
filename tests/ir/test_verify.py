"""The verifier: each rule is triggered by a module that breaks exactly that rule."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import pytest
from hypothesis import given, settings

from skillc.diagnostics import Severity
from skillc.ir import (
    Constraint,
    Heading,
    LogicStep,
    Prose,
    Rule,
    Scene,
    Skill,
    SkillModule,
    Span,
)
from skillc.ir.verify import verify
from tests.strategies import modules


def _span(line: int) -> Span:
    return Span(source="g.md", line=line, col=1, end_line=line, end_col=9, start=line, end=line + 8)


SKILL_SPAN, S1_SPAN, S2_SPAN, L_SPAN, B_SPAN = (_span(n) for n in (1, 2, 3, 4, 5))


def _clean() -> Skill:
    return Skill(
        id="K",
        prov=(SKILL_SPAN,),
        entry_scene_id="S1",
        subscenes=("S1",),
        constraints=(Constraint(id="C1", prov=(B_SPAN,)),),
        blocks=(Heading(id="B1", prov=(B_SPAN,)), Prose(id="B2", prov=(B_SPAN,))),
        scenes=(
            Scene(
                id="S1",
                prov=(S1_SPAN,),
                input=("$in",),
                output=("$out",),
                entry_logic_step_id="L1",
                contained_logic_steps=("L1", "L2"),
                next_scene_rules=(Rule(condition="ok", target="S2"),),
            ),
            Scene(
                id="S2",
                prov=(S2_SPAN,),
                entry_logic_step_id="L3",
                contained_logic_steps=("L3",),
                next_scene_rules=(Rule(condition="ok", target="END_SUCCESS"),),
            ),
        ),
        logic_steps=(
            LogicStep(
                id="L1",
                prov=(L_SPAN,),
                output_binding="$x",
                next_step_rules=(Rule(condition="c", target="L2"),),
            ),
            LogicStep(
                id="L2",
                prov=(L_SPAN,),
                next_step_rules=(Rule(condition="c", target="YIELD_SUCCESS"),),
            ),
            LogicStep(id="L3", prov=(L_SPAN,)),
        ),
    )


def _scene(skill: Skill, index: int, **changes: Any) -> Skill:
    scenes = list(skill.scenes)
    scenes[index] = dataclasses.replace(scenes[index], **changes)
    return dataclasses.replace(skill, scenes=tuple(scenes))


def _step(skill: Skill, index: int, **changes: Any) -> Skill:
    steps = list(skill.logic_steps)
    steps[index] = dataclasses.replace(steps[index], **changes)
    return dataclasses.replace(skill, logic_steps=tuple(steps))


CLEAN = _clean()
S3 = Scene(id="S3", prov=(S2_SPAN,), entry_logic_step_id="L3", contained_logic_steps=("L3",))

BROKEN: list[tuple[str, Skill, str, str]] = [
    ("SC002", dataclasses.replace(CLEAN, entry_scene_id=""), "K", "no entry_scene_id"),
    ("SC002", dataclasses.replace(CLEAN, entry_scene_id="S9"), "K", "'S9' of skill 'K'"),
    ("SC003", dataclasses.replace(CLEAN, subscenes=("S1", "S9")), "K", "subscene 'S9'"),
    ("ST001", dataclasses.replace(CLEAN, scenes=(*CLEAN.scenes, S3, S3)), "S3", "'S3'"),
    ("ST002", _scene(CLEAN, 0, entry_logic_step_id="L3"), "S1", "'L3' of scene 'S1'"),
    ("ST002", _scene(CLEAN, 0, entry_logic_step_id=""), "S1", "'' of scene 'S1'"),
    ("ST003", _scene(CLEAN, 1, contained_logic_steps=("L3", "L9")), "S2", "'L9'"),
    ("ST004", _scene(CLEAN, 0, next_scene_rules=(Rule(condition="", target="S9"),)), "S1", "S9"),
    (
        "LG001",
        dataclasses.replace(CLEAN, logic_steps=(*CLEAN.logic_steps, CLEAN.logic_steps[2])),
        "L3",
        "'L3'",
    ),
    ("LG002", _step(CLEAN, 0, next_step_rules=(Rule(condition="", target="L3"),)), "L1", "'L3'"),
    (
        "LG002",
        _step(CLEAN, 0, next_step_rules=(Rule(condition="", target="END_FAIL"),)),
        "L1",
        "END_FAIL",
    ),
    ("SK004", dataclasses.replace(CLEAN, blocks=(Heading(id="C1", prov=(B_SPAN,)),)), "C1", "C1"),
    ("SK004", dataclasses.replace(CLEAN, blocks=(CLEAN.blocks[0], CLEAN.blocks[0])), "B1", "B1"),
    ("SK005", _scene(CLEAN, 0, scene_type=cast(Any, "NOPE")), "S1", "SceneType"),
    ("SK005", _step(CLEAN, 0, act_type=cast(Any, "READ")), "L1", "ActType"),
    (
        "SK005",
        dataclasses.replace(CLEAN, blocks=(Heading(id="B1", prov=(B_SPAN,), cls=cast(Any, "x")),)),
        "B1",
        "ContentClass",
    ),
    (
        "ST005",
        Skill(id="K", prov=(SKILL_SPAN,), logic_steps=(LogicStep(id="L", prov=(L_SPAN,)),)),
        "K",
        "no scenes",
    ),
    (
        "ST005",
        dataclasses.replace(CLEAN, scenes=(*CLEAN.scenes, Scene(id="S3", prov=(S2_SPAN,)))),
        "S3",
        "no logic steps",
    ),
    (
        "LG003",
        dataclasses.replace(
            CLEAN, logic_steps=(*CLEAN.logic_steps, LogicStep(id="L4", prov=(L_SPAN,)))
        ),
        "L4",
        "no scene",
    ),
    ("LG004", _scene(CLEAN, 0, input=("$in", "in")), "S1", "'in'"),
    ("LG004", _scene(CLEAN, 0, output=("out",)), "S1", "'out'"),
    ("LG004", _step(CLEAN, 0, output_binding="x"), "L1", "'x'"),
    ("PV001", _step(CLEAN, 0, prov=()), "L1", "no provenance"),
    ("PV001", _scene(CLEAN, 1, prov=()), "S2", "no provenance"),
    ("PV001", dataclasses.replace(CLEAN, prov=()), "K", "no provenance"),
    ("PV001", dataclasses.replace(CLEAN, blocks=(Prose(id="B1"),)), "B1", "no provenance"),
]
WARNINGS = {"ST005", "LG003", "LG004", "PV001"}


def test_clean_module_has_no_diagnostics() -> None:
    assert verify(SkillModule(skills=(CLEAN,))) == []


@pytest.mark.parametrize(("code", "skill", "node_id", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule(code: str, skill: Skill, node_id: str, words: str) -> None:
    diagnostics = verify(SkillModule(skills=(skill,)))
    assert [d.code for d in diagnostics] == [code], [d.render() for d in diagnostics]
    (diagnostic,) = diagnostics
    assert diagnostic.severity is (Severity.WARNING if code in WARNINGS else Severity.ERROR)
    assert diagnostic.path == "K"
    assert words in diagnostic.message
    node = _find(skill, node_id, code)
    assert diagnostic.span == (node.prov[0] if node.prov else None)


def _find(skill: Skill, node_id: str, code: str) -> Skill | Scene | LogicStep | Heading | Prose:
    nodes = [skill, *skill.scenes, *skill.logic_steps, *skill.blocks, *skill.constraints]
    matches = [n for n in nodes if n.id == node_id]
    # Duplicates are reported on the later node.
    return matches[-1] if code in ("ST001", "LG001", "SK004") else matches[0]  # type: ignore[return-value]


def test_duplicate_skill_id() -> None:
    twin = dataclasses.replace(CLEAN, prov=(_span(99),))
    diagnostics = verify(SkillModule(skills=(CLEAN, twin)))
    assert [(d.code, d.span) for d in diagnostics] == [("SC001", _span(99))]


def test_diagnostics_are_sorted_by_skill_then_code_then_id() -> None:
    first = dataclasses.replace(
        _scene(_step(CLEAN, 0, output_binding="x"), 1, prov=()), id="A", entry_scene_id="S9"
    )
    second = dataclasses.replace(CLEAN, id="B", subscenes=("S8", "S7"))
    diagnostics = verify(SkillModule(skills=(first, second)))
    assert [(d.path, d.code) for d in diagnostics] == [
        ("A", "LG004"),
        ("A", "PV001"),
        ("A", "SC002"),
        ("B", "SC003"),
        ("B", "SC003"),
    ]
    assert diagnostics == verify(SkillModule(skills=(first, second)))


def test_step_outside_any_scene_may_target_any_step_when_there_are_no_scenes() -> None:
    steps = (
        LogicStep(id="L1", prov=(L_SPAN,), next_step_rules=(Rule(condition="", target="L2"),)),
        LogicStep(id="L2", prov=(L_SPAN,)),
    )
    diagnostics = verify(
        SkillModule(skills=(Skill(id="K", prov=(SKILL_SPAN,), logic_steps=steps),))
    )
    assert [d.code for d in diagnostics] == ["ST005"]


@given(modules(valid=True))
def test_valid_generated_modules_have_no_errors(module: SkillModule) -> None:
    errors = [d for d in verify(module) if d.severity is Severity.ERROR]
    assert errors == [], [d.render() for d in errors]


@settings(max_examples=50)
@given(modules(valid=False))
def test_verify_never_raises_and_is_deterministic(module: SkillModule) -> None:
    assert verify(module) == verify(module)
