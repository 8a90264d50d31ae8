"""progressive-disclosure: bodies within budget, whole sections moved, references cut into parts
within a part budget (tables and lists split by rows, code never cut), idempotent."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from skillc.compiler.driver import read_sources
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.compiler.inputs import collect
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir import Code, Heading, ListBlock, Placement, Prose, Skill, SkillModule, Span, Table
from skillc.ir.layout import reference_groups, render_body
from skillc.package.emit import emit_skill as render_skill
from skillc.passes import load_all, plan, run
from skillc.passes.options import PassOptions
from skillc.passes.progressive_disclosure import disclose, progressive_disclosure
from skillc.passes.registry import PassContext
from skillc.passes.verify_no_loss import lost_items, split_problem
from skillc.tokens import count_tokens
from tests.cli.conftest import CLICK_DOCS, ROOT

load_all()


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
    # 800 lines of release history: one section, cut into a few parts within the budget.
    references = list(reference_groups(out.blocks))
    assert 2 <= len(references) <= 6
    assert (
        references
        == [f"references/release-history-part-{n}.md" for n in range(1, 7)][: len(references)]
    )
    assert_parts_within(out, 500, 5000)


def test_when_pointers_alone_overflow_the_rest_is_gathered_in_one_file() -> None:
    out = disclose(changelog(200, with_second_title=False), 500, 5000)
    body = render_body(out.blocks)
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    references = {b.reference for b in out.blocks if b.reference}
    assert references and all(r.startswith("references/details-part-") for r in references)
    assert [b.placement for b in out.blocks[:2]] == [Placement.BODY, Placement.BODY]
    assert_parts_within(out, 500, 5000)


def test_parts_of_a_section_start_at_headings_and_never_end_with_one() -> None:
    out = disclose(changelog(200, with_second_title=True), 500, 5000)
    files = reference_groups(out.blocks)
    for blocks in files.values():
        assert isinstance(blocks[0], Heading), "parts are cut before a version heading"
        assert not isinstance(blocks[-1], Heading), "a heading stays with its text"


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


# --- Reference parts: files over the part budget, tables and lists split by rows ---------------

SQLITE = ROOT / "corpora" / "guides" / "sqlite-html" / "src"
SPAN = Span(source="page.md", line=1, col=1, end_line=1, end_col=2, start=0, end=1)


def rendered_files(skill: Skill) -> dict[str, str]:
    return dict(render_skill(skill).files)


def assert_parts_within(skill: Skill, max_lines: int, max_tokens: int) -> None:
    for path, text in rendered_files(skill).items():
        if path.startswith("references/"):
            assert text.count("\n") <= max_lines, (path, text.count("\n"))
            assert count_tokens(text) <= max_tokens, (path, count_tokens(text))


def sqlite_page(page: str) -> SkillModule:
    path = SQLITE / page
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make corpora` (make test does)")
    module, _ = read_sources(collect([str(path)]))
    return module


def compiled(page: str) -> tuple[Skill, Skill, list[Diagnostic]]:
    """One SQLite page through the default pipeline: (as read, as compiled, diagnostics)."""
    module = sqlite_page(page)
    result = run(module, plan("O1"), baseline=module)
    return module.skills[0], result.module.skills[0], list(result.diagnostics)


def test_the_sqlite_keyword_index_is_split_into_parts_within_budget() -> None:
    """The 3,568-item keyword index (86,000 tokens) used to move whole into one reference."""
    source, out, diagnostics = compiled("doc_keyword_crossref.html")
    [index] = [b for b in source.blocks if isinstance(b, ListBlock) and len(b.items) > 3000]
    parts = [b for b in out.blocks if b.id.startswith(f"{index.id}~")]
    assert len(parts) > 5
    assert [b.id for b in parts] == [f"{index.id}~{n}" for n in range(1, len(parts) + 1)]
    assert all(isinstance(p, ListBlock) for p in parts)
    assert sum(len(p.items) for p in parts if isinstance(p, ListBlock)) == len(index.items)
    assert len({p.reference for p in parts}) == len(parts), "each part is its own file"
    files = rendered_files(out)
    for part in parts:
        text = files[part.reference]
        assert text.count("\n") <= 500 and count_tokens(text) <= 5000, part.reference
    body = files["SKILL.md"].split("---\n", 2)[2]
    assert body.count("\n") <= 500 and count_tokens(body) <= 5000
    for part in parts:  # linked from the body with the rows it holds
        pointer = next(line for line in body.splitlines() if f"({part.reference})" in line)
        assert f"of {len(index.items):,}, from " in pointer, pointer
    assert "list items 1-" in body
    assert lost_items(source, out) == []
    assert not [d for d in diagnostics if d.code.startswith("PV")], "verify-no-loss passes"


def test_a_real_table_is_split_by_rows_with_its_header_in_every_part() -> None:
    """SQLite's opcode table: 187 rows, 22,000 tokens, in one section."""
    page = sqlite_page("opcode.html").skills[0]
    [table] = [b for b in page.blocks if isinstance(b, Table) and len(b.rows) > 100]
    heading = Heading(id="H", level=2, text="The Opcodes", prov=table.prov)
    intro = Prose(id="P", text="Opcodes of the bytecode engine.", prov=table.prov)
    skill = Skill(id="K", name="opcode", blocks=(page.blocks[0], intro, heading, table))
    out = disclose(skill, 500, 5000)
    parts = [b for b in out.blocks if isinstance(b, Table)]
    assert len(parts) >= 4
    assert [p.id for p in parts] == [f"{table.id}~{n}" for n in range(1, len(parts) + 1)]
    assert all(p.rows[0] == table.rows[0] for p in parts), "the header repeats in every part"
    assert [row for p in parts for row in p.rows[1:]] == list(table.rows[1:])
    assert all(p.prov == table.prov for p in parts)
    assert split_problem(table, [(n, p) for n, p in enumerate(parts, 1)]) == ""
    assert_parts_within(out, 500, 5000)
    body = render_body(out.blocks)
    assert "table rows 1-" in body and f"of {len(table.rows) - 1}, from " in body
    assert disclose(out, 500, 5000) == out, "idempotent"


def test_splitting_is_deterministic_across_runs_and_hash_seeds() -> None:
    _, first, _ = compiled("doc_keyword_crossref.html")
    _, second, _ = compiled("doc_keyword_crossref.html")
    assert first == second
    script = (
        "import hashlib, sys\n"
        "from skillc.compiler.inputs import collect\n"
        "from skillc.compiler.driver import read_sources\n"
        "from skillc.package.emit import emit_skill as render_skill\n"
        "from skillc.passes import load_all, plan, run\n"
        "load_all()\n"
        "module, _ = read_sources(collect([sys.argv[1]]))\n"
        "out = run(module, plan('O1'), baseline=module).module\n"
        "files = render_skill(out.skills[0]).files\n"
        "print(hashlib.sha256(repr(files).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(SQLITE / "doc_keyword_crossref.html")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1
    expected = hashlib.sha256(repr(render_skill(first).files).encode()).hexdigest()
    assert digests == {expected}


def test_a_long_numbered_list_keeps_its_numbering_across_parts() -> None:
    items = tuple(f"Step {n}: " + "check the value " * 12 for n in range(400))
    steps = ListBlock(id="L", items=items, ordered=True, start=3)
    title = Heading(id="T", level=1, text="Checklist")
    out = disclose(Skill(id="K", name="k", blocks=(title, steps)), 500, 5000)
    parts = [b for b in out.blocks if isinstance(b, ListBlock)]
    assert len(parts) > 1
    starts = [3 + sum(len(p.items) for p in parts[:n]) for n in range(len(parts))]
    assert [p.start for p in parts] == starts
    files = rendered_files(out)
    second = parts[1]
    assert f"\n{second.start}. Step {second.start - 3}: " in files[second.reference]
    assert_parts_within(out, 500, 5000)


def test_the_part_budget_is_an_option() -> None:
    items = tuple(f"keyword {n} - page{n}.html" for n in range(2000))
    skill = Skill(
        id="K", name="k", blocks=(Heading(id="T", text="Index"), ListBlock(id="L", items=items))
    )
    module = SkillModule(skills=(skill,))
    ctx = PassContext(options=PassOptions(max_reference_tokens=1000))
    out = progressive_disclosure(module, ctx)
    assert len({b.reference for b in out.skills[0].blocks if b.reference}) > 10
    assert_parts_within(out.skills[0], 500, 1000)
    assert progressive_disclosure(out, ctx) == out


def test_code_is_never_cut_and_a_giant_code_block_is_reported() -> None:
    code = Code(id="C", text="print('x')\n" * 8000, language="python", prov=(SPAN,))
    blocks = (Heading(id="T", text="Script"), Prose(id="P", text="Run it."), code)
    ctx = PassContext()
    out = progressive_disclosure(SkillModule(skills=(Skill(id="K", blocks=blocks),)), ctx)
    [moved] = [b for b in out.skills[0].blocks if isinstance(b, Code)]
    assert moved.id == "C" and moved.text == code.text
    assert moved.placement is Placement.REFERENCE
    [warning] = ctx.diagnostics
    assert warning.code == "SK062" and warning.severity is Severity.WARNING
    assert warning.span == SPAN and "code is never cut" in warning.message


def test_the_budget_counts_the_body_as_skill_md_holds_it() -> None:
    """A body of exactly 5,000 tokens as rendered is 5,001 in SKILL.md, where a blank line
    follows the front matter (found on python-doc's whatsnew/3.7: PK302 at 5,001)."""
    from skillc.package.emit import emit_skill as render_skill

    prose = Prose(id="P", text=" ".join(["word"] * 4991))
    blocks = (Heading(id="T", level=1, text="Title"), prose, Heading(id="H", level=2, text="More"))
    skill = Skill(id="K", name="k", description="d", blocks=(*blocks, Prose(id="Q", text="x")))
    assert count_tokens(render_body(skill.blocks)) == 5000
    out = disclose(skill, 500, 5000)
    (text,) = [t for path, t in render_skill(out).files if path == "SKILL.md"]
    body = text.split("---\n", 2)[2]
    assert count_tokens(body) <= 5000
