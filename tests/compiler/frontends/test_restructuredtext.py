"""The reStructuredText frontend on real Sphinx corpora (flask, requests) and small cases.

Run as a module (``.venv/bin/python -m tests.compiler.frontends.test_restructuredtext``) to
print the frontend's throughput over the flask docs; the tests themselves assert nothing about time.
"""

from __future__ import annotations

import functools
import re
import sys
import time
from pathlib import Path

import pytest
from docutils.core import publish_doctree
from docutils.parsers.rst import directives, roles
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.guide.textutil import Targets, plain
from skillc.compiler.frontends.rst import reader as restructuredtext
from skillc.compiler.frontends.rst.reader import (
    FrontendResult,
    collect_rst_targets,
    read_rst,
)
from skillc.diagnostics import Severity
from skillc.ir import (
    Code,
    Heading,
    ListBlock,
    Node,
    Placement,
    Prose,
    Skill,
    SkillModule,
    Table,
)
from skillc.ir.verify import verify

ROOT = Path(__file__).resolve().parents[3]
FLASK_ROOT = ROOT / "corpora/guides/flask-rst/src"
REQUESTS_ROOT = ROOT / "corpora/guides/requests-html/src"
FLASK = sorted(FLASK_ROOT.rglob("*.rst"))
REQUESTS = sorted((REQUESTS_ROOT / "_sources").rglob("*.rst.txt"))
CORPUS = FLASK + REQUESTS
CASES = Path(__file__).with_name("rst_cases")
BROKEN = [
    "broken_indent",
    "unknown_directive",
    "unknown_role",
    "unterminated",
    "short_underline",
    "malformed_table",
]


def source_id(path: Path) -> str:
    """The page's path below its Sphinx source folder, as the driver would name it."""
    base = REQUESTS_ROOT / "_sources" if path.name.endswith(".rst.txt") else FLASK_ROOT
    return path.relative_to(base).as_posix()


@functools.cache
def corpus_targets(flask: bool) -> Targets:
    pages = FLASK if flask else REQUESTS
    return collect_rst_targets((source_id(p), p.read_text(encoding="utf-8")) for p in pages)


@functools.cache
def read_page(path: Path) -> tuple[str, FrontendResult]:
    text = path.read_text(encoding="utf-8")
    targets = corpus_targets(path in FLASK)
    return text, read_rst(text, source_id=source_id(path), targets=targets)


def only_skill(result: FrontendResult) -> Skill:
    assert len(result.skills) == 1
    return result.skills[0]


def read(text: str, source: str = "page.rst") -> Skill:
    return only_skill(read_rst(text, source_id=source))


def nodes_of(skill: Skill) -> list[Node]:
    return [skill, *skill.blocks, *skill.scenes, *skill.logic_steps, *skill.constraints]


def kept(skill: Skill) -> list[Node]:
    return [b for b in skill.blocks if b.placement is not Placement.REMOVED]


def indent_of(line: str) -> int:
    expanded = line.expandtabs(8)
    return len(expanded) - len(expanded.lstrip(" "))


# --- The corpora ----------------------------------------------------------------------------------


def test_corpora_are_present() -> None:
    assert len(FLASK) == 76  # and LICENSE.txt, plain text
    assert len(REQUESTS) == 15


@pytest.mark.parametrize("path", CORPUS, ids=source_id)
def test_page_reads_with_spans_inside_the_text(path: Path) -> None:
    text, result = read_page(path)
    skill = only_skill(result)
    assert not [d for d in result.diagnostics if "could not parse" in d.message]
    line_count = text.count("\n") + 1
    for node in nodes_of(skill):
        assert node.prov, node.id
        for span in node.prov:
            assert span.source == source_id(path)
            assert 0 <= span.start <= span.end <= len(text), (node.id, span)
            assert 1 <= span.line <= span.end_line <= line_count, (node.id, span)
            assert text.count("\n", 0, span.start) + 1 == span.line, (node.id, span)
    ids = [node.id for node in nodes_of(skill)]
    assert len(ids) == len(set(ids))
    lines = text.split("\n")
    for block in skill.blocks:  # blocks start where their source does
        first = lines[block.prov[0].line - 1]
        if isinstance(block, Heading) and first.lstrip().startswith(".. "):
            # An API entry: its signature as Sphinx shows it (module, "()" added) names it.
            names = re.findall(r"\w+", plain(block.text))
            assert any(name in first for name in names), (block.text, first)
        elif isinstance(block, Heading):
            shown = plain(block.text).split()[0]
            assert shown in first or shown in lines[block.prov[0].line], (block.text, first)
        elif block.reason == "rst comment" or getattr(block, "text", "").startswith(".. "):
            assert first.lstrip().startswith(".."), (block.reason, first)
    errors = [d for d in verify(SkillModule(skills=(skill,))) if d.severity is Severity.ERROR]
    assert errors == []


# RST left in Markdown: an explicit markup line, a role, a paragraph still ending in "::".
_LEFTOVER = re.compile(r"^\s*\.\. |:[a-z][\w:.+-]*:`|::\s*$", re.MULTILINE)


@pytest.mark.parametrize("path", CORPUS, ids=source_id)
def test_no_rst_markup_left_in_prose(path: Path) -> None:
    _, result = read_page(path)
    texts = []
    for block in kept(only_skill(result)):
        if isinstance(block, Prose | Heading):
            texts.append(block.text)
        elif isinstance(block, ListBlock):
            texts.extend(re.sub(r"```.*?```", "", i, flags=re.DOTALL) for i in block.items)
        elif isinstance(block, Table):
            texts.extend(cell for row in block.rows for cell in row)
    assert [t for t in texts if _LEFTOVER.search(t)] == []


_CODE_DIRECTIVE = re.compile(r"^(\s*)\.\. +(?:code-block|sourcecode|code)::")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#\.)\s+")


def expected_code(text: str) -> list[tuple[int, str]]:
    """(0-based line, dedented body) of every code directive and ``::`` literal block."""
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    covered = -1
    for i, line in enumerate(lines):
        if i <= covered:
            continue
        directive = _CODE_DIRECTIVE.match(line)
        literal = line.rstrip().endswith("::") and not line.lstrip().startswith("..")
        if not (directive or literal):
            continue
        marker = _LIST_MARKER.match(line)  # a list item's text starts after its marker
        indent = len(marker.group(0)) if marker else indent_of(line)
        j = i + 1
        while directive and j < len(lines) and re.match(r"^\s+:[\w-]+:", lines[j]):
            j += 1  # the directive's options
        body: list[str] = []
        while j < len(lines) and (not lines[j].strip() or indent_of(lines[j]) > indent):
            body.append(lines[j].expandtabs(8))
            j += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if body:
            cut = min(indent_of(b) for b in body if b.strip())
            found.append((i, "\n".join(b[cut:] for b in body)))
            covered = i + len(body)
    return found


@pytest.mark.parametrize("path", CORPUS, ids=source_id)
def test_every_code_body_is_verbatim_in_code(path: Path) -> None:
    text, result = read_page(path)
    skill = only_skill(result)
    codes = {b.text for b in kept(skill) if isinstance(b, Code)}
    item_lines = {
        line.strip()
        for b in kept(skill)
        if isinstance(b, ListBlock)
        for item in b.items
        for line in item.split("\n")
    }
    removed = [b.prov[0] for b in skill.blocks if b.placement is Placement.REMOVED]
    missing = []
    for line, body in expected_code(text):
        if any(s.line <= line + 1 <= s.end_line for s in removed):
            continue  # inside API documentation, an "only" block...: recorded as removed
        in_item = all(part.strip() in item_lines for part in body.split("\n"))
        if body not in codes and not in_item:
            missing.append((line + 1, body[:60]))
    assert missing == []


@pytest.mark.parametrize("path", CORPUS, ids=source_id)
def test_no_prose_in_code_blocks(path: Path) -> None:
    """A Code block starts at a directive, an indented literal or a doctest, never at prose."""
    text, result = read_page(path)
    lines = text.split("\n")
    for block in kept(only_skill(result)):
        if not isinstance(block, Code):
            continue
        span = block.prov[0]
        first = lines[span.line - 1]
        assert first[:1].isspace() or first.startswith((".. ", ">>>")), (span.line, first)
        region = text[span.start : span.end]
        assert all(part.strip() in region for part in block.text.split("\n")), span.line


def test_corpus_is_deterministic() -> None:
    for path in CORPUS[::7]:
        text = path.read_text(encoding="utf-8")
        first = read_rst(text, source_id=source_id(path))
        assert first == read_rst(text, source_id=source_id(path))


def test_flask_quickstart_structure() -> None:
    _, result = read_page(FLASK_ROOT / "quickstart.rst")
    skill = only_skill(result)
    assert skill.skill_name == "Quickstart" and skill.id == "SKILL_QUICKSTART"
    assert "A Minimal Application" in skill.triggers
    commands = [s.text for s in skill.logic_steps if s.instrument == "flask"]
    assert "flask --app hello run" in commands
    warnings = [c.text for c in skill.constraints if c.kind.value == "warning"]
    assert any(
        w.startswith("The debugger allows executing arbitrary Python code") for w in warnings
    )


def test_flask_config_descriptions_keep_their_text() -> None:
    _, result = read_page(FLASK_ROOT / "config.rst")
    blocks = kept(only_skill(result))
    debug = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "`DEBUG`")
    section = next(
        b for b in reversed(blocks[:debug]) if isinstance(b, Heading) and "`" not in b.text
    )
    assert blocks[debug].level == section.level + 1  # one level below its section
    assert getattr(blocks[debug + 1], "text", "").startswith("Whether debug mode is enabled.")
    texts = [b.text for b in blocks if isinstance(b, Prose)]
    assert "Added in version 3.1." in texts  # no content: a sentence of its own, as in Sphinx


def test_flask_doc_and_ref_roles_link_across_pages() -> None:
    _, result = read_page(FLASK_ROOT / "installation.rst")
    joined = "\n".join(b.text for b in kept(only_skill(result)) if isinstance(b, Prose))
    assert "You may choose to use [Async with Gevent](gevent.rst) with" in joined
    assert "Check out the [Quickstart](quickstart.rst) or go to the" in joined


# --- The same guide as RST source and as Sphinx's HTML ---------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _titles(skill: Skill) -> list[tuple[int, str]]:
    """Section titles with typographic quotes undone (Sphinx's HTML applies smart quotes)."""
    return [
        (b.level, plain(b.text).translate(_QUOTES)) for b in kept(skill) if isinstance(b, Heading)
    ]


@pytest.mark.parametrize(
    "page",
    [
        "user/quickstart",
        "user/install",
        "user/authentication",
        "user/advanced",
        "community/faq",
        "dev/contributing",
    ],
)
def test_rst_and_html_give_the_same_titles_and_code(page: str) -> None:
    html = pytest.importorskip("skillc.compiler.frontends.html.reader")
    if not hasattr(html, "read_html"):
        pytest.skip("the HTML frontend has no read_html yet")
    _, rst_result = read_page(REQUESTS_ROOT / "_sources" / f"{page}.rst.txt")
    html_text = (REQUESTS_ROOT / f"{page}.html").read_text(encoding="utf-8")
    html_skill = only_skill(html.read_html(html_text, source_id=f"{page}.html"))
    rst_skill = only_skill(rst_result)
    assert _titles(rst_skill) == _titles(html_skill)
    rst_code = [b.text for b in kept(rst_skill) if isinstance(b, Code)]
    html_code = [b.text for b in kept(html_skill) if isinstance(b, Code)]
    assert rst_code == html_code


# --- Broken RST ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BROKEN)
def test_broken_rst_gives_diagnostics_never_an_exception(name: str) -> None:
    text = (CASES / f"{name}.rst").read_text(encoding="utf-8")
    result = read_rst(text, source_id=f"{name}.rst")
    skill = only_skill(result)
    assert result.diagnostics, name
    assert all(d.severity is not Severity.ERROR for d in result.diagnostics)
    assert all(d.span is None or d.span.end <= len(text) for d in result.diagnostics)
    assert skill.blocks and isinstance(skill.blocks[0], Heading)
    assert result == read_rst(text, source_id=f"{name}.rst")


def test_unknown_directive_keeps_its_content_as_prose() -> None:
    text = (CASES / "unknown_directive.rst").read_text(encoding="utf-8")
    result = read_rst(text, source_id="u.rst")
    prose = [b.text for b in kept(only_skill(result)) if isinstance(b, Prose)]
    assert prose == [
        "flowchart",
        "graph TD; A-->B",
        "Run `make frobnicate` before you release.",
        "After the directives.",
    ]
    notes = [(d.code, d.message, d.span.line if d.span else 0) for d in result.diagnostics]
    assert ("SK030", "unknown directive mermaid kept as text", 4) in notes
    assert ("SK030", "unknown directive frobnicate kept as text", 8) in notes
    assert all(d.severity is Severity.INFO for d in result.diagnostics)


def test_unknown_role_keeps_its_text() -> None:
    text = (CASES / "unknown_role.rst").read_text(encoding="utf-8")
    result = read_rst(text, source_id="r.rst")
    (_, prose) = only_skill(result).blocks
    assert isinstance(prose, Prose)
    assert prose.text == "See 1234 and Title for details, then call `run()`."
    assert {d.message for d in result.diagnostics} == {
        "unknown role gh kept as text",
        "unknown role frob kept as text",
    }


def test_short_underline_is_a_warning_and_still_a_title() -> None:
    text = (CASES / "short_underline.rst").read_text(encoding="utf-8")
    result = read_rst(text, source_id="s.rst")
    heading = only_skill(result).blocks[0]
    assert isinstance(heading, Heading) and heading.text == "A title longer than its underline"
    (short,) = [d for d in result.diagnostics if d.message == "rst: Title underline too short."]
    assert short.code == "SK031" and short.severity is Severity.WARNING
    assert short.span is not None and short.span.line == 2


def test_content_docutils_cannot_place_is_removed_with_the_reason() -> None:
    text = (CASES / "broken_indent.rst").read_text(encoding="utf-8")
    skill = read(text, "b.rst")
    (note,) = [b for b in skill.blocks if b.placement is Placement.REMOVED]
    assert note.reason.startswith('rst error: Content block expected for the "note" directive')
    assert "Done." in [b.text for b in kept(skill) if isinstance(b, Prose)]


def test_malformed_table_text_is_kept_as_removed() -> None:
    text = (CASES / "malformed_table.rst").read_text(encoding="utf-8")
    skill = read(text, "t.rst")
    (table,) = [b for b in skill.blocks if b.placement is Placement.REMOVED]
    assert isinstance(table, Prose) and table.text.startswith("+---+---+\n| a | b |")
    assert table.reason == "rst error: Malformed table. Right border not aligned or missing."
    assert [b.text for b in kept(skill) if isinstance(b, Prose)] == ["After the table."]


def test_pathological_nesting_degrades_without_raising() -> None:
    deep = "".join(" " * i + "- x\n\n" for i in range(0, 1200, 2))
    result = read_rst(deep, source_id="deep.rst")
    (skill,) = result.skills
    assert result.diagnostics[0].code == "SK031"
    assert "could not parse" in result.diagnostics[0].message
    # Too deep for docutils, not for the line splitter: every item is read, none removed.
    assert [b.text for b in skill.blocks if isinstance(b, Prose)] == ["- x"] * 600
    assert all(b.placement is not Placement.REMOVED for b in skill.blocks)


# Characters that make RST structure: adornments, markers, directives, roles, indentation.
_RST_ALPHABET = st.sampled_from(
    [".. ", "::", "\n", "\n\n", "   ", "* ", "1. ", "=====", "-----", "`", "``", "*", "**",
     ":func:", ":ref:", "_", "|", "+---+", "| a |", "note", "code-block", "warning", "x", "Run"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_RST_ALPHABET, max_size=40).map("".join))
def test_arbitrary_text_never_raises(text: str) -> None:
    result = read_rst(text, source_id="fuzz.rst")
    for skill in result.skills:
        for node in nodes_of(skill):
            assert all(0 <= s.start <= s.end <= len(text) for s in node.prov)


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\n\n"])
def test_whitespace_only_is_an_empty_document(text: str) -> None:
    result = read_rst(text, source_id="blank.rst")
    assert result.skills == ()
    assert [d.code for d in result.diagnostics] == ["SK011"]


def test_docutils_failure_degrades_to_the_line_splitter(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise IndexError("a docutils bug")

    monkeypatch.setattr(restructuredtext, "parse", fail)
    result = read_rst("Title\n=====\n\nRun ``make``::\n\n    make\n", source_id="p.rst")
    code = [b for b in only_skill(result).blocks if isinstance(b, Code)]
    assert [c.text for c in code] == ["make"]
    assert result.diagnostics[0].code == "SK031"
    assert result.diagnostics[0].severity is Severity.WARNING


# --- Sphinx directives and roles -----------------------------------------------------------------


@functools.cache
def sphinx_case() -> Skill:
    return read((CASES / "sphinx.rst").read_text(encoding="utf-8"), "guide.rst")


def test_sphinx_removed_directives_keep_source_and_reason() -> None:
    removed = {b.reason: b for b in sphinx_case().blocks if b.placement is Placement.REMOVED}
    assert set(removed) == {
        "toctree: install, usage",
        "sphinx directive currentmodule (needs the package's source)",
        "sphinx directive autoclass (needs the package's source)",
        "literalinclude ../example.py (the included file is not read)",
        "rst comment",
    }
    toctree = removed["toctree: install, usage"]
    assert isinstance(toctree, Prose) and toctree.text.startswith(".. toctree::\n   :maxdepth: 2")


def test_sphinx_code_block_caption_versions_and_roles() -> None:
    prose = [b.text for b in kept(sphinx_case()) if isinstance(b, Prose)]
    assert "Install with `pkg.install()` and read [the usage](#usage-label)." in prose
    assert prose[prose.index("example.py") + 1] == "Added in version 2.0: The `run` function."
    assert "Deprecated since version 3.1." in prose
    (python,) = [b for b in kept(sphinx_case()) if isinstance(b, Code) and b.language == "python"]
    assert python.text == "import pkg\npkg.run()"
    assert python.prov[0].line == 16 and python.prov[0].end_line == 21


def test_sphinx_admonitions_follow_the_markdown_classification() -> None:
    skill = sphinx_case()
    (warning,) = [c for c in skill.constraints if c.kind.value == "warning"]
    assert warning.text == "Never run this as root." and warning.prov[0].line == 28
    assert "Back up your data first." in [b.text for b in kept(skill) if isinstance(b, Prose)]


def test_sphinx_lists_doctests_tables_tabs_and_descriptions() -> None:
    blocks = kept(sphinx_case())
    (listing,) = [b for b in blocks if isinstance(b, ListBlock)]
    assert listing.ordered and listing.items == (
        "Create a folder:\n\n```\nmkdir work\n```",
        "Run the tool.",
    )
    (doctest,) = [b for b in blocks if isinstance(b, Code) and b.language == "pycon"]
    assert doctest.text == ">>> import pkg\n>>> pkg.run()\n'ok'"
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.rows == (("Name", "Meaning"), ("`-v`", "verbose"))
    prose = [b.text for b in blocks if isinstance(b, Prose)]
    assert prose[prose.index("**Linux**") + 1 :][:1] == ["Seconds to wait. Default: `30`."]
    (timeout,) = [b for b in blocks if isinstance(b, Heading) and "TIMEOUT" in b.text]
    # An API entry under "Usage", named as Sphinx shows it after ".. currentmodule:: pkg".
    assert (timeout.level, timeout.text) == (3, "`pkg.TIMEOUT`")
    assert "Seconds to wait. Default: `30`." in prose and "**term**" in prose
    console = [b for b in blocks if isinstance(b, Code) and b.language == "console"]
    assert [c.text for c in console] == ["$ pkg run"]
    steps = [s.text for s in sphinx_case().logic_steps]
    assert steps[:3] == [
        "Install with `pkg.install()` and read [the usage](#usage-label).",
        "Create a folder:",
        "mkdir work",
    ]


def test_inline_markup_becomes_markdown() -> None:
    text = (
        "Use ``x``, *em*, **strong**, `a link <https://e.com>`_, Flask_ and a\n"
        "footnote [#]_ with ``a`b``.\n\n.. _Flask: https://flask.org\n\n.. [#] The note.\n"
    )
    first, note = read(text).blocks
    assert isinstance(first, Prose) and first.text == (
        "Use `x`, *em*, **strong**, [a link](https://e.com), [Flask](https://flask.org) and a\n"
        "footnote [1] with ``a`b``."
    )
    assert isinstance(note, Prose) and note.text == "[1] The note."


def test_sentence_spans_point_into_the_source() -> None:
    text = "Title\n=====\n\nIntro text here.\n\nRun ``make install`` now. Then run the tests.\n"
    skill = read(text)
    for step in skill.logic_steps:
        span = step.prov[0]
        assert text[span.start : span.end] == step.text.replace("`", "``")


def test_labels_and_titles_are_collected_and_resolve_across_pages() -> None:
    install = ".. _venv:\n\nVirtual Environments\n====================\n\nUse one.\n"
    guide = (
        "Guide\n=====\n\nSee :ref:`venv`, :ref:`the setup <venv>`, :doc:`/setup/install`,\n"
        ":doc:`Installing <../setup/install>`, :ref:`missing` and :doc:`nowhere`.\n"
    )
    pages = [("setup/install.rst", install), ("docs/guide.rst", guide)]
    targets = collect_rst_targets(pages)
    assert targets.labels["venv"] == ("setup/install.rst", "Virtual Environments")
    assert targets.titles == {
        "setup/install.rst": "Virtual Environments",
        "docs/guide.rst": "Guide",
    }
    result = read_rst(guide, source_id="docs/guide.rst", targets=targets)
    (_, prose) = only_skill(result).blocks
    assert isinstance(prose, Prose) and prose.text == (
        "See [Virtual Environments](../setup/install.rst#venv), "
        "[the setup](../setup/install.rst#venv), [Virtual Environments](../setup/install.rst),\n"
        "[Installing](../setup/install.rst), missing and nowhere."
    )


def test_stand_ins_do_not_leak_into_docutils() -> None:
    read(".. role:: custom\n\n.. versionadded:: 1.0\n\nText :custom:`x` :func:`f`.\n")
    assert "versionadded" not in directives._directives
    assert "custom" not in roles._roles and "func" not in roles._roles
    plain_tree = publish_doctree(
        ".. versionadded:: 1.0\n", settings_overrides={"report_level": 5, "halt_level": 5}
    )
    assert "Unknown directive type" in plain_tree.astext()


# --- Throughput (printed, never asserted) -----------------------------------------------------


def throughput(paths: list[Path]) -> tuple[float, float]:
    """Pages per second and megabytes per second reading ``paths`` with shared targets."""
    pages = [(source_id(p), p.read_text(encoding="utf-8")) for p in paths]
    started = time.perf_counter()
    targets = collect_rst_targets(pages)
    for sid, text in pages:
        read_rst(text, source_id=sid, targets=targets)
    seconds = time.perf_counter() - started
    size = sum(len(text.encode("utf-8")) for _, text in pages)
    return len(pages) / seconds, size / 1e6 / seconds


if __name__ == "__main__":
    read_rst("Warm\n====\n\nup.\n", source_id="warm.rst")
    per_page, per_mb = throughput(FLASK)
    sys.stdout.write(f"flask docs: {len(FLASK)} pages, {per_page:.1f} pages/s, {per_mb:.2f} MB/s\n")
