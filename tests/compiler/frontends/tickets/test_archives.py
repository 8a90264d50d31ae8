"""Ticket exports inside archives (`tickets/archive.py`): a zipped export builds what its
folder builds, a Maildir in a tar is threaded, and unsafe members are refused as in any
archive (`skillc.compiler.archives`), the rest still read.
"""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.compiler.frontends.tickets.archive import is_export_top, pack, unpack
from tests.cli.conftest import ROOT, run_skillc
from tests.compiler.frontends.tickets.exports import write_exports
from tests.compiler.frontends.tickets.test_build import tree_text, validate

SAMPLES = ROOT / "corpora" / "tickets" / "perceval-samples" / "src"
fetched = pytest.mark.skipif(not SAMPLES.is_dir(), reason="corpus not fetched (make corpora)")


def zipped(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(folder.rglob("*")):
            handle.write(path, path.relative_to(folder.parent).as_posix())
    return archive


def built(source: Path, out: Path, *flags: str) -> dict[str, object]:
    result = run_skillc("build", str(source), "-o", str(out), "--format", "json", *flags)
    assert result.returncode == 0, result.stderr
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_a_zipped_export_builds_the_skills_its_folder_builds(tmp_path: Path) -> None:
    export = write_exports(tmp_path / "support")
    from_folder = built(export.folder, tmp_path / "a")
    from_zip = built(zipped(export.folder, tmp_path / "support.zip"), tmp_path / "b")
    assert from_zip["counts"] == from_folder["counts"]
    assert from_zip["skills"] == from_folder["skills"] == 2
    # The lock names each build's own source (the folder or the zip); the skills are alike.
    skills = {k: v for k, v in tree_text(tmp_path / "a").items() if k != "skills.lock"}
    assert {k: v for k, v in tree_text(tmp_path / "b").items() if k != "skills.lock"} == skills
    for skill in (tmp_path / "b").iterdir():
        if skill.is_dir():
            validate(skill)
    text = "\n".join(tree_text(tmp_path / "b").values())
    for value in export.secrets.values():  # redaction holds for exports read from archives
        assert value not in text


@fetched
def test_a_zipped_jira_and_csv_export_is_read_with_the_field_mapping(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("jira_issues_page_1.json", "jira_issues_page_2.json", "bugzilla_buglist.csv"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    archive = zipped(folder, tmp_path / "export.zip")
    flags = ("--ticket-field", "id=bug_id", "--ticket-field", "title=short_desc")
    summary = built(archive, tmp_path / "out", *flags)
    assert summary["counts"] == built(folder, tmp_path / "out2", *flags)["counts"]
    assert summary["counts"]["tickets"] == 3 + 5  # type: ignore[index]
    manifest = json.loads((tmp_path / "out" / "skills.lock").read_text("utf-8"))
    assert [s["id"] for s in manifest["sources"]] == ["export"]
    misspelt = run_skillc("build", str(archive), "-o", str(tmp_path / "o3"), "--ticket-field",
                          "title=summary")  # fmt: skip
    assert misspelt.returncode == 2
    assert f"{archive}:1:1: SK140" in misspelt.stderr
    assert "bugzilla_buglist.csv:1: no column for title=summary" in misspelt.stderr


@fetched
def test_a_maildir_in_a_tar_is_threaded(tmp_path: Path) -> None:
    mbox = (SAMPLES / "pipermail_2016_april.mbox").read_bytes()
    messages = [m.split(b"\n", 1)[1] for m in mbox.split(b"\n\nFrom ") if m.strip()]
    archive = tmp_path / "list.tar.gz"
    with tarfile.open(archive, "w:gz") as handle:
        for n, message in enumerate(messages):
            path = tmp_path / f"m{n}"
            path.write_bytes(message)
            handle.add(path, f"Maildir/cur/{1460624816 + n}.M{n}.host:2,S")
    from_tar = built(archive, tmp_path / "out", "-v")
    from_mbox = built(SAMPLES / "pipermail_2016_april.mbox", tmp_path / "out2")
    assert len(messages) == 3
    assert from_tar["counts"]["tickets"] == from_mbox["counts"]["tickets"] == 1  # type: ignore[index]


@fetched
def test_unsafe_members_are_refused_and_the_rest_is_read(tmp_path: Path) -> None:
    page = (SAMPLES / "jira_issues_page_1.json").read_bytes()
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("export/issues.json", page)
        handle.writestr("../escape.json", page)
        handle.writestr("export/bomb.json", b'{"a": "' + b"0" * 30_000_000 + b'"}')
    linked = tmp_path / "link.tar.gz"
    with tarfile.open(linked, "w:gz") as handle:
        handle.add(SAMPLES / "jira_issues_page_1.json", "export/issues.json")
        link = tarfile.TarInfo("export/passwd.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        handle.addfile(link)
    for bad, says in (
        (archive, ["escape.json: SK010 unsafe member", "bomb.json: SK010 compression ratio"]),
        (linked, ["passwd.json: SK010 symbolic link"]),
    ):
        result = run_skillc(
            "build", str(bad), "-o", str(tmp_path / f"out-{bad.stem}"), "--format", "json"
        )
        assert result.returncode == 2, result.stderr
        assert json.loads(result.stdout)["counts"]["tickets"] == 2
        for text in says:
            assert text in result.stderr
        assert "Traceback" not in result.stderr


def test_only_archives_that_look_like_exports_are_read_whole() -> None:
    assert is_export_top(frozenset({"issues.json", "comments.json"}))
    assert is_export_top(frozenset({"cur", "new", "tmp"}))
    assert not is_export_top(frozenset({"index.md", "data.json"}))  # a docs archive
    assert not is_export_top(frozenset({"pyproject.toml", "tests", "data.csv"}))  # an sdist
    assert not is_export_top(frozenset({"list.mbox"}))  # read as a page by its name already


@given(st.dictionaries(st.text(min_size=1), st.binary(), max_size=5))
def test_a_bundle_gives_back_what_was_packed(exports: dict[str, bytes]) -> None:
    assert dict(unpack(pack(exports))) == exports
    assert [name for name, _ in unpack(pack(exports))] == sorted(exports)
