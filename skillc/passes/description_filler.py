"""The fixed rewrites tighten-description shortens a hand-written description with first.

Routing boilerplate says nothing about which skill a request is for: who asks ("the user wants
to", "Codex needs to"), that the skill is a skill ("This skill should be used when", "This skill
helps you create"), marketing adjectives, a list that trails off ("and more"), where the author's
knowledge came from ("based on official documentation"). Each rewrite is fixed text (no model)
and keeps the description's meaning; the words it drops are router stop words or none a request
would use. tighten-description keeps a rewrite only while the skill's requests still route to it.
"""

from __future__ import annotations

import re

from skillc.passes.classify_content import IMPERATIVE_VERBS, wordset
from skillc.passes.compress_description import conjugate, gerund, repair_description

#: Words that open a condition ("when the user asks", "if a .pdf file is named").
CONDITIONS = "when|whenever|if|once|before|after|unless"
#: The word that opens a condition, captured: "when", "if" ... (see `_FILLER`).
_IF = rf"\b({CONDITIONS}|until) "
_FILLER: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\bThis skill (?:should be used|is used|applies|is invoked) (when|whenever|if)\b"
        ),
        r"Use \1",
    ),
    (re.compile(r"\bUse this skill (?:whenever|when)\b", re.I), "Use when"),
    # "Use when users need help with X" is "Use for X" ("help planning trips": "when planning")
    (re.compile(r"\bUse (?:when|whenever|if) (?:the )?users? needs? help with "), "Use for "),
    (re.compile(r"\bUse (?:when|whenever|if) (?:the )?users? needs? help to "), "Use to "),
    (re.compile(r"\b(?:the )?users? needs? help (?:with |to )?"), ""),
    (re.compile(r"\bUse whenever\b"), "Use when"),
    (re.compile(r"\bUse this(?: skill)? (to|for)\b", re.I), r"Use \1"),
    # who asks is the same for every skill: the agent's name or "the user" routes nothing. Only
    # in a condition ("when the user wants to X" -> "when asked to X"): elsewhere the passive
    # has no subject ("any task in which the user wants to" -> "in which asked to").
    (
        re.compile(_IF + r"(?:Codex|Claude|the agent|an agent|you) (?:needs?|must|wants?) to\b"),
        r"\1 asked to",
    ),
    (
        re.compile(r"\b(?:Codex|Claude|the agent|an agent) (?:is|gets) asked (to|for)\b"),
        r"asked \1",
    ),
    (re.compile(_IF + r"(?:Codex|Claude|the agent|an agent) must\b"), r"\1 asked to"),
    (re.compile(_IF + r"(?:the |a |an )?users? (?:wants?|asks?|needs?) to\b"), r"\1 asked to"),
    (re.compile(_IF + r"(?:the |a |an )?users? (?:asks?|wants?) (?:for|about)\b"), r"\1 asked for"),
    # "Use when the user requests X", "Use when users ask food-related questions": who asks
    # is the same for every skill, and these words are all router stop words
    (
        re.compile(
            r"\bUse (?:when|whenever|if) (?:the |a )?users? (?:requests?|asks?)"
            r"(?: for| about)?(?: help(?: with)?)? (?!to\b)(?=\w)"
        ),
        "Use for ",
    ),
    (re.compile(r"\bUse (?:when|whenever|if) (?:the |a )?users? requests? to\b"), "Use to"),
    # "Use for tasks like improving styling": the tasks are the items
    (re.compile(r"\bUse for tasks (?:like|involving|such as|including) "), "Use for "),
    (re.compile(r"\bin order to\b"), "to"),
    (re.compile(r"\bmake sure (?:that )?"), "ensure "),
    (re.compile(r"\ba (?:wide )?(?:variety|range) of\b"), "various"),
    # a list that trails off, and where the author's knowledge came from, route nothing
    (re.compile(r",? and more(?=[.。]?$)"), ""),
    (re.compile(r"(?<=[\u4e00-\u9fff])等(?=[.。]?$)"), ""),
    (re.compile(r",? (?:based on|according to|from) (?:the )?official documentation\b"), ""),
    (re.compile(r"(?:基于|根据)官方文档"), ""),
    # marketing adjectives say nothing a request would ask for
    (
        re.compile(
            r"\b(?:comprehensive|powerful|seamless(?:ly)?|robust|cutting-edge|state-of-the-art|"
            r"world-class|best-in-class|effortless(?:ly)?)(?:,| and)? (?=\w)"
        ),
        "",
    ),
)
#: A marketing adjective that opens a sentence ("Comprehensive personal finance management
#: system"): the lowercase ones of `_FILLER`, capitalised.
_LEADING_ADJECTIVE = re.compile(
    r"(^|[.!?] )(?:Comprehensive|Powerful|Robust|Seamless|Cutting-edge|State-of-the-art) ([a-z])"
)
#: "Use when asked to X" (after the rewrites of `_FILLER`) says no more than "Use to X", unless
#: the sentence goes on with what the requester does (", mentions Y, or asks for Z").
_ASKED = re.compile(r"\bUse when asked (to|for)\b(?! *[\"“'])([^.!?]*)")
_REQUESTER_DOES = re.compile(
    r"(?:,|\bor|\band) (?:mentions|says|asks|wants|needs|runs|invokes|reports|describes|requests"
    r"|when|whenever|if)\b"
)
#: An opening that only says the skill is about something: "Focus on explaining X" ->
#: "Explains X", "专注讲解 X" -> "X".
_FOCUS = re.compile(r"^Focus(?:es)? on ([a-z]+ing)\b")
_FOCUS_ZH = re.compile(r"^专注(?:于)?(?:讲解|介绍|解决)?\s*")
_FOCUS_VERBS = wordset("explain describe teach cover introduce document")
#: "Helps users discover X" -> "Discovers X", as `_HELPS` does after "This skill".
_HELPS_BARE = re.compile(r"^Helps (?:you |users |agents )?(?:to )?([a-z]+)\b")
_THEY = re.compile(r"\b(?:they|them|their)\b")
#: "This skill provides X" -> "Provides X" (the verb is the skill's own).
_PROVIDES = re.compile(
    r"^(?:This|The) (?:skill|tool|guide) (provides|offers|contains|includes|covers|gives|supports)"
    r"\b"
)
#: "It provides ..." after a sentence ("... apps. It provides components.").
_IT_DOES = re.compile(r"(?<=[.!?] )It (?!(?:does|goes)\b)([a-z]{3,}s)\b")
#: "... data. The skill provides X", "On first use, the skill collects X": the skill is the
#: subject of every sentence of its description.
_SKILL_DOES = re.compile(r"(?<=[.!?,] )([Tt]he|[Tt]his) skill (?!(?:does|goes)\b)([a-z]{3,}s)\b")
_HELPS = re.compile(
    r"^(?:This|The) (?:skill|tool|guide) (?:helps (?:you |users |agents )?(?:to )?|lets you |"
    r"allows (?:you )?to |enables (?:you )?to |is designed to |is used to |can )([a-z]+)\b"
)
_STOP = re.compile(r"[.!?](?:\s|$)")
_AND_VERB = re.compile(r"(\band|\bor|,) ([a-z]+)\b")
#: Verbs a list item of a description may start with (imperatives, and what requests do).
VERBS = IMPERATIVE_VERBS | wordset(
    "ask want need mention say request work write build fix plan review debug migrate"
)


def rewrite_filler(text: str) -> str:
    """``text`` with routing boilerplate shortened (fixed rewrites only).

    >>> rewrite_filler("This skill helps you create and export charts. Use this skill when needed.")
    'Creates and exports charts. Use when needed.'
    >>> rewrite_filler("This skill provides comprehensive Docker setups. Use for deploys.")
    'Provides Docker setups. Use for deploys.'
    >>> rewrite_filler("Use when styling apps. It provides palettes. It is fast.")
    'Use when styling apps. Provides palettes. It is fast.'
    >>> rewrite_filler("Makes decks. The skill follows a plan. On first use, the skill asks.")
    'Makes decks. Follows a plan. On first use, asks.'
    >>> rewrite_filler("Focus on explaining the usage of XRequest, and more")
    'Explains the usage of XRequest'
    >>> rewrite_filler("Helps users discover and install agent skills.")
    'Discovers and installs agent skills.'
    >>> rewrite_filler("Comprehensive finance tool. Use when users ask budget questions.")
    'Finance tool. Use for budget questions.'
    """
    text = _FOCUS_ZH.sub("", _FOCUS.sub(_focus_verb, text))
    # "Helps users find X when they ask": without "users", "they" would name nothing
    bare = None if _THEY.search(text) else _HELPS_BARE.match(text)
    helps = _HELPS.match(text) or bare
    if helps:
        rest = text[helps.end() :]
        end = _STOP.search(rest)
        cut = end.start() if end else len(rest)
        # "helps you merge X and extract Y": every verb of the sentence takes the -s.
        first = _AND_VERB.sub(
            lambda m: (
                f"{m.group(1)} {conjugate(m.group(2))}"
                if m.group(2) in IMPERATIVE_VERBS
                else m.group(0)
            ),
            rest[:cut],
        )
        text = conjugate(helps.group(1)).capitalize() + first + rest[cut:]
    text = _PROVIDES.sub(lambda m: m.group(1).capitalize(), text)
    for pattern, replacement in _FILLER:
        text = pattern.sub(replacement, text)
    text = _LEADING_ADJECTIVE.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    text = _ASKED.sub(_unasked, text)
    # "It provides X": in a description, "it" is the skill, and third person needs no subject
    text = _IT_DOES.sub(lambda m: m.group(1).capitalize(), text)
    text = _SKILL_DOES.sub(
        lambda m: m.group(2).capitalize() if m.group(1)[0].isupper() else m.group(2), text
    )
    return repair_description(text)


def _unasked(match: re.Match[str]) -> str:
    """ "Use when asked to X" as "Use to X", when nothing after it needs the requester.

    >>> _ASKED.sub(_unasked, "Use when asked to merge PDFs, or mentions qpdf.")
    'Use when asked to merge PDFs, or mentions qpdf.'
    >>> _ASKED.sub(_unasked, "Use when asked to join rows, or when ingesting logs.")
    'Use when asked to join rows, or when ingesting logs.'
    >>> _ASKED.sub(_unasked, 'Use when asked to "audit a11y". Use when asked for a UX review.')
    'Use when asked to "audit a11y". Use for a UX review.'
    """
    if _REQUESTER_DOES.search(match.group(2)):
        return match.group(0)
    return f"Use {match.group(1)}{match.group(2)}"


def _focus_verb(match: re.Match[str]) -> str:
    """ "Focus on explaining" -> "Explains" when the -ing word is a known verb's."""
    word = match.group(1)
    for verb in (word[:-3], word[:-3] + "e", word[:-4]):
        if verb in VERBS | _FOCUS_VERBS and gerund(verb) == word:
            return conjugate(verb).capitalize()
    return match.group(0)
