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

The parts asked of any package so far (`_VOCABULARY`, the same few hundred rule keywords in
every scan) are looked for together, in one regular-expression pass over the tokens (`parts_in`),
rather than one ``str.find`` each; a part first asked later is looked for on its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

#: Joins the tokens: no token holds it (it is not whitespace, but a word holding it can only
#: be kept wrongly, never dropped wrongly: `WordIndex` stays a necessary condition).
_SEPARATOR = "\x00"


_Trie = dict[str, "_Trie"]

#: The length of a package's token text from which its parts are looked for in one pass.
BATCH_AT = 50_000

#: Every part asked of an index so far (the rules' keywords); grows, never shrinks.
_VOCABULARY: set[str] = set()
_VOCABULARY_LOCK = threading.Lock()


def parts_in(text: str, parts: frozenset[str]) -> set[str]:
    """The strings of ``parts`` that occur in ``text``, in one pass: at each position the
    pattern matches the longest part starting there, and the parts that are prefixes of it
    start there too."""
    if not parts:
        return set()
    pattern, prefixes = _matcher(parts)
    found: set[str] = set()
    for longest in set(pattern.findall(text)):
        found.update(prefixes[longest])
    return found


@lru_cache(maxsize=8)
def _matcher(parts: frozenset[str]) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A look-ahead over a trie of ``parts`` (so every position is tried, and the longest part
    at each wins: the trie tries longer paths first), and each part's prefixes among them."""
    trie: _Trie = {}
    for part in parts:
        node = trie
        for char in part:
            node = node.setdefault(char, {})
        node[""] = {}
    prefixes = {part: tuple(p for p in parts if part.startswith(p)) for part in parts}
    return re.compile(f"(?=({_alternation(trie)}))"), prefixes


def _alternation(node: _Trie) -> str:
    """The expression matching the longest path of ``node`` ("" marks a part's end; the
    branches start with distinct characters, so trying them in turn finds that path)."""
    branches = [re.escape(c) + _alternation(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


class WordIndex:
    """The tokens of a package's views, and the words already asked of them."""

    __slots__ = ("_batched", "_kept", "_parts", "_tokens")

    def __init__(self, texts: Iterable[str]) -> None:
        tokens: set[str] = set()
        for text in texts:
            tokens.update(text.split())
        # Set order varies with the hash seed; only substring tests read this text, and
        # their answers do not depend on the order.
        self._tokens = _SEPARATOR.join(tokens)
        self._parts: dict[str, bool] = {}
        self._kept: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._batched = False

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
            if not self._batched:
                self._batch()
                found = self._parts.get(part)
            if found is None:
                found = self._parts[part] = part in self._tokens
                with _VOCABULARY_LOCK:
                    _VOCABULARY.add(part)
        return found

    def _batch(self) -> None:
        """Look for every part of the vocabulary at once (on the first question), when the
        tokens are long enough for one pass to beat a ``str.find`` per part (compiling the
        pattern, ~35 ms for the rules' keywords, is paid again whenever the vocabulary grew)."""
        self._batched = True
        if len(self._tokens) < BATCH_AT:
            return
        with _VOCABULARY_LOCK:
            vocabulary = frozenset(_VOCABULARY)
        if vocabulary:
            present = parts_in(self._tokens, vocabulary)
            self._parts.update((part, part in present) for part in vocabulary)
