"""The short cuts of the HTML frontend's whole-page walks give what the full walks give.

`SourceLines._end` counts a large element's newlines in libxml2 and takes the furthest line from
its last descendant (lines never decrease in document order in a parsed tree); `_walk_end`
reads every descendant. `main_content` stops at the first element of each candidate kind
rather than collecting them all. The breadcrumbs are found by a Python test of the tags lxml
finds rather than by XPath; a link index by the first pages of text that settle it; a code span
with one child by its three texts, one with more by a scan that asks `dropped` only about the
tags it does not judge by tag and attributes; a link's verdict is remembered while a page is
read. Each is compared with the full answer: on the
hand-made pages, on markup built to hold what the short cuts leave aside (comments,
processing instructions, attributes over several lines, entities), and on a page past
libxml2's 16-bit line counter, and on small cases of each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from skillc.compiler.frontends.guide.textutil import LineIndex
from skillc.compiler.frontends.html.content import all_text, main_content, parse
from skillc.compiler.frontends.html.inline import (
    _judged_anchor,
    _text_walk,
    dropped,
    dropped_anchor,
    link_target,
    remembered_links,
    text_of,
)
from skillc.compiler.frontends.html.reader import (
    _CHUNK,
    _INDEX_SHARE,
    _letters,
    _letters_past,
    _link_index,
)
from skillc.compiler.frontends.html.spans import LINE_CAP, SourceLines
from skillc.compiler.frontends.html.trail import _NAV_ITEMS, _crumbs, _nav_items, trail

CASES = Path(__file__).with_name("html_cases")


def _compared(text: str) -> int:
    """Compare `_end` with `_walk_end` on every element with children; how many there were."""
    root = parse(text)
    if root is None:
        return 0
    lines = SourceLines(LineIndex(text, "p.html"))
    count = 0
    for element in root.iter():
        if isinstance(element.tag, str) and len(element):
            first = lines.start(element)
            assert lines._end(element, first) == lines._walk_end(element, first), element.tag
            count += 1
    return count


@pytest.mark.parametrize("path", sorted(CASES.glob("*.html")), ids=lambda p: p.stem)
def test_end_lines_of_hand_made_pages_are_those_of_the_element_walk(path: Path) -> None:
    assert _compared(path.read_text(encoding="utf-8")) > 5


_PIECES = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<span class='a\nb'>", "</span>", "<!-- c\n\nc -->",
     "<?php x\n?>", "text\n", "&amp;\n", "&#10;", "<br>", "<pre>", "</pre>", "<a\nhref='x'>",
     "</a>", "\n\n", "<table><tr><td>", "</td></tr></table>", "<ul><li>", "</li></ul>",
     "<script>a\n<b></script>", "<style>\n</style>", "<![CDATA[x\n]]>", "<b>", "</b>", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60).map("".join))
def test_end_lines_count_comments_and_multi_line_tags_as_the_walk_does(text: str) -> None:
    _compared(text)


def test_end_lines_past_the_line_counter_are_those_of_the_element_walk() -> None:
    row = "<div><p>row {n}\n<b>x</b>\n<i>y</i><!-- a\nb --></p></div>\n"
    text = f"<html><body>{''.join(row.format(n=n) for n in range(30000))}</body></html>"
    assert text.count("\n") > LINE_CAP
    assert _compared(text) > 60000


def test_a_tree_whose_elements_moved_has_its_end_lines_read_element_by_element() -> None:
    text = "<div><b>x</b><i>y</i><p\n\n\nclass=z>a</p></div>"  # libxml2 gives the <p> line 4
    div = parse(text).find(".//div")
    div.insert(0, div[-1])  # as `html.deep` moves elements: the last one is no longer furthest
    index = LineIndex(text, "p.html")
    assert SourceLines(index, ordered=False).end(div) == 4
    assert SourceLines(index).end(div) == 1  # what the short cut would say of it


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<div role='main'><p>one</p></div><div role='main'><p>two</p></div>", "one"),
        ("<article><p>one</p></article><article><p>two</p></article>", "all"),
        ("<article><p>one</p></article><main><p>two</p></main>", "one"),
        ("<div role='main'></div><main><p>two</p></main>", "two"),
        ("<nav><div role='main'><p>one</p></div></nav><div class='body'><p>two</p></div>", "two"),
    ],
)
def test_the_main_content_is_the_first_candidate_with_content(body: str, expected: str) -> None:
    content = main_content(parse(f"<html><body>{body}<p>tail</p></body></html>"))
    text = " ".join(content.itertext())
    assert text == "one two tail" if expected == "all" else text == expected


_CRUMBS = etree.XPath(
    "//*[self::ul or self::ol or self::nav or self::div]"
    "[contains(translate(@class, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')]"
)
_BARS = [
    # a related bar's item inside another's: the inner link comes first in the page
    '<ul><li class="nav-item nav-item-1"><ul><li class="nav-item nav-item-2">'
    '<a href="in.html">in</a></li></ul><a href="out.html">out</a></li></ul>',
    '<li class="nav-item\tnav-item-0"><a href="p.html" rel="prev">p</a><a href="y.html">y</a>'
    '<a>no href</a></li><li class="nav-item nav-item-this"><a href="z.html">z</a></li>',
    '<li class="nav-item-1"><a href="t.html">not a nav-item token</a></li>',
    '<p class="breadcrumb"><a href="p.html">p</a></p><div class="x Bread-CRUMBs">'
    '<a href="a.html">a</a></div><nav class="breadcrumb"><a href="b.html">b</a></nav>',
]


@pytest.mark.parametrize(
    "text", [*_BARS, *(p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.html")))]
)
def test_related_bars_and_breadcrumbs_are_those_the_xpaths_find(text: str) -> None:
    root = parse(text)
    (links, _), expected = _nav_items(root), _NAV_ITEMS(root)
    assert len(links) == len(expected)
    assert all(a is b for a, b in zip(links, expected, strict=True))
    found = _CRUMBS(root)
    assert _crumbs(root) is (found[0] if found else None)


def test_nested_related_bars_name_their_pages_in_document_order() -> None:
    assert trail(parse(_BARS[0]), "here.html")[0] == ("in.html", "out.html")


def _index_page(links: int, words: int) -> str:
    items = "".join(f'<li><a href="p{n}.html">page number {n}</a></li>' for n in range(links))
    prose = "<p>" + " ".join(f"word{n}" for n in range(words)) + "</p>"
    return f"<html><body><main><ul>{items}</ul>{prose}</main></body></html>"


@pytest.mark.parametrize(("links", "words", "share"), [(3000, 100, 98), (300, 9000, None)])
def test_a_link_index_is_told_by_its_whole_text_and_the_rest_by_their_first_pages(
    links: int, words: int, share: int | None
) -> None:
    text = _index_page(links, words)
    content = main_content(parse(text))
    total = _letters(all_text(content))
    linked = _letters("".join(all_text(a) for a in content.iter("a")))
    assert len(text) > 4 * _CHUNK
    if share is None:  # links a small share: counted no further than the first pages
        assert linked / total < _INDEX_SHARE and _link_index(text) == ""
        assert linked / _INDEX_SHARE < _letters_past(all_text(content), linked / _INDEX_SHARE)
        assert _letters_past(all_text(content), linked / _INDEX_SHARE) < total
    else:
        assert _link_index(text) == f"link index ({links} links, {share} % of its text)"
        assert 100 * linked // total == share


def _text_by_walk(element: etree._Element) -> str:
    """`text_of` as read for any element: its special descendants found by a walk."""
    special = [
        node
        for node in element.iterdescendants()
        if isinstance(node.tag, str) and (node.tag == "br" or dropped(node))
    ]
    return _text_walk(element, special) if special else all_text(element)


@pytest.mark.parametrize(
    "markup",
    [
        '<code class="literal"><span class="pre">os.getcwd()</span></code>',
        "<code> a <span>b\nc</span> d </code>",
        "<code>a<br>b</code>",
        '<code>x<a class="headerlink" href="#x">¶</a> y</code>',
        "<code><!-- a comment -->x</code>",
        "<code><span><b>nested</b></span> tail</code>",
        "<code><span hidden>gone</span>kept</code>",
    ],
)
def test_the_text_of_a_code_span_with_one_child_is_that_of_the_walk(markup: str) -> None:
    code = parse(f"<p>{markup}</p>").find(".//code")
    assert text_of(code) == _text_by_walk(code)


@pytest.mark.parametrize(
    "markup",
    [
        '<code>a <span class="n">b</span><span class="o">.</span><span class="n">c</span></code>',
        '<code>x<a class="headerlink" href="#x">¶</a> y <a href="#z">z</a><br>w</code>',
        "<code><!-- a comment -->x<span>y</span><?pi z?><b>z</b></code>",
        '<code><span hidden>gone</span>kept<span class="linenos">1</span><i>i</i></code>',
        '<code><header><i>h</i></header><span role="navigation">n</span>k</code>',
        '<code><span><span class="headerlink">x</span><br></span>y<script>s</script></code>',
        '<code><a href="#"><img src="logo.png"></a>a<a href="edit.html">Edit on GitHub</a></code>',
    ],
)
def test_the_text_of_a_code_span_with_children_is_that_of_the_walk(markup: str) -> None:
    code = parse(f"<p>{markup}</p>").find(".//code")
    assert len(code) > 1
    assert text_of(code) == _text_by_walk(code)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.html")), ids=lambda p: p.stem)
def test_the_text_of_every_element_of_hand_made_pages_is_that_of_the_walk(path: Path) -> None:
    root = parse(path.read_text(encoding="utf-8"))
    elements = [e for e in root.iter(etree.Element) if len(e) > 1]
    assert elements
    for element in elements:
        assert text_of(element) == _text_by_walk(element), element.tag


@pytest.mark.parametrize("path", sorted(CASES.glob("*.html")), ids=lambda p: p.stem)
def test_a_remembered_link_verdict_is_the_verdict_and_kept_for_each_link(path: Path) -> None:
    links = list(parse(path.read_text(encoding="utf-8")).iter("a"))
    with remembered_links() as verdicts:
        first = [dropped_anchor(a) for a in links]
        again = [dropped(a) for a in links]
        assert len(verdicts) == len(links)
    assert first == again == [_judged_anchor(a) for a in links]


def test_links_are_not_remembered_outside_a_page() -> None:
    link = parse('<p><a href="#x">¶</a></p>').find(".//a")
    with remembered_links() as verdicts:
        assert dropped_anchor(link)
    assert dropped_anchor(link) and len(verdicts) == 1
    link.text = "a real link"  # changed outside the page's reading: judged again
    assert not dropped_anchor(link)


@pytest.mark.parametrize(
    "href",
    ["page.html", "a b.html", "f(x).html#y", "<x>", "https://e.org/(a)", "  ", "#a", "x y(z)<>"],
)
def test_a_link_target_quotes_what_would_end_it(href: str) -> None:
    quote = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
    stripped = href.strip()
    expected = "" if not stripped or stripped.startswith("#") else stripped.translate(quote)
    assert link_target(href) == expected
