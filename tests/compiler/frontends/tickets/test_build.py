"""`skillc build` on ticket exports: troubleshooting skills that validate, cite their tickets,
and hold no personal data or secret of the input anywhere in the output, the report or the log.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from skillc.compiler.frontends.tickets.formats import read_export
from skillc.compiler.frontends.tickets.model import TicketBuilder
from skillc.compiler.frontends.tickets.reader import read_tickets
from skillc.compiler.frontends.tickets.reading import Reading
from skillc.compiler.frontends.tickets.redact import Redactor
from skillc.lint.detect.secrets import find_secrets
from tests.cli.conftest import ROOT, run_skillc
from tests.compiler.frontends.tickets.exports import Export, write_exports

GITHUB3 = ROOT / "corpora" / "tickets" / "github3-issues" / "src"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return write_exports(tmp_path_factory.mktemp("exports") / "support")


@pytest.fixture(scope="module")
def built(export: Export, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out") / "skills"
    result = run_skillc("build", str(export.folder), "-o", str(out), "-v")
    assert result.returncode == 0, result.stderr
    return out, result.stdout + result.stderr


def tree_text(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def validate(skill: Path) -> None:
    validator = Path(sys.executable).with_name("agentskills")
    result = subprocess.run(
        [str(validator), "validate", str(skill)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{skill.name}: {result.stdout}{result.stderr}"


def test_each_problem_becomes_a_valid_troubleshooting_skill(built: tuple[Path, str]) -> None:
    out, _ = built
    skills = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert skills == ["troubleshoot-operationalerror", "troubleshoot-sslerror"]
    for name in skills:
        validate(out / name)
    ssl = (out / "troubleshoot-sslerror" / "SKILL.md").read_text(encoding="utf-8")
    description = ssl.split("description: ", 1)[1].split("\n", 1)[0]
    assert "CERTIFICATE_VERIFY_FAILED" in description and "<" not in description
    for heading in ("## Symptoms", "## Diagnose", "## Resolve", "## Escalate"):
        assert heading in ssl
    assert "## Conflicting advice" in ssl


def test_every_step_cites_the_tickets_and_comments_it_came_from(built: tuple[Path, str]) -> None:
    out, _ = built
    for skill in (p for p in out.iterdir() if p.is_dir()):
        body = (skill / "SKILL.md").read_text(encoding="utf-8")
        steps = re.findall(r"(?m)^\d+\. .*$", body)
        assert steps
        for step in steps:
            assert re.search(r"\((?:[\w.#:-]+(?: comment \d+)?(?:; )?)+\):?$", step), step
    locked = (out / "troubleshoot-operationalerror" / "SKILL.md").read_text(encoding="utf-8")
    assert "(sync#41 comment 1; sync#57 comment 1)" in locked  # one step, two tickets


def test_every_logic_step_has_provenance_to_a_ticket(export: Export) -> None:
    exports = [(p.name, p.read_bytes()) for p in sorted(export.folder.iterdir())]
    result = read_tickets(exports)
    names = {p.name for p in export.folder.iterdir()}
    assert result.skills
    for skill in result.skills:
        assert skill.logic_steps and skill.scenes
        for step in skill.logic_steps:
            assert step.prov, step.id
            for span in step.prov:
                export_name, _, ticket = span.source.partition("#")
                assert export_name in names and ticket, span


def test_no_personal_value_reaches_the_output_report_or_log(
    export: Export, built: tuple[Path, str], tmp_path: Path
) -> None:
    out, log = built
    as_json = run_skillc("build", str(export.folder), "-o", str(tmp_path / "j"), "--format", "json")
    texts = {**tree_text(out), "<log>": log, "<json>": as_json.stdout + as_json.stderr}
    for where, text in texts.items():
        for name, value in export.secrets.items():
            assert value not in text, f"{name} in {where}"
        assert not find_secrets(text), where
        assert not EMAIL.search(text), where


def test_the_build_reports_skipped_records_and_redaction_counts(
    export: Export, built: tuple[Path, str], tmp_path: Path
) -> None:
    _, log = built
    for name, lines in export.bad_lines.items():
        if name == "issues.json":
            lines = [line - 4 for line in lines]  # the truncated record's "{" line
        for line in lines:
            assert f"{name}:{line}:1: SK090 ticket record skipped" in log
    assert "SK093" in log and "contradict" in log
    assert "SK092" in log and "fewer than 2 tickets" in log
    result = run_skillc("build", str(export.folder), "-o", str(tmp_path / "j"), "--format", "json")
    counts = json.loads(result.stdout)["counts"]
    assert counts["records skipped"] == 5
    assert counts["troubleshooting skills"] == 2
    assert counts["redacted e-mail address"] >= 1 and counts["redacted token or key"] == 3
    assert counts["redacted phone number"] == 2


def test_outputs_do_not_depend_on_hash_seed_or_jobs(export: Export, tmp_path: Path) -> None:
    trees = []
    for n, (seed, jobs) in enumerate([("1", "1"), ("4242", "2")]):
        out = tmp_path / f"o{n}"
        env = {"PYTHONHASHSEED": seed}
        result = run_skillc("build", str(export.folder), "-o", str(out), "-j", jobs, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(tree_text(out))
    assert trees[0] == trees[1]


@pytest.mark.skipif(not GITHUB3.is_dir(), reason="corpus not fetched (make corpora)")
def test_the_github3_corpus_leaks_nothing_it_redacted(tmp_path: Path) -> None:
    redactor = Redactor()
    builder = TicketBuilder(redactor)
    for path in sorted(GITHUB3.glob("*.json")):
        read_export(path.read_bytes(), Reading(source=path.name, builder=builder))
    redacted = redactor.redacted_values()
    assert sum(redactor.counts.values()) >= 10 and any("@" in v for v in redacted)
    out = tmp_path / "github3"
    result = run_skillc("build", str(GITHUB3), "-o", str(out), "-v", "--format", "json")
    assert result.returncode == 0, result.stderr
    texts = {**tree_text(out), "<stdout>": result.stdout, "<stderr>": result.stderr}
    for where, text in texts.items():
        for value in redacted:
            assert value not in text, where
        assert not find_secrets(text), where
        assert not EMAIL.search(text), where
    skills = [p for p in out.iterdir() if p.is_dir()]
    for skill in skills:
        validate(skill)
    summary = json.loads(result.stdout)
    assert summary["counts"]["tickets"] >= 140
    assert summary["counts"]["troubleshooting skills"] == len(skills)


def test_an_export_over_the_page_limit_with_a_huge_field_builds_the_rest(tmp_path: Path) -> None:
    # 25 MB: over the 20 MB limit on a guide page, a field of 24 MB in one record.
    export = tmp_path / "big" / "helpdesk.csv"
    export.parent.mkdir()
    rows = [
        "ID,Subject,Description,Status,Resolution",
        f'1,Upload fails with PayloadTooLarge,"{"A" * 24_000_000}",Closed,Split the file.',
        "2,Upload fails with PayloadTooLarge,PayloadTooLargeError: 413,Closed,"
        "Split the upload into parts under 10 MB.",
        "3,Upload fails with PayloadTooLarge,PayloadTooLargeError: 413 again,Closed,"
        "Split the upload into parts under 10 MB.",
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_skillc("build", str(export.parent), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["counts"]["records skipped"] == 1 and summary["counts"]["tickets"] == 2
    [skipped] = [d for d in summary["diagnostics"] if d["code"] == "SK090"]
    assert skipped["location"]["row"] == 2 and "field limit" in skipped["message"]
    assert summary["skills"] == 1


def test_a_rebuild_changes_nothing_and_the_text_report_shows_the_counts(
    export: Export, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_skillc("build", str(export.folder), "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert "tickets: 10" in first.stdout and "troubleshooting skills: 2" in first.stdout
    assert "redacted e-mail address: " in first.stdout
    again = run_skillc("build", str(export.folder), "-o", str(out), "--format", "json")
    assert json.loads(again.stdout)["changed"] == 0
