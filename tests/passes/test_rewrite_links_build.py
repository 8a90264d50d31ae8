"""Links that leave the corpus, through a whole build: made absolute when the page's URL is known
(its canonical link, or ``--base-url``), reduced to text and reported otherwise, never a path of
the build machine."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from skillc.cli import main
from skillc.compiler.driver import BuildOptions, compile_module
from skillc.compiler.frontends.html.reader import read_html
from skillc.ir import SkillModule, Source

PAGE = """<html><head><title>Install</title>{head}</head><body><main>
<h1>Install</h1>
<p>Run <code>make install</code> first. See <a href="../faq.html#build">the FAQ</a>,
<a href="usage.html">Usage</a> and <a href="file:///etc/hosts">hosts</a>.</p>
<pre class="console">$ make install</pre>
</main></body></html>
"""
USAGE = """<html><head><title>Usage</title></head><body><main><h1>Usage</h1>
<p>Run <code>demo</code> to start.</p><pre class="console">$ demo</pre></main></body></html>
"""


def _skill_md(out: Path, name: str) -> str:
    return (out / name / "SKILL.md").read_text(encoding="utf-8")


def test_a_canonical_link_makes_links_absolute_through_the_pipeline() -> None:
    head = '<link rel="canonical" href="https://demo.org/docs/guide/install.html">'
    result = read_html(PAGE.format(head=head), source_id="guide/install.html")
    assert result.url == "https://demo.org/docs/guide/install.html"
    # What the driver records for the page (Source.url from FrontendResult.url).
    source = Source(id="guide/install.html", media_type="text/html", url=result.url)
    module = SkillModule(sources=(source,), skills=result.skills)
    compiled, diagnostics, _ = compile_module(module, BuildOptions(index="never"))
    prose = " ".join(getattr(b, "text", "") for b in compiled.skills[0].blocks)
    assert "[the FAQ](https://demo.org/docs/faq.html#build)" in prose
    assert "[Usage](https://demo.org/docs/guide/usage.html)" in prose
    assert "file:" not in prose and "hosts" in prose  # another scheme: the frontend's text
    assert sorted(d.code for d in diagnostics if d.code in ("SK040", "SK043")) == [
        "SK043",
        "SK043",
    ]


def test_debians_file_canonical_is_not_a_page_url() -> None:
    head = '<link rel="canonical" href="file:///usr/share/doc/demo/html/guide/install.html">'
    assert read_html(PAGE.format(head=head), source_id="guide/install.html").url == ""


def test_build_with_base_url(tmp_path: Path) -> None:
    src = tmp_path / "src" / "guide"
    src.mkdir(parents=True)
    (src / "install.html").write_text(PAGE.format(head=""), encoding="utf-8")
    (src / "usage.html").write_text(USAGE, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(tmp_path / "src"), "-o", str(out), "--index", "never", "-q"]
    args += ["--group", "page"]  # links between two pages' skills
    result = CliRunner().invoke(main, [*args, "--base-url", "https://demo.org/docs"])
    assert result.exit_code == 0, result.output
    text = _skill_md(out, "guide-install")
    assert "[the FAQ](https://demo.org/docs/faq.html#build)" in text  # left the build: absolute
    assert "Usage (see the `guide-usage` skill)" in text  # a compiled page: named
    assert str(tmp_path) not in text


def test_build_without_a_base_url_keeps_the_text(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "install.html").write_text(PAGE.format(head=""), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "--index", "never"])
    assert result.exit_code == 0, result.output
    text = _skill_md(out, "install")
    assert "See the FAQ, Usage and hosts." in " ".join(text.split())


def test_base_url_must_be_a_web_url(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "usage.html").write_text(USAGE, encoding="utf-8")
    for bad in ("/home/me/docs", "file:///home/me/docs", "docs/"):
        args = ["build", str(src), "-o", str(tmp_path / "out"), "--base-url", bad]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (bad, result.output)
        assert "--base-url" in result.output and "http" in result.output
        assert not (tmp_path / "out").exists()
