"""The exact shape of the canonical text form."""

from __future__ import annotations

import pytest

from skillc.ir import (
    Code,
    ControlFlow,
    Heading,
    IOSpec,
    LogicStep,
    Rule,
    Scene,
    SceneType,
    Skill,
    SkillModule,
    Source,
    Span,
    Table,
)
from skillc.ir.printer import dump, format_span, format_value

SPAN = Span(source="q.md", line=5, col=1, end_line=9, end_col=1, start=40, end=90)


def test_empty_module() -> None:
    assert dump(SkillModule()) == "ssl 0.1\n"


def test_node_without_fields_is_one_line() -> None:
    module = SkillModule(skills=(Skill(id="S", logic_steps=(LogicStep(id="L"),)),))
    assert dump(module) == 'ssl 0.1\nskill "S" {\n  step "L" {}\n}\n'


def test_sources_come_before_skills() -> None:
    module = SkillModule(skills=(Skill(id="S"),), sources=(Source(id="a.md", sha256="00"),))
    assert dump(module) == 'ssl 0.1\nsource "a.md" {\n  sha256 "00"\n}\nskill "S" {}\n'


def test_defaults_are_skipped_and_fields_keep_declaration_order() -> None:
    scene = Scene(
        id="S_1",
        prov=(SPAN, SPAN),
        next_scene_rules=(Rule(condition="success", target="END_SUCCESS"),),
        contained_logic_steps=("L_1",),
        scene_type=SceneType.PREPARE,
    )
    text = dump(SkillModule(skills=(Skill(id="K", scenes=(scene,)),)))
    assert text == (
        "ssl 0.1\n"
        'skill "K" {\n'
        '  scene "S_1" @"q.md":5:1-9:1[40:90] @"q.md":5:1-9:1[40:90] {\n'
        "    scene_type PREPARE\n"
        '    contained_logic_steps ["L_1"]\n'
        '    next_scene_rules [rule(condition "success" target "END_SUCCESS")]\n'
        "  }\n"
        "}\n"
    )


def test_nested_nodes_print_in_field_order() -> None:
    skill = Skill(
        id="K",
        logic_steps=(LogicStep(id="L"),),
        scenes=(Scene(id="S", contained_logic_steps=("L",), entry_logic_step_id="L"),),
        blocks=(Table(id="T", rows=(("a", "b"), ("1", "2"))), Heading(id="H", level=2)),
        skill_name="n",
    )
    lines = dump(SkillModule(skills=(skill,))).splitlines()
    kinds = [line.split()[0] for line in lines if line.startswith("  ") and line[2] not in " }"]
    assert kinds == ["skill_name", "table", "heading", "scene", "step"]
    assert '    rows [["a", "b"], ["1", "2"]]' in lines


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("", '""'),
        ('quote " and \\ backslash', '"quote \\" and \\\\ backslash"'),
        ("line\nbreak\ttab\x00nul", '"line\\nbreak\\ttab\\u0000nul"'),
        ("é 中 🚀 \u2028", '"é 中 🚀 \u2028"'),
        (0, "0"),
        (-12, "-12"),
        (True, "true"),
        (False, "false"),
        (SceneType.ACT, "ACT"),
        ((), "[]"),
        (("a", "b"), '["a", "b"]'),
        ((("a",), ()), '[["a"], []]'),
        (IOSpec(name="p"), 'io(name "p")'),
        (IOSpec(name="p", type="str"), 'io(name "p" type "str")'),
        (ControlFlow(has_loop=True), "flow(has_loop true)"),
        (ControlFlow(), "flow()"),
    ],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text


def test_format_span() -> None:
    span = Span(source='a "b".md', line=1, col=2, end_line=3, end_col=4, start=5, end=6)
    assert format_span(span) == '@"a \\"b\\".md":1:2-3:4[5:6]'


def test_default_control_flow_is_not_printed() -> None:
    text = dump(SkillModule(skills=(Skill(id="S", control_flow_features=ControlFlow()),)))
    assert "flow" not in text


def test_code_text_keeps_newlines_escaped_on_one_line() -> None:
    skill = Skill(id="S", blocks=(Code(id="C", text="a\nb\n", language="py"),))
    text = dump(SkillModule(skills=(skill,)))
    assert '    text "a\\nb\\n"\n' in text
    assert len(text.splitlines()) == 7


def test_unprintable_value_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        format_value(1.5)
