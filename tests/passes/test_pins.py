"""What holds a block in a SKILL.md body: ordinals and slash-joined words do not, limits,
files, URLs, commands and constraints do; the no-loss check still counts them all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.ir.markdown import render_block
from skillc.ir.nodes import Code, ListBlock, Prose
from skillc.passes.actionable import markdown_items
from skillc.passes.pins import PINNED_KINDS, is_path, pinned, pinning_items, without_ordinals


def test_an_ordered_list_is_not_pinned_by_its_markers() -> None:
    steps = ("Ask the user for the topic", "Draft the outline", "Review it with them")
    assert not pinned(ListBlock(id="l", items=steps, ordered=True))
    limited = (*steps, "Keep it under 300 words")
    assert pinned(ListBlock(id="l", items=limited, ordered=True))
    # the no-loss check still sees the markers' numbers: it is broad on purpose
    assert {"1", "2", "3"} <= {i.text for i in markdown_items("1. a\n2. b\n3. c")}


def test_step_labels_are_ordinals_but_counts_are_not() -> None:
    assert not pinned(Prose(id="p", text="**Step 3:** write the chapter, then Phase 2 - edit."))
    assert pinned(Prose(id="p", text="Step 3 takes 10 minutes."))
    assert pinned(Prose(id="p", text="Write 3 options."))


def test_ordinals_inside_code_are_left_alone() -> None:
    text = "1. Run:\n\n```\n1. not a marker\n```\n"
    assert without_ordinals(text) == "#. Run:\n\n```\n1. not a marker\n```\n"
    assert pinned(Code(id="c", text="1. x", language="bash")) is True  # a command


def test_slash_joined_words_are_not_paths() -> None:
    for words in ("CI/CD", "before/after", "HTML/CSS", "Do's/Don'ts", "YA/Contemporary**"):
        assert not is_path(words), words
    for path in ("src/components", "references/api.md", "./run.sh", "~/.claude", "a-b/c"):
        assert is_path(path), path
    assert not pinned(Prose(id="p", text="It covers CI/CD and HTML/CSS work."))
    assert pinned(Prose(id="p", text="It lives in references/api.md."))


def test_a_file_name_with_dots_before_its_extension_is_a_path() -> None:
    """From ai-labs-claude-skills' codebase-documenter: the list of its asset templates
    ("**README.template.md** - ...") held no item, so it left the body once "request/response"
    no longer read as a path; the files an agent can copy are paths."""
    names = {i.text for i in markdown_items("Use README.template.md or docker-compose.prod.yml.")}
    assert {"README.template.md", "docker-compose.prod.yml"} <= names
    listed = ListBlock(id="l", items=("**API.template.md** - request/response formats",))
    assert pinned(listed)


TOKENS = st.sampled_from(
    [
        "1.",
        "2)",
        "Step 3:",
        "Phase 2",
        "at most 50",
        "CI/CD",
        "src/app.py",
        "README.template.md",
        "https://example.org/x",
        "must",
        "never",
        "the",
        "run",
        "`make`",
        "\n",
        "- ",
        "v1.2",
        "```",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=30))
def test_pinning_only_narrows_the_no_loss_items(words: list[str]) -> None:
    """A block pins only through items the no-loss check counts too; URLs and commands pin
    exactly as they are counted (only ordinals and slash-joined words are let go)."""
    text = " ".join(words)
    block = Prose(id="p", text=text)
    counted = markdown_items(render_block(block))
    pins = pinning_items(block)
    kinds = {"url", "command", "code"}  # inline code is never pinned
    assert {i for i in pins if i.kind in kinds} == {i for i in counted if i.kind in kinds}
    if pinned(block):
        assert any(i.kind in PINNED_KINDS for i in counted)


def test_numbered_headings_bold_labels_and_inline_enumerations_are_ordinals() -> None:
    """From ai-labs: "### 2. Pipeline Configuration Generation", "**1. Brand Identity**",
    "three main capabilities: (1) creating ..., (2) ..." and entity-observation's "## Rule 1 —
    Story Before Metrics" were pinned by the numbers that order them; a heading so pinned
    never moved with its sub-section. Limits beside them still pin."""
    for text in (
        "### 2. Pipeline Configuration Generation",
        "**1. Brand Identity**",
        "It does (1) plots, (2) profiles and (3) dashboards.",
        "## Rule 1 — Story Before Metrics",
    ):
        assert not pinned(Prose(id="p", text=text)), text
    for text in ("Keep (1) plot per 6 columns.", "Exit code (0) means success.", "Call f(3) once."):
        assert pinned(Prose(id="p", text=text)), text
