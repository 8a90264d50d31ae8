"""Steps, scenes and constraints the Markdown frontend reads from small handcrafted guides."""

from __future__ import annotations

import pytest

from skillc.compiler.frontends.guide.classify import (
    command_scope,
    constraint_kind,
    imperative,
    scene_type,
    sentence_scope,
    split_command,
)
from skillc.compiler.frontends.guide.steps import command_lines
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.ir import (
    ActType,
    ConstraintKind,
    LogicStep,
    ResourceScope,
    Rule,
    SceneType,
    Skill,
)


def read(text: str) -> Skill:
    (skill,) = read_markdown(text, source_id="guide.md").skills
    return skill


def step_texts(skill: Skill) -> list[str]:
    return [step.text for step in skill.logic_steps]


# --- Numbered lists and scenes --------------------------------------------------------------------

PROCEDURE = """# Release

Intro text that has no instructions in it at all.

## Build

1. Bump the version.
2. Run the test suite.
3. Tag the release.

## Publish

Upload the wheel to the index.
"""


def test_numbered_list_items_become_chained_steps() -> None:
    skill = read(PROCEDURE)
    assert step_texts(skill) == [
        "Bump the version.",
        "Run the test suite.",
        "Tag the release.",
        "Upload the wheel to the index.",
    ]
    assert [s.id for s in skill.logic_steps] == ["L_1", "L_2", "L_3", "L_4"]
    rules = [s.next_step_rules for s in skill.logic_steps]
    assert rules == [
        (Rule(condition="default", target="L_2"),),
        (Rule(condition="default", target="L_3"),),
        (Rule(condition="default", target="YIELD_SUCCESS"),),
        (Rule(condition="default", target="YIELD_SUCCESS"),),
    ]


def test_h2_sections_with_steps_become_chained_scenes() -> None:
    skill = read(PROCEDURE)
    build, publish = skill.scenes
    assert (build.id, build.scene_name, build.entry_logic_step_id) == ("S_1", "Build", "L_1")
    assert build.contained_logic_steps == ("L_1", "L_2", "L_3")
    assert build.next_scene_rules == (Rule(condition="success", target="S_2"),)
    assert publish.scene_type is SceneType.FINALIZE
    assert publish.next_scene_rules == (Rule(condition="success", target="END_SUCCESS"),)
    assert skill.entry_scene_id == "S_1" and skill.subscenes == ("S_1", "S_2")
    assert skill.skill_goal == "Intro text that has no instructions in it at all."
    assert skill.triggers == ("Build", "Publish")


def test_step_acts_follow_their_verbs() -> None:
    acts = {s.text: s.act_type for s in read(PROCEDURE).logic_steps}
    assert acts["Run the test suite."] is ActType.CALL_TOOL
    assert acts["Bump the version."] is ActType.INFER  # "bump" is not a listed verb
    assert acts["Upload the wheel to the index."] is ActType.TRANSFER


def test_h3_subsections_roll_up_into_their_h2_scene() -> None:
    skill = read("# T\n\n## Setup\n\n### Linux\n\nRun `make`.\n\n### Mac\n\nRun `gmake`.\n")
    (scene,) = skill.scenes
    assert scene.scene_name == "Setup" and scene.scene_type is SceneType.PREPARE
    assert scene.contained_logic_steps == ("L_1", "L_2")
    assert skill.triggers == ("Setup", "Linux", "Mac")


def test_intro_scene_and_sections_without_steps() -> None:
    skill = read("# Tool\n\nInstall the tool first.\n\n## Background\n\nIt is old.\n")
    (scene,) = skill.scenes
    assert scene.scene_name == "Tool" and scene.contained_logic_steps == ("L_1",)
    assert skill.skill_goal == ""  # an instruction is not a goal


def test_sentence_steps_are_narrowed_to_the_sentence() -> None:
    text = "# T\n\nClick is nice. Run the\nbuild now. It is fast.\n"
    skill = read(text)
    (step,) = skill.logic_steps
    span = step.prov[0]
    assert text[span.start : span.end] == "Run the\nbuild now."
    assert (span.line, span.col, span.end_line) == (3, 16, 4)
    assert step.text == "Run the\nbuild now."


@pytest.mark.parametrize(
    "sentence",
    [
        "Return values are passed through.",
        "Set operations are fast.",
        "Use cases include these.",
        "Exit codes are integers.",
        "running the tests is optional.",
        "You can run the tests.",
    ],
)
def test_sentences_that_do_not_instruct(sentence: str) -> None:
    assert read(f"# T\n\n{sentence}\n").logic_steps == ()


def test_if_clause_gives_precondition_and_branch() -> None:
    skill = read("# T\n\n## Fix\n\nIf the build fails, delete the cache directory.\n")
    (step,) = skill.logic_steps
    assert step.preconditions == ("the build fails",)
    assert step.act_type is ActType.WRITE
    assert step.effects == ("deletes the cache directory",)
    assert step.resource_scope is ResourceScope.LOCAL_FS
    assert skill.control_flow_features.has_branch
    assert skill.scenes[0].scene_type is SceneType.RECOVER


def test_to_clause_instructs_without_branch() -> None:
    skill = read("# T\n\nTo add parameters, use the `option` decorator.\n")
    (step,) = skill.logic_steps
    assert step.preconditions == () and not skill.control_flow_features.has_branch


def test_loop_words_set_has_loop() -> None:
    skill = read("# T\n\nFor each file, run the linter until it passes.\n")
    assert step_texts(skill) == ["For each file, run the linter until it passes."]
    assert skill.control_flow_features.has_loop


# --- Commands -------------------------------------------------------------------------------------


def test_console_prompts_are_stripped_and_output_skipped() -> None:
    text = (
        "# T\n\n```console\n$ pip install click\nDone.\n(venv) $ python -m app --help\nUsage\n```\n"
    )
    skill = read(text)
    pip, python = skill.logic_steps
    assert (pip.text, pip.instrument, pip.object) == ("pip install click", "pip", "pip")
    assert pip.input_args == ("install", "click")
    assert pip.resource_scope is ResourceScope.NETWORK and pip.act_type is ActType.CALL_TOOL
    assert python.text == "python -m app --help" and python.resource_scope is ResourceScope.OTHER
    assert pip.prov[0].line == 4 and pip.prov[0].col == 3
    assert skill.control_flow_features.has_tool_call
    assert skill.control_flow_features.touches_sensitive_resources


def test_command_effects_and_targets() -> None:
    text = (
        "# T\n\n```bash\nrm -rf build/\ncurl -fsSL https://example.com/x.sh\ngit clone repo\n```\n"
    )
    rm, curl, git = read(text).logic_steps
    assert rm.effects == ("deletes build/",) and rm.resource_scope is ResourceScope.LOCAL_FS
    assert rm.resource_target == "build/"
    assert curl.resource_scope is ResourceScope.NETWORK
    assert curl.resource_target == "https://example.com/x.sh"
    assert git.resource_scope is ResourceScope.NETWORK


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("console", "$ make\nok\n$ make test", ["make", "make test"]),
        ("bash", "# comment\nexport A=1\nmake \\\n  all", ["export A=1", "make \\\n  all"]),
        ("shell", "Traceback (most recent call last):\n  ...\nRuntimeError: x", []),
        ("text", "$ . .venv/bin/activate\n(venv) $", [". .venv/bin/activate"]),
        ("text", "just words here", []),
        ("", "pip install click", ["pip install click"]),
        ("", "hello world", []),
        ("python", "$ not a prompt in python", []),
        ("powershell", "> .venv\\scripts\\activate", [".venv\\scripts\\activate"]),
    ],
)
def test_command_lines(language: str, code: str, expected: list[str]) -> None:
    assert command_lines(language, code) == expected


def test_commands_in_list_items_are_steps() -> None:
    text = "# T\n\n- Stress tests:\n\n  ```shell-session\n  $ tox r -e stress\n  ```\n"
    (step,) = read(text).logic_steps
    assert step.text == "tox r -e stress" and step.prov[0].line == 6


def test_python_code_is_not_a_command() -> None:
    assert read("# T\n\n```python\nimport os\nos.remove('x')\n```\n").logic_steps == ()


# --- Constraints ----------------------------------------------------------------------------------


def test_never_is_a_prohibition_must_a_requirement() -> None:
    text = (
        "# T\n\nNever commit the `.env` file. You must run the linter. "
        "If it fails, do not merge. The parser must not be reused.\n"
    )
    kinds = [(k.kind, k.text) for k in read(text).constraints]
    assert kinds == [
        (ConstraintKind.PROHIBITION, "Never commit the .env file."),
        (ConstraintKind.REQUIREMENT, "You must run the linter."),
        (ConstraintKind.PROHIBITION, "If it fails, do not merge."),
        (ConstraintKind.PROHIBITION, "The parser must not be reused."),
    ]
    assert [k.id for k in read(text).constraints] == ["C1", "C2", "C3", "C4"]


def test_warning_admonition_is_one_warning_constraint() -> None:
    text = "# T\n\n```{warning}\nDo not run this as root. It **deletes** data.\n```\n"
    skill = read(text)
    (warning,) = skill.constraints
    assert warning.kind is ConstraintKind.WARNING
    assert warning.text == "Do not run this as root. It deletes data."
    assert warning.prov[0].line == 3 and warning.prov[0].end_line == 5


def test_rst_warning_and_warning_class_admonition() -> None:
    text = (
        "# T\n\n```{eval-rst}\n.. caution::\n\n   Mind the gap.\n```\n\n"
        "```{admonition} Careful\n:class: danger\n\nHot surface.\n```\n"
    )
    kinds = [(k.kind, k.text) for k in read(text).constraints]
    assert kinds == [
        (ConstraintKind.WARNING, "Mind the gap."),
        (ConstraintKind.WARNING, "Hot surface."),
    ]


def test_prerequisites_section_gives_entry_conditions() -> None:
    text = (
        "# Deploy\n\n## Prerequisites\n\n- Docker 24 or newer.\n- A staging account.\n\n"
        "## Steps\n\n1. Run `make deploy`.\n\nBefore you start, log in to the registry.\n"
    )
    skill = read(text)
    prerequisites = [k.text for k in skill.constraints if k.kind is ConstraintKind.PREREQUISITE]
    assert prerequisites == [
        "Docker 24 or newer.",
        "A staging account.",
        "Before you start, log in to the registry.",
    ]
    first = skill.scenes[0]
    assert first.entry_conditions == tuple(prerequisites)
    assert scene_type("Prerequisites") is SceneType.PREPARE


def test_constraint_words_inside_code_spans_do_not_count() -> None:
    assert read("# T\n\nSet `required=True` on the option.\n").constraints == ()


# --- Word lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Installation", SceneType.PREPARE),
        ("Before you begin", SceneType.PREPARE),
        ("Collecting logs", SceneType.ACQUIRE),
        ("Why Use Virtualenv?", SceneType.PREPARE),
        ("Choosing a backend", SceneType.REASON),
        ("Testing", SceneType.VERIFY),
        ("Troubleshooting", SceneType.RECOVER),
        ("Cleanup", SceneType.FINALIZE),
        ("Nesting Commands", SceneType.ACT),
    ],
)
def test_scene_types(heading: str, kind: SceneType) -> None:
    assert scene_type(heading) is kind


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Store the API key in the vault.", ResourceScope.CREDENTIALS),
        ("Download https://example.com/a.zip.", ResourceScope.NETWORK),
        ("Restart the server.", ResourceScope.PROCESS),
        ("Edit the module `app.py`.", ResourceScope.CODEBASE),
        ("Copy the file to the output directory.", ResourceScope.LOCAL_FS),
        ("Think about it.", ResourceScope.OTHER),
    ],
)
def test_sentence_scopes(text: str, scope: ResourceScope) -> None:
    assert sentence_scope(text) is scope


def test_command_parsing_and_scopes() -> None:
    assert split_command("FOO=1 BAR=2 app run") == ("app", ("run",))
    assert split_command("Traceback (most recent call last):") is None
    assert split_command('echo "unbalanced') == ("echo", ('"unbalanced',))
    assert command_scope("git", ("status",)) is ResourceScope.CODEBASE
    assert command_scope("npm", ("install",)) is ResourceScope.NETWORK
    assert command_scope("systemctl", ("restart", "x")) is ResourceScope.PROCESS


def test_imperatives_and_constraint_kinds() -> None:
    assert imperative("Make sure the file exists.") == ("make sure", ActType.VALIDATE)
    assert imperative("Please run it.") == ("run", ActType.CALL_TOOL)
    assert imperative("Running it is fine.") is None
    assert constraint_kind("before you start, log in", False) is ConstraintKind.PREREQUISITE
    assert constraint_kind("this requires pillow", False) is ConstraintKind.REQUIREMENT
    assert constraint_kind("it does not require python", False) is None
    assert constraint_kind("click has to reopen the stream", False) is None
    assert constraint_kind("anything", True) is ConstraintKind.PREREQUISITE


def test_steps_carry_only_what_the_text_shows() -> None:
    (step,) = read("# T\n\nOpen the settings page.\n").logic_steps
    assert step == LogicStep(
        id="L_1",
        prov=step.prov,
        act_type=ActType.READ,
        next_step_rules=(Rule(condition="default", target="YIELD_SUCCESS"),),
        text="Open the settings page.",
    )


def test_repeated_text_maps_to_its_own_occurrence() -> None:
    text = "# T\n\n- Save the script.\n- Save the script.\n"
    first, second = read(text).logic_steps
    assert (first.prov[0].line, second.prov[0].line) == (3, 4)


def test_warning_body_starting_with_bold_is_kept() -> None:
    text = "# T\n\n```{warning}\n**Data loss:** this drops tables.\n```\n"
    (warning,) = read(text).constraints
    assert warning.text == "Data loss: this drops tables."


def test_steps_in_list_items_keep_document_order() -> None:
    text = "# T\n\n1. Install it:\n\n   ```sh\n   pip install x\n   ```\n2. Run it.\n"
    assert step_texts(read(text)) == ["Install it:", "pip install x", "Run it."]
