"""SC105: two skills of one tree whose names and descriptions a lexical router would confuse."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.routing._description import Description, description, skill_name
from skillc.package.model import Package

#: Cosine similarity of TF-IDF vectors at or above which two skills are reported (calibration in
#: the rule's documentation).
THRESHOLD = 0.5

_WORD = re.compile(r"[^\W_]+")
#: English function words (with what is left of a contraction cut at its apostrophe: "aren",
#: "won", "re"), plus the words every description uses to talk about routing: they say nothing
#: about which skill a request is for.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either etc few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just may me might more most must my no nor not of off on once only or other our out
    over own same shall she should so some such than that the their them then there these they
    this those through to too under until up upon very via was we were what whatever when
    whenever where whether which while who whom why will with within without would you your
    eg ie
    aren isn wasn weren don doesn didn won wouldn couldn shouldn haven hasn hadn ll re ve
    use used uses using user users ask asks asked asking skill skills claude agent agents
    assistant help helps helping task tasks work works working need needs needed want wants
    mention mentions mentioned request requests requested include includes including like
    provide provides provided support supports handle handles anything something various
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


class _Vectored(Protocol):
    @property
    def vector(self) -> dict[str, float]: ...


class _Vector(NamedTuple):
    vector: dict[str, float]


class _Doc(NamedTuple):
    pkg: Package
    name: str
    label: str  # how the other skill is named: with its folder when two skills share a name
    found: Description
    vector: dict[str, float]


@rule("SC105", "similar-descriptions", severity=Severity.WARNING, scope="tree")
def check(packages: Sequence[Package]) -> Iterator[Diagnostic]:
    """Two skills linted together have names and descriptions a router would confuse.

    ## What it checks
    For every pair of skills in one run that both have a string description, the cosine
    similarity of their TF-IDF vectors. A skill's text is its name (split at hyphens) plus its
    description, lower-cased (NFKC) and cut into words; English function words and routing
    boilerplate ("use", "when", "user", "skill", "agent", "task"...) are dropped and a plural
    `-s`/`-ies` is folded onto the singular. Term frequency is the raw count; inverse document
    frequency is the smoothed `ln((1 + N) / (1 + df)) + 1` over the skills of the run; vectors
    are L2-normalised. Each skill with at least one other at or above the threshold gets one
    finding naming its closest neighbour and how many more collide (related spans point at up to
    five of them): one finding per skill, not per pair, so a tree of 400 look-alike pages gives
    400 findings rather than 80,000.

    The threshold, 0.5, was calibrated on 88 real descriptions: the 48 skills of
    `corpora/skills`, 33 skills from public repositories (Anthropic's document skills among
    them) and 7 forks or versions of those. Every pair of unrelated skills scored below 0.41
    (the highest: two skills of one issue-tracking suite; `docx` and `pptx`, written from one
    template, scored 0.28). Forks and versions of one skill scored 0.59-0.98, in the full set
    and in trees of 2-4 skills (where scores run lower, since shared words weigh more). Twins
    rewritten in other words (0.28-0.46) or translated are beyond a lexical measure.

    ## Why it matters
    A router sees only names and descriptions. When two read alike, which one runs depends on
    wording luck: one skill shadows the other, or they take turns. Lexical overlap is what
    keyword and embedding routers both key on, so this is a cheap, offline proxy for "would be
    confused".

    ## Example
    `pdf-tools`: "Extracts text and tables from PDF files and fills PDF forms." next to
    `pdf-helper`: "Extracts tables and text from PDF files; fills in PDF forms."

    ## Fix
    Merge the two skills, or make each description say what only it does and when the other
    one should be used instead ("For scanned PDFs use `pdf-ocr`").
    """
    docs = _documents(packages)
    if len(docs) < 2:
        return
    neighbours: dict[int, list[tuple[float, int]]] = {}
    for (i, j), score in _similar_pairs(docs).items():
        if score >= THRESHOLD:
            neighbours.setdefault(i, []).append((score, j))
            neighbours.setdefault(j, []).append((score, i))
    for i in sorted(neighbours):
        ranked = sorted(neighbours[i], key=lambda pair: (-pair[0], docs[pair[1]].label))
        this, (score, closest) = docs[i], ranked[0]
        more = f" and {len(ranked) - 1} more" if len(ranked) > 1 else ""
        message = (
            f"description of {this.name} is {score:.2f} similar to that of "
            f"{docs[closest].label}{more} (threshold {THRESHOLD}), so a router may confuse them"
        )
        related = tuple(
            (docs[j].found.span, f"the description of {docs[j].label}") for _, j in ranked[:5]
        )
        yield diagnostic("SC105", message, span=this.found.span, related=related)


def _documents(packages: Sequence[Package]) -> list[_Doc]:
    """One weighted vector per package with a string description, in a stable order."""
    texts: list[tuple[Package, str, Description, list[str]]] = []
    seen_roots: set[str] = set()
    for pkg in sorted(packages, key=lambda p: (p.display, str(p.root))):
        found = description(pkg)
        root = str(pkg.root.resolve())
        if found is None or root in seen_roots:
            continue
        seen_roots.add(root)
        name = skill_name(pkg)
        texts.append((pkg, name, found, terms(name.replace("-", " ") + " " + found.text)))
    frequency: dict[str, int] = {}
    for *_, words in texts:
        for word in set(words):
            frequency[word] = frequency.get(word, 0) + 1
    total = len(texts)
    idf = {w: math.log((1 + total) / (1 + n)) + 1 for w, n in frequency.items()}
    names = Counter(name for _, name, _, _ in texts)
    return [
        # Two skills of one name (an English and a translated copy) are told apart by folder.
        _Doc(pkg, name, f"{name} in {pkg.display}" if names[name] > 1 else name, found, vector)
        for (pkg, name, found, words), vector in zip(
            texts, (_vector(words, idf) for *_, words in texts), strict=True
        )
    ]


def terms(text: str) -> list[str]:
    """The words of ``text`` that tell skills apart (see the rule's documentation).

    >>> terms("Extracts tables from PDFs. Use when the user asks")
    ['extract', 'table', 'pdf']
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    return [singular(w) for w in words if w not in STOP_WORDS and len(w) > 1]


def worded_terms(text: str) -> list[tuple[str, str]]:
    """Each of `terms` of ``text`` beside the word it was made from, as written in lowercase:
    what a description shows ("classes") rather than the term the rule counts ("classe").

    >>> worded_terms("Nested Classes")
    [('nested', 'nested'), ('classes', 'classe')]
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    return [(w, singular(w)) for w in words if w not in STOP_WORDS and len(w) > 1]


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """A plural's singular, the crude English way (``queries`` -> ``query``, ``pdfs`` ->
    ``pdf``, ``class`` kept), so the lint rule and the router count one term for both.
    Cached: a build asks it a million times, mostly of the same few thousand words."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def similarities(texts: Sequence[list[str]]) -> dict[tuple[int, int], float]:
    """The rule's similarity of every pair of ``texts`` (each one's `terms`) that may reach
    `THRESHOLD`, by index: for a build to tell apart what this rule would report."""
    frequency: Counter[str] = Counter(w for words in texts for w in set(words))
    idf = {w: math.log((1 + len(texts)) / (1 + n)) + 1 for w, n in frequency.items()}
    return _similar_pairs([_Vector(_vector(words, idf)) for words in texts])


def _vector(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    weights = {w: n * idf[w] for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def _similar_pairs(docs: Sequence[_Vectored]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair that may reach `THRESHOLD` (at least every pair that
    does), found without comparing every pair: words shared by most skills ("install", a
    library's name) made a tree of 4,000 skills score 8 million pairs.

    This is the all-pairs search of Bayardo, Ma and Srikant (WWW 2007): words are ordered from
    the most to the least common, and each skill is indexed only under its rarer words, from
    the first at which its more common ones, each weighted by the most any skill gives it, could
    no longer add up to the threshold. Two skills at or above it then share an indexed word of
    the earlier one. A candidate's score is summed over the shared words in the order in which
    they first appear, as a dot product over an index of every word sums it.
    """
    first, common = _word_order(docs)
    ceiling: dict[str, float] = {}
    for doc in docs:
        for word, weight in doc.vector.items():
            ceiling[word] = max(ceiling.get(word, 0.0), weight)
    postings: dict[str, list[int]] = {}
    scores: dict[tuple[int, int], float] = {}
    for j, doc in enumerate(docs):
        candidates = {i for word in doc.vector for i in postings.get(word, ())}
        for i in sorted(candidates):
            scores[(i, j)] = _dot(docs[i].vector, doc.vector, first)
        bound = 0.0
        for word in sorted(doc.vector, key=common.__getitem__):
            bound += doc.vector[word] * ceiling[word]
            if bound >= THRESHOLD - _SLACK:
                postings.setdefault(word, []).append(j)
    return scores


#: Rounding the bound may not cost a pair: skills are indexed a little early.
_SLACK = 1e-9


def _word_order(docs: Sequence[_Vectored]) -> tuple[dict[str, int], dict[str, int]]:
    """Each word's rank in order of first appearance, and from the most to the least common
    (ties in order of first appearance)."""
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for doc in docs:
        for word in doc.vector:
            first.setdefault(word, len(first))
            count[word] = count.get(word, 0) + 1
    ranked = sorted(first, key=lambda word: (-count[word], first[word]))
    return first, {word: rank for rank, word in enumerate(ranked)}


def _dot(a: dict[str, float], b: dict[str, float], first: dict[str, int]) -> float:
    """The dot product, summed in order of the words' first appearance."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = sorted((w for w in small if w in large), key=first.__getitem__)
    score = 0.0
    for word in shared:
        score += a[word] * b[word]
    return score
