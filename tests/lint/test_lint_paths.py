"""`skillc lint PATH...` on paths that name no skill: exit 2 with a clear line, never a pass.

A mistyped path in CI must fail: a missing path, a folder without a skill, a file inside no
skill are usage errors (exit 2, ``error: PATH: SK010 ...`` on stderr), and "All checks passed"
is never printed then. ``json`` and ``sarif`` still write one valid document on stdout. The
pre-commit hook passes ``--skip-outside-skills``, since its ``files`` pattern also matches a
repository's own ``scripts/`` folder: there, files inside no skill are skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from skillc.lint.targets import outside_skills, resolve
from tests.cli.conftest import run_skillc
from tests.lint.test_cli_lint import VALID, write_skill


def lint(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_skillc("lint", *args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one valid skill, a folder of notes and a root-level ``scripts/``."""
    write_skill(tmp_path / "skills", "pdf-forms")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.md").write_text("# todo\n", encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "release.sh").write_text("echo release\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nope", "nope: SK010 no such file or directory"),
        ("skills/pdf-form", "skills/pdf-form: SK010 no such file or directory"),
        ("notes", "notes: SK010 no skill found (no SKILL.md in it or in a folder below, 8 levels"),
        ("scripts/release.sh", "scripts/release.sh: SK010 not inside a skill (no SKILL.md in its"),
    ],
    ids=["missing", "typo", "folder-without-skill", "file-in-no-skill"],
)
def test_a_path_that_names_no_skill_is_a_usage_error(repo: Path, path: str, message: str) -> None:
    code, out, err = lint(path, cwd=repo)
    assert code == 2
    assert err.startswith(f"error: {message}"), err
    assert len(err.splitlines()) == 1, err
    assert "All checks passed" not in out + err


def test_the_other_paths_are_still_linted(repo: Path) -> None:
    (repo / "skills" / "pdf-forms" / "SKILL.md").write_text(
        VALID.format(name="PDF_Forms"), encoding="utf-8"
    )
    code, out, err = lint("skills/pdf-forms", "nope", cwd=repo)
    assert code == 2 and "nope: SK010 no such file" in err
    assert "skills/pdf-forms/SKILL.md:2:7: PK107" in out and "Found 2 problems" in out


def test_a_clean_skill_beside_a_missing_path_does_not_pass(repo: Path) -> None:
    code, out, _ = lint("skills", "nope", cwd=repo)
    assert code == 2 and "All checks passed" not in out


def test_no_path_in_a_folder_without_skills_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = lint(cwd=tmp_path)
    assert code == 2 and err.startswith("error: .: SK010 no skill found") and out == ""


def test_symlink_loop_is_a_usage_error(repo: Path) -> None:
    os.symlink("loop.md", repo / "loop.md")
    code, _, err = lint("loop.md", cwd=repo)
    assert code == 2
    assert err == "error: loop.md: SK010 symlink loop (too many levels of symbolic links)\n"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_stay_valid_documents_on_exit_2(repo: Path, fmt: str) -> None:
    """One valid document on stdout (empty or with the linted paths' findings), errors on
    stderr: a pipeline that uploads the SARIF still reads it, the exit code says 2."""
    code, out, err = lint("nope", "--format", fmt, cwd=repo)
    assert code == 2 and "nope: SK010 no such file" in err
    document = json.loads(out)
    if fmt == "json":
        assert document == []
    else:
        assert document["version"] == "2.1.0" and document["runs"][0]["results"] == []
    (repo / "skills" / "pdf-forms" / "SKILL.md").write_text(
        VALID.format(name="PDF_Forms"), encoding="utf-8"
    )
    code, out, _ = lint("skills", "nope", "--format", fmt, cwd=repo)
    document = json.loads(out)
    found = document if fmt == "json" else document["runs"][0]["results"]
    assert code == 2 and "PK107" in {d.get("code") or d.get("ruleId") for d in found}


# --- The pre-commit hook's case -----------------------------------------------------------------


def test_hook_flag_skips_files_inside_no_skill(repo: Path) -> None:
    code, out, err = lint(
        "--skip-outside-skills", "scripts/release.sh", "skills/pdf-forms/SKILL.md", cwd=repo
    )
    assert (code, err) == (0, "") and "All checks passed" in out


def test_hook_flag_with_only_files_inside_no_skill_passes_saying_so(repo: Path) -> None:
    code, out, err = lint("--skip-outside-skills", "scripts/release.sh", cwd=repo)
    assert (code, out, err) == (0, "No skill to lint: no given file is inside a skill.\n", "")
    code, out, _ = lint("--skip-outside-skills", "scripts/release.sh", "-q", cwd=repo)
    assert (code, out) == (0, "")
    code, out, _ = lint(
        "--skip-outside-skills", "scripts/release.sh", "--format", "sarif", cwd=repo
    )
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []


def test_hook_flag_skips_only_files(repo: Path) -> None:
    """Folders and missing paths are still errors: the hook never passes them, people do."""
    for path in ("notes", "nope"):
        code, _, err = lint("--skip-outside-skills", path, cwd=repo)
        assert code == 2 and err.startswith(f"error: {path}: SK010 "), err


def test_outside_skills_and_resolve(repo: Path) -> None:
    assert outside_skills(str(repo / "scripts" / "release.sh"))
    assert not outside_skills(str(repo / "skills" / "pdf-forms" / "scripts" / "fill.py"))
    assert not outside_skills(str(repo / "notes")), "a folder is never skipped"
    assert not outside_skills(str(repo / "nope"))
    paths = [str(repo / name) for name in ("skills", "notes", "nope")]
    targets = resolve(paths, cwd=repo)
    assert [d for _, d in targets.packages] == ["skills/pdf-forms"]
    assert [(p.path, p.severity.value) for p in targets.problems] == [
        (paths[1], "error"),
        (paths[2], "error"),
    ]
