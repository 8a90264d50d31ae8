"""Merge skills whose content another skill already carries, unioning their provenance.

Documentation trees repeat themselves: sqlite ships ``fileformat.html`` and ``fileformat2.html``
with the same text, ``releaselog/current.html`` is a copy of the newest release's page, and
generated sites keep a page under two URLs. Emitting both copies puts two skills with the same
description in the catalogue, and a router has no way to choose (the linter's SC105). This pass
keeps one skill per content and records every page it came from.

A skill is a duplicate when every one of its emitted blocks (compared as normalised text: runs
of whitespace folded, link targets ignored, since the same link is spelled ``../a.html`` in one
folder and ``a.html`` in another) is also a block of a kept skill. Exact copies merge into the
first copy in module order; a page wholly contained in a larger one merges into the larger
one. Tiny pages (under `MIN_CHARS` characters of content) are left alone: two stubs that only
say "See also" are not the same document.

Nothing is lost: the merged skill's blocks are all in the kept one by construction, the kept
skill's provenance gains the duplicate's spans (skill, matching blocks and matching steps), and
each merge is reported as an INFO diagnostic (SK044) naming both pages. Runs after
select-skills, so only emitted skills merge, and before rewrite-links, which maps every source
in a skill's provenance to that skill, so links to the dropped copy name the kept one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import blake2b

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.inline import without_targets
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Table
from skillc.ir.replace import replace
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, transform

MERGE_CODE = "SK044"
#: Pages with less content than this (in characters of normalised block text) never merge.
MIN_CHARS = 200


@transform("merge-duplicates", requires=("select-skills",), idempotent=True)
def merge_duplicates(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Fold every skill whose blocks another kept skill already has into that skill."""
    targets = _merge_targets([_content_keys(skill) for skill in module.skills])
    kept: dict[int, Skill] = {}
    for index, skill in enumerate(module.skills):
        target = targets.get(index)
        if target is None:
            kept[index] = skill
    # Each kept skill absorbs all its duplicates at once: one at a time rebuilt a large page's
    # blocks once per small page it holds.
    absorbed: dict[int, list[Skill]] = {}
    for index, target in sorted(targets.items()):
        absorbed.setdefault(target, []).append(module.skills[index])
        ctx.report(_merged(module.skills[index], kept[target]))
    for target, duplicates in absorbed.items():
        kept[target] = absorb(kept[target], *duplicates)
    return replace(module, skills=tuple(kept[i] for i in sorted(kept)))


def _content_keys(skill: Skill) -> tuple[frozenset[bytes], int]:
    """The distinct emitted blocks of ``skill`` (`block_key`, held as a digest) and the
    characters of their keys.

    Why digests: the keys are the normalised text of every block of every skill, computed at
    once: held as text, a second copy of the module's text (python-doc at 4x: ~50 MB over the
    module, which the parent's memory kept after the pass). Two keys are equal when their
    128-bit BLAKE2b digests are (a collision is not to be expected in any corpus), so the
    merges are the same."""
    keys: dict[bytes, int] = {}
    for block in skill.blocks:
        if block.placement is not Placement.REMOVED:
            key = block_key(block)
            keys[blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()] = len(key)
    return frozenset(keys), sum(keys.values())


def block_key(block: ContentBlock) -> str:
    """What makes two blocks the same content: their text, link targets and spacing aside."""
    if isinstance(block, Code):
        return "code:" + " ".join(block.text.split())
    if isinstance(block, Heading | Prose):
        text = block.text
    elif isinstance(block, ListBlock):
        text = "\n".join(block.items)
    elif isinstance(block, Table):
        text = "\n".join("|".join(row) for row in block.rows)
    else:  # pragma: no cover - ContentBlock is closed
        text = ""
    return type(block).__name__ + ":" + " ".join(without_targets(text).split())


def _merge_targets(keys: Sequence[tuple[frozenset[bytes], int]]) -> dict[int, int]:
    """For each duplicate skill (by index), the index of the kept skill it merges into
    (``keys``: each skill's `_content_keys`).

    Larger skills are considered first, so a page contained in a copy of a larger page ends up
    in the kept copy; ties keep module order, so the first exact copy survives.
    """
    sets = [k for k, _ in keys]
    postings: dict[bytes, list[int]] = {}
    order = sorted(range(len(keys)), key=lambda i: (-len(sets[i]), i))
    targets: dict[int, int] = {}
    for index in order:
        wanted = sets[index]
        if keys[index][1] >= MIN_CHARS:
            rarest = min(wanted, key=lambda key: len(postings.get(key, ())))
            host = next((k for k in postings.get(rarest, ()) if wanted <= sets[k]), None)
            if host is not None:
                targets[index] = host
                continue
        for key in wanted:
            postings.setdefault(key, []).append(index)
    return targets


def absorb(kept: Skill, *duplicates: Skill) -> Skill:
    """``kept`` with the ``duplicates``' provenance added to itself, its blocks and its steps
    (in order: the same as absorbing them one by one)."""
    spans_by_key: dict[str, list[Span]] = {}
    steps_by_text: dict[str, list[Span]] = {}
    for duplicate in duplicates:
        for block in duplicate.blocks:
            spans_by_key.setdefault(block_key(block), []).extend(block.prov)
        for step in duplicate.logic_steps:
            steps_by_text.setdefault(step.text, []).extend(step.prov)
    blocks = tuple(
        replace(b, prov=union(b.prov, spans_by_key.get(block_key(b), ()))) for b in kept.blocks
    )
    steps = tuple(
        replace(s, prov=union(s.prov, steps_by_text.get(s.text, ()))) if s.text else s
        for s in kept.logic_steps
    )
    prov = union(kept.prov, (span for duplicate in duplicates for span in duplicate.prov))
    return replace(kept, prov=prov, blocks=blocks, logic_steps=steps)


def union(first: Iterable[Span], second: Iterable[Span]) -> tuple[Span, ...]:
    """The spans of ``first`` then those of ``second`` not already there, order kept."""
    spans = list(first)
    seen = set(spans)
    for span in second:
        if span not in seen:
            seen.add(span)
            spans.append(span)
    return tuple(spans)


def _merged(duplicate: Skill, kept: Skill) -> Diagnostic:
    here = duplicate.prov[0] if duplicate.prov else None
    source = here.source if here else duplicate.id
    message = f"merged {source!r} into skill {kept.name or kept.id!r}: same content"
    return Diagnostic(code=MERGE_CODE, message=message, severity=Severity.INFO, span=here)
