"""Bad input: one line naming the path (and line), exit code 2.

A path named on the command line that cannot be used is a usage error and nothing is written; a
bad page inside a folder is reported and skipped, the other pages are written, the manifest lists
the failure and the exit code is still 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import CLICK_DOCS, run_skillc


def assert_rejected(result, *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def assert_nothing_written(parent: Path, expected: set[str]) -> None:
    assert {p.name for p in parent.iterdir()} == expected


def assert_partial(
    result, out: Path, failed: dict[str, str], built: set[str], quiet: bool = False
) -> None:
    """Exit 2, one error line per failed page (naming it), the other pages written, and the
    manifest listing exactly the failures (id -> a word of the reason) and no absolute path.
    Under ``-q`` the error lines are all there is on stderr."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(failed), result.stderr
    for source_id in failed:
        assert any(source_id in line for line in errors), (source_id, result.stderr)
    if quiet:
        assert len(result.stderr.splitlines()) == len(errors), result.stderr
    else:
        assert "build incomplete: " in result.stderr
    skills = {p.name for p in out.iterdir() if p.is_dir()}
    assert skills == built
    text = (out / "skills.lock").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert {f["id"]: f["reason"] for f in manifest["failed"]}.keys() == failed.keys()
    for entry in manifest["failed"]:
        assert set(entry) == {"id", "reason"}
        assert failed[entry["id"]] in entry["reason"], entry
    assert str(out.parent) not in text


def test_missing_path(tmp_path: Path) -> None:
    result = run_skillc("build", str(tmp_path / "nope.md"), "-o", str(tmp_path / "out"))
    assert_rejected(result, "nope.md", "no such file")
    assert_nothing_written(tmp_path, set())


def test_directory_without_supported_files(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("plain text")
    result = run_skillc("build", str(tmp_path / "docs"), "-o", str(tmp_path / "out"))
    assert_rejected(result, "docs", "no supported files")
    assert_nothing_written(tmp_path, {"docs"})


def test_binary_file_names_path_and_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"# Title\n\nline two\n\x00\x01\x02")
    result = run_skillc("build", str(page), "-o", str(tmp_path / "out"))
    assert_rejected(result, f"{page}:4:1", "binary")
    assert_nothing_written(tmp_path, {"page.md"})


def test_non_utf8_file_names_path_and_line(tmp_path: Path) -> None:
    page = tmp_path / "latin1.md"
    page.write_bytes("# Café\n\nRun it.\n".encode("latin-1"))
    result = run_skillc("build", str(page), "-o", str(tmp_path / "out"))
    assert_rejected(result, f"{page}:1:1", "not valid UTF-8")


def test_empty_file(tmp_path: Path) -> None:
    page = tmp_path / "empty.md"
    page.write_text("  \n\n")
    result = run_skillc("build", str(page), "-o", str(tmp_path / "out"))
    assert_rejected(result, "empty.md", "empty file")


def test_every_bad_file_of_a_tree_is_listed_and_the_good_pages_built(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Good\n\n1. Run `make`.\n")
    (docs / "empty.md").write_text("")
    (docs / "bin.md").write_bytes(b"# Bin\n\x00")
    (docs / "latin1.md").write_bytes("# Café\n\nRun it.\n".encode("latin-1"))
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out))
    assert f"{docs / 'bin.md'}:2:1: SK010 binary file" in result.stderr
    assert f"{docs / 'latin1.md'}:1:1: SK010 not valid UTF-8 (byte 0xe9)" in result.stderr
    failed = {"bin.md": "binary", "empty.md": "empty file", "latin1.md": "line 1: not valid UTF-8"}
    assert_partial(result, out, failed, built={"good"})
    assert {p.name for p in tmp_path.iterdir()} == {"docs", "out"}, "no temporary folder left"


def test_a_tree_whose_every_page_is_bad_writes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.md").write_text("")
    (docs / "bin.md").write_bytes(b"\x00")
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "out"))
    assert_rejected(result, "empty.md", "bin.md")
    assert len(result.stderr.strip().splitlines()) == 2
    assert_nothing_written(tmp_path, {"docs"})


def test_a_bad_file_named_directly_is_a_usage_error_even_beside_good_inputs(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00")
    result = run_skillc(
        "build", str(CLICK_DOCS / "quickstart.md"), str(bad), "-o", str(tmp_path / "out")
    )
    assert_rejected(result, "bad.md", "binary")
    assert_nothing_written(tmp_path, {"bad.md"})


def test_fifty_megabyte_page_is_skipped_unread_and_the_rest_builds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "install.md").write_text("# Install\n\n1. Run `pip install x`.\n")
    (docs / "guide" / "deploy.md").write_text("# Deploy\n\n1. Run `make deploy`.\n")
    with (docs / "guide" / "dump.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse; refused from its size, never opened
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out))
    assert f"{docs / 'guide' / 'dump.md'}: SK010 file is too large (52428800 bytes" in result.stderr
    failed = {"guide/dump.md": "too large"}
    assert_partial(result, out, failed, built={"install", "guide-deploy"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_named_like_a_page_is_not_opened(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    os.mkfifo(docs / "pipe.md")  # opening it for reading would block the build forever
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out), "-q")
    assert_partial(result, out, {"pipe.md": "not a regular file"}, built={"a"}, quiet=True)


def test_json_summary_counts_failed_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    (docs / "b.md").write_text("")
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 2, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failed"] == 1 and summary["sources"] == 1 and summary["skills"] == 1
    assert summary["errors"] == 1 and summary["files"] >= 2


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = run_skillc("build", str(CLICK_DOCS / "quickstart.md"), "-o", str(blocker / "out"))
    assert_rejected(result, "cannot write the output folder")
    assert_nothing_written(tmp_path, {"file"})


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_output_parent(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        result = run_skillc("build", str(CLICK_DOCS / "quickstart.md"), "-o", str(parent / "out"))
        assert_rejected(result, "cannot write the output folder")
    finally:
        parent.chmod(0o700)


def test_output_inside_the_input(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    result = run_skillc("build", str(docs), "-o", str(docs / "out"))
    assert_rejected(result, "inside the input")
    assert_nothing_written(docs, {"a.md"})


def test_output_that_contains_the_input(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    result = run_skillc("build", str(docs), "-o", str(tmp_path))
    assert_rejected(result, "contains the input")


def test_foreign_non_empty_output_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    result = run_skillc("build", str(CLICK_DOCS / "quickstart.md"), "-o", str(out))
    assert_rejected(result, "holds files skillc did not write")
    assert (out / "precious.txt").read_text() == "keep me"


def test_symlink_out_of_the_tree(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\n1. Read the key.\n")
    (docs / "link.md").symlink_to(outside)
    (docs / "notes.txt").symlink_to(outside)  # not a page: never read, so not a problem
    (docs / "sub").symlink_to(tmp_path, target_is_directory=True)
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out))
    assert f"{docs / 'link.md'}: SK010 symlink points outside the input tree" in result.stderr
    failed = {"link.md": "outside the input tree"}  # the folder link is a warning (below)
    assert_partial(result, out, failed, built={"a"})
    assert "Read the key" not in "".join(p.read_text() for p in out.rglob("*.md"))
    said = f"warning: {docs / 'sub'}: SK010 symlink points outside the input tree: not followed"
    assert said in result.stderr


def test_a_folder_symlink_out_of_the_tree_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    """Debian's gri-html-doc links ``html/examples -> ../examples``: the manual builds (exit
    0), the folder is named and not entered, and nothing in it is read."""
    docs = tmp_path / "html"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n1. Run `make`.\n")
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "secret.md").write_text("# Secret\n\n1. Read the key.\n")
    (docs / "examples").symlink_to("../examples", target_is_directory=True)
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"warning: {docs / 'examples'}: SK010 symlink points outside" in result.stderr
    assert {p.name for p in out.iterdir() if p.is_dir()} == {"a"}
    assert "Read the key" not in "".join(p.read_text() for p in out.rglob("*.md"))


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run_skillc("build", str(CLICK_DOCS), "--no-such-option")
    assert result.returncode == 2
    assert "no such option" in result.stderr.lower()


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    page = tmp_path / "huge.md"
    with page.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    result = run_skillc("build", str(page), "-o", str(tmp_path / "out"))
    assert_rejected(result, "huge.md", "too large")


def test_broken_yaml_front_matter_is_kept_out_of_the_skill(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: [unclosed\n  bad: : yaml\n---\n# Deploy\n\n1. Run `make deploy`.\n",
        encoding="utf-8",
    )
    result = run_skillc("build", str(page), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    skill = (tmp_path / "out" / "page" / "SKILL.md").read_text(encoding="utf-8")
    assert "unclosed" not in skill and "make deploy" in skill


def test_bom_and_crlf_build_like_plain_lf(tmp_path: Path) -> None:
    text = "# Deploy\n\nBefore you begin, read the notes.\n\n1. Run `make deploy`.\n"
    (tmp_path / "lf").mkdir()
    (tmp_path / "crlf").mkdir()
    (tmp_path / "lf" / "deploy.md").write_bytes(text.encode())
    (tmp_path / "crlf" / "deploy.md").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    )
    for name in ("lf", "crlf"):
        result = run_skillc("build", str(tmp_path / name), "-o", str(tmp_path / f"out-{name}"))
        assert result.returncode == 0, result.stderr
    lf = (tmp_path / "out-lf" / "deploy" / "SKILL.md").read_bytes()
    assert lf == (tmp_path / "out-crlf" / "deploy" / "SKILL.md").read_bytes()
