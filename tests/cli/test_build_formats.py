"""``skillc build --format json|sarif|github`` through the real CLI, and ``skillc rules`` on build
codes: the build's findings in lint's formats, one document on stdout whatever the exit code.

Each format is tried on a clean build of the click docs (exit 0, INFO notes such as SK041, at
the paths the user named), on a rebuild over a hand-edited output (SK014, exit 1, nothing
written), on a folder with a bad page (SK010, exit 2, the rest written) and on a missing input
(a usage error, exit 2). SARIF is validated against the 2.1.0 schema, as lint's is
(``tests/lint/test_cli_lint.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sarif_kit.validate import validation_errors

from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

#: The keys ``--format json`` printed before it carried the findings; they stay.
SUMMARY_KEYS = {
    "out",
    "sources",
    "skills",
    "files",
    "changed",
    "removed",
    "skipped",
    "failed",
    "seconds",
    "errors",
    "warnings",
    # Issue 15: sources taken from the build cache, and sources read by a frontend.
    "cached",
    "read",
    # Issue 11: the grain the skills were built at and the tokens of their listing.
    "grain",
    "listing_tokens",
}
FORMATS = ("json", "sarif", "github")


def findings(fmt: str, stdout: str) -> list[tuple[str, str]]:
    """(code, severity) of each finding the document holds; also checks its form."""
    if fmt == "json":
        record = json.loads(stdout)
        assert set(record) == SUMMARY_KEYS | {"diagnostics"}
        return [(d["code"], d["severity"]) for d in record["diagnostics"]]
    if fmt == "sarif":
        log = json.loads(stdout)
        assert list(validation_errors(log)) == []
        levels = {"error": "error", "warning": "warning", "note": "info"}
        return [(r["ruleId"], levels[r["level"]]) for r in log["runs"][0]["results"]]
    commands = {"error": "error", "warning": "warning", "notice": "info"}
    lines = stdout.splitlines()
    assert all(line.startswith("::") for line in lines), stdout
    found = []
    for line in lines:
        command, props = line[2:].split("::", 1)[0].split(" ", 1)
        title = dict(p.split("=", 1) for p in props.split(","))["title"]
        found.append((title.split()[0], commands[command]))
    return found


@pytest.fixture(scope="module")
def click_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("formats") / "click"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clean_build_reports_its_notes_in_each_format(fmt: str, click_out: Path) -> None:
    docs = CLICK_DOCS.relative_to(ROOT).as_posix()
    result = run_skillc("build", docs, "-o", str(click_out), "--format", fmt, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # stderr carries errors only outside text mode
    found = findings(fmt, result.stdout)
    assert ("SK041", "info") in found
    manifest = json.loads((click_out / "skills.lock").read_text(encoding="utf-8"))
    assert sum(code in ("SK041", "SK042") for code, _ in found) == len(manifest["skipped"])
    if fmt == "json":
        record = json.loads(result.stdout)
        assert record["skipped"] == len(manifest["skipped"]) and record["errors"] == 0
        skipped = [d for d in record["diagnostics"] if d["code"] == "SK041"]
        assert skipped[0]["name"] == "page-skipped"
        # Located at the paths the user named (the repository's), not at source ids.
        assert f"{docs}/license.md" in {d["filename"] for d in skipped}
    if fmt == "sarif":
        run = json.loads(result.stdout)["runs"][0]
        described = {r["id"]: r for r in run["tool"]["driver"]["rules"]}["SK041"]
        assert described["name"] == "page-skipped"
        assert "select-skills" in described["fullDescription"]["text"]
        uris = {
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]
            for loc in r.get("locations", ())
        }
        assert f"{docs}/license.md" in uris
    if fmt == "github":
        assert "title=SK041 page-skipped::skipped " in result.stdout
        assert f"::notice file={docs}/license.md,line=1," in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hand_edited_output_is_an_error_in_each_format(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "click"
    first = run_skillc("build", str(CLICK_DOCS), "-o", str(out), "-q")
    assert first.returncode == 0, first.stderr
    skill_md = next(out.glob("*/SKILL.md"))
    skill_md.write_text(skill_md.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    result = run_skillc("build", str(CLICK_DOCS), "-o", str(out), "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert ("SK014", "error") in findings(fmt, result.stdout)
    assert f"{skill_md}: SK014 edited by hand" in result.stderr
    assert skill_md.read_text(encoding="utf-8").endswith("\nEdited.\n")  # nothing written


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_page_fails_alone_in_each_format(fmt: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Good\n\n1. Run `make`.\n")
    (docs / "bin.md").write_bytes(b"# Bin\n\x00")
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out), "--format", fmt)
    assert result.returncode == 2, result.stderr
    assert ("SK010", "error") in findings(fmt, result.stdout)
    assert "SK010 binary file" in result.stderr
    assert (out / "good" / "SKILL.md").is_file()
    if fmt == "json":
        assert json.loads(result.stdout)["failed"] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_usage_error_still_prints_one_document(fmt: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = run_skillc("build", str(missing), "-o", str(tmp_path / "out"), "--format", fmt)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "SK010" in result.stderr
    assert findings(fmt, result.stdout) == [("SK010", "error")]
    if fmt == "json":
        record = json.loads(result.stdout)
        assert record["errors"] == 1 and record["files"] == 0


def test_text_stays_the_default() -> None:
    result = run_skillc("build", "--help")
    assert "[default: text]" in result.stdout and "sarif" in result.stdout


def test_rules_explains_and_lists_build_codes() -> None:
    explained = run_skillc("rules", "SK041")
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith("# SK041 page-skipped\n")
    for heading in ("## What it checks", "## Why it matters", "## Example", "## Fix"):
        assert heading in explained.stdout
    assert run_skillc("rules", "page-skipped").stdout == explained.stdout
    listed = run_skillc("rules").stdout.splitlines()
    codes = [line.split()[0] for line in listed]
    assert codes == sorted(codes) and {"SK041", "SK014", "PV010", "PK107"} <= set(codes)
    described = json.loads(run_skillc("rules", "--format", "json").stdout)
    families = {r["code"]: r["family"] for r in described}
    assert families["SK041"] == "passes" and families["PK107"] == "spec"


def test_an_unknown_rule_and_an_unknown_pass_have_their_own_codes(tmp_path: Path) -> None:
    rule = run_skillc("rules", "XX999")
    assert rule.returncode == 2 and "SK018 unknown rule 'XX999'" in rule.stderr
    out = tmp_path / "out"
    passes = run_skillc("build", str(CLICK_DOCS), "-o", str(out), "--disable", "no-such-pass")
    assert passes.returncode == 2 and "SK021 unknown pass 'no-such-pass'" in passes.stderr
