"""Memo keys that name a skill a memoized map made by the work that made it, not by its pickle.

Why: a memo key (`memo.memo_key`) is the item pickled and hashed, and a skill is most of
an item: after a one-page edit of python-doc every other skill is pickled again by each
memoized pass to find its kept result (0.2 s a pass of a ~4 s rebuild). A skill a memoized map
made (progressive disclosure's) is a function of that map's key: whether it was computed or
taken back from the memo, it is the same skill. So where the next memoized pass's key holds
that same object (report-leaks' key holds the disclosed skill as it is), the key holds the
digest of the work that made it instead (`Derived`), which costs nothing to hash. Likewise a
skill's blocks that classify-content gave it (its own blocks, with the classes its key's work
found) are a function of that key: progressive disclosure's key (the skill as rewrite-links
hands it on, most of its blocks those very objects) holds each as that key and its index
instead of pickling it again (`Made.note_blocks`).

Why it is safe: nodes are frozen, so an object's content never changes; a stand-in is used for
a skill or block only while that very object (held here, so its id is not reused) is asked
about; it is made from a memo key, which names everything the map's function read, and the
function is pure. A skill reached another way (a copy, a pass that rebuilt it) is pickled as
before: its key differs from the derived one, which only misses, as a key of a skill pickled
differently (shared sub-objects) does. Cold and rebuilt builds derive the same keys: which
objects a pass hands on does not depend on whether its results were kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from skillc.ir.nodes import Skill


@dataclass(frozen=True, slots=True)
class Derived:
    """Stands in a memo key for a skill a memoized map made: ``digest`` names the work (the
    map's memo key, and which part of its result the skill is)."""

    digest: str


#: Where a skill's blocks are in its pickled state (`skillc.ir.pickling`: its fields in order).
_BLOCKS = [f.name for f in fields(Skill)].index("blocks")


class Made:
    """The skills memoized maps made in this build, each with its `Derived` stand-in, and the
    blocks that are a function of a memoized map's key, each with its digest."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[Skill, Derived]] = {}
        self._blocks: dict[int, tuple[object, str, int]] = {}

    def note(self, result: object, key: str) -> None:
        """Remember the skills of ``result`` (a skill, or a tuple holding skills), the result
        of the work whose memo key is ``key``."""
        parts = result if isinstance(result, tuple) else (result,)
        for index, part in enumerate(parts):
            if isinstance(part, Skill):
                digest = hashlib.sha256(f"{key}\0{index}".encode("ascii")).hexdigest()
                self._made[id(part)] = (part, Derived(digest))

    def note_blocks(self, blocks: Sequence[object], key: str) -> None:
        """Remember ``blocks``, each a function of the work whose memo key is ``key`` (the
        blocks classify-content gives a skill: the blocks its key holds, with the classes it
        found for them)."""
        for index, block in enumerate(blocks):
            self._blocks[id(block)] = (block, key, index)

    def stand_ins(self, key: object) -> object:
        """``key`` (a tuple) with each skill in it that a memoized map made replaced by its
        `Derived` stand-in, and in each other skill the blocks remembered by `note_blocks`
        replaced by their digests (`_with_block_digests`); anything else as it is."""
        if not isinstance(key, tuple) or not (self._made or self._blocks):
            return key
        return tuple(self._stand_in(part) for part in key)

    def _stand_in(self, part: object) -> object:
        if isinstance(part, Skill):
            found = self._made.get(id(part))
            if found is not None and found[0] is part:
                return found[1]
            if self._blocks:
                return self._with_block_digests(part)
        return part

    def _with_block_digests(self, skill: Skill) -> object:
        """``(Skill, state)``: the skill's pickled state (`skillc.ir.pickling`) with each
        remembered block as ``(key, index)`` (a tuple, which no block pickles as; the key's
        string is pickled once per skill, then referred to), the others as they are; the
        skill itself when none of its blocks is remembered. Not hashed here: the whole key
        is (`memo.memo_key`), and 50,000 blocks hashed one by one cost what pickling
        them did."""
        blocks = self._blocks
        named = tuple(_digest_of(blocks.get(id(b)), b) for b in skill.blocks)
        if all(part is block for part, block in zip(named, skill.blocks, strict=True)):
            return skill
        state: list[Any] = list(getattr(skill, "__getstate__")())  # noqa: B009 (`pickling`)
        state[_BLOCKS] = named
        return (Skill, tuple(state))


def _digest_of(found: tuple[object, str, int] | None, block: object) -> object:
    """``(key, index)`` remembered for ``block`` when ``found`` is its own entry, else the
    block."""
    return found[1:] if found is not None and found[0] is block else block


__all__ = ["Derived", "Made"]
