"""The HTML frontend on real documentation sites and on small hand-made pages.

Real inputs: every page of ``corpora/guides/requests-html`` (Sphinx, alabaster theme) and
``corpora/guides/sqlite-html`` (hand-written site), fetched by ``make corpora``. Hand-made cases
in ``html_cases/`` imitate the other generators (mdBook, DocBook XSL, texinfo) and broken HTML.

Throughput is measured outside the tests: ``.venv/bin/python -m tests.compiler.frontends.test_html``
prints pages/s and MB/s for both corpora (no timing assertions here).
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import plain
from skillc.compiler.frontends.html.reader import is_boilerplate_page, read_html
from skillc.diagnostics import Severity
from skillc.ir import Code, Heading, ListBlock, Node, Placement, Prose, Skill, SkillModule, Table
from skillc.ir.verify import verify

ROOT = Path(__file__).resolve().parents[3]
GUIDES = ROOT / "corpora" / "guides"
REQUESTS = GUIDES / "requests-html" / "src"
SQLITE = GUIDES / "sqlite-html" / "src"
CASES = Path(__file__).with_name("html_cases")

# Text of the sites' templates that must never reach a block (menus, sidebars, footers).
NAVIGATION = (
    "About Documentation Download License Support Purchase",
    "Small. Fast. Reliable.",
    "Choose any three.",
    "Search Documentation",
    "Search Changelog",
    "Quick search",
    "Related Topics",
    "Documentation overview",
    "Kenneth Reitz Project",
)
# Script and style text of those templates.
SCRIPT_OR_STYLE = ("getElementById", "function toggle", "antiRobot", "text-transform", "{display")


def load(path: Path) -> str:
    """A page as the driver hands it over: UTF-8, newlines folded to ``\\n``."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


@cache
def corpus(name: str) -> tuple[tuple[str, str, FrontendResult], ...]:
    """``(source id, text, result)`` of every page of a corpus, read once per session."""
    root = GUIDES / name / "src"
    if not root.is_dir():
        pytest.skip(f"corpus {name} not fetched (make corpora)")
    out = []
    for path in pages(root):
        source_id = path.relative_to(root).as_posix()
        text = load(path)
        out.append((source_id, text, read_html(text, source_id=source_id)))
    return tuple(out)


def read(text: str, source_id: str = "page.html") -> Skill:
    result = read_html(text, source_id=source_id)
    assert len(result.skills) == 1, result.diagnostics
    return result.skills[0]


def case(name: str) -> Skill:
    return read(load(CASES / f"{name}.html"), f"{name}.html")


def nodes(skill: Skill) -> list[Node]:
    return [skill, *skill.blocks, *skill.scenes, *skill.logic_steps, *skill.constraints]


def texts(block: Node) -> list[str]:
    """The Markdown text fields of a non-code block."""
    if isinstance(block, Prose | Heading):
        return [block.text]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row]
    return []


def emitted(skill: Skill) -> Iterator[str]:
    """Every text of every block that is not recorded as removed (code included)."""
    for block in skill.blocks:
        if block.placement is Placement.REMOVED:
            continue
        yield from texts(block)
        if isinstance(block, Code):
            yield block.text


def check_spans(skill: Skill, text: str, source_id: str) -> None:
    """Every node has spans in ``text`` whose line and column agree with their offsets."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for node in nodes(skill):
        assert node.prov, node
        for span in node.prov:
            assert span.source == source_id
            assert 0 <= span.start <= span.end <= len(text)
            line = bisect.bisect_right(starts, span.start)
            assert (span.line, span.col) == (line, span.start - starts[line - 1] + 1)
            assert span.end_line == bisect.bisect_right(starts, span.end)
    assert len({n.id for n in nodes(skill)}) == len(nodes(skill))


# Links a generator puts inside <pre> that are not code: Sphinx viewcode's "[docs]" links.
_NOT_CODE = etree.XPath("//pre//*[contains(@class, 'viewcode-back') or @class='headerlink']")


def pre_texts(text: str) -> list[str]:
    """Every ``<pre>``'s text, computed independently of the frontend: all text inside it but
    generator links, without the newline after ``<pre>`` and trailing whitespace."""
    root = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    for link in _NOT_CODE(root):
        link.getparent().remove(link) if not link.tail else _drop_keeping_tail(link)
    for br in root.iterfind(".//pre//br"):  # a line break, as a browser shows it
        br.tail = "\n" + (br.tail or "")
    found = []
    for pre in root.iter("pre"):
        body = "".join(pre.itertext())
        found.append((body[1:] if body.startswith("\n") else body).rstrip())
    return [t for t in found if t.strip()]


def _drop_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


# --- The real corpora ------------------------------------------------------------------------


def test_corpora_are_present() -> None:
    assert len(corpus("requests-html")) == 27
    assert len(corpus("sqlite-html")) == 766


@pytest.mark.parametrize("name", ["requests-html", "sqlite-html"])
def test_every_page_reads_with_valid_spans_and_verifies(name: str) -> None:
    for source_id, text, result in corpus(name):
        if not result.skills:  # only a page with nothing to read may give no skill
            assert [d.code for d in result.diagnostics] == ["SK011"], source_id
            continue
        (skill,) = result.skills
        check_spans(skill, text, source_id)
        problems = verify(SkillModule(skills=(skill,)))
        assert not [d for d in problems if d.severity is Severity.ERROR], source_id


@pytest.mark.parametrize("name", ["requests-html", "sqlite-html"])
def test_no_permalinks_navigation_scripts_or_styles(name: str) -> None:
    for source_id, _, result in corpus(name):
        for skill in result.skills:
            for block in skill.blocks:
                for value in texts(block):
                    assert "¶" not in value, (source_id, value)
            for value in emitted(skill):
                for words in (*NAVIGATION, *SCRIPT_OR_STYLE):
                    assert words not in value, (source_id, words, value)


@pytest.mark.parametrize("name", ["requests-html", "sqlite-html"])
def test_code_blocks_are_exactly_the_pages_pre_texts(name: str) -> None:
    """No prose in code: each Code block is some ``<pre>``'s text. No code lost: each
    ``<pre>`` is a Code block, fenced in a list item, or a code span in a table cell."""
    for source_id, text, result in corpus(name):
        expected = pre_texts(text)
        kept: list[str] = []
        elsewhere: list[str] = []
        for skill in result.skills:
            for block in skill.blocks:
                if isinstance(block, Code):
                    kept.append(block.text)
                elif block.placement is not Placement.REMOVED:
                    elsewhere.extend(texts(block))
        assert set(kept) <= set(expected), source_id
        for pre in expected:
            one_line = " ".join(pre.split())
            assert pre in kept or any(pre in value or one_line in value for value in elsewhere), (
                source_id,
                pre[:80],
            )


def test_boilerplate_pages_are_recognised() -> None:
    corpus("requests-html")
    reasons = {
        source_id: is_boilerplate_page(source_id, text)
        for source_id, text, _ in corpus("requests-html")
    }
    assert reasons["genindex.html"] == "sphinx general index"
    assert reasons["search.html"] == "search page"
    assert reasons["py-modindex.html"] == "sphinx module index"
    assert reasons["_modules/requests/api.html"] == "sphinx highlighted source listing"
    guides = [s for s in reasons if not s.startswith("_modules/")]
    assert [s for s in guides if reasons[s]] == ["genindex.html", "py-modindex.html", "search.html"]
    assert is_boilerplate_page("_sources/user/quickstart.rst.txt", "x") == "sphinx page source"


def test_sqlite_index_pages_are_link_indexes_guides_are_not() -> None:
    found = {
        source_id: is_boilerplate_page(source_id, text)
        for source_id, text, _ in corpus("sqlite-html")
    }
    assert found["keyword_index.html"].startswith("link index")
    assert found["sitemap.html"].startswith("link index")
    assert found["lang_createtable.html"] == found["backup.html"] == found["c3ref/open.html"] == ""
    assert sum(bool(r) for r in found.values()) <= 10


def test_mdbook_print_page_is_boilerplate_only_for_mdbook() -> None:
    mdbook = "<html><head><!-- Book generated using mdBook --></head><body></body></html>"
    assert is_boilerplate_page("book/print.html", mdbook).startswith("mdbook print page")
    assert is_boilerplate_page("print.html", "<html><body><p>Print a file.</p></body></html>") == ""


def _rst_titles(source: str) -> list[str]:
    """Section titles of an RST file: a text line over an underline at least as long."""
    lines = source.split("\n")
    titles = []
    for above, below in itertools.pairwise(lines):
        underline = re.fullmatch(r"([=\-~^\"'`#*+])\1+", below.strip())
        if underline and above.strip() and len(below.strip()) >= len(above.strip()):
            titles.append(plain(above.strip().replace("``", "`")))
    return titles


def test_requests_quickstart_headings_steps_and_sections() -> None:
    by_id = {source_id: result for source_id, _, result in corpus("requests-html")}
    (skill,) = by_id["user/quickstart.html"].skills
    headings = [plain(b.text) for b in skill.blocks if isinstance(b, Heading)]
    source = (REQUESTS / "_sources" / "user" / "quickstart.rst.txt").read_text(encoding="utf-8")
    assert headings == _rst_titles(source)
    assert skill.skill_name == "Quickstart"
    assert sum(isinstance(b, Heading) and b.level == 2 for b in skill.blocks) >= 10
    assert skill.logic_steps and skill.scenes
    code = [b.text for b in skill.blocks if isinstance(b, Code)]
    assert ">>> r = requests.get('https://api.github.com/events')" in code
    assert any("open files in binary mode" in k.text for k in skill.constraints)


def test_requests_install_page_yields_pip_and_git_commands() -> None:
    by_id = {source_id: result for source_id, _, result in corpus("requests-html")}
    (skill,) = by_id["user/install.html"].skills
    commands = [s.text for s in skill.logic_steps if s.act_type == "CALL_TOOL" and s.instrument]
    assert commands[:2] == [
        "python -m pip install requests",
        "git clone git://github.com/psf/requests.git",
    ]


def test_sqlite_pages_lose_their_menu_and_keep_their_title() -> None:
    by_id = {source_id: result for source_id, _, result in corpus("sqlite-html")}
    (backup,) = by_id["backup.html"].skills
    assert isinstance(backup.blocks[0], Heading) and backup.skill_name == (
        "Using the SQLite Online Backup API"
    )
    (create,) = by_id["lang_createtable.html"].skills
    assert create.skill_name == "CREATE TABLE"  # div.fancy_title, the numbered h1s below it
    assert [b.level for b in create.blocks if isinstance(b, Heading)][:3] == [1, 2, 2]
    assert create.blocks[1].placement is Placement.REMOVED  # the page's table of contents
    (open_,) = by_id["c3ref/open.html"].skills
    assert open_.skill_name == "Opening A New Database Connection"
    assert "SQLite C Interface" not in open_.triggers  # a link back up, not a section


def test_pages_with_one_file_name_in_two_folders_stay_apart() -> None:
    """Peers merge c-api/exceptions.html and library/exceptions.html into one file."""
    by_id = {source_id: result for source_id, _, result in corpus("sqlite-html")}
    (page,) = by_id["backup.html"].skills
    (api,) = by_id["c3ref/backup.html"].skills
    assert (page.id, page.name) == ("SKILL_BACKUP", "backup")
    assert (api.id, api.name) == ("SKILL_C3REF_BACKUP", "c3ref-backup")


def test_corpus_reading_is_deterministic() -> None:
    for source_id, text, result in corpus("requests-html")[:10]:
        assert read_html(text, source_id=source_id) == result


# --- Hand-made pages of other generators -------------------------------------------------------


def test_sphinx_case() -> None:
    skill = case("sphinx")
    blocks = skill.blocks
    assert skill.skill_name == "Deploying the service"
    assert [(b.level, b.text) for b in blocks if isinstance(b, Heading)] == [
        (1, "Deploying the service"),
        (2, "Install"),
        (2, "Reference"),
        (3, "`demo.run(port=8080)`"),  # an API entry, no [source], no ¶
    ]
    toc = [b for b in blocks if b.placement is Placement.REMOVED]
    assert [b.reason for b in toc] == ["table of contents"]
    code = {b.text: b.language for b in blocks if isinstance(b, Code)}
    assert code == {"$ pip install demo": "console", "import demo\ndemo.run()": "python"}
    assert [k.text for k in skill.constraints if k.kind == "warning"] == [
        "Never run the installer as root."
    ]
    prose = [b.text for b in blocks if isinstance(b, Prose) and b.placement is Placement.BODY]
    assert "Warning" not in prose and "Note" not in prose  # generic admonition titles
    assert "**Before you start**" in prose  # a custom one is kept
    assert "See [Configure](usage.html#configure) for options." in prose
    lists = [b.items for b in blocks if isinstance(b, ListBlock)]
    assert (
        "**host**: The machine the service runs on.",
        "**port**: The TCP port, 8080 by default.",
    ) in lists
    tables = [b.rows for b in blocks if isinstance(b, Table)]
    assert tables == [
        (("Option", "Meaning"), ("`--port`", "Port to listen on"), ("`--debug`", "Verbose logs"))
    ]
    everything = "\n".join(t for b in blocks for t in texts(b))
    for chrome in (
        "RELATEDNAV",
        "SIDEBARNAV",
        "FOOTERTEXT",
        "color: red",
        "searchbox",
        "¶",
        "1.1.",
    ):
        assert chrome not in everything
    assert any(s.text == "pip install demo" for s in skill.logic_steps)


def test_mdbook_case() -> None:
    skill = case("mdbook")
    assert skill.skill_name == "Building"  # the first <h2> is the page title; not the book's
    headings = [(b.level, b.text) for b in skill.blocks if isinstance(b, Heading)]
    assert headings == [(1, "Building"), (2, "Testing")]
    code = [(b.language, b.text) for b in skill.blocks if isinstance(b, Code)]
    assert code == [
        ("console", "$ cargo build --release"),
        ("rust", 'fn main() {\n    println!("hi");\n}'),
    ]
    (steps,) = [b for b in skill.blocks if isinstance(b, ListBlock)]
    assert steps.ordered and steps.items[1] == "Run it:\n\n```console\n$ cargo test\n```"
    assert [s.text for s in skill.logic_steps if s.instrument] == [
        "cargo build --release",
        "cargo test",
    ]
    everything = "\n".join(t for b in skill.blocks for t in texts(b))
    assert "SIDEBARNAV" not in everything and "MENUBUTTON" not in everything
    assert "PREVNAV" not in everything and "The Demo Book" not in everything


def test_docbook_case() -> None:
    skill = case("docbook")  # XHTML with an XML declaration: lxml needs bytes for it
    assert skill.skill_name == "Chapter 2. Backups"
    assert [k.text for k in skill.constraints if k.kind == "warning"] == [
        "Do not copy the files while the server is running."
    ]
    (procedure,) = [b for b in skill.blocks if isinstance(b, ListBlock)]
    assert procedure.ordered and procedure.items[0] == "Stop the server."
    assert "cp -a /var/lib/demo /backup/" in procedure.items[1]
    assert any(isinstance(b, Code) and b.text.startswith("tar czf") for b in skill.blocks)
    everything = "\n".join(t for b in skill.blocks for t in texts(b))
    assert "PREVNAV" not in everything and "FOOTERNAV" not in everything


def test_docbook_synopsis_terms_stay_code_blocks() -> None:
    """DocBook puts an entry's syntax in ``<dt><span class="term"><pre class="synopsis">``
    (aptitude's manual); the term is that code block, not a bold line that swallows it, and a
    term with words outside its synopsis keeps them too."""
    page = (
        "<html><head><title>Grouping policies</title></head><body><h1>Grouping policies</h1>"
        "<div class='variablelist'><dl class='variablelist'>"
        "<dt><span class='term'><pre class='synopsis'>firstchar[<span class='optional'>"
        "(<em class='replaceable'><code>mode</code></em>)</span>]</pre></span></dt>"
        "<dd><p>Groups packages by the first character of their name.</p>"
        "<p>The mode can be binary or source.</p></dd>"
        "<dt><span class='term'>Legacy: <pre class='synopsis'>status</pre></span></dt>"
        "<dd><p>Groups packages by status.</p></dd>"
        "</dl></div></body></html>"
    )
    (skill,) = read_html(page, source_id="ch02.html").skills
    codes = [b.text for b in skill.blocks if isinstance(b, Code)]
    assert codes == ["firstchar[(mode)]", "status"]
    bold = [b.text for b in skill.blocks if isinstance(b, Prose) and b.text.startswith("**")]
    assert len(bold) == 1 and "Legacy" in bold[0]


def test_texinfo_case() -> None:
    skill = case("texinfo")
    assert skill.skill_name == "2 Invoking demo"
    assert [b.text for b in skill.blocks if isinstance(b, Code)] == ["demo [option]… file"]
    (options,) = [b for b in skill.blocks if isinstance(b, ListBlock)]
    assert options.items == ("**`-v`**: Print the version.", "**`-q`**: Be quiet.")
    everything = "\n".join(t for b in skill.blocks for t in texts(b))
    assert "HEADERNAV" not in everything and "FOOTERNAV" not in everything


def test_handwritten_case() -> None:
    skill = case("handwritten")
    blocks = skill.blocks
    assert skill.skill_name == "Demo Tool Guide"
    prose = [b.text for b in blocks if isinstance(b, Prose) and b.placement is Placement.BODY]
    assert prose[0] == "The demo tool copies `*.db` files between hosts. It is **fast** and *safe*."
    assert ("Install the tool.", "Open a terminal.") in [
        b.items for b in blocks if isinstance(b, ListBlock)
    ]
    # The layout table's cells are read as blocks, its heading is a section.
    assert (2, "Usage") in [(b.level, b.text) for b in blocks if isinstance(b, Heading)]
    assert [b.text for b in blocks if isinstance(b, Code)] == ["demo copy a.db b.db"]
    (table,) = [b.rows for b in blocks if isinstance(b, Table)]
    assert table[0] == ("Flag", "Meaning") and table[2] == ("`-n`", "Dry run `demo -n`")
    assert table[1][1] == "Force the copy, overwriting \\*files\\*"
    removed = [b.reason for b in blocks if b.placement is Placement.REMOVED]
    assert removed == ["page metadata"]
    everything = "\n".join(t for b in blocks for t in texts(b))
    for chrome in (
        "TAGLINE",
        "MENUNAV",
        "COOKIES",
        "HIDDENTEXT",
        "Edit on GitHub",
        "Demo](",
        "var w",
    ):
        assert chrome not in everything


def test_links_and_escaping_case() -> None:
    prose = [b.text for b in case("links").blocks if isinstance(b, Prose)]
    assert prose[0] == (
        "See [the other page](other.html#part), this section, "
        "[the web](https://example.com/x_%28y%29), [mail](mailto:a@b.c), a script, a CDN and "
        "[a file](my%20file.pdf)."
    )
    assert prose[1] == (
        "Literal \\*stars\\*, \\_underscores\\_, snake_case, \\[brackets\\], \\`ticks\\`, "
        "\\<tag>, a \\&amp; b, 2 * 3 = 6."
    )
    assert prose[2:5] == [
        "1\\. Not a list item.",
        "\\# Not a heading.",
        "Code: ``a `b` c`` and `Ctrl`+`C`; *spaced* and **nested**.",
    ]
    assert prose[5:] == ["Line break and more.", "![A diagram](diagram.png)"]


def test_malformed_case() -> None:
    skill = case("malformed")
    blocks = skill.blocks
    assert skill.skill_name == "Broken page"
    lists = [b.items for b in blocks if isinstance(b, ListBlock)]
    assert ("Loose text in a list", "item one", "item two") in lists
    prose = [b.text for b in blocks if isinstance(b, Prose)]
    assert "cell without row" in prose and "Tail text" in prose
    assert [b.text for b in blocks if isinstance(b, Code)] == ["code with a paragraph tag inside"]
    assert not [b for b in blocks if isinstance(b, Heading) and not b.text]


def test_cases_are_deterministic() -> None:
    for path in sorted(CASES.glob("*.html")):
        text = load(path)
        assert read_html(text, source_id=path.name) == read_html(text, source_id=path.name)


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<link rel="canonical" href="https://e.org/a/b.html">', "https://e.org/a/b.html"),
        ('<base href="https://cdn.e.org/">'
         '<link rel="canonical" href="https://e.org/a/b.html">', "https://cdn.e.org/"),
        ('<base href="../"><link rel="canonical" href="https://e.org/b.html">', "https://e.org/b.html"),
        ('<link rel="canonical" href="file:///usr/share/doc/x/b.html">', ""),
        ('<link rel="stylesheet" href="https://e.org/s.css">', ""),
        ("", ""),
    ],
)  # fmt: skip
def test_page_url_is_its_base_else_its_canonical_link_on_the_web(head: str, url: str) -> None:
    page = f"<html><head>{head}</head><body><h1>T</h1><p>Run it.</p></body></html>"
    assert read_html(page, source_id="b.html").url == url


# --- Robustness ----------------------------------------------------------------------------------


def _big_page() -> str:
    paragraph = (
        "<p>Paragraph {n} explains\nhow to <b>use</b> the tool;\nit must never run as root.</p>\n"
    )
    body = "".join(paragraph.format(n=n) for n in range(5_000_000 // 85))
    return f"<html><body><h1>Big</h1>\n{body}<pre>last\ncode</pre>\n</body></html>\n"


def test_five_megabyte_page_keeps_exact_spans_past_libxml2s_line_limit() -> None:
    text = _big_page()
    assert len(text) > 5_000_000 and text.count("\n") > 65535
    skill = read(text, "big.html")
    check_spans(skill, text, "big.html")
    last = skill.blocks[-1]
    assert isinstance(last, Code) and last.text == "last\ncode"
    assert text[last.prov[0].start : last.prov[0].end] == "<pre>last\ncode</pre>"
    far = skill.blocks[-2]
    number = far.text.split()[1]
    assert f"<p>Paragraph {number} explains" in text[far.prov[0].start : far.prov[0].end]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body>  </body></html>",
        "<!-- only a comment -->",
        "<script>var x = 1;</script><style>p {}</style>",
        "<nav><a href='a.html'>Home</a></nav><footer>(c) someone</footer>",
        "plain text, no tags",
        "a\x00b<p>NUL\x00 bytes</p>",
        "lone surrogate \ud800 <p>x</p>",
        "<?xml version='1.0' encoding='latin-1'?><html><body><p>declared</p></body></html>",
        "<b><i>x</b></i></p></div></span><td></tr>",
        "<<<<>>>>&&&&;;;;</</</",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "<ul><li><div><b><a href=x.html><em>" * 150 + "deep",
        "<table><tr><td><ul><li><p><span>" * 100 + "deep",
        "<dl><dt>t<dd><div class='admonition warning'><ul><li><code>" * 150 + "x",
    ],
    ids=lambda t: re.sub(r"\W+", "_", t[:24]) or "empty",
)
def test_odd_input_gives_a_result_or_a_diagnostic(text: str) -> None:
    result = read_html(text, source_id="odd.html")
    if not result.skills:
        assert [d.code for d in result.diagnostics] == ["SK011"]
    for skill in result.skills:
        check_spans(skill, text, "odd.html")


def test_binary_looking_garbage_never_raises() -> None:
    generator = random.Random(7)
    for size in (10, 1000, 100_000):
        data = bytes(generator.randrange(256) for _ in range(size))
        for text in (data.decode("latin-1"), data.decode("utf-8", errors="replace")):
            text = text.replace("\r", "\n")
            result = read_html(text, source_id="garbage.html")
            for skill in result.skills:
                check_spans(skill, text, "garbage.html")


_FRAGMENTS = st.sampled_from(
    ["<p>", "</p>", "<h1>", "</h1>", "<h3>", "<pre>", "</pre>", "<ul>", "<li>", "</ul>", "<ol>",
     "<table>", "<tr>", "<td>", "<th>", "</table>", "<dl>", "<dt>", "<dd>", "<code>", "</code>",
     "<a href='x.html'>", "<a href='#y'>", "</a>", "<b>", "</b>", "<br>", "<div class='admonition "
     "warning'>", "</div>", "<nav>", "<script>", "</script>", "<!--", "-->", "\n", "  ", "¶",
     "Run the tests. ", "$ pip install x\n", "Never do it. ", "*", "_", "`", "[", "&amp;", "é"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=40).map("".join))
def test_any_markup_reads_with_valid_spans(text: str) -> None:
    text = text.replace("\r", "\n")
    result = read_html(text, source_id="f.html")
    assert result == read_html(text, source_id="f.html")
    for skill in result.skills:
        check_spans(skill, text, "f.html")
        for block in skill.blocks:
            for value in texts(block):
                assert "\n" not in value or isinstance(block, ListBlock | Prose)


# --- Throughput (not a test) ---------------------------------------------------------------------


def benchmark(root: Path) -> str:
    """Read every page under ``root`` (boilerplate skipped) and report the rates: whole
    frontend, and the HTML part alone (parse, main content, events; no `scenes.assemble`)."""
    from skillc.compiler.frontends.guide.textutil import NO_TARGETS, LineIndex
    from skillc.compiler.frontends.html.blocks import HtmlReader
    from skillc.compiler.frontends.html.content import level_shift, main_content, parse

    items = [(p.relative_to(root).as_posix(), load(p)) for p in pages(root)]
    start = time.perf_counter()
    kept = [(s, t) for s, t in items if not is_boilerplate_page(s, t)]
    for source_id, text in kept:
        read_html(text, source_id=source_id)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    for source_id, text in kept:
        content = main_content(parse(text))
        reader = HtmlReader(LineIndex(text, source_id), NO_TARGETS, *level_shift(content))
        reader.container(content, "")
    reading = time.perf_counter() - start
    size = sum(len(t.encode("utf-8")) for _, t in kept) / 1e6
    return (
        f"{root}: {len(kept)} pages read, {len(items) - len(kept)} skipped, {size:.1f} MB: "
        f"{seconds:.2f} s, {len(kept) / seconds:.0f} pages/s, {size / seconds:.2f} MB/s "
        f"(HTML reading alone {reading:.2f} s, {size / reading:.1f} MB/s)"
    )


if __name__ == "__main__":
    for name in sys.argv[1:] or ["sqlite-html", "requests-html"]:
        print(benchmark(Path(name) if Path(name).is_dir() else GUIDES / name / "src"))


def test_an_mkdocs_search_page_and_a_small_site_map_are_navigation() -> None:
    """Python-Markdown's manual (MkDocs, Debian's python-markdown-doc) has a search page
    without Sphinx's scripts and a site map of 48 links, under the 100 a link index needs:
    both were emitted as pages the catalogue said its skill covered ("search, sitemap")."""
    search = (
        '<html><body><div role="main"><h1>Search</h1><p>From here you can search these'
        ' documents.</p><form><input name="q" id="mkdocs-search-query" type="text"></form>'
        '<div id="mkdocs-search-results"></div></div></body></html>'
    )
    assert is_boilerplate_page("search.html", search) == "search page"
    items = "".join(f'<li><a href="p{i}.html">Page number {i}</a></li>' for i in range(40))
    site_map = f'<html><body><div role="main"><h1>Sitemap</h1><ul>{items}</ul></div></body></html>'
    assert is_boilerplate_page("sitemap.html", site_map).startswith("link index (40 links")
    assert is_boilerplate_page("pages.html", site_map) == ""  # a list of 40 links elsewhere
