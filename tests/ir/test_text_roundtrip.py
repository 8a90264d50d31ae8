"""Properties of the IR text form: printing and reading are inverse, and canonical texts are fixed
points, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from skillc.ir import SkillModule
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from tests.strategies import modules

IDENTITY = sorted((Path(__file__).parent / "identity").glob("*.ssl"))


@given(modules(valid=False))
def test_parse_inverts_dump_and_dump_is_a_fixed_point(module: SkillModule) -> None:
    # One property for both, because generating modules costs more than checking them.
    text = dump(module)
    back = parse(text)
    assert back == module
    assert dump(back) == text
    assert text.startswith("ssl 0.1\n")
    assert text.endswith("}\n") or text == "ssl 0.1\n"


def test_identity_corpus_is_not_empty() -> None:
    assert len(IDENTITY) >= 3


@pytest.mark.parametrize("path", IDENTITY, ids=lambda p: p.name)
def test_identity(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert dump(parse(text, source=str(path))) == text


def test_comments_and_free_layout_are_accepted() -> None:
    text = 'ssl 0.1 # header\nskill "S"{skill_name"x"  # trailing\n tags[ "a" ,"b" ]}\n'
    assert dump(parse(text)) == 'ssl 0.1\nskill "S" {\n  skill_name "x"\n  tags ["a", "b"]\n}\n'


def test_hash_inside_a_string_is_not_a_comment() -> None:
    module = parse('ssl 0.1\nskill "#1" {\n  skill_name "a # b"\n}\n')
    assert module.skills[0].id == "#1"
    assert module.skills[0].skill_name == "a # b"


def test_nested_nodes_may_interleave_with_fields() -> None:
    text = (
        'ssl 0.1\nskill "S" {\n  step "L" {}\n  heading "H" {}\n  skill_name "x"\n  prose "P" {}}'
    )
    skill = parse(text).skills[0]
    assert skill.skill_name == "x"
    assert [b.id for b in skill.blocks] == ["H", "P"]
    assert [s.id for s in skill.logic_steps] == ["L"]
