"""Descriptions of one library that a lexical router would confuse lose the "Also:" words
they share.

Why: a generated description ends with "Also: <words>", the page's distinctive words beyond
its headings (`skillc.passes.compress_description`). Two chapters that document look-alike
APIs list the same method names there: python's email chapters at chapter grain each hold
a ``Message`` class (the compat32 one and the current one), and their "Also:" lists shared
``get walk epilogue preamble multipart params unixfrom delitem setitem getitem ...``, which
made the two descriptions 0.52 alike to lint's SC105 (threshold 0.5). A word both list
cannot tell them apart; it goes from one of the lists (a router still finds it in the other),
the pair's other words stay.

Only the "Also:" tail is touched: the first sentence (what the skill covers) and its "Use
when" triggers are kept whole. Pairs are found with the rule's own measure
(`skillc.lint.rules.routing.similar_descriptions.similarities`), over the skills of the
build, and a pair is handled until it is below the threshold or its lists share nothing.
Deterministic: skills and words are taken in their order.
"""

from __future__ import annotations

from collections.abc import Sequence

from skillc.lint.rules.routing.similar_descriptions import THRESHOLD, similarities, terms

#: What opens a generated description's list of further words.
ALSO = " Also: "
#: Rounds at most: each removes words, so the pairs' similarity only falls.
ROUNDS = 4


def apart(
    names: Sequence[str], descriptions: Sequence[str], generated: Sequence[bool] | None = None
) -> list[str]:
    """``descriptions`` (of skills named ``names``) with the "Also:" words of each pair a
    router would confuse removed from one of them where both list them; only those
    ``generated`` (default: all) are changed: a description someone wrote is theirs.

    >>> apart(["a-x", "b-y"], ["Covers x. Also: get walk zeta.", "Covers y. Also: get walk."])
    ['Covers x. Also: zeta.', 'Covers y. Also: get walk.']
    """
    texts = list(descriptions)
    mine = list(generated) if generated is not None else [True] * len(texts)
    for _ in range(ROUNDS):
        words = [terms(n.replace("-", " ") + " " + t) for n, t in zip(names, texts, strict=True)]
        close = sorted(pair for pair, score in similarities(words).items() if score >= THRESHOLD)
        changed = False
        for i, j in close:
            if not (mine[i] and mine[j]):
                continue
            first, second = _without_shared(texts[i], texts[j])
            changed = changed or (first, second) != (texts[i], texts[j])
            texts[i], texts[j] = first, second
        if not changed:
            break
    return texts


def _without_shared(one: str, other: str) -> tuple[str, str]:
    """``one`` and ``other``, the one with the longer "Also:" list (``other`` on a tie)
    without the words both list. Only shared words add to the rule's similarity, so taking
    them from one side is enough; the other keeps them for the requests that name them (the
    two Message classes' ``walk()`` sections are in both chapters: either is right)."""
    head_one, also_one = _split(one)
    head_two, also_two = _split(other)
    shared = {terms(w)[0] for w in also_one if terms(w)} & {
        terms(w)[0] for w in also_two if terms(w)
    }
    if not shared:
        return one, other
    if len(also_one) > len(also_two):
        return _joined(head_one, also_one, shared), other
    return one, _joined(head_two, also_two, shared)


def _split(text: str) -> tuple[str, list[str]]:
    """The description before its "Also:" list, and the list's words (none: ``[]``)."""
    head, found, tail = text.rpartition(ALSO)
    if not found or not tail.endswith("."):
        return text, []
    return head, tail[:-1].split()


def _joined(head: str, words: list[str], shared: set[str]) -> str:
    kept = [w for w in words if not terms(w) or terms(w)[0] not in shared]
    if not words:
        return head
    return f"{head}{ALSO}{' '.join(kept)}." if kept else head
