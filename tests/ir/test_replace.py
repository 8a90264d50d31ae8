"""`skillc.ir.replace.replace` gives what `dataclasses.replace` gives, on every node of a real
module (click's docs as read, then compiled), for every field changed, and refuses what it
refuses."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.diagnostics.span import Span
from skillc.ir.nodes import Prose, SkillModule
from skillc.ir.replace import _replacer, replace
from tests.cli.conftest import CLICK_DOCS


def _nodes(value: Any) -> Iterator[Any]:
    """Every dataclass instance in ``value``, depth first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _nodes(item)


@pytest.fixture(scope="module")
def modules() -> list[SkillModule]:
    read, _ = read_sources(collect([str(CLICK_DOCS)]))
    compiled, _, _ = compile_module(read, BuildOptions(jobs=1))
    return [read, compiled]


def test_every_node_and_field_as_dataclasses_replace(modules: list[SkillModule]) -> None:
    seen: set[type] = set()
    for module in modules:
        for node in _nodes(module):
            seen.add(type(node))
            assert replace(node) == dataclasses.replace(node)
            assert replace(node) is not node
            for field in dataclasses.fields(node):
                other = getattr(node, field.name)
                changed = replace(node, **{field.name: other})
                assert changed == node and type(changed) is type(node)
                if isinstance(other, str):
                    new = replace(node, **{field.name: other + "x"})
                    assert new == dataclasses.replace(node, **{field.name: other + "x"})
                    assert getattr(new, field.name) == other + "x"
                    assert getattr(node, field.name) == other, "the old node is left as it was"
    assert len(seen) >= 8, sorted(t.__name__ for t in seen)


def test_every_node_class_takes_the_generated_function(modules: list[SkillModule]) -> None:
    """The shortcut is for the IR's slotted classes, whose slots are spread over their bases
    (`Prose` lists only ``text``): an earlier check read the class's own slots alone, so every
    node but `Node` and `SkillModule` went through `dataclasses.replace`, at the same result
    and three times the cost. `Span` packs its numbers in one slot: the library's path."""
    kinds = {type(node) for module in modules for node in _nodes(module)}
    assert {Prose, SkillModule} <= kinds
    slow = {kind.__name__ for kind in kinds if _replacer(kind) is dataclasses.replace}
    assert slow == ({"Span"} if Span in kinds else set())


def test_unknown_fields_and_other_dataclasses() -> None:
    with pytest.raises(TypeError, match="'colour'"):
        replace(Prose(id="p", text="a"), colour="red")

    @dataclasses.dataclass
    class Plain:  # not slotted, with __post_init__: dataclasses.replace's own path
        a: int
        b: int = 0

        def __post_init__(self) -> None:
            self.b = self.a * 2

    assert replace(Plain(a=1), a=3) == Plain(a=3) == Plain(3, 6)
