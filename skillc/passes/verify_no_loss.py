"""Check that every block, code block and command the frontends read is still emitted.

DESIGN.md: "every actionable item of the input (commands, code blocks, ...) is present in SKILL.md
or a reference file". Transforms may move blocks, rewrite prose or remove a block *with a stated
reason*, but a block that vanishes is a compiler bug. This pass compares the module with the
frontends' output (``ctx.options["baseline"]``, set by the driver) and reports each loss as an
error naming the source span: ``PV010`` code block, ``PV011`` command line, ``PV012`` any other
block, ``PV013`` a split table or list whose parts do not add up. The driver refuses to write a
build with errors. Skills removed on purpose (select-skills) are reported there, not here.

A table or list too big for one reference file is split by progressive-disclosure into parts
with ids ``<id>~1``, ``<id>~2``... (`skillc.compiler.backends.skill_md.part_of`). Such a block
counts as present only when its parts are numbered 1..n in document order, all emitted, of the
same kind, and hold every row of the source block in order: as many rows, each holding the
source row's text, and for tables the header row repeated in every part. "Holding" allows for
rewrite-links, which reduces links to their text and may add a skill name ("text (see the `x`
skill)"): with links reduced to their text, every word of the source row must appear in the
emitted row, in order.

The same check runs once more on the rendered files (`missing_from_files`), because what counts
is what the agent reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from skillc.compiler.backends.skill_md import part_of
from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import Code, ContentBlock, ListBlock, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, transform

#: A Markdown link or image: ``[text](target)``, ``![alt](src)``; reduced to ``text``.
_WORD = re.compile(r"\w+")
_LINK = re.compile(r"!?\[((?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]\([^)]*\)")


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
    parts: dict[str, list[tuple[int, ContentBlock]]] = {}
    for b in after.blocks:
        found = part_of(b.id)
        if found is not None:
            parts.setdefault(found[0], []).append((found[1], b))
    lost: list[Diagnostic] = []
    for block in before.blocks:
        if not _emitted(block):
            continue
        kept = now.get(block.id)
        if kept is None and block.id in parts:
            problem = split_problem(block, parts[block.id])
            if problem:
                message = f"block {block.id} was split, but {problem}"
                lost.append(_lost("PV013", message, block.prov))
        elif kept is None or (not _emitted(kept) and not kept.reason):
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


def split_problem(block: ContentBlock, parts: Sequence[tuple[int, ContentBlock]]) -> str:
    """Why ``parts`` (``(number, block)`` in document order) do not hold all of ``block``, or
    ``""`` when they do (module doc: numbered 1..n, emitted, same kind, every row in order)."""
    numbers = [n for n, _ in parts]
    if numbers != list(range(1, len(parts) + 1)):
        return f"its parts are numbered {numbers}, not 1..{len(parts)} in order"
    blocks = [b for _, b in parts]
    if any(type(b) is not type(block) for b in blocks):
        return "a part is not of the same kind"
    dropped = [n for n, b in parts if not _emitted(b)]
    if dropped:
        return f"part {dropped[0]} is not emitted"
    if isinstance(block, Table):
        tables = [b for b in blocks if isinstance(b, Table)]
        for n, table in enumerate(tables, 1):
            if not table.rows or not _holds_row(block.rows[0], table.rows[0]):
                return f"part {n} does not repeat the header row"
        return _rows_problem(block.rows[1:], [row for t in tables for row in t.rows[1:]])
    if isinstance(block, ListBlock):
        lists = [b for b in blocks if isinstance(b, ListBlock)]
        offset = 0
        for n, part in enumerate(lists, 1):
            if part.ordered != block.ordered or (
                block.ordered and part.start != block.start + offset
            ):
                return f"part {n} does not continue the numbering"
            offset += len(part.items)
        items = [(item,) for part in lists for item in part.items]
        return _rows_problem([(item,) for item in block.items], items)
    return "only tables and lists can be split"


def _rows_problem(source: Sequence[tuple[str, ...]], emitted: Sequence[tuple[str, ...]]) -> str:
    if len(source) != len(emitted):
        return f"its parts hold {len(emitted)} rows, not {len(source)}"
    for n, (row, kept) in enumerate(zip(source, emitted, strict=True), 1):
        if not _holds_row(row, kept):
            return f"row {n} is missing or out of order"
    return ""


def _holds_row(source: tuple[str, ...], emitted: tuple[str, ...]) -> bool:
    """Whether ``emitted`` holds the text of every cell of ``source`` (module doc)."""
    if source == emitted:
        return True
    if len(source) != len(emitted):
        return False
    return all(_words_in(a, b) for a, b in zip(source, emitted, strict=True))


def _words_in(source: str, emitted: str) -> bool:
    """Whether the words of ``source`` appear in ``emitted`` in order (links as their text)."""
    text = _LINK.sub(_link_text, emitted)
    position = 0
    for word in _WORD.findall(_LINK.sub(_link_text, source)):
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def _link_text(match: re.Match[str]) -> str:
    return match.group(1)


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
