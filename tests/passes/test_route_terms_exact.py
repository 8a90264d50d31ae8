"""route-terms' shortcuts give exactly what routing every heading again would (issue 15).

`sharpen` routes again only the failing headings that hold a word a candidate adds, splits only
the appended words of a longer description, and updates its router in place; each shortcut is
checked here against the plain computation on generated libraries.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.passes.route_terms import (
    Split,
    _counts_after,
    _holding,
    _Limit,
    _now_reached,
    _reached,
    _with_word,
    _words,
)
from skillc.passes.router import Router, counts, terms

#: Few words, so that skills share them and routes are close (ties, near-ties).
VOCABULARY = ["font", "table", "page", "style", "custom", "canvas", "Σίσυφος", "v2.1", "data"]
_words_of = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(" ".join)
_library = st.lists(_words_of, min_size=2, max_size=7)


def _names(count: int) -> list[str]:
    return [f"skill-{i}" for i in range(count)]


def _routed(texts: list[str], which: int) -> tuple[list[str], str, Router]:
    """The skills' names, the one ``which`` picks, and a router over ``texts``."""
    names = _names(len(texts))
    return names, names[which % len(names)], Router(dict(zip(names, texts, strict=True)))


@settings(max_examples=60, deadline=None)
@given(_library, st.integers(min_value=0), _words_of, st.lists(_words_of, max_size=5))
def test_update_in_place_routes_as_a_new_router(
    texts: list[str], which: int, text: str, queries: list[str]
) -> None:
    names, name, router = _routed(texts, which)
    copied = router.replace(name, text)
    router.update(name, text)
    fresh = Router({**dict(zip(names, texts, strict=True)), name: text})
    for query in queries:
        assert router.scores(query) == fresh.scores(query) == copied.scores(query)


@settings(max_examples=60, deadline=None)
@given(_library, st.integers(min_value=0), _words_of, st.lists(_words_of, min_size=1, max_size=5))
def test_shares_kept_per_state_score_as_computing_them_again(
    texts: list[str], which: int, text: str, queries: list[str]
) -> None:
    # `scores` adds up each term's shares kept for the library as it is; the request "as if
    # a skill's text were its own" computes every share again. Same floats, before and after
    # an update empties what was kept (a share kept across an update would be stale).
    names, name, router = _routed(texts, which)
    for step in ("kept", "again", "updated"):
        if step == "updated":
            router.update(name, text)
        for query in queries:
            words = terms(query)
            for other in names:
                computed = router.scores_of_terms(words, other, router.counts_of(other))
                assert router.scores_of_terms(words) == computed, (step, query, other)


@settings(max_examples=60, deadline=None)
@given(_words_of, _words_of, st.booleans())
def test_counts_after_an_appended_word_are_the_counts_of_the_whole(
    text: str, word: str, stop: bool
) -> None:
    text = f"{text}." if stop else text
    before = counts("pdf-fonts", text)
    for longer in (_with_word(text, word), _with_word(_with_word(text, word), word)):
        after, added = _counts_after("pdf-fonts", (text, before), longer)
        assert after == counts("pdf-fonts", longer)
        assert added is not None  # appended: the added terms are told, and are what grew
        assert set(added) == {t for t, c in after.items() if c != before[t]}
    assert _counts_after("a", ("x y.", counts("a", "x y.")), "z w") == (counts("a", "z w"), None)


@settings(max_examples=80, deadline=None)
@given(_words_of, _words_of, st.integers(min_value=0, max_value=40), st.integers(0, 1100))
def test_a_description_that_spent_all_takes_no_word(
    text: str, word: str, tokens: int, padding: int
) -> None:
    """`sharpen` skips a skill whose limit is `spent_all` without routing its headings:
    sound only if no word would fit it (by characters or by tokens)."""
    text = f"{'x' * padding} {text}"
    limit = _Limit(tokens, text)
    if limit.spent_all(text):
        assert not limit.fits(_with_word(text, word), limit.cost(text, word))


@settings(max_examples=80, deadline=None)
@given(_library, st.integers(min_value=0), st.lists(_words_of, min_size=1, max_size=8), _words_of)
def test_only_headings_holding_an_added_word_change_their_route(
    texts: list[str], which: int, headings: list[str], word: str
) -> None:
    _, name, router = _routed(texts, which)
    split = Split({q: terms(q) for q in headings}, {q: _words(q) for q in headings})
    failing = list(dict.fromkeys(q for q in headings if not _reached(router, split.terms[q], name)))
    text, before = router.docs[name], router.counts_of(name)
    after, added = _counts_after(name, (text, before), _with_word(text, word))
    expected = {q for q in failing if _reached(router, split.terms[q], name, after)}
    for told in (added, None):  # the added terms told, or found by comparing the counts
        change = (before, after, told)
        assert _now_reached(router, name, failing, (split, _holding(failing, split)), change) == (
            expected
        )


def test_a_removed_word_routes_every_failing_heading_again() -> None:
    names = _names(3)
    router = Router(dict(zip(names, ["font table", "font", "table page"], strict=True)))
    split = Split({"Font": terms("Font")}, {"Font": _words("Font")})
    shorter = Counter(terms("skill 0"))  # the description emptied: no word added
    fixed = _now_reached(
        router, "skill-0", ["Font"], (split, {}), (router.counts_of("skill-0"), shorter, None)
    )
    assert fixed == set()  # "font" gone from skill-0: it cannot win "Font" now
    assert router.counts_of("skill-0")["font"] == 1
