"""Source inventories held as compressed bytes while the build waits to check them.

Why: verify-no-loss checks each source against its inventory (its code blocks and word counts,
`skillc.compiler.frontends.guide.inventory`) after every page has been read, so the build held
every inventory as live tuples until then: on python-doc about 30 MB per 530 pages (250,000
small tuples and strings), the largest share of the parent's memory after the IR, growing with
the corpus. Packed (pickled, then zlib at its fastest level) the same inventories take about a
fifteenth of that; the reading worker packs its page's inventory before it travels back, so the
parent never unpickles it, and the check's worker (`skillc.passes.verify_source.source_task`)
unpacks one inventory at a time, where it reads it.

A `PackedInventory` answers ``codes`` and ``words`` as `SourceInventory` does (each unpacked
anew on access, never kept): the check reads each once, and keeping them would make the
held inventories grow back.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass
from typing import Any

from skillc.compiler.frontends.guide.inventory import Item, SourceInventory

#: zlib's fastest level: the words compress about threefold at a few ms per MB.
_LEVEL = 1


@dataclass(frozen=True, slots=True)
class PackedInventory:
    """A `SourceInventory`'s code blocks and words, each pickled and compressed."""

    packed_codes: bytes
    packed_words: bytes

    @property
    def codes(self) -> tuple[Item, ...]:
        return _unpack(self.packed_codes)  # type: ignore[no-any-return]

    @property
    def words(self) -> tuple[tuple[str, int, int], ...]:
        return _unpack(self.packed_words)  # type: ignore[no-any-return]

    def empty(self) -> bool:
        """Whether there is nothing to check against, told without unpacking."""
        return self.packed_codes == _EMPTY and self.packed_words == _EMPTY

    def unpacked(self) -> SourceInventory:
        """The inventory as the frontend took it."""
        return SourceInventory(codes=self.codes, words=self.words)


def packed(inventory: Any) -> Any:
    """``inventory`` packed when it is a `SourceInventory`; anything else (``None``, an
    inventory already packed) as it is."""
    if type(inventory) is not SourceInventory:
        return inventory
    return PackedInventory(_pack(inventory.codes), _pack(inventory.words))


def _pack(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), _LEVEL)


def _unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


__all__ = ["PackedInventory", "packed"]


#: An empty tuple packed, as `packed` packs one (`PackedInventory.empty`).
_EMPTY = _pack(())
