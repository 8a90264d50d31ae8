"""A build gathers page files lazily: each text is checked when gathered, not held, and read
again (hash checked) where the page is read, so a build's memory does not hold a corpus's text.

A lazily gathered page reads back the same text as an eager gathering (a declared charset
included); a page whose file changes between gathering and reading fails, named (SK010,
exit 2, SK019), and is not stored in the cache; outputs are the same at -j1 and -j2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillc import cli
from skillc.compiler import input_pages, tasks
from skillc.compiler.input_pages import PageChanged, PageTexts, decode_page, page_text
from skillc.compiler.inputs import gather
from skillc.compiler.stat_hook import Gathering
from skillc.compiler.tasks import loaded, read_source, shared
from skillc.diagnostics import Diagnostic
from tests.cli.conftest import CLICK_DOCS

GOOD_MD = "# Install\n\n1. Run `pip install tool`.\n"
LATIN1_HTML = (
    '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><main>'
    "<h1>Caf\xe9</h1><p>Run <code>brew install caf\xe9</code> first.</p></main></body></html>"
)


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.md").write_text(GOOD_MD, encoding="utf-8")
    (docs / "trap.md").write_text("# Trap\n\n1. Run `trap`.\n", encoding="utf-8")
    (docs / "cafe.html").write_bytes(LATIN1_HTML.encode("latin-1"))
    return docs


def test_a_lazy_page_holds_no_text_and_reads_back_the_eager_text(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    eager = gather([str(docs)]).files
    lazy = gather([str(docs)], Gathering(lazy=True)).files
    assert [f.id for f in lazy] == [f.id for f in eager]
    assert all(f.text == "" and f.on_disk for f in lazy)
    assert [page_text(f) for f in lazy] == [f.text for f in eager]
    assert "Café" in page_text(next(f for f in lazy if f.id == "cafe.html"))
    assert [loaded(f) for f in lazy] == list(eager)
    assert dict(PageTexts(lazy)) == {f.id: (f.frontend, f.text) for f in eager}
    assert shared(lazy).targets == shared(eager).targets


def test_a_page_changed_after_gathering_is_not_read_with_its_old_hash(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    lazy = {f.id: f for f in gather([str(docs)], Gathering(lazy=True)).files}
    (docs / "trap.md").write_text("# Trap\n\n1. Run `other`.\n", encoding="utf-8")
    with pytest.raises(PageChanged):
        page_text(lazy["trap.md"])
    reason, result = read_source(lazy["trap.md"], shared([]).targets)
    assert reason == "" and result is not None and not result.skills
    assert [(d.code, d.severity.name) for d in result.diagnostics] == [("SK019", "ERROR")]
    assert "changed while the build read it" in result.diagnostics[0].message


def test_asking_whether_a_page_is_a_text_page_does_not_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`longdesc_titled` asks ``in`` for every trail's parent: `Mapping`'s own test reads the
    item, and so read and decoded each page again only to find it there."""
    texts = PageTexts(gather([str(_docs(tmp_path))], Gathering(lazy=True)).files)

    def unread(item):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{item.id} read again")

    monkeypatch.setattr(input_pages, "page_text", unread)
    assert "install.md" in texts
    assert "cafe.html" in texts
    assert "missing.md" not in texts


def test_a_build_fails_a_page_that_changed_while_it_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(tmp_path)
    real = tasks.shared

    def edited_after_gathering(files):  # type: ignore[no-untyped-def]
        (docs / "trap.md").write_text("# Trap\n\n1. Run `other`.\n", encoding="utf-8")
        return real(files)

    monkeypatch.setattr(tasks, "shared", edited_after_gathering)
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["build", str(docs), "-o", str(out), "-q", "--cache-dir", str(cache)]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 2, result.output
    lock = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    assert {e["id"]: e["reason"] for e in lock["failed"]} == {
        "trap.md": "the file changed while the build read it; build again"
    }
    # The page back as gathered (same hash, same cache key): read again, not a stored failure.
    (docs / "trap.md").write_text("# Trap\n\n1. Run `trap`.\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "shared", real)
    result = CliRunner().invoke(cli.main, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "skills.lock").read_text(encoding="utf-8"))["failed"] == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_lazy_build_writes_what_it_wrote_with_the_texts_held(tmp_path: Path, jobs: str) -> None:
    """The build (lazy) against the same pages read eagerly through the driver's reader."""
    from skillc.compiler.driver import read_sources

    eager = gather([str(CLICK_DOCS)]).files
    lazy = gather([str(CLICK_DOCS)], Gathering(lazy=True)).files
    assert read_sources(lazy, jobs=int(jobs)) == read_sources(eager, jobs=1)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"# T\r\n\r\nText.\r\n", "# T\n\nText.\n"),
        (b"# T\rText.\r", "# T\nText.\n"),  # old Mac line ends
        (b"# T\n\nText.\n", "# T\n\nText.\n"),  # no carriage return: the text as decoded
        (b"\xef\xbb\xbf# T\r\n", "# T\n"),
        (b" \r\n\t\n", None),  # white space only: an empty page
        ("\u3000\u2028\n".encode(), None),  # Unicode white space too, as `str.strip` had it
        (b"", None),
    ],
)
def test_a_page_decodes_with_its_newlines_folded(data: bytes, expected: str | None) -> None:
    decoded = decode_page("page.md", data, html=False)
    if expected is None:
        assert isinstance(decoded, Diagnostic) and "empty file" in decoded.message
    else:
        assert decoded == expected
