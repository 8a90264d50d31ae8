"""``skillc build --archive``: each skill also as ``<name>.skill``, byte-identical across runs,
recorded in the lock and owned like any output file; ``skillc lint`` reads them as folders."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from tests.cli.conftest import ROOT, run_skillc
from tests.cli.test_output_ownership import PAGES, write_docs


def build(docs: Path, out: Path, *extra: str, env: dict[str, str] | None = None):
    """At page grain: an archive per page's skill (the default folds the three pages)."""
    args = ("-o", str(out), "--archive", "-q", "--group", "page", *extra)
    return run_skillc("build", str(docs), *args, env=env)


def test_archives_hold_the_skill_folder_and_are_byte_identical(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(docs, first, env={"PYTHONHASHSEED": "1"}).returncode == 0
    (docs / "install.md").touch()  # a newer time on a source changes nothing
    assert build(docs, second, "-j", "2", env={"PYTHONHASHSEED": "7"}).returncode == 0
    names = sorted(p.name for p in first.glob("*.skill"))
    assert names == ["backup.skill", "deploy.skill", "install.skill"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    with zipfile.ZipFile(first / "deploy.skill") as zipped:
        infos = zipped.infolist()
        assert [i.filename for i in infos] == ["deploy/SKILL.md"]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert all(i.external_attr >> 16 == 0o100644 for i in infos)
        assert zipped.read("deploy/SKILL.md") == (first / "deploy" / "SKILL.md").read_bytes()
    lock = json.loads((first / "skills.lock").read_text())
    assert [a["path"] for a in lock["archives"]] == names
    assert {s["name"]: s["archive"] for s in lock["skills"]}["install"] == "install.skill"


def test_a_build_without_archive_removes_them_and_a_hand_edited_one_is_kept(
    tmp_path: Path,
) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    out = tmp_path / "out"
    assert build(docs, out).returncode == 0
    (out / "backup.skill").write_bytes(b"changed by hand")
    refused = run_skillc("build", str(docs), "-o", str(out), "-q", "--group", "page")
    assert refused.returncode == 1 and "backup.skill: SK014" in refused.stderr
    (out / "backup.skill").unlink()
    plain = run_skillc("build", str(docs), "-o", str(out), "-q", "--group", "page")
    assert plain.returncode == 0, plain.stderr
    assert not list(out.glob("*.skill"))


def test_lint_reads_a_skill_archive_as_it_reads_the_folder(tmp_path: Path) -> None:
    """A published skill with findings, zipped as the vendor's packager does."""
    source = ROOT / "corpora" / "skills" / "ant-design-x-skill" / "skills-zh" / "use-x-chat"
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    archive = tmp_path / f"{source.name}.skill"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(tmp_path).as_posix())
    from_folder = run_skillc("lint", str(folder), "--format", "json", cwd=tmp_path)
    from_archive = run_skillc("lint", str(archive), "--format", "json", cwd=tmp_path)
    assert from_archive.returncode == from_folder.returncode, from_archive.stderr

    def found(result) -> list[tuple[str, str, int]]:
        rows = json.loads(result.stdout)
        return sorted(
            (
                r["code"],
                r["filename"].split(f"{source.name}/", 1)[-1],
                (r["location"] or {}).get("row", 0),
            )
            for r in rows
        )

    assert found(from_folder)  # the skill has findings (PK105 among them)
    assert found(from_archive) == found(from_folder)
    assert any(r["filename"].startswith(f"{archive}!/") for r in json.loads(from_archive.stdout))


def test_lint_of_a_broken_skill_archive_is_a_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "cut.skill"
    broken.write_bytes(b"PK\x03\x04 not a whole zip")
    result = run_skillc("lint", str(broken))
    assert result.returncode == 2
    assert "cut.skill" in result.stderr and "Traceback" not in result.stderr
