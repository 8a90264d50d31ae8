"""Passes on inputs that once made them quadratic: pages of thousands of sections, code blocks
far from any heading, many copies of one page (issue 9, "nothing hangs").

Why: no test is timed (machines differ). Each fast path is checked against the definition it
replaced, and the large inputs are sized so that a return to quadratic cost would not finish
while they take about a second now (`tools/bench.py scaling` measures the growth itself).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import Code, ContentBlock, Heading, ListBlock, Placement, Prose, Skill, Table
from skillc.ir.layout import render_body
from skillc.passes import classify_content as cc
from skillc.passes import disclosure_pack as pack
from skillc.passes import disclosure_parts as dp
from skillc.passes import progressive_disclosure as pd
from skillc.passes.merge_duplicates import absorb
from skillc.tokens import count_tokens


def page(sections: int) -> str:
    parts = [
        f"## Section {i}\n\nRun the tool for case {i}.\n\n```sh\nmake target{i}\n```\n\n"
        f"- item {i}\n- other {i}\n"
        for i in range(sections)
    ]
    return "# Big\n\n" + "\n".join(parts)


def test_a_page_of_3000_sections_fits_with_parts_of_a_larger_budget() -> None:
    """Part pointers overflow the body at the default part budget, so parts twice as large
    (or more) are used: the smallest scale at which the body fits."""
    skill = read_markdown(page(3000), source_id="big.md").skills[0]
    out = pd.disclose(skill, 500, 5000)
    body = "\n" + render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    files = {b.reference for b in out.blocks if b.placement is Placement.REFERENCE}
    assert all(path.startswith("references/details-part-") for path in files)
    assert [b.id for b in out.blocks] == [b.id for b in skill.blocks]


def test_the_scale_search_finds_the_smallest_fitting_scale() -> None:
    """Whatever the first body says, the answer is the smallest power of two that fits (the
    predicate is monotone), or the largest tried."""
    for answer in range(pd._MAX_EXPONENT + 2):
        for over_lines in (501, 900, 3000, 10**6):
            tried: list[int] = []
            got = pd._smallest_scale(_fake_cut(2**answer, over_lines, tried), 500, 5000)
            expected = min(2**answer, 2**pd._MAX_EXPONENT)
            assert got == (Prose(id=str(expected)),), (answer, over_lines, tried)
            assert len(tried) <= 1 + pd._MAX_EXPONENT


def _fake_cut(
    fits_from: int, over_lines: int, tried: list[int]
) -> Callable[[int], tuple[tuple[Prose, ...], tuple[int, int] | None]]:
    """A cut whose body fits from scale ``fits_from`` on, and is ``over_lines`` below it."""

    def cut(scale: int) -> tuple[tuple[Prose, ...], tuple[int, int] | None]:
        tried.append(scale)
        return (Prose(id=str(scale)),), None if scale >= fits_from else (over_lines, 10)

    return cut


def test_section_ends_agree_with_scanning_later_headings() -> None:
    rng = random.Random(3)
    for _ in range(300):
        headings = [(i * 2, rng.randint(1, 4)) for i in range(rng.randint(0, 40))]
        end = len(headings) * 2 + 1
        expected = [
            next((i for i, other in headings[k + 1 :] if other <= level), end)
            for k, (_, level) in enumerate(headings)
        ]
        assert pd._section_ends(headings, end) == expected


def test_code_blocks_far_below_a_heading_find_it() -> None:
    """The nearest heading is carried along, not searched for from each code block."""
    blocks = [Heading(id="H", level=2, text="Config template")]
    blocks += [Code(id=f"C{n}", text=f"x = {n}", language="python") for n in range(20_000)]
    skill = cc.classify_skill(Skill(id="K", blocks=tuple(blocks)))
    assert {b.cls for b in skill.blocks[1:]} == {cc.ContentClass.TEMPLATE}
    for index in (1, 500, 19_999):
        assert cc.block_class(skill.blocks, index) is cc.ContentClass.TEMPLATE


def test_absorbing_many_copies_at_once_equals_one_at_a_time() -> None:
    text = "# Page\n\nRun the tool with care.\n\n```sh\nmake all\n```\n"
    kept = read_markdown(text, source_id="a.md").skills[0]
    copies = [read_markdown(text, source_id=f"c{n}.md").skills[0] for n in range(50)]
    one_by_one = kept
    for copy in copies:
        one_by_one = absorb(one_by_one, copy)
    assert absorb(kept, *copies) == one_by_one


def test_a_reference_file_of_nothing_but_headings_is_packed() -> None:
    """8,000 empty sections: every part-budget tried cuts before each heading once a part is
    half full, moving the headings that end it on (once a quadratic walk)."""
    text = "# H\n\nRun `make all` first.\n\n" + "".join(f"## Heading {i}\n\n" for i in range(8000))
    skill = read_markdown(text, source_id="heads.md").skills[0]
    out = pd.disclose(skill, 500, 5000)
    assert [b.id for b in out.blocks] == [b.id for b in skill.blocks]
    assert {b.placement for b in out.blocks[4:]} == {Placement.REFERENCE}


def test_packing_by_ranges_equals_packing_unit_by_unit() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        units = [_random_unit(rng, k) for k in range(rng.randint(0, 60))]
        for budget in ((50, 500), (100, 2000), (20, 100)):
            expected = [[u.origin for u in part] for part in _pack_one_by_one(units, *budget)]
            got = [[u.origin for u in part] for part in pack._pack(units, *budget)]
            assert got == expected


def _random_unit(rng: random.Random, k: int) -> dp.Unit:
    roll = rng.random()
    block: ContentBlock
    if roll < 0.5:
        block = Heading(id=f"H{k}", level=2, text="h")
    elif roll < 0.8:
        block = Prose(id=f"P{k}", text="p")
    elif roll < 0.9:
        block = Table(id=f"T{k}~{rng.randint(1, 3)}", rows=(("a",),))
    else:
        block = ListBlock(id=f"L{k}", items=("x",))
    return dp.Unit(block, rng.randint(0, 30), rng.randint(1, 400), k)


def _pack_one_by_one(units: list[dp.Unit], max_lines: int, max_tokens: int) -> list[list[dp.Unit]]:
    """The packing as first written: a running `_FileSize`, headings moved one at a time."""
    max_lines, max_tokens = dp.part_target(max_lines, max_tokens)
    parts: list[list[dp.Unit]] = [[]]
    size = pack._FileSize()
    for unit in units:
        current = parts[-1]
        if current:
            grown = pack._FileSize(
                size.lines, size.tokens, size.units, size.headings, size.heading_tokens, size.parts
            )
            grown.add(unit)
            lines, tokens = grown.total()
            only_headings = all(isinstance(u.block, Heading) for u in current)
            full = (lines > max_lines or tokens > max_tokens) and not only_headings
            now_lines, now_tokens = size.total()
            half = now_lines > max_lines // 2 or now_tokens > max_tokens // 2
            if full or (half and isinstance(unit.block, Heading)):
                carried: list[dp.Unit] = []
                while len(current) > 1 and isinstance(current[-1].block, Heading):
                    carried.insert(0, current.pop())
                parts.append(carried)
                size = pack._FileSize()
                for kept in carried:
                    size.add(kept)
        parts[-1].append(unit)
        size.add(unit)
    return [part for part in parts if part]
