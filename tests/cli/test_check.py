"""``skillc build --check``: the CI gate and pre-commit hook for skills that drift.

Exit 0 when the committed outputs are what the sources produce now, 1 when not (listing the
stale, added and removed skills and the sources changed since the lock), and nothing is ever
written. The hook is run for real: git, pre-commit, this repository as the hook repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc
from tests.cli.test_output_ownership import CHANGED, PAGES, snapshot, write_docs


def stamps(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    docs = write_docs(tmp_path / "docs", PAGES)
    out = tmp_path / "skills"
    # Page grain: the checks name each page's skill as stale, added or removed.
    assert run_skillc("build", str(docs), "-o", str(out), "-q", "--group", "page").returncode == 0
    return docs, out


def check(docs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_skillc("build", str(docs), "-o", str(out), "--check", "--group", "page", *extra)


def test_current_outputs_pass(built: tuple[Path, Path]) -> None:
    _docs, out = built
    before = stamps(out)
    result = check(*built)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert stamps(out) == before


def test_changed_sources_fail_and_name_what_is_stale(built: tuple[Path, Path]) -> None:
    docs, out = built
    write_docs(docs, CHANGED)  # install changed, backup removed, restore added
    before, times = snapshot(out), stamps(out)
    result = check(docs, out, "--format", "json")
    assert result.returncode == 1
    drift = json.loads(result.stdout)["check"]
    assert drift["changed"] == ["install"]
    assert drift["added"] == ["restore"] and drift["removed"] == ["backup"]
    assert drift["sources_changed"] == ["install.md"]
    assert drift["sources_added"] == ["restore.md"] and drift["sources_removed"] == ["backup.md"]
    assert snapshot(out) == before and stamps(out) == times  # nothing written
    assert not any(p.name.startswith(f".{out.name}.") for p in out.parent.iterdir())
    text = check(docs, out)
    assert text.returncode == 1
    assert f"{out}/install: SK105 stale" in text.stderr
    assert f"{out}/restore: SK105 added" in text.stderr
    assert f"{out}/backup: SK105 removed" in text.stderr
    assert f"{docs / 'install.md'}: SK106 source changed" in text.stderr
    # Page grain: the checks name each page's skill as stale, added or removed.
    assert run_skillc("build", str(docs), "-o", str(out), "-q", "--group", "page").returncode == 0
    assert check(docs, out).returncode == 0


def test_a_hand_edit_of_a_committed_skill_is_drift(built: tuple[Path, Path]) -> None:
    docs, out = built
    skill_md = out / "deploy" / "SKILL.md"
    skill_md.write_text(skill_md.read_text() + "\nedited\n")
    result = check(docs, out)
    assert result.returncode == 1
    assert f"{out}/deploy: SK105 stale" in result.stderr
    assert "SK106" not in result.stderr  # no source changed


def test_a_source_change_that_changes_no_skill_still_makes_the_lock_stale(
    built: tuple[Path, Path],
) -> None:
    docs, out = built
    page = docs / "backup.md"
    page.write_text(page.read_text() + "\n\n")  # trailing blank lines: same skill
    result = check(docs, out)
    assert result.returncode == 1
    assert "SK107" in result.stderr and "SK105" not in result.stderr
    assert "backup.md: SK106" in result.stderr


def test_a_missing_output_folder_is_all_added(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    result = check(docs, tmp_path / "none", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["check"]["added"] == ["backup", "deploy", "install"]
    assert not (tmp_path / "none").exists()


PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is a dev dependency")
def test_the_pre_commit_hook_runs_the_check(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_docs(repo / "docs", PAGES)
    (repo / "skillc.toml").write_text(
        '[[output]]\nname = "docs"\nout = "skills"\nsources = ["docs"]\ngroup = "page"\n',
        encoding="utf-8",
    )
    git(repo, "init", "-q")
    assert run_skillc("build", "-q", cwd=repo).returncode == 0
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "PRE_COMMIT_COLOR": "never"}
    command = [str(PRE_COMMIT), "try-repo", str(ROOT), "skillc-check", "--all-files"]

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)

    current = hook()
    assert current.returncode == 0, current.stdout + current.stderr
    assert "skillc build --check" in current.stdout and "Passed" in current.stdout
    write_docs(repo / "docs", CHANGED)
    git(repo, "add", "-A")
    stale = hook()
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "Failed" in stale.stdout and "skills/install: SK105 stale" in stale.stdout
