"""tools/bench_risk.py's arithmetic and its view of the development set (no scanner run, no
peer, no download)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_risk", ROOT / "tools" / "bench_risk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_risk"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_precision_recall_f1_and_false_positive_rate() -> None:
    tool = load_tool()
    tally = tool.Tally()
    for malicious, flagged, verdict in [
        (True, True, "malicious"),
        (True, True, "malicious"),
        (True, False, "suspicious"),
        (False, True, "malicious"),
        (False, False, "benign"),
        (False, False, "suspicious"),
    ]:
        tally.add(malicious, flagged, verdict)
    row = tally.row()
    assert (row["tp"], row["fp"], row["fn"], row["tn"]) == (2, 1, 1, 2)
    assert row["precision"] == pytest.approx(2 / 3) and row["recall"] == pytest.approx(2 / 3)
    assert row["f1"] == pytest.approx(2 / 3) and row["fpr"] == pytest.approx(1 / 3)
    assert row["benign_verdicts"] == {"benign": 1, "malicious": 1, "suspicious": 1}
    empty = tool.Tally().row()
    assert empty["precision"] is None and empty["f1"] is None and empty["fpr"] is None


def test_the_development_set_is_labelled_from_the_manifest() -> None:
    tool = load_tool()
    cases = tool.cases()
    vendor = [c for c in cases if c.origin.startswith("vendor/")]
    assert len(vendor) >= 40 and not any(c.malicious for c in vendor)
    bench = [c for c in cases if c.origin == "skillfortify"]
    if not bench:
        pytest.skip("make corpora not run")
    assert len(bench) == 180 and sum(c.malicious for c in bench) == 90
    assert all((c.folder / "SKILL.md").is_file() for c in bench)
