"""rewrite-links: web links kept, sibling pages named as skills, links that leave the build
made absolute against the page's URL when it is known, else reduced to their text."""

from __future__ import annotations

import pytest

from skillc.ir import Code, Heading, ListBlock, Prose, Skill, SkillModule, Source, Span, Table
from skillc.passes.options import PassOptions
from skillc.passes.registry import PassContext
from skillc.passes.rewrite_links import rewrite_links


def span(source: str) -> Span:
    return Span(source=source, line=1, col=1, end_line=1, end_col=1, start=0, end=0)


def page(source: str, name: str, *blocks: object) -> Skill:
    return Skill(id=name.upper(), name=name, prov=(span(source),), blocks=tuple(blocks))  # type: ignore[arg-type]


def rewritten(text: str, here: str = "docs/guide.md") -> tuple[str, PassContext]:
    module = SkillModule(
        skills=(
            page(here, "guide", Prose(id="B1", text=text, prov=(span(here),))),
            page("docs/api/options.md", "options"),
        )
    )
    ctx = PassContext()
    return rewrite_links(module, ctx).skills[0].blocks[0].text, ctx  # type: ignore[union-attr]


def test_web_links_are_kept() -> None:
    text = "See [the site](https://example.org/x) and [mail](mailto:a@b.c)."
    assert rewritten(text)[0] == text


def test_link_to_a_compiled_page_names_its_skill() -> None:
    assert rewritten("Read [Options](api/options.md#flags).")[0] == (
        "Read Options (see the `options` skill)."
    )


def test_a_field_names_each_skill_once() -> None:
    """sqlite's paragraphs linked the pragma page up to three times and each link said "(see
    the `sqlite-pragma-statements` skill)"; a Haddock signature had one inside each of its
    type constraints. The first link of a text field says where, the others keep their text."""
    text = "[-j](api/options.md#j) and [-k](api/options.md#k) (f :: [A](api/options.md) a)."
    assert rewritten(text)[0] == "-j (see the `options` skill) and -k (f :: A a)."


def test_after_see_the_mention_says_where_not_see_again() -> None:
    """diffutils' "(see [Context Format](...))" read "(see Context Format (see the `...`
    skill))"."""
    assert rewritten("Use it (see [Options](api/options.md)).")[0] == (
        "Use it (see Options in the `options` skill)."
    )
    assert rewritten("See also [Options](api/options.md).")[0] == (
        "See also Options in the `options` skill."
    )
    assert rewritten("See [](api/options.md).")[0] == "See the `options` skill."


def test_a_heading_keeps_its_title_and_the_diagnostic_names_the_skill() -> None:
    """python-doc's "Files and Directories in the [os](os.html) module": the heading stays the
    title a reader (and "see section ...") looks for; the skill is named in SK040."""
    here = "docs/guide.md"
    heading = Heading(
        id="H", level=2, text="Flags in [Options](api/options.md)", prov=(span(here),)
    )
    module = SkillModule(
        skills=(page(here, "guide", heading), page("docs/api/options.md", "options"))
    )
    ctx = PassContext()
    out = rewrite_links(module, ctx).skills[0].blocks[0]
    assert isinstance(out, Heading) and out.text == "Flags in Options"
    assert [d.code for d in ctx.diagnostics] == ["SK040"]
    assert "`options` skill" in ctx.diagnostics[0].message


def test_anchor_in_the_same_page_becomes_text() -> None:
    assert rewritten("As [above](#setup), do it.")[0] == "As above, do it."


def test_link_leaving_the_build_becomes_text_and_is_reported() -> None:
    text, ctx = rewritten("See [the changelog](../CHANGES.md) and ![logo](img/logo.png).")
    assert text == "See the changelog and logo."
    assert [d.code for d in ctx.diagnostics] == ["SK040", "SK040"]
    assert ctx.diagnostics[0].span is not None and ctx.diagnostics[0].span.source == "docs/guide.md"


def test_code_is_never_touched_and_all_text_fields_are() -> None:
    here = "guide.md"
    blocks = (
        Code(id="C", text="[x](y.md)"),
        Heading(id="H", text="[H](#h)"),
        ListBlock(id="L", items=("[a](a.md)",)),
        Table(id="T", rows=(("[t](#t)",),)),
    )
    module = SkillModule(skills=(page(here, "g", *blocks),))
    out = rewrite_links(module, PassContext()).skills[0].blocks
    assert [getattr(b, "text", None) for b in out[:2]] == ["[x](y.md)", "H"]
    assert out[2].items == ("a",)  # type: ignore[union-attr]
    assert out[3].rows == (("t",),)  # type: ignore[union-attr]


def test_idempotent() -> None:
    once, _ = rewritten("Read [Options](api/options.md) and [x](#y) and [w](https://w.org).")
    twice, _ = rewritten(once)
    assert once == twice


def test_link_text_with_escaped_brackets_is_still_a_link() -> None:
    """SQLite's changelog writes `[\\[d02e1406\\]]`-style ticket links with scheme-less hrefs."""
    text, ctx = rewritten(r"Fix (ticket [\[d02e1406\]](www.sqlite.org/src/tktview/d02e1406)).")
    assert text == r"Fix (ticket \[d02e1406\])."
    assert [d.code for d in ctx.diagnostics] == ["SK040"]


def test_escaped_brackets_are_text_not_a_link() -> None:
    """requests' changelog writes a literal "[our documentation](URL)" around an autolink."""
    text = r"See \[our documentation\]([https://r.io/x/](https://r.io/x/))."
    assert rewritten(text)[0] == text


# --- Links that leave the build, with a known page URL ---------------------------------------


def compiled(
    text: str, *, url: str = "", base: str = "", here: str = "docs/guide.md"
) -> tuple[SkillModule, PassContext]:
    module = SkillModule(
        sources=(Source(id=here, url=url), Source(id="docs/api/options.md")),
        skills=(
            page(here, "guide", Prose(id="B1", text=text, prov=(span(here),))),
            page("docs/api/options.md", "options"),
        ),
    )
    ctx = PassContext(options=PassOptions(base_url=base))
    return rewrite_links(module, ctx), ctx


def first_text(module: SkillModule) -> str:
    return module.skills[0].blocks[0].text  # type: ignore[union-attr]


def test_link_leaving_the_build_is_made_absolute_against_the_pages_url() -> None:
    text = "See [the changelog](../CHANGES.md#v2), [Options](api/options.md) and [top](#top)."
    module, ctx = compiled(text, url="https://example.org/docs/guide.html")
    assert first_text(module) == (
        "See [the changelog](https://example.org/CHANGES.md#v2), "
        "Options (see the `options` skill) and top."
    )
    assert [(d.code, d.severity.value) for d in ctx.diagnostics] == [("SK043", "info")]
    assert "made absolute: https://example.org/CHANGES.md#v2" in ctx.diagnostics[0].message


def test_base_url_gives_every_source_its_url() -> None:
    module, ctx = compiled("See [x](../x%20y.md) and [root](/about.html).", base="https://e.org/d")
    assert (
        first_text(module)
        == "See [x](https://e.org/d/x%20y.md) and [root](https://e.org/about.html)."
    )
    assert [s.url for s in module.sources] == [
        "https://e.org/d/docs/guide.md",
        "https://e.org/d/docs/api/options.md",
    ]
    assert [d.code for d in ctx.diagnostics] == ["SK043", "SK043"]


def test_a_page_that_declares_its_url_keeps_it_over_the_base_url() -> None:
    module, _ = compiled("[x](x.html)", url="https://site.org/p/guide.html", base="https://e.org/")
    assert first_text(module) == "[x](https://site.org/p/x.html)"
    assert module.sources[0].url == "https://site.org/p/guide.html"


@pytest.mark.parametrize(
    "base", ["/home/me/docs", "file:///home/me/docs/", "docs/", "ftp://e.org/"]
)
def test_a_base_url_that_is_not_on_the_web_is_ignored_never_joined(base: str) -> None:
    module, ctx = compiled("See [x](x.md).", base=base)
    assert first_text(module) == "See x."
    assert [s.url for s in module.sources] == ["", ""]
    assert [(d.code, d.severity.value) for d in ctx.diagnostics] == [
        ("SK043", "warning"),
        ("SK040", "info"),
    ]


def test_other_schemes_and_images_are_not_made_absolute() -> None:
    text = "[f](file:///etc/passwd) [c](C:\\x.txt) [j](javascript:x) ![logo](img/l.png)"
    module, ctx = compiled(text, url="https://e.org/guide.html")
    assert first_text(module) == "f c j logo"
    assert {d.code for d in ctx.diagnostics} == {"SK040"}


def test_idempotent_with_a_base_url() -> None:
    once, _ = compiled("Read [x](../x.md) and [Options](api/options.md).", base="https://e.org/")
    twice = rewrite_links(once, PassContext(options=PassOptions(base_url="https://e.org/")))
    assert twice == once


def test_an_image_inside_a_link_reduced_to_text_is_its_alt_text() -> None:
    """gri's manual (Debian's gri-html-doc) links each plot's thumbnail to the full image:
    ``[![Example 11](example11-tiny.png)](example11.png)``. The outer link became its text,
    and the thumbnail inside it stayed a link to a file no package holds (lint's PK305)."""
    text, _ = rewritten("[![Example 11](example11-tiny.png)](example11.png) The command-file.")
    assert text == "Example 11 The command-file."
    text, _ = rewritten("[![Opts](o.png) options](api/options.md)")
    assert text == "Opts options (see the `options` skill)"
