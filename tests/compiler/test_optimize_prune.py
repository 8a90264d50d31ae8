"""optimize's prune: filler and repeated sentences, wordy phrases and tables of contents leave a
SKILL.md body, never an actionable item; each change reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.optimize import optimize, write_output
from skillc.compiler.optimize.prune import prune, prune_document
from skillc.passes.actionable import markdown_items
from skillc.passes.verify_package import package_items
from skillc.tokens import count_tokens
from tests.cli.conftest import ROOT

SKILLS = sorted((ROOT / "corpora" / "skills").rglob("SKILL.md"))

BEFORE = """# Deploy

## Contents

- [Setup](#setup)
- [Usage](#usage)
  - [Flags](#flags)
- [FAQ](#faq)

## Setup

In this section we will set up the tool. Basically, you run `make install` in order to
build it. Happy coding!

- Let's look at #42
- In order to test, run the suite.

The cache keeps the last build of every branch warm between two runs of the job.

You must, in order to deploy, hold the `deployer` role.

> In this section we will quote something.

```bash
# In this section we will run it.
make deploy
```

## Usage

Again: the cache keeps the last build of every branch warm between two runs of the job.
"""

AFTER = """# Deploy

## Setup

You run `make install` to build it.

- Let's look at #42
- To test, run the suite.

The cache keeps the last build of every branch warm between two runs of the job.

You must, in order to deploy, hold the `deployer` role.

> In this section we will quote something.

```bash
# In this section we will run it.
make deploy
```

## Usage
"""


def test_the_fixture_body_is_pruned_as_expected() -> None:
    after, changes = prune(BEFORE)
    assert after == AFTER
    assert [(c.line, c.code, c.why) for c in changes] == [
        (3, "SK083", "contents heading"),
        (5, "SK083", "contents"),
        (12, "SK082", "filler"),
        (12, "SK084", "'Basically,' dropped, 'in order to' -> 'to'"),
        (12, "SK082", "filler"),
        (16, "SK084", "'In order to' -> 'to'"),
        (31, "SK082", "repeats line 18"),
    ]


def test_a_constraint_a_quote_code_and_a_lone_list_item_stay_as_written() -> None:
    kept = (
        "Never deploy on Fridays in order to be safe.\n\n"
        "- In this section we will list it.\n\n"
        "> Let's get started.\n\n"
        "    In this section we will indent code.\n"
    )
    assert prune(kept) == (kept, [])


def test_a_lead_in_ending_with_a_colon_stays() -> None:
    text = "In this section we will run these commands:\n\n```\nmake\n```\n"
    assert prune(text) == (text, [])


def test_the_front_matter_is_kept_and_lines_point_into_the_document() -> None:
    text = "---\nname: x\ndescription: In this section we will.\n---\n\nLet's begin. Run `x`.\n"
    after, changes = prune_document(text)
    assert after == "---\nname: x\ndescription: In this section we will.\n---\n\nRun `x`.\n"
    assert [c.line for c in changes] == [6]


@pytest.mark.parametrize("path", SKILLS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_corpus_skill_keeps_its_items_in_no_more_tokens(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    after, _ = prune_document(text)
    assert set(package_items({"SKILL.md": after.encode()})) == set(
        package_items({"SKILL.md": text.encode()})
    )
    assert count_tokens(after) <= count_tokens(text)
    assert prune_document(after) == (after, [])


_SENTENCES = st.sampled_from(
    [
        "In this section we will look at the tool.",
        "Let's get started.",
        "Happy coding!",
        "Basically, you run `make` in order to build.",
        "Simply open the file prior to editing it.",
        "You must keep port 8080 open in order to connect.",
        "Never edit `config.yaml` by hand.",
        "The index keeps one entry for every page that the build has read so far.",
        "Later, the index keeps one entry for every page the build has read so far.",
        "See https://example.com/docs for more.",
        "Write the report to reports/out.md when done.",
        "This guide explains the release process:",
    ]
)
_PARAGRAPHS = st.lists(_SENTENCES, min_size=1, max_size=4).map(" ".join)
_BLOCKS = st.one_of(
    _PARAGRAPHS,
    st.lists(_PARAGRAPHS, min_size=1, max_size=3).map(lambda ps: "\n".join(f"- {p}" for p in ps)),
    st.sampled_from(
        [
            "## Setup",
            "## Contents\n\n- [Setup](#setup)\n- [Use](#use)\n- [FAQ](#faq)",
            "```bash\n# In this section we will run it.\nmake\n```",
            "> Let's get started. In order to run, wait.",
        ]
    ),
)
_BODIES = st.lists(_BLOCKS, min_size=1, max_size=8).map(lambda bs: "\n\n".join(bs) + "\n")


@settings(max_examples=150, deadline=None)
@given(_BODIES)
def test_pruning_keeps_every_item_and_is_idempotent(body: str) -> None:
    after, changes = prune(body)
    assert markdown_items(after) == markdown_items(body)
    assert prune(after) == (after, [])
    assert (after == body) == (not changes)
    assert count_tokens(after) <= count_tokens(body)


def test_optimize_reports_each_change_at_its_input_line_and_the_package_validates(
    tmp_path: Path,
) -> None:
    skill = tmp_path / "lib" / "deploy"
    skill.mkdir(parents=True)
    head = "---\nname: deploy\ndescription: Deploys the app. Use when asked to deploy.\n---\n\n"
    (skill / "SKILL.md").write_text(head + BEFORE, encoding="utf-8")
    result = optimize([str(tmp_path / "lib")])
    out = result.files["deploy/SKILL.md"].decode()
    assert "In this section we will set up" not in out
    assert "You run `make install` to build it." in out
    notes = sorted(
        (d.code, d.span.line if d.span else 0)
        for d in result.diagnostics
        if d.code in ("SK082", "SK083", "SK084")
    )
    # the table of contents is a block of its own: compress-body removes it and its heading
    # (PV030) before pruning, which finds contents only inside the text it is given
    contents = [d.message for d in result.diagnostics if d.code == "PV030"]
    assert any(m.endswith("heading of a table of contents") for m in contents), contents
    assert any(m.endswith(": table of contents") for m in contents), contents
    assert "[Setup](#setup)" not in out
    assert notes == sorted(
        [
            ("SK082", 17),
            ("SK084", 17),
            ("SK082", 18),
            ("SK084", 21),
        ]  # the repeated paragraph is a whole block: compress-body removes it (PV030)
    )
    assert not result.skills[0].rolled_back
    written = tmp_path / "out"
    write_output(result, written)
    validator = Path(sys.executable).with_name("agentskills")
    done = subprocess.run(
        [str(validator), "validate", str(written / "deploy")], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "module",
    [
        "skillc.compiler.optimize.prune",
        "skillc.compiler.optimize.splice",
        "skillc.compiler.optimize.reflow",
        "skillc.passes.body_guidance",
        "skillc.passes.contents_list",
        "skillc.passes.tighten_description",
    ],
)
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed


def test_a_trigram_in_every_sentence_does_not_hide_a_repeat() -> None:
    # "run the tests" opens 100 distinct sentences; the one real repeat is still found
    names = ["".join("abcdefghij"[int(c)] for c in f"{n:02d}") for n in range(100)]
    lines = [f"Run the tests of module {name} with care and report." for name in names]
    body = " ".join(lines) + f"\n\nRun the tests of module {names[7]} with care and report again.\n"
    after, changes = prune(body)
    assert [c.why for c in changes] == ["repeats line 1"]
    assert after == " ".join(lines) + "\n"
