"""Give every skill a package name the Agent Skills spec and every client accept, unique per build.

The ``name`` front-matter field is also the package's folder name, so it must satisfy the
strictest reader: ASCII ``^[a-z0-9]+(-[a-z0-9]+)*$`` (Anthropic's ``quick_validate.py``; the
reference validator also lets Unicode letters through), 1-64 characters, and none of the words
Anthropic's platform reserves (``anthropic``, ``claude``). Two skills of one build must not share
a folder.

Relies on nothing but the module; runs first in every pipeline, so later passes (``rewrite-links``
in particular) can use ``skill.name`` as the final folder name. Guarantees: every ``name`` matches
`NAME_RE`, is at most `MAX_NAME` characters, contains no `RESERVED_WORDS`, and is unique in the
module (collisions get ``-2``, ``-3``... in module order); ``skill_name`` is stripped of
surrounding whitespace. A valid, unique name is left as it is, so the pass is idempotent.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Collection, Sequence

from skillc.ir.nodes import Skill, SkillModule
from skillc.ir.replace import replace
from skillc.passes.registry import PassContext, transform

#: The spec's name limit (agentskills.io specification, ``name`` field).
MAX_NAME = 64
#: The portable name grammar: lowercase ASCII words joined by single hyphens.
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Words Anthropic's platform refuses inside a skill name ("Field requirements", platform docs).
RESERVED_WORDS: tuple[str, ...] = ("anthropic", "claude")
#: Name used when nothing usable is left of the source's title.
FALLBACK_NAME = "skill"
#: Longest prefix kept. A longer one could be cut by the length limit and then added again on the
#: next run; at half the limit a cut name always keeps it, so the pass stays idempotent, and the
#: skill's own words keep room.
MAX_PREFIX = 32

# Letters NFKD does not decompose into ASCII but that have a conventional ASCII spelling.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@transform("normalize-names", idempotent=True)
def normalize_names(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Make every skill name spec-valid, free of reserved words and unique in the module."""
    prefix = _prefix(ctx.options.name_prefix)
    own = [(start, _prefix(name)) for start, name in ctx.options.name_prefixes]
    taken: set[str] = set()
    last: dict[str, int] = {}
    skills = []
    respelled = _respelled(module.skills, own, prefix)
    for skill in module.skills:
        chosen = _source_prefix(skill, own, prefix)
        raw = chosen if chosen and _is_front_page(skill) else _raw_name(skill)
        if skill.id in respelled:
            raw = "-".join(name_words(raw).split("-")[respelled[skill.id] :])
        name = unique_name(package_name(raw, chosen), taken, last)
        taken.add(name)
        skills.append(replace(skill, name=name, skill_name=skill.skill_name.strip()))
    return replace(module, skills=tuple(skills))


def _prefix(text: str) -> str:
    return name_words(text)[:MAX_PREFIX].strip("-")


def _source_prefix(skill: Skill, own: list[tuple[str, str]], default: str) -> str:
    """The name prefix of the source ``skill`` comes from (its first span's), else
    ``default``: a project may give one source its own (``name-prefix`` on a source)."""
    if own and skill.prov:
        source = skill.prov[0].source
        for start, prefix in own:
            if not start or source.startswith(start) or source == start.rstrip("/"):
                return prefix
    return default


def _respelled(skills: Sequence[Skill], own: list[tuple[str, str]], default: str) -> dict[str, int]:
    """For skills whose source names every one of its skills with leading words that spell
    the name prefix another way, how many words to drop (by skill id).

    A PDF's chapters are named after the document (``auto-multiple-choice-prerequisites``,
    from "Auto Multiple Choice"); with ``--name-prefix amc`` they became
    ``amc-auto-multiple-choice-prerequisites``: the library said twice. Only words every
    skill of the source opens with count (the document's name, not one chapter's title that
    happens to spell the prefix), and a skill keeps at least one word of its own."""
    by_source: dict[str, list[Skill]] = {}
    for skill in skills:
        if skill.prov:
            by_source.setdefault(skill.prov[0].source.partition("#")[0], []).append(skill)
    found: dict[str, int] = {}
    for members in by_source.values():
        prefix = _source_prefix(members[0], own, default)
        named = [name_words(_raw_name(s)).split("-") for s in members]
        shared = _shared_start(named)
        count = _spelled_out(prefix, shared) if len(members) > 1 and prefix else 0
        if count and all(len(words) > count for words in named):
            found.update((s.id, count) for s in members)
    return found


def _shared_start(names: Sequence[Sequence[str]]) -> list[str]:
    """The leading words every one of ``names`` has."""
    shared: list[str] = []
    for words in zip(*names, strict=False):
        if any(word != words[0] for word in words):
            break
        shared.append(words[0])
    return shared


def _spelled_out(prefix: str, words: Sequence[str]) -> int:
    """How many of ``words`` (a name's first) spell ``prefix`` another way: its initials
    (``auto-multiple-choice`` for ``amc``) or its letters run together (``docbook-xsl`` for
    ``docbookxsl``); 0 when none do.

    >>> _spelled_out("amc", ["auto", "multiple", "choice", "usage"])
    3
    >>> _spelled_out("click", ["command", "line"])
    0
    """
    letters = prefix.replace("-", "")
    for count in range(2, len(words) + 1):
        head = words[:count]
        if "".join(w[:1] for w in head) == letters or "".join(head) == letters:
            return count
    return 0


def _is_front_page(skill: Skill) -> bool:
    """Whether ``skill`` is the manual's front page (``index.html``, ``index.md`` at the top),
    named ``index`` by its frontend: it takes the project's name alone, which is what the page
    is about ("beautiful-soup", not "beautiful-soup-index": Beautiful Soup's one-page manual;
    "requests", the front page of Requests' docs). Only a page read from a file of that stem,
    not a chapter titled "Index"."""
    if skill.name != "index" or not skill.prov:
        return False
    base = posixpath.basename(skill.prov[0].source.replace("\\", "/"))
    return base.split(".", 1)[0].lower() == "index"


def _raw_name(skill: Skill) -> str:
    """What the name is made from: the current name, else the title, else the id."""
    return skill.name or skill.skill_name.strip() or skill.id


def name_words(text: str) -> str:
    """``text`` as lowercase ASCII words joined by single hyphens, reserved words removed: the
    words of a package name (spec rules). `skillc.ir.inline.slugify` is the general slug.

    >>> name_words("Ünïcode & Claude's API")
    'unicode-s-api'
    """
    text = unicodedata.normalize("NFKD", text.lower()).translate(_TRANSLITERATE)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _drop_reserved(text)
    return _NON_ALNUM.sub("-", text).strip("-")


def _drop_reserved(text: str) -> str:
    """``text`` without reserved words; repeated because a removal can join a new one."""
    while any(word in text for word in RESERVED_WORDS):
        for word in RESERVED_WORDS:
            text = text.replace(word, "-")
    return text


def package_name(raw: str, prefix: str = "") -> str:
    """A valid name for ``raw``, starting with ``prefix`` (already slugified) when one is given.

    >>> package_name("Options & Flags", "click"), package_name("click: Click Tutorial", "click")
    ('click-options-flags', 'click-tutorial')
    """
    name = name_words(raw) or FALLBACK_NAME
    if prefix and name != prefix and not name.startswith(prefix + "-"):
        name = f"{prefix}-{name}"
    while prefix and name.startswith(f"{prefix}-{prefix}-"):  # "werkzeug: Werkzeug Tutorial"
        name = name[len(prefix) + 1 :]
    return truncate_name(name, MAX_NAME)


def truncate_name(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` characters: at a hyphen, unless that loses over half the limit.

    >>> truncate_name("parse-command-line", 16), truncate_name("a-verylongword", 8)
    ('parse-command', 'a-verylo')
    >>> truncate_name("debug-macros-and-input", 17)
    'debug-macros'

    """
    if len(name) <= limit:
        return name
    if name[limit] == "-":
        return undangled(name[:limit])
    cut = name.rfind("-", 0, limit)
    return undangled(name[:cut]) if cut >= limit // 2 else name[:limit].strip("-")


#: Words a cut name must not end with: they join what the cut removed ("how-to-debug-and") or
#: point at the noun it removed ("choosing-your").
_DANGLING = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "how", "in", "into", "of", "on", "or"}
    | {"the", "to", "with", "your", "my", "our", "their", "its", "this", "these", "those"}
    | {"each", "every"}
)


def undangled(name: str) -> str:
    """``name`` (cut at a hyphen) without the joining words left at its end.

    >>> undangled("updating-the-package-list-and"), undangled("choosing-your")
    ('updating-the-package-list', 'choosing-your')
    >>> undangled("generate-a-changeset-from-a")
    'generate-a-changeset'

    """
    words = name.strip("-").split("-")
    while len(words) > 2 and words[-1] in _DANGLING:
        words.pop()
    return "-".join(words)


def unique_name(name: str, taken: Collection[str], last: dict[str, int] | None = None) -> str:
    """``name``, or ``name-2``, ``name-3``... (cut to stay within `MAX_NAME`), whichever is free.

    ``last``, kept by a caller whose ``taken`` only grows, remembers the number each name got:
    the next search starts after it (every lower one was taken then, so is still), so that a
    tree of 8,000 ``index.md`` pages does not try 32 million names.

    >>> unique_name("intro", {"intro", "intro-2"})
    'intro-3'
    """
    number = 1 if last is None else last.get(name, 1)
    candidate = _numbered(name, number)
    while candidate in taken:
        number += 1
        candidate = _numbered(name, number)
    if last is not None:
        last[name] = number
    return candidate


def _numbered(name: str, number: int) -> str:
    """``name`` for ``number`` 1, else ``name-<number>`` cut to stay within `MAX_NAME`."""
    if number == 1:
        return name
    suffix = f"-{number}"
    return truncate_name(name, MAX_NAME - len(suffix)) + suffix


def shared_words(skills: Sequence[Skill]) -> str:
    """The leading name words every one of two or more ``skills`` has and none is only, as
    a name prefix: the library the pages already name themselves after when no prefix was
    given. AMC's manual (``auto-multiple-choice.en.pdf`` in ``corpora/guides/amc-pdf``)
    gave pages ``auto-multiple-choice-usage`` ... and a catalogue ``amc-pdf-catalog``, named
    after the folder: two names for one library in one listing.

    >>> from skillc.ir.nodes import Skill
    >>> shared_words([Skill(id="a", name="amc-usage"), Skill(id="b", name="amc-latex-file")])
    'amc'
    """
    named = [skill.name.split("-") for skill in skills]
    if len(named) < 2:
        return ""
    shared: list[str] = []
    for words in zip(*named, strict=False):
        if any(word != words[0] for word in words):
            break
        shared.append(words[0])
    return "-".join(shared) if all(len(words) > len(shared) for words in named) else ""
