"""Stat records: an unchanged file is known by its stat and not read; an edit (even one that
keeps the size and puts the mtime back) and a file too new to trust (git's racy rule) are read.

The gatherings run on real files; files are aged past `MARGIN_NS` by waiting, since a file's
ctime cannot be set back."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from skillc.compiler.cache import Store
from skillc.compiler.cache.stats import MARGIN_NS, SECTION, StatRecords, trusted
from skillc.compiler.inputs import Gathered
from skillc.compiler.known_inputs import gather_known, read_all

PAGES = {
    "install.md": "# Install\n\nRun `pip install tool` first.\n",
    "deploy.md": "# Deploy\n\n1. Build the wheel.\n2. Upload it with `twine upload dist/*`.\n",
}


def age() -> None:
    """Wait until every file written so far is older than the racy margin."""
    time.sleep(MARGIN_NS / 1e9 + 0.2)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text)
    return folder


def texts(gathered: Gathered) -> dict[str, str]:
    return {f.id: f.text for f in gathered.files}


def hashes(gathered: Gathered) -> dict[str, str]:
    return {f.id: f.sha256 for f in gathered.files}


def test_unchanged_files_are_not_read_and_give_the_same_hashes(docs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    age()
    first = gather_known([str(docs)], store, "ctx")
    assert not first.deferred and texts(first.gathered) == PAGES
    second = gather_known([str(docs)], store, "ctx")
    assert second.records is not None and second.records.hits == len(PAGES)
    assert second.deferred and set(texts(second.gathered).values()) == {""}
    assert hashes(second.gathered) == hashes(first.gathered)
    # A build that needs the text reads every page again.
    assert texts(read_all([str(docs)], second, "ctx")) == PAGES


def test_a_normal_edit_is_read(docs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    age()
    gather_known([str(docs)], store, "ctx")
    (docs / "install.md").write_text(PAGES["install.md"] + "\nThen run `tool --version`.\n")
    again = gather_known([str(docs)], store, "ctx")
    assert again.records is not None and again.records.hits == len(PAGES) - 1
    assert texts(again.gathered)["install.md"].endswith("`tool --version`.\n")


def test_same_size_edit_with_mtime_put_back_is_read(docs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    page = docs / "deploy.md"
    age()
    gather_known([str(docs)], store, "ctx")
    before = page.stat()
    page.write_text(PAGES["deploy.md"].replace("wheel", "sdist"))  # same length
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = gather_known([str(docs)], store, "ctx")
    assert "sdist" in texts(again.gathered)["deploy.md"]
    uncached = gather_known([str(docs)], None, "").gathered
    assert hashes(again.gathered) == hashes(uncached)


def test_a_file_newer_than_the_margin_is_hashed_again(docs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    gather_known([str(docs)], store, "ctx")  # the pages were written just now: racy
    again = gather_known([str(docs)], store, "ctx")
    assert again.records is not None and again.records.hits == 0
    assert texts(again.gathered) == PAGES


def test_racy_rule() -> None:
    stamp = 10 * MARGIN_NS
    old = (5, stamp - MARGIN_NS - 1, 7, stamp - MARGIN_NS - 1)
    assert trusted(old, old, stamp)
    assert not trusted(old, (6, *old[1:]), stamp)  # another size
    assert not trusted(old, (5, old[1], 8, old[3]), stamp)  # another inode (replaced)
    same_tick = (5, stamp - MARGIN_NS, 7, stamp - MARGIN_NS - 1)
    assert not trusted(same_tick, same_tick, stamp)  # mtime not older than the margin
    changed_since = (5, old[1], 7, stamp)
    assert not trusted(changed_since, changed_since, stamp)  # ctime too new (mtime put back)


def test_damaged_or_other_context_record_only_means_hashing(docs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    age()
    gather_known([str(docs)], store, "ctx")
    other = gather_known([str(docs)], store, "other tickets mapping")
    assert other.records is not None and other.records.hits == 0
    records = StatRecords(store, [str(docs)], "other tickets mapping")
    store.put(SECTION, records.slot, b'{"context": "other tickets mapping", "stamp": "x"}')
    assert texts(gather_known([str(docs)], store, "other tickets mapping").gathered) == PAGES
    store.put(SECTION, records.slot, json.dumps({"context": 1}).encode()[:-3])
    assert texts(gather_known([str(docs)], store, "other tickets mapping").gathered) == PAGES
