"""Routing rules SC101-SC105 on real skill folders written to temporary directories."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

from skillc.diagnostics import Diagnostic
from skillc.lint.codes import RULES
from skillc.lint.rules import routing
from skillc.lint.rules.routing._description import TRIGGER, is_english
from skillc.package.reader import read_package

for _module in routing.MODULES:
    importlib.import_module(_module)

MakeSkill = Callable[..., Path]


def skill(description: str, name: str = "demo", body: str = "# Demo\n") -> str:
    return f"---\nname: {name}\ndescription: {description}\n---\n{body}"


def run(code: str, make_skill: MakeSkill, description: str, name: str = "demo") -> list[Diagnostic]:
    root = make_skill({"SKILL.md": skill(description, name)}, name=name)
    return list(RULES[code].check(read_package(root, name)))


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.col) for d in diagnostics if d.span is not None]


GOOD = (
    "Extracts text and tables from PDF files, fills PDF forms and merges PDFs. Use when the "
    "user mentions PDFs, forms or document extraction."
)


# SC101 missing-trigger --------------------------------------------------------------------------


def test_sc101_reports_a_description_without_a_trigger_clause(make_skill: MakeSkill) -> None:
    found = run("SC101", make_skill, "Extracts text and tables from PDF files and fills PDF forms.")
    assert [d.message for d in found] == [
        "description says what the skill does but not when to use it"
    ]
    assert where(found) == [("SC101", 3, 14)]


@pytest.mark.parametrize(
    "description",
    [
        GOOD,
        "Fills PDF forms. Use this skill whenever a form must be completed.",
        "Guide for creating skills. This skill should be used when users want a new skill.",
        "Presentation editing. When Claude needs to work with presentations (.pptx files).",
        "Reviews pull requests when reviewing changes before a merge is requested.",
        "Answers billing questions. Triggers: invoice, refund, chargeback.",
        "Sets up the issue tracker. Run before the first use of the triage skill.",
        "Handles questions about the company's travel policy and expense rules.",
    ],
)
def test_sc101_accepts_trigger_clauses(make_skill: MakeSkill, description: str) -> None:
    assert TRIGGER.search(description)
    assert run("SC101", make_skill, description) == []


def test_sc101_skips_descriptions_in_other_languages(make_skill: MakeSkill) -> None:
    chinese = "当需要用 x-card 动态渲染富交互 UI 时使用，涵盖命令和数据绑定。"
    assert run("SC101", make_skill, chinese) == []


# SC102 personal-description ---------------------------------------------------------------------


def test_sc102_reports_first_and_second_person(make_skill: MakeSkill) -> None:
    found = run("SC102", make_skill, "I can help you fill in your PDF forms. Use when asked.")
    assert [d.message for d in found] == [
        'description is written in the first or second person ("I", "you", "your")'
    ]
    assert where(found) == [("SC102", 3, 14)]


def test_sc102_points_at_the_word_inside_a_quoted_value(make_skill: MakeSkill) -> None:
    found = run("SC102", make_skill, '"Fills PDF forms. Use when we need a form."')
    assert where(found) == [("SC102", 3, 41)]
    assert found[0].span is not None and found[0].span.end_col == 43


@pytest.mark.parametrize(
    "description",
    [
        GOOD,
        "Handles file I/O and I-9 forms for US payroll. Use when the user asks about payroll.",
        "Fixes PDFs. Use when the user says 'can you fix my PDF' or \"my form is broken\".",
    ],
)
def test_sc102_passes_third_person_and_quoted_user_words(
    make_skill: MakeSkill, description: str
) -> None:
    assert run("SC102", make_skill, description) == []


# SC103 boilerplate-description ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (
            "Use when working with bashref",
            'description "Use when working with bashref" is a template with no specifics',
        ),
        ("Helps with PDFs.", 'description "Helps with PDFs." is a template with no specifics'),
        (
            "'[TODO: describe what this skill does and when to use it]'",
            'description "[TODO: describe what this skill does and when to…" is a placeholder',
        ),
        ("Demo skill", 'description "Demo skill" only repeats the skill name'),
        (
            "Converts CSV to JSON files.",
            "description is 27 characters, too short to route on (minimum 40)",
        ),
    ],
)
def test_sc103_reports_boilerplate(make_skill: MakeSkill, description: str, message: str) -> None:
    found = run("SC103", make_skill, description)
    assert [d.message for d in found] == [message]
    assert where(found) == [("SC103", 3, 14)]


def test_sc103_passes_a_specific_description(make_skill: MakeSkill) -> None:
    assert run("SC103", make_skill, GOOD) == []
    specific = "Use for converting CSV exports of Stripe payouts to ledgers."
    assert run("SC103", make_skill, specific) == []


# SC104 late-trigger -----------------------------------------------------------------------------


def test_sc104_reports_a_trigger_clause_after_250_characters(make_skill: MakeSkill) -> None:
    features = "Extracts text, tables, images and metadata from PDF files. " * 5
    found = run("SC104", make_skill, features + "Use when the user mentions PDFs.")
    assert [d.message for d in found] == [
        'trigger clause "Use when" starts at character 296 of the description, after the 250 '
        "that clients reliably show"
    ]
    assert where(found) == [("SC104", 3, 14 + 295)]


def test_sc104_passes_a_front_loaded_trigger(make_skill: MakeSkill) -> None:
    details = " It also handles encrypted files, scanned pages and forms." * 6
    assert run("SC104", make_skill, GOOD + details) == []


def test_sc104_locates_the_clause_in_a_folded_block_scalar(make_skill: MakeSkill) -> None:
    lines = "\n".join(["  Extracts text, tables, images and metadata from PDF files."] * 5)
    description = ">\n" + lines + "\n  Use when the user mentions PDFs."
    found = run("SC104", make_skill, description)
    assert where(found) == [("SC104", 9, 3)]


# SC105 similar-descriptions ---------------------------------------------------------------------


def test_sc105_reports_two_near_duplicates_and_not_the_distinct_skill(tmp_path: Path) -> None:
    from tests.lint.conftest import make_skill as write

    descriptions = {
        "pdf-tools": GOOD,
        "pdf-helper": (
            "Extracts tables and text from PDF files, fills in PDF forms and merges PDF "
            "documents. Use when the user mentions PDF forms or extraction."
        ),
        "release-notes": (
            "Drafts release notes from merged pull requests and conventional commits. Use when "
            "preparing a version tag or a changelog entry."
        ),
    }
    packages = [
        read_package(write(tmp_path, {"SKILL.md": skill(text, name)}, name=name), name)
        for name, text in descriptions.items()
    ]
    found = list(RULES["SC105"].check(packages))
    assert [d.message for d in found] == [
        "description of pdf-helper is 0.96 similar to that of pdf-tools (threshold 0.5), so a "
        "router may confuse them",
        "description of pdf-tools is 0.96 similar to that of pdf-helper (threshold 0.5), so a "
        "router may confuse them",
    ]
    assert [d.span.source for d in found if d.span] == ["pdf-helper/SKILL.md", "pdf-tools/SKILL.md"]
    assert where(found) == [("SC105", 3, 14), ("SC105", 3, 14)]
    assert [(span.source, label) for span, label in found[0].related] == [
        ("pdf-tools/SKILL.md", "the description of pdf-tools")
    ]


def test_sc105_ignores_packages_without_a_string_description(tmp_path: Path) -> None:
    from tests.lint.conftest import make_skill as write

    one = write(tmp_path, {"SKILL.md": skill(GOOD, "a")}, name="a")
    two = write(tmp_path, {"SKILL.md": "---\nname: b\ndescription: [x]\n---\n"}, name="b")
    three = write(tmp_path, {}, name="c")
    packages = [read_package(p) for p in (one, two, three)]
    assert list(RULES["SC105"].check(packages)) == []
    assert list(RULES["SC105"].check([])) == []


def test_sc105_reports_each_of_two_identical_skills_once(tmp_path: Path) -> None:
    from tests.lint.conftest import make_skill as write

    one = read_package(write(tmp_path / "x", {"SKILL.md": skill(GOOD, "pdf")}, name="pdf"))
    two = read_package(write(tmp_path / "y", {"SKILL.md": skill(GOOD, "pdf")}, name="pdf"))
    found = list(RULES["SC105"].check([one, two, one]))
    assert len(found) == 2
    assert "is 1.00 similar to that of pdf in " in found[0].message


# Shared -----------------------------------------------------------------------------------------


def test_is_english() -> None:
    assert is_english(GOOD)
    assert not is_english("Extrae texto de archivos PDF, rellena formularios y combina PDFs.")
    assert not is_english("当需要用 @ant-design/x-card 让 AI Agent 动态渲染富交互 UI 时使用")


ODD_FRONT_MATTER = [
    "---\nname: demo\n---\n",
    "---\nname: demo\ndescription:\n---\n",
    "---\nname: demo\ndescription: 42\n---\n",
    "---\nname: demo\ndescription: {a: b}\n---\n",
    "---\nname: [demo\n---\n",
    "no front matter\n",
    "---\nname: demo\ndescription: 'unterminated\n",
]


@pytest.mark.parametrize("text", ODD_FRONT_MATTER)
def test_no_routing_rule_crashes_on_odd_front_matter(make_skill: MakeSkill, text: str) -> None:
    pkg = read_package(make_skill({"SKILL.md": text}))
    for code, info in sorted(RULES.items()):
        if code.startswith("SC1"):
            subject = [pkg, pkg] if info.scope == "tree" else pkg
            assert list(info.check(subject)) == []


CORPORA = sorted({p.parent for p in Path("corpora/skills").rglob("SKILL.md")})


@pytest.mark.skipif(not CORPORA, reason="corpora/skills is not present")
def test_routing_rules_run_over_the_corpora() -> None:
    packages = [read_package(root) for root in CORPORA]
    for code, info in sorted(RULES.items()):
        if code.startswith("SC1"):
            if info.scope == "tree":
                list(info.check(packages))
            else:
                for pkg in packages:
                    list(info.check(pkg))


@pytest.mark.parametrize("code", sorted(c for c in RULES if c.startswith("SC1")))
def test_routing_rule_docs_follow_the_outline(code: str) -> None:
    info = RULES[code]
    headings = [line for line in info.doc.splitlines() if line.startswith("## ")]
    assert headings == ["## What it checks", "## Why it matters", "## Example", "## Fix"]
    assert info.summary.endswith(".") and not info.summary.startswith("#")


@pytest.mark.parametrize("module", ["skillc.lint.rules.routing._description", *routing.MODULES])
def test_routing_doctests(module: str) -> None:
    import doctest

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_similar_descriptions_are_reported_once_per_skill_not_per_pair(
    make_skill: MakeSkill,
) -> None:
    """20 look-alike pages give 20 findings (each naming its closest twin), not 380."""
    packages = []
    for letter in "abcdefghijklmnopqrst":
        name = f"backup-{letter}"  # one-letter words are not terms: the 20 are exact twins
        text = "Copies pages of an SQLite database into a backup database. Use when backing up."
        packages.append(read_package(make_skill({"SKILL.md": skill(text, name)}, name=name), name))
    found = list(RULES["SC105"].check(packages))
    assert len(found) == 20
    assert all("and 18 more" in d.message for d in found)
    assert all(len(d.related) == 5 for d in found)
