"""progressive-disclosure: bodies within budget, whole sections moved, idempotent."""

from __future__ import annotations

from dataclasses import replace

from skillc.compiler.backends.skill_md import render_body
from skillc.compiler.frontends.markdown import read_markdown
from skillc.ir import Heading, Placement, Prose, Skill, SkillModule
from skillc.passes.progressive_disclosure import disclose, progressive_disclosure, slugify
from skillc.passes.registry import PassContext
from skillc.tokens import count_tokens
from tests.cli.conftest import CLICK_DOCS


def options_page() -> Skill:
    text = (CLICK_DOCS / "options.md").read_text(encoding="utf-8")
    return read_markdown(text, source_id="options.md").skills[0]


def test_click_options_page_is_brought_within_budget() -> None:
    skill = options_page()
    assert render_body(skill.blocks).count("\n") > 500
    out = disclose(skill, 500, 5000)
    body = render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    moved = [b for b in out.blocks if b.placement is Placement.REFERENCE]
    assert moved and all(b.reference.startswith("references/") for b in moved)
    assert [b.id for b in out.blocks] == [b.id for b in skill.blocks], "order and ids kept"


def test_sections_move_whole_and_the_intro_stays() -> None:
    blocks = [Heading(id="T", level=1, text="Title"), Prose(id="I", text="intro " * 50)]
    for n in range(3):
        blocks.append(Heading(id=f"H{n}", level=2, text=f"Part {n}"))
        blocks.extend(Prose(id=f"P{n}{k}", text=f"part {n} " * (40 * (n + 1))) for k in range(3))
    out = disclose(Skill(id="K", blocks=tuple(blocks)), 1000, 600)
    placed = {b.id: (b.placement, b.reference) for b in out.blocks}
    assert placed["I"][0] is Placement.BODY
    assert placed["H2"] == (Placement.REFERENCE, "references/part-2.md")
    assert all(placed[f"P2{k}"] == placed["H2"] for k in range(3)), "a section moves whole"
    assert placed["H0"][0] is Placement.BODY, "the smallest section stays while the body fits"


def test_idempotent_and_a_no_op_when_the_body_fits() -> None:
    module = SkillModule(skills=(options_page(),))
    once = progressive_disclosure(module, PassContext())
    assert progressive_disclosure(once, PassContext()) == once
    small = SkillModule(skills=(Skill(id="K", blocks=(Prose(id="B", text="short"),)),))
    assert progressive_disclosure(small, PassContext()) == small


def test_reference_names_are_slugs() -> None:
    assert slugify("Options with `multiple` Values!") == "options-with-multiple-values"
    assert slugify("Überblick – Café") == "uberblick-cafe"
    assert len(slugify("word " * 40)) <= 60


def changelog(versions: int, with_second_title: bool) -> Skill:
    blocks: list[object] = [Heading(id="T", level=1, text="Updates"), Prose(id="I", text="Intro.")]
    if with_second_title:
        blocks.append(Heading(id="R", level=1, text="Release History"))
    for n in range(versions):
        blocks.append(Heading(id=f"V{n}", level=2, text=f"2.{n}.0"))
        blocks.append(Prose(id=f"P{n}", text=f"Fixed bug number {n} in the session adapter."))
    return Skill(id="K", blocks=tuple(blocks))  # type: ignore[arg-type]


def test_a_second_title_moves_whole_instead_of_one_file_per_version() -> None:
    out = disclose(changelog(200, with_second_title=True), 500, 5000)
    body = render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    assert {b.reference for b in out.blocks if b.reference} == {"references/release-history.md"}


def test_when_pointers_alone_overflow_the_rest_is_gathered_in_one_file() -> None:
    out = disclose(changelog(200, with_second_title=False), 500, 5000)
    body = render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    assert {b.reference for b in out.blocks if b.reference} == {"references/details.md"}
    assert [b.placement for b in out.blocks[:2]] == [Placement.BODY, Placement.BODY]


def test_a_page_without_sections_is_split_into_parts() -> None:
    """A heading-less PDF must not leave 100,000 tokens in SKILL.md, nor in one reference."""
    blocks = [Heading(id="T", level=1, text="Reference")]
    blocks += [Prose(id=f"P{n}", text=f"Paragraph {n} " + "word " * 200) for n in range(120)]
    out = disclose(Skill(id="K", blocks=tuple(blocks)), 500, 5000)
    body = render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    parts = sorted({b.reference for b in out.blocks if b.reference})
    assert len(parts) > 5 and all(p.startswith("references/part-") for p in parts)
    for part in parts:
        text = render_body(
            tuple(replace(b, placement=Placement.BODY) for b in out.blocks if b.reference == part)
        )
        assert count_tokens(text) <= 2500 + 300
    assert [b.id for b in out.blocks] == [b.id for b in blocks]


def test_a_huge_first_block_moves_out_too() -> None:
    giant = Prose(id="G", text="entry " * 12000)
    out = disclose(Skill(id="K", blocks=(giant, Prose(id="E", text="End."))), 500, 5000)
    assert out.blocks[0].placement is Placement.REFERENCE
    assert count_tokens(render_body(out.blocks)) <= 5000
