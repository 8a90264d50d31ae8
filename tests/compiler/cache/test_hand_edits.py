"""Hand edits survive a rebuild: merged three-way with the new text against the base kept in
the cache; a conflict is reported with both sides and the file left as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skillc.compiler.output.merge import merge3_bytes
from tests.cli.conftest import CLICK_DOCS, run_skillc

NOTE = "> Team note: the CI job runs these tests on every push.\n"
LINE = "These tools should only be used for testing since they change the entire\n"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def skill_of(out: Path, heading: str) -> Path:
    found = [p for p in out.glob("*/SKILL.md") if f"\n# {heading}\n" in p.read_text()]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of click's docs built once with a cache: (docs, out, cache), at page grain (the
    tests edit one page's own SKILL.md)."""
    docs, out, cache = tmp_path / "docs", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(CLICK_DOCS, docs)
    args = ("-o", str(out), "--cache-dir", str(cache), "-q", "--group", "page")
    done = run_skillc("build", str(docs), *args)
    assert done.returncode == 0, done.stderr
    return docs, out, cache


def rebuild(docs: Path, out: Path, cache: Path, *extra: str) -> tuple[int, dict[str, object]]:
    done = run_skillc(
        "build",
        str(docs),
        "-o",
        str(out),
        "--cache-dir",
        str(cache),
        "--format",
        "json",
        "--group",
        "page",
        *extra,
    )
    return done.returncode, json.loads(done.stdout)


def codes(summary: dict[str, object]) -> list[str]:
    return [d["code"] for d in summary["diagnostics"]]  # type: ignore[attr-defined]


def test_merge3_takes_each_side_and_finds_conflicts() -> None:
    base = b"a\nb\nc\nd\n"
    assert merge3_bytes(base, b"a\nB\nc\nd\n", b"a\nb\nc\nD\n").data == b"a\nB\nc\nD\n"
    assert merge3_bytes(base, b"a\nB\nc\nd\n", base).data == b"a\nB\nc\nd\n"
    assert merge3_bytes(base, b"a\nB\nc\nd\n", b"a\nB\nc\nd\n").data == b"a\nB\nc\nd\n"
    clash = merge3_bytes(base, b"a\nX\nc\nd\n", b"a\nY\nc\nd\n")
    assert clash.data is None
    assert [(c.line, c.edited, c.generated) for c in clash.conflicts] == [(2, "X\n", "Y\n")]
    assert merge3_bytes(base, b"\xff\n", base).data is None


def test_hand_edit_kept_when_other_sources_change(project: tuple[Path, Path, Path]) -> None:
    docs, out, cache = project
    testing = skill_of(out, "Testing Click Applications")
    text = testing.read_text()
    edited = text.replace(
        "# Testing Click Applications\n", f"# Testing Click Applications\n\n{NOTE}"
    )
    testing.write_text(edited)
    arguments = docs / "arguments.md"
    arguments.write_text(arguments.read_text() + "\nArguments are positional.\n")

    code, summary = rebuild(docs, out, cache)
    assert code == 0, summary
    assert testing.read_text() == edited  # the edit kept, byte for byte
    assert "Arguments are positional." in skill_of(out, "Arguments").read_text()
    assert "SK121" in codes(summary)

    # The edited page's own source changes far from the edit: both are in the file.
    page = docs / "testing.md"
    page.write_text(page.read_text() + "\nUse `CliRunner.isolated_filesystem` for files.\n")
    code, summary = rebuild(docs, out, cache)
    assert code == 0, summary
    merged = testing.read_text()
    assert NOTE in merged and "`CliRunner.isolated_filesystem` for files." in merged
    again, summary = rebuild(docs, out, cache)  # stable: nothing more to write
    assert again == 0 and summary["changed"] == 0 and testing.read_text() == merged


def test_conflicting_edit_reported_and_file_untouched(project: tuple[Path, Path, Path]) -> None:
    docs, out, cache = project
    testing = skill_of(out, "Testing Click Applications")
    edited = testing.read_text().replace(LINE, "Use these tools in tests only, they change the\n")
    assert edited != testing.read_text()
    testing.write_text(edited)
    page = docs / "testing.md"
    page.write_text(
        page.read_text().replace(
            LINE, "These tools are meant for tests since they change the entire\n"
        )
    )
    before = tree(out)

    code, summary = rebuild(docs, out, cache)
    assert code == 1
    conflict = [d for d in summary["diagnostics"] if d["code"] == "SK122"]  # type: ignore[union-attr]
    assert len(conflict) == 1
    message = conflict[0]["message"]
    assert "Use these tools in tests only" in message  # both sides shown
    assert "These tools are meant for tests" in message
    assert conflict[0]["filename"].endswith("SKILL.md")
    assert tree(out) == before  # nothing written at all

    code, _ = rebuild(docs, out, cache, "--force")
    assert code == 0
    assert "These tools are meant for tests" in testing.read_text()


def test_without_a_base_the_edit_is_refused(project: tuple[Path, Path, Path]) -> None:
    docs, out, cache = project
    testing = skill_of(out, "Testing Click Applications")
    testing.write_text(testing.read_text() + NOTE)
    shutil.rmtree(cache)  # no merge base left
    code, summary = rebuild(docs, out, cache)
    assert code == 1 and "SK014" in codes(summary)
    assert testing.read_text().endswith(NOTE)


def check(docs: Path, out: Path, cache: Path) -> tuple[int, dict[str, object]]:
    return rebuild(docs, out, cache, "--check")


def test_lock_records_kept_edit_and_check_calls_it_current(
    project: tuple[Path, Path, Path],
) -> None:
    docs, out, cache = project
    testing = skill_of(out, "Testing Click Applications")
    relative = testing.relative_to(out).as_posix()
    edited = testing.read_text() + NOTE
    testing.write_text(edited)
    code, summary = check(docs, out, cache)  # an edit no build has merged yet: stale
    assert code == 1 and testing.parent.name in summary["check"]["changed"]  # type: ignore[index]

    code, summary = rebuild(docs, out, cache)
    assert code == 0 and "SK121" in codes(summary)
    lock = json.loads((out / "skills.lock").read_text())
    entries = {f"{s['name']}/{f['path']}": f for s in lock["skills"] for f in s["files"]}
    marked = {p for p, f in entries.items() if "edited_sha256" in f}
    assert marked == {relative}
    assert entries[relative]["edited_sha256"] != entries[relative]["sha256"]

    code, summary = check(docs, out, cache)  # the kept edit is current, the lock too
    report = summary["check"]
    assert code == 0, summary
    assert report["changed"] == [] and not report["lock_changed"]  # type: ignore[index]
    assert report["hand_edits"] == [relative]  # type: ignore[index]

    # The sources of that file change: a rebuild would merge anew, so it is stale again.
    page = docs / "testing.md"
    page.write_text(page.read_text() + "\nUse `CliRunner.isolated_filesystem` for files.\n")
    code, summary = check(docs, out, cache)
    assert code == 1 and testing.parent.name in summary["check"]["changed"]  # type: ignore[index]

    # --force drops the edit: the lock no longer records it.
    code, _ = rebuild(docs, out, cache, "--force")
    assert code == 0 and "edited_sha256" not in (out / "skills.lock").read_text()
