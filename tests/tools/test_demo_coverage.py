"""Issue 11's first must-hold, on every demo guide library built as the demo builds it.

Each source page is in an emitted skill or reference, or in the lock's skipped list with one
of the fixed reasons (nothing failed); and at least 99% of the code blocks of the pages kept
are in the output. Code blocks are counted in the sources independently of skillc's
frontends (lxml's ``<pre>`` for HTML, fences for Markdown, literal blocks and code
directives for reStructuredText; PDFs have no code markup to count, so only their pages are
checked) and found again in the output's fences by their lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc
from tests.compiler.frontends.test_html import pre_texts
from tests.tools.test_bench_routing import ROOT, load_tool

TOOL = load_tool()
#: The share of the kept pages' code blocks the output must hold (the issue's must-hold).
MIN_CODE_KEPT = 0.99
#: A skipped page's entry: "<id>[:line:col]: SK0NN skipped '<what>': <reason>".
_SKIPPED = re.compile(r"^(?P<id>.+?)(?::\d+:\d+)?: SK0\d\d skipped ")
_MD_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})([^\n]*)\n(.*?)^\1\2\s*$", re.MULTILINE | re.DOTALL)
#: A MyST fence whose info string is a directive (``{note}``, ``{eval-rst}``) holds markup
#: that renders as prose; one with a language, or ``{code-block}``, holds code.
_MYST_CODE = re.compile(r"^\{(?:code-block|code|sourcecode)\}")
_OPTIONS = re.compile(r"\A(?:[ \t]*:[\w-]+:[^\n]*\n)+")
#: A line that opens a literal block: a paragraph (not a directive) ending in ``::``, or a
#: code directive.
_RST_OPENER = re.compile(r"^(?!\.\. )\S.*::$|^\.\. (?:code-block|code|sourcecode)::")
_RST_OPTION = re.compile(r"^:[\w-]+:")
_RST_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+\.|#\.)[ \t]+")


def _build(source: Path, args: tuple[str, ...], out: Path) -> dict:
    result = run_skillc("build", str(source), "-o", str(out), "-q", "--group", "chapter", *args)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "skills.lock").read_text())


def _source_code(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".html", ".htm", ".xhtml"):
        return pre_texts(text)
    if path.suffix == ".md":
        fences = [(m.group(3).strip(), m.group(4)) for m in _MD_FENCE.finditer(text)]
        code = [c for info, c in fences if not info.startswith("{") or _MYST_CODE.match(info)]
        return [_OPTIONS.sub("", c) for c in code]  # a directive's ``:caption:`` is not code
    if path.suffix in (".rst", ".txt"):
        return _rst_literals(text.split("\n"))
    return []


def _rst_literals(rows: list[str]) -> list[str]:
    """reStructuredText's literal blocks: the lines after an opener (and its options) that are
    indented deeper than it, as the spec defines them."""
    found = []
    for number, row in enumerate(rows):
        if not _RST_OPENER.match(row.strip()):
            continue
        bullet = _RST_BULLET.match(row)  # a list item's text starts after its marker
        base = bullet.end() - 1 if bullet else len(row) - len(row.lstrip())
        block: list[str] = []
        for line in rows[number + 1 :]:
            depth = len(line) - len(line.lstrip())
            if line.strip() and depth <= base:
                break
            if not block and _RST_OPTION.match(line.strip()):
                continue
            block.append(line)
        found.append("\n".join(block))
    return found


def _lines(code: str) -> list[str]:
    return [" ".join(line.split()) for line in code.split("\n") if line.strip()]


def _output_code(out: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(out.rglob("*.md")):
        for match in _MD_FENCE.finditer(path.read_text(encoding="utf-8")):
            found.update(_lines(match.group(4)))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("name", "source", "args"), TOOL.DEMO, ids=[d[0] for d in TOOL.DEMO])
def test_every_page_is_placed_or_skipped_and_code_is_kept(
    name: str, source: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    root = ROOT / source
    if not root.is_dir():
        pytest.skip(f"{source} not fetched (make corpora)")
    lock = _build(root, args, tmp_path)
    assert lock["failed"] == [], lock["failed"][:5]
    placed = {  # a PDF's skills cite its pages: "manual.pdf#p12"
        (s if isinstance(s, str) else s["id"]).split("#p")[0]
        for k in lock["skills"]
        for s in k["sources"]
    }
    skipped = {m.group("id") for e in lock["skipped"] if (m := _SKIPPED.match(e))}
    sources = {s["id"] for s in lock["sources"]}
    assert sources, name
    assert sources - placed - skipped == set(), name
    blocks = [
        code
        for source_id in sorted(placed & sources)
        if (root / source_id).is_file()
        for code in _source_code(root / source_id)
        if _lines(code)
    ]
    if not blocks:
        return  # a PDF: no code markup in the source to count
    emitted = _output_code(tmp_path)
    kept = sum(all(line in emitted for line in _lines(code)) for code in blocks)
    assert kept / len(blocks) >= MIN_CODE_KEPT, (name, kept, len(blocks))
