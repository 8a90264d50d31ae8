"""Contents lists of landmarks for long reference files without headings (`skillc.ir.landmarks`).

The files are laid out by the real `render_reference` and checked with the real PK304 rule: the
list is there, its line numbers point at the lines they name, and it stays within its size.
"""

from __future__ import annotations

import re
from pathlib import Path

from skillc.ir.landmarks import MAX_ENTRIES
from skillc.ir.layout import render_reference
from skillc.ir.nodes import Code, Heading, ListBlock, Prose
from skillc.lint.rules.structure.missing_table_of_contents import check as pk304
from skillc.package.reader import read_package
from tests.lint.conftest import VALID_SKILL_MD, make_skill

LINE = re.compile(r"^- Line (\d+): (.*)$", re.MULTILINE)


def _pk304(tmp_path: Path, reference: str) -> list[str]:
    """What the real PK304 rule says of a skill whose SKILL.md links ``reference``."""
    files = {
        "SKILL.md": VALID_SKILL_MD + "Read [r](references/r.md).\n",
        "references/r.md": reference,
    }
    package = read_package(make_skill(tmp_path, files), "demo")
    return [d.message for d in pk304(package)]


def _example_section(n: int) -> list[Prose | Code]:
    return [
        Prose(id=f"T{n}", text=f"**Example {n}: building the package**"),
        Prose(id=f"P{n}", text="Run the build and read what it prints. " * 3),
        Code(id=f"C{n}", text=f"$ make step-{n}\n" + "output line\n" * 6),
    ]


def test_a_long_file_without_headings_lists_its_landmarks_by_line(tmp_path: Path) -> None:
    blocks = [Heading(id="H", level=2, text="Examples")]
    for n in range(1, 15):
        blocks += _example_section(n)
    text = render_reference(blocks)
    assert text.count("\n") > 100 and _pk304(tmp_path, text) == []
    assert _pk304(tmp_path, "\n".join(LINE.sub("", text).splitlines()[40:]))  # the list counts
    lines = text.splitlines()
    entries = LINE.findall(text)
    assert 1 < len(entries) <= MAX_ENTRIES
    for number, label in entries:
        assert lines[int(number) - 1].strip("*") == label  # bold example titles win
    assert [int(n) for n, _ in entries] == sorted(int(n) for n, _ in entries)


def test_a_file_that_is_one_long_list_lists_items_along_it() -> None:
    items = tuple(f"SQLITE_CODE_{n}" for n in range(400))
    text = render_reference([ListBlock(id="L", items=items)])
    entries = LINE.findall(text)
    lines = text.splitlines()
    assert len(entries) == MAX_ENTRIES
    for number, label in entries:
        assert lines[int(number) - 1] == f"- {label}"
    assert entries[-1][1] != entries[0][1]


def test_a_short_file_gets_no_list() -> None:
    text = render_reference([Heading(id="H", level=2, text="T"), *_example_section(1)])
    assert "## Contents" not in text
