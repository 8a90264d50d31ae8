"""The HTML inventory (what verify-no-loss checks a page's skills against) takes every text node
of the main content in the walk's order, with the line of the element that holds it, outside
what the readers skip by policy, and each ``<pre>`` as one code block.

Inputs: small pages written here, each showing one rule of the walk.
"""

from __future__ import annotations

from skillc.compiler.frontends.html.content import main_content, parse
from skillc.compiler.frontends.html.inventory import html_inventory


def _inventory(body: str, pres: dict[object, str] | None = None) -> tuple[object, ...]:
    root = parse(f"<html><body><div role='main'>{body}</div></body></html>")
    assert root is not None
    found = html_inventory(main_content(root), pres)
    return found.codes, found.words


def test_words_are_counted_in_order_of_first_appearance_with_their_first_line() -> None:
    codes, words = _inventory("<p>Alpha beta\n<em>beta</em> gamma</p>\n<p>alpha\ndelta</p>")
    assert codes == ()
    assert words == (("alpha", 2, 1), ("beta", 2, 1), ("gamma", 1, 2), ("delta", 1, 3))


def test_an_elements_tail_counts_before_its_children_with_its_own_line() -> None:
    # the span's text and tail start on lines 2 and 3; both count on the span's line, 1
    _, words = _inventory("<p>one<span>\n\ntwo</span>\nthree</p>")
    assert words == (("one", 1, 1), ("two", 1, 1), ("three", 1, 1))
    # the walk takes an element's text and tail as it enters it, then its children: the
    # <p>'s tail "d" comes before the <b> inside it
    _, words = _inventory("<div>\n<p>a <b>\nb</b>\nc</p>\nd</div>")
    assert [w for w, _, _ in words] == ["a", "d", "b", "c"]


def test_skipped_elements_keep_their_tails_and_comments_count_only_their_tails() -> None:
    _, words = _inventory(
        "<p>kept <a class='headerlink' href='#x'>\u00b6</a>after"
        "<script>hidden()</script>script tail<!-- note -->comment tail</p>"
        "<div class='sphinxsidebar'>sidebar text</div>sidebar tail"
    )
    assert [w for w, _, _ in words] == ["kept", "after", "script", "tail", "comment", "sidebar"]
    assert dict((w, n) for w, n, _ in words)["tail"] == 3


def test_a_pre_is_one_code_block_read_once_for_the_reader_and_not_text() -> None:
    pres: dict[object, str] = {}
    codes, words = _inventory("<p>see</p>\n<pre>\nx = <span>1</span>\n</pre>after", pres)
    assert codes == (("x = 1", 2),)
    assert list(pres.values()) == ["x = 1"]
    assert [w for w, _, _ in words] == ["see", "after"]


def test_a_line_number_gutter_and_an_empty_pre_are_not_code() -> None:
    codes, _ = _inventory(
        "<table><tr><td class='linenos'><pre>1\n2</pre></td><td><pre>a\nb</pre></td></tr></table>"
        "<pre>  </pre>"
    )
    assert codes == (("a\nb", 2),)  # the gutter's newline is before it
