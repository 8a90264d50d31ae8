"""Opening a PDF without the work nothing needs yet: pypdf's page tree is left to the outline
when PDFium reads the pages, and named destinations are resolved one name at a time.

Why: both were serial work at the start of a PDF build. pypdf walked the whole page tree to
count the pages (bashref.pdf: ~0.15 s before any worker of `-j2` could start) and resolved all
2,425 named destinations of auto-multiple-choice.en.pdf for its 172 bookmarks.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from skillc.compiler.driver import read_sources
from skillc.compiler.frontends.pdf.destinations import LazyDestinations
from skillc.compiler.frontends.pdf.layout import outline
from skillc.compiler.frontends.pdf.opening import open_pdf
from skillc.compiler.inputs import collect

ROOT = Path(__file__).resolve().parents[3]
GUIDES = ROOT / "corpora/guides"
#: Corpus PDFs with named destinations (skipped when `make corpora` has not fetched them).
NAMED = [
    GUIDES / "amc-pdf/src/auto-multiple-choice.en.pdf",
    GUIDES / "bash-pdf/src/bashref.pdf",
    GUIDES / "docbook-xsl-pdf/src/reference.pdf",
]


def _blank(pages: int) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_pdfium_reads_is_counted_by_pdfium_and_its_page_tree_left_alone() -> None:
    opened = open_pdf(_bytes(_blank(5)), source_id="five.pdf")
    assert opened.reader is not None and opened.document is not None
    assert opened.pages == 5
    assert opened.reader.flattened_pages is None  # pypdf's walk is left to the outline
    assert len(opened.reader.pages) == 5


def _named_tree(writer: PdfWriter, names: list[tuple[str, object]]) -> None:
    """A catalog /Names /Dests leaf holding ``names`` (name, value) in this order."""
    flat = ArrayObject()
    for name, value in names:
        flat += [TextStringObject(name), value]
    dests = DictionaryObject({NameObject("/Names"): flat})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)}
    )


def _fit(writer: PdfWriter, page: int) -> ArrayObject:
    return ArrayObject([writer.pages[page].indirect_reference, NameObject("/Fit")])


def test_lazy_destinations_answer_what_pypdf_answers_on_odd_name_trees() -> None:
    writer = _blank(3)
    _named_tree(
        writer,
        [
            ("twice", _fit(writer, 0)),
            ("twice", _fit(writer, 1)),  # a later entry of a name replaces the earlier
            ("kept", _fit(writer, 2)),
            ("kept", DictionaryObject({NameObject("/X"): NumberObject(1)})),  # no /D: skipped
            ("wrapped", writer._add_object(DictionaryObject({NameObject("/D"): _fit(writer, 2)}))),
            ("bare", NumberObject(7)),  # no destination array: pypdf points it nowhere
        ],
    )
    reader = PdfReader(io.BytesIO(_bytes(writer)))
    lazy = LazyDestinations(reader)
    eager = reader.named_destinations
    assert sorted(lazy) == sorted(eager) == ["bare", "kept", "twice", "wrapped"]
    for name in eager:
        assert lazy[name] == eager[name], name
    assert reader.get_destination_page_number(lazy["twice"]) == 1
    assert reader.get_destination_page_number(lazy["kept"]) == 2
    with pytest.raises(KeyError):
        lazy["missing"]


@pytest.mark.parametrize("path", NAMED, ids=lambda p: p.name)
def test_lazy_destinations_equal_pypdfs_on_the_corpus(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    reader = PdfReader(path)
    lazy = LazyDestinations(reader)
    eager = reader.named_destinations
    assert len(lazy) == len(eager)
    assert all(lazy[name] == destination for name, destination in eager.items())


def test_the_outline_resolves_only_the_names_its_bookmarks_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = NAMED[0]
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    reader = PdfReader(path)
    built: list[object] = []
    build = reader._build_destination

    def counted(title: object, array: object) -> object:
        built.append(title)
        return build(title, array)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "_build_destination", counted)
    entries = outline(reader)
    assert len(entries) == 173
    # One for the name an item points at, one for the item: pypdf built all 2,425 names first.
    assert len(built) <= 2 * len(entries)


def test_the_split_path_opens_with_pdfium_alone_before_the_workers_start() -> None:
    """pypdf (its import and its reading of the file, ~90 ms) waits for `_prepare`, which runs
    while the workers read: nothing of it is loaded when the file is handed to them."""
    code = (
        "import sys\n"
        "from skillc.compiler.frontends.pdf import SPLIT\n"
        "opened, pages = SPLIT.open(open(sys.argv[1], 'rb').read(), 'x.pdf')\n"
        "print(pages, opened.reader is None, opened.later is not None, 'pypdf' in sys.modules)\n"
    )
    path = NAMED[1]
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not the venv's install
    command = [sys.executable, "-c", code, str(path)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    assert out.stdout.split() == ["196", "True", "True", "False"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_of_a_file_pdfium_reads_never_imports_pypdf(jobs: int, tmp_path: Path) -> None:
    """bashref.pdf (PDFium reads its pages, title and bookmarks): a whole build, serial or
    split between workers, ends without pypdf loaded in the parent."""
    path = NAMED[1]
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    code = (
        "import sys\n"
        "from skillc.compiler.driver import BuildOptions, build\n"
        f"build([sys.argv[1]], sys.argv[2], BuildOptions(jobs={jobs}))\n"
        "print('pypdf' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", code, str(path), str(tmp_path / "out")]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    assert out.stdout.split()[-1] == "False", out.stderr
    assert (tmp_path / "out" / "skills.lock").exists()


def test_a_file_pdfium_reads_is_built_whatever_pypdf_thinks_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PDFium opens it and reads its outline: pypdf is never asked (its import and trailer
    read were ~90 ms of a small build), so a file pypdf would refuse is built, the same at
    any -j, with the title and bookmarks PDFium reads."""
    path = NAMED[2]  # 95 pages: read in ranges by two workers
    if not path.exists():
        pytest.skip(f"{path.name} not fetched (make corpora)")
    files = collect([str(path)])
    normal = read_sources(files)

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("startxref not found")

    monkeypatch.setattr(pypdf, "PdfReader", refuse)
    whole = read_sources(files)
    assert whole[0].skills and not [d for d in whole[1] if d.code == "SK052"]
    assert whole == normal
    assert read_sources(files, jobs=2) == whole
