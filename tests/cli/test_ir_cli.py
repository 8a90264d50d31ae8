"""`skillc ir` and `skillc passes` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import CLICK_DOCS, run_skillc

QUICKSTART = str(CLICK_DOCS / "quickstart.md")


def test_dump_then_parse_round_trips_through_stdin() -> None:
    dumped = run_skillc("ir", "dump", QUICKSTART)
    assert dumped.returncode == 0, dumped.stderr
    assert dumped.stdout.startswith('ssl 0.1\nsource "quickstart.md" {\n')
    assert 'object "pip"' in dumped.stdout and "resource_scope NETWORK" in dumped.stdout
    parsed = run_skillc("ir", "parse", "-", stdin=dumped.stdout)
    assert parsed.returncode == 0, parsed.stderr
    assert parsed.stdout == dumped.stdout


def test_json_record_export_and_import(tmp_path: Path) -> None:
    exported = run_skillc("ir", "dump", QUICKSTART, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    [record] = data["records"]
    assert list(record) == ["skill", "scenes", "logic_steps"]
    assert record["skill"]["entry_scene_id"] == record["scenes"][0]["scene_id"]
    path = tmp_path / "quickstart.json"
    path.write_text(exported.stdout, encoding="utf-8")
    back = run_skillc("ir", "parse", str(path))
    assert back.stdout == run_skillc("ir", "dump", QUICKSTART).stdout


def test_dump_after_a_pipeline_shows_the_compiled_names() -> None:
    dumped = run_skillc("ir", "dump", QUICKSTART, "-O", "1")
    assert dumped.returncode == 0, dumped.stderr
    assert 'name "quickstart"' in dumped.stdout
    assert 'description "Covers quickstart. Use when' in dumped.stdout


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ssl"
    bad.write_text('ssl 0.1\nskill "x" {\n  skill_name }\n', encoding="utf-8")
    result = run_skillc("ir", "parse", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3:14: SK001" in result.stderr
    assert "Traceback" not in result.stderr


def test_verify_reports_broken_transitions(tmp_path: Path) -> None:
    text = (
        "ssl 0.1\n"
        'skill "K" {\n'
        '  entry_scene_id "S_1"\n'
        '  subscenes ["S_1"]\n'
        '  scene "S_1" {\n'
        '    entry_logic_step_id "L_1"\n'
        '    contained_logic_steps ["L_1"]\n'
        '    next_scene_rules [rule(condition "success" target "S_9")]\n'
        "  }\n"
        '  step "L_1" {}\n'
        "}\n"
    )
    path = tmp_path / "broken.ssl"
    path.write_text(text, encoding="utf-8")
    result = run_skillc("ir", "verify", str(path))
    assert result.returncode == 1
    assert "ST004" in result.stderr and "S_9" in result.stderr
    clean = run_skillc("ir", "verify", QUICKSTART)
    assert clean.returncode == 0, clean.stderr


def test_passes_list_and_plan() -> None:
    listed = run_skillc("passes", "list")
    assert listed.returncode == 0, listed.stderr
    for name in (
        "normalize-names",
        "select-skills",
        "classify-content",
        "compress-description",
        "rewrite-links",
        "progressive-disclosure",
        "verify-no-loss",
    ):
        assert name in listed.stdout
    planned = run_skillc("passes", "plan", "O1")
    assert planned.returncode == 0, planned.stderr
    order = [line.split()[1] for line in planned.stdout.splitlines()]
    assert order[0] == "normalize-names"
    assert order.index("select-skills") < order.index("rewrite-links")
    assert order.index("classify-content") < order.index("progressive-disclosure")


def test_plan_of_an_unknown_pass_is_a_usage_error() -> None:
    result = run_skillc("passes", "plan", "no-such-pass")
    assert result.returncode == 2
    assert "SK021" in result.stderr


def test_print_after_and_verify_each(tmp_path: Path) -> None:
    result = run_skillc(
        "build",
        QUICKSTART,
        "-o",
        str(tmp_path / "o"),
        "-q",
        "--verify-each",
        "--print-after",
        "progressive-disclosure",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("# IR after progressive-disclosure\nssl 0.1\n")
