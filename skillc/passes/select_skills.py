"""Keep only task-oriented skills: pages with at least one grounded logic step.

DESIGN.md: "task-oriented sections become skills". A page with no step (a changelog, a licence,
a table of contents, a page of rationale) has nothing for an agent to do; emitting it as a skill
would only crowd the catalogue every agent loads at start-up (about 100 tokens per skill). Such
pages are not dropped silently: each is recorded as a `SkippedPage` (``ctx.skip``), which
reports it as an INFO diagnostic naming the source and the reason (SK041); the build manifest
lists them.

Release notes are skipped too, steps or not: "Fix a crash in ..." reads as an instruction, but a
changelog says what changed in a version, not how to do a task, and a documentation tree can hold
hundreds of them (sqlite ships one page per release: 180 of its 412 otherwise emitted skills).
They are recognised by their title (`RELEASE_NOTES`), never by their folder.
"""

from __future__ import annotations

import re
from dataclasses import replace

from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.registry import PassContext, transform
from skillc.passes.skipped import NO_PROCEDURE, SkippedPage

SKIP_CODE = NO_PROCEDURE
#: Titles of release notes: "Changelog", "Release History", "What's New in 3.11",
#: "SQLite Release 3.40.1 On 2022-12-28", "Version 8.2.0", "Recent News".
RELEASE_NOTES = re.compile(
    r"^\W*(change ?log|changes|release notes|release history|history of changes|(recent )?news"
    r"|what['’]?s new\b.*|version \d+(\.\d+)+\b.*)\W*$"
    r"|\brelease \d+(\.\d+)+\b",
    re.IGNORECASE,
)


@transform("select-skills", idempotent=True)
def select_skills(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Drop skills without logic steps, reporting each with its reason."""
    kept = []
    for skill in module.skills:
        reason = skip_reason(skill)
        if not reason:
            kept.append(skill)
            continue
        span = skill.prov[0] if skill.prov else None
        path = span.source if span is not None else ""
        title = skill.skill_name or skill.id
        ctx.skip(SkippedPage(path=path, title=title, reason=reason, code=SKIP_CODE, span=span))
    return replace(module, skills=tuple(kept))


def skip_reason(skill: Skill) -> str:
    """Why ``skill`` is not emitted, or ``""`` when it is."""
    if RELEASE_NOTES.search(skill.skill_name.strip()):
        return "release notes, not a procedure"
    if not is_task_oriented(skill):
        return "no procedural content (no steps)"
    return ""


def is_task_oriented(skill: Skill) -> bool:
    """A skill is task-oriented when the frontend found at least one step in it."""
    return bool(skill.logic_steps)
