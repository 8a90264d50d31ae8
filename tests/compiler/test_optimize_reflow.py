"""optimize's reflow: hard-wrapped paragraphs on one line and padded tables compacted, the same
Markdown to a renderer and to the no-loss check, in fewer tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from skillc.compiler.optimize.reflow import reflow, reflow_document
from skillc.passes.verify_package import package_items
from skillc.tokens import count_tokens
from tests.cli.conftest import ROOT

SKILLS = sorted((ROOT / "corpora" / "skills").rglob("SKILL.md"))
_RENDER = MarkdownIt("commonmark").enable("table")


def rendered(text: str) -> str:
    """HTML with whitespace runs collapsed (a soft break renders as a newline, a joined line as
    a space: the same to any reader)."""
    return re.sub(r"\s+", " ", _RENDER.render(text))


@pytest.mark.parametrize("path", SKILLS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_corpus_skill_renders_the_same_with_the_same_items_in_no_more_tokens(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")
    after = reflow_document(text)
    assert rendered(after) == rendered(text)
    assert set(package_items({"SKILL.md": after.encode()})) == set(
        package_items({"SKILL.md": text.encode()})
    )
    assert count_tokens(after) <= count_tokens(text)


def test_a_hard_wrapped_skill_loses_its_line_break_tokens() -> None:
    path = ROOT / "corpora/skills/abstractskill/skills/meshvault-live-editing/SKILL.md"
    text = path.read_text(encoding="utf-8")
    after = reflow_document(text)
    assert count_tokens(after) < 0.96 * count_tokens(text)
    assert after.split("---", 2)[1] == text.split("---", 2)[1]  # front matter as written


def test_what_must_not_be_joined_stays_on_its_lines() -> None:
    text = (
        "A wrapped\nparagraph.\n\n"
        "Hard break  \nkept, and a backslash\\\nkept.\n\n"
        "> quoted\n> lines\n\n"
        "Steps follow\n2. not a list here\n\n"
        "中文第一行\n第二行\n\n"
        "    indented\n    code\n\n"
        "- item one\n  continued\n- item two\n"
    )
    assert reflow(text) == (
        "A wrapped paragraph.\n\n"
        "Hard break  \nkept, and a backslash\\\nkept.\n\n"
        "> quoted\n> lines\n\n"
        "Steps follow\n2. not a list here\n\n"
        "中文第一行\n第二行\n\n"
        "    indented\n    code\n\n"
        "- item one continued\n- item two\n"
    )
    assert reflow("CRLF\r\nlines\r\n") == "CRLF\r\nlines\r\n"


def test_table_padding_goes_and_separator_rows_stay() -> None:
    table = "| Key    | Value |\n|--------|------:|\n| `a|b`  | 1     |\n| x \\| y | 2 |\n"
    assert reflow(table) == (
        "| Key | Value |\n|--------|------:|\n| `a|b`  | 1     |\n| x \\| y | 2 |\n"
    )
