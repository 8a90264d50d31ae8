"""Fast paths of the guide step extractor answer as the code they short-cut did.

Why a test: `textutil.plain`, `textutil.sentences` and `classify.imperative` run on every
sentence every guide frontend reads (Markdown, RST, HTML, PDF), so each skips work it can
prove changes nothing: `inline.plain` only squashes text without a character its steps act
on, `sentences` does not mask a paragraph without an opaque region, `imperative` reads two
words instead of listing all of them. Each must give what the full computation gave; a
markup character `inline.plain` learns to act on, missing from `inline._ACTED_ON`, would
silently change output, and the brute-force test below finds it.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.guide import classify
from skillc.compiler.frontends.guide.textutil import LineIndex, plain, rewrite_roles, sentences
from skillc.ir import inline
from skillc.ir.span import Span
from skillc.ir.vocab import ActType

# Words, markup and whitespace the three functions look at.
_PIECES = (
    "Run", "run", "make", "sure", "Set", "up", "values", "If", "if", "then", ",", ".", ". ",
    "! ", "? ", "e.g. ", "etc. ", " ", "  ", "\n", "\t", "`", "``", "*", "**", "_", "__", "[",
    "]", "(", ")", "](", "<", ">", "\\", "\\*", "http://x.org/a. ", "{func}`f`", "'", "Please",
    "please", "x", "\x00", "\x01", "0", "\u00a0", "é",
)  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_plain_answers_as_every_step_of_inline_plain(text: str) -> None:
    assert plain(text) == inline._unmarked_text(rewrite_roles(text))


def test_markup_holds_every_character_inline_plain_acts_on() -> None:
    """A character missing from `_ACTED_ON` that `inline.plain`'s steps do not merely squash
    around (in any of a few settings that give each construct a chance) fails this test."""
    settings_ = ("a{c}b{c}c", "{c}x{c}", "[a{c}](b)", "{c}0{c}", "a {c}b{c} c", "<{c}b>", "{c}{c}")
    for code in range(0x3000):
        char = chr(code)
        if inline._ACTED_ON.search(char):
            continue
        for setting in settings_:
            text = setting.replace("{c}", char)
            if inline._ACTED_ON.search(text) is None:
                assert inline._unmarked_text(text) == inline.squash(text), repr(text)


_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "approx", "resp", "no", "fig"})
_OPAQUE = re.compile(r"(`+).+?\1|\]\([^)]*\)|<[^>\s]+>|https?://\S+", re.DOTALL)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s)")


def _sentences_before(text: str) -> list[tuple[int, int]]:
    """`sentences` as it was: every paragraph masked, ends stripped a character at a time."""
    masked = _OPAQUE.sub(lambda m: "x" * len(m.group(0)), text)
    out: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(masked):
        word = masked[start : match.start()].rsplit(None, 1)
        if word and word[-1].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        out.append((start, match.end()))
        start = match.end()
    out.append((start, len(text)))
    found = []
    for a, b in out:
        if text[a:b].strip():
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            found.append((a, b))
    return found


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_sentences_answer_as_before(text: str) -> None:
    assert sentences(text) == _sentences_before(text)


def _verb_before(words: list[str]) -> tuple[str, ActType] | None:
    head = words[0].lower()
    pair = " ".join(w.lower() for w in words[:2])
    if pair in classify.PHRASE_ACTS:
        return pair, classify.PHRASE_ACTS[pair]
    if head not in classify.VERB_ACTS:
        return None
    if len(words) > 1 and words[1].lower() in classify._NOT_IMPERATIVE_NEXT:
        return None
    return head, classify.VERB_ACTS[head]


def _imperative_before(sentence: str) -> tuple[str, ActType] | None:
    """`classify.imperative` as it was: every word of the first 80 characters listed."""
    stripped = sentence.strip()
    if not stripped[:1].isalpha() or not stripped[:1].isupper():
        return None
    words = re.findall(r"[A-Za-z']+", classify._POLITE.sub("", stripped)[:80])
    return _verb_before(words) if words else None


def _leading_verb_before(text: str) -> tuple[str, ActType] | None:
    words = re.findall(r"[A-Za-z']+", classify._POLITE.sub("", text.strip())[:80])
    return _verb_before(words) if words else None


_SENTENCES = st.lists(
    st.sampled_from(
        (*classify.VERB_ACTS, *classify.PHRASE_ACTS, *classify._NOT_IMPERATIVE_NEXT, "Run",
         "Make", "Look", "Please", "then", "If", "When", ",", " ", "  ", "'", "9", "-", "x" * 70)
    ),
    max_size=8,
).map(" ".join)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(_SENTENCES)
def test_verbs_read_as_before(sentence: str) -> None:
    for text in (sentence, sentence.capitalize()):
        assert classify.imperative(text) == _imperative_before(text)
        assert classify.leading_verb(text) == _leading_verb_before(text)


def _locate_before(index: LineIndex, within: Span, fragment: str, after: int) -> Span:
    """`LineIndex.locate` as it was: every fragment searched for, whatever it holds."""
    parts = [p.strip() for p in fragment.split("\n") if p.strip()]
    if not parts:
        return within
    lo = index.text.find(parts[0], max(within.start, after), within.end)
    if lo < 0:
        return within
    hi = index.text.find(parts[-1], lo, within.end) if len(parts) > 1 else lo
    return within if hi < 0 else index.chars_span(lo, hi + len(parts[-1]))


@settings(max_examples=800, deadline=None)
@given(_TEXTS, _TEXTS, st.data())
def test_locate_answers_as_a_search(text: str, other: str, data: st.DataObject) -> None:
    """`LineIndex.locate` turns down a fragment holding markup (or a non-ASCII character) its
    text lacks without searching: the answer must be the search's. Fragments are cut from the
    text (found) or from another (found or not), in an ASCII text or not."""
    for page in (text, text.encode("ascii", "ignore").decode()):
        index = LineIndex(page, "p")
        within = index.whole()
        for source in (page, other):
            a = data.draw(st.integers(0, len(source)))
            fragment = source[a : data.draw(st.integers(a, len(source)))]
            after = data.draw(st.integers(0, len(page)))
            expected = _locate_before(index, within, fragment, after)
            assert index.locate(within, fragment, after) == expected
