"""The layout of a skill's files records where each block's own rendering is."""

from __future__ import annotations

from skillc.ir import Code, Heading, ListBlock, Placement, Prose, Skill
from skillc.ir.inline import unmarked
from skillc.ir.layout import LISTED_REASON, layout, render_body, render_reference
from skillc.ir.markdown import render_block

REF = {"placement": Placement.REFERENCE, "reference": "references/more.md"}
SKILL = Skill(
    id="K",
    name="k",
    blocks=(
        Heading(id="H", level=1, text="Title"),
        Prose(id="P", text="Intro."),
        Heading(id="M", level=2, text="More `stuff`", **REF),  # type: ignore[arg-type]
        Code(id="C", text="make\n", **REF),  # type: ignore[arg-type]
        Heading(id="S", level=3, text="Sub", **REF),  # type: ignore[arg-type]
        ListBlock(id="L", items=tuple(f"item {n}" for n in range(120)), **REF),  # type: ignore[arg-type]
    ),
)


def test_the_files_are_what_the_body_and_reference_renderers_write() -> None:
    body, reference = layout(SKILL)
    assert (body.path, reference.path) == ("SKILL.md", "references/more.md")
    assert body.text == render_body(SKILL.blocks)
    assert reference.text == render_reference(list(SKILL.blocks[2:]))


def test_each_origin_holds_its_blocks_rendering() -> None:
    body, reference = layout(SKILL)
    assert [o.block.id for o in body.origins if o.block] == ["H", "P"]
    assert [o.block.id for o in reference.origins if o.block] == ["M", "C", "S", "L"]
    for laid in (body, reference):
        for origin in laid.origins:
            assert origin.block is not None
            shown = laid.text[origin.start : origin.end]
            if origin.block.id == "M":  # the reference file's title
                assert shown == unmarked(origin.block.text)
            elif origin.block.id == "S":  # promoted under the title
                assert shown == "## Sub"
            else:
                assert shown == render_block(origin.block)


def test_pointers_and_contents_have_no_origin() -> None:
    body, reference = layout(SKILL)
    pointer = body.text.index("Read [references/more.md]")
    assert all(not (o.start <= pointer < o.end) for o in body.origins)
    contents = reference.text.index("## Contents")
    assert all(not (o.start <= contents < o.end) for o in reference.origins)


def test_a_reference_file_without_a_heading_is_titled_by_its_section_or_the_page() -> None:
    """gri's manual: 46 reference files were headed "Details" (parts of split sections, and
    pages that do not start with a heading)."""
    part = {"placement": Placement.REFERENCE, "reference": "references/convert/part-2.md"}
    page = {"placement": Placement.REFERENCE, "reference": "references/example1.md"}
    skill = Skill(
        id="K",
        name="gri",
        skill_name="example1.gri",
        blocks=(
            Prose(id="P0", text="Open the data file.", **page),  # type: ignore[arg-type]
            Heading(id="H", level=2, text="9.3.4: `convert` commands"),
            Prose(id="P1", text="Converts columns."),
            Prose(id="P2", text="Then the grid is smoothed.", **part),  # type: ignore[arg-type]
        ),
    )
    files = {f.path: f.text for f in layout(skill)}
    assert files["references/example1.md"].startswith("# example1.gri\n\nOpen the data")
    assert files["references/convert/part-2.md"].startswith(
        "# 9.3.4: `convert` commands (continued)\n\nThen the grid"
    )


def test_a_listed_heading_names_its_links_by_their_text_and_elides_parameters() -> None:
    from skillc.ir.layout import _plain_heading

    # rustdoc's impl headings link their types: the listing showed "[u128](…)", a link
    # whose target is an ellipsis; a signature's parameters are still elided.
    linked = "impl ToTokens for [u128](https://doc.rust-lang.org/core/primitive.u128.html)"
    assert _plain_heading(linked) == "impl ToTokens for u128"
    assert _plain_heading("class `ast.Call(func, args, keywords)`") == "class ast.Call(…)"
    assert _plain_heading("fn [to_tokens](#tymethod.to_tokens)(&self, tokens: &mut T)") == (
        "fn to_tokens(…)"
    )


def test_a_listed_file_is_named_by_its_heading_s_link_texts() -> None:
    # Typer's features page opens with "Design based on FastAPI", FastAPI a link: inside the
    # SKILL.md line's own link, Markdown does not nest it and the URL read as text.
    listed = {
        "placement": Placement.REFERENCE,
        "reference": "references/features.md",
        "reason": LISTED_REASON,
    }
    skill = Skill(
        id="K",
        name="typer",
        blocks=(
            Heading(id="H", level=1, text="Typer"),
            Heading(
                id="F",
                level=2,
                text="Design based on [FastAPI](https://fastapi.tiangolo.com)",
                **listed,  # type: ignore[arg-type]
            ),
            Prose(id="P", text="Typer is FastAPI's little sibling.", **listed),  # type: ignore[arg-type]
        ),
    )
    body = next(f.text for f in layout(skill) if f.path == "SKILL.md")
    assert "- [Design based on FastAPI](references/features.md)" in body
    assert "fastapi.tiangolo.com" not in body
