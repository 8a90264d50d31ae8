"""Check that every block, code block and command the frontends read is still emitted.

DESIGN.md: "every actionable item of the input (commands, code blocks, ...) is present in SKILL.md
or a reference file". Transforms may move blocks, rewrite prose or remove a block *with a stated
reason*, but a block that vanishes is a compiler bug. This pass compares the module with the
frontends' output (``ctx.baseline``, set by the driver) and reports each loss as an
error naming the source span: ``PV010`` code block, ``PV011`` command line, ``PV012`` any other
block, ``PV013`` a split table or list whose parts do not add up. The driver refuses to write a
build with errors. Skills removed on purpose (select-skills) are reported there, not here.

A table or list too big for one reference file is split by progressive-disclosure into parts
with ids ``<id>~1``, ``<id>~2``... (`skillc.ir.layout.part_of`). Such a block
counts as present only when its parts are numbered 1..n in document order, all emitted, of the
same kind, and hold every row of the source block in order: as many rows, each holding the
source row's text, and for tables the header row repeated in every part. "Holding" allows for
rewrite-links, which reduces links to their text and may add a skill name ("text (see the `x`
skill)"): with links reduced to their text, every word of the source row must appear in the
emitted row, in order.

The same check runs once more on the rendered files (`missing_from_files`), because what counts
is what the agent reads.

The frontends' output is itself checked against the sources (`verify_source`): with
``ctx.inventories`` (source id -> what a bare parse of the source found), a code
block of a source missing from what its frontend read is ``PV014`` (error), words missing
beyond a small tolerance ``PV015`` (warning).

Cost: linear in the blocks (dicts and sets; a command is looked up in the code block it was
read from, found by its span, and only searched for in all the code when that block changed;
a code block in the rendered file its placement names, by its first line) -- a 16,000-section
page used to spend most of a minute here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial

from skillc.diagnostics import Diagnostic
from skillc.ir.inline import link_texts
from skillc.ir.layout import part_of
from skillc.ir.nodes import Code, ContentBlock, ListBlock, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, check
from skillc.passes.verify_baseline import Baseline, SkillDigest, digest, emitted
from skillc.passes.verify_source import SOURCE_CHECK_US, CheckedSources, source_losses

_WORD = re.compile(r"\w+")


@check("verify-no-loss")
def verify_no_loss(module: SkillModule, ctx: PassContext) -> None:
    """Report every baseline code block or command that no emitted block still carries, and
    every source content the baseline lacks."""
    baseline = ctx.baseline
    if baseline is None:
        return
    if isinstance(baseline, Baseline):
        before = dict(baseline.skills)
    else:
        before = {s.id: digest(s) for s in baseline.skills}
    for skill in module.skills:
        if skill.id in before:
            for diagnostic in lost_against(before[skill.id], skill):
                ctx.report(diagnostic)
    if isinstance(baseline, Baseline):
        # the driver checks the sources before the passes (`checked_sources`) and keeps
        # only the diagnostics; a digest has no block texts to check them against
        found = ctx.inventories.diagnostics if isinstance(ctx.inventories, CheckedSources) else ()
        for diagnostic in found:
            ctx.report(diagnostic)
        return
    for diagnostic in source_losses(
        baseline, ctx.inventories, partial(ctx.map, cost=SOURCE_CHECK_US)
    ):
        ctx.report(diagnostic)


def lost_items(before: Skill, after: Skill) -> list[Diagnostic]:
    """Diagnostics for blocks, code and commands of ``before`` that ``after`` no longer emits.

    Blocks are matched by id (passes keep ids): a block may move to a reference file, or be
    removed with a stated ``reason``, but never vanish. Code must keep its exact text, and every
    command line read from a code block must still be in an emitted code block.
    """
    return lost_against(digest(before), after)


def lost_against(before: SkillDigest, after: Skill) -> list[Diagnostic]:
    """`lost_items` of the skill ``before`` is the digest of (`skillc.passes.verify_baseline`)."""
    now = {b.id: b for b in after.blocks}
    parts: dict[str, list[tuple[int, ContentBlock]]] = {}
    for b in after.blocks:
        found = part_of(b.id)
        if found is not None:
            parts.setdefault(found[0], []).append((found[1], b))
    lost: list[Diagnostic] = []
    listed = zip(before.ids, before.kinds, before.provs, before.payloads, strict=True)
    for block_id, kind, prov, payload in listed:
        kept = now.get(block_id)
        if kept is None and block_id in parts:
            whole = payload if isinstance(payload, Table | ListBlock) else None
            problem = _split_problem(whole, kind, parts[block_id])
            if problem:
                message = f"block {block_id} was split, but {problem}"
                lost.append(_lost("PV013", message, prov))
        elif kept is None or (not emitted(kept) and not kept.reason):
            lost.append(_lost("PV012", f"block {block_id} was dropped", prov))
        elif issubclass(kind, Code) and (not isinstance(kept, Code) or kept.text != payload):
            lost.append(_lost("PV010", f"code block {block_id} was changed or lost", prov))
    lost.extend(_lost_commands(before, after, now))
    return lost


def _lost_commands(
    before: SkillDigest, after: Skill, now: Mapping[str, ContentBlock]
) -> list[Diagnostic]:
    """PV011 for each command read from an emitted code block of ``before`` (its span lies in
    the block's) that no emitted code block of ``after`` still holds. The block it was read
    from is asked first; all of ``after``'s code is searched only when that block changed."""
    everything: str | None = None
    lost = []
    for command, source_id, prov in before.commands:
        kept = now.get(source_id)
        if isinstance(kept, Code) and emitted(kept) and command in kept.text:
            continue
        if everything is None:
            everything = "\n".join(
                b.text for b in after.blocks if isinstance(b, Code) and emitted(b)
            )
        if command not in everything:
            lost.append(_lost("PV011", f"command {command!r} was lost", prov))
    return lost


def split_problem(block: ContentBlock, parts: Sequence[tuple[int, ContentBlock]]) -> str:
    """Why ``parts`` (``(number, block)`` in document order) do not hold all of ``block``, or
    ``""`` when they do (module doc: numbered 1..n, emitted, same kind, every row in order)."""
    return _split_problem(block, type(block), parts)


def _split_problem(
    block: ContentBlock | None, kind: type, parts: Sequence[tuple[int, ContentBlock]]
) -> str:
    """`split_problem` of a block of type ``kind``, which is ``block`` when that is a table or
    a list (a digest keeps no other block whole: `skillc.passes.verify_baseline`)."""
    numbers = [n for n, _ in parts]
    if numbers != list(range(1, len(parts) + 1)):
        return f"its parts are numbered {numbers}, not 1..{len(parts)} in order"
    blocks = [b for _, b in parts]
    if any(type(b) is not kind for b in blocks):
        return "a part is not of the same kind"
    dropped = [n for n, b in parts if not emitted(b)]
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
    text = link_texts(emitted)
    position = 0
    for word in _WORD.findall(link_texts(source)):
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def missing_from_files(skill: Skill, files: Mapping[str, str]) -> list[Diagnostic]:
    """Code blocks of ``skill`` whose lines do not all appear in one of the rendered ``files``.

    A block is looked for in the file its placement names (SKILL.md, or its reference file)
    first, and in every file only when it is not there.
    """
    rendered = _Rendered(files)
    missing = []
    for block in skill.blocks:
        if isinstance(block, Code) and emitted(block):
            body = block.text.rstrip("\n")
            home = block.reference if block.placement is Placement.REFERENCE else "SKILL.md"
            if rendered.holds(home, body) or any(rendered.holds(path, body) for path in files):
                continue
            message = f"code block {block.id} is not in the package"
            missing.append(_lost("PV010", message, block.prov))
    return missing


class _Rendered:
    """Rendered files with their lines indexed: a code block, rendered on lines of its own,
    is found by its first line, not by scanning the file for each block."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.files = files
        self._lines: dict[str, list[str]] = {}
        self._where: dict[str, dict[str, list[int]]] = {}

    def holds(self, path: str, body: str) -> bool:
        """Whether file ``path`` holds ``body`` (on lines of its own, or anywhere in it)."""
        text = self.files.get(path)
        if text is None:
            return False
        if path not in self._where:
            lines = self._lines[path] = text.split("\n")
            where: dict[str, list[int]] = {}
            for n, line in enumerate(lines):
                where.setdefault(line, []).append(n)
            self._where[path] = where
        wanted = body.split("\n")
        lines = self._lines[path]
        for n in self._where[path].get(wanted[0], ()):
            if lines[n : n + len(wanted)] == wanted:
                return True
        return body in text  # not on lines of its own (rare): the plain search


def _lost(code: str, message: str, prov: tuple[Span, ...]) -> Diagnostic:
    return Diagnostic(code=code, message=message, span=prov[0] if prov else None)
