"""Stat records of whole trees: an unchanged archive (a real sdist) is not opened and an
unchanged repository folder (a real checkout) is not read again; a changed one is, and what
was recorded gives the whole-build key that reading them gives."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from skillc.compiler.cache import Store
from skillc.compiler.cache.stats import MARGIN_NS
from skillc.compiler.driver import BuildOptions, _build_key
from skillc.compiler.inputs import Gathered
from skillc.compiler.known_inputs import gather_known, read_all
from tests.cli.conftest import ROOT

SDIST = ROOT / "corpora" / ".cache" / "click-8.5.1.tar.gz"
CHECKOUT = ROOT / "corpora" / "repos" / "click" / "src" / "click-8.5.1"


def age() -> None:
    """Wait until every file written so far is older than the racy margin."""
    time.sleep(MARGIN_NS / 1e9 + 0.2)


def hashes(gathered: Gathered) -> dict[str, tuple[str, str]]:
    return {f.id: (f.frontend, f.sha256) for f in gathered.files}


@pytest.fixture
def sdist(tmp_path: Path) -> Path:
    if not SDIST.is_file():
        pytest.skip("corpora not fetched (make corpora)")
    copy = tmp_path / SDIST.name
    shutil.copy(SDIST, copy)
    return copy


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    copy = tmp_path / "click"
    shutil.copytree(CHECKOUT, copy)
    return copy


def test_an_unchanged_archive_is_not_opened(sdist: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    age()
    first = gather_known([str(sdist)], store, "ctx")
    assert not first.deferred
    assert any(f.frontend == "repository" for f in first.gathered.files)  # read whole too
    second = gather_known([str(sdist)], store, "ctx")
    assert second.deferred
    assert hashes(second.gathered) == hashes(first.gathered)
    assert all(f.text == "" and f.data == b"" for f in second.gathered.files)
    # The project name the sdist declares (its skills' prefix) comes back from the record.
    assert first.gathered.declared_name == "Click"
    assert second.gathered.declared_name == first.gathered.declared_name
    assert [str(f.path) for f in second.gathered.files] == [
        str(f.path) for f in first.gathered.files
    ]
    # A build that needs the pages reads the archive again, and gets them all.
    full = read_all([str(sdist)], second, "ctx")
    assert hashes(full) == hashes(first.gathered) and any(f.text for f in full.files)
    # What the rebuild looks its whole-build entry up by is the same from the record.
    inputs, options = [str(sdist)], BuildOptions()
    assert _build_key(inputs, second.gathered, options) == _build_key(inputs, full, options)

    # Another archive in its place (a new release): read again.
    data = sdist.read_bytes()
    sdist.write_bytes(data + b"\0" * 512)
    third = gather_known([str(sdist)], store, "ctx")
    assert third.records is not None and third.records.hits == 0


def test_an_unchanged_repository_folder_is_not_read_again(checkout: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    age()
    first = gather_known([str(checkout)], store, "ctx")
    whole = [f for f in first.gathered.files if f.frontend == "repository"]
    assert len(whole) == 1 and whole[0].data  # the repository, bundled
    second = gather_known([str(checkout)], store, "ctx")
    assert second.deferred and hashes(second.gathered) == hashes(first.gathered)
    again = [f for f in second.gathered.files if f.frontend == "repository"]
    assert again[0].data == b"" and again[0].sha256 == whole[0].sha256
    inputs, options = [str(checkout)], BuildOptions()
    assert _build_key(inputs, second.gathered, options) == _build_key(
        inputs, first.gathered, options
    )

    # A code file that is no page changes: the repository source is read again.
    code = checkout / "src" / "click" / "core.py"
    code.write_text(code.read_text() + "\n# changed\n")
    third = gather_known([str(checkout)], store, "ctx")
    changed = [f for f in third.gathered.files if f.frontend == "repository"]
    assert changed[0].data and changed[0].sha256 != whole[0].sha256


def test_a_change_in_the_build_output_it_reads_is_read_again(
    checkout: Path, tmp_path: Path
) -> None:
    """``dist/`` is skipped, but a program in it is read (a ``package.json`` bin often names
    one): the signature must see it change."""
    store = Store(tmp_path / "cache")
    (checkout / "dist").mkdir()
    (checkout / "dist" / "cli.js").write_text("module.exports = 1;\n")
    age()
    first = gather_known([str(checkout)], store, "ctx")
    (checkout / "dist" / "cli.js").write_text("module.exports = 2;\n")
    second = gather_known([str(checkout)], store, "ctx")
    assert second.records is not None
    whole = [f for f in second.gathered.files if f.frontend == "repository"]
    assert whole and whole[0].data  # read again, not taken from the record
    assert hashes(second.gathered) != hashes(first.gathered)


def test_a_change_in_a_skipped_folder_keeps_the_record(checkout: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    (checkout / "node_modules" / "dep").mkdir(parents=True)
    age()
    first = gather_known([str(checkout)], store, "ctx")
    (checkout / "node_modules" / "dep" / "index.js").write_text("module.exports = 1;\n")
    second = gather_known([str(checkout)], store, "ctx")
    assert second.deferred and hashes(second.gathered) == hashes(first.gathered)
    assert all(f.data == b"" for f in second.gathered.files)


def test_a_record_another_skillc_made_is_not_taken_back(
    sdist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an archive gives depends on skillc's code (which members are pages, the name it
    declares): after an upgrade (another code fingerprint) the archive is read again."""
    from skillc.compiler.cache import stats

    store = Store(tmp_path / "cache")
    age()
    gather_known([str(sdist)], store, "ctx")
    assert gather_known([str(sdist)], store, "ctx").deferred  # same code: taken back
    monkeypatch.setattr(stats, "code_fingerprint", lambda: "another skillc")
    upgraded = gather_known([str(sdist)], store, "ctx")
    assert not upgraded.deferred and all(f.data or f.text for f in upgraded.gathered.files)
