"""The build holds each source's inventory packed (`skillc.compiler.packed_inventory`) from
the moment it is read until verify-no-loss checks the source, in one process and with
``-j2`` (where the reading worker packs it): held as tuples, python-doc's took about 30 MB
per 530 pages. Checked packed, the sources give the diagnostics the tuples gave."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from skillc.compiler.driver import read_sources
from skillc.compiler.frontends.guide.inventory import SourceInventory
from skillc.compiler.inputs import collect
from skillc.compiler.packed_inventory import PackedInventory, packed
from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.verify_source import source_losses
from tests.cli.conftest import CLICK_DOCS


def _lossy(skill: Skill) -> Skill:
    return replace(skill, blocks=tuple(b for b in skill.blocks if type(b).__name__ != "Code"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_inventories_are_held_packed_and_check_the_same(jobs: int) -> None:
    inventories: dict[str, object] = {}
    module, _ = read_sources(collect([str(CLICK_DOCS)]), jobs=jobs, inventories=inventories)
    assert inventories and all(type(i) is PackedInventory for i in inventories.values())
    plain = {k: i.unpacked() for k, i in inventories.items()}  # type: ignore[attr-defined]
    assert all(type(i) is SourceInventory and i.words for i in plain.values())
    lossy = SkillModule(sources=module.sources, skills=tuple(map(_lossy, module.skills)))
    expected = source_losses(lossy, plain)
    assert any(d.code == "PV014" for d in expected)
    assert source_losses(lossy, inventories) == expected
    held = sum(len(pickle.dumps(i)) for i in inventories.values())
    assert held * 2 < sum(len(pickle.dumps(i)) for i in plain.values())


def test_packing_keeps_the_inventory_and_leaves_others_alone() -> None:
    inventory = SourceInventory(codes=(("print(1)", 3),), words=(("print", 1, 3),))
    one = packed(inventory)
    assert isinstance(one, PackedInventory) and one.unpacked() == inventory
    assert packed(one) is one and packed(None) is None
    assert pickle.loads(pickle.dumps(one)) == one
