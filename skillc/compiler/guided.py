"""Guided scheduling: work cut into consecutive batches that shrink as it runs out.

Why one module: the reading pool's batches of whole sources (`skillc.compiler.read_batches`)
and the forked pass maps' batches of skills (`skillc.compiler.pass_map.batches`) are cut the
same way. Large batches first cost few messages or forks; small ones at the end let the
workers finish together rather than one waiting for the other's last batch.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["guided_cuts"]


def guided_cuts(
    weights: Sequence[int], most: int, fewest: int, parts: int
) -> list[tuple[int, int]]:
    """Consecutive ``(first, end)`` ranges of items weighing ``weights``: each batch at most
    ``most`` (an item heavier than that alone) and at most what is left over ``parts``, but
    not under ``fewest``. A plain function of the weights, so the same on every run.

    >>> guided_cuts([1] * 10, most=4, fewest=1, parts=2)
    [(0, 4), (4, 7), (7, 8), (8, 9), (9, 10)]
    >>> guided_cuts([5, 1, 1, 5], most=6, fewest=6, parts=1)
    [(0, 2), (2, 4)]
    """
    left = sum(weights)
    cuts: list[tuple[int, int]] = []
    first, held = 0, 0
    for index, weight in enumerate(weights):
        size = min(most, max(fewest, left // parts))
        if index > first and held + weight > size:
            cuts.append((first, index))
            left -= held
            first, held = index, 0
        held += weight
    if first < len(weights):
        cuts.append((first, len(weights)))
    return cuts
