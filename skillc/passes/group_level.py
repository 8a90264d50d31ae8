"""The grain a build gets when it is not told one (``group = "auto"``, the default).

Why: clients list every skill's name and description in about 1% of the context window
(Claude Code; Codex: 2% or 8,000 characters), so a manual compiled page by page (python-doc:
447 skills, a 40,000-token listing) is mostly cut from the listing no agent sees whole. Yet
the coarsest grain fails the other way: one skill for python-doc is a table of contents of
33,000 tokens to read before any section. Measured on the ten demo guide libraries
(``tools/bench_routing.py --levels page,chapter,manual``), chapter grain is the only level
that keeps hit@3 >= 0.9 and the median tokens to reach a section under 3,000 on all of them
(page grain: reach 3,100-6,100 on six, hit@3 0.715 on sqlite; manual: reach 19,000-33,000 on
the two large manuals). So ``auto`` folds a manual's pages into chapters, then, while the
listing those chapters would take is over the listing budget, into larger chapters
(`PART_SECTIONS`: the "part" grain) as far as a description can still route to their
sections, never into one skill. A build with no manual pages (a repository, tickets, skill
packages) or one page stays at page grain, so its outputs are what they were.

The listing is estimated before the descriptions exist, from the number of skills:
`LISTED_SKILL_TOKENS` each. compress-description holds a library's descriptions to the budget
(each to its share, the rest to the skills with most sections to route), so the estimate
is not what the listing will take but what it needs: a grain whose skills get less than that
share each lists descriptions too short to route their sections. The build reports the
listing it really emitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.group_pages import chapters, is_page
from skillc.passes.manual_tree import MAX_CHAPTER_SECTIONS
from skillc.passes.options import LISTING_BUDGET

#: The listing tokens one grouped skill needs ("- name: description", cl100k) for its
#: sections to route: python-doc at 400 sections a part lists 69 skills in 7,950 tokens,
#: 115 each, and routes 0.91 of its sections within three answers.
LISTED_SKILL_TOKENS = 115
#: The section limits of a chapter ``auto`` tries, finest first: chapter grain, then parts.
#: Beyond the last, a description (1,024 characters) names too few of a skill's headings to
#: route to them. Measured on python-doc with descriptions held to the 8,000-token budget
#: (tools/bench_routing.py, skills / listing tokens / hit@3 / median reach to a section):
#: 200: 102 / 7,983 / 0.851 / 1,912; 300: 74 / 7,969 / 0.903 / 2,103;
#: 400: 69 / 7,947 / 0.907 / 2,154; 600: 56 / 6,795 / 0.872 / 2,289 (a description of a
#: part this large is at the 1,024 characters and routes less). Fewer, larger skills route
#: better in one budget: each listed name and "what it covers" costs tokens every skill pays.
PART_SECTIONS: tuple[int, ...] = (MAX_CHAPTER_SECTIONS, 150, 200, 300, 400)


@dataclass(frozen=True, slots=True)
class Grain:
    """The level chosen: its name (``page``, ``chapter``, ``part``), how many skills the
    manual's pages make at it, and the listing they are estimated to take (tokens)."""

    level: str
    skills: int
    estimate: int
    sections: int = MAX_CHAPTER_SECTIONS


def choose_grain(module: SkillModule, budget: int = LISTING_BUDGET) -> Grain:
    """The finest grain whose listing fits ``budget`` (see the module docstring)."""
    kinds = {source.id: source.media_type for source in module.sources}
    pages = [s for s in module.skills if is_page(s, kinds)]
    others = len(module.skills) - len(pages)
    if len(pages) < 2:
        return Grain("page", len(module.skills), listing_estimate(len(module.skills)))
    grain = Grain("page", 0, 0)
    for sections in PART_SECTIONS:
        count = others + _chapter_count(pages, module, sections)
        level = "chapter" if sections == MAX_CHAPTER_SECTIONS else "part"
        grain = Grain(level, count, listing_estimate(count), sections)
        if grain.estimate <= budget:
            break
    return grain


def listing_estimate(skills: int) -> int:
    """Listing tokens of ``skills`` skills, plus the index skill that routes to them."""
    return (skills + (skills >= 5)) * LISTED_SKILL_TOKENS


def _chapter_count(pages: Sequence[Skill], module: SkillModule, sections: int) -> int:
    return len(chapters(pages, module.sources, sections))
