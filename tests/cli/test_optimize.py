"""`skillc optimize`: existing skills compressed, every other file carried byte for byte, nothing
actionable lost, every output valid with the reference validator; and `skillc eval-triggers`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from skillc.passes.actionable import code_items, markdown_items
from tests.cli.conftest import ROOT, run_skillc

FIXTURES = ROOT / "tests" / "passes" / "fixtures" / "optimize"
BUNDLE = ROOT / "corpora" / "skills" / "agent-skills-bundle"
CORPUS = sorted((ROOT / "corpora" / "skills").iterdir())
FENCE = re.compile(r"^ {0,3}```[^\n]*\n(.*?)^ {0,3}```", re.MULTILINE | re.DOTALL)


def optimize(*args: str) -> subprocess.CompletedProcess[str]:
    return run_skillc("optimize", *args)


def report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["schema"] == "skillc-optimize-report"
    return document


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def validate(skill: Path) -> None:
    validator = Path(sys.executable).with_name("agentskills")
    done = subprocess.run(
        [str(validator), "validate", str(skill)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{skill}: {done.stdout}{done.stderr}"


def test_the_fixture_skill_is_optimised_as_expected(tmp_path: Path) -> None:
    out = tmp_path / "out"
    document = report(optimize(str(FIXTURES / "input"), "-o", str(out), "--format", "json"))
    expected = FIXTURES / "expected" / "report-maker"
    written = out / "report-maker"
    for path, data in files(expected).items():
        assert (written / path).read_bytes() == data, path
    source = files(FIXTURES / "input" / "report-maker")
    for path in ("scripts/collect.sh", "assets/logo.png", "references/filters.md"):
        assert (written / path).read_bytes() == source[path], "carried byte for byte"
    assert os.access(written / "scripts" / "collect.sh", os.X_OK) or os.name == "nt"
    [skill] = document["skills"]
    assert skill["removed"] == [
        "B2 (prose): preamble restating the description",
        "B10 (prose): duplicate of B7",
        "B17 (heading): empty section",
    ]
    assert [m.split(" (")[0] for m in skill["moved"]] == ["B4", "B12", "B13"]
    assert skill["after"]["body"] < skill["before"]["body"]
    assert skill["after"]["description"] < skill["before"]["description"]
    codes = [d["code"] for d in document["diagnostics"]]
    assert codes.count("PV030") == 3 and codes.count("PV031") == 3 and "PV032" not in codes
    assert "PV035" in codes, "user-invocable moved under metadata, and said so"
    validate(written)
    # the fixture's wrapped paragraph is one line; --keep-line-breaks leaves it as written
    wrapped = "a reader who\nmissed the week"
    assert wrapped not in (written / "SKILL.md").read_text(encoding="utf-8")
    kept = tmp_path / "kept"
    optimize(str(FIXTURES / "input"), "-o", str(kept), "-q", "--keep-line-breaks")
    assert wrapped in (kept / "report-maker" / "SKILL.md").read_text(encoding="utf-8")


def test_the_output_keeps_every_actionable_item_of_the_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    optimize(str(FIXTURES / "input"), "-o", str(out), "-q")
    before = _items(FIXTURES / "input" / "report-maker")
    after = _items(out / "report-maker")
    assert before <= after
    assert any(i.kind == "constraint" and "never include merge" in i.text for i in before)


def _items(folder: Path) -> set[Any]:
    found: set[Any] = set()
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if path.name == "SKILL.md":
            text = text.split("\n---\n", 1)[1]
        found |= markdown_items(text)
    return found


@pytest.mark.parametrize("corpus", CORPUS, ids=lambda p: p.name)
def test_on_the_skills_corpus_nothing_is_lost_and_every_package_validates(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    document = report(optimize(str(corpus), "-o", str(out), "--format", "json"))
    assert not [d for d in document["diagnostics"] if d["code"] == "PV032"]
    assert document["totals"]["rolled_back"] == 0
    for skill in document["skills"]:
        source, written = corpus / skill["name"], out / skill["name"]
        validate(written)
        inputs, outputs = files(source), files(written)
        for path, data in inputs.items():
            if not path.endswith(".md"):
                assert outputs[path] == data, f"{skill['name']}/{path} carried unchanged"
        before = {b for p, d in inputs.items() if p.endswith(".md") for b in _fenced(d)}
        after = {b for p, d in outputs.items() if p.endswith(".md") for b in _fenced(d)}
        assert before <= after, f"{skill['name']}: every code block of the input is in the output"
        evals = json.loads(outputs["evals/evals.json"])
        assert all(set(e) == {"query", "should_trigger"} for e in evals)


def _fenced(data: bytes) -> set[str]:
    text = data.decode("utf-8")
    return {
        next(iter(code_items(m.group(1)))).text for m in FENCE.finditer(text) if m.group(1).strip()
    }


def test_check_exits_1_when_a_skill_would_change_and_writes_nothing(tmp_path: Path) -> None:
    result = optimize(str(FIXTURES / "input"), "--check")
    assert result.returncode == 1, result.stderr
    assert "skillc optimize --check" in result.stdout
    out = tmp_path / "out"
    assert optimize(str(FIXTURES / "input"), "-o", str(out), "-q").returncode == 0
    again = optimize(str(out), "--check", "--format", "json")
    assert again.returncode == 0, again.stdout
    assert report(again)["totals"]["changed"] == 0


def test_outputs_are_byte_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out-{seed}"
        done = run_skillc(
            "optimize", str(BUNDLE), "-o", str(out), "-q", env={"PYTHONHASHSEED": seed}
        )
        assert done.returncode == 0, done.stderr
        outs.append(files(out))
    assert outs[0] == outs[1]
    assert not any(str(tmp_path) in data.decode("utf-8", "replace") for data in outs[0].values())


def test_a_dot_skill_archive_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "report-maker.skill"
    with zipfile.ZipFile(archive, "w") as zf:
        for path, data in files(FIXTURES / "input").items():
            zf.writestr(path, data)
    out = tmp_path / "out"
    result = optimize(str(archive), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    expected = FIXTURES / "expected" / "report-maker" / "SKILL.md"
    assert (out / "report-maker" / "SKILL.md").read_bytes() == expected.read_bytes()


def test_bad_inputs_are_clear_errors_naming_the_path(tmp_path: Path) -> None:
    missing = optimize(str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 2
    assert "SK160" in missing.stderr and "nope" in missing.stderr
    assert "Traceback" not in missing.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "SKILL.md").write_bytes(b"---\nname: broken\n---\n\xff\xfe not text")
    result = optimize(str(broken), "-o", str(tmp_path / "out2"))
    assert result.returncode == 2 and "SK160" in result.stderr and "UTF-8" in result.stderr
    assert not (tmp_path / "out2").exists()
    usage = optimize(str(FIXTURES / "input"))
    assert usage.returncode == 2 and "-o OUT" in usage.stderr


def test_a_foreign_output_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = optimize(str(FIXTURES / "input"), "-o", str(out))
    assert result.returncode == 2 and "SK012" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_keep_unknown_keys_leaves_client_extensions_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    optimize(str(FIXTURES / "input"), "-o", str(out), "-q", "--keep-unknown-keys")
    head = (out / "report-maker" / "SKILL.md").read_text(encoding="utf-8").split("---")[1]
    assert "\nuser-invocable: true\n" in head


def test_eval_triggers_scores_the_written_evals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    optimize(str(BUNDLE), "-o", str(out), "-q")
    result = run_skillc("eval-triggers", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    rows = {row["name"]: row for row in document["skills"]}
    assert len(rows) == 22
    tdd = json.loads((out / "skills" / "tdd" / "evals" / "evals.json").read_text("utf-8"))
    assert rows["skills/tdd"]["should_trigger"] == sum(e["should_trigger"] for e in tdd)
    assert 0 < document["totals"]["recall"] <= 1
    table = run_skillc("eval-triggers", str(out))
    assert "recall" in table.stdout and "skills/tdd" in table.stdout


def test_eval_triggers_refuses_a_malformed_evals_file(tmp_path: Path) -> None:
    skill = tmp_path / "lib" / "one"
    (skill / "evals").mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: one\ndescription: Does one.\n---\n# One\n", "utf-8")
    (skill / "evals" / "evals.json").write_text('[{"query": 3}]', encoding="utf-8")
    result = run_skillc("eval-triggers", str(tmp_path / "lib"))
    assert result.returncode == 2
    assert "SK160" in result.stderr and "evals/evals.json" in result.stderr
    assert "Traceback" not in result.stderr


EDGE_CASES = {
    "nofm": b"# No front matter\n\nRun `make x`.\n\n## Usage\n\n```bash\nmake x\n```\n",
    "folded": b"---\nname: folded\ndescription: >\n  This skill helps you fold\n  long text. "
    b"Use this skill when the user wants to fold text.\nlicense: MIT\n---\n\n# Folded\n\nText.\n",
    "listdesc": b"---\nname: listdesc\ndescription: [a, b]\n---\n\n# L\n",
    "empty": b"",
    "crlf-bom": b"\xef\xbb\xbf---\r\nname: crlf-bom\r\ndescription: This skill helps you test line "
    b"ends.\r\n---\r\n\r\n# T\r\n\r\nText.\r\n",
}


def test_front_matter_edge_cases_come_out_valid(tmp_path: Path) -> None:
    for name, data in EDGE_CASES.items():
        (tmp_path / "lib" / name).mkdir(parents=True)
        (tmp_path / "lib" / name / "SKILL.md").write_bytes(data)
    out = tmp_path / "out"
    result = optimize(str(tmp_path / "lib"), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    for name in EDGE_CASES:
        validate(out / name)
    folded = (out / "folded" / "SKILL.md").read_text(encoding="utf-8")
    assert 'description: "Folds long text. Use to fold text."\nlicense: MIT\n' in folded
    assert (out / "crlf-bom" / "SKILL.md").read_bytes().startswith(b"---\r\nname: crlf-bom\r\n")
    assert "```bash\nmake x\n```" in (out / "nofm" / "SKILL.md").read_text(encoding="utf-8")


def test_a_description_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    skill = tmp_path / "lib" / "unclosed"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_bytes(b"---\nname: unclosed\ndescription: x\n\n# body\n")
    result = optimize(str(tmp_path / "lib"), "--check", "--format", "json")
    codes = [d["code"] for d in report(result)["diagnostics"]]
    assert "PV036" in codes


def test_build_at_os_runs_compress_body_and_stays_valid(tmp_path: Path) -> None:
    source = FIXTURES / "input" / "report-maker"
    bodies = {}
    for level in ("1", "s"):
        out = tmp_path / f"O{level}"
        result = run_skillc("build", str(source), "-o", str(out), f"-O{level}", "-q")
        assert result.returncode == 0, result.stderr
        validate(out / "report-maker")
        text = (out / "report-maker" / "SKILL.md").read_text(encoding="utf-8")
        bodies[level] = text.split("\n---\n", 1)[1]
    assert len(bodies["s"]) < len(bodies["1"])
    assert "This skill helps you create weekly" in bodies["1"]
    assert "This skill helps you create weekly" not in bodies["s"]
    assert "./scripts/collect.sh --since" in bodies["s"]


def test_a_second_run_replaces_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = str(FIXTURES / "input")
    assert optimize(source, "-o", str(out), "-q").returncode == 0
    manifest = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    assert [s["name"] for s in manifest["skills"]] == ["report-maker"]
    (out / "NOTES.txt").write_text("mine", encoding="utf-8")
    assert optimize(source, "-o", str(out), "-q").returncode == 0, "a rerun is a no-op"
    skill = out / "report-maker" / "SKILL.md"
    skill.write_text(skill.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    refused = optimize(source, "-o", str(out), "-q")
    assert refused.returncode == 2 and "SK014" in refused.stderr
    assert optimize(source, "-o", str(out), "-q", "--force").returncode == 0
    assert "edited" not in skill.read_text(encoding="utf-8")
    assert (out / "NOTES.txt").read_text(encoding="utf-8") == "mine"
