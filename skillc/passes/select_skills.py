"""Choose the pages that become skills; every other page is listed with one of a few reasons.

DESIGN.md: "task-oriented sections become skills". People also compile a library's manual to
give an agent the library's knowledge: URL routing, exceptions, context locals, a middleware's
options are reference and concept pages, without steps, and the pages a developer reads most. So
by default (``pages="all"``) a page with steps is a task skill and a page without steps a
reference skill (the catalog routes to both; progressive disclosure moves what does not fit the
body to ``references/``). ``pages="tasks"`` keeps today's stricter selection for users who want
task skills only.

Skipping stays for pages with nothing an agent can use, from a short fixed list of reasons
(`SKIP_REASONS`): release notes, licence texts, a site's not-found page, empty pages and, with
``pages="tasks"``, pages without steps. Release notes are skipped, steps or not: "Fix a crash
in ..." reads as an instruction, but a changelog says what changed in a version, not how to do
a task, and a documentation tree can hold hundreds of them (sqlite ships one page per release:
180 of its 412 otherwise emitted skills). Release notes are recognised by their title
(`RELEASE_NOTES`), licences by their title or their terms (`LICENCE`, `LICENCE_TERMS`: a BSD
licence's numbered conditions read as steps), never by their folder. Generated navigation
(index and search pages) is skipped before reading, by the driver (SK042); a table of contents
read as a section of its own (a PDF outline's opening "Contents", its entries removed) here.

Skipped pages are not dropped silently: each is recorded as a `SkippedPage` (``ctx.skip``),
which reports it as an INFO diagnostic naming the source and the reason (SK041); the build
manifest lists them.
"""

from __future__ import annotations

import re

from skillc.ir.nodes import Code, Heading, ListBlock, Prose, Skill, SkillModule
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, transform
from skillc.passes.skipped import NO_PROCEDURE, SkippedPage

SKIP_CODE = NO_PROCEDURE
#: Titles of release notes: "Changelog", "Release History", "What's New in 3.11",
#: "SQLite Release 3.40.1 On 2022-12-28", "Version 8.2.0", "Recent News", Celery's "Change
#: history for Celery 2.1", behave's "New and Noteworthy" and "Noteworthy in Version 1.2.4".
RELEASE_NOTES = re.compile(
    r"^\W*(change[ _-]?log|changes|release[ _-]notes|release history|history of changes"
    r"|(recent )?news"
    r"|change history\b.*|new and noteworthy\b.*|noteworthy in version \d+(\.\d+)+\b.*"
    r"|what['’]?s new\b.*|version \d+(\.\d+)+\b.*)\W*$"
    r"|\brelease \d+(\.\d+)+\b",
    re.IGNORECASE,
)
#: File names of release notes whose title does not say so: Django REST framework's
#: ``community/3.14-announcement/`` pages are titled "Django REST framework 3.14" (only their
#: ``<title>`` says "3.14 Announcement"), and fifteen of them were emitted as skills.
RELEASE_FILE = re.compile(
    r"^(?:v?\d+(?:[._]\d+)+[-_ ](?:announcement|release(?:[-_ ]notes)?)"
    r"|(?:release|announcement)[-_ ]?v?\d+(?:[._]\d+)+)$",
    re.IGNORECASE,
)
#: Titles of licence texts: "License", "BSD-3-Clause License", "The MIT Licence", "Copyright",
#: after a manual's numbering ("Appendix C GNU Free Documentation License": `_NUMBERING`), and
#: with what a project puts beside its licence ("Licensing", structlog's "License and Hall of
#: Fame", "License and Credits").
LICENCE = re.compile(
    r"^\W*(the\s+)?([\w.+-]+\s+){0,3}licen[cs](?:es?|ing)(\s+agreement)?"
    r"(?:\s+(?:and|&)\s+[\w'-]+(?:\s+[\w'-]+){0,2})?\W*$|^\W*copyright\b.{0,40}$",
    re.IGNORECASE,
)
#: Phrases only licence terms use: BSD, MIT, Apache, GPL and public-domain texts.
LICENCE_TERMS = re.compile(
    r"redistribution and use in source and binary forms|permission is hereby granted"
    r"|provided by the copyright holders|without warranty of any kind|without warranties or"
    r"|licensed under the apache|general public license|free documentation license"
    r"|this (?:program|library|software) is free software|dedicated to the public domain"
    r"|warranties of merchantability",
    re.IGNORECASE,
)
_NUMBERING = re.compile(
    r"^\s*(?:(?:appendix|annex|chapter|part)\s+)?(?:[A-Z]|[IVX]+|\d+)(?:\.\d+)*[.:]?\s+(?=\w)",
    re.IGNORECASE,
)
#: Words of licence blocks: copyright (a whole word), licen[cs]..., warrant..., any case. Written
#: as a first-letter class (the only characters that match c, l or w without case: sre skips to
#: them in C), the word start and each word's rest checked behind it: the same matches as
#: ``\bcopyright\b|\blicen[cs]|\bwarrant`` ignoring case, about three times as fast (every
#: block of every page is searched).
_LEGAL_WORDS = re.compile(
    r"[CLWclw](?<=\b[CLWclw])(?i:(?<=c)opyright\b|(?<=l)icen[cs]|(?<=w)arrant)"
)
#: Titles of a site's not-found page ("404", "Page Not Found", "404: File not found"), which
#: documentation themes build beside the manual (sphinx-notfound-page, MkDocs' 404.html).
NOT_FOUND = re.compile(
    r"^\W*(?:(?:error\s+)?404\b[\s:.—–-]*)?(?:(?:page|file|document)\s+)?not\s+found\W*$"
    r"|^\W*(?:error\s+)?404\W*$",
    re.IGNORECASE,
)
#: Every reason a page is skipped (the manifest's ``skipped`` entries say one of these).
RELEASE_NOTES_REASON = "release notes, not a procedure"
LICENCE_REASON = "licence text"
EMPTY_REASON = "empty page"
NO_STEPS_REASON = "no procedural content (no steps)"
NOT_FOUND_REASON = "the site's not-found (404) page"
CONTENTS_REASON = "table of contents (navigation)"
INDEX_REASON = "index (navigation)"
SKIP_REASONS: tuple[str, ...] = (
    RELEASE_NOTES_REASON,
    LICENCE_REASON,
    EMPTY_REASON,
    NO_STEPS_REASON,
    NOT_FOUND_REASON,
    CONTENTS_REASON,
    INDEX_REASON,
)
#: The title of a table of contents ("Contents", "Table of Contents"): a PDF's outline often
#: opens with one, printed on the title page.
_CONTENTS = re.compile(r"^\W*(?:table\s+of\s+)?contents\W*$", re.IGNORECASE)
#: A back-of-book index's title ("Index", "Index of Commands", "Concept Index").
_INDEX_TITLE = re.compile(r"\bindex(?:es)?\b", re.IGNORECASE)
#: A line of a printed index: an entry and its page numbers ("bar, 12, 40-42"), a letter
#: heading ("B"), texinfo's note for an index with no entry ("(Index is nonexistent)"), or
#: the index's own title set as text on its first page (gnuplot.pdf's "Index"); an entry's
#: page numbers may go on over the next line (a comma ends this one).
_INDEX_LINE = re.compile(
    r"^(?:.*\S[\s,.]+\d+(?:\s*[,–-]\s*\d+)*,?|[A-Z]|\(index is nonexistent\)"
    r"|(?:\w+\s+){0,3}index(?:es)?(?:\s+\w+){0,3})$",
    re.IGNORECASE,
)


@transform("select-skills", idempotent=True)
def select_skills(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Drop the pages an agent cannot use (and, with ``pages="tasks"``, pages without steps),
    reporting each with its reason."""
    kept = []
    for skill in module.skills:
        reason = skip_reason(skill, tasks_only=ctx.options.pages == "tasks")
        if not reason:
            kept.append(skill)
            continue
        span = skill.prov[0] if skill.prov else None
        path = span.source if span is not None else ""
        title = skill.skill_name or skill.id
        ctx.skip(SkippedPage(path=path, title=title, reason=reason, code=SKIP_CODE, span=span))
    return replace(module, skills=tuple(kept))


def skip_reason(skill: Skill, *, tasks_only: bool = False) -> str:
    """Why ``skill`` is not emitted (one of `SKIP_REASONS`), or ``""`` when it is."""
    title = skill.skill_name.strip()
    if RELEASE_NOTES.search(title) or RELEASE_FILE.match(_file_name(skill)):
        return RELEASE_NOTES_REASON
    if is_licence(skill):
        return LICENCE_REASON
    if NOT_FOUND.search(title):  # "Go back to the home page" is no task either
        return NOT_FOUND_REASON
    if not is_task_oriented(skill):
        if is_index(skill):
            return INDEX_REASON
        if tasks_only:
            return NO_STEPS_REASON
        if not has_content(skill):
            return CONTENTS_REASON if is_contents_title(title) else _empty_reason(skill)
    return ""


def _file_name(skill: Skill) -> str:
    """The name of the file the page came from, without its suffix; a folder's index page
    (MkDocs' directory URLs: ``3.14-announcement/index.html``) by its folder's name."""
    source = skill.prov[0].source.partition("#")[0] if skill.prov else ""
    folder, _, base = source.replace("\\", "/").rpartition("/")
    if base.partition(".")[0].lower() in ("index", "readme") and folder:
        return folder.rpartition("/")[2]
    return base.rsplit(".", 1)[0]


def is_contents_title(text: str) -> bool:
    """Whether ``text`` titles a table of contents, which is navigation, not content.

    >>> is_contents_title("Table of Contents"), is_contents_title("Contents of the package")
    (True, False)
    """
    return bool(_CONTENTS.match(text))


def is_index(skill: Skill) -> bool:
    """Whether ``skill`` is a printed book's index: titled as one, and every line of its text
    an entry with page numbers, a letter heading, or texinfo's "(Index is nonexistent)" (a PDF
    chapter "Index of Commands" held only that). Page numbers point into the printed book, not
    into the skills, so nothing in it is usable; a page with code, or one line of running text,
    is kept.

    >>> note = Prose(id="P", text="(Index is nonexistent)")
    >>> page = Skill(id="S", skill_name="Index of Commands", blocks=(note,))
    >>> is_index(page), is_index(replace(page, skill_name="Commands"))
    (True, False)
    >>> titled = (Prose(id="T", text="Index"), Prose(id="E", text="+, 114 ++, 114, 122 2D, 211"))
    >>> is_index(Skill(id="G", skill_name="Part VI Index", blocks=titled))
    True
    """
    if not _INDEX_TITLE.search(skill.skill_name) or any(
        isinstance(b, Code) and b.placement is not Placement.REMOVED for b in skill.blocks
    ):
        return False
    lines = [line.strip() for text in _texts(skill) for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_INDEX_LINE.match(line) for line in lines)


def is_licence(skill: Skill) -> bool:
    """True for a licence text: a licence title ("BSD-3-Clause License") over a page without
    steps or one that quotes licence terms (a BSD licence's numbered conditions read as steps),
    or any page whose text is licence terms (two or more of `LICENCE_TERMS`' phrases, and
    blocks naming copyright, licence or warranty holding three quarters of its words: a
    manual's front page that quotes its licence beside its abstract is no licence)."""
    title = skill.skill_name.strip()
    if LICENCE.search(title) or LICENCE.search(_NUMBERING.sub("", title, count=1)):
        return not is_task_oriented(skill) or any(
            LICENCE_TERMS.search(text) for text in _texts(skill)
        )
    texts = _texts(skill)
    words = licensed = 0
    for text in texts:
        count = len(text.split())
        words += count
        if _LEGAL_WORDS.search(text):
            licensed += count
    if 4 * licensed < 3 * words:
        return False  # decided without the phrases: scanning every page for them cost more
    found = {m.group().lower() for text in texts for m in LICENCE_TERMS.finditer(text)}
    return len(found) >= 2


def _texts(skill: Skill) -> list[str]:
    """The texts of the page's blocks (a list's items one by one), headings and removed
    blocks (a table of contents) left out."""
    out: list[str] = []
    for block in skill.blocks:
        if block.placement is Placement.REMOVED:
            continue
        if isinstance(block, ListBlock):
            out.extend(block.items)
        elif isinstance(block, Prose | Code):
            out.append(block.text)
    return out


def has_content(skill: Skill) -> bool:
    """True when the page holds something besides its headings and markup the frontend could
    not render (a Sphinx ``automodule`` whose text lives in the package's source)."""
    return any(
        not isinstance(block, Heading) and block.placement is not Placement.REMOVED
        for block in skill.blocks
    )


def _empty_reason(skill: Skill) -> str:
    """`EMPTY_REASON`, with why the first removed block was removed when there is one."""
    removed = [b.reason for b in skill.blocks if b.placement is Placement.REMOVED and b.reason]
    return f"{EMPTY_REASON}: {removed[0]}" if removed else f"{EMPTY_REASON} (headings only)"


def is_task_oriented(skill: Skill) -> bool:
    """A skill is task-oriented when the frontend found at least one step in it."""
    return bool(skill.logic_steps)
