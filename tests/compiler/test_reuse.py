"""`reuse`: a result pickled back from a worker shares the parts equal to the item it was given
(the unchanged blocks, spans and texts of a skill), and stays equal to what the worker made."""

from __future__ import annotations

import pickle
from dataclasses import replace

from skillc.compiler.driver import read_sources
from skillc.compiler.inputs import collect
from skillc.compiler.reuse import reuse
from skillc.diagnostics.span import Span
from skillc.ir.nodes import Skill
from tests.cli.conftest import CLICK_DOCS


def _skills() -> tuple[Skill, ...]:
    module, _ = read_sources(collect([str(CLICK_DOCS)]))
    assert len(module.skills) > 3
    return module.skills


def test_an_unchanged_result_is_the_item() -> None:
    for skill in _skills():
        copy = pickle.loads(pickle.dumps(skill))
        assert copy is not skill
        assert reuse(copy, skill) is skill


def test_a_changed_skill_keeps_its_change_and_shares_the_rest() -> None:
    skill = next(s for s in _skills() if len(s.blocks) > 2)
    changed = replace(skill, description="rewritten", blocks=skill.blocks[1:])  # moved blocks
    back = pickle.loads(pickle.dumps(changed))
    shared = reuse(back, skill)
    assert shared == changed
    assert shared.description == "rewritten"
    assert all(a is b for a, b in zip(shared.blocks, skill.blocks[1:], strict=True))
    assert shared.prov is skill.prov


def test_results_of_another_shape_are_left_alone() -> None:
    skill = _skills()[0]
    result = ((), ["a diagnostic"])
    assert reuse(result, (skill, {"x": 1})) is result
    pair = pickle.loads(pickle.dumps((skill, ())))
    assert reuse(pair, (skill, (1, 2)))[0] is skill


def test_spans_far_into_a_page_are_shared_whole() -> None:
    """A span's numbers are one packed int read through properties (`Span`): an equal span
    is the item's, a changed one stays the result's (numbers over 256 are not cached ints)."""
    span = Span(
        source="a.html", line=3000, col=300, end_line=3002, end_col=9, start=10**6, end=10**6 + 80
    )
    assert reuse(pickle.loads(pickle.dumps(span)), span) is span
    moved = replace(span, end=10**6 + 81)
    assert reuse(pickle.loads(pickle.dumps(moved)), span) == moved
