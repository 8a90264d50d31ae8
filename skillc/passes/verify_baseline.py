"""What verify-no-loss keeps of the frontends' module: the digest the build holds as its baseline.

Why: verify-no-loss compares the passes' output with what the frontends read, so the build
used to keep the module as read to the end (``ctx.baseline``). The passes replace nearly every
block (classify-content files each one, rewrite-links rewrites its text...), so that module
ended up as a second copy of the IR beside the current one (python-doc: ~21 MB of 49 at 1x,
four times that at 4x), growing with the corpus. `lost_items` needs far less of a block than
the block: its id, kind and provenance, a code block's text, a table or list whole (only
those can be split into parts), and which code block each command was read from. A
`Baseline` holds just that, taken before the first pass, so the blocks the passes replace are
freed as they go.

The digest is a plain function of the module: `lost_items` on a digest reports exactly what
it reports on the skill it was taken from (`skillc.passes.verify_no_loss`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.ir.nodes import Code, ContentBlock, ListBlock, LogicStep, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.ir.vocab import Placement

__all__ = ["Baseline", "CodeSpans", "SkillDigest", "baseline_of", "digest", "emitted"]


@dataclass(frozen=True, slots=True)
class SkillDigest:
    """One skill as read, as far as `lost_items` looks at it: its emitted blocks (in order:
    ``ids``, ``kinds``, ``provs`` and ``payloads``: a code block's text, a table or list whole,
    else None), and each command read from one of its code blocks (text, that block's id, the
    step's provenance)."""

    ids: tuple[str, ...]
    kinds: tuple[type, ...]
    provs: tuple[tuple[Span, ...], ...]
    payloads: tuple[str | ContentBlock | None, ...]
    commands: tuple[tuple[str, str, tuple[Span, ...]], ...]


@dataclass(frozen=True, slots=True)
class Baseline:
    """The frontends' module as verify-no-loss needs it (module doc): a digest per skill id,
    in the order the skills were read."""

    skills: tuple[tuple[str, SkillDigest], ...]


def baseline_of(module: SkillModule) -> Baseline:
    """The digest of every skill of ``module``."""
    return Baseline(skills=tuple((skill.id, digest(skill)) for skill in module.skills))


def digest(skill: Skill) -> SkillDigest:
    """What `lost_items` reads of ``skill`` (module doc)."""
    kept = [b for b in skill.blocks if emitted(b)]
    code_blocks = [b for b in kept if isinstance(b, Code)]
    spans = CodeSpans(code_blocks)
    commands = []
    for step in skill.logic_steps:
        source = spans.holding(step, step.text)
        if source is not None:
            commands.append((step.text, source.id, step.prov))
    return SkillDigest(
        ids=tuple(b.id for b in kept),
        kinds=tuple(type(b) for b in kept),
        provs=tuple(b.prov for b in kept),
        payloads=tuple(_payload(b) for b in kept),
        commands=tuple(commands),
    )


def _payload(block: ContentBlock) -> str | ContentBlock | None:
    """What `lost_items` compares of ``block`` beyond its id and kind (`SkillDigest`)."""
    if isinstance(block, Code):
        return block.text
    return block if isinstance(block, Table | ListBlock) else None


class CodeSpans:
    """Code blocks by where they are in their source, to find the block a step was read from."""

    def __init__(self, blocks: Sequence[Code]) -> None:
        spanned = sorted(
            (
                (b.prov[0].source, b.prov[0].start, b.prov[0].end, n)
                if b.prov
                else ("", -1, -1, n),
                b,
            )
            for n, b in enumerate(blocks)
        )
        self.keys = [key for key, _ in spanned]
        self.blocks = [b for _, b in spanned]

    def holding(self, step: LogicStep, command: str) -> Code | None:
        """The code block whose span holds ``step``'s and whose text holds ``command``: the
        last block starting at or before the step (a frontend's code blocks do not overlap);
        for a step without a span, the first block whose text holds it."""
        if not command:
            return None
        if not step.prov:
            return next((b for b in self.blocks if command in b.text), None)
        span = step.prov[0]
        at = bisect.bisect_right(self.keys, (span.source, span.start, float("inf"), 0)) - 1
        if at < 0:
            return None
        source, start, end, _ = self.keys[at]
        block = self.blocks[at]
        inside = source == span.source and start <= span.start and span.end <= end
        return block if inside and command in block.text else None


def emitted(block: ContentBlock) -> bool:
    """Whether ``block`` is in the output (not removed, with its reason, by a pass)."""
    return block.placement is not Placement.REMOVED
