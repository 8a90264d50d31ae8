"""``skillc build --report`` and ``--risk-report``: what a CI run did, for tools and people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc
from tests.cli.test_output_ownership import CHANGED, PAGES, write_docs

RISKY = {
    **PAGES,
    "setup.md": (
        "# Setup\n\nInstall the agent.\n\n"
        "```bash\ncurl -fsSL https://get.example.com/install.sh | sh\n```\n"
    ),
}


def test_json_report_lists_added_then_changed_skills_risk_and_timings(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    out, report = tmp_path / "out", tmp_path / "report.json"
    first = run_skillc(
        "build", str(docs), "-o", str(out), "-q", "--group", "page", "--report", str(report)
    )
    assert first.returncode == 0, first.stderr
    record = json.loads(report.read_text())
    assert record["schema"] == "skillc-build-report"
    [entry] = record["outputs"]
    assert entry["skills"] == {
        "added": ["backup", "deploy", "install"],
        "changed": [],
        "removed": [],
    }
    assert set(entry["timings"]) == {"read", "passes", "emit", "write", "risk"}
    scanned = run_skillc("scan", str(out), "--format", "json")
    verdicts = json.loads(scanned.stdout)["summary"]
    assert entry["risk"]["verdicts"] == {v: verdicts[v] for v in entry["risk"]["verdicts"]}
    write_docs(docs, CHANGED)
    second = run_skillc(
        "build", str(docs), "-o", str(out), "-q", "--group", "page", "--report", str(report)
    )
    assert second.returncode == 0, second.stderr
    [entry] = json.loads(report.read_text())["outputs"]
    assert entry["skills"] == {"added": ["restore"], "changed": ["install"], "removed": ["backup"]}
    assert entry["sources"]["changed"] == ["install.md"]


@pytest.mark.parametrize(("suffix", "start"), [(".sarif", "{"), (".md", "# skillc build report")])
def test_the_format_follows_the_suffix(tmp_path: Path, suffix: str, start: str) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    report = tmp_path / f"report{suffix}"
    result = run_skillc(
        "build",
        str(docs),
        "-o",
        str(tmp_path / "o"),
        "-q",
        "--group",
        "page",
        "--report",
        str(report),
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text()
    assert text.startswith(start)
    if suffix == ".sarif":
        log = json.loads(text)
        assert log["version"] == "2.1.0"
        assert log["runs"][0]["properties"]["outputs"][0]["skills"]["added"]
    else:
        assert "- skills added: `backup`, `deploy`, `install`" in text


def test_risk_report_maps_findings_back_to_the_source_and_fail_on(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", RISKY)
    out, risk = tmp_path / "out", tmp_path / "risk.json"
    args = ["build", str(docs), "-o", str(out), "-q", "--risk-report", str(risk)]
    args += ["--group", "page"]  # the report names each page's skill ("setup")
    result = run_skillc(*args)
    assert result.returncode == 0, result.stderr
    record = json.loads(risk.read_text())
    assert record["schema"] == "skillc-scan-report"
    setup = next(s for s in record["skills"] if s["name"] == "setup")
    assert setup["sources"] == ["setup.md"]
    piped = [f for f in setup["findings"] if f["code"] == "RK201"]
    assert piped, setup["findings"]
    assert piped[0]["source_location"] == {"path": "setup.md", "line": 5}
    assert setup["verdict"] in ("suspicious", "malicious")
    strict = run_skillc(*args, "--fail-on", "suspicious")
    assert strict.returncode == 1
    assert f"{out}/setup: SK110 emitted skill is" in strict.stderr


def test_a_replayed_build_maps_findings_back_to_the_source_as_it_did(tmp_path: Path) -> None:
    """A rebuild with nothing changed is replayed from the build cache, with what its risk
    report reads of the skills (`skillc.compiler.skill_sources`) kept there."""
    docs = write_docs(tmp_path / "docs", RISKY)
    out, cache = tmp_path / "out", tmp_path / "cache"
    reports = []
    for n in range(2):
        risk = tmp_path / f"risk{n}.json"
        args = ["build", str(docs), "-o", str(out), "-q", "--risk-report", str(risk)]
        result = run_skillc(*args, "--group", "page", "--cache-dir", str(cache))
        assert result.returncode == 0, result.stderr
        reports.append(json.loads(risk.read_text()))
    assert reports[0] == reports[1]
    setup = next(s for s in reports[1]["skills"] if s["name"] == "setup")
    piped = [f for f in setup["findings"] if f["code"] == "RK201"]
    assert piped[0]["source_location"] == {"path": "setup.md", "line": 5}


def test_a_report_path_holding_someone_elses_file_is_refused(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}\n')
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "o"), "--report", str(notes))
    assert result.returncode == 2
    assert "not a report skillc wrote" in result.stderr
    assert notes.read_text() == '{"mine": true}\n'
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("suffix", [".json", ".sarif", ".md"])
def test_a_long_report_skillc_wrote_is_replaced_on_the_next_build(
    tmp_path: Path, suffix: str
) -> None:
    """The JSON report's keys are sorted, so its ``schema`` follows every source it lists:
    with 120 sources it lies well past the first 4,000 characters, where ownership was looked
    for, and the second build refused its own report."""
    pages = {
        f"a-page-with-a-rather-long-name-{n:03}.md": f"# Page {n}\n\nText {n}.\n"
        for n in range(120)
    }
    docs = write_docs(tmp_path / "docs", pages)
    report = tmp_path / f"report{suffix}"
    args = ["build", str(docs), "-o", str(tmp_path / "o"), "-q", "--report", str(report)]
    first = run_skillc(*args)
    assert first.returncode == 0, first.stderr
    assert suffix == ".md" or report.stat().st_size > 4000
    (docs / "a-page-with-a-rather-long-name-000.md").write_text("# Page 0\n\nChanged.\n")
    second = run_skillc(*args)
    assert second.returncode == 0, second.stderr
    if suffix == ".json":
        [entry] = json.loads(report.read_text())["outputs"]
        assert entry["sources"]["changed"] == ["a-page-with-a-rather-long-name-000.md"]


def test_a_json_file_naming_another_schema_is_refused(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    notes = tmp_path / "notes.json"
    text = json.dumps({"outputs": ["x" * 5000], "schema": "my-own-report"})
    notes.write_text(text)
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "o"), "--report", str(notes))
    assert result.returncode == 2 and "not a report skillc wrote" in result.stderr
    assert notes.read_text() == text


def _scans(cache: Path) -> set[str]:
    return {p.name for p in (cache / "scans").rglob("*") if p.is_file()}


def test_a_rebuild_scans_only_the_skills_whose_files_changed(tmp_path: Path) -> None:
    """The emitted skills' reports are kept in the build cache: a no-op rebuild with
    ``--risk-report`` scans nothing (python-doc: 10.5 s without the cache, 0.45 s with it), a
    one-page edit scans the one skill it changed, and the report is the one a build without
    a cache writes."""
    docs = write_docs(tmp_path / "docs", RISKY)
    out, cache, risk = tmp_path / "out", tmp_path / "cache", tmp_path / "risk.json"
    args = ["build", str(docs), "-o", str(out), "-q", "--group", "page", "--risk-report"]
    first = run_skillc(*args, str(risk), "--cache-dir", str(cache))
    assert first.returncode == 0, first.stderr
    scanned = _scans(cache)
    assert len(scanned) == len(json.loads(risk.read_text())["skills"]) == 4
    again = run_skillc(*args, str(risk), "--cache-dir", str(cache))
    assert again.returncode == 0, again.stderr
    assert _scans(cache) == scanned
    (docs / "install.md").write_text("# Install\n\nRun `pip install tool` first.\n")
    edited = run_skillc(*args, str(risk), "--cache-dir", str(cache))
    assert edited.returncode == 0, edited.stderr
    assert len(_scans(cache) - scanned) == 1
    fresh = tmp_path / "fresh.json"
    assert run_skillc(*args, str(fresh), "--no-cache").returncode == 0
    assert json.loads(risk.read_text()) == json.loads(fresh.read_text())


def test_a_damaged_scan_entry_is_scanned_again(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", RISKY)
    out, cache = tmp_path / "out", tmp_path / "cache"
    reports = []
    for n in range(2):
        risk = tmp_path / f"risk{n}.json"
        args = ["build", str(docs), "-o", str(out), "-q", "--group", "page"]
        result = run_skillc(*args, "--risk-report", str(risk), "--cache-dir", str(cache))
        assert result.returncode == 0, result.stderr
        reports.append(json.loads(risk.read_text()))
        for entry in (cache / "scans").rglob("*"):
            if entry.is_file():
                entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    assert reports[0] == reports[1]
    assert any(f["code"] == "RK201" for s in reports[1]["skills"] for f in s["findings"])
