"""The substring pre-checks of `classify.constraint_kind` never change its answer.

Why: the constraint patterns run on every sentence a guide frontend reads, so each is guarded
by words one of its alternatives must hold (``_CONSTRAINT_WORDS``), and each alternative,
searched on its own, by its own words (``_PROHIBITIONS``, ``_REQUIREMENTS``). A pattern
alternative added without its word would silently stop matching; these tests compare the
guarded function with the bare alternations on sentences built from their own keywords, and
pin a sentence per alternative.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.guide import classify
from skillc.ir import ConstraintKind

# Every keyword the patterns spell, plus words near them that must not match.
_WORDS = (
    "never", "do", "not", "don't", "avoid", "must", "should", "shall", "mustn't", "shouldn't",
    "allowed", "always", "only", "you", "we", "'ll", "will", "may", "might", "also", "still",
    "need", "have", "to", "is", "are", "be", "required", "requires", "require", "can", "n't",
    "before", "Before", "the", "file", "Run", "it", "NOT", "Never", "ALWAYS", ",", ", ", " ",
    "needs", "haven't", "notably", "onlyx", "Musty", "cannot", "isn't",
)  # fmt: skip


def _unguarded(text: str) -> ConstraintKind | None:
    """`constraint_kind` as it was before the pre-checks: the bare patterns."""
    lowered = text.lower().strip()
    if re.match(r"^before\b", lowered):
        return ConstraintKind.PREREQUISITE
    if classify._PROHIBITION.search(lowered):
        return ConstraintKind.PROHIBITION
    if classify._REQUIREMENT.search(lowered):
        return ConstraintKind.REQUIREMENT
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join))
def test_guarded_patterns_answer_as_the_bare_ones(sentence: str) -> None:
    assert classify.constraint_kind(sentence, False) is _unguarded(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Never commit the token.", ConstraintKind.PROHIBITION),
        ("Do not run it as root.", ConstraintKind.PROHIBITION),
        ("Don't edit the lock.", ConstraintKind.PROHIBITION),
        ("Avoid global state.", ConstraintKind.PROHIBITION),
        ("The key must not be shared.", ConstraintKind.PROHIBITION),
        ("Tests should never sleep.", ConstraintKind.PROHIBITION),
        ("You mustn't skip this.", ConstraintKind.PROHIBITION),
        ("Writes are not allowed here.", ConstraintKind.PROHIBITION),
        ("Always pin versions.", ConstraintKind.REQUIREMENT),
        ("Only the owner may push.", ConstraintKind.REQUIREMENT),
        ("The name must be unique.", ConstraintKind.REQUIREMENT),
        ("You will need to export the key.", ConstraintKind.REQUIREMENT),
        ("We have to restart it.", ConstraintKind.REQUIREMENT),
        ("A token is required.", ConstraintKind.REQUIREMENT),
        ("This requires Python 3.11.", ConstraintKind.REQUIREMENT),
        ("Before you begin, install it.", ConstraintKind.PREREQUISITE),
        ("Click has to reopen the stream.", None),
        ("The parser reads the file.", None),
    ],
)
def test_each_alternative_still_matches(sentence: str, kind: ConstraintKind | None) -> None:
    assert classify.constraint_kind(sentence, False) is kind
