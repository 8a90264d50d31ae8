"""tools/corpora.py's sets: `make corpora` fetches the default set, `make corpora-large` the rest.

Why: the large set (R's 2,415-page refman.pdf) is for the benchmark only; fetching it on every
fresh machine, or silently fetching nothing after a typo in a Make target, would both go
unnoticed without these checks. No download happens here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpora_tool", ROOT / "tools" / "corpora.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpora = load_tool()
ITEMS = [{"name": "small"}, {"name": "big", "set": "large"}, {"name": "other", "set": "default"}]


def names(items: list[dict]) -> list[str]:
    return [item["name"] for item in items]


def test_sets_select_their_items_and_names_override_sets() -> None:
    assert names(corpora.select(ITEMS, [])) == ["small", "other"]
    assert names(corpora.select(ITEMS, [], "large")) == ["big"]
    assert names(corpora.select(ITEMS, [], "all")) == ["small", "big", "other"]
    assert names(corpora.select(ITEMS, ["big"])) == ["big"]


def test_unknown_sets_and_names_fail_instead_of_fetching_nothing() -> None:
    with pytest.raises(SystemExit, match="unknown set"):
        corpora.select(ITEMS, [], "huge")
    with pytest.raises(SystemExit, match="unknown corpus: nope"):
        corpora.select(ITEMS, ["nope"])


def test_command_line() -> None:
    assert corpora.parse_args(["fetch"]) == ("default", [])
    assert corpora.parse_args(["fetch", "--set", "large"]) == ("large", [])
    assert corpora.parse_args(["fetch", "--set=all", "a", "b"]) == ("all", ["a", "b"])
    assert corpora.parse_args(["fetch", "--bogus"]) is None
    assert corpora.parse_args([]) is None
    assert corpora.main(["fetch", "--set"]) == 2


def test_recorded_corpora_the_benchmark_reads() -> None:
    items = {item["name"]: item for item in corpora.load()}
    assert {item.get("set", "default") for item in items.values()} <= set(corpora.SETS)
    assert items["r-refman-pdf"]["set"] == "large"
    assert "set" not in items["python-doc"], "the tests read python-doc: default set"
    large = names(corpora.select(list(items.values()), [], "large"))
    assert sorted(large) == ["django-repo", "golang-src", "r-refman-pdf", "rust-src"]
