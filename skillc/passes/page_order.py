"""A numbered manual's pages in its own order, and the short titles that name a run of them.

Why: a texinfo manual (m4, sed, gawk) is one folder of files named after their nodes
(``Arguments.html``, ``Changecom.html``), so file order is alphabetical, and a chapter cut from
it mixed "17 Correct version of some examples", "5.2 Arguments to macros" and "12 Macros for
doing arithmetic". The manual's order is written in the titles themselves: its section numbers
(``5.2``, ``A.1``, ``Appendix B``). When most pages of a group carry one, they are put in
that order after the front page and the unnumbered front matter ("Overview"); nothing moves in
a manual that does not number its sections.

A run of such pages is named by its chapters, the pages with the shortest numbers ("Invoking
m4", "How to invoke macros"), not by the words its titles share ("macro, 10, output").

Cost: one regular-expression match per page and one sort: linear in the pages (plus the sort).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from skillc.ir.inline import plain
from skillc.ir.nodes import Heading, Skill, Source

#: A section number opening a title: "5.2 ", "17 ", "A.1 ", "Appendix B ", "Chapter 6. ".
_NUMBER = re.compile(
    r"^(?:(?:Chapter|Appendix|Section|Part)\s+(?P<named>[A-Z]|\d{1,3})"
    r"|(?P<letter>[A-Z])(?=\.\d)|(?P<digits>\d{1,3}))"
    r"(?P<rest>(?:\.\d{1,3})*)[.:]?\s+(?=\S)"
)
#: A page title's summary after its subject ("bisect — Array bisection algorithm").
_DASH = re.compile(r"\s+[—–]\s+")
#: A manual's name after a page's title ("Frozen files (GNU M4 1.4.19 macro processor)").
_SUFFIX = re.compile(r"\s*\(([^()]{3,})\)\s*$")
#: A manual page's title: its command and section ("gitattributes(5)"), as asciidoc writes it
#: ("git-add(1) Manual Page").
_MAN_PAGE = re.compile(r"^(\S+)\(\d\w{0,3}\)(?:\s+Manual Page)?$", re.IGNORECASE)
#: Articles that open a title and route nothing ("The SQLite Amalgamation").
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
#: Doxygen's page title of a compound says its kind ("sigc::trackable Struct Reference",
#: "sigc Namespace Reference"): words every page of an API reference repeats.
_DOXYGEN_KIND = re.compile(
    r"\s+(?:Class|Struct|Union|Interface|Namespace|File|Module|Protocol|Category|Exception"
    r"|Enum)(?: Template)? Reference$"
)
#: A C++ template's parameters as Doxygen writes them (``sigc::slot< T_return(T_arg...) >``,
#: one level of nesting): the name is what a router reads.
_TEMPLATE = re.compile(r"(?<=[\w:])< (?:[^<>]|<[^<>]*>)*>")
#: A version number ("Python 3.11.2 Documentation"), which no name should carry: it changes
#: with every release and a request does not say it.
_VERSION = re.compile(r"\bv?\d+(?:\.\d+)+\b")
#: How many chapters or pages name a run.
NAMING_TITLES = 3


def title(skill: Skill) -> str:
    """The title a page was read with, else (when that has no section number and its first
    heading has: a texinfo ``<title>`` says "Frozen files", its heading "15.1 Frozen files")
    the first heading."""
    name = " ".join(plain(skill.skill_name).split())
    if section_key(name) is not None:
        return name
    first = next((b.text for b in skill.blocks if isinstance(b, Heading)), "")
    heading = " ".join(plain(first).split())
    return heading if section_key(heading) is not None or not name else name


def section_key(text: str) -> tuple[int, ...] | None:
    """The section number opening ``text`` as a sort key (appendices after chapters), or None.

    >>> section_key("5.2 Arguments"), section_key("A.1 License"), section_key("Appendix B Copying")
    ((5, 2), (1000, 1), (1001,))
    >>> section_key("A Tutorial") is None, section_key("Macros") is None
    (True, True)
    """
    found = _NUMBER.match(text)
    if found is None:
        return None
    head = found.group("named") or found.group("letter") or found.group("digits")
    first = int(head) if head.isdigit() else 1000 + ord(head) - ord("A")
    return (first, *(int(p) for p in found.group("rest").split(".") if p))


def reading_order(pages: Sequence[Skill]) -> list[Skill]:
    """``pages`` in the manual's order when at least half of them (two or more) are numbered:
    a folder's front page (``index.html``, texinfo's Top node) first, then the unnumbered ones
    as they came (the front matter: "Overview", "Preface"), then the numbered ones by number.
    Otherwise ``pages`` as they came."""
    keys = [section_key(title(page)) for page in pages]
    if not _mostly(sum(key is not None for key in keys), len(pages)):
        return list(pages)
    ranked = sorted(
        range(len(pages)),
        key=lambda i: (not _is_front(pages[i]), keys[i] is not None, keys[i] or (), i),
    )
    return [pages[i] for i in ranked]


def _is_front(page: Skill) -> bool:
    return _source(page).rpartition("/")[2].lower() in ("index.html", "index.htm")


def toc_order(members: Sequence[Skill], sources: Sequence[Source]) -> list[Skill]:
    """``members`` in the order the manual's tables of contents read them
    (`Source.position`) when they all have a place in it but at most one page, else as they
    came: a DocBook tutorial's files sort "chapter-advanced.html" before
    "chapter-introduction.html". The page without a place goes first when it is a front page
    (``index``, ``README``), else last.

    Why one page may have none: an older Sphinx layout roots its toctree in ``contents`` and
    keeps ``index`` apart, as the front page no toctree lists (Debian's python-doit-doc), and
    that page alone left the whole manual in file order: runs "cmd_other ... extending" and
    "faq, index, install ... uptodate" instead of the manual's own. Flask's patterns chapter
    keeps the retired ``jquery`` page out of its toctree: an orphan that is no front page."""
    places = {source.id: source.position for source in sources if source.position}
    if not places:
        return list(members)
    apart = {_source(m) for m in members if _source(m) not in places}
    if len(apart) > 1:
        return list(members)
    orphan = [m for m in members if _source(m) in apart]
    placed = sorted((m for m in members if _source(m) in places), key=lambda m: places[_source(m)])
    front = all(p.rpartition("/")[2].partition(".")[0].casefold() in _FRONT for p in apart)
    return orphan + placed if front else placed + orphan  # sorted is stable: a page's skills


#: The file stems of a folder's front page.
_FRONT = ("index", "readme")


def _source(page: Skill) -> str:
    """The file a page came from (a PDF's spans name pages: ``bashref.pdf#p10``)."""
    return page.prov[0].source.partition("#")[0] if page.prov else ""


def chapter_runs(pages: Sequence[Skill]) -> list[slice]:
    """``pages`` (in reading order) cut before each numbered chapter (a page whose number has
    one part: "5 How to define new macros", "Appendix A ..."): a run of a numbered manual then
    starts and ends with whole chapters. One slice per page when the pages are not numbered."""
    if not numbered(pages):
        return [slice(i, i + 1) for i in range(len(pages))]
    starts = [0]
    for i, page in enumerate(pages[1:], 1):
        key = section_key(title(page))
        if key is not None and len(key) == 1:
            starts.append(i)
    return [slice(a, b) for a, b in zip(starts, [*starts[1:], len(pages)], strict=True)]


def numbered(pages: Sequence[Skill]) -> bool:
    """Whether at least half of ``pages`` (two or more) open with a section number."""
    return _mostly(sum(section_key(title(p)) is not None for p in pages), len(pages))


def _mostly(count: int, total: int) -> bool:
    return count >= 2 and 2 * count >= total


def short_title(text: str, manual: str = "") -> str:
    """``text`` as a router reads it: without its section number, the ``manual``'s name in
    brackets after it, an opening article, or the summary after a dash.

    >>> short_title("15.1 Using frozen files (GNU M4 macro processor)", "GNU M4 macro processor")
    'Using frozen files'
    >>> short_title("bisect — Array bisection algorithm"), short_title("The WITH Clause")
    ('bisect', 'WITH Clause')

    A Doxygen compound's page is named by the compound: its kind and template parameters go
    (libsigc++'s reference: "sigc::bind_functor< I_location, T_functor > Struct Template
    Reference", whose descriptions read "... less than I_location, T_functor greater than").

    >>> short_title("sigc::signal< T_return(T_arg...) >::accumulated Class Template Reference")
    'sigc::signal::accumulated'

    A manual page is named by its command: asciidoc titles git's "git-add(1) Manual Page",
    which made run names such as ``git-add-1-manual-page`` and descriptions that said
    "Manual Page" for every page they listed.

    >>> short_title("git-add(1) Manual Page"), short_title("gitattributes(5)")
    ('git-add', 'gitattributes')
    """
    man = _MAN_PAGE.match(text)
    if man is not None:
        return man.group(1)
    found = _NUMBER.match(text)
    text = text[found.end() :] if found else text
    text = _TEMPLATE.sub("", _DOXYGEN_KIND.sub("", text)).strip() or text
    suffix = _SUFFIX.search(text)
    if suffix and manual and suffix.group(1) == manual:
        text = text[: suffix.start()]
    text = _DASH.split(text, maxsplit=1)[0]
    return _ARTICLE.sub("", text).strip() or text.strip()


def manual_suffix(pages: Sequence[Skill]) -> str:
    """The bracketed name of three words or more that several of ``pages``' titles end with
    (texinfo's ``<title>`` "Node (Manual)", where a page's title is read from it), or ``""``:
    words that tell no page apart."""
    found = [_SUFFIX.search(page.skill_name) for page in pages]
    names = [m.group(1) for m in found if m and len(m.group(1).split()) >= 3]
    best = max(sorted(set(names)), key=names.count, default="")
    return best if names.count(best) >= 2 else ""


def naming_titles(
    run: Sequence[Skill], skip: str = "", weigh: Callable[[Skill], int] | None = None
) -> list[str]:
    """The short titles that name a ``run`` of pages, in reading order: its chapters (the
    pages with the fewest section number parts) when it is numbered, else its heaviest pages
    by ``weigh`` (their sections: "Testing Click Applications", not "Why Click?"), else its
    first; ``skip`` (the chapter's own title) and repeats left out, at most `NAMING_TITLES`."""
    keys = [section_key(title(page)) for page in run] if numbered(run) else [None] * len(run)
    depth = min((len(k) for k in keys if k is not None), default=0)
    heads = [p for p, k in zip(run, keys, strict=True) if k is not None and len(k) == depth]
    candidates: dict[str, int] = {}  # short title -> its first page's place in the run
    versioned: dict[str, int] = {}  # titles that name a release: named by only when needed
    for at, page in enumerate(heads or run):
        short = short_title(unnumbered_title(page))
        if short and short.casefold() != skip.casefold():
            unversioned = " ".join(_VERSION.sub(" ", short).split())
            found = versioned if unversioned != short else candidates
            found.setdefault(unversioned, at)
    candidates = candidates or versioned
    pages = heads or run
    if not heads and weigh is not None:  # the heaviest, ties by place
        ranked = sorted(candidates, key=lambda t: (-weigh(pages[candidates[t]]), candidates[t]))
        kept = set(ranked[:NAMING_TITLES])
        return [t for t in candidates if t in kept]
    return list(candidates)[:NAMING_TITLES]


def unnumbered_title(page: Skill) -> str:
    """The page's title without its section number."""
    text = title(page)
    found = _NUMBER.match(text)
    return text[found.end() :] if found else text


#: A title opening with a namespace: "email.charset: ...", "email: Examples".
_NAMESPACE = re.compile(r"^([A-Za-z_]\w*)(?:\.(?=\w)|: )")


def namespace(titles: Sequence[str]) -> str:
    """The namespace every one of two or more ``titles`` opens with (or is), else ``""``.

    Python's email chapter titles each page by its module ("email.charset: Representing
    character sets", "email.errors: ...", "email: Examples"): said in every title of the
    folded skill's "what" and "use when" parts, "email" was most of what its three skills'
    descriptions shared (lint's SC105, 0.64 alike). Said once, the modules tell them apart.

    >>> namespace(["email.charset: Character sets", "email: Examples"])
    'email'
    >>> namespace(["email", "email.header: Internationalized headers"])  # the package's page
    'email'
    >>> namespace(["email.charset: Character sets", "json: JSON"]), namespace(["email.x"])
    ('', '')
    """
    opened = (_NAMESPACE.match(t) for t in titles) if len(titles) > 1 else iter(())
    found = next((m for m in opened if m is not None), None)
    if found is None:
        return ""
    name = found.group(1)
    inside = all(t == name or (_NAMESPACE.match(t) and unspaced(t, name) != t) for t in titles)
    return name if inside and any(t != name for t in titles) else ""


def unspaced(title: str, name: str) -> str:
    """``title`` without the namespace ``name`` it opens with ("email.charset: ..." ->
    "charset: ...", "email: Examples" -> "Examples")."""
    for opening in (f"{name}.", f"{name}: "):
        if name and title.startswith(opening) and len(title) > len(opening):
            return title[len(opening) :]
    return title
