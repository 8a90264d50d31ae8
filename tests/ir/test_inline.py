"""The one inline-Markdown module: links, plain text, slugs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.ir import inline
from skillc.ir.inline import LINK, link_texts, plain, slugify, unmarked


def test_slugs_are_ascii_kebab_case_cut_at_a_hyphen() -> None:
    assert slugify("Options with `multiple` Values!") == "options-with-multiple-values"
    assert slugify("Überblick – Café") == "uberblick-cafe"
    assert len(slugify("word " * 40, limit=60)) <= 60
    assert slugify("word " * 40, limit=60).endswith("word")
    assert slugify("word " * 40) == "-".join(["word"] * 40)


def test_link_finds_target_text_and_images() -> None:
    found = [m.groups() for m in LINK.finditer('[a [b]](x.md "t") ![i](p.png) [\\]](y)')]
    assert found == [("", "a [b]", "x.md"), ("!", "i", "p.png"), ("", "\\]", "y")]


def test_link_texts_keeps_only_the_text() -> None:
    assert link_texts("[a](b c) and ![alt](src)") == "a and alt"
    assert link_texts("no links") == "no links"


def test_unmarked_and_plain() -> None:
    assert unmarked("`a`  **b**") == "a b"
    assert plain("[a](x) <b>c</b> \\*d") == "a c *d"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="`a \\\n*_[](", max_size=16))
def test_code_spans_match_as_the_plain_pattern_does(text: str) -> None:
    # `_CODE_SPAN` starts with a literal backtick so the engine can skip to one; it must match
    # exactly what the pattern written the plain way, "(?<!\\)(`+)(.+?)\1", matches.
    written = re.compile(r"(?<!\\)(`+)(.+?)\1", re.DOTALL)
    assert [(m.span(), m.group(2)) for m in inline._CODE_SPAN.finditer(text)] == [
        (m.span(), m.group(2)) for m in written.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=40))
def test_split_words_finds_the_words_word_finds(text: str) -> None:
    """`inline.split_words` splits an ASCII text its own way: every ASCII character (letters,
    digits, underscore, punctuation, control and space characters) must split or not as
    `inline.WORD` does, and a non-ASCII text goes to `WORD` itself."""
    assert inline.split_words(text) == inline.WORD.findall(text)
    assert inline.split_words("".join(map(chr, range(128)))) == inline.WORD.findall(
        "".join(map(chr, range(128)))
    )


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(("_", "__", "*", "a", "b1", " ", "\n", "é", "`", "[x](y)", "\\_")),
        max_size=12,
    ).map("".join)
)
def test_emphasis_is_looked_for_where_it_can_open(text: str) -> None:
    """`plain` runs the emphasis pattern only on text with a star, a double underscore or an
    underscore after no word character (``_OPENING_UNDERSCORE``): it must answer as when it
    ran it on every text holding an underscore."""
    fast = inline._unmarked_text(text)
    opening = inline._OPENING_UNDERSCORE
    try:
        inline._OPENING_UNDERSCORE = re.compile("_")  # every underscore: the pattern always runs
        assert inline._unmarked_text(text) == fast
    finally:
        inline._OPENING_UNDERSCORE = opening


def test_reference_images_and_badges_become_their_alt_text() -> None:
    """yargs 18.2.0's README badges (``[![NPM version][npm-image]][npm-url]``) were
    ``![NPM version][npm-url]`` in plain text, serde_json's (``[![Build Status]][travis]``)
    were kept whole."""
    assert plain("[![NPM version][npm-image]][npm-url]") == "NPM version"
    assert plain("[![Build Status]][travis] and ![logo][] ok") == "Build Status and logo ok"
    assert plain("![ci](https://x/badge.svg) [![a](b.svg)](c)") == "ci a"
    assert plain("see [x][y] and [z](w)") == "see x and z"
