"""Keep only task-oriented skills: pages with at least one grounded logic step.

DESIGN.md: "task-oriented sections become skills". A page with no step (a changelog, a licence,
a table of contents, a page of rationale) has nothing for an agent to do; emitting it as a skill
would only crowd the catalogue every agent loads at start-up (about 100 tokens per skill). Such
pages are not dropped silently: each is reported as an INFO diagnostic naming the source and the
reason, and the build manifest lists them.
"""

from __future__ import annotations

from dataclasses import replace

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Skill, SkillModule
from skillc.passes.registry import PassContext, transform

SKIP_CODE = "SK041"


@transform("select-skills", idempotent=True)
def select_skills(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Drop skills without logic steps, reporting each with its reason."""
    kept = []
    for skill in module.skills:
        if is_task_oriented(skill):
            kept.append(skill)
            continue
        span = skill.prov[0] if skill.prov else None
        message = f"skipped {skill.skill_name or skill.id!r}: no procedural content (no steps)"
        ctx.report(Diagnostic(code=SKIP_CODE, message=message, severity=Severity.INFO, span=span))
    return replace(module, skills=tuple(kept))


def is_task_oriented(skill: Skill) -> bool:
    """A skill is task-oriented when the frontend found at least one step in it."""
    return bool(skill.logic_steps)
