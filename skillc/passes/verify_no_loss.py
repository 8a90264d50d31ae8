"""Check that every code block and command the frontends read is still emitted.

DESIGN.md: "every actionable item of the input (commands, code blocks, ...) is present in SKILL.md
or a reference file". Transforms may move blocks and rewrite prose, but a code block or a command
step that disappears is a compiler bug, so this pass compares the module against the frontends'
output (``ctx.options["baseline"]``, set by the driver) and reports each loss as an error
(``PV010`` code block, ``PV011`` command) naming the source span. The driver refuses to write a
build with errors. Skills removed on purpose (select-skills) are reported there, not here.

The same check runs once more on the rendered files (`missing_from_files`), because what counts
is what the agent reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.ir.vocab import ActType, Placement
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
    """Diagnostics for code blocks and command steps of ``before`` missing from ``after``."""
    kept_code = {b.text for b in after.blocks if isinstance(b, Code) and _emitted(b)}
    kept_text = "\n".join(emitted_texts(after.blocks))
    lost: list[Diagnostic] = []
    for block in before.blocks:
        if isinstance(block, Code) and _emitted(block) and block.text not in kept_code:
            lost.append(_lost("PV010", f"code block {block.id} was lost", block.prov))
    for step in before.logic_steps:
        if step.act_type is ActType.CALL_TOOL and step.text and step.text not in kept_text:
            lost.append(_lost("PV011", f"command {step.text!r} was lost", step.prov))
    return lost


def emitted_texts(blocks: Iterable[ContentBlock]) -> Iterable[str]:
    """The text of every block the backend will write, code included."""
    for block in blocks:
        if not _emitted(block):
            continue
        if isinstance(block, Code | Prose | Heading):
            yield block.text
        elif isinstance(block, ListBlock):
            yield from block.items
        elif isinstance(block, Table):
            yield from (cell for row in block.rows for cell in row)


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
