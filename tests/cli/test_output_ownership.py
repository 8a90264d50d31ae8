"""`skillc build` into a folder that already holds things: only skillc's own files ever change.

Run through the real CLI, as a team would: the skills folder is kept in git and annotated, a
skill is edited by hand, a build is killed at every file-system step, builds run side by side.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc

PAGES = {
    "install.md": "# Install\n\n1. Run `pip install tool`.\n2. Run `tool --version`.\n",
    "deploy.md": "# Deploy\n\n## Build\n\n1. Run `make dist`.\n\n## Ship\n\n1. Run `make ship`.\n",
    "backup.md": "# Backup\n\n1. Run `tool backup --all`.\n",
}
CHANGED = {
    "install.md": "# Install\n\n1. Run `pip install tool==2`.\n2. Run `tool --version`.\n",
    "deploy.md": PAGES["deploy.md"],
    "restore.md": "# Restore\n\n1. Run `tool restore latest`.\n",
}


def write_docs(folder: Path, pages: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def build(docs: Path, out: Path, *extra: str, env: dict[str, str] | None = None):
    """At page grain: these tests own, edit and remove one page's skill folder."""
    args = ("-o", str(out), "-q", "--group", "page", *extra)
    return run_skillc("build", str(docs), *args, env=env)


def leftovers(parent: Path, out: Path) -> list[str]:
    """Entries beside ``out`` that a build left (the lock file is meant to stay)."""
    return sorted(
        p.name
        for p in parent.iterdir()
        if p.name.startswith(f".{out.name}.") and p.name != f".{out.name}.skillc.lock"
    )


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    docs = write_docs(tmp_path / "docs", PAGES)
    out = tmp_path / "skills"
    result = build(docs, out)
    assert result.returncode == 0, result.stderr
    return docs, out


def test_git_folder_notes_and_annotations_survive_a_rebuild(built: tuple[Path, Path]) -> None:
    docs, out = built
    (out / ".git" / "objects").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "NOTES.md").write_text("our notes\n")
    (out / "install" / "team-notes.txt").write_text("ask ops first\n")
    write_docs(docs, CHANGED)
    result = build(docs, out)
    assert result.returncode == 0, result.stderr
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / ".git" / "objects").is_dir()
    assert (out / "NOTES.md").read_text() == "our notes\n"
    assert (out / "install" / "team-notes.txt").read_text() == "ask ops first\n"
    assert "tool==2" in (out / "install" / "SKILL.md").read_text()
    assert (out / "restore" / "SKILL.md").is_file()
    assert not (out / "backup").exists()  # skillc's skill for a removed page is gone
    assert leftovers(out.parent, out) == []


def test_a_hand_edit_stops_the_build_before_anything_is_written(
    built: tuple[Path, Path],
) -> None:
    docs, out = built
    skill_md = out / "install" / "SKILL.md"
    skill_md.write_text(skill_md.read_text() + "\nOur team runs this on Fridays only.\n")
    before = snapshot(out)
    write_docs(docs, CHANGED)
    result = build(docs, out)
    assert result.returncode == 1
    assert f"{out / 'install' / 'SKILL.md'}: SK014 edited by hand" in result.stderr
    assert snapshot(out) == before
    assert leftovers(out.parent, out) == []

    forced = build(docs, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Fridays" not in skill_md.read_text()
    assert "tool==2" in skill_md.read_text()


def test_a_hand_edited_file_the_build_would_remove_stops_it_too(built: tuple[Path, Path]) -> None:
    docs, out = built
    backup = out / "backup" / "SKILL.md"
    backup.write_text(backup.read_text() + "\nkeep\n")
    write_docs(docs, CHANGED)  # backup.md is gone from the sources
    result = build(docs, out)
    assert result.returncode == 1
    assert "backup" in result.stderr and "SK014" in result.stderr
    assert backup.read_text().endswith("keep\n")


def test_a_file_of_someone_else_where_the_build_writes_is_not_overwritten(
    built: tuple[Path, Path],
) -> None:
    docs, out = built
    (out / "restore").mkdir()
    (out / "restore" / "SKILL.md").write_text("hand-written restore skill\n")
    write_docs(docs, CHANGED)  # adds restore.md -> restore/SKILL.md
    result = build(docs, out)
    assert result.returncode == 1
    assert "SK015 not written by skillc" in result.stderr
    assert (out / "restore" / "SKILL.md").read_text() == "hand-written restore skill\n"


def test_a_deleted_output_file_is_written_again(built: tuple[Path, Path]) -> None:
    docs, out = built
    (out / "install" / "SKILL.md").unlink()
    result = build(docs, out, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert (out / "install" / "SKILL.md").is_file()
    assert json.loads(result.stdout)["changed"] == 1


def test_an_unchanged_rebuild_touches_nothing(built: tuple[Path, Path]) -> None:
    docs, out = built
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    inode = out.stat().st_ino
    result = build(docs, out, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps
    assert out.stat().st_ino == inode
    summary = json.loads(result.stdout)
    assert (summary["changed"], summary["removed"]) == (0, 0) and summary["files"] > 0


@pytest.mark.parametrize(
    "manifest",
    [
        b"",
        b"not json",
        b'{"generator": "other-tool 1.0", "skills": []}',
        b'{"generator": "skillc 0.1.0", "skills": [{"name": "..", "files": []}]}',
        json.dumps(
            {
                "generator": "skillc 0.1.0",
                "skills": [{"name": "a", "files": [{"path": "../../x", "sha256": "0" * 64}]}],
            }
        ).encode(),
    ],
    ids=["empty", "not-json", "other-tool", "dot-dot-skill", "path-leaves-the-folder"],
)
@pytest.mark.parametrize("record", ["skills.lock", "skillc-manifest.json"])
def test_a_folder_whose_manifest_is_not_skillcs_is_refused_whole(
    tmp_path: Path, manifest: bytes, record: str
) -> None:
    out = tmp_path / "out"
    (out / "photos").mkdir(parents=True)
    (out / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff photo")
    (out / record).write_bytes(manifest)
    docs = write_docs(tmp_path / "docs", PAGES)
    before = snapshot(out)
    result = build(docs, out)
    assert result.returncode == 2
    assert "SK012 output folder holds files skillc did not write" in result.stderr
    assert snapshot(out) == before


def test_a_linked_output_folder_stays_a_link(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    target = tmp_path / "real-skills"
    target.mkdir()
    link = tmp_path / "skills"
    link.symlink_to(target, target_is_directory=True)
    assert build(docs, link).returncode == 0
    write_docs(docs, CHANGED)
    result = build(docs, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "tool==2" in (target / "install" / "SKILL.md").read_text()


def test_leftovers_of_an_older_skillc_are_cleaned_up(built: tuple[Path, Path]) -> None:
    docs, out = built
    for name in (f".{out.name}.skillc-ab12cd34", f".{out.name}.old-zz99yy88"):
        shutil.copytree(out, out.parent / name)
    unrelated = out.parent / f".{out.name}.old-photos"  # not a name skillc ever made
    unrelated.mkdir()
    result = build(docs, out)
    assert result.returncode == 0, result.stderr
    assert leftovers(out.parent, out) == [unrelated.name]


@pytest.mark.parametrize("foreign", [False, True], ids=["swap", "in-place"])
def test_sigkill_at_every_step_leaves_a_whole_output(tmp_path: Path, foreign: bool) -> None:
    """Kill the build at each file-system change it makes; the output is never half-written
    (swap: old or new, whole; in place: every file old or new, finished by the next build),
    foreign files never change, and the next build leaves nothing behind."""
    docs = write_docs(tmp_path / "docs", PAGES)
    pristine = tmp_path / "pristine"
    assert build(docs, pristine).returncode == 0
    if foreign:
        (pristine / ".git").mkdir()
        (pristine / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (pristine / "NOTES.md").write_text("notes\n")
    old = snapshot(pristine)
    write_docs(docs, CHANGED)
    reference = tmp_path / "reference"
    assert build(docs, reference).returncode == 0
    new = {
        **snapshot(reference),
        **{k: v for k, v in old.items() if k in (".git/HEAD", "NOTES.md")},
    }
    out = tmp_path / "work" / "skills"
    killed = 0
    for step in range(1, 60):
        if out.parent.exists():
            shutil.rmtree(out.parent)
        out.parent.mkdir()
        shutil.copytree(pristine, out)
        result = build(docs, out, env={"_SKILLC_KILL_AFTER": str(step)})
        if result.returncode == 0:
            break
        assert result.returncode == -9, result.stderr
        killed += 1
        now = snapshot(out)
        if foreign:
            assert all(now.get(k) in (old.get(k), new.get(k)) for k in {*now, *old, *new}), step
            assert now[".git/HEAD"] == old[".git/HEAD"] and now["NOTES.md"] == old["NOTES.md"]
        else:
            assert now in (old, new), f"half-written output after a kill at step {step}"
        again = build(docs, out)
        assert again.returncode == 0, again.stderr
        assert snapshot(out) == new, step
        assert leftovers(out.parent, out) == [], step
    assert killed >= 5  # the hook really interrupted the commit at several points
    assert snapshot(out) == new


def test_concurrent_builds_into_one_folder_all_succeed(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    out = tmp_path / "skills"
    reference = tmp_path / "reference"
    assert build(docs, reference).returncode == 0
    command = [sys.executable, "-m", "skillc", "build", str(docs), "-o", str(out), "-q"]
    command += ["--group", "page"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        for _ in range(12)
    ]
    results = [(p.wait(), p.stderr.read().decode() if p.stderr else "") for p in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0] * 12, results
    assert snapshot(out) == snapshot(reference)
    assert leftovers(tmp_path, out) == []
