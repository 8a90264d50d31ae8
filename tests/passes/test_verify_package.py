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
