"""The few headings of a page that tell it apart from the other pages of its library.

Why: a router picks a skill from names and descriptions alone. A description listing a page's
sixty headings (jinja's template reference did) buries the words that matter after the first
250 characters that clients show, and gives every page of a manual the same boilerplate
("examples", "notes", "see also"), so a lexical router confuses them. `KeyTerms` ranks a page's
headings by TF-IDF over the library's pages, with the words and weights lint's SC105 uses, so
what a description lists is what tells its page apart.

Cost: one pass over each page's outline to count words, one over its headings to score them:
linear in the library's size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skillc.ir.nodes import Heading, Skill
from skillc.lint.rules.routing.similar_descriptions import terms, worded_terms

#: How many headings a description lists: enough for a router's keywords, few enough to stay in
#: the first 250 characters beside what the page does.
MAX_KEY_TERMS = 5
#: How many more single words (from the page's other headings) may follow, after the key use
#: case: cheap in tokens, and what a lexical router matches a request on.
MAX_MORE_WORDS = 24
#: Headings every reference page has (man pages, API references): they name no topic.
#: The sections every Javadoc class page has: Debian's libcommons-pool-java-doc's skills were
#: for tasks "that involve field detail, constructor detail or method detail".
JAVADOC_SECTIONS = frozenset(
    f"{member} {part}"
    for member in ("field", "constructor", "method", "nested class", "enum constant", "element")
    for part in ("summary", "detail", "details")
) | {"optional element summary", "required element summary"}
BOILERPLATE = frozenset(
    {
        "synopsis", "description", "parameters", "parameter", "arguments", "returns", "notes",
        "note", "example", "examples", "compatibility", "see also", "related reading",
        "summary", "overview", "introduction", "contents", "table of contents", "options",
        "getting help", "footnotes", "references", "bugs", "author", "authors", "files",
    }
    | JAVADOC_SECTIONS
)  # fmt: skip


#: Words of headings that name no topic of their own ("Adding Filters", "Low Level API").
#: The literals of signatures ("default None"), which name no topic a request asks about.
SIGNATURE_LITERALS = frozenset({"none", "true", "false", "null", "self"})
#: What a documentation generator writes before a signature: the kind of the thing named
#: (Sphinx's ``class``, ``property``, ``classmethod``, ``async``; C's ``struct``, ``macro``).
SIGNATURE_KINDS = frozenset(
    {"class", "property", "method", "classmethod", "staticmethod", "abstractmethod", "async"}
    | {"await", "coroutine", "function", "attribute", "data", "static", "final", "abstract"}
    | {"exception", "enum", "interface", "struct", "union", "type", "macro", "var", "const"}
)
#: Types and parameters any signature may have: Python's builtins and the starred catch-alls,
#: C's primitive types.
SIGNATURE_TYPES = frozenset(
    {"str", "int", "bool", "float", "bytes", "dict", "list", "tuple", "set", "frozenset"}
    | {"object", "any", "optional", "callable", "iterable", "iterator", "sequence", "mapping"}
    | {"args", "kwargs", "kwds", "cls"}
    | {"void", "char", "long", "unsigned", "signed", "short", "double", "size_t", "ssize_t"}
)
WEAK_WORDS = frozenset(
    {"example", "adding", "add", "low", "high", "level", "custom", "new", "other", "general"}
    | {"basic", "advanced", "more", "simple", "first", "step", "part", "section", "about"}
    | {"chapter", "appendix"}
    | SIGNATURE_LITERALS
)
# A section number before a title ("34.1.1. ", "2.3 ", "A.1. ", "Chapter 6. ", "Part IV ",
# gri's "9.3.33: "):
# the manual's numbering, which no user searches for.
SECTION_NUMBER = re.compile(
    r"^(?:(?:Chapter|Appendix|Section|Part)\s+(?:[IVXLC]+|[A-Z]|\d{1,3})(?:\.\d{1,3})*\.?"
    r"|(?:[A-Z]|\d{1,3})(?:\.\d{1,3})+[.:]?|\d{1,3}[.:])\s+(?=\S)"
)


def unnumbered(title: str) -> str:
    """A title without its section number.

    >>> unnumbered("34.1.1. Creating tables"), unnumbered("2 apples"), unnumbered("3.11 notes")
    ('Creating tables', '2 apples', 'notes')
    >>> unnumbered("Chapter 6. debmake options"), unnumbered("Appendix A. manpage")
    ('debmake options', 'manpage')
    >>> unnumbered("Part IV Terminal types")
    'Terminal types'
    >>> unnumbered("9.3.33: The read commands"), unnumbered("10: Programming")
    ('The read commands', 'Programming')
    """
    return SECTION_NUMBER.sub("", title)


#: A bare number before a title ("7 Job Control"): a chapter number only where the library's
#: titles count chapters (`chapter_numbers`); alone, "2 apples" may be the title's own words.
_BARE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\S)")


def chapter_numbers(titles: Sequence[str]) -> bool:
    """Whether a library's skill titles open with its manual's chapter numbers, as texinfo's
    and LaTeX's PDF outlines give them ("1 Introduction", "7 Job Control"): at least three
    open with a bare number, the smallest is 2 or less, and they fill at least half of the
    range up to the largest (pages left out or merged leave gaps). Cookbook titles ("3 ways
    to ...", "10 tips for ...") do not.

    >>> chapter_numbers(["1 Introduction", "2 Definitions", "3 Basic Features", "Index"])
    True
    >>> chapter_numbers(["3 ways to start", "5 tips", "10 tips for speed"])
    False
    """
    numbers = {int(m.group(1)) for m in map(_BARE_NUMBER.match, titles) if m}
    if len(numbers) < 3 or min(numbers) > 2:
        return False
    return len(numbers) >= max(numbers) / 2


def without_chapter_number(text: str) -> str:
    """``text`` without a bare number opening it (`chapter_numbers` said the library's are).

    >>> without_chapter_number("10 Writing your own functions")
    'Writing your own functions'
    """
    return _BARE_NUMBER.sub("", text)


def page_words(skill: Skill) -> list[str]:
    """The words of a page's outline, which its description is chosen by: its title, goal,
    triggers and headings, not its prose.

    Why not the prose: the key terms of every description are weighed against the whole
    library's words, so with prose a sentence added to one page reworded other skills'
    descriptions ("pytest" added to click's testing page reordered the FAQ's "Use when"), and
    an incremental build rewrote skills whose pages did not change. The outline is what a
    router is asked about (headings) and what changes rarely; weighed on it alone, the routing
    bench scores as well (hit@3 within 0.005 on every demo library, python's default grain
    0.907 -> 0.908). A heading or title edit may still reword other skills: the listing is
    shared.
    """
    texts = [skill.skill_name, skill.skill_goal, *skill.triggers]
    texts += [b.text for b in skill.blocks if isinstance(b, Heading)]
    return [word for text in texts for word in terms(text)]


@dataclass(frozen=True, slots=True)
class KeyTerms:
    """Inverse document frequencies of the words of one library's pages."""

    idf: dict[str, float]
    default: float

    @classmethod
    def of(cls, pages: Iterable[Sequence[str]]) -> KeyTerms:
        """Document frequencies over ``pages`` (each one page's words), smoothed as in SC105."""
        frequency: Counter[str] = Counter()
        total = 0
        for words in pages:
            total += 1
            frequency.update(set(words))
        idf = {w: math.log((1 + total) / (1 + n)) + 1 for w, n in frequency.items()}
        return cls(idf=idf, default=math.log(1 + total) + 1)

    def rank(self, items: Sequence[str], page: Sequence[str], said: str = "") -> list[str]:
        """The at most `MAX_KEY_TERMS` ``items`` (headings of the page whose words are ``page``)
        that weigh most, best first; boilerplate headings and ones without a content word go.

        An item weighs the mean TF-IDF of its distinct words (log-scaled counts on the page), so
        a short heading of rare words beats a long heading of common ones. A word already said
        (in ``said``, the description so far, or by an item picked before) weighs nothing: the
        items are picked one by one for what they add, so a description does not repeat the word
        every heading of its chapter shares ("email.charset", "email.header", "email.parser").
        Said again and again, that word is what a lexical router sees of the description, and
        the sibling skills of the chapter read alike (lint's SC105); said once, it routes as
        well (BM25 saturates a word's count) and the items' own words are heard. An item whose
        words are all said (a title the description already names) is left out.
        """
        counts = Counter(page)
        candidates: list[tuple[int, str, dict[str, float]]] = []
        for at, item in enumerate(items):
            words = set(terms(item))
            if not words or item.casefold().strip() in BOILERPLATE:
                continue
            weights = {
                w: (1 + math.log(1 + counts[w])) * self.idf.get(w, self.default) for w in words
            }
            candidates.append((at, item, weights))
        heard = set(terms(said))
        picked: list[str] = []
        while candidates and len(picked) < MAX_KEY_TERMS:
            # fsum: exact, so the score does not depend on the set's (hash-seeded) order; a
            # float sum's last bit did, and broke ties between equal headings differently.
            scored = [
                (-math.fsum(v for w, v in weights.items() if w not in heard) / len(weights), at)
                for at, _, weights in candidates
            ]
            best, at = min(scored)
            if best >= 0:
                break  # every word left is said
            chosen = next(c for c in candidates if c[0] == at)
            candidates.remove(chosen)
            picked.append(chosen[1])
            heard.update(chosen[2])
        return picked

    def words(self, items: Sequence[str], page: Sequence[str], skip: str) -> list[str]:
        """The distinctive words of ``items`` not already in ``skip`` (the description so
        far), best first, at most `MAX_MORE_WORDS`: the other sections' topics in a few tokens.
        Each is shown as a heading wrote it, first seen ("classes"), not as the term it is
        weighed by ("classe"): a router splits both the same way."""
        counts = Counter(page)
        have = set(terms(skip))
        seen: dict[str, float] = {}
        shown: dict[str, str] = {}
        for item in items:
            if item.casefold().strip() in BOILERPLATE:
                continue
            for written, word in worded_terms(item):
                if word not in have and word not in WEAK_WORDS and len(word) > 2 and word.isalpha():
                    weight = (1 + math.log(1 + counts[word])) * self.idf.get(word, self.default)
                    seen[word] = max(seen.get(word, 0.0), weight)
                    shown.setdefault(word, written)
        ranked = sorted(seen.items(), key=lambda pair: (-pair[1], pair[0]))
        return [shown[word] for word, _ in ranked[:MAX_MORE_WORDS]]


def is_code_word(word: str) -> bool:
    """Whether a title's word is an identifier written as code: dotted, called, or with an
    underscore (``Quantity.magnitude``, ``open()``, ``dict_from_cookiejar``)."""
    return any(mark in word for mark in ".(_")


def without_kind(title: str) -> str:
    """``title`` without the kind a documentation generator writes before a signature
    (`SIGNATURE_KINDS`), or the type of a C variable (`SIGNATURE_TYPES`), when code follows
    it: a request names the thing, not its kind ("class requests.Response", "int
    PyTrace_OPCODE").

    >>> without_kind("class requests.Response"), without_kind("Class Hierarchy")
    ('requests.Response', 'Class Hierarchy')
    """
    kind, _, rest = title.partition(" ")
    lowered = kind.lower()
    if (lowered in SIGNATURE_KINDS or lowered in SIGNATURE_TYPES) and is_code_word(
        rest.split(" ", 1)[0]
    ):
        return rest
    return title
