"""verify-no-loss: blocks may move or be removed with a reason, never vanish or change code; a
split table or list is present only when its parts hold all its rows, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from skillc.ir import (
    Code,
    ContentBlock,
    ListBlock,
    LogicStep,
    Placement,
    Prose,
    Skill,
    SkillModule,
    Span,
    Table,
)
from skillc.passes.registry import PassContext
from skillc.passes.verify_no_loss import (
    lost_items,
    missing_from_files,
    split_problem,
    verify_no_loss,
)

SPAN = Span(source="keywords.html", line=12, col=1, end_line=40, end_col=8, start=300, end=900)

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
    ctx = PassContext(baseline=SkillModule(skills=(BASE,)))
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


# --- Split tables and lists ---------------------------------------------------------------------

HEADER = ("Keyword", "Page")
TABLE = Table(
    id="T",
    rows=(HEADER, *((f"KEY{n}", f"[page {n}](page{n}.html)") for n in range(6))),
)
STEPS = ListBlock(id="L", items=tuple(f"Step {n}." for n in range(6)), ordered=True, start=3)
MOVED = {"placement": Placement.REFERENCE, "reason": "moved"}


def table_parts(*cuts: int, rows: tuple[tuple[str, ...], ...] = TABLE.rows[1:]) -> list[Table]:
    """The table split before data rows ``cuts``, each part with the header."""
    bounds = [0, *cuts, len(rows)]
    return [
        replace(TABLE, id=f"T~{n}", rows=(HEADER, *rows[lo:hi]), reference=f"r/p{n}.md", **MOVED)
        for n, (lo, hi) in enumerate(pairwise(bounds), 1)
    ]


def split_codes(block: ContentBlock, parts: Sequence[ContentBlock]) -> list[str]:
    before = Skill(id="K", blocks=(Prose(id="P", text="Intro."), block))
    after = Skill(id="K", blocks=(Prose(id="P", text="Intro."), *parts))
    return [d.code for d in lost_items(before, after)]


def test_a_split_table_is_present_when_its_parts_hold_every_row_in_order() -> None:
    assert split_codes(TABLE, table_parts(2, 4)) == []
    assert split_codes(TABLE, table_parts(5)) == []


def test_rows_may_have_their_links_rewritten() -> None:
    """rewrite-links reduces a link to its text, or names the sibling skill after it."""
    rewritten = tuple(
        (key, f"page {n} (see the `page{n}` skill)" if n % 2 else f"page {n}")
        for n, (key, _) in enumerate(TABLE.rows[1:])
    )
    assert split_codes(TABLE, table_parts(3, rows=rewritten)) == []


def test_a_split_table_with_a_lost_or_moved_row_is_reported() -> None:
    rows = TABLE.rows[1:]
    assert split_codes(TABLE, table_parts(3, rows=rows[:-1])) == ["PV013"]
    swapped = (rows[1], rows[0], *rows[2:])
    assert split_codes(TABLE, table_parts(3, rows=swapped)) == ["PV013"]
    changed = (*rows[:-1], ("KEY5", "another page"))
    assert split_codes(TABLE, table_parts(3, rows=changed)) == ["PV013"]


def test_every_part_must_repeat_the_header_and_be_numbered_from_one() -> None:
    first, second = table_parts(3)
    headless = replace(second, rows=second.rows[1:])
    assert split_codes(TABLE, [first, headless]) == ["PV013"]
    assert split_codes(TABLE, [first, replace(second, id="T~3")]) == ["PV013"]
    assert split_codes(TABLE, [second, first]) == ["PV013"]


def test_a_removed_part_is_a_loss_even_with_a_reason() -> None:
    first, second = table_parts(3)
    removed = replace(second, placement=Placement.REMOVED, reason="too long")
    assert split_codes(TABLE, [first, removed]) == ["PV013"]


def test_a_split_list_keeps_its_items_and_numbering() -> None:
    first = replace(STEPS, id="L~1", items=STEPS.items[:4], **MOVED)
    second = replace(STEPS, id="L~2", items=STEPS.items[4:], start=7, **MOVED)
    assert split_codes(STEPS, [first, second]) == []
    assert split_codes(STEPS, [first, replace(second, start=1)]) == ["PV013"]
    assert split_codes(STEPS, [first, replace(second, items=STEPS.items[5:])]) == ["PV013"]


def test_a_split_problem_names_what_is_wrong() -> None:
    first, second = table_parts(3)
    problem = split_problem(TABLE, [(1, first), (2, replace(second, rows=second.rows[:-1]))])
    assert problem == "its parts hold 5 rows, not 6"
    [lost] = lost_items(
        Skill(id="K", blocks=(replace(TABLE, prov=(SPAN,)),)),
        Skill(id="K", blocks=(first, replace(second, rows=second.rows[:-1]))),
    )
    assert lost.span == SPAN and lost.message.startswith("block T was split, but ")
