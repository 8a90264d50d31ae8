"""Which keywords a package's text can hold, decided once per package instead of once per view.

Rules look for their keywords (`View.mentions`, `View.windows`) before running their patterns.
Asked view by view, every absent keyword costs a pass over every view: on python-doc's output
(68 skills, 17 MB) 338 words were asked of ~20,000 views, 5.2 million ``str.find`` calls over
4.9 GB of text, and 99 % of the answers were "absent".

`WordIndex` answers "can this word occur in some view of the package?" from the package's
distinct whitespace-separated tokens, joined into one text (a fifth of the views' size on
python-doc, where the same words recur). A word occurs in a text only if each of its
whitespace-separated parts lies inside one token of that text, so a word with a part in no
token is in no view. The answer is a necessary condition, never a guess: a word it keeps is
still looked for in each view's own text, so what a view reports is exactly ``str.find``'s.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Joins the tokens: no token holds it (it is not whitespace, but a word holding it can only
#: be kept wrongly, never dropped wrongly: `WordIndex` stays a necessary condition).
_SEPARATOR = "\x00"


class WordIndex:
    """The tokens of a package's views, and the words already asked of them."""

    __slots__ = ("_kept", "_parts", "_tokens")

    def __init__(self, texts: Iterable[str]) -> None:
        tokens: set[str] = set()
        for text in texts:
            tokens.update(text.split())
        # Set order varies with the hash seed; only substring tests read this text, and
        # their answers do not depend on the order.
        self._tokens = _SEPARATOR.join(tokens)
        self._parts: dict[str, bool] = {}
        self._kept: dict[tuple[str, ...], tuple[str, ...]] = {}

    def may_occur(self, word: str) -> bool:
        """False when ``word`` occurs in none of the texts; True when it may."""
        return all(self._part(part) for part in word.split())

    def candidates(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The words of ``words`` that may occur, in their order (each tuple worked out once
        per package: the rules ask the same tuples of every view)."""
        kept = self._kept.get(words)
        if kept is None:
            kept = self._kept[words] = tuple(word for word in words if self.may_occur(word))
        return kept

    def _part(self, part: str) -> bool:
        found = self._parts.get(part)
        if found is None:
            found = self._parts[part] = part in self._tokens
        return found
