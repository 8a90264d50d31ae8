"""Errors of the IR reader: SK001 for syntax, SK002 for semantics, each at the offending item."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir.reader import parse


def _errors(text: str) -> tuple[Diagnostic, ...]:
    with pytest.raises(SkillcError) as info:
        parse(text, source="t.ssl")
    return info.value.diagnostics


def _only(text: str) -> Diagnostic:
    diagnostics = _errors(text)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


# --- Syntax ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ('ssl 0.1\nskill "S" {\n  skill_name }\n', 3, 14, ["unexpected '}'", "expected a value"]),
        (
            'ssl 0.1\nskill "S" {\n  tags ["a" "b"]\n}\n',
            3,
            13,
            ["unexpected '\"b\"'", "','", "']'"],
        ),
        ('ssl 0.1\nskill "S" {\n  skill_name "x"\n', 3, 17, ["unexpected end of input", "'}'"]),
        (
            'ssl 0.1\nskill "S" {\n  skill_name "x\n}\n',
            3,
            14,
            ["unexpected string '\"x'", "closed on its line"],
        ),
        ('ssl 0.1\nskill "S" {\n  level 1.5\n}\n', 3, 10, ["unexpected character '.'"]),
        ("ssl 0.1\nskill S {}\n", 2, 7, ["unexpected 'S'", "a string"]),
        ('ssl 0.1\nskill "S" @"a":1:1[0:1] {}\n', 2, 19, ["unexpected '['", "'-'"]),
        ('skill "S" {}\n', 1, 7, ["unexpected '\"S\"'", "a version number"]),
        ("", 1, 1, ["unexpected end of input", "a name"]),
        ('ssl 0.1\nskill "S" {\n  io(name "x")\n}\n', 3, 5, ["unexpected '('", "a value"]),
    ],
)
def test_syntax_error(text: str, line: int, col: int, words: list[str]) -> None:
    error = _only(text)
    assert error.code == "SK001"
    assert error.severity is Severity.ERROR
    assert error.span is not None
    assert (error.span.source, error.span.line, error.span.col) == ("t.ssl", line, col)
    for word in words:
        assert word in error.message
    assert error.render().startswith(f"t.ssl:{line}:{col}: SK001 unexpected ")


def test_long_offending_text_is_shortened() -> None:
    error = _only('ssl 0.1\nskill "S" {\n  skill_name "x" "' + "y" * 100 + '"\n}\n')
    assert error.code == "SK001"
    assert len(error.message) < 120


# --- Semantics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        pytest.param(
            'ssl 0.1\nskill "S" {\n  sceen "x" {}\n}\n',
            3,
            3,
            ["unknown node kind 'sceen'", "scene"],
            id="unknown-kind",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  scene "x" {\n    colour "red"\n  }\n}\n',
            4,
            5,
            ["unknown field 'colour' for scene", "scene_type"],
            id="unknown-field",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  id "x"\n}\n',
            3,
            3,
            ["unknown field 'id'"],
            id="id-is-not-a-field",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  heading "H" {\n    level "2"\n  }\n}\n',
            4,
            11,
            ["heading field 'level'", "expected an integer", "'\"2\"'"],
            id="wrong-type",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  list "L" {\n    ordered yes\n  }\n}\n',
            4,
            13,
            ["expected true or false"],
            id="wrong-bool",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  tags "a"\n}\n',
            3,
            8,
            ["expected a list"],
            id="scalar-for-list",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  tags ["a", 1]\n}\n',
            3,
            14,
            ["expected a string, got '1'"],
            id="wrong-item-type",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  scene "x" {\n    scene_type DO\n  }\n}\n',
            4,
            16,
            ["invalid value 'DO'", "PREPARE, ACQUIRE, REASON, ACT"],
            id="bad-enum",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  scene "x" {\n    scene_type "ACT"\n  }\n}\n',
            4,
            16,
            ["invalid value", "expected one of"],
            id="quoted-enum",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  scene "x" {\n    step "L" {}\n  }\n}\n',
            4,
            5,
            ["a step node is not allowed inside a scene"],
            id="misplaced-node",
        ),
        pytest.param(
            'ssl 0.1\nscene "x" {}\n',
            2,
            1,
            ["not allowed at the top level", "skill, source"],
            id="top-level-scene",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  skill "T" {}\n}\n',
            3,
            3,
            ["a skill node is not allowed inside a skill"],
            id="skill-in-skill",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  tags []\n  skill_name "a"\n  tags ["b"]\n}\n',
            5,
            3,
            ["duplicate field 'tags' in skill"],
            id="duplicate-field",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  expected_inputs [rule(condition "a" target "b")]\n}\n',
            3,
            20,
            ["expected io(...)", "got rule(...)"],
            id="wrong-record",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  expected_inputs [io(type "str")]\n}\n',
            3,
            20,
            ["io(...) is missing name"],
            id="record-missing-field",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  dependencies [dep(type "a" value "b" kind "c")]\n}\n',
            3,
            40,
            ["unknown field 'kind' in dep(...)"],
            id="record-unknown-field",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  control_flow_features flow(has_loop 1)\n}\n',
            3,
            39,
            ["flow field 'has_loop'", "expected true or false"],
            id="record-bad-value",
        ),
        pytest.param(
            'ssl 0.1\nskill "S" {\n  control_flow_features flow(has_loop true has_loop true)\n}\n',
            3,
            44,
            ["duplicate field 'has_loop' in flow(...)"],
            id="record-duplicate-field",
        ),
        pytest.param("ssl 2.0\n", 1, 5, ["unsupported IR version 'ssl 2.0'"], id="version"),
        pytest.param("SSL 0.1\n", 1, 1, ["expected the header 'ssl 0.1'"], id="header-name"),
    ],
)
def test_semantic_error(text: str, line: int, col: int, words: list[str]) -> None:
    error = _only(text)
    assert error.code == "SK002"
    assert error.span is not None
    assert (error.span.source, error.span.line, error.span.col) == ("t.ssl", line, col)
    for word in words:
        assert word in error.message, error.message


def test_minor_version_differences_are_accepted() -> None:
    assert parse("ssl 0.9\n").skills == ()


def test_every_semantic_error_is_reported_in_text_order() -> None:
    text = (
        'ssl 0.1\nskill "S" {\n  scene "x" {\n    scene_type DO\n  }\n  colour 1\n}\nsceen "y" {}\n'
    )
    errors = _errors(text)
    assert [e.code for e in errors] == ["SK002"] * 3
    assert [e.span.line for e in errors if e.span] == [4, 6, 8]


# --- Robustness --------------------------------------------------------------------------------

CANONICAL = (Path(__file__).parent / "identity" / "everything.ssl").read_text(encoding="utf-8")


@settings(max_examples=300)
@given(st.integers(0, len(CANONICAL) - 1), st.integers(0, 3), st.text(max_size=2))
def test_damaged_text_raises_only_skillc_errors(at: int, cut: int, insert: str) -> None:
    text = CANONICAL[:at] + insert + CANONICAL[at + cut :]
    try:
        parse(text, source="t.ssl")
    except SkillcError as exc:
        assert exc.diagnostics
        assert all(d.code in ("SK001", "SK002") and d.span is not None for d in exc.diagnostics)


@given(st.text(alphabet='ssl 0.1 {}[]()@:-,"\\#\nabc_1', max_size=40))
def test_arbitrary_text_raises_only_skillc_errors(text: str) -> None:
    try:
        parse(text)
    except SkillcError as exc:
        assert exc.diagnostics
