"""Move what a description says past its first 250 characters into the skill's body.

Clients shorten long descriptions (Codex when its catalogue is over budget; Claude Code lists
the first 250 characters of each), so what comes after the key use case is the part a router is
least sure to see, and it is paid for in every session's catalogue. In hand-written skills it is
mostly example lists, trigger-phrase enumerations ('Triggers include requests like "analyze my
finances", ...') and how the skill works ("On first use, collects preferences ..."):
SkillReducer's "feature lists, trigger-phrase enumerations and examples". tighten-description
keeps every clause holding a routing term the rest of the description lacks, since it cannot
foresee the requests such a term would win; past the first 250 characters such a clause may
instead *move*: it leaves the description when the skill's own requests still route to it (the
same oracle as every other drop), and the sentence it stood in is written into the body as a
"When to use" line, unless the body already says every word of it. The agent reads it as soon
as the skill loads; nothing the author wrote is lost.

The clause rules are tighten-description's (`_droppable`): never the first sentence, never an
exclusion ("Do not use for ...") or a "load this first", never the last "when" of a description
that says when. This module is the move step and the body line; tighten-description runs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from skillc.ir.markdown import render_block
from skillc.ir.nodes import Heading, Prose, Skill
from skillc.ir.replace import replace
from skillc.passes.router import Router, terms

#: Clauses that start at or after this offset of the description may move (the key use case's
#: room, `skillc.passes.compress_description.KEY_USE_CASE`).
OVERFLOW = 250
#: What marks the body line this pass writes (its ``reason``): splice puts it in SKILL.md.
FROM_DESCRIPTION = "from description"
#: A sentence that says when to use the skill, or lists requests that trigger it.
_SAYS_WHEN = re.compile(
    r"\b(?:use|when|whenever|if|trigger(?:s|ed)?|requests?|asks?|asked)\b|[\"“]", re.IGNORECASE
)

#: A clause as tighten-description splits one: (sentence number, kind, text).
Clause = tuple[int, str, str]


def movable(
    clauses: Sequence[Clause],
    live: list[int],
    *,
    droppable: Callable[[int, Sequence[Clause], Sequence[int]], bool],
    accepted: Callable[[list[int]], bool],
) -> tuple[list[int], list[int]]:
    """``live`` without each clause, last first, that starts at or past `OVERFLOW` characters
    of the description ``live`` joins to, is ``droppable`` and whose removal the description
    still routes with (``accepted``, given the clauses left); and the clauses moved.

    >>> parts = [(0, "head", "A" * 240 + "."), (1, "head", " Use when x"), (1, "item", ", or y.")]
    >>> movable(parts, [0, 1, 2], droppable=lambda i, _c, _l: i == 2, accepted=lambda rest: True)
    ([0, 1], [2])
    """
    starts: dict[int, int] = {}
    offset = 0
    for index in live:
        starts[index] = offset
        offset += len(clauses[index][2])
    moved: list[int] = []
    for index in reversed(live):
        if starts[index] < OVERFLOW or not droppable(index, clauses, live):
            continue
        rest = [i for i in live if i != index]
        if accepted(rest):
            live = rest
            moved.append(index)
    return live, sorted(moved)


@dataclass(frozen=True, slots=True)
class Clauses:
    """tighten-description's clause rules: how a description splits into clauses and joins
    back, which clause may go, and whether a shortened text still says when (given the
    text it was)."""

    split: Callable[[str], list[Clause]]
    join: Callable[[Sequence[tuple[int, str]]], str]
    droppable: Callable[[int, Sequence[Clause], Sequence[int]], bool]
    when: Callable[[str, str], bool]
    #: A sentence none of whose clauses may move (an exclusion, a "use this skill if").
    stays: Callable[[str], bool] = lambda _sentence: False


def move_overflow(
    texts: Mapping[str, str], wanted: Mapping[str, Sequence[str]], rules: Clauses
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Each description of the library ``texts`` without the clauses past `OVERFLOW` that no
    request needs, and the sentences they stood in, by skill.

    Judged last, against the library as tighten-description left it, and against the
    requests of every skill (``wanted``, those routed home now) that hold a word the move
    takes away: a shorter text changes its words' rarity for every sibling, so a move that
    costs any skill a request it wins is not made; `_settled` checks all requests at the end
    (a shorter text also scores higher on the words it keeps).
    """
    current = dict(texts)
    router = Router(current)
    held = [(n, q) for n in sorted(wanted) for q in wanted[n] if router.route(q) == n]
    by_word: dict[str, list[tuple[str, str]]] = {}
    for pair in held:
        for word in set(terms(pair[1])):
            by_word.setdefault(word, []).append(pair)
    moved: dict[str, tuple[str, ...]] = {}
    for name in sorted(current):
        own = [(n, q) for n, q in held if n == name]

        def near(words: set[str], own: list[tuple[str, str]] = own) -> list[tuple[str, str]]:
            return list(
                dict.fromkeys([*own, *(p for w in sorted(words) for p in by_word.get(w, ()))])
            )

        text, went = _moved(name, current[name], router, near, rules)
        if went:
            current[name] = text
            router = router.replace(name, text)
            moved[name] = went
    return _settled(current, texts, moved, held)


def _settled(
    current: dict[str, str],
    texts: Mapping[str, str],
    moved: dict[str, tuple[str, ...]],
    held: Sequence[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The moves, checked against every request at once: each move was judged on the requests
    sharing a word with its skill (a library of a thousand skills is otherwise a thousand
    times slower), but a shorter text also moves BM25's average length for all. A skill that
    lost a request gets its text back, as does the sibling that won it; if neither moved,
    the moved skills sharing the request's words, else all. At worst every move is undone,
    where every request in ``held`` routed home."""
    while moved:
        router = Router(current)
        lost = [(n, q, router.route(q)) for n, q in held if router.route(q) != n]
        if not lost:
            break
        undo = {s for n, _, w in lost for s in (n, w) if s in moved}
        if not undo:
            shared = {w for _, q, _ in lost for w in terms(q)}
            undo = {s for s in moved if shared & set(terms(texts[s]))} or set(moved)
        for name in undo:
            current[name] = texts[name]
            del moved[name]
    return current, moved


def _moved(
    name: str,
    text: str,
    router: Router,
    near: Callable[[set[str]], list[tuple[str, str]]],
    rules: Clauses,
) -> tuple[str, tuple[str, ...]]:
    """``text`` without the clauses `movable` lets go, and the sentences they stood in: a
    clause goes while every request ``near`` its words (the skill's own, and those holding a
    word it takes away) is still routed to its skill."""
    every = set(terms(text))
    clauses = rules.split(text)

    def joined(indices: Sequence[int]) -> str:
        return rules.join([(clauses[i][0], clauses[i][2]) for i in indices])

    def accepted(rest: list[int]) -> bool:
        trial = joined(rest)
        if not trial or not rules.when(text, trial):
            return False
        trial_router = router.replace(name, trial)
        lighter = set(terms(" ".join(clauses[i][2] for i in everything if i not in rest)))
        return all(
            trial_router.route(q) == n for n, q in near(lighter | (every - set(terms(trial))))
        )

    sentences = {c[0]: "".join(p[2] for p in clauses if p[0] == c[0]) for c in clauses}
    staying = {n for n, sentence in sentences.items() if rules.stays(sentence)}

    def droppable(index: int, parts: Sequence[Clause], live: Sequence[int]) -> bool:
        return parts[index][0] not in staying and rules.droppable(index, parts, live)

    everything = list(range(len(clauses)))
    live, went = movable(clauses, everything, droppable=droppable, accepted=accepted)
    return (joined(live), tuple(sentences_of(clauses, went))) if went else (text, ())


def sentences_of(clauses: Sequence[Clause], indices: Sequence[int]) -> list[str]:
    """The whole sentences (every clause of each, as the description had them) that the clauses
    ``indices`` stood in: a moved list item means little without the head that led it.

    >>> parts = [(0, "head", "Runs."), (1, "head", " Use when x"), (1, "item", ", or y.")]
    >>> sentences_of(parts, [2])
    ['Use when x, or y.']
    """
    numbers = sorted({clauses[i][0] for i in indices})
    return ["".join(c[2] for c in clauses if c[0] == n).strip() for n in numbers]


def when_to_use(skill: Skill, sentences: Sequence[str], new: Callable[[str, str], bool]) -> Skill:
    """``skill`` with ``sentences`` (what left its description) as one paragraph of its body,
    after its title: those of them that say something the body and the description do not
    (``new(sentence, what is said)``, the term rule of tighten-description) .

    The paragraph is "**When to use:** ..." when every sentence says when, else "**From the
    description:** ...". Unchanged when there is nothing new to say.
    """
    said = " ".join([skill.description, *(render_block(b) for b in skill.blocks)])
    kept = [s for s in sentences if new(s, said)]
    if not kept:
        return skill
    label = "When to use" if all(_SAYS_WHEN.search(s) for s in kept) else "From the description"
    block = Prose(
        id=f"{skill.id}.DESC",
        text=f"**{label}:** {' '.join(kept)}",
        prov=skill.prov[:1],
        reason=FROM_DESCRIPTION,
    )
    blocks = list(skill.blocks)
    at = 1 if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1 else 0
    blocks.insert(at, block)
    return replace(skill, blocks=tuple(blocks))
