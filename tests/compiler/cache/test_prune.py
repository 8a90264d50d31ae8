"""Cache pruning: least recently used entries go first, only skillc's entries are removed, a
folder that is not a cache is refused, a project's ``cache-max-mb`` bounds the cache after each
build, and builds running while another process prunes still succeed with the same files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillc.compiler.cache import Store
from skillc.compiler.cache.prune import STALE_SECONDS, cache_info, prune
from skillc.diagnostics import SkillcError
from tests.cli.conftest import CLICK_DOCS, run_skillc
from tests.cli.test_project import PROJECT, project

KEYS = [f"{i:02x}" * 32 for i in range(6)]


def filled(root: Path) -> Store:
    """Six 1,000-byte entries, key i last used at second i (key 0 the least recently)."""
    store = Store(root)
    for i, key in enumerate(KEYS):
        store.put("results", key, bytes([i]) * 1000)
        os.utime(store.path("results", key), ns=(10**9 * (i + 1), 10**9 * (i + 1)))
    return store


def test_info_and_least_recently_used_go_first(tmp_path: Path) -> None:
    store = filled(tmp_path / "cache")
    info = cache_info(tmp_path / "cache")
    assert info.entries == 6 and info.sections["results"][0] == 6
    entry = info.bytes // 6
    assert store.get("results", KEYS[0]).payload  # a hit marks key 0 used now
    done = prune(tmp_path / "cache", 3 * entry)
    assert done.removed == 3 and done.left.entries == 3
    kept = [k for k in KEYS if store.path("results", k).exists()]
    assert kept == [KEYS[0], KEYS[4], KEYS[5]]


def test_only_skillc_entries_are_removed_and_other_folders_refused(tmp_path: Path) -> None:
    store = filled(tmp_path / "cache")
    stranger = tmp_path / "cache" / "results" / "notes.txt"
    stranger.write_text("mine")
    writing = store.path("results", KEYS[1]).with_name(".tmp-abc")
    writing.write_text("a write in progress")
    prune(tmp_path / "cache", 0)
    assert cache_info(tmp_path / "cache").entries == 0
    assert stranger.read_text() == "mine" and writing.exists()
    home = tmp_path / "home"
    home.mkdir()
    (home / "aa").mkdir()
    (home / "aa" / ("aa" + "0" * 62)).write_text("looks like an entry, is not in a cache")
    with pytest.raises(SkillcError) as refused:
        prune(home, 0)
    assert refused.value.diagnostics[0].code == "SK130"
    assert (home / "aa" / ("aa" + "0" * 62)).exists()


def test_temporaries_of_killed_writers_go_once_stale_and_only_then(tmp_path: Path) -> None:
    """A writer killed mid-write leaves its temporary file: an entry's beside the entry, the
    tag's at the cache root. Prune removes them once they are older than any write can take,
    and leaves a young one (a write in progress)."""
    store = filled(tmp_path / "cache")
    old = 10**9 * (int(time.time()) - STALE_SECONDS - 60)
    entry_left = store.path("results", KEYS[1]).with_name(".tmp-killed")
    tag_left = tmp_path / "cache" / ".tmp-tag-killed"
    tag_writing = tmp_path / "cache" / ".tmp-tag-writing"
    for path in (entry_left, tag_left, tag_writing):
        path.write_text("half")
    for path in (entry_left, tag_left):
        os.utime(path, ns=(old, old))
    prune(tmp_path / "cache", 10**9)
    assert not entry_left.exists() and not tag_left.exists()
    assert tag_writing.exists()


def test_a_build_record_and_its_skills_go_together(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    slot = "ab" * 32
    store.put("builds", slot, b"record" * 100)
    store.put("builds", slot + "-skills", b"skills" * 100)
    store.put("results", KEYS[0], b"x" * 100)
    os.utime(store.path("builds", slot), ns=(10**9, 10**9))  # only the record is old
    prune(tmp_path / "cache", 700)
    assert not store.path("builds", slot).exists()
    assert not store.path("builds", slot + "-skills").exists()
    assert store.path("results", KEYS[0]).exists()


def test_cli_info_prune_and_their_errors(tmp_path: Path) -> None:
    filled(tmp_path / "cache")
    info = run_skillc("cache", "info", "--cache-dir", str(tmp_path / "cache"), "--format", "json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["entries"] == 6
    args = ["cache", "prune", "--cache-dir", str(tmp_path / "cache")]
    unbounded = run_skillc(*args)
    assert unbounded.returncode == 2 and "SK131" in unbounded.stderr
    pruned = run_skillc(*args, "--max-mb", "0.003", "--format", "json")
    assert pruned.returncode == 0, pruned.stderr
    assert json.loads(pruned.stdout)["left"]["entries"] == 2
    refused = run_skillc("cache", "prune", "--cache-dir", str(tmp_path), "--max-mb", "0")
    assert refused.returncode == 2 and "SK130" in refused.stderr


def test_project_cache_max_mb_bounds_the_cache_after_each_build(tmp_path: Path) -> None:
    with_cache = {"SKILLC_NO_CACHE": "0"}  # the test suite builds without a cache by default
    root = project(tmp_path)
    built = run_skillc("build", "-q", cwd=root, env=with_cache)
    assert built.returncode == 0, built.stderr
    unbounded = cache_info(root / ".skillc-cache").bytes
    half = unbounded / 2 / 1e6
    project(tmp_path, PROJECT.replace("jobs = 1", f"jobs = 1\ncache-max-mb = {half}"))
    again = run_skillc("build", "-q", cwd=root, env=with_cache)
    assert again.returncode == 0, again.stderr
    assert 0 < cache_info(root / ".skillc-cache").bytes <= unbounded / 2
    (tmp_path / "wrong").mkdir()
    wrong = project(tmp_path / "wrong", PROJECT.replace("jobs = 1", "jobs = 1\ncache-max-mb = 'a'"))
    refused = run_skillc("build", "-q", cwd=wrong)
    assert refused.returncode == 2
    assert "skillc.toml:3:1: SK104 cache-max-mb: expected a number of megabytes" in refused.stderr


PRUNER = """
import sys, time
from pathlib import Path
from skillc.compiler.cache.prune import is_cache, prune
root, stop = Path(sys.argv[1]), Path(sys.argv[2])
rounds = 0
while not stop.exists():
    # The first build makes the folder, then tags it: until then a prune refuses it (SK130).
    if is_cache(root):
        prune(root, 200_000)  # far less than a build needs: entries vanish under the builds
        rounds += 1
    time.sleep(0.01)
print(rounds)
"""


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_builds_succeed_while_another_process_prunes(tmp_path: Path) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    shutil.copytree(CLICK_DOCS, docs)
    fresh = run_skillc("build", str(docs), "-o", str(tmp_path / "fresh"), "-q", "--no-cache")
    assert fresh.returncode == 0, fresh.stderr
    stop = tmp_path / "stop"
    pruner = subprocess.Popen(
        [sys.executable, "-c", PRUNER, str(cache), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        for i in range(3):
            page = docs / "testing.md"
            page.write_text(page.read_text() + f"\nRun `pytest -k case{i}`.\n")
            out = tmp_path / "out"
            done = run_skillc("build", str(docs), "-o", str(out), "-q", "--cache-dir", str(cache))
            assert done.returncode == 0, done.stderr
            fresh_out = str(tmp_path / f"fresh{i}")
            again = run_skillc("build", str(docs), "-o", fresh_out, "-q", "--no-cache")
            assert again.returncode == 0, again.stderr
            assert tree(out) == tree(tmp_path / f"fresh{i}")
    finally:
        stop.touch()
        rounds = int(pruner.communicate(timeout=60)[0])
    assert rounds > 0
    # The pruner has stopped: the cache is whatever it left, and still usable.
    last = run_skillc("build", str(docs), "-o", str(out), "-q", "--cache-dir", str(cache))
    assert last.returncode == 0, last.stderr
