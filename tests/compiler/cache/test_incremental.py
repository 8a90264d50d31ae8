"""Incremental builds through the real CLI: only changed sources are read again, the outputs
stay byte-identical to a build without the cache, damaged entries are rebuilt, and builds that
run at once or are killed leave a cache the next build can use."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillc.compiler.cache import Store
from tests.cli.conftest import CLICK_DOCS, run_skillc


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def build(src: Path, out: Path, cache: Path | None, *extra: str) -> dict[str, object]:
    where = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    done = run_skillc("build", str(src), "-o", str(out), "--format", "json", *where, *extra)
    assert done.returncode == 0, done.stderr
    summary: dict[str, object] = json.loads(done.stdout)
    return summary


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    copy = tmp_path / "docs"
    shutil.copytree(CLICK_DOCS, copy)
    return copy


def test_only_the_changed_source_is_read_again(docs: Path, tmp_path: Path) -> None:
    """One skill per page: the changed page's SKILL.md and the lock change, nothing else."""
    cache, page_grain = tmp_path / "cache", ("--group", "page")
    first = build(docs, tmp_path / "out", cache, *page_grain)
    pages = first["sources"]
    assert isinstance(pages, int) and pages > 30
    assert (first["cached"], first["read"]) == (0, pages)
    again = build(docs, tmp_path / "out", cache, *page_grain)
    assert (again["cached"], again["read"], again["changed"]) == (pages, 0, 0)

    page = docs / "testing.md"
    page.write_text(page.read_text() + "\nRun `pytest -x` to stop at the first failure.\n")
    changed = build(docs, tmp_path / "out", cache, *page_grain)
    assert (changed["cached"], changed["read"]) == (pages - 1, 1)
    assert changed["changed"] == 2  # that page's SKILL.md and the lock; nothing else
    fresh = build(docs, tmp_path / "fresh", None, *page_grain)
    assert fresh["read"] == pages and fresh["cached"] == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_at_the_default_grain_a_prose_edit_touches_its_own_skill_only(
    docs: Path, tmp_path: Path
) -> None:
    """Chapters: a sentence added to one page changes that page's reference file of its
    chapter's skill and that skill's record in the lock, nothing else: no other skill's
    description is reworded (their "Use when" and "Also:" terms are weighed against the
    library's headings, titles and goals, not its prose: `skillc.passes.key_terms.page_words`),
    so no other skill's files and no catalog line change."""
    cache = tmp_path / "cache"
    build(docs, tmp_path / "out", cache)
    before = tree(tmp_path / "out")
    page = docs / "testing.md"
    page.write_text(page.read_text() + "\nRun `pytest -x` to stop at the first failure.\n")
    changed = build(docs, tmp_path / "out", cache)
    assert changed["read"] == 1
    after = tree(tmp_path / "out")
    assert set(after) == set(before)
    differ = sorted(path for path in after if after[path] != before[path])
    ours = [p for p in differ if p.endswith("/testing-click-applications.md")]
    assert len(ours) == 1 and "pytest -x" in after[ours[0]].decode()
    assert set(differ) == {*ours, "skills.lock"}, differ
    old, new = (json.loads(t["skills.lock"]) for t in (before, after))
    records = [(a, b) for a, b in zip(old["skills"], new["skills"], strict=True) if a != b]
    assert [b["name"] for _, b in records] == [ours[0].split("/")[0]]
    assert "testing.md" in records[0][1]["sources"]
    assert [a["description"] for a, _ in records] == [b["description"] for _, b in records]
    sources = [a["id"] for a, b in zip(old["sources"], new["sources"], strict=True) if a != b]
    assert sources == ["testing.md"]


def test_parallel_rebuild_reads_only_changed_pages(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(docs, tmp_path / "out", cache, "-j", "2")
    for name in ("arguments.md", "options.md", "testing.md"):
        page = docs / name
        page.write_text(page.read_text() + "\nA new closing paragraph.\n")
    again = build(docs, tmp_path / "out", cache, "-j", "2")
    assert again["read"] == 3
    build(docs, tmp_path / "fresh", None, "-j", "2")
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_damaged_entry_is_reported_and_rebuilt(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(docs, tmp_path / "out", cache)
    entries = sorted(p for p in (cache / "results").rglob("*") if p.is_file())
    victim = entries[len(entries) // 2]
    victim.write_bytes(victim.read_bytes()[:-7])  # cut short, as a power loss would
    shutil.rmtree(cache / "builds")  # so the build is not taken whole (`cache.builds`)
    again = build(docs, tmp_path / "out", cache)
    assert again["read"] == 1 and again["changed"] == 0
    notes = [d for d in again["diagnostics"] if d["code"] == "SK120"]  # type: ignore[union-attr]
    assert len(notes) == 1 and "damaged" in notes[0]["message"]
    shutil.rmtree(cache / "builds")
    third = build(docs, tmp_path / "out", cache)
    assert third["read"] == 0  # the damaged entry was written again
    assert not [d for d in third["diagnostics"] if d["code"] == "SK120"]  # type: ignore[union-attr]


def test_deleting_the_cache_is_safe(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(docs, tmp_path / "out", cache)
    shutil.rmtree(cache)
    again = build(docs, tmp_path / "out", cache)
    assert again["cached"] == 0 and again["changed"] == 0


def test_two_builds_at_once_share_the_cache(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "skillc", "build", str(docs), "--cache-dir", str(cache), "-q"]
    runs = [
        subprocess.Popen([*command, "-o", str(tmp_path / name)], stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    store = Store(cache)
    for entry in (cache / "results").rglob("*"):
        if entry.is_file():
            assert not entry.name.startswith(".tmp-")
            assert store.get("results", entry.name).payload is not None
    after = build(docs, tmp_path / "c", cache)
    assert after["read"] == 0
    assert tree(tmp_path / "c") == tree(tmp_path / "a")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_cache_and_outputs_usable(
    docs: Path, tmp_path: Path, how: signal.Signals
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(docs, out, cache)
    before = tree(out)
    for page in sorted(docs.glob("*.md"))[:20]:  # 20 sources to read again
        page.write_text(page.read_text() + "\nOne more line.\n")
    command = [sys.executable, "-m", "skillc", "build", str(docs), "-o", str(out), "-q"]
    run = subprocess.Popen([*command, "--cache-dir", str(cache)], stderr=subprocess.PIPE)
    time.sleep(1.2)  # mid-build: reading (the interpreter and imports take ~0.5 s)
    run.send_signal(how)
    _, err = run.communicate(timeout=120)
    build(docs, tmp_path / "fresh", None)
    after = tree(tmp_path / "fresh")
    # Killed at any moment: the previous output whole, or (signal after the commit, while the
    # cache was being written) the new one whole; never a mix.
    assert tree(out) in (before, after), (run.returncode, err)
    store = Store(cache)
    for section in ("results", "memo", "builds", "bases"):
        for entry in (cache / section).rglob("*"):
            if entry.is_file() and not entry.name.startswith(".tmp-"):
                assert store.get(section, entry.name).payload is not None, entry
    build(docs, out, cache)
    assert tree(out) == after


def test_a_replayed_build_reports_the_same_risk_and_keeps_its_record(tmp_path: Path) -> None:
    """The compiled skills of a whole-build entry are read only for the risk report, and give
    the report the fresh build gave; a replay does not write its entries again."""
    from tests.cli.test_build_report import RISKY
    from tests.cli.test_output_ownership import write_docs

    docs = write_docs(tmp_path / "docs", RISKY)
    cache, out = tmp_path / "cache", tmp_path / "out"
    reports = []
    for name in ("first.json", "replayed.json"):
        args = ["--cache-dir", str(cache), "--risk-report", str(tmp_path / name)]
        args += ["--group", "page"]  # the report names the page's own skill, "setup"
        done = run_skillc("build", str(docs), "-o", str(out), "-q", *args)
        assert done.returncode == 0, done.stderr
        reports.append(json.loads((tmp_path / name).read_text()))
        if name == "first.json":
            entries = sorted(p for p in (cache / "builds").rglob("*") if p.is_file())
            inodes = [p.stat().st_ino for p in entries]
            assert [p.name.endswith("-skills") for p in entries] == [False, True]
    assert [p.stat().st_ino for p in entries] == inodes  # not replaced
    setup = next(s for s in reports[1]["skills"] if s["name"] == "setup")
    assert setup["sources"] == ["setup.md"]
    assert reports[0] == reports[1]


def test_a_parallel_rebuild_takes_the_other_skills_passes_back_from_the_memo(
    docs: Path, tmp_path: Path
) -> None:
    """After a one-page edit at ``-j2`` with every per-skill map in forked children, the
    passes' work for the other skills comes back from the memo: only the edited page's skill
    writes new memo entries (5 of them, one per memoized map; 37 skills). A guard, not the
    whole story: the forked map whose parent mapped some batches itself (850f37a, taken
    back) made python-doc's rebuild redo progressive disclosure for 37 of 68 skills, yet
    passes this test, as click's few batches fall the same way in every build."""
    cache = tmp_path / "cache"
    every_map = {"SKILLC_MIN_POOL_SAVING_US": "-inf"}  # click is too small for pools otherwise
    args = ("build", str(docs), "-o", str(tmp_path / "out"), "-q", "-j", "2", "--group", "page")
    done = run_skillc(*args, "--cache-dir", str(cache), env=every_map)
    assert done.returncode == 0, done.stderr
    before = {p.name for p in (cache / "memo").rglob("*") if p.is_file()}
    page = docs / "arguments.md"
    page.write_text(page.read_text() + "\nA new closing paragraph.\n")
    done = run_skillc(*args, "--cache-dir", str(cache), env=every_map)
    assert done.returncode == 0, done.stderr
    added = {p.name for p in (cache / "memo").rglob("*") if p.is_file()} - before
    skills = len([p for p in (tmp_path / "out").iterdir() if (p / "SKILL.md").is_file()])
    assert skills >= 10 and 0 < len(added) <= 8, (len(added), skills)
