"""Check that every block, code block and command the frontends read is still emitted.

DESIGN.md: "every actionable item of the input (commands, code blocks, ...) is present in SKILL.md
or a reference file". Transforms may move blocks, rewrite prose or remove a block *with a stated
reason*, but a block that vanishes is a compiler bug. This pass compares the module with the
frontends' output (``ctx.options["baseline"]``, set by the driver) and reports each loss as an
error naming the source span: ``PV010`` code block, ``PV011`` command line, ``PV012`` any other
block. The driver refuses to write a build with errors. Skills removed on purpose
(select-skills) are reported there, not here.

The same check runs once more on the rendered files (`missing_from_files`), because what counts
is what the agent reads.
"""

from __future__ import annotations

from collections.abc import Mapping

from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import Code, ContentBlock, Skill, SkillModule
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, transform


@transform("verify-no-loss", preserves=("*",), idempotent=True)
def verify_no_loss(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Report every baseline code block or command that no emitted block still carries."""
    baseline = ctx.options.get("baseline")
    if not isinstance(baseline, SkillModule):
        return module
    before = {s.id: s for s in baseline.skills}
    for skill in module.skills:
        if skill.id in before:
            for diagnostic in lost_items(before[skill.id], skill):
                ctx.report(diagnostic)
    return module


def lost_items(before: Skill, after: Skill) -> list[Diagnostic]:
    """Diagnostics for blocks, code and commands of ``before`` that ``after`` no longer emits.

    Blocks are matched by id (passes keep ids): a block may move to a reference file, or be
    removed with a stated ``reason``, but never vanish. Code must keep its exact text, and every
    command line read from a code block must still be in an emitted code block.
    """
    now = {b.id: b for b in after.blocks}
    lost: list[Diagnostic] = []
    for block in before.blocks:
        if not _emitted(block):
            continue
        kept = now.get(block.id)
        if kept is None or (not _emitted(kept) and not kept.reason):
            lost.append(_lost("PV012", f"block {block.id} was dropped", block.prov))
        elif isinstance(block, Code) and (not isinstance(kept, Code) or kept.text != block.text):
            lost.append(_lost("PV010", f"code block {block.id} was changed or lost", block.prov))
    code_before = [b.text for b in before.blocks if isinstance(b, Code) and _emitted(b)]
    code_after = "\n".join(b.text for b in after.blocks if isinstance(b, Code) and _emitted(b))
    for step in before.logic_steps:
        command = step.text
        if command and any(command in text for text in code_before) and command not in code_after:
            lost.append(_lost("PV011", f"command {command!r} was lost", step.prov))
    return lost


def missing_from_files(skill: Skill, files: Mapping[str, str]) -> list[Diagnostic]:
    """Code blocks of ``skill`` whose lines do not all appear in one of the rendered ``files``."""
    missing = []
    for block in skill.blocks:
        if isinstance(block, Code) and _emitted(block):
            body = block.text.rstrip("\n")
            if not any(body in text for text in files.values()):
                message = f"code block {block.id} is not in the package"
                missing.append(_lost("PV010", message, block.prov))
    return missing


def _emitted(block: ContentBlock) -> bool:
    return block.placement is not Placement.REMOVED


def _lost(code: str, message: str, prov: tuple[Span, ...]) -> Diagnostic:
    return Diagnostic(code=code, message=message, span=prov[0] if prov else None)
