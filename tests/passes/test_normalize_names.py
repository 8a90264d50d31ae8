"""normalize-names: spec-valid, reserved-word-free, unique package names."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.ir import Skill, SkillModule
from skillc.ir.span import Span
from skillc.passes.normalize_names import (
    MAX_NAME,
    NAME_RE,
    RESERVED_WORDS,
    name_words,
    normalize_names,
    package_name,
    truncate_name,
)
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext


def names_of(*skills: Skill, options: Mapping[str, Any] | None = None) -> list[str]:
    ctx = PassContext(options=PassOptions(**(options or {})))
    module = normalize_names(SkillModule(skills=skills), ctx)
    return [s.name for s in module.skills]


def titled(*titles: str) -> tuple[Skill, ...]:
    return tuple(Skill(id=f"k{i}", skill_name=t) for i, t in enumerate(titles))


def assert_valid(name: str) -> None:
    assert NAME_RE.fullmatch(name), name
    assert len(name) <= MAX_NAME
    assert not any(word in name for word in RESERVED_WORDS)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Options", "options"),
        ("Commands and Groups", "commands-and-groups"),
        ("  Parameter   Types!  ", "parameter-types"),
        ("Ünïcode Support", "unicode-support"),
        ("Straße, Ærø & Łódź", "strasse-aero-lodz"),
        ("setuptools_integration", "setuptools-integration"),
        ("--weird--name--", "weird-name"),
        ("Python 3.11 (and later)", "python-3-11-and-later"),
    ],
)
def test_titles_become_valid_names(title: str, expected: str) -> None:
    assert names_of(*titled(title)) == [expected]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Claude API", "api"),
        ("Using Anthropic's Claude with Click", "using-s-with-click"),
        ("CLAUDE", "skill"),
        ("claudeclaude-anthropic", "skill"),
        ("clclaudeaude", "cl-aude"),
    ],
)
def test_reserved_words_are_dropped(title: str, expected: str) -> None:
    [name] = names_of(*titled(title))
    assert name == expected
    assert_valid(name)


def test_name_comes_from_name_then_title_then_id() -> None:
    skills = (
        Skill(id="x1", name="Given Name", skill_name="Title"),
        Skill(id="x2", skill_name="Title Only"),
        Skill(id="From_Id"),
    )
    assert names_of(*skills) == ["given-name", "title-only", "from-id"]


def test_nothing_usable_falls_back_to_skill() -> None:
    assert names_of(*titled("日本語")) == ["skill"]
    assert names_of(Skill(id="")) == ["skill"]


def test_skill_name_is_stripped() -> None:
    module = normalize_names(SkillModule(skills=titled("  Options \n")), PassContext())
    assert module.skills[0].skill_name == "Options"


def test_collisions_get_numbered_in_module_order() -> None:
    skills = (*titled("Intro", "intro", "INTRO!"), Skill(id="later", skill_name="intro-2"))
    assert names_of(*skills) == ["intro", "intro-2", "intro-3", "intro-2-2"]


def test_prefix_is_added_once() -> None:
    skills = titled("Options", "acme tools options", "Acme Tools")
    prefix = {"name_prefix": "Acme Tools"}
    assert names_of(*skills, options=prefix) == [
        "acme-tools-options",
        "acme-tools-options-2",
        "acme-tools",
    ]


def test_prefix_is_not_a_partial_word_match() -> None:
    assert names_of(*titled("acmeish"), options={"name_prefix": "acme"}) == ["acme-acmeish"]


def test_empty_or_reserved_prefix_is_ignored() -> None:
    assert names_of(*titled("Options"), options={"name_prefix": ""}) == ["options"]
    assert names_of(*titled("Options"), options={"name_prefix": "Claude"}) == ["options"]


def test_long_names_are_cut_at_a_hyphen() -> None:
    title = " ".join(["segment"] * 12)  # 95 characters
    [name] = names_of(*titled(title))
    assert name == "-".join(["segment"] * 8)  # 63 characters: the 9th would make 71
    assert_valid(name)


def test_one_long_word_is_cut_hard() -> None:
    [name] = names_of(*titled("x" * 100))
    assert name == "x" * MAX_NAME


def test_collision_suffix_stays_within_the_limit() -> None:
    names = names_of(*titled("y" * 80, "y" * 70, "a-" + "b" * 70, "c-" * 40))
    assert names == ["y" * 64, "y" * 62 + "-2", "a-" + "b" * 62, "-".join(["c"] * 32)]
    for name in names:
        assert_valid(name)


def test_long_prefix_is_capped_so_the_name_keeps_its_words() -> None:
    [name] = names_of(*titled("Options"), options={"name_prefix": "p" * 50})
    assert name == "p" * 32 + "-options"


def test_idempotent_with_prefix_and_collisions() -> None:
    skills = titled("Options", "Options", "a " * 40, "Claude Code", "日本")
    ctx = PassContext(options=PassOptions(name_prefix="Acme"))
    once = normalize_names(SkillModule(skills=skills), ctx)
    assert normalize_names(once, ctx) == once


def test_truncate_name_prefers_a_hyphen_in_the_second_half() -> None:
    assert truncate_name("abc-def", 7) == "abc-def"
    assert truncate_name("abc-def", 4) == "abc"
    assert truncate_name("ab-cdefgh", 6) == "ab-cde"


def test_package_name_with_prefix_equal_to_name() -> None:
    assert package_name("acme", "acme") == "acme"


@given(st.text())
def test_any_title_gives_a_valid_name(title: str) -> None:
    assert_valid(package_name(title, name_words("pre")))
    assert_valid(package_name(title))


@given(st.lists(st.text(max_size=80), max_size=6), st.sampled_from(["", "acme", "Big Co"]))
def test_any_module_gets_unique_valid_names_and_is_stable(titles: list[str], prefix: str) -> None:
    ctx = PassContext(options=PassOptions(name_prefix=prefix))
    once = normalize_names(SkillModule(skills=titled(*titles)), ctx)
    names = [s.name for s in once.skills]
    assert len(set(names)) == len(names)
    for name in names:
        assert_valid(name)
    assert normalize_names(once, ctx) == once


def _chapters(source: str, *names: str) -> tuple[Skill, ...]:
    """Skills of one PDF's chapters, named as the PDF frontend names them (document + chapter)."""
    return tuple(
        Skill(id=f"{source}{i}", name=n, prov=(_span(f"{source}#p{i}"),))
        for i, n in enumerate(names)
    )


def test_words_spelling_the_prefix_that_every_chapter_opens_with_are_dropped() -> None:
    """The Auto Multiple Choice manual (Debian's auto-multiple-choice-doc-pdf) names its
    chapters ``auto-multiple-choice-*``; built with ``--name-prefix amc`` they were
    ``amc-auto-multiple-choice-prerequisites``, the library said twice."""
    amc = _chapters(
        "amc.pdf",
        "auto-multiple-choice-prerequisites",
        "auto-multiple-choice-amc-txt-syntax",
        "auto-multiple-choice-usage-notes",
    )
    assert names_of(*amc, options={"name_prefix": "amc"}) == [
        "amc-prerequisites",
        "amc-txt-syntax",
        "amc-usage-notes",
    ]
    joined = _chapters("d.pdf", "docbook-xsl-parameters", "docbook-xsl-templates")
    assert names_of(*joined, options={"name_prefix": "docbookxsl"}) == [
        "docbookxsl-parameters",
        "docbookxsl-templates",
    ]


def test_one_chapter_spelling_the_prefix_keeps_its_words() -> None:
    """Only words every skill of the source opens with are the document's name: a single
    chapter whose title happens to spell the prefix ("Getting Into Trouble" for git) is kept."""
    pages = _chapters("g.pdf", "getting-into-trouble", "branches")
    assert names_of(*pages, options={"name_prefix": "git"}) == [
        "git-getting-into-trouble",
        "git-branches",
    ]


def _span(source: str) -> Span:
    return Span(source=source, line=1, col=1, end_line=1, end_col=2, start=0, end=1)


def test_front_pages_are_named_after_their_project_or_folder(tmp_path: Path) -> None:
    """Debian's python-bs4-doc is one page, ``html/index.html``: its skill was
    ``beautiful-soup-index``; python-doc listed ``distributing-index`` and ``install-index``
    (``distributing/index.html``). The manual's front page takes the project's name, a
    folder's front page its folder's."""
    html = tmp_path / "html"
    pages = {
        "index.html": "Beautiful Soup Documentation",
        "install/index.html": "Installing Beautiful Soup",
        "install/pip.html": "Installing with pip",
    }
    for path, title in pages.items():
        (html / path).parent.mkdir(parents=True, exist_ok=True)
        body = f"<h1>{title}</h1><p>How {title.lower()} works, step by step, in order.</p>"
        (html / path).write_text(f"<html><head><title>{title}</title></head><body>{body}</body>")
    module, _ = read_sources(collect([str(tmp_path)]))
    options = BuildOptions(group="page", index="never", name_prefix="beautiful-soup")
    final, _, _ = compile_module(module, options)
    names = {s.prov[0].source: s.name for s in final.skills}
    assert names == {
        "html/index.html": "beautiful-soup",
        "html/install/index.html": "beautiful-soup-install",
        "html/install/pip.html": "beautiful-soup-install-pip",
    }
