"""A repository given as an archive (an sdist, a tarball or zip of a checkout) builds as its
folder does; unsafe members are refused as in any archive, never written or followed."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc

FIXTURE = Path(__file__).with_name("fixtures") / "tool"
SDIST = ROOT / "corpora/.cache/flask-3.1.3.tar.gz"
FLASK_REPO = ROOT / "corpora/repos/flask/src/flask-3.1.3"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.skipif(not SDIST.is_file(), reason="the flask sdist is fetched by make corpora")
def test_the_flask_sdist_builds_the_skills_its_folder_builds(tmp_path: Path) -> None:
    for name, source in (("tgz", SDIST), ("folder", FLASK_REPO)):
        result = run_skillc("build", str(source), "-o", str(tmp_path / name), "-q")
        assert result.returncode == 0, result.stderr
    for skill in ("flask-cli", "flask-build-and-test", "flask-contribute"):
        assert tree(tmp_path / "tgz" / skill) == tree(tmp_path / "folder" / skill), skill
    manifest = json.loads((tmp_path / "tgz/skills.lock").read_text())
    kinds = {s["id"]: s["media_type"] for s in manifest["sources"]}
    assert kinds["flask-3.1.3"] == "application/vnd.skillc.repository+json"
    assert kinds["docs/cli.rst"] == "text/x-rst"


def test_a_zip_of_a_checkout_builds_as_the_folder(tmp_path: Path) -> None:
    repo = tmp_path / "tool"
    shutil.copytree(FIXTURE, repo)
    archive = tmp_path / "tool.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in sorted(repo.rglob("*")):
            if path.is_file():
                handle.write(path, f"tool/{path.relative_to(repo).as_posix()}")
    for name, source in (("zip", archive), ("folder", repo)):
        result = run_skillc("build", str(source), "-o", str(tmp_path / name), "-q")
        assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "zip" / "tool-cli") == tree(tmp_path / "folder" / "tool-cli")


def _add(archive: tarfile.TarFile, name: str, data: bytes = b"", **fields: object) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in fields.items():
        setattr(info, key, value)
    archive.addfile(info, io.BytesIO(data))


def test_traversal_and_link_members_are_refused_and_the_rest_builds(tmp_path: Path) -> None:
    archive = tmp_path / "tool-1.0.tar.gz"
    with tarfile.open(archive, "w:gz") as handle:
        for path in sorted(FIXTURE.rglob("*")):
            if path.is_file():
                _add(handle, f"tool-1.0/{path.relative_to(FIXTURE).as_posix()}", path.read_bytes())
        _add(handle, "tool-1.0/../evil.py", b"import click\n@click.command()\ndef evil(): pass\n")
        _add(handle, "tool-1.0/src/tool/linked.py", linkname="/etc/passwd", type=tarfile.SYMTYPE)
    result = run_skillc("build", str(archive), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 2  # bad members fail as pages do, the rest is written
    summary = json.loads(result.stdout)
    messages = {d["message"] for d in summary["diagnostics"] if d["severity"] == "error"}
    assert "unsafe member: path leaves the archive (..)" in messages
    assert any("link" in m for m in messages)
    assert (tmp_path / "out/tool-cli/SKILL.md").is_file()
    assert not (tmp_path / "evil.py").exists()
    text = "\n".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "evil" not in text


def test_an_archive_of_guides_is_read_as_before(tmp_path: Path) -> None:
    """Without a project marker at its top, an archive's code members are not even read: a
    link among them is no failed page, and no repository source is made."""
    archive = tmp_path / "docs.tar"
    with tarfile.open(archive, "w") as handle:
        _add(handle, "docs/guide.md", b"# Guide\n\n1. Run `make`.\n")
        _add(handle, "docs/conf.py", b"project = 'x'\n")
        _add(handle, "docs/linked.py", linkname="/etc/passwd", type=tarfile.SYMTYPE)
    result = run_skillc("build", str(archive), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "out/skills.lock").read_text())
    assert [s["id"] for s in manifest["sources"]] == ["guide.md"]
