"""Deeply nested guides: every frontend reads any depth, keeps all text and keeps code as code.

Markdown (markdown-it drops what is nested past ``maxNesting``), HTML (libxml2 stops at 2,048
levels; the readers recurse), reStructuredText (docutils recurses; the line splitter used to be
quadratic) and PDF (pypdf gives up on outlines past 100 levels). Each document is read by the
real frontend and checked against its own source inventory (verify-no-loss's PV014/PV015), and
a few are built through the CLI, where the code must appear verbatim in an output file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject, TextStringObject

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.html.deep import LIMIT
from skillc.compiler.frontends.html.reader import read_html
from skillc.compiler.frontends.markdown.blocks import MAX_NESTING
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.compiler.frontends.pdf.reader import read_pdf
from skillc.compiler.frontends.rst.reader import read_rst
from skillc.ir import Code, SkillModule
from skillc.passes.verify_source import block_texts, normal_lines, source_losses
from tests.cli.conftest import run_skillc
from tests.compiler.frontends.test_pdf import make_pdf

DEEP = "rm -rf build && make deep"


def texts(result: FrontendResult) -> list[str]:
    return [t for skill in result.skills for block in skill.blocks for t in block_texts(block)]


def code_kept(result: FrontendResult, command: str) -> bool:
    """``command`` is a Code block's line, a fenced line inside a list item or cell, or a code
    span: never only a piece of a longer prose line."""
    for skill in result.skills:
        for block in skill.blocks:
            for text in block_texts(block):
                if command in normal_lines(text) or f"`{command}`" in text:
                    return True
    return False


def no_loss(result: FrontendResult, source: str) -> None:
    assert result.inventory is not None
    module = SkillModule(skills=result.skills)
    assert source_losses(module, {source: result.inventory}) == []


def codes(result: FrontendResult) -> list[str]:
    return [b.text for s in result.skills for b in s.blocks if isinstance(b, Code)]


# --- The cases the issue measured -----------------------------------------------------------------


def quoted_markdown(depth: int) -> str:
    prefix = "> " * depth
    return "\n".join(
        [
            "# Deep",
            "",
            "Run the build.",
            "",
            prefix + "Run this:",
            prefix.rstrip(),
            prefix + "```sh",
            prefix + DEEP,
            prefix + "```",
            "",
            "After the quote, run `make`.",
            "",
            "```sh",
            "make after",
            "```",
            "",
        ]
    )


@pytest.mark.parametrize("depth", [25, MAX_NESTING + 1, 3000])
def test_markdown_blockquote_keeps_its_code(depth: int) -> None:
    result = read_markdown(quoted_markdown(depth), source_id="deep.md")
    assert DEEP in codes(result) and "make after" in codes(result)
    assert "Run this:" in texts(result)
    no_loss(result, "deep.md")
    flattened = [d for d in result.diagnostics if d.code == "SK070"]
    if depth > MAX_NESTING:
        (warning,) = flattened
        assert warning.severity.value == "warning" and warning.span is not None
        assert warning.span.line == 5
    else:
        assert flattened == []


def test_markdown_deep_lists_and_directives_read_without_recursion_errors() -> None:
    items = "".join("  " * k + "- item\n\n" for k in range(400))
    listed = read_markdown(
        f"# L\n\n{items}{'  ' * 400}```sh\n{'  ' * 400}{DEEP}\n```\n", source_id="l.md"
    )
    assert code_kept(listed, DEEP)
    nested = 400  # MyST notes inside notes: each fence one backtick longer than the one inside
    opening = "".join("`" * (nested + 3 - k) + "{note}\n" for k in range(nested))
    closing = "".join("`" * (4 + k) + "\n" for k in range(nested))
    myst = read_markdown(f"# M\n\n{opening}```sh\n{DEEP}\n```\n{closing}", source_id="m.md")
    assert DEEP in codes(myst)
    no_loss(myst, "m.md")


def nested_html(depth: int, tag: str = "div") -> str:
    opening = "".join(f"<{t}>" for t in tag.split(">")) * depth
    closing = "".join(f"</{t}>" for t in reversed(tag.split(">"))) * depth
    return (
        "<html><head><title>Deep</title></head><body><h1>Deep page</h1><p>Run it first.</p>"
        f"{opening}<p>Inside text here.</p><pre>rm -rf build &amp;&amp; make deep</pre>"
        f"<p>More inside.</p>{closing}"
        "<p>After the nesting, run the tests.</p><pre>make after</pre></body></html>"
    )


@pytest.mark.parametrize("depth", [LIMIT + 1, 100, 3000])
def test_html_nesting_keeps_pre_as_code_and_the_text_inside_and_after(depth: int) -> None:
    result = read_html(nested_html(depth), source_id="deep.html")
    assert DEEP in codes(result) and "make after" in codes(result)
    assert {"Inside text here.", "More inside.", "After the nesting, run the tests."} <= set(
        texts(result)
    )
    (warning,) = [d for d in result.diagnostics if d.code == "SK070"]
    assert warning.span is not None and warning.span.source == "deep.html"
    assert not any("plain text" in d.message for d in result.diagnostics)
    no_loss(result, "deep.html")


@pytest.mark.parametrize("tag", ["ul>li", "table>tr>td", "blockquote", "span", "b", "a", "dl>dd"])
def test_html_deep_structures_of_every_kind_keep_their_content(tag: str) -> None:
    result = read_html(nested_html(3000, tag), source_id="k.html")
    assert code_kept(result, DEEP) and "make after" in codes(result)
    no_loss(result, "k.html")


def staircase_rst(depth: int, item: bool) -> str:
    lines = ["Deep", "====", ""]
    for k in range(depth):
        lines += ["   " * k + (f"- level {k}" if item else f"Level {k} text."), ""]
    indent = "   " * depth
    lines += [indent + "Inside::", "", indent + "   " + DEEP, "", "After::", "", "   make after"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("item", [True, False])
@pytest.mark.parametrize("depth", [30, 600])
def test_rst_deep_lists_and_quotes_keep_their_code(depth: int, item: bool) -> None:
    result = read_rst(staircase_rst(depth, item), source_id="deep.rst")
    assert code_kept(result, DEEP) and code_kept(result, "make after")
    assert all(b.reason != "rst page no parser could read" for s in result.skills for b in s.blocks)
    if depth > 100:  # past docutils' own recursion: read line by line, with a warning
        assert result.diagnostics[0].code == "SK031"


def with_chain_outline(data: bytes, titles: list[tuple[str, int]]) -> bytes:
    """``data`` with an outline nested one level per title (pypdf's writer recurses)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    parent = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Outlines")}))
    writer._root_object[NameObject("/Outlines")] = parent
    for title, page in titles:
        target = writer.pages[page].indirect_reference
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): parent,
                NameObject("/Dest"): ArrayObject(
                    [target, NameObject("/XYZ"), NullObject(), NullObject(), NullObject()]
                ),
            }
        )
        ref = writer._add_object(item)
        holder = parent.get_object()
        holder[NameObject("/First")] = ref
        holder[NameObject("/Last")] = ref
        parent = ref
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_PAGE_TEXTS = ("Install the tools first.", "Configure the project next.", "Build it.", "Test it.")


def pdf_pages(count: int) -> list[list[tuple[str, float, float, float, str]]]:
    """Pages with a different sentence each (the same line on every page is a running header)."""
    return [
        [("B", 16, 72, 720, f"Chapter {p}"), ("R", 10, 72, 690, _PAGE_TEXTS[p % 4])]
        for p in range(count)
    ]


@pytest.mark.parametrize("depth", [13, 150, 3000])
def test_pdf_deep_outline_is_read_whole(depth: int) -> None:
    titles = [(f"Level {k}", min(k * 3 // depth, 2)) for k in range(depth)]
    result = read_pdf(with_chain_outline(make_pdf(pdf_pages(3)), titles), source_id="d.pdf")
    headings = [
        b.text for s in result.skills for b in s.blocks if b.__class__.__name__ == "Heading"
    ]
    assert headings == [title for title, _ in titles]
    assert all(sentence in texts(result) for sentence in _PAGE_TEXTS[:3])
    no_loss(result, "d.pdf")


# --- Generated deep and wide documents ----------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of a generated document: its container and the blocks around the next one."""

    kind: int
    before: tuple[bool, ...]  # True: a code block, False: a paragraph
    after: tuple[bool, ...]


_LEVEL = st.builds(
    Level,
    st.integers(0, 5),
    st.lists(st.booleans(), max_size=3).map(tuple),
    st.lists(st.booleans(), max_size=2).map(tuple),
)
#: A few levels repeated to a depth of up to about 300: deep (past every reader's limit) and wide.
_LEVELS = st.tuples(st.lists(_LEVEL, min_size=1, max_size=6), st.integers(0, 300)).map(
    lambda t: t[0] * (1 + t[1] // len(t[0]))
)


class Counter:
    """Unique words and commands, so a lost block is missed by name."""

    def __init__(self) -> None:
        self.n = 0
        self.commands: list[str] = []

    def command(self) -> str:
        self.n += 1
        self.commands.append(f"make target-{self.n}")
        return self.commands[-1]

    def words(self) -> str:
        self.n += 1
        return f"Paragraph number{self.n} says word{self.n}."


def markdown_of(levels: list[Level], names: Counter) -> str:
    """A Markdown page nesting ``levels`` (quotes and list items), built inside out."""

    def blocks(flags: tuple[bool, ...]) -> list[str]:
        out: list[str] = []
        for code in flags:
            out += ["```sh", names.command(), "```", ""] if code else [names.words(), ""]
        return out

    inner: list[str] = []
    for level in reversed(levels):
        body = blocks(level.before) + inner + blocks(level.after)
        body = body or [names.words(), ""]
        if level.kind % 2:
            inner = ["> " + line if line else ">" for line in body] + [""]
        else:
            inner = ["- " + body[0], *["  " + line if line else "" for line in body[1:]], ""]
    return "\n".join(["# Generated", "", "```sh", names.command(), "```", "", *inner])


_HTML_KINDS = ("div", "blockquote", "ul>li", "section", "table>tr>td", "span")


def html_of(levels: list[Level], names: Counter) -> str:
    def blocks(flags: tuple[bool, ...]) -> str:
        return "".join(
            f"<pre>{names.command()}</pre>" if code else f"<p>{names.words()}</p>" for code in flags
        )

    inner = ""
    for level in reversed(levels):
        tags = _HTML_KINDS[level.kind].split(">")
        opening = "".join(f"<{t}>" for t in tags)
        closing = "".join(f"</{t}>" for t in reversed(tags))
        inner = f"{opening}{blocks(level.before)}{inner}{blocks(level.after)}{closing}\n"
    first = names.command()
    return f"<html><body><h1>Generated</h1><pre>{first}</pre>\n{inner}</body></html>"


def rst_of(levels: list[Level], names: Counter) -> str:
    """An RST page nesting bullet items and block quotes by indentation."""
    lines = ["Generated", "=========", "", "Run::", "", "   " + names.command(), ""]
    indent = ""
    for level in levels:
        lead = "- " if level.kind % 2 else ""
        lines += [indent + lead + names.words(), ""]
        indent += "  " if lead else "   "
        for code in level.before:
            if code:
                lines += [indent + "Run::", "", indent + "   " + names.command(), ""]
            else:
                lines += [indent + names.words(), ""]
    return "\n".join(lines) + "\n"


def check(result: FrontendResult, names: Counter, source: str) -> None:
    for command in names.commands:
        assert code_kept(result, command), command
    no_loss(result, source)


@settings(max_examples=15, deadline=None)
@given(_LEVELS)
def test_generated_markdown_keeps_every_block(levels: list[Level]) -> None:
    names = Counter()
    text = markdown_of(levels, names)
    check(read_markdown(text, source_id="g.md"), names, "g.md")


@settings(max_examples=15, deadline=None)
@given(_LEVELS)
def test_generated_html_keeps_every_block(levels: list[Level]) -> None:
    names = Counter()
    text = html_of(levels, names)
    check(read_html(text, source_id="g.html"), names, "g.html")


@settings(max_examples=15, deadline=None)
@given(_LEVELS)
def test_generated_rst_keeps_every_block(levels: list[Level]) -> None:
    names = Counter()
    text = rst_of(levels, names)
    check(read_rst(text, source_id="g.rst"), names, "g.rst")


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 400), st.integers(1, 4))
def test_generated_pdf_outline_keeps_every_title(depth: int, pages: int) -> None:
    titles = [(f"Part {k}", k * pages // depth) for k in range(depth)]
    result = read_pdf(with_chain_outline(make_pdf(pdf_pages(pages)), titles), source_id="g.pdf")
    shown = " ".join(texts(result))
    assert all(title in shown for title, _ in titles)
    no_loss(result, "g.pdf")


# --- Through the CLI ------------------------------------------------------------------------------


def built_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md")))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quote.md", quoted_markdown(3000)),
        ("nested.html", nested_html(3000)),
        ("nested100.html", nested_html(100)),
        ("stairs.rst", staircase_rst(600, True)),
    ],
)
def test_cli_keeps_deep_code_verbatim(tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / name).write_text(text, encoding="utf-8")
    result = run_skillc("build", str(source), "-o", str(tmp_path / "out"), "-v")
    assert result.returncode == 0, result.stderr
    assert "PV01" not in result.stderr
    assert "SK070" in result.stderr or "SK031" in result.stderr  # flattened, and said so
    built = built_text(tmp_path / "out")
    assert DEEP in built.split("\n") and "make after" in built.split("\n")


@settings(max_examples=4, deadline=None)
@given(_LEVELS, st.sampled_from(["md", "html", "rst"]))
def test_cli_builds_generated_documents_without_loss(levels: list[Level], kind: str) -> None:
    import tempfile

    names = Counter()
    render = {"md": markdown_of, "html": html_of, "rst": rst_of}[kind]
    text = render(levels, names)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        (source / f"page.{kind}").write_text(text, encoding="utf-8")
        result = run_skillc("build", str(source), "-o", str(Path(tmp) / "out"), "-q")
        assert result.returncode == 0, result.stderr
        lines = {
            line.strip().lstrip("> ").strip() for line in built_text(Path(tmp) / "out").split("\n")
        }
        for command in names.commands:
            assert command in lines or f"`{command}`" in " ".join(lines), command
