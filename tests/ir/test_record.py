"""The SSL three-key JSON record: shape, lossless round trip, tolerant import, SK003 errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from skillc.diagnostics import Diagnostic, SkillcError
from skillc.ir import (
    ActType,
    Heading,
    IOSpec,
    LogicStep,
    ResourceScope,
    Rule,
    Scene,
    SceneType,
    Skill,
    SkillModule,
    Source,
    Span,
)
from skillc.ir.reader import parse
from skillc.ir.record import from_record, module_from_json, module_to_json, to_record
from tests.strategies import modules, skills

EVERYTHING = Path(__file__).parent / "identity" / "everything.ssl"
SPAN = Span(source="a.md", line=1, col=1, end_line=2, end_col=1, start=0, end=10)

SKILL_KEYS = [
    "skill_id",
    "skill_name",
    "skill_goal",
    "intent_signature",
    "tags",
    "top_pattern",
    "expected_inputs",
    "expected_outputs",
    "dependencies",
    "control_flow_features",
    "entry_scene_id",
    "subscenes",
]
SCENE_KEYS = [
    "scene_id",
    "scene_name",
    "scene_type",
    "scene_goal",
    "input",
    "output",
    "entry_conditions",
    "exit_conditions",
    "entry_logic_step_id",
    "contained_logic_steps",
    "next_scene_rules",
]
STEP_KEYS = [
    "logic_step_id",
    "act_type",
    "actor",
    "object",
    "instrument",
    "input_args",
    "output_binding",
    "preconditions",
    "effects",
    "resource_scope",
    "resource_target",
    "next_step_rules",
]


@given(skills(valid=False))
def test_record_round_trip(skill: Skill) -> None:
    record = to_record(skill)
    assert from_record(record) == skill
    assert from_record(json.loads(json.dumps(record))) == skill


@given(modules(valid=False))
def test_module_json_round_trip(module: SkillModule) -> None:
    text = module_to_json(module)
    assert module_from_json(text) == module
    assert module_to_json(module_from_json(text)) == text


def test_record_shape_and_key_order() -> None:
    skill = parse(EVERYTHING.read_text(encoding="utf-8")).skills[0]
    record = to_record(skill)
    assert list(record) == ["skill", "scenes", "logic_steps"]
    assert list(record["skill"]) == [*SKILL_KEYS, "x_skillc"]
    assert list(record["skill"]["x_skillc"]) == [
        "name",
        "description",
        "triggers",
        "exclusions",
        "constraints",
        "blocks",
        "prov",
    ]
    assert [list(s) for s in record["scenes"]] == [[*SCENE_KEYS, "x_skillc"], SCENE_KEYS]
    assert list(record["logic_steps"][0]) == [*STEP_KEYS, "x_skillc"]
    assert list(record["logic_steps"][0]["x_skillc"]) == ["prov", "text"]
    assert record["skill"]["control_flow_features"] == {
        "has_branch": True,
        "has_loop": True,
        "has_tool_call": True,
        "touches_sensitive_resources": True,
    }
    assert record["skill"]["expected_inputs"][0] == {"name": "$build", "type": ""}
    assert record["skill"]["dependencies"][0] == {"type": "permission", "value": "network.write"}
    assert record["skill"]["x_skillc"]["prov"][0] == {
        "source": "guides/déploiement.md",
        "line": 1,
        "col": 1,
        "end_line": 80,
        "end_col": 1,
        "start": 0,
        "end": 2048,
    }
    assert record["scenes"][0]["next_scene_rules"][0] == {"condition": "ok", "target": "S_act"}
    assert record["skill"]["x_skillc"]["blocks"][1] == {
        "kind": "heading",
        "id": "B2",
        "cls": "background",
        "level": 2,
        "text": "Why",
    }
    assert record["skill"]["x_skillc"]["constraints"][1] == {
        "id": "C2",
        "text": "Have credentials.",
    }


def test_empty_extras_are_omitted_and_empty_instrument_is_null() -> None:
    skill = Skill(id="S", logic_steps=(LogicStep(id="L"),), scenes=(Scene(id="X"),))
    record = to_record(skill)
    assert "x_skillc" not in record["skill"]
    assert "x_skillc" not in record["scenes"][0]
    assert "x_skillc" not in record["logic_steps"][0]
    assert record["logic_steps"][0]["instrument"] is None
    assert record["scenes"][0]["scene_type"] == "ACT"


def test_module_json_is_deterministic_text() -> None:
    module = SkillModule(
        sources=(Source(id="a.md", media_type="text/markdown"),),
        skills=(Skill(id="S", skill_name="é", blocks=(Heading(id="H", prov=(SPAN,)),)),),
    )
    text = module_to_json(module)
    assert text == module_to_json(module)
    assert text.endswith("}\n") and "é" in text
    obj = json.loads(text)
    assert list(obj) == ["ssl_version", "sources", "records"]
    assert obj["ssl_version"] == "0.1"
    assert obj["sources"] == [{"id": "a.md", "media_type": "text/markdown"}]


def test_import_tolerates_real_records() -> None:
    record: dict[str, Any] = {
        "skill": {
            "skill_id": "pdf",
            "skill_name": "PDF tools",
            "intent_signature": "merge pdfs",
            "expected_inputs": ["a path", {"name": "$out", "type": "str", "description": "x"}],
            "dependencies": ["pypdf"],
            "control_flow_features": {"has_loop": True},
            "entry_scene_id": "S1",
            "unknown_key": {"ignored": True},
        },
        "scenes": [
            {
                "scene_id": "S1",
                "scene_type": "ACQUIRE",
                "input": None,
                "contained_logic_steps": ["L1"],
                "entry_logic_step_id": "L1",
                "next_scene_rules": [{"condition": "done", "target": "END_SUCCESS"}],
            }
        ],
        "logic_steps": [
            {
                "logic_step_id": "L1",
                "act_type": "READ",
                "instrument": None,
                "resource_scope": "LOCAL_FS",
                "next_step_rules": [],
                "confidence": 0.9,
            }
        ],
        "meta": "ignored",
    }
    skill = from_record(record)
    assert skill.id == "pdf"
    assert skill.intent_signature == ("merge pdfs",)
    assert skill.expected_inputs == (IOSpec(name="a path"), IOSpec(name="$out", type="str"))
    assert skill.dependencies[0].value == "pypdf"
    assert skill.control_flow_features.has_loop
    assert skill.scenes == (
        Scene(
            id="S1",
            scene_type=SceneType.ACQUIRE,
            contained_logic_steps=("L1",),
            entry_logic_step_id="L1",
            next_scene_rules=(Rule(condition="done", target="END_SUCCESS"),),
        ),
    )
    assert skill.logic_steps == (
        LogicStep(id="L1", act_type=ActType.READ, resource_scope=ResourceScope.LOCAL_FS),
    )


def test_module_from_json_accepts_one_record_or_a_list() -> None:
    record = to_record(Skill(id="S", scenes=(Scene(id="X"),)))
    one = module_from_json(json.dumps(record))
    many = module_from_json(json.dumps([record, record]))
    assert [s.id for s in one.skills] == ["S"]
    assert [s.id for s in many.skills] == ["S", "S"]


def _sk003(text: str) -> Diagnostic:
    with pytest.raises(SkillcError) as info:
        module_from_json(text, path="r.json")
    (error,) = info.value.diagnostics
    assert error.code == "SK003"
    assert error.path == "r.json"
    return error


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "skill": {"skill_id": "S"},
        "scenes": [{"scene_id": "A"}, {"scene_id": "B"}, {"scene_id": "C"}],
        "logic_steps": [{"logic_step_id": "L"}],
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("obj", "where", "words"),
    [
        ({"scenes": [], "logic_steps": []}, "(top level)", "expected an SSL record"),
        (_record(skill={"skill_name": "x"}), "skill.skill_id", "missing required key"),
        (_record(skill={"skill_id": 3}), "skill.skill_id", "expected a string, got an integer"),
        (_record(scenes=None), "scenes", "expected a list, got null"),
        ({"skill": {"skill_id": "S"}, "scenes": []}, "logic_steps", "missing required key"),
        (
            _record(
                scenes=[{"scene_id": "A"}, {"scene_id": "B"}, {"scene_id": "C", "scene_type": "X"}]
            ),
            "scenes[2].scene_type",
            "invalid value 'X' (expected one of: PREPARE",
        ),
        (_record(scenes=[{"scene_name": "A"}]), "scenes[0].scene_id", "missing required key"),
        (_record(logic_steps=[{}]), "logic_steps[0].logic_step_id", "missing required key"),
        (
            _record(logic_steps=[{"logic_step_id": "L", "act_type": 7}]),
            "logic_steps[0].act_type",
            "got an integer",
        ),
        (
            _record(logic_steps=[{"logic_step_id": "L", "next_step_rules": [{"condition": "c"}]}]),
            "logic_steps[0].next_step_rules[0].target",
            "missing required key",
        ),
        (
            _record(skill={"skill_id": "S", "tags": ["a", 1]}),
            "skill.tags[1]",
            "expected a string",
        ),
        (
            _record(skill={"skill_id": "S", "x_skillc": {"blocks": [{"kind": "para", "id": "B"}]}}),
            "skill.x_skillc.blocks[0].kind",
            "invalid value 'para'",
        ),
        (
            _record(skill={"skill_id": "S", "x_skillc": {"prov": [{"source": "a"}]}}),
            "skill.x_skillc.prov[0].line",
            "missing required key",
        ),
        (
            {"ssl_version": "0.1", "sources": [], "records": [_record(skill={})]},
            "records[0].skill.skill_id",
            "missing required key",
        ),
        ([_record(), _record(scenes=[1])], "[1].scenes[0]", "expected an object"),
        ({"ssl_version": "2.0", "records": []}, "ssl_version", "unsupported version '2.0'"),
    ],
)
def test_import_errors_name_the_json_path(obj: Any, where: str, words: str) -> None:
    error = _sk003(json.dumps(obj))
    assert error.message.startswith(f"{where}: "), error.message
    assert words in error.message


def test_invalid_json_reports_line_and_column() -> None:
    error = _sk003('{\n  "skill": {\n    "skill_id": "S",\n  }\n}\n')
    assert error.span is not None
    assert (error.span.source, error.span.line, error.span.col) == ("r.json", 4, 3)
    assert error.message.startswith("invalid JSON: ")
