"""Descriptions held to the listing budget when ``auto`` folds chapters into parts.

A library of many skills, each with many API-like sections: at part grain (the grain
``auto`` chooses when chapters would not fit) every generated description is held to its
share of the budget and the whole listing fits; at a grain the user chose, descriptions keep
up to 1,024 characters. Either way the "Also:" words are separated by spaces.
"""

from __future__ import annotations

import dataclasses

from skillc.compiler.driver import BuildOptions
from skillc.compiler.grain import listing_tokens
from skillc.ir import Skill, SkillModule
from skillc.ir.nodes import Heading, Prose
from skillc.passes.compress_description import MAX_DESCRIPTION, compress_description
from skillc.passes.listing_budget import allotted, description_budgets, held
from skillc.passes.options import CHAPTER_SECTIONS, LISTING_BUDGET, PassOptions
from skillc.passes.registry import PassContext
from skillc.passes.route_terms import sharpen
from skillc.tokens import count_tokens

#: Made-up module and function names: every word is rare, so each section needs its own.
_SYLLABLES = ("ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vu", "ze", "bo", "da")
#: Part grain, as ``auto`` resolves it for a manual whose chapters would not fit.
PART = PassOptions(name_prefix="acme", group="chapter", chapter_sections=400)


def _word(n: int) -> str:
    """A made-up word per number (no two alike)."""
    letters = []
    while True:
        n, at = divmod(n, len(_SYLLABLES))
        letters.append(_SYLLABLES[at])
        if not n:
            return "".join(letters) + "x"


def _library(skills: int, sections: int) -> SkillModule:
    """``skills`` skills, each a module of ``sections`` function entries."""
    found = []
    for i in range(skills):
        module = _word(1000 + i)
        blocks: list[Heading | Prose] = [Heading(id=f"s{i}.t", level=1, text=f"{module} module")]
        for j in range(sections):
            function = _word(i * sections + j)
            blocks.append(Heading(id=f"s{i}.h{j}", level=2, text=f"{module}.{function}(value)"))
            blocks.append(Prose(id=f"s{i}.p{j}", text=f"Returns the {function} of a value."))
        found.append(
            Skill(
                id=f"s{i}",
                name=f"acme-{module}",
                skill_name=f"{module} module",
                skill_goal=f"Covers the {module} module.",
                triggers=tuple(b.text for b in blocks[1::2]),
                blocks=tuple(blocks),
            )
        )
    return SkillModule(skills=tuple(found))


def _described(module: SkillModule, options: PassOptions) -> SkillModule:
    return compress_description(module, PassContext(options=options))


def test_only_parts_chosen_by_auto_are_held() -> None:
    assert held(PART)
    assert not held(PassOptions(group="chapter", chapter_sections=CHAPTER_SECTIONS))
    assert not held(PassOptions(group="page"))
    assert description_budgets(_library(3, 2).skills, PassOptions()) == [0, 0, 0]


def test_at_part_grain_the_listing_fits_the_budget() -> None:
    module = _library(90, 60)
    free = _described(module, PassOptions(name_prefix="acme", group="chapter"))
    fitted = _described(module, PART)
    assert listing_tokens(free.skills) > LISTING_BUDGET  # without the budget: over it
    assert listing_tokens(fitted.skills) <= LISTING_BUDGET
    for skill in fitted.skills:
        assert 0 < len(skill.description) <= MAX_DESCRIPTION
        assert f"Covers the {skill.skill_name}." in skill.description
    # the budget left after every "what it covers" went to words of the skills' sections
    assert sum(" Also: " in s.description for s in fitted.skills) > 10


def test_the_builds_listing_budget_is_the_one_descriptions_are_held_to() -> None:
    """``--listing-budget`` reaches the pass: a smaller budget than the default gives shorter
    descriptions that fit it, where the default's listing would not."""
    module = _library(30, 60)
    small = dataclasses.replace(PART, listing_budget=LISTING_BUDGET // 2)
    fitted = _described(module, small)
    assert listing_tokens(_described(module, PART).skills) > small.listing_budget
    assert listing_tokens(fitted.skills) <= small.listing_budget
    assert BuildOptions(group="page", listing_budget=3000).pass_options().listing_budget == 3000


def test_also_words_are_separated_by_spaces() -> None:
    module = _described(_library(6, 30), PassOptions(name_prefix="acme"))
    texts = [s.description for s in module.skills]
    also = [text.split(" Also: ", 1)[1] for text in texts if " Also: " in text]
    assert also and all("," not in words and len(words.split()) > 1 for words in also)


def test_what_the_budget_leaves_goes_to_the_skills_with_most_sections() -> None:
    module = _library(40, 5)
    small, large = module.skills[0], module.skills[1]
    large = Skill(id=large.id, name=large.name, blocks=large.blocks * 4)
    skills = (small, large, *module.skills[2:])
    written = ["Covers a module."] * len(skills)
    sections = [[f"s{i}"] * (20 if i == 1 else 5) for i in range(len(skills))]
    limits = allotted(skills, written, sections, PART, [True] * len(skills))
    assert limits[1] > limits[0] > count_tokens(written[0])
    assert limits[2:] == [limits[0]] * (len(skills) - 2)


def test_sharpen_keeps_each_description_within_its_token_limit() -> None:
    names = [f"acme-{_word(i)}" for i in range(8)]
    texts = [f"Covers {_word(i)}." for i in range(8)]
    shared = [f"{_word(500 + j)} {_word(900 + j)}" for j in range(40)]  # words no text has
    sections = [shared] * len(names)
    limits = [count_tokens(t) + 12 for t in texts]
    out = sharpen(names, texts, sections, [True] * len(names), limits)
    assert any(" Also: " in text for text in out)
    assert all(count_tokens(t) <= n for t, n in zip(out, limits, strict=True))
    unlimited = sharpen(names, texts, sections, [True] * len(names))
    assert max(map(count_tokens, unlimited)) > max(limits)
