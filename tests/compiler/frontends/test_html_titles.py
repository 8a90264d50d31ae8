"""A page's title: its H1, else its one opening heading (mdBook), else its ``<title>``.

Inputs: pages in the markup of Debian's python-typer-doc (MkDocs, readthedocs theme: a page
titled in the site's navigation has no H1) and of an mdBook chapter, read by the real HTML
frontend.
"""

from __future__ import annotations

from skillc.compiler.frontends.html.reader import read_html
from skillc.ir import Heading

TYPER_NAME_PAGE = """\
<html><head><title>CLI Option Name - Typer</title></head><body>
<div role="main"><div class="section">
<p>By default <strong>Typer</strong> will create a <em>CLI option</em> name from the function
parameter.</p>
<p>So, if you have a function with:</p>
<pre><code>def main(user_name: Optional[str] = None): ...</code></pre>
<h2 id="cli-option-short-names">CLI option short names</h2>
<p>A short name is a <em>CLI option</em> name with a single dash.</p>
<h3 id="cli-option-only-short-name">CLI option only short name</h3>
<p>Pass only the short name to <code>typer.Option()</code>.</p>
</div></div></body></html>
"""

MDBOOK_CHAPTER = """\
<html><head><title>Installation - The Demo Book</title></head><body>
<main><h2 id="installing-demo">Installing demo</h2>
<p>Run <code>cargo install demo</code>.</p>
<h3 id="from-source">From source</h3><p>Clone the repository and build it.</p>
</main></body></html>
"""


def test_a_heading_after_the_opening_paragraphs_is_a_section_not_the_title() -> None:
    (skill,) = read_html(TYPER_NAME_PAGE, source_id="tutorial/options/name/index.html").skills
    assert skill.skill_name == "CLI Option Name"
    headings = [(b.level, b.text) for b in skill.blocks if isinstance(b, Heading)]
    assert (2, "CLI option short names") in headings


def test_a_chapter_that_opens_with_its_only_top_heading_is_titled_by_it() -> None:
    (skill,) = read_html(MDBOOK_CHAPTER, source_id="install.html").skills
    assert skill.skill_name == "Installing demo"
    assert [b.level for b in skill.blocks if isinstance(b, Heading)][:2] == [1, 2]


def test_a_page_without_any_title_is_named_by_its_file_in_words() -> None:
    # Debian's python-black-doc has no <title> and no heading with words: its catalogue said
    # "Covers the_black_code_style-current_style, the_black_code_style-future_style ...".
    text = "<p>Black reformats entire files in place.</p>"
    page = f"<html><body><div role='main'>{text}</div></body></html>"
    (skill,) = read_html(page, source_id="the_black_code_style/current_style.html").skills
    assert skill.skill_name == "current style"
    assert skill.name == "the-black-code-style-current-style"  # the package name keeps its path
    (index,) = read_html(page, source_id="guides/first-steps/index.html").skills
    assert index.skill_name == "first steps"
