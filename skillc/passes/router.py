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

from skillc.lint.rules.routing.similar_descriptions import STOP_WORDS

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
    for word in _WORD.findall(text):
        if _CJK.search(word):
            found.extend(c for c in word if not c.isspace())
            continue
        word = _singular(word)
        if word not in STOP_WORDS and len(word) > 1:
            found.append(word)
    return found


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(slots=True)
class Router:
    """BM25 over one library: ``docs`` maps each skill name to the text it is routed by."""

    docs: Mapping[str, str]
    _tf: dict[str, Counter[str]] = field(default_factory=dict, init=False)
    _df: Counter[str] = field(default_factory=Counter, init=False)
    _avg: float = field(default=1.0, init=False)

    def __post_init__(self) -> None:
        for name in sorted(self.docs):
            shown = name.rsplit("/", 1)[-1].replace("-", " ")  # a folder path: its last part
            self._tf[name] = Counter(terms(f"{shown} {self.docs[name]}"))
            self._df.update(self._tf[name].keys())
        lengths = [sum(c.values()) for c in self._tf.values()]
        self._avg = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0

    def scores(self, query: str) -> dict[str, float]:
        """Each skill's BM25 score for ``query``."""
        words = terms(query)
        total = len(self._tf)
        result: dict[str, float] = {}
        for name, tf in self._tf.items():
            length = sum(tf.values())
            score = 0.0
            for word in words:
                count = tf.get(word, 0)
                if not count:
                    continue
                df = self._df[word]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                score += idf * count * (K1 + 1) / (count + K1 * (1 - B + B * length / self._avg))
            result[name] = score
        return result

    def route(self, query: str) -> str:
        """The skill ``query`` goes to, or ``""`` when no skill scores above zero."""
        scored = self.scores(query)
        best = max(scored.values(), default=0.0)
        if best <= 0:
            return ""
        return min(name for name, score in scored.items() if score == best)


def recall(router: Router, name: str, queries: Sequence[str]) -> float:
    """The share of ``queries`` that ``router`` sends to ``name`` (1.0 for no queries)."""
    if not queries:
        return 1.0
    return sum(router.route(q) == name for q in queries) / len(queries)


def replaced(docs: Mapping[str, str], name: str, text: str) -> dict[str, str]:
    """``docs`` with ``name``'s text replaced (a candidate description under test)."""
    changed = dict(docs)
    changed[name] = text
    return changed
