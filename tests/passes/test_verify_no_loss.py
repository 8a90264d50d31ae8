"""verify-no-loss: blocks may move or be removed with a reason, never vanish or change code."""

from __future__ import annotations

from dataclasses import replace

from skillc.ir import Code, LogicStep, Placement, Prose, Skill, SkillModule
from skillc.passes.registry import PassContext
from skillc.passes.verify_no_loss import missing_from_files, verify_no_loss

BASE = Skill(
    id="K",
    blocks=(
        Prose(id="B1", text="Install it:"),
        Code(id="B2", text="pip install click\n", language="console"),
        Prose(id="B3", text="Done."),
    ),
    logic_steps=(LogicStep(id="L_1", text="pip install click"),),
)


def codes(after: Skill) -> list[str]:
    ctx = PassContext(options={"baseline": SkillModule(skills=(BASE,))})
    verify_no_loss(SkillModule(skills=(after,)), ctx)
    return [d.code for d in ctx.diagnostics]


def test_unchanged_and_moved_blocks_pass() -> None:
    moved = tuple(
        replace(b, placement=Placement.REFERENCE, reference="references/a.md") for b in BASE.blocks
    )
    assert codes(BASE) == []
    assert codes(replace(BASE, blocks=moved)) == []


def test_removed_with_a_reason_passes_but_silently_removed_fails() -> None:
    reasoned = replace(BASE.blocks[2], placement=Placement.REMOVED, reason="duplicate of B1")
    silent = replace(BASE.blocks[2], placement=Placement.REMOVED)
    assert codes(replace(BASE, blocks=(*BASE.blocks[:2], reasoned))) == []
    assert codes(replace(BASE, blocks=(*BASE.blocks[:2], silent))) == ["PV012"]


def test_dropped_block_and_changed_code_fail() -> None:
    assert codes(replace(BASE, blocks=(BASE.blocks[0], BASE.blocks[1]))) == ["PV012"]
    changed = replace(BASE.blocks[1], text="pip install clack\n")
    assert codes(replace(BASE, blocks=(BASE.blocks[0], changed, BASE.blocks[2]))) == [
        "PV010",
        "PV011",
    ]


def test_without_a_baseline_nothing_is_checked() -> None:
    ctx = PassContext()
    verify_no_loss(SkillModule(skills=(Skill(id="K"),)), ctx)
    assert ctx.diagnostics == []


def test_rendered_files_are_checked_too() -> None:
    assert missing_from_files(BASE, {"SKILL.md": "```console\npip install click\n```"}) == []
    [lost] = missing_from_files(BASE, {"SKILL.md": "nothing here"})
    assert lost.code == "PV010"
