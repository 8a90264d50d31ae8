"""The passes' patterns written for speed (first-letter trees, a leading character class) find
exactly what the plain alternations they replaced find, case folding and word edges included."""

from __future__ import annotations

import random
import re

import pytest

from skillc.passes.classify_content import _MARKUP, _RULE_MARKERS, _THRESHOLD
from skillc.passes.select_skills import _LEGAL_WORDS

_PLAIN_RULE_MARKERS = re.compile(
    r"\b(must|should|shall|never|always|(is|are) required|do not|don't|make sure|be sure|"
    r"ensure|avoid|note that|note:|important|warning|caution|need to|have to)\b",
    re.IGNORECASE,
)
_PLAIN_THRESHOLD = re.compile(
    r"\b(at most|at least|no more than|up to|less than|more than|fewer than|maximum of|"
    r"minimum of|exceeds?|within)\s+\d|"
    r"\b\d+(\.\d+)?\s?(%|ms|s|sec|seconds?|minutes?|mins?|hours?|days?|[kmgt]i?b|bytes?|"
    r"chars?|characters|lines|tokens|px)(?!\w)",
    re.IGNORECASE,
)
_PLAIN_LEGAL_WORDS = re.compile(r"\bcopyright\b|\blicen[cs]|\bwarrant", re.IGNORECASE)
_PLAIN_MARKUP = re.compile(r"[*_`>#\[\]]+|\{[a-z:-]+\}")

#: Pieces the texts are made of: every phrase, near misses, and the characters that match an
#: ASCII letter only when case is ignored (dotted and dotless i, long s, Kelvin sign).
_PIECES = [
    "must",
    "should",
    "shall",
    "never",
    "always",
    "is required",
    "are required",
    "do not",
    "don't",
    "make sure",
    "be sure",
    "ensure",
    "avoid",
    "note that",
    "note:",
    "important",
    "warning",
    "caution",
    "need to",
    "have to",
    "mustard",
    "xmust",
    "at most",
    "at least",
    "no more than",
    "up to",
    "less than",
    "more than",
    "fewer than",
    "maximum of",
    "minimum of",
    "exceed",
    "exceeds",
    "within",
    "copyright",
    "copyrights",
    "licence",
    "license",
    "warrant",
    "3",
    "12.5",
    "\u0663",
    "10%",
    "5 MB",
    "5MiB",
    "7kb",
    "20 s",
    "30sec",
    "2 seconds",
    "4 mins",
    "500 lines",
    "7 tokens",
    "12px",
    "*",
    "**",
    "_x_",
    "`",
    "``",
    ">",
    "#",
    "[",
    "]",
    "{",
    "}",
    "{ref}",
    "{a:b-c}",
    "{A}",
    "{}",
    "{ref x}",
    "-",
    ":",
    "\u0130",
    "\u0131",
    "\u017f",
    "\u212a",
    "\u00e9",
    "_",
]
_JOINS = ["", " ", "  ", "\n", "x", "_", ".", "\u00e9", "5", ":", "{", "\u017f", "\u0130"]


def _texts(count: int) -> list[str]:
    rng = random.Random(11)
    texts = []
    for _ in range(count):
        pieces = (rng.choice(_PIECES) + rng.choice(_JOINS) for _ in range(rng.randint(1, 6)))
        texts.append("".join(c.upper() if rng.random() < 0.3 else c for c in "".join(pieces)))
    return texts


@pytest.mark.parametrize(
    ("fast", "plain"),
    [
        (_RULE_MARKERS, _PLAIN_RULE_MARKERS),
        (_THRESHOLD, _PLAIN_THRESHOLD),
        (_LEGAL_WORDS, _PLAIN_LEGAL_WORDS),
    ],
)
def test_searches_find_what_the_plain_alternation_finds(
    fast: re.Pattern[str], plain: re.Pattern[str]
) -> None:
    texts = _texts(30_000)
    found = [bool(plain.search(t)) for t in texts]
    assert [bool(fast.search(t)) for t in texts] == found
    assert 0.05 < sum(found) / len(found) < 0.95  # the texts test both answers


def test_markup_is_removed_as_the_plain_alternation_removes_it() -> None:
    texts = _texts(30_000)
    assert [_MARKUP.sub("", t) for t in texts] == [_PLAIN_MARKUP.sub("", t) for t in texts]


def test_the_leading_classes_hold_every_character_that_matches_ignoring_case() -> None:
    """Why `_LEGAL_WORDS` may list C, L and W by hand: nothing else matches them ignoring case
    (only i, s and k have such characters)."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert sorted(re.findall("(?i)[clw]", everything)) == sorted("CLWclw")
