"""classify-content: each SkillReducer class, duplicates, real guide text, idempotence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from skillc.ir import (
    Code,
    ContentBlock,
    ContentClass,
    Heading,
    ListBlock,
    Placement,
    Prose,
    Skill,
    SkillModule,
    Table,
)
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from skillc.passes import load_all, plan, run
from skillc.passes.classify_content import (
    classify_content,
    classify_skill,
    code_language,
    is_command_block,
    is_instruction,
)
from skillc.passes.registry import PassContext
from tests.cli.conftest import ROOT

CORE = ContentClass.CORE_RULE
BACKGROUND = ContentClass.BACKGROUND
EXAMPLE = ContentClass.EXAMPLE
TEMPLATE = ContentClass.TEMPLATE
REDUNDANT = ContentClass.REDUNDANT


def classes(*blocks: ContentBlock) -> list[ContentClass]:
    return [b.cls for b in classify_skill(Skill(id="k", blocks=blocks)).blocks]


def cls_of(block: ContentBlock) -> ContentClass:
    return classes(block)[-1]


def code(text: str, language: str = "") -> Code:
    return Code(id="c", text=text, language=language)


def test_headings_and_tables_are_core_rules() -> None:
    assert cls_of(Heading(id="h", text="Background and history", level=2)) is CORE
    assert cls_of(Table(id="t", rows=(("Option", "Default"), ("--count", "1")))) is CORE


@pytest.mark.parametrize(
    "text",
    [
        "Install the package with pip.",
        "**Run** `make test` before pushing.",
        "Options are parsed left to right. Pass `--help` to see them.",
        "To deploy the app, run the release script.",
        "If the build fails, check the logs first.",
        "You must restart the server afterwards.",
        "Never commit the `.env` file.",
        "Note that the callback receives the context.",
        "Important: the cache is per process.",
        "Requests time out after 30 s.",
        "Keep SKILL.md under 500 lines.",
        "The name may be at most 64 characters.",
        "Do not use this with untrusted input.",
        "Finally, implement `format_completion`.",
        "Then run the tests again.",
    ],
)
def test_instructions_are_core_rules(text: str) -> None:
    assert cls_of(Prose(id="p", text=text)) is CORE


@pytest.mark.parametrize(
    "text",
    [
        "Click is a Python package for creating command line interfaces.",
        "Options in Click are distinct from positional arguments.",
        "This page describes the history of the project.",
        "Test data can be generated on the fly.",
        "Type: string",
        "Install",
        "It was released in 2014 under the BSD license.",
    ],
)
def test_descriptive_prose_is_background(text: str) -> None:
    assert cls_of(Prose(id="p", text=text)) is BACKGROUND


def test_prose_with_placeholders_is_a_template() -> None:
    assert cls_of(Prose(id="p", text="Dear {{ name }}, your build finished.")) is TEMPLATE
    assert cls_of(Prose(id="p", text="Signed, <your-name>")) is TEMPLATE


def test_lists() -> None:
    steps = ListBlock(id="l", items=("Clone the repo", "Build it"), ordered=True)
    facts = ListBlock(id="l", items=("`default`: Passes a default.", "`help`: The help text."))
    todo = ListBlock(id="l", items=("Fast startup", "Check the version first"))
    links = ListBlock(id="l", items=("[inout](https://x.io/inout): an example app",))
    fill = ListBlock(id="l", items=("Owner: {{ owner }}",))
    assert [cls_of(b) for b in (steps, facts, todo, links, fill)] == [
        CORE,
        BACKGROUND,
        CORE,
        BACKGROUND,
        TEMPLATE,
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("$ pip install click", "console"),
        ("pip install click", "console"),
        ("$ python -m venv .venv\n$ . .venv/bin/activate\n$ pip install -e .", "console"),
        ("_FOO_BAR_COMPLETE=mysh_source foo-bar", "console"),
        ("pip install briefcase", "shell-session"),
        ("# build first\nmake build \\\n  --jobs 4\nmake test", "bash"),
        ("$ git push", "python"),
        ("$ uv sync", ""),
        ("git clone https://example.com/repo.git", "text"),
        ("./configure --prefix=/usr", ""),
        ("gcloud config set project <your-project-id>", "sh"),
        ("Get-ChildItem -Recurse", "powershell"),
    ],
)
def test_short_command_blocks_are_core_rules(text: str, language: str) -> None:
    assert cls_of(code(text, language)) is CORE


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("import click\n\n@click.command()\ndef hello():\n    click.echo('Hi')", "python"),
        ("$ hello\nHello, World!", "console"),
        (">>> 1 + 1\n2", "pycon"),
        ("hello-project/\n    src/\n        hello.py", "text"),
        ("Usage: hello [OPTIONS]", "text"),
        ("$ a\n$ b\n$ c\n$ d", "python"),
        ("Hello, World!", "console"),
        ("\n".join(f"echo {i}" for i in range(9)), "bash"),
        ("hello world", ""),
        ("cli(max_content_width=120)", "bash"),
        ("", "bash"),
    ],
)
def test_program_code_and_sessions_with_output_are_examples(text: str, language: str) -> None:
    assert cls_of(code(text, language)) is EXAMPLE


def test_code_with_placeholders_is_a_template() -> None:
    assert cls_of(code("name: {{ project_name }}\nversion: 1", "yaml")) is TEMPLATE
    assert cls_of(code("[project]\nname = '<your-package>'", "toml")) is TEMPLATE


def test_code_introduced_as_a_template() -> None:
    under_heading = classes(
        Heading(id="h", text="Project template"),
        Prose(id="p", text="The file looks like this."),
        code("[project]\nname = 'x'", "toml"),
    )
    after_prose = classes(
        Heading(id="h", text="Setup"),
        Prose(id="p", text="Start from this skeleton:"),
        code("def main():\n    ...", "python"),
    )
    heading_elsewhere = classes(
        Heading(id="h1", text="Templates"),
        Heading(id="h2", text="Usage"),
        code("def main():\n    ...", "python"),
    )
    assert under_heading[-1] is TEMPLATE
    assert after_prose[-1] is TEMPLATE
    assert heading_elsewhere[-1] is EXAMPLE


def test_commands_stay_core_rules_under_a_template_heading() -> None:
    blocks = classes(Heading(id="h", text="Template"), code("$ cookiecutter gh:x/y", "console"))
    assert blocks == [CORE, CORE]


def test_duplicates_are_redundant_with_a_reason() -> None:
    first = Prose(id="p1", text="Install the   package into a virtual environment.")
    again = Prose(
        id="p2",
        text="install the package into a virtual\nenvironment.",
        placement=Placement.REFERENCE,
    )
    skill = classify_skill(Skill(id="k", blocks=(first, again)))
    kept, dup = skill.blocks
    assert (kept.cls, kept.reason) == (CORE, "")
    assert (dup.cls, dup.reason, dup.placement) == (
        REDUNDANT,
        "duplicate of p1",
        Placement.REFERENCE,
    )


def test_every_repeat_points_at_the_first_occurrence() -> None:
    text = "import click\n\n@click.command()\ndef hello():\n    pass"
    blocks = tuple(Code(id=f"c{i}", text=text, language="python") for i in range(3))
    skill = classify_skill(Skill(id="k", blocks=blocks))
    assert [b.reason for b in skill.blocks] == ["", "duplicate of c0", "duplicate of c0"]


def test_what_is_not_a_duplicate() -> None:
    blocks = (
        Heading(id="h1", text="Example"),
        Heading(id="h2", text="Example"),  # structure: headings are never redundant
        Prose(id="p", text="pip install click"),
        Code(id="c", text="pip install click", language="console"),  # another kind
        Prose(id="e1", text=""),
        Prose(id="e2", text="  "),  # empty text is not a duplicate
        Prose(id="x1", text="And from the command line:"),
        Prose(id="x2", text="And from the command line:"),  # a short lead-in is context
        Code(id="c1", text="$ pip install click", language="console"),
        Code(id="c2", text="$ pip install click", language="console"),  # so is a short step
    )
    assert REDUNDANT not in classes(*blocks)


def test_duplicates_are_per_skill() -> None:
    text = "Run the whole test suite before every release."
    one = Skill(id="a", blocks=(Prose(id="p1", text=text),))
    two = Skill(id="b", blocks=(Prose(id="p2", text=text),))
    module = classify_content(SkillModule(skills=(one, two)), PassContext())
    assert [s.blocks[0].cls for s in module.skills] == [CORE, CORE]


def test_only_cls_and_reason_change() -> None:
    text = "Some history of the project and its many contributors."
    blocks = (
        Prose(id="p", text=text, cls=EXAMPLE, placement=Placement.REMOVED),
        Prose(id="q", text=text, reference="references/x.md"),
    )
    out = classify_skill(Skill(id="k", blocks=blocks)).blocks
    assert out == (
        replace(blocks[0], cls=BACKGROUND),
        replace(blocks[1], cls=REDUNDANT, reason="duplicate of p"),
    )


# Blocks as a Markdown frontend reads them from corpora/guides/click/src (BSD-3-Clause).
CLICK_OPTIONS = (
    Heading(id="h1", text="Options", level=1),
    Prose(
        id="p1",
        text="Adding options to commands can be accomplished with the {func}`option`\n"
        "decorator. At runtime the decorator invokes the {class}`Option` class. Options\n"
        "in Click are distinct from {ref}`positional arguments <arguments>`.",
    ),
    Prose(id="p2", text="Useful and often used kwargs are:"),
    ListBlock(
        id="l1",
        items=(
            "`default`: Passes a default.",
            "`help`: Sets help message.",
            "`nargs`: Sets the number of arguments.",
            "`type`: Sets {ref}`parameter type <parameter-types>`",
        ),
    ),
    ListBlock(
        id="l2",
        ordered=True,
        items=(
            "If a positional argument is a valid Python identifier, it is chosen.",
            "Otherwise, the first positional argument prefixed with `-` is chosen.",
        ),
    ),
    Code(
        id="c1",
        language="{eval-rst}",
        text=".. click:example::\n\n    @click.command()\n    @click.option('--string-to-echo')\n"
        "    def echo(string_to_echo):\n        click.echo(string_to_echo)",
    ),
    Heading(id="h2", text="Install", level=2),
    Prose(id="p3", text="Install from PyPI:"),
    Code(id="c2", language="console", text="pip install click"),
    Prose(
        id="p4",
        text="Installing into a virtual environment is highly recommended. We suggest "
        "{ref}`virtualenv-heading`.",
    ),
    Code(
        id="c3",
        language="shell-session",
        text="$ briefcase dev -- World\nHello, World!\n$ briefcase dev -- World --count 2",
    ),
)


def test_click_guide_blocks() -> None:
    assert classes(*CLICK_OPTIONS) == [
        CORE,  # heading
        BACKGROUND,  # what options are
        BACKGROUND,  # "Useful and often used kwargs are:"
        BACKGROUND,  # a list of facts about kwargs
        CORE,  # an ordered procedure
        EXAMPLE,  # a program
        CORE,  # heading
        CORE,  # "Install from PyPI:"
        CORE,  # the install command
        BACKGROUND,  # a recommendation without an imperative
        EXAMPLE,  # a session with output
    ]


def test_idempotent() -> None:
    repeat = replace(CLICK_OPTIONS[1], id="p9")
    module = SkillModule(skills=(Skill(id="k", blocks=(*CLICK_OPTIONS, repeat)),))
    once = classify_content(module, PassContext())
    assert once.skills[0].blocks[-1].cls is REDUNDANT
    assert classify_content(once, PassContext()) == once


def test_helpers() -> None:
    assert code_language(code("", "{code-block} Python")) == "python"
    assert code_language(code("", "")) == ""
    assert is_command_block(code("$ ls", "text"))
    assert not is_instruction("")
    assert is_instruction("(Run it again.)")


def test_fixture_ir_before_and_after() -> None:
    """The report-maker skill as read from its SKILL.md, classified: only ``cls`` (and the
    reason of the repeated lead-in) are added, every other line of the IR text is unchanged."""
    fixtures = ROOT / "tests" / "passes" / "fixtures" / "optimize"
    before_text = (fixtures / "report-maker.before.ssl").read_text(encoding="utf-8")
    load_all()
    after = dump(run(parse(before_text), plan(["classify-content"])).module)
    assert after == (fixtures / "report-maker.classified.ssl").read_text(encoding="utf-8")
    added = [line.strip() for line in after.splitlines() if line not in before_text.splitlines()]
    assert sorted(set(added)) == [
        "cls background",
        "cls example",
        "cls redundant",
        'reason "duplicate of B7"',
    ]
