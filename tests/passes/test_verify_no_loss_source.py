"""verify-no-loss against the sources (PV014, PV015): a frontend that loses code or text is
caught, whatever it lost it to; the checks are linear in the size of the page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from skillc.compiler import driver
from skillc.compiler.frontends.guide.inventory import SourceInventory, inventory
from skillc.compiler.frontends.markdown import reader as markdown_frontend
from skillc.compiler.frontends.markdown.inventory import markdown_inventory
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.diagnostics import Severity
from skillc.ir import Code, ListBlock, LogicStep, Placement, Prose, Skill, SkillModule, Span, Table
from skillc.passes.registry import PassContext
from skillc.passes.verify_no_loss import lost_items, missing_from_files, verify_no_loss
from skillc.passes.verify_source import source_losses

PAGE = """# Build

Install the tools, then build the project from a clean tree.

```sh
rm -rf build && make deep
```

- First check the compiler version with the usual command:

  ```sh
  cc --version
  ```

After the build, run the tests.
"""


def span(source: str = "guide.md", line: int = 1) -> Span:
    return Span(source=source, line=line, col=1, end_line=line, end_col=1, start=0, end=1)


def module_of(*blocks: object, source: str = "guide.md") -> SkillModule:
    placed = tuple(replace(b, prov=(span(source),)) for b in blocks)  # type: ignore[type-var]
    return SkillModule(skills=(Skill(id="S", prov=(span(source),), blocks=placed),))


def check(module: SkillModule, found: SourceInventory, source: str = "guide.md") -> list[str]:
    return [d.render() for d in source_losses(module, {source: found})]


def test_the_real_frontend_holds_its_source() -> None:
    result = read_markdown(PAGE, source_id="guide.md")
    assert result.inventory is not None
    assert [c for c, _ in result.inventory.codes] == [
        "rm -rf build && make deep\n",
        "cc --version\n",
    ]
    assert source_losses(SkillModule(skills=result.skills), {"guide.md": result.inventory}) == []


def test_a_frontend_that_drops_a_code_block_is_an_error_at_its_line() -> None:
    result = read_markdown(PAGE, source_id="guide.md")
    (skill,) = result.skills
    dropped = replace(skill, blocks=tuple(b for b in skill.blocks if not isinstance(b, Code)))
    assert result.inventory is not None
    (problem,) = source_losses(SkillModule(skills=(dropped,)), {"guide.md": result.inventory})
    assert problem.code == "PV014" and problem.severity is Severity.ERROR
    assert problem.span is not None and problem.span.line == 5
    assert "rm -rf build && make deep" in problem.message


def test_code_merged_into_prose_is_lost_code() -> None:
    found = inventory([("make deep", 3)], [("Run it.", 2)])
    merged = module_of(Prose(id="B1", text="Run it.make deep"))
    assert [p.split(" ", 2)[1] for p in check(merged, found)] == ["PV014"]
    kept = module_of(Prose(id="B1", text="Run it."), Code(id="B2", text="make deep"))
    assert check(kept, found) == []


def test_code_may_be_fenced_in_an_item_a_span_in_a_cell_or_removed_with_a_reason() -> None:
    found = inventory([("make all\nmake install", 2), ("make x", 5)], [])
    item = ListBlock(id="B1", items=("Build:\n\n   ```\n   make all\n   make install\n   ```",))
    cell = Table(id="B2", rows=(("step", "command"), ("one", "`make x`")))
    assert check(module_of(item, cell), found) == []
    removed = Prose(
        id="B3", text="make all\nmake install\nmake x", placement=Placement.REMOVED, reason="toc"
    )
    assert check(module_of(removed), found) == []


def test_doctest_flags_and_blockquote_markers_are_not_code() -> None:
    found = inventory([(">>> f()  # doctest: +SKIP\n3", 1)], [])
    assert check(module_of(Code(id="B1", text=">>> f()\n3")), found) == []


def test_lost_text_beyond_the_tolerance_is_a_warning_naming_the_words() -> None:
    words = " ".join(f"word{n}" for n in range(200))
    found = inventory([], [("Intro text.", 1), (words, 7)])
    (problem,) = source_losses(module_of(Prose(id="B1", text="Intro text.")), {"guide.md": found})
    assert problem.severity is Severity.WARNING  # counting words is a heuristic
    assert problem.render().startswith("guide.md:7:1: PV015 200 of the source's 202 words")
    assert "'word0', 'word1'" in problem.message
    few = inventory([], [("Intro text.", 1), ("Note", 3)])  # an admonition title, by design
    assert check(module_of(Prose(id="B1", text="Intro text.")), few) == []


def test_sources_without_skills_are_not_checked_and_pdf_pages_count_as_their_file() -> None:
    found = inventory([], [("Chapter one", 0)])
    assert check(SkillModule(), found) == []
    page = module_of(Prose(id="B1", text="Chapter one"), source="book.pdf#p3")
    assert check(page, found, source="book.pdf") == []


def test_the_pass_reports_with_the_inventories_the_driver_passes() -> None:
    result = read_markdown(PAGE, source_id="guide.md")
    (skill,) = result.skills
    dropped = replace(skill, blocks=skill.blocks[:1])
    baseline = SkillModule(skills=(dropped,))
    ctx = PassContext(baseline=baseline, inventories={"guide.md": result.inventory})
    verify_no_loss(baseline, ctx)
    assert {d.code for d in ctx.diagnostics} == {"PV014", "PV015"}


def test_markdown_inventory_reads_past_markdown_its_nesting_limit() -> None:
    deep = "> " * 3000 + "```sh\n" + "> " * 3000 + "make deep\n" + "> " * 3000 + "```\n"
    assert [(c.strip(), line) for c, line in markdown_inventory(deep).codes] == [("make deep", 1)]


def test_a_build_whose_frontend_loses_code_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = markdown_frontend.read_markdown

    def lossy(text: str, **kwargs: object) -> object:
        result = real(text, **kwargs)  # type: ignore[arg-type]
        skills = tuple(
            replace(s, blocks=tuple(b for b in s.blocks if "deep" not in getattr(b, "text", "")))
            for s in result.skills
        )
        return replace(result, skills=skills)

    monkeypatch.setattr(markdown_frontend, "read_markdown", lossy)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "guide.md").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = driver.build([str(tmp_path / "src")], str(out), driver.BuildOptions())
    assert result.exit_code() == 1 and not out.exists()
    assert [d.code for d in result.diagnostics if d.code.startswith("PV")] == ["PV014"]


# --- linear on big pages --------------------------------------------------------------------------


def big_skill(sections: int) -> Skill:
    """A page of ``sections`` sections, each a heading, a code block and its command step."""
    blocks: list[object] = []
    steps: list[LogicStep] = []
    offset = 0
    for n in range(sections):
        code = f"make target-{n}"
        where = Span(
            source="big.md",
            line=n + 1,
            col=1,
            end_line=n + 1,
            end_col=9,
            start=offset,
            end=offset + 40,
        )
        blocks.append(Code(id=f"B{n}", prov=(where,), text=code, language="sh"))
        step_span = replace(where, start=offset + 6, end=offset + 6 + len(code))
        steps.append(LogicStep(id=f"L_{n}", prov=(step_span,), text=code))
        offset += 50
    return Skill(id="BIG", blocks=tuple(blocks), logic_steps=tuple(steps))  # type: ignore[arg-type]


def test_sixteen_thousand_sections_are_checked_without_nested_scans() -> None:
    # Quadratic before: 48 s in lost_items and 4 s in missing_from_files on such a page.
    before = big_skill(16_000)
    assert lost_items(before, before) == []
    dropped = replace(before, blocks=before.blocks[:-1])
    lost = lost_items(before, dropped)
    assert [d.code for d in lost] == ["PV012", "PV011"]
    body = "\n".join(f"```sh\n{b.text}\n```" for b in before.blocks)  # type: ignore[attr-defined]
    assert missing_from_files(before, {"SKILL.md": body}) == []
    moved = replace(before.blocks[0], placement=Placement.REFERENCE, reference="references/a.md")
    skill = replace(before, blocks=(moved, *before.blocks[1:]))
    assert missing_from_files(skill, {"SKILL.md": body}) == []  # found elsewhere: still there
    (gone,) = missing_from_files(skill, {"SKILL.md": body.replace("make target-0\n", "")})
    assert gone.code == "PV010"
