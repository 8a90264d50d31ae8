"""Javadoc pages (JDK 11's standard doclet, as Debian's libargparse4j-java-doc has them).

Inputs: a class page in that markup (method details are code blocks nested in lists, each
signature with a zero-width space before its parenthesis), read by the real HTML frontend and
built whole with the source verifier on.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from skillc import cli
from skillc.compiler.frontends.html.reader import read_html
from skillc.ir import Code, ListBlock

CLASS_PAGE = """\
<!DOCTYPE HTML><html lang="en"><head>
<title>ASCIITextWidthCounter (argparse4j 0.4.4 API)</title></head><body>
<main role="main"><div class="header"><h2 title="Class ASCIITextWidthCounter" class="title">
Class ASCIITextWidthCounter</h2></div>
<div class="contentContainer"><div class="details"><ul class="blockList"><li class="blockList">
<section role="region"><ul class="blockList"><li class="blockList">
<h3>Method Detail</h3><ul class="blockListLast"><li class="blockList"><h4>width</h4>
<pre class="methodSignature">public&nbsp;int&nbsp;width&#8203;(java.lang.String&nbsp;text)</pre>
<div class="block">Counts given text consumes how many fixed character width.</div>
<dl><dt><span class="paramLabel">Parameters:</span></dt>
<dd><code>text</code> - The text to inspect.</dd></dl>
</li></ul></li></ul></section></li></ul></div></div></main></body></html>
"""


def test_a_signature_nested_in_a_list_loses_its_zero_width_space_and_builds(
    tmp_path: Path,
) -> None:
    # The space was deleted from the list item holding the code, not from the page's inventory
    # of code blocks: PV014 on every method of every page, and the build wrote nothing.
    result = read_html(CLASS_PAGE, source_id="helper/ASCIITextWidthCounter.html")
    (skill,) = result.skills
    held = [
        text
        for b in skill.blocks
        for text in (
            (b.text,) if isinstance(b, Code) else b.items if isinstance(b, ListBlock) else ()
        )
    ]
    assert any("int\xa0width(java.lang.String" in t for t in held), held
    assert not any("\u200b" in t for t in held)
    assert [code for code, _ in result.inventory.codes] == [
        "public\xa0int\xa0width(java.lang.String\xa0text)"
    ]
    assert any(d.code == "SK063" for d in result.diagnostics)
    site = tmp_path / "api" / "helper"
    site.mkdir(parents=True)
    (site / "ASCIITextWidthCounter.html").write_text(CLASS_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    built = CliRunner().invoke(cli.main, ["build", str(tmp_path / "api"), "-o", str(out), "-q"])
    assert built.exit_code == 0, built.output
    assert "PV014" not in built.output
