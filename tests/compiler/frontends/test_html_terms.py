"""Definition terms as Sphinx and docutils write them: a term's classifier stays apart from it.

Inputs: pages in the markup of Debian's python-pygit2-doc (Sphinx 5, numpydoc-style parameter
lists) and of docutils' own HTML writer, read by the real HTML frontend.
"""

from __future__ import annotations

from skillc.compiler.frontends.html.reader import read_html
from skillc.ir import ListBlock, Prose


def _texts(page: str) -> list[str]:
    """The text of the page's paragraphs and list items (short definitions become a list)."""
    (skill,) = read_html(page, source_id="remotes.html").skills
    found: list[str] = []
    for block in skill.blocks:
        if isinstance(block, Prose):
            found.append(block.text)
        elif isinstance(block, ListBlock):
            found.extend(block.items)
    return found


def test_a_sphinx_classifier_is_set_apart_as_its_stylesheet_shows_it() -> None:
    # Sphinx writes no delimiter: its stylesheet puts " : " before span.classifier. Read as
    # text, pygit2's Remote.fetch parameters were "pruneenum" and "proxyNone or True or str".
    page = (
        "<html><head><title>Remotes</title></head><body><h1>Remotes</h1>"
        "<p>Parameters:</p><dl class='simple'>"
        "<dt>prune<span class='classifier'>enum</span></dt>"
        "<dd><p>Either GIT_FETCH_PRUNE or GIT_FETCH_NO_PRUNE.</p></dd>"
        "<dt>proxy<span class='classifier'>None or True or str</span></dt>"
        "<dd><p>Proxy configuration.</p></dd></dl></body></html>"
    )
    texts = "\n".join(_texts(page))
    assert "prune : enum" in texts and "proxy : None or True or str" in texts
    assert "pruneenum" not in texts


def test_a_docutils_delimiter_is_not_doubled() -> None:
    page = (
        "<html><head><title>Remotes</title></head><body><h1>Remotes</h1><dl>"
        "<dt>prune <span class='classifier-delimiter'>:</span> "
        "<span class='classifier'>enum</span></dt>"
        "<dd><p>Either GIT_FETCH_PRUNE or GIT_FETCH_NO_PRUNE.</p></dd></dl></body></html>"
    )
    texts = "\n".join(_texts(page))
    assert "prune : enum" in texts and ": :" not in texts
