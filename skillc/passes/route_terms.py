"""The words a generated description still needs so that its own sections route to it.

Why: an agent asking about a section ("Prepared Requests", "2.28.1 (2022-06-29)") should find
the skill that holds it among the first few of the listing. The description's "Use when" part
names the page's few most telling headings (`skillc.passes.key_terms`), but which headings
need naming depends on the rest of the library: a heading whose words no other skill has
routes by itself; one whose words every page of the manual shares ("Custom Authentication"
beside an authentication page) loses unless the description carries them. So the router
itself decides: each skill's headings are sent to an offline BM25 router over the whole
listing (`skillc.passes.router`, the scoring lint's SC105 and the routing bench use), and for
the headings the skill does not win within `TOP` places, the words that fix the most of them
(rarest first) are added to its "Also:" list while the 1,024 characters allow, and while the
description's share of the library's listing budget allows (``limits``: tokens, when given).
The words of an "Also:" list are separated by spaces, not commas: a router reads words, and
in cl100k a comma is a token of its own (on python-doc's listing, 4,100 of 14,554 tokens).

Only generated descriptions change (a hand-written one is the author's). Deterministic: skills,
headings and words are visited in a fixed order and ties break by name. Cost: each heading is
routed once per round plus once per word added for it, and a route reads only the skills
sharing one of its words, so the pass is linear in the library's headings for a bounded
number of words per description.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillc.ir.inline import plain
from skillc.ir.nodes import Heading, Skill
from skillc.ir.vocab import Placement
from skillc.passes.key_terms import (
    BOILERPLATE,
    SIGNATURE_KINDS,
    SIGNATURE_LITERALS,
    SIGNATURE_TYPES,
    is_code_word,
    unnumbered,
)
from skillc.passes.router import Router, counts, terms
from skillc.tokens import count_tokens

#: A section is reached when its skill is among the first `TOP` the router ranks.
TOP = 3
#: Rounds over the library: a description made longer in one round can push another skill's
#: sections down, so a second round repairs what the first one broke.
ROUNDS = 2
#: Candidate words tried before one is added (the most frequent, rarest first).
TRIED = 6
#: Words added in a row that fix no heading before a skill is left as it is (a heading of two
#: shared words may need both before it wins).
PATIENCE = 2
#: The spec's description limit.
LIMIT = 1024
_TOKEN = re.compile(r"[^\W_]+")
_ALSO = " Also: "
#: What `_with_word` appends after a description's stop: punctuation or a space first.
_APPENDED = re.compile(r"[.,;:]?\s")


def sharpen(
    names: Sequence[str],
    descriptions: Sequence[str],
    sections: Sequence[Sequence[str]],
    editable: Sequence[bool],
    limits: Sequence[int] | None = None,
    split: Split | None = None,
) -> list[str]:
    """``descriptions`` with words added so each skill's ``sections`` route to it.

    ``names[i]`` is skill i's package name, ``sections[i]`` the headings it holds,
    ``editable[i]`` whether its description was generated (only those change), ``limits[i]``
    the cl100k tokens its description may take (words are added only while they fit);
    ``split``: `split_headings` of ``sections`` and ``editable``, when the caller sharpens the
    same headings more than once (computed here otherwise).
    """
    texts = list(descriptions)
    router = Router(dict(zip(names, texts, strict=True)))
    words = split if split is not None else split_headings(sections, editable)
    for _ in range(ROUNDS):
        changed = False
        for i, name in enumerate(names):
            if not editable[i]:
                continue
            limit = _Limit(limits[i] if limits is not None else 0, texts[i])
            if limit.spent_all(texts[i]):
                continue  # no word fits: routing its headings would change nothing
            failing = [q for q in sections[i] if not _reached(router, words.terms[q], name)]
            if not failing:
                continue
            text = _improve(router, name, texts[i], failing, (words, limit))
            if text != texts[i]:
                changed, texts[i] = True, text
                router.update(name, text)
        if not changed:
            break
    return texts


@dataclass(frozen=True, slots=True)
class Split:
    """Each heading asked about, split once: its `terms` (what the router scores) and its
    `_words` (term and written form, what `_candidates` offers)."""

    terms: Mapping[str, list[str]]
    written: Mapping[str, list[tuple[str, str]]]


def split_headings(sections: Sequence[Sequence[str]], editable: Sequence[bool]) -> Split:
    """The headings of the ``editable`` skills' ``sections``, each split once: a heading is
    asked again for every word tried, and `sharpen` runs again in each round of the listing
    budget (`skillc.passes.listing_budget.within_budget`; python-doc: 21,000 headings, three
    times)."""
    asked = {q: None for i, own in enumerate(sections) if editable[i] for q in own}
    return Split({q: terms(q) for q in asked}, {q: _words(q) for q in asked})


def section_headings(skill: Skill) -> list[str]:
    """The headings an agent may ask ``skill`` about: every emitted heading, plain, except
    the boilerplate every page has ("Examples", "See also"), each once."""
    found: dict[str, None] = {}
    for block in skill.blocks:
        if isinstance(block, Heading) and block.placement is not Placement.REMOVED:
            text = " ".join(plain(block.text).split())
            if text.casefold() not in BOILERPLATE:
                found.setdefault(text, None)
    return list(found)


def _reached(
    router: Router, query: list[str], name: str, text_counts: Counter[str] | None = None
) -> bool:
    """Whether ``name`` is among the first `TOP` skills for the request of terms ``query``
    (ties: by name), with ``text_counts`` (`router.counts`) as its description's when given."""
    if text_counts is None:
        scores = router.scores_of_terms(query)
    else:
        scores = router.scores_of_terms(query, name, text_counts)
    own = scores.get(name, 0.0)
    if own <= 0:
        return not query  # a heading without a content word routes nowhere
    ahead = sum(1 for other, s in scores.items() if s > own or (s == own and other < name))
    return ahead < TOP


class _Limit:
    """What a description may still grow by: `LIMIT` characters, and ``tokens`` cl100k tokens
    when set (0: no token limit). Words are appended after a space, so their tokens add up:
    cl100k's pre-tokenizer cuts " word" from what precedes it (a word that would merge with
    the closing stop is counted whole, as a stop is a token of its own)."""

    __slots__ = ("spent", "tokens")

    def __init__(self, tokens: int, text: str) -> None:
        self.tokens = tokens
        self.spent = count_tokens(text) if tokens else 0

    def cost(self, text: str, word: str) -> int:
        """The tokens ``word`` adds to ``text`` (0 when no token limit is set)."""
        if not self.tokens:
            return 0
        if _ALSO in text:
            return count_tokens(f" {word}")
        # the list's own stop follows the word: the text's stop (or one added) stays
        end = "" if text.rstrip().endswith((".", "!", "?")) else "."
        return count_tokens(f"{end}{_ALSO}{word}.")

    def spent_all(self, text: str) -> bool:
        """Whether no word fits after ``text``: the shortest adds two characters (a space and
        a letter) and one token. Why: a description held to the listing budget that used all
        it was given stays as it is (`skillc.passes.listing_budget`: python-doc, from the
        second round on, 28 then 38 of 68 skills, half the library's headings), and checking
        which of its headings fail is most of what `sharpen` costs."""
        return len(text) + 2 > LIMIT or (self.tokens > 0 and self.spent + 1 > self.tokens)

    def fits(self, text: str, cost: int) -> bool:
        """Whether ``text``, ``cost`` tokens longer than the text spent so far, is allowed."""
        return len(text) <= LIMIT and (not self.tokens or self.spent + cost <= self.tokens)


def _improve(
    router: Router, name: str, text: str, failing: list[str], split: tuple[Split, _Limit]
) -> str:
    """``text`` (skill ``name``'s description) with words added until the ``failing``
    headings (split into ``words``) route to it, the limit is reached or no word helps."""
    words, limit = split
    stalled = 0
    kept = text
    rejected: set[str] = set()
    now = router.counts_of(name)  # the counts of ``text``, against which ``failing`` failed
    rarity: dict[str, float] = {}  # the router does not change while one skill is improved
    holding = _holding(failing, words)
    while failing and stalled < PATIENCE:
        have = set(terms(text))
        best: tuple[set[str], str, Counter[str], int] | None = None
        for word in _candidates(router, failing, have | rejected, words, rarity)[:TRIED]:
            longer = _with_word(text, word)
            cost = limit.cost(text, word)
            if not limit.fits(longer, cost):
                rejected.add(next(iter(terms(word)), word))
                continue
            tried, added = _counts_after(name, (text, now), longer)
            fixed = _now_reached(router, name, failing, (words, holding), (now, tried, added))
            if best is None or len(fixed) > len(best[0]):
                best = (fixed, longer, tried, cost)
        if best is None:
            break
        fixed, text, now, cost = best
        limit.spent += cost
        failing = [q for q in failing if q not in fixed]
        for query in fixed:
            for term in words.terms[query]:
                holding[term].discard(query)
        stalled = 0 if fixed else stalled + 1
        kept = text if fixed else kept
    return kept


def _holding(failing: list[str], words: Split) -> dict[str, set[str]]:
    """Each term of the ``failing`` headings -> the failing headings that hold it (kept up
    to date by `_improve` as headings are fixed, not built again per word added)."""
    found: dict[str, set[str]] = {}
    for query in failing:
        for term in words.terms[query]:
            found.setdefault(term, set()).add(query)
    return found


def _counts_after(
    name: str, before: tuple[str, Counter[str]], longer: str
) -> tuple[Counter[str], list[str] | None]:
    """`counts` of ``name`` with the description ``longer``, given ``before``: a description
    and its counts; and the terms added, when ``longer`` only appends words after its last
    stop (`_with_word`), else ``None``. Only the appended words are split: the split of the
    rest cannot change, since the appended part starts with punctuation or a space (not a
    word character, nothing NFKC joins to what precedes)."""
    text, now = before
    stem = text[:-1] if text.endswith(".") else text
    added = longer[len(stem) :]
    if longer.startswith(stem) and _APPENDED.match(added):
        after = now.copy()
        appended = terms(added)
        after.update(appended)
        return after, appended
    return counts(name, longer), None


def _now_reached(
    router: Router,
    name: str,
    failing: list[str],
    split: tuple[Split, Mapping[str, set[str]]],
    change: tuple[Counter[str], Counter[str], list[str] | None],
) -> set[str]:
    """The ``failing`` headings that route to ``name`` once its counts ``change`` from the
    first to the second (`router.counts`), the third being the terms added (``None``: not
    known, the two are compared); ``split``: the headings' split and `_holding`.

    Why only the headings holding a changed term are routed again: when words are only added,
    a heading without any of them keeps its idf and its counts, and the longer description
    only lowers ``name``'s score for it (its length grows faster than the average) while
    raising every other skill's (the average grows). Every step of the BM25 sum is monotone
    in IEEE arithmetic too, so such a heading fails still, exactly as a full route would say.
    """
    (words, holding), (before, after, added) = split, change
    maybe: Iterable[str]
    if added is not None:  # only these terms' counts grew
        maybe = {q for t in added for q in holding.get(t, ())}
    elif any(after[t] < c for t, c in before.items()):  # a word removed: route them all
        maybe = failing
    else:
        maybe = {q for t, c in after.items() if c != before[t] for q in holding.get(t, ())}
    return {q for q in maybe if _reached(router, words.terms[q], name, after)}


def _candidates(
    router: Router, failing: list[str], have: set[str], words: Split, rarity: dict[str, float]
) -> list[str]:
    """Words of the ``failing`` headings not in ``have``, as they should be written, best
    first: by how many failing headings hold them times how rare they are in the listing
    (``rarity``: each term's, filled here, for one state of the router)."""
    weight: dict[str, float] = {}
    shown: dict[str, str] = {}
    total = max(len(router.docs), 1)
    for query in failing:
        for term, surface in words.written[query]:
            if term in have:
                continue
            value = rarity.get(term)
            if value is None:
                df = router.frequency(term)
                value = rarity[term] = math.log(1 + (total - df + 0.5) / (df + 0.5))
            weight[term] = weight.get(term, 0.0) + value
            shown.setdefault(term, surface)
    ranked = sorted(weight, key=lambda t: (-weight[t], t))
    return [shown[t] for t in ranked]


def _words(heading: str) -> list[tuple[str, str]]:
    """(term, written form) of each content word of ``heading``; a number is written with the
    dotted version or date it is part of ("2.28.1"), which is how a request would say it.

    Not a signature's default values nor its literals (``bind(script_name=None)``,
    ``open(mode='r')``, ``self``): added to a description they routed the signature's heading
    (python-doc: "none" in 25 of 63 "Also:" lists, "false" in 10; Werkzeug's
    "buffer_size=16384"), but they name nothing a request asks about, and an agent reading the
    listing sees noise.

    Nor, in a signature (`_is_signature_word`), the kind its documentation generator writes
    before it (``class``, ``property``, ``classmethod``) nor a type or a parameter every
    signature may have (``str``, ``int``, ``bool``, ``void``, ``char``, ``kwargs``): python-doc
    had "class" in 12 of 64 "Also:" lists, "int" in 9, "args" in 9; pygit2's, MkDocs' and
    Pint's lists read "class str bool property", "str template bool dict", "str property int
    value kwargs". A request names the function, not its parameters' types."""
    found: list[tuple[str, str]] = []
    chunks = unnumbered(heading).split()
    call = next((i for i, chunk in enumerate(chunks) if "(" in chunk), -1)
    for i, chunk in enumerate(chunks):
        opened = chunk.index("(") if i == call else -1
        for match in _TOKEN.finditer(chunk):
            token = match.group()
            lowered = token.lower()
            if lowered in SIGNATURE_LITERALS or _is_default(chunk, match.start()):
                continue
            if _is_signature_word(lowered, chunks, i, call, 0 <= opened < match.start()):
                continue
            for term in terms(token):
                surface = chunk.strip("()[]{},;:'\"") if token.isdigit() else _lowered(token)
                found.append((term, surface))
    return found


def _is_signature_word(
    word: str, chunks: Sequence[str], at: int, call: int, in_parameters: bool
) -> bool:
    """Whether ``word``, in the chunk ``at`` of a heading's ``chunks``, is a signature's that
    `_words` leaves out. With a parameter list (``call``: the chunk where it opens, ``-1``
    for none): a type or catch-all (`SIGNATURE_TYPES`) in it or after it, and a type or kind
    (`SIGNATURE_KINDS`) before the name (``classmethod int.from_bytes(bytes)``: the kind
    and the parameter's type, not ``int``, the name's own; ``int PyLong_Check(PyObject *p)``:
    the return type). Without one: a kind as the first word before a name written as code
    (``property Quantity.magnitude``, not "Class Hierarchy").

    >>> _is_signature_word("str", ["to(other:", "str)"], 1, 0, False)
    True
    >>> _is_signature_word("int", ["int.to_bytes(length)"], 0, 0, False)
    False
    >>> _is_signature_word("class", ["Class", "Hierarchy"], 0, -1, False)
    False
    """
    if call >= 0:
        if at > call or in_parameters:
            return word in SIGNATURE_TYPES
        return at < call and (word in SIGNATURE_TYPES or word in SIGNATURE_KINDS)
    return at == 0 and len(chunks) > 1 and word in SIGNATURE_KINDS and is_code_word(chunks[1])


def _is_default(chunk: str, start: int) -> bool:
    """Whether the token at ``start`` of ``chunk`` is a default value (``size=16384``,
    ``mode='r'``).

    >>> _is_default("mode='r'", 6), _is_default("mode='r'", 0)
    (True, False)
    """
    return chunk[:start].rstrip("'\"").endswith("=")


def _lowered(token: str) -> str:
    """A capitalised word ("Exceptions") as it reads in a list; acronyms and identifiers
    ("JSON", "PreparedRequest") as written."""
    return token.lower() if token[1:] == token[1:].lower() else token


def _with_word(text: str, word: str) -> str:
    """``text`` with ``word`` added to its "Also:" list (started when there is none)."""
    body = text.rstrip()
    if _ALSO in body and body.endswith("."):
        return f"{body[:-1]} {word}."
    end = "" if body.endswith((".", "!", "?")) else "."
    return f"{body}{end}{_ALSO}{word}."
