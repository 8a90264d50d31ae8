"""`skillc.tokens.measure`: the content-keyed cache changes speed, never results."""

from __future__ import annotations

from pathlib import Path

import pytest

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
