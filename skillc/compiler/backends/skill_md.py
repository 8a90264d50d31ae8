"""The SKILL.md backend: compiled skills become Agent Skills packages, as files to write.

A skill is emitted as a package (`skillc.package.emit`: front matter, then the body and
reference files as `skillc.ir.layout` lays them out); the check-only passes lint the same
package model before the build writes it, and an `Emitter` shared with them renders each skill
once. The files are checked once more for lost code blocks (verify-no-loss on what is written).
"""

from __future__ import annotations

from collections.abc import Sequence

from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import Skill
from skillc.package.emit import EmittedSkill, Emitter, emit_skill

__all__ = ["EmittedSkill", "package_files", "render_skill"]


def render_skill(skill: Skill) -> EmittedSkill:
    """Render ``skill`` as SKILL.md plus its reference files."""
    return emit_skill(skill)


def package_files(
    skills: Sequence[Skill], emitter: Emitter | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every package's files under ``<name>/``, checked for lost code blocks; ``emitter`` (the
    passes') reuses what the checks already rendered."""
    from skillc.passes.verify_no_loss import missing_from_files

    emitter = emitter or Emitter()
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    for skill in skills:
        rendered = emitter.files(skill)
        problems.extend(missing_from_files(skill, dict(rendered)))
        for relative, text in rendered:
            files[f"{skill.name}/{relative}"] = text.encode("utf-8")
    return files, problems
