"""The risk rules against the code table and the development sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skillc.diagnostics.table import load_codes
from skillc.package.reader import read_package
from skillc.scan.engine import scan_package
from skillc.scan.model import OWASP_AST, SKILLSCAN, channel_severity
from skillc.scan.rules import RULE_MODULES, load_rules

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_is_registered_with_its_channels_severity() -> None:
    table = load_codes()
    rules = load_rules()
    assert len(rules) == len(RULE_MODULES) == len({r.meta.code for r in rules})
    for rule in rules:
        info = table[rule.meta.code]
        assert info.family == "risk"
        assert info.severity is channel_severity(rule.meta.channel), rule.meta.code
        assert rule.meta.owasp in OWASP_AST and rule.meta.skillscan in SKILLSCAN
        assert all(1 <= score <= 5 for _, score in rule.meta.dimensions)
        assert rule.check.__doc__, rule.meta.code


def vendor_skills() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "corpora" / "skills").rglob("SKILL.md"))


def test_no_vendor_skill_is_called_malicious() -> None:
    """The benign sets' discipline: published skills that call APIs, describe attacks or hold
    HTML comments are not malicious."""
    skills = vendor_skills()
    assert len(skills) >= 40
    called = {
        str(p.relative_to(ROOT)): r.reasons
        for p in skills
        if (r := scan_package(read_package(p, str(p.relative_to(ROOT))))).verdict.value
        == "malicious"
    }
    assert called == {}


BENCH = ROOT / "corpora" / "risk" / "skillfortify" / "benchmarks"


@pytest.mark.skipif(not (BENCH / "manifest.json").is_file(), reason="make corpora not run")
def test_skillfortify_benign_skills_are_not_malicious_and_most_malicious_are() -> None:
    manifest = json.loads((BENCH / "manifest.json").read_text(encoding="utf-8"))
    caught = missed = wrong = 0
    for entry in manifest["entries"]:
        folder = BENCH / Path(entry["path"]).parent
        if entry["format"] != "openclaw" or not folder.is_dir():
            continue
        verdict = scan_package(read_package(folder, entry["skill_id"])).verdict.value
        if entry["is_malicious"]:
            caught += verdict == "malicious"
            missed += verdict != "malicious"
        else:
            wrong += verdict == "malicious"
    assert wrong == 0
    assert caught >= 0.9 * (caught + missed)


ELIZAOS = ROOT / "corpora" / "risk" / "elizaos-skills" / "skills"


@pytest.mark.skipif(not ELIZAOS.is_dir(), reason="make corpora not run (npm @elizaos/skills)")
def test_no_elizaos_vendor_skill_is_called_malicious() -> None:
    """elizaOS's published skills: APIs called with their own keys (Trello's key in its query
    string), sub-agents run without prompts by skills that say they drive agents."""
    skills = sorted(p.parent for p in ELIZAOS.glob("*/SKILL.md"))
    assert len(skills) == 34
    called = {
        p.name: r.reasons
        for p in skills
        if (r := scan_package(read_package(p, p.name))).verdict.value == "malicious"
    }
    assert called == {}
