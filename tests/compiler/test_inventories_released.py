"""compile_module checks the sources against their inventories (verify-no-loss's PV014/PV015)
before the passes run and empties the inventories, so they are not held through the passes;
the diagnostics are those of the check done at the end, in the same place."""

from __future__ import annotations

from dataclasses import replace

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.verify_source import source_losses
from tests.cli.conftest import CLICK_DOCS


def _lossy(skill: Skill) -> Skill:
    """``skill`` without its code blocks: what a frontend losing code would have read."""
    return replace(skill, blocks=tuple(b for b in skill.blocks if type(b).__name__ != "Code"))


def test_the_inventories_are_checked_then_emptied() -> None:
    inventories: dict[str, object] = {}
    module, _ = read_sources(collect([str(CLICK_DOCS)]), inventories=inventories)
    lossy = SkillModule(sources=module.sources, skills=tuple(map(_lossy, module.skills)))
    expected = source_losses(lossy, dict(inventories))
    assert any(d.code == "PV014" for d in expected)
    for jobs in (1, 2):
        given = dict(inventories)
        _, diagnostics, _ = compile_module(lossy, BuildOptions(jobs=jobs), inventories=given)
        assert given == {}
        losses = [d for d in diagnostics if d.code in ("PV014", "PV015")]
        assert losses == expected
        assert diagnostics[-len(expected) :] == expected  # verify-no-loss's, reported last


def test_a_pipeline_without_verify_no_loss_keeps_them() -> None:
    inventories: dict[str, object] = {}
    module, _ = read_sources(collect([str(CLICK_DOCS)]), inventories=inventories)
    given = dict(inventories)
    _, diagnostics, _ = compile_module(module, BuildOptions(pipeline="O0"), inventories=given)
    assert given == inventories
    assert not any(d.code in ("PV014", "PV015") for d in diagnostics)
