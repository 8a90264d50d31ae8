"""The grain of a build (``--group``) resolved before the passes run, and the listing it made.

Why here and not in group-pages: ``auto`` (the default) decides between page, chapter and
part grain from what the build read, and that choice also sets budgets later passes read
(progressive disclosure cuts grouped skills' pages into smaller parts). Resolving it once,
into the concrete level the passes already understand, keeps every pass a function of its
options, and lets the lock record the level the build really used. The listing (every
skill's name and description, as clients list them) is then measured on what was emitted,
reported in the summary and checked against the budget (SK024).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.group_level import choose_grain

if TYPE_CHECKING:
    from skillc.compiler.driver import BuildOptions

#: The level a resolved build reports when its options were explicit.
AUTO = "auto"


def with_grain(options: BuildOptions, module: SkillModule) -> tuple[BuildOptions, str]:
    """``options`` with ``group`` resolved when it is ``auto``, and the level's name
    (``page``, ``chapter``, ``part`` or ``manual``). A pipeline without group-pages (``-O0``,
    ``--disable group-pages``) is at page grain."""
    if options.group != AUTO:
        return options, options.group
    from skillc.passes import load
    from skillc.passes.manager import plan

    load(options.pipeline)
    planned = {step.name for step in plan(options.pipeline, disable=options.disable)}
    if "group-pages" not in planned:
        return replace(options, group="page"), "page"
    grain = choose_grain(module, options.listing_budget)
    group = "chapter" if grain.level == "part" else grain.level
    return replace(options, group=group, chapter_sections=grain.sections), grain.level


def listing_tokens(skills: Sequence[Skill]) -> int:
    """The tokens of the listing an agent is shown: one ``- name: description`` line per
    skill (cl100k), as tools/bench_routing.py counts it."""
    from skillc.tokens import count_tokens

    return count_tokens("\n".join(f"- {s.name}: {s.description}" for s in skills))


def over_budget(tokens: int, skills: int, level: str, budget: int) -> list[Diagnostic]:
    """SK024 when the listing is larger than the budget: most of it would not be shown."""
    if tokens <= budget:
        return []
    hint = "--group auto or chapter" if level == "page" else "the library split in several"
    message = (
        f"the skill listing takes {tokens} tokens ({skills} skills at {level} grain), over "
        f"the listing budget of {budget}: clients show about 1% of the context window; "
        f"build with {hint}"
    )
    return [Diagnostic(code="SK024", message=message, severity=Severity.WARNING)]
