"""`skillc build` reads folders of skills (a folder holding SKILL.md) and emits them again."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

from tests.cli.conftest import run_skillc


def _validate(skill: Path) -> None:
    validator = Path(sys.executable).with_name("agentskills")
    result = subprocess.run(
        [str(validator), "validate", str(skill)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{skill.name}: {result.stdout}{result.stderr}"


def test_a_built_skill_builds_again_and_validates(click_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = run_skillc("build", str(click_build / "click-quickstart"), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["click-quickstart", "skills.lock"]
    _validate(out / "click-quickstart")
    manifest = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    [source] = manifest["sources"]
    assert source["id"] == "click-quickstart/SKILL.md"
    assert source["media_type"] == "text/markdown; variant=agent-skill"
    before = _front_matter(click_build / "click-quickstart")
    after = _front_matter(out / "click-quickstart")
    assert (after["name"], after["description"]) == (before["name"], before["description"])
    assert after["metadata"]["source"] == "click-quickstart/SKILL.md"


def _front_matter(skill: Path) -> dict[str, Any]:
    text = (skill / "SKILL.md").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---\n")[1]))


def test_a_whole_build_output_builds_again(click_build: Path, tmp_path: Path) -> None:
    """Each skill folder is one source; its reference files are not pages of their own."""
    out = tmp_path / "again"
    result = run_skillc("build", str(click_build), "-o", str(out), "-q", "--index", "never")
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in click_build.iterdir() if p.is_dir())
    rebuilt = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert rebuilt == built
    for skill in rebuilt:
        _validate(out / skill)


def test_reference_files_a_skill_links_to_are_named_as_not_read(tmp_path: Path) -> None:
    """Only SKILL.md of a skill source is read: each file it links to gets an SK032 warning,
    so the content missing from the output is never dropped without a word."""
    skill = tmp_path / "deploy-app"
    (skill / "references").mkdir(parents=True)
    (skill / "SKILL.md").write_text(
        "---\nname: deploy-app\ndescription: Deploys the app to staging. Use when the user "
        "asks to deploy or ship a build.\n---\n# Deploy\n\n1. Run `make deploy`.\n\n"
        "Read [the API notes](references/api.md) and [again](references/api.md#top) or "
        "[the site](https://example.com/x.md).\n",
        encoding="utf-8",
    )
    (skill / "references" / "api.md").write_text("# API\n\nPOST /deploy\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_skillc("build", str(skill), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    found = [d for d in diagnostics if d["code"] == "SK032"]
    assert len(found) == 1, found
    assert "references/api.md" in found[0]["message"]
    assert found[0]["severity"] == "warning"
    (folder,) = [d for d in diagnostics if d["code"] == "SK033"]
    assert folder["severity"] == "warning"
    assert "1 file(s)" in folder["message"] and folder["message"].endswith("references/api.md")


def test_files_of_a_skill_that_are_not_read_are_named(tmp_path: Path) -> None:
    """Scripts a skill names in backticks (not links) are not carried either: SK033 says so."""
    skill = tmp_path / "skills" / "make-report"
    (skill / "scripts").mkdir(parents=True)
    (skill / "SKILL.md").write_text(
        "---\nname: make-report\ndescription: Builds the weekly report. Use when the user "
        "asks for the weekly report.\n---\n# Report\n\n1. Run `scripts/report.py`.\n",
        encoding="utf-8",
    )
    for name in ("scripts/report.py", "scripts/a.py", "scripts/b.py", "c.txt", "d.txt", "e.txt"):
        (skill / name).write_text("x\n", encoding="utf-8")
    result = run_skillc("build", str(tmp_path / "skills"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if "SK033" in x]
    assert line.startswith("warning: ") and "make-report: SK033 6 file(s)" in line
    assert line.endswith("c.txt, d.txt, e.txt, scripts/a.py, scripts/b.py and 1 more")


def test_files_of_a_skill_inside_an_archive_are_named_too(tmp_path: Path) -> None:
    archive = tmp_path / "skills.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(
            "skills/make-report/SKILL.md",
            "---\nname: make-report\ndescription: Builds the weekly report. Use when the user "
            "asks for the weekly report.\n---\n# Report\n\n1. Run `scripts/report.py`.\n",
        )
        bundle.writestr("skills/make-report/scripts/report.py", "print('report')\n")
        bundle.writestr("skills/make-report/references/fields.md", "# Fields\n\nName.\n")
    result = run_skillc("build", str(archive), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if "SK033" in x]
    assert f"{archive}!/skills/make-report: SK033 2 file(s)" in line
    assert line.endswith("references/fields.md, scripts/report.py")
    assert (tmp_path / "out" / "make-report" / "SKILL.md").is_file()
