"""Give every skill a spec-valid description that routes well, written from the skill's own text.

The description is all an agent sees of a skill until it activates it (about 100 tokens per skill
in the catalogue), so it must say what the skill covers and when to use it, in the third person
(Anthropic: descriptions are injected into the system prompt), within the spec's 1-1024
characters and without ``<`` or ``>`` (Anthropic's validator refuses them). The spec's own good
example has the form this pass writes: "<What it covers>. Use when <when>."

- An existing description (hand-written, or read back from a SKILL.md) is only repaired: control
  and invisible format characters removed, ``<``/``>`` replaced by words, whitespace collapsed to
  one line, and cut at a sentence or word boundary to 1024 characters.
- An empty one is generated from what the skill states, never from guesses: the first sentence of
  ``skill_goal`` (an imperative "Define ..." becomes "Defines ...") or else "Covers <skill name>";
  then "Use when the task involves <triggers>" from the section headings in ``triggers``, as many
  whole items as fit. Markdown and MyST syntax is stripped; a goal written in the first or second
  person is not used, since rephrasing it could change its meaning. The "what" part is kept within
  the first 250 characters so the key use case survives clients that shorten descriptions.

Requires ``normalize-names``: the fallback topic may be the package name. Guarantees: every
description is 1-1024 characters, one line, free of ``<``, ``>`` and control characters. A
repaired description is a fixed point of the repair, so the pass is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import partial

from skillc.ir.inline import plain
from skillc.ir.layout import elided_parameters
from skillc.ir.nodes import Skill, SkillModule
from skillc.ir.replace import replace
from skillc.passes.classify_content import IMPERATIVE_VERBS, opens_with_imperative
from skillc.passes.description_apart import apart
from skillc.passes.key_terms import (
    MAX_KEY_TERMS,
    KeyTerms,
    chapter_numbers,
    page_words,
    unnumbered,
    without_chapter_number,
    without_kind,
)
from skillc.passes.listing_budget import description_budgets, within_budget
from skillc.passes.normalize_names import shared_words
from skillc.passes.registry import PassContext, transform
from skillc.passes.route_terms import section_headings
from skillc.tokens import count_tokens

#: The spec's limit (agentskills.io specification, ``description`` field).
MAX_DESCRIPTION = 1024
#: Where the key use case must be: clients shorten long descriptions (Claude Code at 250 in its
#: skill listing, Codex when over its catalogue budget).
KEY_USE_CASE = 250
#: Said when a skill has no title, goal or name to describe it by.
UNTITLED = "an untitled skill"

# First- and second-person words (Anthropic: "Always write in third person"). Case-sensitive
# forms so that "US" and the "I" of "I/O" do not count.
_PERSON = re.compile(
    r"(?<![/\w])I(?![/\w])|\b([Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Uu]s|[Oo]ur|[Oo]urs|[Yy]ou|[Yy]our|"
    r"[Yy]ours|[Yy]ourself)\b"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_HOW_TO = re.compile(r"^how to\s+(\w+)\b", re.IGNORECASE)
# An imperative heading with its object ("Use the X command line", "Install a plugin"): after
# "the task involves" it reads as "using the X command line", as "how to" headings do.
_IMPERATIVE = re.compile(r"^(\w+)\b(?=\s+(?:the|a|an|your|this|these)\s)", re.IGNORECASE)
# Verbs whose final consonant doubles before -ing (run -> running).
_DOUBLING = frozenset(
    {"run", "set", "get", "put", "stop", "plan", "drop", "wrap", "skip", "log", "map", "tag", "pin"}
    | {"ship", "begin", "submit", "commit", "omit", "cut", "let", "rerun", "reset"}
)

_HTML_TAG = re.compile(
    r"</?(a|abbr|b|br|code|del|details|div|em|i|img|kbd|p|s|small|span|strong|sub|summary|sup|u)"
    r"\b[^<>]*>",
    re.IGNORECASE,
)
# MyST and RST roles ({ref}`title <target>`, {func}`name`): their title or text.
_ROLE = re.compile(r"\{[\w:.-]+\}`~?([^`<]*?)\s*(<[^<>`]*>)?`")
# <placeholder> words outside code (not tags): kept as words, so escaped before `plain`.
_PLACEHOLDER = re.compile(r"<([^\s<>/!?](?:[^<>]{0,38}[^\s<>])?)>")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_HEADING_MARKS = re.compile(r"^#+\s+")
# Code spans (kept whole), and dunder names outside them: ``__init__`` in a goal that the
# frontend already made plain is a name, not bold "init".
_CODE_OR_DUNDER = re.compile(r"(`+).+?\1|(?<![\w\\])__[A-Za-z0-9]\w*?__(?!\w)", re.DOTALL)
# Angle brackets, replaced by words in this order: (pattern, replacement).
_ANGLES: tuple[tuple[re.Pattern[str], str], ...] = (
    # A C++ template's parameters as Doxygen writes them ("sigc::slot< T_return(T_arg...) >",
    # one level of nesting): dropped, the name is what routes; read as comparisons, libsigc++'s
    # titles became "sigc::slot less than T_return(T_arg...) greater than Class Template ...".
    (re.compile(r"(?<=[\w:])< (?:[^<>]|<[^<>]*>)*>"), ""),
    (re.compile(r"<=|≤"), " at most "),
    (re.compile(r">=|≥"), " at least "),
    (re.compile(r"<?-+>|=>"), " to "),
    (re.compile(r"<-+"), " from "),
    (re.compile(r"<([^\s<>](?:[^<>]{0,38}[^\s<>])?)>"), r" \1 "),  # <placeholder> -> placeholder
    (re.compile(r"<"), " less than "),
    (re.compile(r">"), " greater than "),
)

#: What every pattern of `_ANGLES` matches one of (and none of its replacements holds): text
#: without them, most headings and sentences, skips the eight substitutions.
_ANGLE_MARKS = ("<", ">", "\u2264", "\u2265")

#: Work per block in microseconds of this pass's two per-skill maps (python-doc: 0.44 s and
#: 0.2 s for 55,000 blocks) and what the page words cost the parent to bring back from a worker
#: (0.05 s), for ``ctx.map``'s choice between one process and a pool
#: (`skillc.passes.registry.estimated_saving`): python-doc's is under the threshold.
WORDS_PER_BLOCK_US = 8
WORDS_BACK_PER_BLOCK_US = 1
DESCRIBE_PER_BLOCK_US = 4


@transform("compress-description", requires=("normalize-names",), idempotent=True)
def compress_description(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Repair each description, or generate one from the goal and the page's key headings."""
    project = _plain(ctx.options.name_prefix or _named_after(module.skills))
    described = _unnumbered(module.skills)
    pages = ctx.map(page_words, described, cost=WORDS_PER_BLOCK_US, back=WORDS_BACK_PER_BLOCK_US)
    library = KeyTerms.of(pages)
    shares = description_budgets(module.skills, ctx.options)
    tasks = list(zip(_own_goals(described), pages, shares, strict=True))
    written = ctx.map(partial(_describe_task, project, library), tasks, cost=DESCRIBE_PER_BLOCK_US)
    sections = [section_headings(s) for s in module.skills]
    sharpened = within_budget(module.skills, written, sections, ctx.options, ctx.memo)
    mine = [not s.description for s in module.skills]
    sharpened = apart([s.name for s in module.skills], sharpened, mine)
    skills = tuple(replace(s, description=d) for s, d in zip(module.skills, sharpened, strict=True))
    return replace(module, skills=skills)


def _named_after(skills: Sequence[Skill]) -> str:
    """Without a name prefix given, the library a library's pages are named after, which its
    descriptions name too: a PDF's frontend names every chapter after the document (R-intro.pdf:
    ``r-arrays-and-matrices``), and "Covers arrays and matrices." alone routes a request about
    R no better than one about NumPy. Only for four pages or more: two or three pages may share
    a first word by chance ("config-files", "config-env")."""
    words = shared_words(skills).replace("-", " ") if len(skills) >= MIN_NAMED_AFTER else ""
    return _as_written(words, [f"{s.skill_name} {s.skill_goal}" for s in skills]) if words else ""


def _as_written(words: str, texts: Sequence[str]) -> str:
    """``words`` (a name's, lowercase) as ``texts`` write them most often ("R", "Bash"); else
    the longest of their leading words the texts write (R-lang.pdf's pages are named after
    "r-language-definition", and its text says "R"); else ``words`` as they are.

    >>> _as_written("r", ["The R environment", "R and statistics", "a r-squared value"])
    'R'
    >>> _as_written("r language definition", ["R belongs to a class of languages"])
    'R'
    """
    split = words.split()
    for count in range(len(split), 0, -1):
        found = re.compile(rf"\b{re.escape(' '.join(split[:count]))}\b", re.IGNORECASE)
        spelled = Counter(m.group() for text in texts for m in found.finditer(text))
        if spelled:
            return spelled.most_common(1)[0][0]
    return words


#: See `_named_after`.
MIN_NAMED_AFTER = 4


def _unnumbered(skills: Sequence[Skill]) -> Sequence[Skill]:
    """``skills`` as their descriptions are written from: where the library's titles carry
    the manual's chapter numbers (`chapter_numbers`: "7 Job Control"), each title and trigger
    without its number, which no request says ("Covers 7 job control", "Use when the task
    involves 2 definitions"). The skills themselves keep their titles."""
    if not chapter_numbers([_plain(skill.skill_name) for skill in skills]):
        return skills
    return [
        replace(
            skill,
            skill_name=without_chapter_number(_plain(skill.skill_name)),
            triggers=tuple(without_chapter_number(_plain(t)) for t in skill.triggers),
        )
        for skill in skills
    ]


def _own_goals(skills: Sequence[Skill]) -> list[Skill]:
    """``skills``, those whose goal opens with the sentence an earlier skill's goal opens with
    without their goal: a sentence two pages share (the community paragraph python's
    "Installing" and "Distributing" both open with) leads two descriptions that then read
    alike to a router (lint's SC105). The first page keeps it; the others are described by
    their titles."""
    said: set[str] = set()
    own: list[Skill] = []
    for skill in skills:
        first = first_sentence(_plain(skill.skill_goal)) if not skill.description else ""
        repeated = _has_words(first) and first in said
        said.add(first)
        own.append(replace(skill, skill_goal="") if repeated else skill)
    return own


def _describe_task(project: str, library: KeyTerms, task: tuple[Skill, Sequence[str], int]) -> str:
    """`describe` for one ``(skill, its page words, its token budget)``: a plain function,
    for ``ctx.map``."""
    skill, words, tokens = task
    return describe(skill, project, (library, words), tokens)


def describe(
    skill: Skill,
    project: str = "",
    key: tuple[KeyTerms, Sequence[str]] | None = None,
    tokens: int = 0,
) -> str:
    """The description to emit for ``skill``: its own one repaired, else a generated one
    (of at most ``tokens`` cl100k tokens of "Also:" words, when given)."""
    return repair_description(skill.description) or repair_description(
        generate(skill, project, key, tokens)
    )


# --- Repair ---------------------------------------------------------------------------------------


def repair_description(text: str) -> str:
    """``text`` as a valid description: one line, no ``<``/``>``, at most 1024 characters.

    Returns ``""`` when nothing is left. Repairing a repaired text changes nothing.

    >>> repair_description("Runs  <file>\\nchecks when size <= 5.")
    'Runs file checks when size at most 5.'
    """
    return truncate(clean(text), MAX_DESCRIPTION)


def clean(text: str) -> str:
    """``text`` on one line, without control characters, ``<`` or ``>``, not yet truncated.

    >>> clean("a -> b\\n\\tc")
    'a to b c'
    >>> clean("sigc::bind< I_location, std::reference_wrapper< T > > Struct Template Reference")
    'sigc::bind Struct Template Reference'
    """
    text = visible(text)
    if any(angle in text for angle in _ANGLE_MARKS):  # each of `_ANGLES` needs one
        for pattern, words in _ANGLES:
            text = pattern.sub(words, text)
    return " ".join(text.split())


#: `visible` of ASCII text: its control characters (``Cc``: C0 and DEL) become spaces.
_ASCII_VISIBLE = str.maketrans({c: " " for c in [*range(32), 127]})


def visible(text: str) -> str:
    """``text`` with each character as `_visible` makes it, by one ``str.translate`` over a
    table of the characters it changes (each looked up once, not once per occurrence: the
    pass cleans every heading and first sentence of the module).

    >>> visible("a\\tb\\u200bc\\x7f")
    'a bc '
    """
    if text.isascii():
        return text.translate(_ASCII_VISIBLE)
    changed = {ord(c): seen for c in set(text) if (seen := _visible(c)) != c}
    return text.translate(changed) if changed else text


def _visible(char: str) -> str:
    """Control characters become spaces; invisible format characters (bidi, zero-width) go."""
    category = unicodedata.category(char)
    if category == "Cc":
        return " "
    return "" if category in ("Cf", "Cs") else char


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the best boundary there is.

    The cut is after the last sentence that ends in the second half of the limit, else at the last
    space, else (one long word) at the limit itself.

    >>> truncate("One two. Three four five.", 20)
    'One two. Three four'
    """
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit]
    if ends and ends[-1] > limit // 2:
        return head[: ends[-1]]
    cut = head.rfind(" ")
    return (text[:cut] if cut > 0 else text[:limit]).rstrip()


# --- Generation -----------------------------------------------------------------------------------


def generate(
    skill: Skill,
    project: str = "",
    key: tuple[KeyTerms, Sequence[str]] | None = None,
    tokens: int = 0,
) -> str:
    """A description of the form "<What it covers>. Use when <key terms>." from the skill's text.

    ``project`` (the build's ``name_prefix``, e.g. the library) is named in the first sentence
    when the goal does not name it: a router cannot pick the Click quickstart over another
    tool's quickstart without the word "click". The "use when" part lists at most
    `MAX_KEY_TERMS` headings, those that tell the page apart from the rest of its library
    (``key``: the library's `KeyTerms` and this page's words; without it, the page alone).

    >>> generate(Skill(id="k", skill_goal="Define options on commands. More.",
    ...                triggers=("Option names", "Boolean flags")))
    'Defines options on commands. Use when the task involves boolean flags or option names.'

    (The heading whose words the goal has not said yet comes first: "option" is said.)
    """
    what = what_it_covers(skill, project)
    subject = "the task"
    if project and not _names(what, project):
        subject = f"{indefinite(project)} task"
    budget = MAX_DESCRIPTION - len(what) - 1
    library, words = key if key is not None else (None, page_words(skill))
    items = trigger_items(skill.triggers, exclude=_topic(skill))
    keys = library or KeyTerms.of([words])
    when = _use_when_items(keys.rank(items, words, what), budget, subject)
    more = keys.words(items, words, f"{what} {when}")
    if not when and more:  # every heading's words are said: the use case is their other words
        when = _use_when_items(more[:MAX_KEY_TERMS], budget, subject)
        more = more[MAX_KEY_TERMS:] if when else more
    if tokens and more and when:
        more = _within(more, tokens - count_tokens(f"{what} {when} Also:."))
    # words, not phrases: separated by spaces (a comma is a cl100k token of its own)
    also = f" Also: {' '.join(more)}." if more and when else ""
    if when and len(what) + 1 + len(when) + len(also) <= MAX_DESCRIPTION:
        when += also
    if not when and skill.skill_name and (project or not what.startswith("Covers ")):
        # A page without sections (often a reference page) is routed by its title, unless the
        # description would only say it twice ("Covers x. Use when the task involves x.").
        when = use_when((skill.skill_name,), budget, subject=subject)
    if not when and items:  # the headings, though the description says their words already
        when = _use_when_items(keys.rank(items, words), budget, subject)
    if not when and subject != "the task":
        return f"{what.rstrip('.')} ({project})."
    return f"{what} {when}" if when else what


def _within(words: Sequence[str], room: int) -> list[str]:
    """The first of ``words`` whose tokens (each after a space) fit ``room``."""
    kept: list[str] = []
    for word in words:
        room -= count_tokens(f" {word}")
        if room < 0:
            break
        kept.append(word)
    return kept


def _names(text: str, project: str) -> bool:
    return bool(re.search(rf"\b{re.escape(project)}\b", text, re.IGNORECASE))


def indefinite(word: str) -> str:
    """``word`` after "a" or "an" (by its first letter: "an attrs", "a click", "a uwsgi").

    >>> indefinite("acme"), indefinite("sqlite")
    ('an acme', 'a sqlite')
    """
    return f"{'an' if word[:1].lower() in 'aeio' else 'a'} {word}"


def what_it_covers(skill: Skill, project: str = "") -> str:
    """The first sentence of the goal in the third person, else "Covers <topic>."; ≤ 250 chars.

    With a ``project`` the goal does not name, the sentence says which library it is about:
    "Debugging Applications in Werkzeug: <goal>", "Covers routing in Werkzeug."
    """
    goal = first_sentence(_plain(skill.skill_goal))
    topic = _topic(skill)
    if _has_words(goal) and not _PERSON.search(goal):
        sentence = third_person(goal)
        title = unnumbered(_plain(skill.skill_name))
        if project and _has_words(title) and not _names(sentence, project):
            about = title if _names(title, project) else f"{title} in {project}"
            sentence = f"{about}: {sentence}"
    else:
        sentence = f"Covers {_quoted(sentence_case(topic))}"
        if project and not _names(sentence, project):
            sentence = f"{sentence} in {project}"
    sentence = sentence.rstrip(" .;:,")
    if len(sentence) + 1 > KEY_USE_CASE:
        return truncate(sentence, KEY_USE_CASE - 3).rstrip(" .;:,?!") + "..."
    return sentence if sentence.endswith(("?", "!")) else sentence + "."


def _topic(skill: Skill) -> str:
    """What the skill is about: its title, else its package name; the id
    (``SKILL_USERGUIDE_CHAPTER_10``, an internal name no reader sees) only when neither has a
    word. A title in the first or second person is still the title (`_quoted` when said)."""
    title = unnumbered(_plain(skill.skill_name))
    usable = [c for c in (title, _plain(skill.name.replace("-", " "))) if _has_words(c)]
    if not usable:
        return _plain(skill.id) if _has_words(skill.id) else UNTITLED
    return usable[0]


def _quoted(topic: str) -> str:
    """``topic`` as the description says it: quoted when it speaks in the first or second
    person ("Writing your own Flowable Objects" is the manual's words, not the description's)."""
    return f"\u201c{topic}\u201d" if _PERSON.search(topic) else topic


def _plain(text: str) -> str:
    """Source text made fit for a description: markup stripped, brackets and controls replaced."""
    return clean(strip_markdown(text))


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, whitespace collapsed.

    >>> first_sentence("Parses flags, e.g. --x. Then exits.")
    'Parses flags, e.g. --x.'
    """
    text = " ".join(text.split())
    return _SENTENCE_BREAK.split(text, maxsplit=1)[0] if text else ""


def third_person(sentence: str) -> str:
    """``sentence`` with an imperative first verb conjugated, "How to" made "Covers how to".

    >>> third_person("Apply a patch."), third_person("How to test apps")
    ('Applies a patch.', 'Covers how to test apps')
    """
    if _HOW_TO.match(sentence):
        return "Covers how to" + sentence[6:]
    if opens_with_imperative(sentence):
        first, _, rest = sentence.partition(" ")
        return f"{conjugate(first.lower()).capitalize()} {rest}"
    return sentence[:1].upper() + sentence[1:]


def conjugate(verb: str) -> str:
    """The third-person singular of a regular verb: ``apply`` -> ``applies``, ``fix`` -> ``fixes``.

    >>> [conjugate(v) for v in ("run", "push", "copy", "go")]
    ['runs', 'pushes', 'copies', 'goes']
    """
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return verb[:-1] + "ies"
    return verb + "s"


def gerund(verb: str) -> str:
    """The -ing form of a regular verb: ``define`` -> ``defining``, ``run`` -> ``running``.

    >>> [gerund(v) for v in ("define", "run", "test", "see")]
    ['defining', 'running', 'testing', 'seeing']
    """
    if verb in _DOUBLING:
        return verb + verb[-1] + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


def use_when(
    triggers: Sequence[str], budget: int, *, exclude: str = "", subject: str = "the task"
) -> str:
    """The "Use when the task involves a, b or c." sentence with as many triggers as fit.

    The sentence is at most ``budget`` characters; triggers equal to ``exclude`` are left out.

    Returns ``""`` when no trigger is usable or none fits.

    >>> use_when(["Option names", "How to define options", "JSON output"], 200)
    'Use when the task involves option names, defining options or JSON output.'
    """
    return _use_when_items(trigger_items(triggers, exclude=exclude), budget, subject)


def _use_when_items(items: Sequence[str], budget: int, subject: str) -> str:
    """ "Use when <subject> involves a, b or c." with as many of ``items`` as fit ``budget``."""
    best = ""
    for count in range(1, len(items) + 1):
        candidate = f"Use when {subject} involves {join_items(items[:count])}."
        if len(candidate) > budget:
            break
        best = candidate
    return best


def trigger_items(triggers: Sequence[str], *, exclude: str = "") -> list[str]:
    """Triggers as list items: markup stripped, a signature's kind dropped (`without_kind`:
    "the task involves class requests.Response"), first letter lowercased, duplicates
    dropped."""
    seen = {exclude.casefold()} if exclude else set()
    items: list[str] = []
    for trigger in triggers:
        item = elided_parameters(without_kind(unnumbered(_plain(trigger)))).strip(" .:;,!?")
        if not _has_words(item) or _PERSON.search(item) or item.casefold() in seen:
            continue
        seen.add(item.casefold())
        items.append(as_item(item))
    return items


def as_item(text: str) -> str:
    """A heading as a list item: sentence case, and "how to define x" or "Use the x" as
    "defining x", "using the x" (an imperative reads wrong after "the task involves").

    >>> as_item("Use the age-keygen command line"), as_item("Set operations")
    ('using the age-keygen command line', 'set operations')
    """
    text = sentence_case(text)
    verb = _HOW_TO.match(text) or _IMPERATIVE.match(text)
    if verb and verb.group(1).lower() in IMPERATIVE_VERBS:
        return gerund(verb.group(1).lower()) + text[verb.end() :]
    return text


def sentence_case(text: str) -> str:
    """A heading in sentence case: every plain capitalised word of a Title Case heading, else
    only the first, lowercased. Acronyms and identifiers (JSON, PowerShell, 8.3.X) are kept.

    >>> sentence_case("Callbacks and Eager Options"), sentence_case("JSON output for Click")
    ('callbacks and eager options', 'JSON output for Click')
    """
    words = text.split(" ")
    significant = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    title_case = len(words) > 1 and significant and all(w[0].isupper() for w in significant)
    if title_case:
        return " ".join(w.lower() if _capitalised(w) else w for w in words)
    first = words[0].lower() if _capitalised(words[0]) else words[0]
    return " ".join([first, *words[1:]])


def _capitalised(word: str) -> bool:
    """Plain capitals only: "Options", "Click's", "Multi-Value"; not "JSON", "PowerShell", "X".

    Each hyphen-separated part must be a capitalised or a lowercase word, the first capitalised.
    """
    parts = word.split("-")
    plain = all(p[1:] == p[1:].lower() and (len(p) > 1 or not p.isupper()) for p in parts)
    return plain and parts[0][:1].isupper() and len(parts[0]) > 1


def join_items(items: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``.

    >>> join_items(["x", "y", "z"])
    'x, y or z'
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def strip_markdown(text: str) -> str:
    """``text`` without Markdown and MyST inline syntax (links keep their text), the way it reads.

    Code spans keep their text verbatim (``__init__``, ``dict(**items)``); escapes become their
    character; emphasis marks go; ``<placeholder>`` words stay.

    >>> strip_markdown("Use **[click](https://x.io)** and {func}`echo <click.echo>`")
    'Use click and echo'
    >>> strip_markdown("happens in the __init__ method, **bold** `__x__`")
    'happens in the __init__ method, bold __x__'
    >>> strip_markdown(r"*attrs* and `__init_subclass__`, `dict(\\**items)` or <file>")
    'attrs and __init_subclass__, dict(\\\\**items) or <file>'
    """
    text = _ROLE.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _PLACEHOLDER.sub(r"\\<\1\\>", text)
    text = _CODE_OR_DUNDER.sub(lambda m: m.group() if m.group(1) else f"`{m.group()}`", text)
    return _HEADING_MARKS.sub("", plain(text)).strip()
