"""rewrite-links: a link into a page of the skill itself names the file that holds the anchor it
points at, when the page's sections went to several files, at every grain.

Real input: ``html_cases/rdoc_cursor.html``, verbatim RDoc (darkfish) output from Debian's
asciidoctor-doc 2.0.18-2 (asciidoctor is MIT), read by the HTML frontend and compiled by the
whole pipeline. Its "Also aliased as: [to_s](Cursor.html#method-i-to_s)" sits in the methods
file next to ``to_s``; at chapter grain (the page alone in its folder, each section in its own
file) it said "to_s (see references/attributes.md)", the page's first file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.frontends.html.reader import read_html
from skillc.compiler.inputs import collect
from skillc.ir import Anchor, Heading, Prose, Skill, SkillModule, Source, Span
from skillc.ir.inline import LINK
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext
from skillc.passes.rewrite_links import rewrite_links

CURSOR = Path(__file__).parents[1] / "compiler/frontends/html_cases/rdoc_cursor.html"
CURSOR_ID = "Asciidoctor/Reader/Cursor.html"
# A second page, in another folder, so that the build has chapters to form.
OTHER = """<html><head><title>class Asciidoctor::Demo</title></head><body><main>
<h1>class Asciidoctor::Demo</h1><p>Demo holds nothing but this sentence.</p>
</main></body></html>
"""


def test_the_frontend_records_where_the_anchors_its_own_links_name_are() -> None:
    """Only the anchors the page's own links name (its method list's ``#method-...`` links
    are navigation, not read), with the line of the element that carries the id."""
    result = read_html(CURSOR.read_text(encoding="utf-8"), source_id=CURSOR_ID)
    assert result.anchors == (
        Anchor(name="method-i-to_s", line=224),
        Anchor(name="method-i-line_info", line=200),
    )


def _built(tmp_path: Path, group: str) -> tuple[Skill, SkillModule]:
    (tmp_path / "Asciidoctor/Reader").mkdir(parents=True)
    shutil.copyfile(CURSOR, tmp_path / CURSOR_ID)
    (tmp_path / "Asciidoctor/Demo.html").write_text(OTHER, encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    final, _, _ = compile_module(module, BuildOptions(group=group, index="never"))
    cursor = next(s for s in final.skills if CURSOR_ID in {p.source for p in s.prov})
    return cursor, final


def _holding(skill: Skill, start: str) -> Prose:
    return next(b for b in skill.blocks if isinstance(b, Prose) and b.text.startswith(start))


def _file(block: object) -> str:
    placement = getattr(block, "placement", None)
    return getattr(block, "reference", "") if placement is Placement.REFERENCE else "SKILL.md"


@pytest.mark.parametrize("group", ["page", "chapter", "manual"])
def test_an_rdoc_alias_link_names_no_other_file_than_its_own(tmp_path: Path, group: str) -> None:
    """``to_s`` and ``line_info`` are in the file the alias lines sit in, at every grain: the
    links become their text, never a pointer to the Attributes file."""
    cursor, _ = _built(tmp_path, group)
    aliased, alias_for = _holding(cursor, "Also aliased as"), _holding(cursor, "Alias for")
    assert aliased.text == "Also aliased as: to_s"
    assert alias_for.text == "Alias for: line_info"
    to_s = next(b for b in cursor.blocks if isinstance(b, Heading) and b.text == "to_s()")
    assert _file(aliased) == _file(alias_for) == _file(to_s)
    if group == "chapter":  # each section its own file: the case that went wrong
        attributes = next(b for b in cursor.blocks if getattr(b, "text", "") == "Attributes")
        assert _file(attributes) != _file(to_s) and _file(to_s).startswith("references/")


# --- The pass on IR: sections of one page in several files --------------------------------


def _span(source: str, line: int, end: int = 0) -> Span:
    return Span(source=source, line=line, col=1, end_line=end or line, end_col=1, start=0, end=0)


def _block(kind: type, ident: str, text: str, line: int, file: str, **more: object) -> object:
    where = {"placement": Placement.REFERENCE, "reference": file} if file else {}
    return kind(id=ident, text=text, prov=(_span("p.html", line),), **where, **more)


def _sections(*texts: str, anchors: tuple[Anchor, ...] = ()) -> list[str]:
    """The texts of the blocks of page ``p.html``, filed section by section as group-pages
    files a one-page chapter: Attributes (lines 10-12), Methods (20-33)."""
    attributes, methods = "references/attributes.md", "references/methods.md"
    blocks = (
        _block(Heading, "H0", "class Cursor", 1, "", level=1),
        _block(Heading, "H1", "Attributes", 10, attributes, level=2),
        _block(Prose, "A", texts[0], 12, attributes),
        _block(Heading, "H2", "Methods", 20, methods, level=2),
        _block(Heading, "H3", "to_s()", 31, methods, level=3),
        _block(Prose, "M", texts[1], 33, methods),
    )
    skill = Skill(id="S", name="cursor", prov=(_span("p.html", 1),), blocks=blocks)  # type: ignore[arg-type]
    module = SkillModule(sources=(Source(id="p.html", anchors=anchors),), skills=(skill,))
    out = rewrite_links(module, PassContext()).skills[0].blocks
    return [out[2].text, out[5].text]  # type: ignore[attr-defined]


def test_an_anchor_in_another_file_of_the_page_names_that_file() -> None:
    """The anchor's element opens on line 30, its heading on 31 (RDoc's ``div.method-detail``
    around ``div.method-heading``): the section is the block after the anchor."""
    anchors = (Anchor(name="method-i-to_s", line=30), Anchor(name="attribute-i-dir", line=12))
    attributes, methods = _sections(
        "dir: see [to_s](p.html#method-i-to_s).",
        "Alias for [dir](p.html#attribute-i-dir); [to_s](p.html#method-i-to_s).",
        anchors=anchors,
    )
    assert attributes == "dir: see to_s in references/methods.md."
    assert methods == "Alias for dir (see references/attributes.md); to_s."


def test_an_anchor_the_page_does_not_hold_keeps_the_page_s_first_file() -> None:
    """No line known (another frontend, or an id the page lacks): the link names where the page
    starts in the files, as before."""
    _, methods = _sections("dir.", "Alias for [dir](p.html#nowhere).")
    assert methods == "Alias for dir (see references/attributes.md)."


def test_a_link_to_another_page_of_a_chapter_names_that_page_s_file() -> None:
    """A chapter skill starts with its own title, which carries its first page's span
    (``a.html``): a link from page b to a, or to an anchor of a, names a's file, and one to an
    anchor of b itself is text. Judging a link to a as a link to the page itself (the skill's
    first) made such links text in 153 demo files."""
    a, b = "references/a.md", "references/b.md"
    filed = {"placement": Placement.REFERENCE}
    blocks = (
        Heading(id="GROUP_1.H", level=1, text="Chapter", prov=(_span("a.html", 1),)),
        Heading(id="P1.A", level=2, text="A", prov=(_span("a.html", 1),), reference=a, **filed),
        Prose(
            id="P2.B", text="See [x](a.html#x), [a](a.html) and [y](b.html#y).",
            prov=(_span("b.html", 2),), reference=b, **filed,
        ),
    )  # fmt: skip
    prov = (_span("a.html", 1), _span("b.html", 1))
    skill = Skill(id="GROUP_1", name="chapter", prov=prov, blocks=blocks)  # type: ignore[arg-type]
    sources = (Source(id="a.html"), Source(id="b.html", anchors=(Anchor(name="y", line=2),)))
    out = rewrite_links(SkillModule(sources=sources, skills=(skill,)), PassContext())
    assert out.skills[0].blocks[2].text == "See x in references/a.md, a and y."  # type: ignore[attr-defined]


def test_a_link_to_the_page_itself_is_text_where_its_start_is_the_body() -> None:
    """uuidtools' UUID page (Debian's ruby-uuidtools-doc) links to itself without an anchor
    ("[UUID](UUID.html)") from every section: its start is the skill's title, in SKILL.md,
    not its first section file ("UUID (see references/attributes.md)")."""
    attributes, methods = _sections("A [Cursor](p.html).", "Returns a [Cursor](p.html).")
    assert (attributes, methods) == ("A Cursor.", "Returns a Cursor.")


def test_anchors_survive_the_ir_text_form() -> None:
    source = Source(id="p.html", anchors=(Anchor(name="method-i-to_s", line=224),))
    module = SkillModule(sources=(source,))
    text = dump(module)
    assert 'anchor(name "method-i-to_s" line 224)' in text
    assert parse(text) == module


def test_a_link_is_relative_to_the_page_it_was_written_in() -> None:
    """A manual's skill folds pages of several folders: asciidoctor-doc's
    ``Asciidoctor/AbstractBlock.html`` links ``Section.html``, its sibling, which read against
    the skill's first page (``Asciidoctor.html``, at the root) named no page, and 421 links
    kept only their text at manual grain."""
    filed = {"placement": Placement.REFERENCE}
    text = "Returns a [Section](Section.html), see [Asciidoctor](../Asciidoctor.html)."
    blocks = (
        Heading(id="GROUP_1.H", level=1, text="Manual", prov=(_span("Asciidoctor.html", 1),)),
        Heading(
            id="P1.T", level=2, text="module Asciidoctor", prov=(_span("Asciidoctor.html", 1),),
            reference="references/module-asciidoctor.md", **filed,
        ),
        Prose(
            id="P2.P", text=text,
            prov=(_span("Asciidoctor/AbstractBlock.html", 5),),
            reference="references/class-abstractblock.md", **filed,
        ),
        Heading(
            id="P3.T", level=2, text="class Section", prov=(_span("Asciidoctor/Section.html", 1),),
            reference="references/class-section.md", **filed,
        ),
    )  # fmt: skip
    prov = tuple(_span(b.prov[0].source, 1) for b in blocks[1:])
    skill = Skill(id="GROUP_1", name="manual", prov=prov, blocks=blocks)  # type: ignore[arg-type]
    out = rewrite_links(SkillModule(skills=(skill,)), PassContext())
    assert out.skills[0].blocks[2].text == (  # type: ignore[attr-defined]
        "Returns a Section (see references/class-section.md),"
        " see Asciidoctor in references/module-asciidoctor.md."
    )


# --- A demo corpus page: SQLite's fts3.html, one chapter of its own -------------------------

CORPORA = Path(__file__).resolve().parents[2] / "corpora/guides"
_MENTIONED = re.compile(r"references/[\w./-]+?\.md")
_PART = re.compile(r"/part-\d+\.md$")


def _whole(file: str) -> str:
    """A reference file as links name it: one cut in parts by its index (``x/part-2.md``)."""
    return _PART.sub(".md", file)


def test_sqlite_fts3_names_the_file_of_each_section_it_links(tmp_path: Path) -> None:
    """fts3.html is a chapter of its own, each section filed apart, and links its own sections
    (``[matchinfo()](fts3.html#matchinfo)``) 36 times: each named the first file
    (``references/overview.md``) or, there, none. Every file a text field now names holds a
    section it links, and every section it links in another file is named."""
    page = CORPORA / "sqlite-html/src/fts3.html"
    if not page.is_file():
        pytest.skip("sqlite docs not fetched (make corpora)")
    shutil.copyfile(page, tmp_path / "fts3.html")
    (tmp_path / "more").mkdir()
    (tmp_path / "more/other.html").write_text(OTHER, encoding="utf-8")
    module, _ = read_sources(collect([str(tmp_path)]))
    lines = {a.name: a.line for s in module.sources if s.id == "fts3.html" for a in s.anchors}
    before = {b.id: b for s in module.skills for b in s.blocks}
    final, _, _ = compile_module(module, BuildOptions(group="chapter", index="never"))
    fts3 = next(s for s in final.skills if s.prov and s.prov[0].source == "fts3.html")
    shown = [b for b in fts3.blocks if b.prov and b.placement is not Placement.REMOVED]
    spans = [(b.prov[0].line, b.prov[0].end_line, _whole(_file(b))) for b in shown]
    checked = 0
    for block in shown:
        links = _self_links(before.get(block.id.split("~")[0]))
        if not links or block.id != block.id.split("~")[0]:
            continue
        wanted = {_holder(spans, lines[name]) for name in links if name in lines}
        wanted -= {_whole(_file(block)), "SKILL.md"}
        assert set(_MENTIONED.findall(getattr(block, "text", ""))) == wanted, block
        checked += len(links)
    assert checked > 30, checked


def _self_links(block: object) -> list[str]:
    text = getattr(block, "text", "")
    return [
        m.group(3).partition("#")[2]
        for m in LINK.finditer(text)
        if m.group(3).startswith("fts3.html#")
    ]


def _holder(spans: list[tuple[int, int, str]], line: int) -> str:
    holding = [s for s in spans if s[0] <= line <= s[1]]
    if holding:
        return max(holding, key=lambda s: s[0])[2]
    return next(s[2] for s in spans if s[0] > line)
