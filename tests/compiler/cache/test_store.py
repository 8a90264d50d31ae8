"""The cache's entries: atomic writes, hash-checked reads, and a killed writer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from skillc.compiler.cache import Bases, SourceResults, Store
from skillc.compiler.cache.keys import code_fingerprint, source_key, targets_digest
from skillc.compiler.cache.store import MAGIC


def test_round_trip_and_missing(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    assert store.get("results", "ab" * 32).payload is None
    assert not store.get("results", "ab" * 32).corrupt
    assert store.put("results", "ab" * 32, b"payload")
    assert store.get("results", "ab" * 32).payload == b"payload"
    assert (tmp_path / "cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f59")


def test_truncated_and_flipped_entries_are_corrupt(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.put("results", "cd" * 32, b"x" * 1000)
    path = store.path("results", "cd" * 32)
    whole = path.read_bytes()
    for damaged in (whole[:-1], whole[: len(MAGIC) + 10], b"", whole[:-1] + b"y"):
        path.write_bytes(damaged)
        found = store.get("results", "cd" * 32)
        assert found.payload is None and found.corrupt


def test_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not Store(blocker / "cache").put("results", "ef" * 32, b"data")


def test_results_reject_wrong_types_and_count_corrupt(tmp_path: Path) -> None:
    results = SourceResults(Store(tmp_path))
    results.put("k" * 64, ("", None))
    assert results.get("k" * 64, "page.md", tuple) == ("", None)
    assert results.get("k" * 64, "page.md", dict) is None
    assert results.stats.corrupt == ["page.md"]


def test_bases_are_content_addressed(tmp_path: Path) -> None:
    import hashlib

    bases = Bases(Store(tmp_path))
    bases.keep({"a/SKILL.md": b"text\n"})
    sha = hashlib.sha256(b"text\n").hexdigest()
    assert bases.get(sha) == b"text\n"
    assert bases.get("0" * 64) is None


def test_keys_change_with_each_input() -> None:
    base = {"frontend": "markdown", "source_id": "a.md", "sha256": "1" * 64, "targets": "t"}
    key = source_key(**base)
    assert key == source_key(**base)
    for field, value in (("frontend", "rst"), ("source_id", "b.md"), ("sha256", "2" * 64)):
        assert source_key(**{**base, field: value}) != key
    assert targets_digest({"x": ("a", "b")}, {"a": "A"}) != targets_digest({}, {"a": "A"})
    assert len(code_fingerprint()) == 64


def test_killed_writer_leaves_no_visible_entry(tmp_path: Path) -> None:
    """SIGKILL just before the rename (the payload fully written to the temporary file): the
    entry is missing, not corrupt, and the next write succeeds."""
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from skillc.compiler.cache import Store
        tag, real = "CACHEDIR.TAG", os.replace  # the folder's tag is written, then the kill
        os.replace = lambda a, b: real(a, b) if str(b).endswith(tag) else os.kill(os.getpid(), 9)
        Store(Path({str(tmp_path)!r})).put("results", "77" * 32, b"z" * 1_000_000)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9
    store = Store(tmp_path)
    found = store.get("results", "77" * 32)
    assert found.payload is None and not found.corrupt
    leftovers = os.listdir(store.path("results", "77" * 32).parent)
    assert all(name.startswith(".tmp-") for name in leftovers) and leftovers
    assert store.put("results", "77" * 32, b"ok")
    assert store.get("results", "77" * 32).payload == b"ok"
