"""`skillc.ir.edits`: a result sent as its edits of the item rebuilds to an equal value
from the item, on real modules and on arbitrary values, and shares what the pass left alone."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.diagnostics.span import Span
from skillc.ir.edits import FIELDS, applied, edits
from skillc.ir.nodes import Heading, Prose, SkillModule
from skillc.ir.replace import replace
from skillc.passes.progressive_disclosure import disclose_task
from tests.cli.conftest import CLICK_DOCS


def _round_trip(new: Any, old: Any) -> Any:
    """``new`` as a worker sends it and the parent rebuilds it: edits, pickled, applied."""
    return applied(pickle.loads(pickle.dumps(edits(new, old), protocol=5)), old)


@pytest.fixture(scope="module")
def click() -> tuple[SkillModule, SkillModule]:
    read, _ = read_sources(collect([str(CLICK_DOCS)]))
    compiled, _, _ = compile_module(read, BuildOptions(jobs=1))
    return read, compiled


def test_a_whole_compiled_module_rebuilds_from_the_module_read(
    click: tuple[SkillModule, SkillModule],
) -> None:
    read, compiled = click
    assert _round_trip(compiled, read) == compiled
    assert _round_trip(read, compiled) == read  # and the other way round
    assert applied(edits(read, read), read) is read


def test_disclosed_skills_come_back_small_and_share_what_stayed(
    click: tuple[SkillModule, SkillModule],
) -> None:
    compiled = click[1]
    budgets = (60, 600, 60, 600, 2000, 0)  # small budgets: most sections move
    moved = 0
    for skill in compiled.skills:
        item = (skill, budgets)
        result = disclose_task(item)
        back = _round_trip(result, item)
        assert back == result
        assert len(pickle.dumps(edits(result, item))) < len(pickle.dumps(result)) / 3
        kept = {id(block) for block in skill.blocks}
        for block, theirs in zip(back[0].blocks, result[0].blocks, strict=True):
            assert block == theirs
            if any(block is mine for mine in skill.blocks):
                continue
            moved += 1
            assert id(block) not in kept
            original = next(b for b in skill.blocks if b.id == block.id)
            assert block.prov is original.prov, "the unchanged fields are the item's own"
    assert moved > 20


def test_fields_of_a_node_are_sent_only_when_changed() -> None:
    old = Prose(id="p1", text="Run the tests.")
    new = replace(old, reference="references/tests.md")
    edit = edits(new, old)
    assert edit == (FIELDS, {"reference": "references/tests.md"})
    assert applied(edit, old) == new
    assert applied(edit, old).text is old.text


def test_values_that_look_like_edits_are_sent_as_values() -> None:
    for new, old in [
        (None, "x"),
        ((0, "a"), "x"),
        ((1, {}), (1, {})),
        ((), ("a",)),
        ([1, 2], [1, 2]),
        (Heading(id="h", level=2, text="T"), Prose(id="h", text="T")),
        (_span(3), _span(4)),
    ]:
        assert _round_trip(new, old) == new


def _span(line: int) -> Span:
    return Span(source="a.md", line=line, col=1, end_line=line, end_col=9, start=0, end=8)


def test_moved_and_new_elements_of_a_tuple() -> None:
    a, b, c = (Prose(id=name, text=name * 3) for name in "abc")
    old = (a, b, c)
    new = (c, replace(a, text="changed"), Prose(id="d", text="new"), b, b)
    back = _round_trip(new, old)
    assert back == new
    assert back[0] is c and back[3] is b and back[4] is b
    assert back[1].id is a.id


_ATOMS = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.booleans())
_PROSE = st.builds(
    lambda id_, text: Prose(id=id_, text=text), st.sampled_from("abc"), st.text(max_size=5)
)
_VALUES = st.recursive(
    st.one_of(_ATOMS, _PROSE),
    lambda inner: st.one_of(
        st.tuples(inner, inner), st.lists(inner, max_size=3).map(tuple), st.lists(inner)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES, _VALUES)
def test_any_value_rebuilds_from_any_other(new: Any, old: Any) -> None:
    assert _round_trip(new, old) == new


@settings(max_examples=200, deadline=None)
@given(st.lists(_PROSE, max_size=6).map(tuple), st.data())
def test_a_tuple_edited_in_place_rebuilds(old: tuple[Prose, ...], data: st.DataObject) -> None:
    picks = data.draw(st.lists(st.integers(0, max(0, len(old) - 1)), max_size=8))
    new = tuple(
        old[i] if i % 2 or not old else replace(old[i], reason=f"moved {i}")
        for i in (picks if old else [])
    )
    assert _round_trip(new, old) == new
