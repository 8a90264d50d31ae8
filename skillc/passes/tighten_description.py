"""Shorten the descriptions of skills someone else wrote, without changing where requests go.

compress-description writes descriptions for what skillc compiles; a hand-written skill already
has one, often long (SkillReducer: verbose descriptions carry feature lists, trigger-phrase
enumerations and examples) or none at all (a quarter of public skills). This pass follows
SkillReducer's routing stage with an offline oracle instead of a model:

1. The description is repaired (one line, no ``<``/``>``, at most 1,024 characters) and filler
   is shortened by fixed rewrites ("This skill should be used when" -> "Use when", "This skill
   helps you create" -> "Creates", "the user wants to" and "Codex needs to" -> "asked to":
   who asks is the same for every skill). A missing one is
   generated: what the skill covers (its title, or the first sentence of its goal) and when to
   use it (its most specific section headings and its first command).
2. Clauses (sentences, parentheticals, and the verb-led items that end a "use when" sentence;
   never other comma-separated parts, whose nesting a rule cannot read, nor an exclusion such
   as "Do not use for ...") are dropped one at a time, last first, the first sentence always
   kept (what the skill does) and a "when" always left, and a drop is kept only
   while every request of the skill's own that the original description routed to it
   (`skillc.passes.trigger_evals`) is still routed to it by BM25 over the whole library
   (`skillc.passes.router`): SkillReducer's 1-minimal clause subset under routing equivalence.
   Without a model to write more requests, a clause holding a routing term the rest of the
   description (and the name) lacks is never dropped: it is a trigger for requests skillc cannot
   foresee, and a quoted trigger phrase ("grill me") stays unless the rest says it word for
   word. So only restated terms and filler go. In either mode a "Use when ..." sentence is
   never dropped whole ("before settling on a design" is not a when-to-use), and a verb list
   sharing one object ("create, write, or build a skill") is never cut.
3. With every description shortened, the library is checked once more; a skill that lost a
   request to a sibling gets its repaired description back. A request that no description
   routes to its own skill, before or after, is reported (PV034).
4. Past the first 250 characters (what clients shorten first), a clause may *move* even with
   routing terms of its own (`skillc.passes.description_overflow`): example lists, trigger
   phrase enumerations, how the skill works. A move is kept only while every request each skill
   of the library wins still routes to it; the sentence goes into the body under the title as
   a "When to use" line, unless the body says its words already. Exclusions ("Do not use",
   "SKIP:"), "use this skill if" and scope sentences ("must be a spreadsheet") never move.
   Routing mode writes the clauses it drops for good into the body the same way.

Every change is reported (PV033, with token counts). Not declared idempotent: a second run
judges each clause against the siblings' shortened descriptions, which may allow another drop.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Code, Heading, Skill, SkillModule
from skillc.ir.replace import replace
from skillc.passes.classify_content import is_command_block
from skillc.passes.compress_description import (
    KEY_USE_CASE,
    join_items,
    repair_description,
    truncate,
    what_it_covers,
)
from skillc.passes.description_filler import CONDITIONS, VERBS, rewrite_filler
from skillc.passes.description_overflow import (
    Clauses,
    move_overflow,
    sentences_of,
    when_to_use,
)
from skillc.passes.registry import PassContext, transform
from skillc.passes.router import Router, terms
from skillc.passes.trigger_evals import heading_topic
from skillc.tokens import count_tokens

#: A sentence that opens with a subordinate clause ("If the user mentions X, use this skill"):
#: its first comma-led part is the main clause, not a droppable item.
_SUBORDINATE = re.compile(rf"^\s*(?:{CONDITIONS}|while|although|because|since)\b", re.I)
#: A "use when" sentence: the part of a description that says when to use the skill.
_USE_WHEN = re.compile(
    r"\buse (?:this skill )?(?:when|whenever|if|for|to|with|on|before|after)\b", re.IGNORECASE
)
#: A trigger phrase the author quoted ("grill me"): a request said word for word.
_QUOTED = re.compile(r"[\"“]([^\"“”]{2,60})[\"”]")
_WHEN = re.compile(
    r"\b(?:when|whenever|if|before|after)\b|\buse (?:for|to|with|on)\b", re.IGNORECASE
)
_EXCLUSION = re.compile(
    r"\b(?:do not|don't|not for|not meant|never use|instead use|use [\w-]+ instead)\b"
    r"|\bskip\b(?: when| if| for)?:|\b(?:activate|use|trigger) only\b",
    re.I,
)
#: A sentence that tells the agent when to load the skill in so many words ("If the user
#: mentions a .pdf file, use this skill", "Triggers when the user mentions docs") or bounds
#: what it is for ("The artifact must be a spreadsheet file"): it stays in
#: the description even past its first 250 characters, where example lists may move out.
_DIRECTIVE = re.compile(
    r"\buse this skill\b|\btrigger(?:s|ed)? (?:especially |only )?(?:when|if|on|for)\b"
    r"|\bactivate (?:only )?(?:when|if|for)\b"
    # a scope the artifact or the request must have ("The artifact must be a spreadsheet")
    r"|\bmust (?:be|not|only)\b|\bonly (?:when|if|for)\b",
    re.I,
)
#: A clause that says when to load the skill without saying "use when": "LOAD THIS FIRST for
#: any Photoshop operation", "Always use before committing". Never dropped, like an exclusion.
_PRIORITY = re.compile(
    r"\b(?:load|read|use|invoke|consult|call|run) (?:this|it|me)(?: skill)? (?:first|before)\b"
    r"|\b(?:always|must) (?:be )?(?:load|use|read|invoke|consult)(?:ed)?\b",
    re.IGNORECASE,
)
_CLOSED = re.compile(r"[.!?。！？][\"')\]”’]*$")
_PARENTHETICAL = re.compile(r"( \([^()]*\))")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\[])")
#: Where a sentence turns from what it says to a list of details: ", including ...",
#: ", such as ...", ", e.g. ...", " — covers ...". What follows is an example list, dropped
#: (as one ``detail`` clause) only under the same rules as any other clause.
_ELABORATION = re.compile(r"(?:,| —| --| -) (?:including|such as|e\.g\.|for example|like|covers)\b")


@transform("tighten-description", requires=("trigger-queries",))
def tighten_description(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Shorten or generate each description, keeping its routing terms and its requests."""
    return tighten(module, ctx, keep_terms=True)


def tighten(module: SkillModule, ctx: PassContext, *, keep_terms: bool) -> SkillModule:
    """The pass, with or without the rule that keeps every routing term (``keep_terms``)."""
    queries: Mapping[str, Sequence[str]] = ctx.analysis("trigger-queries")
    before = {s.name: repair_description(s.description) for s in module.skills}
    generated = {s.name: before[s.name] or generate_description(s) for s in module.skills}
    library = Router(generated)
    wanted = {
        name: [q for q in queries.get(name, ()) if library.route(q) == name] for name in generated
    }
    done = {
        name: shorten_moving(text, name, wanted[name], library, keep_terms=keep_terms)
        for name, text in generated.items()
    }
    after = _restore_confused({n: d.text for n, d in done.items()}, generated, wanted)
    # A restored description is shortened once more, now against the library as it ends up.
    restored = sorted(name for name in after if after[name] == generated[name])
    final = Router(after)
    retried = {
        name: shorten_moving(generated[name], name, wanted[name], final, keep_terms=keep_terms)
        for name in restored
    }
    if any(retried[name].text != after[name] for name in restored):
        done.update(retried)
        after = _restore_confused(
            {**after, **{n: retried[n].text for n in restored}}, generated, wanted
        )
    moved = {n: done[n].moved if after[n] == done[n].text else () for n in after}
    rules = Clauses(
        split=split_clauses,
        join=join_clauses,
        droppable=_droppable,
        when=_keeps_when,
        stays=_stays,
    )
    after, overflow = move_overflow(after, wanted, rules)
    skills = []
    for skill in module.skills:
        text, name = after[skill.name], skill.name
        sentences = (*moved[name], *overflow.get(name, ()))
        if text != skill.description:
            ctx.report(_rewritten(skill, skill.description, text, sentences))
        shortened = replace(skill, description=text)
        skills.append(when_to_use(shortened, sentences, _says_more) if sentences else shortened)
    final = Router(after)
    for skill in module.skills:
        lost = [(q, w) for q in queries.get(skill.name, ()) if (w := final.route(q)) != skill.name]
        if lost:
            ctx.report(_confused(skill, lost, len(queries.get(skill.name, ()))))
    return replace(module, skills=tuple(skills))


@dataclass(frozen=True, slots=True)
class Shortened:
    """A shortened description, and the sentences of the description that lost a clause with
    routing terms of its own (routing mode): written into the body, not lost."""

    text: str
    moved: tuple[str, ...] = ()


def shorten(
    text: str,
    name: str,
    wanted: Sequence[str],
    library: Mapping[str, str] | Router,
    *,
    keep_terms: bool = True,
) -> str:
    """``text`` with filler rewritten and every clause dropped whose loss keeps ``wanted``
    routed to ``name`` among ``library`` (and, with ``keep_terms``, loses no routing term)."""
    return shorten_moving(text, name, wanted, library, keep_terms=keep_terms).text


def shorten_moving(
    text: str,
    name: str,
    wanted: Sequence[str],
    library: Mapping[str, str] | Router,
    *,
    keep_terms: bool = True,
) -> Shortened:
    """`shorten`, with the sentences whose clauses left the description though they held
    routing terms the rest lacks (routing mode only): the skill's body gets them
    (`when_to_use`)."""
    base = library if isinstance(library, Router) else Router(library)

    def routes(candidate: str) -> bool:
        router = base.replace(name, candidate)
        return all(router.route(q) == name for q in wanted)

    current = rewrite_filler(text)
    if not current or not routes(current):
        current = text
    # "before settling" says when too, but a "Use when" sentence must not go for it
    when = _USE_WHEN if _USE_WHEN.search(current) else _WHEN
    says_when = bool(when.search(current))
    clauses = split_clauses(current)

    def joined(indices: Sequence[int]) -> str:
        return join_clauses([(clauses[i][0], clauses[i][2]) for i in indices])

    def accepted(rest: Sequence[int]) -> bool:
        trial = joined(rest)
        return bool(trial) and (not says_when or bool(when.search(trial))) and routes(trial)

    live = list(range(len(clauses)))
    moved: list[int] = []
    for index in range(len(clauses) - 1, 0, -1):
        if not _droppable(index, clauses, live):
            continue
        rest = [i for i in live if i != index]
        more = _says_more(clauses[index][2], f"{name} {joined(rest)}")
        if keep_terms and more:
            continue
        if not accepted(rest):
            continue
        live = rest
        moved += [index] if more else []
    if live == list(range(len(clauses))):
        return Shortened(current)
    return Shortened(joined(live), tuple(sentences_of(clauses, moved)))


def _stays(sentence: str) -> bool:
    """Whether a sentence of a description stays whole where example lists may move: it
    excludes requests ("SKIP: ...", "Activate only for supported languages (python, go)"),
    says to load the skill first, or says when to use it in so many words."""
    return any(p.search(sentence) for p in (_EXCLUSION, _PRIORITY, _DIRECTIVE))


def _keeps_when(text: str, trial: str) -> bool:
    """Whether ``trial``, ``text`` shortened, still says when to use the skill if ``text`` did
    (a "Use when" sentence, if ``text`` has one)."""
    when = _USE_WHEN if _USE_WHEN.search(text) else _WHEN
    return bool(when.search(trial)) or not when.search(text)


def _droppable(index: int, clauses: Sequence[tuple[int, str, str]], live: Sequence[int]) -> bool:
    """A parenthetical always; a list item only while it ends its sentence; a sentence's head
    only once nothing else of the sentence is left, and never the first sentence's; never a
    part that excludes requests ("Do not use for ...") or says to load the skill first
    ("LOAD THIS FIRST for any Photoshop operation")."""
    sentence, kind, text = clauses[index]
    if _EXCLUSION.search(text) or _PRIORITY.search(text):
        return False  # "Do not use for X" keeps requests away, "Load this first" brings them
    later = [i for i in live if i > index and clauses[i][0] == sentence]
    if kind == "paren":
        return True
    if kind == "item":
        return not later
    others = [i for i in live if i != index and clauses[i][0] == sentence]
    return sentence > 0 and not others


def _says_more(clause: str, kept: str) -> bool:
    """Whether ``clause`` holds a routing term (a trigger word) that ``kept`` lacks: such a
    clause stays even when the skill's own requests do not need it, since other requests may.

    >>> _says_more(', mentions "red-green-refactor"', "tdd Red-green-refactor loop.")
    False
    """
    if set(terms(clause)) - set(terms(kept)):
        return True
    said = kept.casefold()
    return any(q.casefold() not in said for q in _QUOTED.findall(clause))


def split_clauses(text: str) -> list[tuple[int, str, str]]:
    """(sentence number, kind, part) triples, joining back to the text: each sentence's
    ``head``, its parentheticals (``paren``, one level, balanced), and the items that end it
    (``item``: ", or asks for X"), split off only while each starts with a verb or "when", so
    that a list nested in another ("keep code, docs, and tests aligned") is never cut.

    >>> split_clauses("Runs tests (fast). Use when asked, or runs CI, docs, and tests.")[:3]
    [(0, 'head', 'Runs tests'), (0, 'paren', ' (fast)'), (0, 'head', '.')]
    >>> split_clauses("Runs tests, or builds. Use when asked, or runs CI.")[1:]
    [(1, 'head', 'Use when asked'), (1, 'item', ', or runs CI.')]
    >>> parts = split_clauses("Tests. Use when asked, or builds apps, or runs CI.")
    >>> [p for _, kind, p in parts if kind == "item"]
    [', or builds apps', ', or runs CI.']
    """
    parts: list[tuple[int, str, str]] = []
    for number, sentence in enumerate(_SENTENCE.split(text)):
        pieces = [p for p in _PARENTHETICAL.split(sentence) if p]
        tail = pieces.pop() if pieces and not _PARENTHETICAL.fullmatch(pieces[-1]) else ""
        for piece in pieces:
            kind = "paren" if _PARENTHETICAL.fullmatch(piece) else "head"
            parts.append((number, kind, piece))
        tail, detail = _detail(tail)
        # the first sentence says what the skill does: its list is never cut
        head, items = _trailing_items(tail) if number else (tail, [])
        if head:
            parts.append((number, "head", head))
        parts.extend((number, "item", item) for item in items)
        if detail:
            parts.append((number, "item", detail))
    return parts


def _detail(text: str) -> tuple[str, str]:
    """``text`` cut before the elaboration that ends it (", including X, Y and Z"), when what
    comes before says something on its own (four words or more).

    >>> _detail("Maintains CI for repositories, including release workflows and Pages.")
    ('Maintains CI for repositories', ', including release workflows and Pages.')
    >>> _detail("Covers tools, such as git.")
    ('Covers tools, such as git.', '')
    """
    found = _ELABORATION.search(text)
    if found is None or len(text[: found.start()].split()) < 4:
        return text, ""
    return text[: found.start()], text[found.start() :]


def _trailing_items(text: str) -> tuple[str, list[str]]:
    """``text`` cut into its head and the comma-led items that end it, each a predicate.

    A sentence that opens with a subordinate clause keeps its main clause: without ", use
    this skill", "If the user mentions a .pdf file, use this skill." is a fragment.

    >>> _trailing_items("If the user mentions a .pdf file, use this skill.")
    ('If the user mentions a .pdf file, use this skill.', [])
    >>> _trailing_items("When asked, runs tests, or builds docs.")
    ('When asked, runs tests', [', or builds docs.'])
    """
    segments = text.split(", ")
    if any(_bare(segment) for segment in segments[1:]):
        return text, []  # "create, write, or build a skill": the verbs share one object
    keep = 2 if _SUBORDINATE.match(text) else 1
    items: list[str] = []
    while len(segments) > keep and _predicate(segments[-1]):
        items.insert(0, ", " + segments.pop())
    return ", ".join(segments), items


def _bare(segment: str) -> bool:
    """Whether a list item is one word ("write", "or build"): a verb sharing a later object.

    >>> _bare("write"), _bare("or build"), _bare("or build a skill.")
    (True, True, False)
    """
    words = segment.split()
    if words and words[0].lower() in ("or", "and"):
        words = words[1:]
    return len(words) <= 1


def _predicate(segment: str) -> bool:
    """Whether a list item starts with a verb (``runs``, ``asks``, ``building``) or "when".

    >>> _predicate("or asks for X"), _predicate("and validation aligned"), _predicate("follow-up")
    (True, False, False)
    """
    words = segment.split()
    joined_by_and = bool(words) and words[0].lower() == "and"
    if words and words[0].lower() in ("or", "and"):
        words = words[1:]
    if not words or not words[0].isalpha():
        return False
    word = words[0].lower()
    if joined_by_and and word.endswith("s"):
        return False  # "docs, and tests aligned": a plural noun as likely as a verb
    stems = {word}
    if word.endswith("ies"):
        stems.add(word[:-3] + "y")
    elif word.endswith("es"):
        stems |= {word[:-1], word[:-2]}
    elif word.endswith("s"):
        stems.add(word[:-1])
    if word.endswith("ing"):
        stems |= {word[:-3], word[:-3] + "e", word[:-4]}
    return word in ("when", "if", "whenever") or bool(stems & VERBS)


def join_clauses(clauses: Sequence[tuple[int, str]]) -> str:
    """The clauses as one description, each sentence closed with its stop (a period when the
    part that held it was dropped).

    >>> join_clauses([(0, 'Runs tests'), (0, ', lints'), (1, 'Use when asked.')])
    'Runs tests, lints. Use when asked.'
    """
    sentences: dict[int, str] = {}
    for number, part in clauses:
        sentences[number] = sentences.get(number, "") + part
    closed = []
    for sentence in sentences.values():
        sentence = re.sub(r"[\s,;:]+$", "", sentence.strip())
        if sentence and not _CLOSED.search(sentence):
            sentence += "."
        if sentence:
            closed.append(sentence)
    return repair_description(" ".join(closed))


def generate_description(skill: Skill) -> str:
    """A description for a skill that has none: what it covers and when to use it.

    >>> generate_description(Skill(id="s", name="pdf", skill_name="PDF tools",
    ...     blocks=(Heading(id="h", level=2, text="Merging files"),)))
    'Covers PDF tools. Use when the task involves merging files.'
    """
    what = what_it_covers(skill)
    topics = [
        t
        for b in skill.blocks
        if isinstance(b, Heading) and b.level >= 2
        if (t := heading_topic(b.text))
    ]
    commands = [  # a line that goes on ("db_query.py list \\") without its backslash
        b.text.strip().splitlines()[0].removeprefix("$ ").rstrip("\\ ")
        for b in skill.blocks
        if isinstance(b, Code) and is_command_block(b) and b.text.strip()
    ]
    items = list(dict.fromkeys(topics))[:4]
    if commands:
        items.append(f"running {commands[0][:60]}")
    when = f" Use when the task involves {join_items(items)}." if items else ""
    text = truncate(what + when, 2 * KEY_USE_CASE)
    return repair_description(text) or repair_description(f"Covers {skill.name}.")


def _restore_confused(
    after: dict[str, str], before: Mapping[str, str], wanted: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """Shortened together, two descriptions may now confuse a request: restore the loser and the
    sibling that won (BM25 favours shorter texts), until no request is lost (at worst every
    description is restored, where every request routed as wanted)."""
    restored = dict(after)
    for _ in range(2 * len(restored) + 1):
        router = Router(restored)
        culprits: set[str] = set()
        lost = False
        for name in sorted(restored):
            for query in wanted[name]:
                winner = router.route(query)
                if winner == name:
                    continue
                lost = True
                # the loser, or the sibling a shorter text made stronger; else whichever changed
                # description shared the request's words (a dropped word moves every IDF)
                found = {n for n in (name, winner) if n and restored[n] != before[n]}
                culprits |= found or {
                    n
                    for n in restored
                    if restored[n] != before[n] and set(terms(before[n])) & set(terms(query))
                }
        changed = [n for n in sorted(restored) if restored[n] != before[n]]
        if lost and not culprits and changed:
            # only the library's average length moved: give back the most shortened text
            culprits = {max(changed, key=lambda n: (len(before[n]) - len(restored[n]), n))}
        if not culprits:
            break
        for name in culprits:  # first back to the filler rewrite alone, then to the original
            middle = rewrite_filler(before[name]) or before[name]
            restored[name] = middle if restored[name] != middle else before[name]
    return restored


def _rewritten(skill: Skill, old: str, new: str, moved: Sequence[str] = ()) -> Diagnostic:
    verb = "generated" if not old.strip() else "shortened"
    message = f"description {verb}: {count_tokens(old)} -> {count_tokens(new)} tokens"
    if moved:
        message += f"; {len(moved)} sentence(s) moved to the body unless it says them already"
    return _at(skill, Diagnostic(code="PV033", message=message, severity=Severity.INFO))


def _confused(skill: Skill, lost: list[tuple[str, str]], total: int) -> Diagnostic:
    shown = "; ".join(f"{q!r} to {w or 'no skill'}" for q, w in lost[:3])
    more = f" and {len(lost) - 3} more" if len(lost) > 3 else ""
    message = f"{len(lost)} of {total} requests route elsewhere: {shown}{more}"
    return _at(skill, Diagnostic(code="PV034", message=message, severity=Severity.INFO))


def _at(skill: Skill, diagnostic: Diagnostic) -> Diagnostic:
    span = skill.prov[0] if skill.prov else None
    return replace(diagnostic, span=span, path=span.source if span else skill.name)
