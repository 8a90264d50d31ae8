"""Actionable items and verify-no-loss across packages: what an optimised package must hold."""

from __future__ import annotations

import doctest

from skillc.passes import actionable, router, tighten_description, trigger_evals
from skillc.passes.actionable import Item, markdown_items
from skillc.passes.verify_package import lost_diagnostic, lost_items

SKILL = b"""---
name: demo
description: Old words.
---

# Demo

Always run `make test` before pushing; it takes 90 seconds.
See https://example.org/docs and ./docs/setup.md.

```bash
$ make test
pip install -e .
```

~~~
unclosed fence to the end
"""


def test_items_of_markdown() -> None:
    items = markdown_items(SKILL.decode().split("---\n", 2)[2])
    kinds = {(i.kind, i.text) for i in items}
    assert ("inline", "make test") in kinds
    assert ("number", "90") in kinds
    assert ("url", "https://example.org/docs") in kinds
    assert ("path", "./docs/setup.md") in kinds
    assert ("command", "make test") in kinds and ("command", "pip install -e .") in kinds
    assert ("code", "unclosed fence to the end") in kinds
    assert any(k == "constraint" and t.startswith("always run") for k, t in kinds)
    assert not any("old words" in t for _, t in kinds), "front matter is not read"


def test_a_code_span_wrapped_over_a_line_is_the_span_on_one_line() -> None:
    wrapped = markdown_items("Run `git\nstatus` (after `x`) now.\n\nA `stray\n\nspan` here.")
    joined = markdown_items("Run `git status` (after `x`) now.\n\nA `stray\n\nspan` here.")
    assert wrapped == joined
    inline = {i.text for i in wrapped if i.kind == "inline"}
    # a span never runs over a blank line: "`stray" and "span`" are no span
    assert inline == {"git status", "x"}


def test_crlf_text_has_the_items_of_the_same_text_with_lf() -> None:
    """literature-review and obsidian-markdown are written with CRLF: "\\r\\n\\r\\n" was no
    blank line to a code span, so a stray backtick paired with the next one across headings and
    the "item" changed whenever a block moved (PV032)."""
    text = (
        "Use `gget` skill: `gget search pubmed` for PubMed, see\n"
        "`a.bib` and the count `\n\n"
        "### bioRxiv\n\nAccess via `gget` skill:\n\n"
        "**Important considerations**:\n- Preprints are not peer-reviewed\n"
    )
    lf = markdown_items(text)
    assert markdown_items(text.replace("\n", "\r\n")) == lf
    assert {i.text for i in lf if i.kind == "inline"} == {"gget", "gget search pubmed", "a.bib"}


def test_a_heading_line_is_no_part_of_the_sentence_under_it() -> None:
    """prompt-engineering-dspy puts "Iteratively improves prompts:" right under "#### MIPRO (Most
    Important Prompt Optimization)": the heading is a block of its own line, so its constraint is
    the heading alone, and moving the paragraph under it loses nothing."""
    text = "#### MIPRO (Most Important Prompt Optimization)\nIteratively improves prompts:\n"
    constraints = {i.text for i in markdown_items(text) if i.kind == "constraint"}
    assert constraints == {"mipro (most important prompt optimization)"}
    assert markdown_items(text) >= markdown_items(text.split("\n")[0])


def test_a_package_missing_an_item_is_named() -> None:
    before = {"SKILL.md": SKILL, "scripts/run.sh": b"echo hi\n"}
    after = {"SKILL.md": SKILL.replace(b"it takes 90 seconds", b"it is slow")}
    lost = lost_items(before, after)
    assert [(i.kind, i.text, path) for i, path in lost] == [
        ("file", "scripts/run.sh " + lost[0][0].text.split(" ")[1], "scripts/run.sh"),
        (
            "constraint",
            "always run `make test` before pushing; it takes 90 seconds.",
            "SKILL.md",
        ),
        ("number", "90", "SKILL.md"),
    ]
    message = lost_diagnostic("lib/demo", lost).message
    assert message.startswith("file 'scripts/run.sh") and "and 0 more" not in message


def test_moving_text_between_files_and_changing_the_description_loses_nothing() -> None:
    text = SKILL.decode()
    body = text.split("---\n", 2)[2]
    moved = text.replace("See https://example.org/docs and ./docs/setup.md.\n", "")
    after = {
        "SKILL.md": moved.replace("Old words.", "New words.").encode(),
        "references/more.md": b"# More\n\nSee https://example.org/docs and ./docs/setup.md.\n",
    }
    assert lost_items({"SKILL.md": SKILL}, after) == []
    assert Item("url", "https://example.org/docs") in markdown_items(body)


def test_doctests_of_the_optimize_passes() -> None:
    for module in (actionable, router, tighten_description, trigger_evals):
        assert doctest.testmod(module).failed == 0, module.__name__
