"""Hold a library's generated descriptions to its listing budget, and spend that budget where
sections need words to route.

Why: clients list every skill's name and description in about 1% of the context window (the
listing budget, ``--listing-budget``, 8,000 tokens by default); past it, descriptions are cut or
skills left out of what an agent sees. Before this, each description took up to the spec's
1,024 characters whatever the library's size: python-doc's 102 skills listed 14,554 tokens.
Now each generated description first gets an equal share of the budget (its "Also:" words cut
to fit), then route-terms adds the words its failing sections need within a limit that gives
what the budget leaves in proportion to each skill's sections, in rounds, until the budget is
spent or no word helps. A small library's share is more than 1,024 characters take, so its
descriptions are what they were.

Only a build whose grain was chosen to fit the budget is held to it: ``--group auto`` folding
chapters into parts (`skillc.passes.group_level`), the one case where ``chapter_sections`` is
above the chapter's. A grain the user chose keeps descriptions of up to 1,024 characters, and
the build warns when their listing is over the budget (SK024): python-doc at chapter grain
(161 skills) held to 8,000 tokens routed 0.63 of its sections within three answers, not 0.93.

The budget is the build's ``--listing-budget`` (``options.listing_budget``), the one that
chose the grain.

Deterministic: shares and limits are integer arithmetic over the skills in module order.
"""

from __future__ import annotations

from collections.abc import Sequence

from skillc.ir.nodes import Skill
from skillc.passes.memo import Memo, memoized_map
from skillc.passes.options import CHAPTER_SECTIONS, PassOptions, index_wanted
from skillc.passes.route_terms import sharpen, split_headings
from skillc.tokens import count_tokens

#: The fewest tokens a description's share of the listing budget is taken to be: what a
#: "what it covers" sentence and a "use when" of a few headings take (a library of hundreds of
#: skills is over its budget whatever its descriptions say; SK024 tells).
MIN_DESCRIPTION_TOKENS = 40


def held(options: PassOptions) -> bool:
    """Whether the build's descriptions are held to its listing budget: when ``auto`` chose
    parts (chapters of more sections than `CHAPTER_SECTIONS`) because chapters would not fit."""
    return options.group == "chapter" and options.chapter_sections > CHAPTER_SECTIONS


def description_budgets(skills: Sequence[Skill], options: PassOptions) -> list[int]:
    """The cl100k tokens each skill's generated description may take at first (0: no limit,
    when not `held`): an equal share
    of the library's listing budget (``options.listing_budget``: every skill's ``- name:
    description`` line, the index skill library-index adds included), less its name's line.

    Why a share: clients show the listing in about 1% of the context window, so a library's
    descriptions together must fit it. A small library's share is above what 1,024 characters
    take, so only large ones are held to it. What the shares leave unused goes to the skills
    with the most sections to route (`allotted`).
    """
    if not held(options):
        return [0] * len(skills)
    share = options.listing_budget // max(_listed(skills, options), 1)
    return [max(MIN_DESCRIPTION_TOKENS, share - _line_tokens(s.name, "")) for s in skills]


def within_budget(
    skills: Sequence[Skill],
    written: list[str],
    sections: Sequence[Sequence[str]],
    options: PassOptions,
    memo: Memo | None = None,
) -> list[str]:
    """``written`` with the words route-terms adds, within the listing budget: each round
    gives what the budget leaves to the skills that used all they were given (the others
    stopped because no word routes their sections better), until it is spent or no skill
    changes.

    Kept in ``memo`` (the build cache's, when there is one) under everything it reads: the
    skills' names and whether each has a description of its own, ``written``, ``sections``
    and ``options``. Why: routing the library's headings is most of compress-description
    (python-doc: ~2 s of serial work), and after a one-page edit that changes no heading and
    no written description the next build asks the same question."""
    names = [(s.name, not s.description) for s in skills]
    (texts,) = memoized_map(
        memo,
        lambda todo: [_within_budget(skills, written, sections, options) for _ in todo],
        [("within-budget/1", names, written, sections, options)],
        key=lambda asked: asked,
        valid=lambda found, _: _are_texts(found, len(skills)),
    )
    return texts


def _are_texts(found: object, count: int) -> bool:
    return isinstance(found, list) and len(found) == count and all(map(_is_text, found))


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _within_budget(
    skills: Sequence[Skill],
    written: list[str],
    sections: Sequence[Sequence[str]],
    options: PassOptions,
) -> list[str]:
    names = [s.name for s in skills]
    editable = [not s.description for s in skills]
    if not held(options):
        return sharpen(names, written, sections, editable)
    texts = written
    wanting = editable
    split = split_headings(sections, editable)
    for _ in range(REFILLS):
        limits = allotted(skills, texts, sections, options, wanting)
        longer = sharpen(names, texts, sections, editable, limits, split)
        wanting = [
            changed != text and count_tokens(changed) > limit - FULL
            for changed, text, limit in zip(longer, texts, limits, strict=True)
        ]
        texts = longer
        if not any(wanting):
            break
    return texts


#: Rounds of `within_budget`: python-doc's budget is spent after three.
REFILLS = 3
#: Tokens left under its limit at which a description has used all it was given (a word of
#: an "Also:" list takes one to four).
FULL = 6


def allotted(
    skills: Sequence[Skill],
    written: Sequence[str],
    sections: Sequence[Sequence[str]],
    options: PassOptions,
    wanting: Sequence[bool],
) -> list[int]:
    """The tokens each description may grow to while route-terms adds the words its sections
    need: its written length, plus a part of what the listing budget leaves (after every
    written line and the index skill's share) in proportion to its sections. Measured on
    python-doc (102 skills at part grain): an equal share routes 0.80 of the sections within
    three answers, one in proportion to sections 0.83 (a skill of 700 API entries needs more
    words than a glossary)."""
    listed = _listed(skills, options)
    index = (listed - len(skills)) * (options.listing_budget // max(listed, 1))
    used = sum(_line_tokens(s.name, text) for s, text in zip(skills, written, strict=True))
    room = options.listing_budget - index - used
    own = [count_tokens(text) for text in written]
    weights = [len(found) if want else 0 for want, found in zip(wanting, sections, strict=True)]
    total = sum(weights)
    if room <= 0 or not total:
        return own
    return [n + room * w // total for n, w in zip(own, weights, strict=True)]


def _listed(skills: Sequence[Skill], options: PassOptions) -> int:
    """How many skills the listing will show: these, and library-index's when it adds one."""
    return len(skills) + index_wanted(len(skills), options.index)


def _line_tokens(name: str, text: str) -> int:
    """The tokens of a skill's line in the listing (``- name: description``)."""
    return count_tokens(f"- {name}: {text}\n")
