"""A grouped skill's SKILL.md lists each page on one line; a page cut into parts is one line to
an index of its parts (issue 11: tokens to reach a section).

Real click pages folded into one manual skill, disclosed with a small part budget so that the
long pages are cut, then laid out and linted as the backend writes them.
"""

from __future__ import annotations

import posixpath
import re

from skillc.ir import Skill
from skillc.ir.layout import LISTED_HEAD, part_folder
from skillc.lint.config import LintConfig
from skillc.lint.engine import lint_packages
from skillc.package.emit import emit_skill
from skillc.passes.options import PassOptions
from skillc.passes.progressive_disclosure import progressive_disclosure
from skillc.passes.registry import PassContext
from tests.passes.test_group_pages import PAGES, grouped, pages

_LINK = re.compile(r"\]\(([^)]+\.md)\)")


def _manual(part_tokens: int, part_lines: int = 500) -> tuple[Skill, dict[str, str]]:
    (skill,) = grouped("manual", pages()).skills
    options = PassOptions(
        group="manual", max_reference_tokens=part_tokens, max_reference_lines=part_lines
    )
    ctx = PassContext(options=options)
    (out,) = progressive_disclosure(type(grouped("page", []))(skills=(skill,)), ctx).skills
    return out, dict(emit_skill(out).files)


def _links(path: str, text: str) -> set[str]:
    folder = posixpath.dirname(path)
    return {posixpath.normpath(posixpath.join(folder, t)) for t in _LINK.findall(text)}


def test_skill_md_has_one_line_per_page_and_no_part_links() -> None:
    _, files = _manual(600)
    body = files["SKILL.md"].split("---\n", 2)[2]
    lines = [ln for ln in body.splitlines() if ln.startswith("- [")]
    assert LISTED_HEAD in body
    assert len(lines) == len(PAGES)
    assert all(len(_LINK.findall(line)) == 1 for line in lines)
    parts = [p for p in files if part_folder(p)]
    assert parts, "a 600-token part budget must cut some click page"
    assert not {p for p in _links("SKILL.md", body) if part_folder(p)}


def test_every_part_is_one_hop_from_an_index_that_skill_md_links() -> None:
    _, files = _manual(600)
    linked = _links("SKILL.md", files["SKILL.md"])
    assert linked <= set(files)  # no broken link
    folders = {part_folder(p) for p in files} - {None}
    for folder in folders:
        index = f"{folder}.md"
        assert index in linked and f"{folder}/" in files["SKILL.md"]
        listed = _links(index, files[index])
        mine = {p for p in files if part_folder(p) == folder}
        assert listed == mine, index
        # each part line names the part's headings (beyond the page title)
        for line in files[index].splitlines()[4:]:
            assert line.startswith("- [part-") and ": " in line


def test_the_package_is_lint_clean_of_structure_findings() -> None:
    out, files = _manual(600)
    run = lint_packages([emit_skill(out).package()], LintConfig())
    found = [d.code for d in run.diagnostics if d.code.startswith("PK3")]
    assert not found, found
    assert len(files) > len(PAGES) + 1  # parts and indexes, not one file per page


def test_with_parts_unneeded_each_page_is_one_file() -> None:
    _, files = _manual(100_000, 100_000)
    assert not [p for p in files if part_folder(p)]
    assert len([p for p in files if p.startswith("references/")]) == len(PAGES)
