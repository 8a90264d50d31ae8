"""Errors as the README promises them, for every kind of bad page, through the real CLI.

A bad page inside a folder or archive is skipped, named once by the path the user gave (an
archive member as ``docs.zip!/docs/page.pdf``), listed under ``failed`` and the rest written,
exit 2, whether the frontend or the input reader found it bad and whatever ``-j`` is. A bad page
named directly is a usage error: exit 2, nothing written. No input ever ends in a traceback:
a table of malformed inputs and a hypothesis fuzz of pages and archives check it (tests/cli/
test_bad_input.py and test_archives.py hold the cases of one problem each).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillc import cli
from skillc.compiler import tasks
from tests.cli.conftest import run_skillc
from tests.compiler.frontends.test_pdf import make_pdf, widget_pages

GOOD_MD = "# Install\n\n1. Run `pip install tool`.\n"
LATIN1_HTML = (
    b'<html><head><meta charset="utf-8"></head><body><h1>Caf\xe9</h1>'
    b"<ol><li>Run <code>make</code>.</li></ol></body></html>"
)
BROKEN_RST = (
    "=====\nTitle\n===\n\n.. code-block::\n   :bogus-option: x\n\n   make\n\n"
    "1. Run ``make install``.\n\n`unclosed\n\n+--+\n| a|\n+-\n"
)


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def failed_of(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    return {entry["id"]: entry["reason"] for entry in manifest["failed"]}


def skills_of(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir()}


def tree_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def bad_pages(folder: Path) -> Path:
    """A folder with two good pages (Markdown, PDF), one odd one (RST docutils complains
    about, which still builds) and one page of every bad kind."""
    folder.mkdir(parents=True)
    good_pdf = make_pdf(widget_pages())
    (folder / "install.md").write_text(GOOD_MD, encoding="utf-8")
    (folder / "manual.pdf").write_bytes(good_pdf)
    (folder / "odd.rst").write_text(BROKEN_RST, encoding="utf-8")
    (folder / "latin.html").write_bytes(LATIN1_HTML)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n%garbage")
    (folder / "truncated.pdf").write_bytes(good_pdf[:-300])
    (folder / "locked.pdf").write_bytes(make_pdf(widget_pages(), password="secret"))
    return folder


BAD = {
    "corrupt.pdf": "SK052 not a readable PDF",
    "latin.html": "SK010 not valid utf-8 (byte 0xe9)",
    "locked.pdf": "SK050 encrypted PDF; it does not open without a password",
    "truncated.pdf": "SK052 not a readable PDF",
}
BUILT = {"install", "odd", "widget-installing", "widget-using"}  # the title names the PDF


# --- Bad pages the frontends find ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bad_pages(tmp_path_factory.mktemp("bad") / "docs")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_kind_of_bad_page_fails_alone(bad_folder: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    args = ("-o", str(out), "-q", "-j", jobs, "--group", "page")  # a skill per good page
    result = run_skillc("build", str(bad_folder), *args)
    assert result.returncode == 2, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == len(BAD), result.stderr
    for line, (name, needle) in zip(sorted(lines), sorted(BAD.items()), strict=True):
        path = bad_folder / name
        assert line.startswith(f"error: {path}"), line
        assert needle in line, line
        assert line.count(name) == 1, f"the file is named once: {line}"
    assert skills_of(out) == BUILT
    assert failed_of(out).keys() == BAD.keys()
    assert "encrypted PDF" in failed_of(out)["locked.pdf"]


def test_jobs_do_not_change_what_a_bad_build_writes(bad_folder: Path, tmp_path: Path) -> None:
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run_skillc("build", str(bad_folder), "-o", str(out), "-j", jobs)
        runs[jobs] = (result.returncode, result.stderr, tree_of(out))
    assert runs["1"] == runs["2"]


def test_bad_pdf_in_an_archive_is_named_by_its_member(tmp_path: Path) -> None:
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("docs/install.md", GOOD_MD)
        archive.writestr("docs/corrupt.pdf", b"%PDF-1.4\n%garbage")
    out = tmp_path / "out"
    result = run_skillc("build", str(path), "-o", str(out))
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {path}!/docs/corrupt.pdf: SK052 not a readable PDF"), line
    assert result.returncode == 2 and skills_of(out) == {"install"}
    assert list(failed_of(out)) == ["corrupt.pdf"]


@pytest.mark.parametrize("name", ["corrupt.pdf", "locked.pdf", "truncated.pdf"])
def test_bad_pdf_named_directly_is_a_usage_error(
    bad_folder: Path, tmp_path: Path, name: str
) -> None:
    """Exit 2 (not 1), one line, the path as given, named once; nothing written, even beside
    a good page."""
    page = bad_folder / name
    out = tmp_path / "out"
    result = run_skillc("build", str(page), str(bad_folder / "install.md"), "-o", str(out))
    assert result.returncode == 2
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {page}: SK05") and line.count(name) == 1, line
    assert not out.exists()


def test_ir_dump_of_a_bad_pdf_is_an_error_not_an_empty_module(bad_folder: Path) -> None:
    result = run_skillc("ir", "dump", str(bad_folder / "corrupt.pdf"))
    assert result.returncode == 2 and result.stdout == ""
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {bad_folder / 'corrupt.pdf'}: SK052 ")


def test_a_frontend_crash_fails_its_page_with_sk081(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frontend bug met on one page costs that page, named, not the build in a traceback."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.md").write_text(GOOD_MD, encoding="utf-8")
    (docs / "trap.md").write_text("# Trap\n\n1. Run `trap`.\n", encoding="utf-8")
    real = tasks.read_one

    def read_one(item, targets):  # type: ignore[no-untyped-def]
        if item.id == "trap.md":
            raise RecursionError("maximum recursion depth exceeded")
        return real(item, targets)

    monkeypatch.setattr(tasks, "read_one", read_one)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["build", str(docs), "-o", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert skills_of(out) == {"install"}
    assert failed_of(out) == {
        "trap.md": "internal error reading the page (RecursionError: maximum recursion depth "
        "exceeded); it is skipped, please report this"
    }


# --- Symlinks and names -------------------------------------------------------------------------


def test_symlink_loop_inside_a_folder_fails_those_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.md").write_text(GOOD_MD, encoding="utf-8")
    (docs / "a.md").symlink_to("b.md")
    (docs / "b.md").symlink_to("a.md")
    (docs / "sub").symlink_to("sub")  # a folder link to itself: not a page, not entered
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out), "-q")
    assert error_lines(result.stderr) == [
        f"error: {docs / name}: SK010 symlink loop (too many levels of symbolic links)"
        for name in ("a.md", "b.md")
    ]
    assert result.returncode == 2 and skills_of(out) == {"install"}
    assert set(failed_of(out)) == {"a.md", "b.md"}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("self.md", "symlink loop (too many levels of symbolic links)"),
        ("/nonexistent/page.md", "broken symlink (to '/nonexistent/page.md')"),
    ],
)
def test_bad_symlink_named_directly_is_a_usage_error(
    tmp_path: Path, target: str, message: str
) -> None:
    link = tmp_path / "self.md"
    link.symlink_to(target)
    out = tmp_path / "out"
    result = run_skillc("build", str(link), "-o", str(out))
    assert result.returncode == 2
    assert error_lines(result.stderr) == [f"error: {link}: SK010 {message}"]
    assert not out.exists()


def test_control_characters_in_a_name_stay_on_one_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.md").write_text(GOOD_MD, encoding="utf-8")
    (docs / "bad\nname.md").write_bytes(b"\x00binary")
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "out"), "-q")
    assert result.stderr.splitlines() == [
        f"error: {docs}/bad\\x0aname.md:1:1: SK010 binary file (contains NUL bytes)"
    ]


# --- No traceback on any input ------------------------------------------------------------------

#: Malformed pages: each must build (maybe with warnings) or fail alone, never crash.
MALFORMED: dict[str, bytes] = {
    "deep-quote.md": ("> " * 2000 + "Run `make`.\n").encode(),
    "deep-list.md": "".join("  " * i + "- item\n" for i in range(1500)).encode(),
    "deep-brackets.md": ("[" * 20000 + "x" + "]" * 20000 + "\n").encode(),
    "deep-div.html": ("<div>" * 5000 + "<p>Run <code>make</code></p>" + "</div>" * 5000).encode(),
    "deep-ul.html": ("<ul><li>" * 3000 + "Run make" + "</li></ul>" * 3000).encode(),
    "deep-list.rst": "".join(" " * (i * 2) + "- item\n\n" for i in range(500)).encode(),
    "rst-include.rst": (
        b"Title\n=====\n\n.. include:: /etc/passwd\n\n.. raw:: html\n   :file: /etc/passwd\n\n"
        b".. csv-table::\n   :file: /etc/passwd\n"
    ),
    "broken.rst": BROKEN_RST.encode(),
    "front-matter.md": b"---\n: : :\n- [\n---\n# x\n\n1. Run `make`.\n",
    "front-matter-only.md": b"---\nname: x\n---\n",
    "long-line.md": b"# x\n\n" + b"a" * 300_000 + b"\n",
    "entities.html": b"<p>" + b"&#x110000;&#0;&#xD800;&nonsense;" * 50 + b"</p>",
    "script.html": b"<script>" + b"<" * 10000 + b"</script><h1>x</h1><p>Run make.</p>",
    "utf16-bom.html": "<html><body><h1>x</h1><p>Run make</p></body></html>".encode("utf-16"),
    "bidi.md": "# x\n\n1. Run `rm -rf \u202e/ ~`.\n".encode(),
    "cr-only.md": b"# x\r\r1. Run `a`.\r",
    # bad ones: each fails alone
    "latin1.md": "# Caf\xe9\n\n1. Run `make`.\n".encode("latin-1"),
    "utf16-no-bom.md": "# Title\n\n1. Run `make`.\n".encode("utf-16-le"),
    "surrogate.md": "# x\n\n\udcff".encode("utf-8", "surrogatepass"),
    "binary.md": bytes(range(256)) * 4,
    "klingon.html": b'<meta charset="klingon"><h1>x</h1>',
    "blank.html": b" " * 100,
    "random.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 8,
    "empty.pdf": b"",
}
MALFORMED_FAILED = {
    "latin1.md",
    "utf16-no-bom.md",
    "surrogate.md",
    "binary.md",
    "klingon.html",
    "blank.html",
    "random.pdf",
    "empty.pdf",
}


def test_a_tree_of_malformed_pages_builds_what_it_can(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in MALFORMED.items():
        (docs / name).write_bytes(data)
    out = tmp_path / "out"
    result = run_skillc("build", str(docs), "-o", str(out), "-q")
    assert result.returncode == 2, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == len(MALFORMED_FAILED), result.stderr
    assert set(failed_of(out)) == MALFORMED_FAILED
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md"))
    assert "root:x:0:0" not in written, "RST file-inclusion directives never read a file"


def invoke(args: list[str]) -> Result:
    """The CLI in this process (fast enough for a fuzz); an exception is a crash."""
    result = CliRunner().invoke(cli.main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output,
        result.exception,
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    return result


PAGE_TOKENS = st.sampled_from(
    [
        "# ", "## ", "\n", "\n\n", "1. ", "- ", "> ", "```", "`", "*", "_", "[", "](", ")",
        "<", ">", "<div>", "</div>", "<ul><li>", "<pre>", "&#0;", "---\n", ".. ", "::", "   ",
        "=====", "Run `make`.", "\x00", "\r", "\t", "\u202e", "\ufeff", "é", "%PDF-1.4",
        "<meta charset=x>",
    ]
)  # fmt: skip
PAGES = st.one_of(
    st.binary(max_size=400),
    st.lists(PAGE_TOKENS, max_size=80).map(lambda parts: "".join(parts).encode("utf-8", "replace")),
)


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(suffix=st.sampled_from([".md", ".html", ".rst", ".pdf", ".markdown", ".htm"]), data=PAGES)
def test_fuzz_any_page_ends_in_an_exit_code_not_a_traceback(
    tmp_path: Path, suffix: str, data: bytes
) -> None:
    page = tmp_path / f"page{suffix}"
    page.write_bytes(data)
    invoke(["build", str(page), "-o", str(tmp_path / "out"), "-q", "--force"])


MEMBER_NAMES = st.sampled_from(
    [
        "docs/a.md", "docs/b.html", "docs/c.rst", "docs/d.pdf", "docs/a.md", "../up.md",
        "/abs.md", "C:/win.md", "docs/../x.md", "docs/nested.zip", "docs/\nnl.md", "docs/",
        "docs\\back.md", "docs/x.txt", "",
    ]
)  # fmt: skip


@FUZZ
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")
@given(members=st.lists(st.tuples(MEMBER_NAMES, PAGES), max_size=6), cut=st.integers(0, 64))
def test_fuzz_any_zip_ends_in_an_exit_code_not_a_traceback(
    tmp_path: Path, members: list[tuple[str, bytes]], cut: int
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            if name:
                archive.writestr(name, data)
    data = buffer.getvalue()
    path = tmp_path / "docs.zip"
    path.write_bytes(data[: len(data) - cut] if cut % 4 == 1 else data)  # sometimes cut short
    invoke(["build", str(path), "-o", str(tmp_path / "out"), "-q", "--force"])


def test_output_folder_symlink_loop_is_not_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "install.md"
    page.write_text(GOOD_MD, encoding="utf-8")
    out = tmp_path / "out"
    os.symlink("out", out)
    result = run_skillc("build", str(page), "-o", str(out))
    assert result.returncode == 2
    assert len(error_lines(result.stderr)) == 1
    assert "symlink loop" in result.stderr and "Traceback" not in result.stderr


def test_two_inputs_of_one_name_are_named_with_what_to_do(tmp_path: Path) -> None:
    """ky's and yargs' npm tarballs both unpack to ``package/``: built together, the error
    said only "source id 'package' given twice", naming neither the other input nor a way
    out."""
    first, second = tmp_path / "ky" / "package", tmp_path / "yargs" / "package"
    for folder, name in ((first, "ky"), (second, "yargs")):
        folder.mkdir(parents=True)
        (folder / "package.json").write_text(json.dumps({"name": name}), encoding="utf-8")
        (folder / "readme.md").write_text(f"# {name}\n\n{GOOD_MD}", encoding="utf-8")
    out = tmp_path / "out"
    result = run_skillc("build", str(first), str(second), "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    lines = error_lines(result.stderr)
    said = "\n".join(lines)
    assert f"{second}: SK010 source id 'package' given twice (also by {first}): " in said
    assert all("rename one or build them apart" in line for line in lines), lines
