"""compress-description: generated "<what>. Use when <when>." form, repairs, limits, idempotence."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.ir import Skill, SkillModule
from skillc.passes.compress_description import (
    KEY_USE_CASE,
    MAX_DESCRIPTION,
    clean,
    compress_description,
    describe,
    generate,
    repair_description,
    sentence_case,
    strip_markdown,
    truncate,
)
from skillc.passes.key_terms import MAX_KEY_TERMS
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def described(skill: Skill) -> str:
    module = compress_description(SkillModule(skills=(skill,)), PassContext())
    return module.skills[0].description


def assert_valid(description: str) -> None:
    assert 1 <= len(description) <= MAX_DESCRIPTION
    assert "<" not in description and ">" not in description
    assert not _CONTROL.search(description)
    assert description == " ".join(description.split())


def test_generated_from_goal_and_triggers() -> None:
    skill = Skill(
        id="k",
        skill_name="Options",
        skill_goal="Explains how to define options on Click commands. Options are flexible.",
        triggers=("Option Names", "Multi-Value Options", "Boolean Flags", "Prompting for Values"),
    )
    assert described(skill) == (
        # Ranked by what each heading adds: "option", the page's most frequent word, is said
        # by the goal already, so the headings of other words come first.
        "Explains how to define options on Click commands. Use when the task involves "
        "prompting for values, boolean flags, option names or multi-value options."
    )


def test_imperative_goal_is_put_in_the_third_person() -> None:
    skill = Skill(id="k", skill_goal="Define options on commands", triggers=("Option names",))
    assert described(skill) == (
        "Defines options on commands. Use when the task involves option names."
    )


def test_without_goal_the_title_is_the_topic() -> None:
    skill = Skill(
        id="k", skill_name="Parameter Types", triggers=("Choice", "How to Implement Custom Types")
    )
    assert described(skill) == (
        # "choice" first: "type" is said by the topic already
        "Covers parameter types. Use when the task involves choice or implementing custom types."
    )


def test_topic_falls_back_to_the_name_then_the_id() -> None:
    assert described(Skill(id="k", name="shell-completion")) == "Covers shell completion."
    assert described(Skill(id="setup-guide")) == "Covers setup-guide."
    assert described(Skill(id="")) == "Covers an untitled skill."


def test_goal_or_title_without_words_is_not_used() -> None:
    assert described(Skill(id="k", skill_name="...", skill_goal="--- ...", name="x")) == (
        "Covers x."
    )


def test_brackets_replaced_before_measuring_so_whole_items_survive() -> None:
    triggers = tuple(f"a<b{i}" for i in range(200))
    description = described(Skill(id="k", skill_goal="Compares values.", triggers=triggers))
    assert_valid(description)
    assert description.endswith(" less than b{}.".format(description.count("less than") - 1))


def test_no_triggers_means_no_use_when() -> None:
    assert described(Skill(id="k", skill_goal="Packs apps.")) == "Packs apps."


def test_first_or_second_person_goal_is_not_used() -> None:
    skill = Skill(id="k", skill_name="Testing", skill_goal="You can test your commands with ease.")
    assert described(skill) == "Covers testing."


def test_triggers_in_first_or_second_person_or_repeating_the_title_are_left_out() -> None:
    skill = Skill(
        id="k",
        skill_name="Prompts",
        triggers=("Prompts", "What you need", "Input prompts", "input Prompts", "We recommend"),
    )
    assert described(skill) == "Covers prompts. Use when the task involves input prompts."


def test_markdown_is_stripped_from_generated_text() -> None:
    skill = Skill(
        id="k",
        skill_goal="Wraps **[click](https://click.example)** via {func}`echo <click.echo>`.",
        triggers=("The `--help` *flag*", "[Links](x.md)"),
    )
    assert described(skill) == (
        "Wraps click via echo. Use when the task involves the --help flag or links."
    )


def test_angle_brackets_never_reach_the_description() -> None:
    skill = Skill(
        id="k",
        skill_goal="Reads <file> when size <= 5 and x > y<br>.",
        triggers=("Paths -> URLs", "<b>Bold</b> moves"),
    )
    description = described(skill)
    assert_valid(description)
    assert description == (
        "Reads file when size at most 5 and x greater than y. "
        "Use when the task involves paths to URLs or bold moves."
    )


def test_long_goal_keeps_the_key_use_case_in_the_first_250_characters() -> None:
    goal = "Builds " + " ".join(f"thing{i}" for i in range(80)) + "."
    description = described(Skill(id="k", skill_goal=goal, triggers=("Packaging",)))
    what, _, when = description.partition("... ")
    assert len(what) + 3 <= KEY_USE_CASE
    assert when == "Use when the task involves packaging."
    # a heading the goal says already ("Builds") is still the use case when it is the only one
    only = described(Skill(id="k", skill_goal=goal, triggers=("Builds",)))
    assert only.endswith("... Use when the task involves builds.")


def test_many_triggers_give_a_few_key_terms() -> None:
    triggers = tuple(f"Topic number {i:03d}" for i in range(100))
    description = described(Skill(id="k", skill_goal="Covers topics.", triggers=triggers))
    assert_valid(description)
    assert description.endswith(".")
    items = description.removeprefix("Covers topics. Use when the task involves ")[:-1]
    kept = items.replace(" or ", ", ").split(", ")
    assert kept == [f"topic number {i:03d}" for i in range(MAX_KEY_TERMS)]
    assert len(description) <= KEY_USE_CASE


def test_many_long_triggers_are_cut_at_a_whole_item() -> None:
    triggers = tuple(f"Topic number {i:03d} " + "word " * 60 for i in range(10))
    description = described(Skill(id="k", skill_goal="Covers topics.", triggers=triggers))
    assert_valid(description)
    items = description.removeprefix("Covers topics. Use when the task involves ")[:-1]
    assert items.startswith("topic number 000 word") and items.endswith("word")
    assert len(description) > MAX_DESCRIPTION - len(", topic number 000 " + "word " * 60)


def test_existing_description_is_kept() -> None:
    text = "Extracts text from PDF files. Use when the user mentions PDFs."
    assert described(Skill(id="k", description=text, skill_goal="Other goal.")) == text


def test_existing_description_is_repaired() -> None:
    skill = Skill(id="k", description="  Converts <input>\n\tfiles\u202e to\x00 HTML.\n")
    assert described(skill) == "Converts input files to HTML."


def test_overlong_description_is_cut_at_a_sentence() -> None:
    text = "First sentence here. " * 60  # 1260 characters
    description = described(Skill(id="k", description=text))
    assert len(description) <= MAX_DESCRIPTION
    assert description.endswith("First sentence here.")


def test_overlong_description_without_sentences_is_cut_at_a_word() -> None:
    description = described(Skill(id="k", description="word " * 300))
    assert len(description) <= MAX_DESCRIPTION
    assert description.endswith("word")


def test_a_description_that_repairs_to_nothing_is_generated() -> None:
    assert described(Skill(id="k", skill_name="Guide", description=" \n\u200b ")) == (
        "Covers guide."
    )


# Chapter titles as bashref.pdf's outline gives them (texinfo numbering), a few headings each.
_BASH_CHAPTERS = (
    ("1 Introduction", ("What is a shell?", "What is Bash?")),
    ("2 Definitions", ("2 Definitions",)),
    ("3 Basic Shell Features", ("3.1 Shell Syntax",)),
    ("5 Shell Variables", ("5.1 Bourne Shell Variables",)),
    ("7 Job Control", ("7.1 Job Control Basics", "7.3 Job Control Variables")),
    ("10 Installing Bash", ("10.1 Basic Installation",)),
)


def test_a_manuals_chapter_numbers_stay_out_of_its_descriptions() -> None:
    skills = tuple(
        Skill(id=f"s{n}", skill_name=title, triggers=triggers)
        for n, (title, triggers) in enumerate(_BASH_CHAPTERS)
    )
    module = compress_description(SkillModule(skills=skills), PassContext())
    descriptions = [skill.description for skill in module.skills]
    assert descriptions[0].startswith("Covers introduction.")
    assert descriptions[1] == "Covers definitions."
    assert descriptions[4].startswith("Covers job control.")
    assert not any(re.search(r"\b(?:1|2|3|5|7|10)\b", d) for d in descriptions), descriptions
    assert [s.skill_name for s in module.skills] == [t for t, _ in _BASH_CHAPTERS], "titles kept"


def test_without_a_prefix_the_library_the_pages_are_named_after_is_named() -> None:
    """R-intro.pdf (Debian r-doc-pdf, not in corpora): its frontend names every chapter
    ``r-...``; "Covers arrays and matrices." alone does not say which library."""
    titles = ("Arrays and matrices", "Lists and data frames", "Packages", "Probability")
    skills = tuple(
        Skill(id=f"s{n}", name=f"r-{t.lower().replace(' ', '-')}", skill_name=t)
        for n, t in enumerate(titles)
    )
    goal = replace(skills[2], skill_goal="All R functions and datasets are stored in packages.")
    module = compress_description(SkillModule(skills=(*skills[:2], goal, skills[3])), PassContext())
    assert module.skills[0].description.startswith("Covers arrays and matrices in R.")
    assert module.skills[2].description.startswith("All R functions and datasets")
    # three pages may share a first word by chance: nothing is named after it
    few = compress_description(SkillModule(skills=skills[:3]), PassContext())
    assert few.skills[0].description.startswith("Covers arrays and matrices.")


def test_a_number_that_is_part_of_a_title_stays() -> None:
    titles = ("3 ways to start", "5 tips for tables", "10 tips for speed")
    skills = tuple(Skill(id=f"s{n}", skill_name=t) for n, t in enumerate(titles))
    module = compress_description(SkillModule(skills=skills), PassContext())
    assert [s.description.split(".")[0] for s in module.skills] == [
        "Covers 3 ways to start",
        "Covers 5 tips for tables",
        "Covers 10 tips for speed",
    ]


def test_idempotent() -> None:
    skills = (
        Skill(id="a", skill_goal="Run <things>.", triggers=("Alpha", "Beta")),
        Skill(id="b", description="x " * 700),
        Skill(id="c"),
    )
    ctx = PassContext()
    once = compress_description(SkillModule(skills=skills), ctx)
    assert compress_description(once, ctx) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Callbacks and Eager Options", "callbacks and eager options"),
        ("JSON Output Formats", "JSON output formats"),
        ("Using PowerShell", "using PowerShell"),
        ("How to define options", "how to define options"),
        ("Why Click?", "why click?"),
        ("Options", "options"),
        ("API", "API"),
    ],
)
def test_sentence_case(text: str, expected: str) -> None:
    assert sentence_case(text) == expected


def test_truncate_prefers_sentences_then_words() -> None:
    assert truncate("Short.", 10) == "Short."
    assert truncate("abcdefghijkl", 5) == "abcde"
    assert truncate("One. Two three four five six", 12) == "One. Two"


def test_strip_markdown_keeps_snake_case_and_dunders() -> None:
    # A dunder is a name (issue 11: `__x_y__` became "x_y"); `_here_` is emphasis.
    text = "Set `flag_value` and __init__ _here_"
    assert strip_markdown(text) == "Set flag_value and __init__ here"


@given(st.text(max_size=1500))
def test_any_description_is_repaired_to_a_fixed_point(text: str) -> None:
    repaired = repair_description(text)
    if repaired:
        assert_valid(repaired)
    assert repair_description(repaired) == repaired


@given(
    st.text(max_size=300),
    st.text(max_size=40),
    st.lists(st.text(max_size=60), max_size=30),
    st.text(max_size=20),
)
def test_any_skill_gets_a_valid_description(
    goal: str, title: str, triggers: list[str], name: str
) -> None:
    skill = Skill(id="k", skill_goal=goal, skill_name=title, triggers=tuple(triggers), name=name)
    description = describe(skill)
    assert_valid(description)
    assert describe(Skill(id="k", description=description)) == description


def described_for(skill: Skill, **options: str) -> str:
    ctx = PassContext(options=PassOptions(**options))
    module = compress_description(SkillModule(skills=(skill,)), ctx)
    return module.skills[0].description


def test_project_is_named_when_the_text_does_not_name_it() -> None:
    skill = Skill(id="k", skill_name="Quickstart", triggers=("Install", "Echoing"))
    assert described_for(skill, name_prefix="click") == (
        "Covers quickstart in click. Use when the task involves install or echoing."
    )


def test_project_already_named_is_not_repeated() -> None:
    skill = Skill(id="k", skill_goal="Click supports prompts.", triggers=("Option prompts",))
    assert described_for(skill, name_prefix="click") == (
        "Click supports prompts. Use when the task involves option prompts."
    )


def test_project_without_triggers_is_still_named() -> None:
    assert described_for(Skill(id="k", skill_name="Exit codes"), name_prefix="acme") == (
        "Covers exit codes in acme. Use when the task involves exit codes."
    )
    assert described_for(Skill(id="k"), name_prefix="click") == "Covers k in click."


def _library(*skills: Skill) -> list[str]:
    module = compress_description(SkillModule(skills=skills), PassContext(options=PassOptions()))
    return [s.description for s in module.skills]


def test_key_terms_are_what_tells_a_page_apart_in_its_library() -> None:
    # Three man-page-like pages: every one has Synopsis/Description/Examples/See also.
    common = ("Synopsis", "Description", "Options", "Examples", "See also")
    pages = [
        Skill(
            id="a", skill_name="git-add", triggers=(*common, "Interactive mode", "Editing patches")
        ),
        Skill(
            id="b", skill_name="git-commit", triggers=(*common, "Commit information", "Discussion")
        ),
        Skill(
            id="c", skill_name="git-push", triggers=(*common, "Output", "Note about fast-forwards")
        ),
    ]
    described = _library(*pages)
    for text in described:
        assert_valid(text)
        for boilerplate in ("synopsis", "see also", "examples"):
            assert boilerplate not in text.lower()
    assert "interactive mode" in described[0] and "editing patches" in described[0]
    assert "commit information" in described[1]
    assert "note about fast-forwards" in described[2]


def test_a_heading_shared_by_the_whole_library_loses_to_its_own() -> None:
    shared = "Configuration"
    pages = [
        Skill(id=f"p{i}", skill_name=f"Server {i}", triggers=(shared, f"Tuning worker{i} pools"))
        for i in range(4)
    ]
    described = _library(*pages)
    for i, text in enumerate(described):
        items = text.split(" involves ", 1)[1]
        assert items.startswith(f"tuning worker{i} pools"), text


def test_a_title_in_the_second_person_is_named_rather_than_the_internal_id() -> None:
    from skillc.compiler.frontends.markdown.reader import read_markdown

    text = "# Chapter 10 Writing your own Flowable Objects\n\n## A very simple Flowable\n\nText.\n"
    (skill,) = read_markdown(text, source_id="userguide.md").skills
    assert skill.id.startswith("SKILL_")
    described = generate(skill, "reportlab")
    assert "SKILL_" not in described
    quoted = "\u201cwriting your own Flowable Objects\u201d"  # the manual's words, quoted
    assert described.startswith(f"Covers {quoted} in reportlab.")


def test_doxygen_template_parameters_are_dropped_not_read_as_comparisons() -> None:
    """A page of libsigc++'s Doxygen reference described by its title, at page grain:
    "sigc::signal less than T_return(T_arg...) greater than ::accumulated ..."."""
    title = "Covers sigc::signal< T_return(T_arg...)>::accumulated< T_accumulator > reference."
    assert repair_description(title) == "Covers sigc::signal::accumulated reference."
    assert repair_description("Runs when size < 5 and n > 2.") == (
        "Runs when size less than 5 and n greater than 2."
    )


def test_clean_words_every_angle_mark_and_control_character() -> None:
    """Each kind of text `clean` rewrites (its quick exits skip only text without them)."""
    assert clean("x \u2264 5, y \u2265 2, a <= b") == "x at most 5, y at least 2, a at most b"
    assert clean("f<- g => h <name> i < j") == "f from g to h name i less than j"
    assert clean("tab\there\u200b, del\x7fnul\x00\u00e9") == "tab here, del nul \u00e9"


def test_signature_triggers_name_the_callable_not_its_parameters() -> None:
    """An API page's headings are signatures: listed whole, three filled the description
    ("calendar.month(theyear, themonth, w=0, l=0), ..." on python-doc, "DocAssert(self, cond,
    format=None)" on reportlab's manual); elided as the SKILL.md listings elide them, five fit,
    and the routing bench on python-doc went from hit@3 0.923 to 0.932 with 4.5% fewer listing
    tokens."""
    from skillc.passes.compress_description import trigger_items

    items = trigger_items(
        (
            "calendar.month(theyear, themonth, w=0, l=0)",
            "bisect.insort_left(a, x, lo=0, hi=len(a), *, key=None)",
            "PageBreak()",
            "Searching sorted lists",
        )
    )
    assert items == [
        "calendar.month(…)",
        "bisect.insort_left(…)",
        "PageBreak()",
        "searching sorted lists",
    ]


def test_javadoc_section_headings_are_no_use_case() -> None:
    # Every Javadoc class page has them: Debian's libcommons-pool-java-doc's skills were for
    # tasks "that involve field detail, constructor detail or method detail".
    skill = Skill(
        id="k",
        skill_name="GenericObjectPool",
        skill_goal="A configurable ObjectPool implementation.",
        triggers=("Field Detail", "Constructor Detail", "Method Detail", "borrowObject"),
    )
    described_as = described(skill)
    assert "detail" not in described_as.lower()
    assert "borrowObject" in described_as


def test_a_signature_heading_is_a_use_case_without_its_kind() -> None:
    # requests' API page: "Use when the task involves class requests.Response, ...".
    skill = Skill(
        id="k",
        skill_name="Developer Interface",
        skill_goal="Covers all the interfaces of Requests.",
        triggers=("class requests.Response", "property Session.cookies", "Class Hierarchy"),
    )
    described_as = described(skill)
    assert "requests.Response" in described_as and "class requests" not in described_as
    assert "property" not in described_as and "class hierarchy" in described_as
