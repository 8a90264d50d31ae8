"""Assemble one guide page into an SSL `Skill`: sections, scenes, ids and chaining.

Why: a page is one skill; its H1 intro and H2 sections are the natural macro phases (SSL's
scenes), with H3 and deeper subsections rolling up into their H2. This module numbers what the
readers and the step extractor found, chains steps inside scenes and scenes inside the skill,
and fills the scheduling fields the page itself states (name, goal, triggers).

Guarantees: ids are ``B<n>`` (blocks), ``L_<n>`` (steps), ``C<n>`` (constraints), ``S_<n>``
(scenes), numbered in document order and unique within the skill; every scene contains at least
one step and its entry step is its first; step rules end in ``YIELD_SUCCESS`` and scene rules in
``END_SUCCESS``. Fields the page does not state (description, intent signature, tags) are empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from skillc.compiler.frontends.guide import classify as c
from skillc.compiler.frontends.guide.pieces import Event, Piece
from skillc.compiler.frontends.guide.steps import extract
from skillc.compiler.frontends.guide.textutil import (
    NO_TARGETS,
    LineIndex,
    Roles,
    kebab,
    page_stem,
    plain,
    sentences,
    upper_snake,
)
from skillc.ir.nodes import (
    ContentBlock,
    ControlFlow,
    Heading,
    LogicStep,
    Prose,
    Rule,
    Scene,
    Skill,
)
from skillc.ir.replace import replace
from skillc.ir.span import Span
from skillc.ir.vocab import ActType, ConstraintKind, Placement, ResourceScope

# A goal sentence must describe, not point elsewhere, instruct or forbid.
_NOT_DESCRIPTIVE = (
    "see ", "this page", "note", "moved to", "for more", "read ", "refer ", "avoid ", "never ",
    "do not ", "don't ", "always ",
)  # fmt: skip
_MIN_GOAL_WORDS = 5
#: Headings a generator gives every page, which name no page: the page's <title> does
#: (Haddock's module pages: each one's H1 is "Documentation", its title the module's name).
_GENERIC_TITLES = frozenset({"documentation", "contents", "table of contents"})
_SENSITIVE = frozenset({ResourceScope.CREDENTIALS, ResourceScope.NETWORK})


@dataclass(slots=True)
class _Section:
    """An H1 or H2 section (or the text before the first heading) and its events."""

    title: str
    level: int
    events: list[Event] = field(default_factory=list)


def _untitled(stem: str, source_id: str) -> str:
    """The name of a page without a title or H1: its file's (`file_title`) when ``stem`` is
    the one its path gives, else ``stem`` (a PDF part's, which names the part)."""
    if stem != page_stem(source_id):
        return stem
    return file_title(source_id) or stem


def file_title(source_id: str) -> str:
    """A page's file name in words (a folder's index page by its folder's, a README with its
    folder's). Its `page_stem` joins the folders to it with hyphens and keeps underscores:
    Debian's python-black-doc has no titles at all, and its catalogue listed
    "integrations-github_actions" where "github actions" says it.

    >>> file_title("integrations/github_actions.html"), file_title("guide/first-steps/index.html")
    ('github actions', 'first steps')
    >>> file_title("man/README.md")
    'man README'
    """
    folder, _, base = source_id.replace("\\", "/").rpartition("/")
    name = base.rsplit(".", 1)[0]
    above = folder.rpartition("/")[2]
    if name.lower() == "index" and above:
        name = above
    elif name.lower() == "readme" and above:
        name = f"{above} {name}"
    return " ".join(_FILE_WORD_BREAKS.sub(" ", name).split())


#: What separates the words of a file's name.
_FILE_WORD_BREAKS = re.compile(r"[-_.]+")


def _worded(text: str) -> bool:
    return any(char.isalnum() for char in text)


def assemble(
    events: list[Event],
    index: LineIndex,
    stem: str,
    title: str = "",
    roles: Roles = NO_TARGETS,
    name: str = "",
) -> Skill:
    """The skill of one page: ``stem`` is `page_stem` of its source id; ``roles`` how roles in
    its text read (cross-references resolved against the build's targets); ``name`` what its
    package name is made from (`name_stem`), ``stem`` when not given."""
    sections, places = _sections(events, roles)
    found = extract(events, index, places, roles)
    ids = [f"L_{n}" for n in range(1, len(found.steps) + 1)]
    constraints = [replace(k, id=f"C{n}") for n, (_, k) in enumerate(found.constraints, 1)]
    # A heading without a letter or digit names nothing: Debian's python-black-doc, its
    # Markdown rendered as reStructuredText, has H1s "}" and ")" that named skills and runs.
    h1 = next((s.title for s in sections if s.level == 1 and _worded(s.title)), "")
    if h1.casefold() in _GENERIC_TITLES and title:
        h1 = ""  # Haddock's "Documentation" above every module's API: <title> names the module
    skill_name = h1 or title or _untitled(stem, index.source)
    owned: dict[int, list[str]] = {}  # section number -> ids of its steps, in order
    for (number, _), step_id in zip(found.steps, ids, strict=True):
        owned.setdefault(number, []).append(step_id)
    steps = _chain([step for _, step in found.steps], ids, owned)
    scenes = _scenes(sections, owned, index, skill_name, roles)
    prerequisites = tuple(k.text for k in constraints if k.kind is ConstraintKind.PREREQUISITE)
    if scenes and prerequisites:
        scenes[0] = replace(scenes[0], entry_conditions=prerequisites)
    return Skill(
        id=f"SKILL_{upper_snake(stem) or 'PAGE'}",
        prov=(index.whole(),),
        skill_name=skill_name,
        skill_goal=_intro_goal(sections, roles),
        control_flow_features=_flow(steps, found.has_branch),
        entry_scene_id=scenes[0].id if scenes else "",
        subscenes=tuple(s.id for s in scenes),
        name=kebab(name or stem) or "page",
        triggers=_triggers(events, roles),
        constraints=tuple(constraints),
        blocks=_blocks(events),
        scenes=tuple(scenes),
        logic_steps=tuple(steps),
    )


def _sections(events: list[Event], roles: Roles) -> tuple[list[_Section], list[tuple[int, bool]]]:
    """Split at H1/H2 headings; each event's section number and prerequisites flag."""
    sections = [_Section(title="", level=0)]
    chain: dict[int, str] = {}
    # The place changes only at a heading: it is worked out there, not again for every event.
    place = (0, False)
    places: list[tuple[int, bool]] = []
    for event in events:
        heading = _heading(event)
        if heading is not None:
            title = heading_title(heading.text, roles)
            chain = {lvl: t for lvl, t in chain.items() if lvl < heading.level}
            chain[heading.level] = title
            if heading.level <= 2:
                sections.append(_Section(title=title, level=heading.level))
            prerequisites = any(c.PREREQUISITE_HEADINGS.search(t) for t in chain.values())
            place = (len(sections) - 1, prerequisites)
        sections[-1].events.append(event)
        places.append(place)
    return sections, places


def heading_title(text: str, roles: Roles = NO_TARGETS) -> str:
    """A heading's plain text as a title: without the badges beside its words and without
    spacing character references. A README's title is often "Serde JSON &emsp; [![Build
    Status]][travis] [![Latest Version]][crates.io]" (serde_json 1.0.87), which named its
    skill and led its description. A heading of images only keeps their alt text (a logo).

    >>> heading_title("Serde JSON &emsp; [![Build Status]][travis] [![CI](b.svg)](ci)")
    'Serde JSON'
    >>> heading_title("[![ky](logo.svg)](https://ky.dev)"), heading_title("Q&amp;A&nbsp;x")
    ('ky', 'Q&amp;A x')
    """
    if "![" in text:
        words = _IMAGES.sub(" ", text)
        text = words if _worded(plain(words, roles)) else text
    if "&" in text:
        text = _CHARACTER_REFERENCE.sub(_spacing, text)
    return plain(text, roles)


#: A character reference: ``&emsp;``, ``&#160;``, ``&#x2003;``.
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _spacing(match: re.Match[str]) -> str:
    """A space for a reference to a space character (a README's ``&emsp;`` between a title
    and its badges), the reference as written otherwise."""
    import html

    return " " if html.unescape(match.group()).isspace() else match.group()


def _heading(event: Event) -> Heading | None:
    """The heading an event is, unless it sits inside an admonition."""
    if isinstance(event, Piece) and isinstance(event.block, Heading) and not event.admonition:
        return event.block
    return None


def _scenes(
    sections: list[_Section],
    owned: dict[int, list[str]],
    index: LineIndex,
    skill_name: str,
    roles: Roles,
) -> list[Scene]:
    """One scene per section that owns steps, chained in document order."""
    numbered = [(n, sections[n]) for n in sorted(owned)]
    scenes: list[Scene] = []
    for k, (n, section) in enumerate(numbered, 1):
        follow = f"S_{k + 1}" if k < len(numbered) else "END_SUCCESS"
        scenes.append(
            Scene(
                id=f"S_{k}",
                prov=(_section_span(section, index),),
                scene_name=section.title or skill_name,
                scene_type=c.scene_type(section.title),
                scene_goal=_goal(section.events, roles),
                entry_logic_step_id=owned[n][0],
                contained_logic_steps=tuple(owned[n]),
                next_scene_rules=(Rule(condition="success", target=follow),),
            )
        )
    return scenes


def _chain(steps: list[LogicStep], ids: list[str], owned: dict[int, list[str]]) -> list[LogicStep]:
    """The steps with their ids, each with its rule to the next step of its scene; the last one
    yields to the scene."""
    following: dict[str, str] = {}
    for in_scene in owned.values():
        following.update(zip(in_scene, [*in_scene[1:], "YIELD_SUCCESS"], strict=True))
    return [
        replace(s, id=i, next_step_rules=(Rule(condition="default", target=following[i]),))
        for s, i in zip(steps, ids, strict=True)
    ]


def _section_span(section: _Section, index: LineIndex) -> Span:
    spans = [e.span for e in section.events]
    return index.chars_span(min(s.start for s in spans), max(s.end for s in spans))


def _goal(events: list[Event], roles: Roles) -> str:
    """The first sentence of a section's first paragraph, if it describes; else ``""``.

    Removed text and admonitions (asides, not the section's own statement) are skipped, and so
    is a tagline under the title (MkDocs' "Extending MkDocs" above "The MkDocs Developer Guide
    provides documentation for ..."): its page was described as "Covers developer guide."; and
    so is an epigraph there (`_epigraph`).
    """
    tagline = True  # only a first paragraph can be the title's tagline
    for event in events:
        if isinstance(event, Piece) and isinstance(event.block, Prose) and event.texts:
            if event.block.placement is Placement.REMOVED or event.admonition:
                continue
            raw = event.texts[0]
            if _IMAGE_ONLY.fullmatch(raw.strip()) or _LINKS_ONLY.fullmatch(raw.strip()):
                continue  # a figure, badges: their alt texts are not the goal
            if tagline and (_tagline(raw) or _epigraph(raw)):
                tagline = False
                continue
            first = _past_greeting(raw, sentences(raw))[:1]
            fragment = raw[first[0][0] : first[0][1]] if first else ""
            sentence = plain(event.rewrite(fragment, roles), roles) if first else ""
            return sentence if _descriptive(sentence) else ""
    return ""


def _tagline(raw: str) -> bool:
    """Whether a paragraph is a subtitle: a few plain words on one line ("Extending MkDocs").
    A label with a value (python's "Source code: Lib/abc.py") is not: it is not what the page
    says of itself, and the goal stays unsaid there as before."""
    text = raw.strip()
    return 0 < len(text.split()) < _MIN_GOAL_WORDS and bool(_PLAIN_WORDS.fullmatch(text))


def _epigraph(raw: str) -> bool:
    """Whether a first paragraph is a quotation standing alone, as an epigraph: Beautiful
    Soup's manual opens with one from Alice in Wonderland ("The Fish-Footman began by
    producing from under his arm a great letter..."), which became its description."""
    text = raw.strip().rstrip(".")
    return len(text) > 2 and text[0] in _OPEN_QUOTES and text[-1] in _CLOSE_QUOTES


#: An image, inline (``![alt](src)``) or by reference (``![alt][ref]``, ``![alt]``), alone or
#: as a link's text (a badge: ``[![Build Status]][travis]``).
_IMAGE = r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?"
_LINKED_IMAGE = rf"\[\s*{_IMAGE}\s*\](?:\([^)]*\)|\[[^\]]*\])?|{_IMAGE}"
#: A paragraph of images only: a figure (Beautiful Soup's epigraph is an illustration whose
#: alt text holds the quotation) or a row of badges, whose alt texts ("ci NPM version
#: js-standard-style Coverage") were yargs 18.2.0's README's goal.
_IMAGE_ONLY = re.compile(rf"(?:{_LINKED_IMAGE})(?:\s+(?:{_LINKED_IMAGE}))*")
#: A paragraph of two or more links and nothing else (separators aside): reStructuredText's
#: badges (``|pypi| |conda-forge| |versions|``, images whose substitution names are their
#: alt text) read as links, and pluggy 1.5.0's README was described as "Pypi conda-forge
#: versions github-actions Join the chat at ... black Code coverage Status".
_LINK = r"\[[^\]]+\]\([^)]*\)"
_LINKS_ONLY = re.compile(rf"{_LINK}(?:[\s|\u00b7\u2022,]+{_LINK})+")
#: Every image and linked image of a text (`heading_title`).
_IMAGES = re.compile(_LINKED_IMAGE)
_OPEN_QUOTES = frozenset('"\u201c\u201e\u00ab')
_CLOSE_QUOTES = frozenset('"\u201d\u00bb')


#: Words and the spaces, hyphens and apostrophes between them: no colon, slash or period.
_PLAIN_WORDS = re.compile(r"[^\W\d_][\w'\u2019 -]*")


#: A front page's greeting ("Welcome to Flask's documentation."): it names the library, not
#: what the page covers, which the sentence after it says.
_GREETING = re.compile(r"^\W*(?:welcome\b|hello\b|hi\b|thanks? (?:you )?for\b)", re.IGNORECASE)


def _past_greeting(raw: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``found`` sentence spans of ``raw`` from the first that is not a greeting."""
    at = 0
    while at < len(found) - 1 and _GREETING.match(raw[found[at][0] : found[at][1]]):
        at += 1
    return found[at:]


def _descriptive(sentence: str) -> bool:
    lowered = sentence.lower()
    return (
        len(sentence.split()) >= _MIN_GOAL_WORDS
        and not sentence.rstrip().endswith((":", "?"))
        and not lowered.startswith(_NOT_DESCRIPTIVE)
        and c.imperative(sentence) is None
    )


def _intro_goal(sections: list[_Section], roles: Roles) -> str:
    """The goal read from the page's intro: the text under the first H1 (or before any)."""
    intro = next((s for s in sections if s.level == 1), sections[0])
    return _goal(intro.events, roles)


def _triggers(events: list[Event], roles: Roles) -> tuple[str, ...]:
    """H2 and H3 heading texts, plain, in order, without repeats.

    An API entry's heading is its signature in a code span (`` `os.path.join(path, *paths)` ``);
    a task names the function, not its parameters, so only the name before ``(`` is kept.
    """
    seen: dict[str, None] = {}
    for event in events:
        heading = _heading(event)
        if heading is not None and heading.level in (2, 3):
            text = _signature_name(heading.text) or plain(heading.text, roles)
            if text:
                seen.setdefault(text, None)
    return tuple(seen)


_SIGNATURE = re.compile(r"^`+\s*(?:[\w.*]+\s+)*?\**([\w.:]+)\s*\(.*`+$", re.DOTALL)


def _signature_name(text: str) -> str:
    """The called name of a heading that is a signature in a code span, else ``""``.

    >>> _signature_name("`class zipfile.ZipFile(file, mode='r')`"), _signature_name("Install")
    ('zipfile.ZipFile', '')
    """
    match = _SIGNATURE.match(text.strip())
    return match.group(1) if match else ""


def _blocks(events: list[Event]) -> tuple[ContentBlock, ...]:
    pieces = [e for e in events if isinstance(e, Piece)]
    return tuple(replace(p.block, id=f"B{n}", prov=(p.span,)) for n, p in enumerate(pieces, 1))


def _flow(steps: list[LogicStep], has_branch: bool) -> ControlFlow:
    return ControlFlow(
        has_branch=has_branch,
        has_loop=any(c.loops(s.text) for s in steps),
        has_tool_call=any(s.act_type is ActType.CALL_TOOL for s in steps),
        touches_sensitive_resources=any(s.resource_scope in _SENSITIVE for s in steps),
    )
