"""The pre-commit hook end to end: real git, real pre-commit, this repository as the hook repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

GOOD = """---
name: pdf-forms
description: "Fills PDF forms from JSON data. Use when the user asks to fill or check a PDF form."
---

# PDF forms

1. Run `python scripts/fill.py form.pdf data.json`.
"""

BAD = GOOD.replace("name: pdf-forms", "name: PDF_Forms")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the module, so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "skillc-lint", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def skill_repo(tmp_path: Path, skill_md: str) -> Path:
    repo = tmp_path / "repo"
    skill = repo / ".claude" / "skills" / "pdf-forms"
    (skill / "scripts").mkdir(parents=True)
    (skill / "SKILL.md").write_text(skill_md, encoding="utf-8")
    (skill / "scripts" / "fill.py").write_text("print('filled')\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
def test_hook_passes_on_a_valid_skill(tmp_path: Path, hook_home: Path) -> None:
    result = try_repo(skill_repo(tmp_path, GOOD), hook_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skillc lint" in result.stdout and "Passed" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
def test_hook_fails_on_an_invalid_name(tmp_path: Path, hook_home: Path) -> None:
    result = try_repo(skill_repo(tmp_path, BAD), hook_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert ".claude/skills/pdf-forms/SKILL.md:2:7: PK107" in result.stdout


def add_repo_script(repo: Path) -> None:
    """A repository's own ``scripts/`` folder: the hook's pattern matches it too."""
    (repo / "scripts").mkdir()
    (repo / "scripts" / "release.sh").write_text("echo release\n", encoding="utf-8")
    git(repo, "add", "-A")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
def test_hook_skips_files_inside_no_skill(tmp_path: Path, hook_home: Path) -> None:
    """A changed ``scripts/release.sh`` beside a skill must not fail the commit."""
    repo = skill_repo(tmp_path, GOOD)
    add_repo_script(repo)
    result = try_repo(repo, hook_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
def test_hook_passes_when_no_changed_file_is_in_a_skill(tmp_path: Path, hook_home: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    add_repo_script(repo)
    result = try_repo(repo, hook_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No skill to lint" in result.stdout
