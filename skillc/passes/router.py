"""An offline lexical router: which skill of a library a request goes to, by BM25.

An agent picks a skill from its name and description alone (the catalogue); a lexical router
over the same text is the cheapest stand-in that needs no model, no network and no API key, and
it fails the way descriptions fail: a request whose words no description holds goes nowhere, and
two descriptions with the same words are confused. SkillReducer's routing oracle ranks a target
against its TF-IDF nearest neighbours; this one ranks it against the whole library.

Scoring is Okapi BM25 (k1 = 1.2, b = 0.75) over the words of ``name`` (split at hyphens) and
``description``, lower-cased and NFKC-normalised, English function words and routing boilerplate
dropped (the stop list of lint rule SC105), a plural ``-s`` folded onto the singular; CJK text
is read one character per word. A request is routed to the best-scoring skill; ties go to the
first name, and a request no skill scores above zero triggers none. Deterministic; cost linear
in the library's text per request.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from skillc.lint.rules.routing.similar_descriptions import STOP_WORDS, singular

K1 = 1.2
B = 0.75

_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def terms(text: str) -> list[str]:
    """The words BM25 counts in ``text``.

    >>> terms("Use when the user runs Tests on PDFs")
    ['run', 'test', 'pdf']
    """
    text = unicodedata.normalize("NFKC", text).lower()
    found: list[str] = []
    for part in map(_word_terms, _WORD.findall(text)):
        found += part
    return found


@lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> tuple[str, ...]:
    """The terms one word of `terms` gives: its CJK characters, or its singular unless that is
    a stop word or one letter. Cached per word: routing splits the same words a million times
    per build (every candidate description against every request)."""
    if _CJK.search(word):
        return tuple(c for c in word if not c.isspace())
    if word in STOP_WORDS:  # before the plural is folded: "does" is not the plural of "doe"
        return ()
    word = singular(word)
    return (word,) if word not in STOP_WORDS and len(word) > 1 else ()


@dataclass(slots=True)
class Router:
    """BM25 over one library: ``docs`` maps each skill name to the text it is routed by.

    An inverted index (term -> skills) keeps a request's cost to the skills that share its
    words; `replace` gives the library with one text changed without reading the others again,
    so trying many candidate descriptions of one skill costs what the candidates cost.
    """

    docs: Mapping[str, str]
    _tf: dict[str, Counter[str]] = field(default_factory=dict, init=False)
    _len: dict[str, int] = field(default_factory=dict, init=False)
    _df: Counter[str] = field(default_factory=Counter, init=False)
    _post: dict[str, frozenset[str]] = field(default_factory=dict, init=False)
    _total: int = field(default=0, init=False)
    #: Each term's BM25 share per holder in the library as it is (`_shares_of`), filled as
    #: requests ask for terms and emptied by `update`.
    _shares: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        postings: dict[str, set[str]] = {}
        for name in sorted(self.docs):
            tf = counts(name, self.docs[name])
            self._tf[name], self._len[name] = tf, sum(tf.values())
            self._df.update(tf.keys())
            for word in tf:
                postings.setdefault(word, set()).add(name)
        self._post = {word: frozenset(names) for word, names in postings.items()}
        self._total = sum(self._len.values())

    def replace(self, name: str, text: str) -> Router:
        """This library with ``name``'s text replaced by ``text`` (others not re-read); this
        one is left as it is."""
        other = Router({})
        other.docs = dict(self.docs)
        other._tf, other._len, other._df = dict(self._tf), dict(self._len), self._df.copy()
        other._post, other._total = dict(self._post), self._total
        other.update(name, text)
        return other

    def update(self, name: str, text: str) -> None:
        """Replace ``name``'s text by ``text`` in place: only the changed terms' entries are
        touched, so a caller changing one description at a time (`route_terms.sharpen`)
        does not copy the whole index per change as `replace` does."""
        self.docs = {**self.docs, name: text}  # the caller's mapping is not changed
        self._shares.clear()  # the average length changes: every share does
        old = self._tf.get(name, Counter())
        new = counts(name, text)
        self._tf[name] = new
        self._total += sum(new.values()) - self._len.get(name, 0)
        self._len[name] = sum(new.values())
        self._df.subtract(old.keys())
        self._df.update(new.keys())
        for word in old.keys() - new.keys():
            self._post[word] = self._post[word] - {name}
        for word in new.keys() - old.keys():
            self._post[word] = self._post.get(word, frozenset()) | {name}

    def counts_of(self, name: str) -> Counter[str]:
        """The terms ``name``'s current text is routed by (`counts`); empty for no such skill.
        Not to be changed by the caller."""
        return self._tf.get(name, Counter())

    def scores(self, query: str) -> dict[str, float]:
        """The BM25 score for ``query`` of each skill sharing one of its words (others: 0)."""
        return self._scores(terms(query), "", None)

    def scores_as(self, query: str, name: str, text: str) -> dict[str, float]:
        """`scores` as if ``name``'s text were ``text``: what `replace` would give, without
        copying the index (trying a word on one description costs one request)."""
        return self._scores(terms(query), name, counts(name, text))

    def scores_of_terms(
        self, words: list[str], name: str = "", text_counts: Counter[str] | None = None
    ) -> dict[str, float]:
        """`scores` (or `scores_as`, given ``name`` and its text's `counts`) of a request
        already split into its `terms`: a caller asking many requests against one candidate
        text splits each request and the text once, not once per pair."""
        return self._scores(words, name, text_counts)

    def frequency(self, word: str) -> int:
        """How many skills' texts hold ``word`` (a term as `terms` gives it)."""
        return self._df[word]

    def _scores(self, words: list[str], name: str, tf: Counter[str] | None) -> dict[str, float]:
        if tf is None:
            return self._scores_as_is(words)
        own = sum(tf.values())
        old = self._tf.get(name, Counter())
        count_docs = len(self._tf) + (name not in self._tf)
        total = self._total + own - self._len.get(name, 0)
        avg = (total / count_docs) if count_docs and total else 1.0
        result: dict[str, float] = {}
        for word in words:
            holders = self._post.get(word, frozenset())
            df = self._df[word]
            if (word in tf) != (word in old):
                holders, df = (holders | {name}, df + 1) if word in tf else (holders, df - 1)
            if not holders:
                continue
            idf = math.log(1 + (count_docs - df + 0.5) / (df + 0.5))
            if name not in holders:
                self._add(result, (word, idf, avg), holders)
                continue
            self._add(result, (word, idf, avg), holders - {name})
            count = tf[word]
            if count:
                norm = count + K1 * (1 - B + B * own / avg)
                result[name] = result.get(name, 0.0) + idf * count * (K1 + 1) / norm
        return result

    def _scores_as_is(self, words: list[str]) -> dict[str, float]:
        """`_scores` of the library as it is: each term's shares are computed once per state
        of the library (`_shares_of`) and then only added up. The failing check of
        `route_terms.sharpen` asks every heading of a skill against one state (python-doc:
        126,000 requests per build over a few thousand terms). Each share is the same product
        `_add` computes, added in the same order, so the scores are the same floats."""
        result: dict[str, float] = {}
        get = result.get
        shares, find = self._shares, self._shares.get
        for word in words:
            found = find(word)
            if found is None:
                found = shares[word] = self._shares_of(word)
            for holder, share in found:
                result[holder] = get(holder, 0.0) + share
        return result

    def _shares_of(self, word: str) -> tuple[tuple[str, float], ...]:
        """Each holder of ``word`` with its BM25 share for it, in the library as it is."""
        holders = self._post.get(word, frozenset())
        if not holders:
            return ()
        count_docs, total = len(self._tf), self._total
        avg = (total / count_docs) if count_docs and total else 1.0
        idf = math.log(1 + (count_docs - self._df[word] + 0.5) / (self._df[word] + 0.5))
        found: dict[str, float] = {}
        self._add(found, (word, idf, avg), holders)
        return tuple(found.items())

    def _add(
        self, result: dict[str, float], term: tuple[str, float, float], holders: frozenset[str]
    ) -> None:
        """Add to ``result`` each of ``holders``' BM25 share for ``term``: (word, its idf, the
        average text length). The hot loop of routing: names bound locally, one lookup each."""
        word, idf, avg = term
        tfs, lengths, get = self._tf, self._len, result.get
        k1, b, boost = K1, B, K1 + 1
        for holder in holders:
            count = tfs[holder][word]
            norm = count + k1 * (1 - b + b * lengths[holder] / avg)
            result[holder] = get(holder, 0.0) + idf * count * boost / norm

    def route(self, query: str) -> str:
        """The skill ``query`` goes to, or ``""`` when no skill scores above zero."""
        scored = self.scores(query)
        best = max(scored.values(), default=0.0)
        if best <= 0:
            return ""
        return min(name for name, score in scored.items() if score == best)


def counts(name: str, text: str) -> Counter[str]:
    """The terms skill ``name`` is routed by, with ``text`` as its description, counted."""
    shown = name.rsplit("/", 1)[-1].replace("-", " ")  # a folder path: its last part
    return Counter(terms(f"{shown} {text}"))


def recall(router: Router, name: str, queries: Sequence[str]) -> float:
    """The share of ``queries`` that ``router`` sends to ``name`` (1.0 for no queries)."""
    if not queries:
        return 1.0
    return sum(router.route(q) == name for q in queries) / len(queries)
