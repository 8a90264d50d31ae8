"""Each risk rule against its fixtures: ``fixtures/<CODE>/positive/<case>.<channel>/`` must
give a finding of that code whose most severe channel is ``<channel>``;
``fixtures/<CODE>/negative/<case>/`` must give none of that code above a capability (above
``<channel>`` for ``<case>.<channel>``), and the skill must not be called malicious.

The fixtures are real skill folders (SKILL.md, scripts), read by the package reader and scanned
by the engine, as ``skillc scan`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.scan.model import Channel, Verdict
from skillc.scan.rules import load_rules
from tests.scan.conftest import FIXTURES, scan_folder

RANK = {Channel.CAPABILITY: 0, Channel.RISKY: 1, Channel.MALICIOUS: 2}
CHANNELS = {
    "malicious": Channel.MALICIOUS,
    "risky": Channel.RISKY,
    "capability": Channel.CAPABILITY,
}


def cases(kind: str) -> list[Path]:
    return sorted(p for p in FIXTURES.glob(f"*/{kind}/*") if p.is_dir())


@pytest.mark.parametrize("folder", cases("positive"), ids=lambda p: f"{p.parts[-3]}-{p.name}")
def test_positive_fixture_is_found_in_its_channel(folder: Path) -> None:
    code = folder.parts[-3]
    expected = CHANNELS[folder.name.rsplit(".", 1)[1]]
    report = scan_folder(folder)
    found = [f for f in report.findings if f.code == code]
    assert found, [f.diagnostic.render() for f in report.findings]
    assert max((f.channel for f in found), key=RANK.__getitem__) is expected, [
        (f.channel.value, f.diagnostic.render()) for f in found
    ]
    for finding in found:  # evidence points into a file of the fixture, at a real line
        span = finding.diagnostic.span
        assert span is None or (span.line >= 1 and span.source.startswith(code))
    if expected is Channel.MALICIOUS:
        assert report.verdict is Verdict.MALICIOUS


@pytest.mark.parametrize("folder", cases("negative"), ids=lambda p: f"{p.parts[-3]}-{p.name}")
def test_negative_fixture_is_not_flagged(folder: Path) -> None:
    """``negative/<case>/``: nothing above a capability; ``negative/<case>.risky/``: nothing
    above a risky construct (an attack a security skill shows as an example)."""
    code = folder.parts[-3]
    allowed = CHANNELS[folder.name.rsplit(".", 1)[1]] if "." in folder.name else Channel.CAPABILITY
    report = scan_folder(folder)
    flagged = [f for f in report.findings if f.code == code and RANK[f.channel] > RANK[allowed]]
    assert flagged == [], [f.diagnostic.render() for f in flagged]
    assert report.verdict is not Verdict.MALICIOUS, report.reasons


def test_every_rule_has_positive_and_negative_fixtures() -> None:
    codes = {rule.meta.code for rule in load_rules()}
    for kind in ("positive", "negative"):
        have = {p.parts[-3] for p in cases(kind)}
        assert sorted(codes - have - {"RK212"}) == [], kind  # RK212's positives are built in tests


def test_an_unpinned_package_run_on_many_lines_is_one_finding() -> None:
    # npm's @pocketagent/paw-skills runs `npx -y` on every line of its usage list: about 20
    # RK215 findings of the same package in one file. One, with the other lines beside it.
    report = scan_folder(FIXTURES / "RK215" / "positive" / "npx-repeated.risky")
    (finding,) = [f for f in report.findings if f.code == "RK215"]
    assert finding.diagnostic.span is not None and finding.diagnostic.span.line == 9
    assert [span.line for span, _ in finding.diagnostic.related] == [10, 11]
