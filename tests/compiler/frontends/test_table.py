"""The frontend table: what each kind claims, unclaimed paths, and picklable reading tasks."""

from __future__ import annotations

import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Reads
from skillc.compiler.inputs import gather
from skillc.compiler.tasks import ReadParts, ReadSource, read_source, shared
from skillc.diagnostics import SkillcError
from tests.compiler.frontends.test_pdf import make_pdf, widget_pages

ROOT = Path(__file__).resolve().parents[3]
CLICK = ROOT / "corpora" / "guides" / "click" / "src"
SKILL_MD = "---\nname: greet\ndescription: Greets people. Use when asked to greet.\n---\n"


@pytest.mark.parametrize(
    ("path", "kind", "media_type"),
    [
        ("guide/intro.md", "markdown", "text/markdown"),
        ("INTRO.MARKDOWN", "markdown", "text/markdown"),
        ("api.rst", "rst", "text/x-rst"),
        ("site/index.html", "html", "text/html"),
        ("page.HTM", "html", "text/html"),
        ("manual.pdf", "pdf", "application/pdf"),
        ("greet/SKILL.md", "skills", "text/markdown; variant=agent-skill"),
    ],
)
def test_every_kind_claims_its_paths(path: str, kind: str, media_type: str) -> None:
    frontend = table.by_path(path)
    assert frontend is not None and frontend.name == kind
    assert frontend.media_type == media_type
    assert table.by_media_type(media_type) is frontend is table.by_name(kind)


@pytest.mark.parametrize("path", ["notes.txt", "Makefile", "a.md.orig", "skillc-manifest.json"])
def test_paths_no_kind_claims(path: str) -> None:
    assert table.by_path(path) is None


def test_the_table_lists_each_kind_once_with_what_it_reads() -> None:
    names = [f.name for f in table.FRONTENDS]
    assert names == ["markdown", "rst", "html", "pdf", "skills", "repository", "tickets"]
    reads = {f.name: f.reads for f in table.FRONTENDS}
    assert reads["pdf"] is Reads.BYTES and reads["html"] is Reads.DECLARED_TEXT
    assert reads["tickets"] is Reads.BYTES
    suffixes = [".eml", ".htm", ".html", ".markdown", ".mbox", ".md", ".pdf", ".rst"]
    assert table.file_suffixes() == suffixes
    assert [f.name for f in table.FRONTENDS if f.read_all is not None] == ["tickets"]
    assert [f.name for f in table.FRONTENDS if f.split is not None] == ["pdf"]
    assert [f.name for f in table.FRONTENDS if f.claims.root is not None] == ["repository"]


def test_an_unclaimed_file_or_folder_is_reported_as_before(tmp_path: Path) -> None:
    notes = tmp_path / "docs" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("nothing to build\n", encoding="utf-8")
    with pytest.raises(SkillcError) as folder:
        gather([str(notes.parent)])
    assert [d.message for d in folder.value.diagnostics] == [
        "directory has no supported files (.eml, .htm, .html, .markdown, .mbox, .md, .pdf, .rst)"
    ]
    with pytest.raises(SkillcError) as file:
        gather([str(notes)])
    assert [d.message for d in file.value.diagnostics] == ["unsupported file type '.txt'"]


def test_importing_the_table_loads_no_parser_library() -> None:
    code = (
        "import sys, skillc.compiler.frontends.table, skillc.compiler.inputs, "
        "skillc.compiler.library_name\n"
        "heavy = ('lxml', 'pypdf', 'docutils', 'markdown_it', 'tree_sitter')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_skill_folder_is_one_source_and_guides_beside_it_stay_guides(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "greet" / "references").mkdir(parents=True)
    (docs / "greet" / "SKILL.md").write_text(SKILL_MD + "\n# Greet\n\n1. Say hello.\n")
    (docs / "greet" / "references" / "more.md").write_text("# More\n\nNot a page.\n")
    (docs / "guide.md").write_text((CLICK / "quickstart.md").read_text(encoding="utf-8"))
    files = gather([str(docs)]).files
    assert [(f.id, f.frontend) for f in files] == [
        ("greet/SKILL.md", "skills"),
        ("guide.md", "markdown"),
    ]
    alone = gather([str(docs / "greet")]).files
    assert [(f.id, f.frontend) for f in alone] == [("greet/SKILL.md", "skills")]
    _, result = read_source(alone[0], shared(alone).targets)
    assert result is not None and [s.name for s in result.skills] == ["greet"]
    assert {span.source for span in result.skills[0].prov} == {"greet/SKILL.md"}


def test_cross_page_targets_of_earlier_kinds_win(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("(install)=\n# Install (md)\n\nText.\n")
    (tmp_path / "b.rst").write_text(".. _install:\n\nInstall (rst)\n=============\n\nText.\n")
    targets = shared(gather([str(tmp_path)]).files).targets
    assert targets.labels["install"] == ("a.md", "Install (md)")
    assert targets.titles == {"a.md": "Install (md)", "b.rst": "Install (rst)"}


def test_reading_tasks_pickle_round_trip_and_run_as_the_serial_path(tmp_path: Path) -> None:
    (tmp_path / "manual.pdf").write_bytes(make_pdf(widget_pages()))
    (tmp_path / "quickstart.md").write_text((CLICK / "quickstart.md").read_text("utf-8"))
    state = shared(gather([str(tmp_path)]).files)
    again = pickle.loads(pickle.dumps(state))
    assert again == state
    pdf_index = [f.frontend for f in state.files].index("pdf")
    md_index = 1 - pdf_index
    task = ReadSource("markdown", md_index)
    assert pickle.loads(pickle.dumps(task)) == task
    assert task.run(again) == read_source(state.files[md_index], state.targets)
    split = table.by_name("pdf").split
    assert split is not None
    opened = split.open(state.files[pdf_index].data, "manual.pdf")
    assert isinstance(opened, tuple) and opened[1] == 4
    parts_tasks = [ReadParts("pdf", pdf_index, 1, 2), ReadParts("pdf", pdf_index, 3, 4)]
    cache: dict[int, object] = {}  # a fresh worker: each task reopens nothing after the first
    parts = [page for t in parts_tasks for page in pickle.loads(pickle.dumps(t)).run(again, cache)]
    combined = split.combine(parts, split.prepare(opened[0]), "manual.pdf")
    assert ("", combined) == read_source(state.files[pdf_index], state.targets)


def test_a_skill_folder_in_an_archive_is_one_source(tmp_path: Path) -> None:
    archive = tmp_path / "skills.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("greet/SKILL.md", SKILL_MD + "\n# Greet\n\n1. Say hello.\n")
        zipped.writestr("greet/references/more.md", "# More\n\nNot a page.\n")
    files = gather([str(archive)]).files
    assert [(f.id, f.frontend) for f in files] == [("greet/SKILL.md", "skills")]


def test_closing_lines_come_from_the_kinds() -> None:
    """Report-leaks counts code lines back from a span's end by these (Markdown's closing
    fence, nothing after an RST literal block); kinds that do not know are absent."""
    closing = table.closing_lines()
    assert (closing[".md"], closing[".markdown"], closing[".rst"]) == (1, 1, 0)
    assert ".html" not in closing and ".pdf" not in closing
