"""Fold a manual's pages into fewer, larger skills: one per chapter, or one for the manual.

Why: clients give the skill listing about 1% of the context window. A 1,200-page manual
compiled page by page lists ~480 skills (a 23,000-token listing) that no agent sees whole.
Option ``group`` chooses the grain (`PassOptions.group`):

- ``page`` (no change): one skill per page, as the frontends read them;
- ``chapter``: the pages of one chapter of the manual's own tree (their breadcrumbs,
  `skillc.passes.manual_tree`: "Text Processing Services"), else of one folder of the source
  tree, fold into one topic skill, labelled by the chapter's title, and a run of it by the
  titles of its chapters or main pages (`skillc.passes.page_order`). A chapter is sized so
  that a description can route it: at most `MAX_CHAPTER_SECTIONS` sections and
  `MAX_CHAPTER_PAGES` pages, else cut into runs in reading order (a numbered manual's own
  order, cut between its chapters). A source that yields several skills by itself
  (a PDF's outline chapters) keeps them, since they are chapters already;
- ``manual``: every page folds into one skill.

A folded skill's body is its title, then each page under its own second-level heading (the
page's headings one level down), so progressive disclosure moves each page to its own
reference file and the body keeps the pointers: a table of contents. Nothing is dropped: the
pages' blocks, scenes, steps and constraints are all kept, their ids prefixed with the page's
number in the group so they stay unique, and their provenance unioned into the skill's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from skillc.ir.inline import plain
from skillc.ir.layout import LISTED_REASON
from skillc.ir.nodes import ContentBlock, Heading, Prose, Rule, Skill, SkillModule, Source
from skillc.ir.replace import replace
from skillc.ir.vocab import SCENE_TERMINALS, STEP_TERMINALS, Placement
from skillc.passes.key_terms import KeyTerms, unnumbered
from skillc.passes.library_index import chunk_label, library_of
from skillc.passes.manual_tree import (
    MAX_CHAPTER_PAGES,
    MAX_CHAPTER_SECTIONS,
    chapter_keys,
    chapter_title,
    names_the_manual,
    repository_tops,
    runs,
    trails,
)
from skillc.passes.merge_duplicates import union
from skillc.passes.normalize_names import name_words, package_name, shared_words, unique_name
from skillc.passes.page_order import (
    chapter_runs,
    manual_suffix,
    namespace,
    naming_titles,
    reading_order,
    short_title,
    toc_order,
    unspaced,
)
from skillc.passes.progressive_disclosure import LISTED_SLUG_CHARS, reference_path
from skillc.passes.registry import PassContext, transform
from skillc.passes.router import terms

_TERMINALS = frozenset(SCENE_TERMINALS) | frozenset(STEP_TERMINALS)
_LETTER = re.compile(r"[^\W\d_]")


@transform("group-pages", requires=("merge-duplicates",), idempotent=True)
def group_pages(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Fold the pages of each chapter (or of the whole manual) into one skill."""
    mode = ctx.options.group
    kinds = {source.id: source.media_type for source in module.sources}
    skills = [s for s in module.skills if is_page(s, kinds)]
    others = [s for s in module.skills if not is_page(s, kinds)]
    if mode == "page" or len(skills) < 2 or any(s.id.startswith(GROUP_ID) for s in skills):
        return module
    prefix = name_words(ctx.options.name_prefix)
    library = library_of(ctx.options, shared_words(skills))
    limit = ctx.options.chapter_sections
    if mode == "manual":  # the whole manual, in the order its tables of contents read it
        groups = [("", reading_order(toc_order(skills, module.sources)))]
    else:
        groups = chapters(skills, module.sources, limit)
    titles = KeyTerms.of(terms_of(s) for s in skills)
    manual = manual_suffix(skills)
    folded: list[Skill] = []
    taken: set[str] = {s.name for s in others}
    taken.update(m[0].name for _, m in groups if len(m) == 1 and _fits(m[0].name, prefix))
    parts = Counter(folder for folder, _ in groups)
    for number, (folder, members) in enumerate(groups, 1):
        if len(members) == 1:
            alone = file_sections(members[0])
            name = alone.name
            if not _fits(name, prefix):  # names that fit were taken above: they stay
                name = capped_name(name, prefix, taken)
                taken.add(name)
            folded.append(replace(alone, name=name))
            continue
        label = _label(folder, members, prefix, titles, library, parts[folder] > 1)
        skill = fold(members, f"{GROUP_ID}{number}", label, library, manual)
        name = run_name(label, prefix or name_words(library), taken)
        taken.add(name)
        folded.append(replace(skill, name=name))
    return replace(module, skills=(*folded, *others))


#: Media types of the sources whose skills are a manual's pages, which fold (`Source.media_type`
#: as the guide frontends record it). A repository's, a ticket export's or a skill package's
#: skills are skills of their own, each already one task: they pass through unchanged.
PAGE_MEDIA_TYPES = frozenset({"text/html", "text/markdown", "text/x-rst", "application/pdf"})


def is_page(skill: Skill, kinds: dict[str, str]) -> bool:
    """Whether ``skill`` is a page of a manual: its source's kind is a guide's, or not recorded
    (an IR written by hand). A repository's skills cite the files inside it, which are not
    sources of the build, so they are not pages."""
    kind = kinds.get(_source(skill)) if kinds else ""
    return kind is not None and (not kind or kind in PAGE_MEDIA_TYPES)


#: Why a folded page's blocks are in a reference file: SKILL.md lists each such file on a line.
FILED_REASON = LISTED_REASON
#: Ids of folded skills start with this (a second run finds them and changes nothing).
GROUP_ID = "GROUP_"


def terms_of(skill: Skill) -> list[str]:
    """The words of a page's title and name, which label the run it is in."""
    return terms(f"{skill.skill_name} {skill.name.replace('-', ' ')}")


def chapters(
    skills: Sequence[Skill], sources: Sequence[Source] = (), limit: int = MAX_CHAPTER_SECTIONS
) -> list[tuple[str, list[Skill]]]:
    """``skills`` by chapter, in module order, each with what names it: pages under one part
    of the manual's own tree (their breadcrumbs, `manual_tree`) together, named by the part's
    title (``"= Text Processing Services"``, or a toctree group's: ``index.rst#User's Guide``;
    the manual's front page at the input root names the whole manual, so its chapter is
    named as a folder); pages without breadcrumbs by
    folder, named by it; each skill of a source that yields several alone. Chapters larger than
    ``limit`` sections or `MAX_CHAPTER_PAGES` pages (scaled with ``limit``) are cut into runs
    of nearly equal length."""
    per_source = Counter(_source(skill) for skill in skills)
    above, titles = trails(sources)
    paths = {  # pages with breadcrumbs, and the pages the breadcrumbs name
        s.id: (*above.get(_source(s), ()), _source(s))
        for s in skills
        if _source(s) in above or _source(s) in titles
    }
    weights = [_weight(s) for s in skills if s.id in paths]
    keys = chapter_keys(list(paths.values()), weights, limit)
    placed = dict(zip(paths, keys, strict=True))
    tops = repository_tops(sources)
    groups: dict[tuple[str, ...] | str, list[Skill]] = {}
    for skill in skills:
        source = _source(skill)
        key: tuple[str, ...] | str = placed.get(skill.id) or _folder_key(
            source, skill, per_source[source], tops
        )
        groups.setdefault(key, []).append(skill)
    result: list[tuple[str, list[Skill]]] = []
    for key, members in groups.items():
        if isinstance(key, tuple) and (len(key) > 1 or "/" in key[0] or "#" in key[0]):
            folder = TITLED + (chapter_title(key, titles) or key[-1].rpartition("/")[0])
        elif isinstance(key, tuple):  # the manual's front page: its title names the manual
            folder = ""
        else:
            folder = "" if "#" in key else key
        members = reading_order(toc_order(members, sources))
        parts = chapter_runs(members)  # a numbered manual is cut between chapters only
        weights = [sum(_weight(m) for m in members[part]) for part in parts]
        pages = MAX_CHAPTER_PAGES * limit // MAX_CHAPTER_SECTIONS  # scaled with the limit
        most = max(1, pages * len(parts) // len(members))
        for cut in runs(weights, limit, most):
            result.append((folder, members[parts[cut][0].start : parts[cut][-1].stop]))
    return result


def _folder_key(source: str, skill: Skill, skills: int, tops: frozenset[str]) -> str:
    """The chapter of a page without breadcrumbs: its folder; itself alone when it is one of
    ``skills`` skills of its source, or at a repository's top (`repository_tops`)."""
    folder = source.rpartition("/")[0]
    if skills > 1:
        return f"{source}#{skill.id}"
    return source if folder in tops else folder


def _weight(skill: Skill) -> int:
    """How much of a description a page needs: its sections (at least one)."""
    return max(1, sum(isinstance(b, Heading) for b in skill.blocks))


def _source(skill: Skill) -> str:
    """The file a skill came from (a PDF's spans name pages: ``bashref.pdf#p10``)."""
    return (skill.prov[0].source if skill.prov else skill.id).partition("#")[0]


#: Marks a chapter's name that is the manual's own title for it rather than a folder.
TITLED = "= "


def _label(
    folder: str,
    members: Sequence[Skill],
    prefix: str,
    titles: KeyTerms,
    library: str,
    parted: bool = True,
) -> str:
    """What a folded skill holds: the manual's title for it (``folder`` marked `TITLED`),
    else its folder; then, unless the title is the whole chapter, the titles of its chapters
    or main pages (`naming_titles`: which run of the chapter it is, when cut into ``parted``
    runs), else the words its pages' titles share most."""
    said = " ".join(_source(m).rpartition("/")[0] for m in members[:1])  # every page's folder
    if folder.startswith(TITLED):
        # Without its number: aptitude's "Chapter 1. Getting started" was described as
        # "Covers Chapter 1." (the sentence ends at its number) and named ...-chapter-1-...
        title = unnumbered(folder.removeprefix(TITLED)) or folder.removeprefix(TITLED)
        if names_the_manual(title, library):
            folder = ""  # the front page's title, which the library's name already says
        elif not parted:
            return f"{library}: {title}"
        else:
            folder = short_title(title)  # each run's name repeats it: "email", not its summary
    where = " ".join(folder.replace("_", " ").replace("/", " ").split())
    base = f"{library} {where}" if where else library
    said = " ".join(f"{base} {said}".replace("_", " ").replace("/", " ").split())
    # Its chapters' titles (numbered), else its main pages' titles; the words the pages'
    # titles share ("application, app, standalone") only when no title is left to name it.
    words = naming_titles(members, skip=folder, weigh=_weight)
    if not words:
        shared = chunk_label(members, prefix, titles, said).split(" (", 1)[0].split(", ")
        words = [w for w in shared if not w.isdigit() and " to " not in w]
    joined = ("; " if any(", " in w for w in words) else ", ").join(words)
    return f"{base}: {joined}" if base else joined


#: Most words a folded skill's name holds after its prefix, joining words aside: a listing
#: entry an agent reads at a glance ("click-basic-commands-groups-context"); the full label is
#: the skill's title.
MAX_NAME_WORDS = 4
#: Words that join a title's words ("Modular Applications with Blueprints", "How to Corrupt")
#: or only point at the noun after them ("Choosing your Theme"): kept between its words, never
#: counted, never at a title's end (where their noun was cut: MkDocs' one-page chapter
#: ``user-guide-choosing-your-theme`` had become ``user-guide-choosing-your``).
_JOINING = frozenset(
    {"and", "as", "by", "for", "from", "in", "into", "of", "on", "or", "to", "with"}
    | {"your", "my", "our", "their", "its", "this", "these", "those", "each", "every"}
)
#: Words left out anywhere: articles, and the "s" a name makes of "User's".
_ARTICLES = frozenset({"a", "an", "the", "s"})


def run_name(label: str, prefix: str, taken: Collection[str] = ()) -> str:
    """A short name for the folded skill labelled ``label`` ("library part: title, title"):
    ``prefix``, then the words of its first titles (whole titles, the first cut to fit), at
    most `MAX_NAME_WORDS` besides joining words, without the prefix's words, articles or a
    word said before; the part's label ("general reference", which every run of the part
    shares) only when the titles say nothing else. A name already ``taken`` gets the next
    unused word of the label (its further titles, then its part) rather than a number, while
    one is left.

    >>> label = "click General Reference: Basic Commands, Groups, Context; Complex Applications"
    >>> run_name(label, "click")
    'click-basic-commands-groups-context'
    >>> run_name("click General Reference: Options, Testing Click Applications, Utilities", "click")
    'click-options-testing-applications-utilities'
    >>> label = "sqlite syntax: drop-index-stmt, drop-table-stmt"
    >>> run_name(label, "sqlite", {"sqlite-drop-index-stmt-table"})
    'sqlite-drop-index-stmt-table-syntax'
    """
    head, said, listed = label.partition(": ")
    if not said:
        head, listed = "", label
    titles = listed.split("; " if "; " in listed else ", ")
    seen = set(prefix.split("-"))
    chosen: list[str] = []
    spare: list[str] = []  # the label's other words, in order: what tells a taken name apart
    full = False  # a title did not fit: the name stops before it
    for title, part in [*((t, False) for t in titles), (head, True)]:
        fresh = _fresh_words(title, seen)
        count = sum(w not in _JOINING for w in fresh)
        full = full or part or (bool(chosen) and count > MAX_NAME_WORDS - _counted(chosen))
        kept = [] if full else _first_words(fresh, MAX_NAME_WORDS - _counted(chosen))
        chosen += kept
        spare += [w for w in fresh[len(kept) :] if w not in _JOINING]
    if not chosen:
        chosen, spare = spare[:MAX_NAME_WORDS], spare[MAX_NAME_WORDS:]
    name = package_name("-".join(chosen) or label, prefix)  # "click: Click": click-click
    while name in taken and spare:
        longer = package_name(f"{name}-{spare.pop(0)}", prefix)
        if longer == name:  # the limit cut it: no word fits any more
            break
        name = longer
    return unique_name(name, taken)


def capped_name(name: str, prefix: str, taken: Collection[str] = ()) -> str:
    """The name of a chapter that is one skill, at most `MAX_NAME_WORDS` words after
    ``prefix`` as a run's (`run_name`), not one ``taken`` already; a name within the cap is
    kept (the caller reserves those first, so a cut name never takes one). reportlab's
    chapter 5 was ``reportlab-platypus-page-layout-and-typography-using-scripts``: seven
    words, where every folded chapter's name has four.

    >>> capped_name("reportlab-platypus-page-layout-and-typography-using-scripts", "reportlab")
    'reportlab-platypus-page-layout-and-typography'
    >>> capped_name("click-api", "click", {"click-api"})
    'click-api'
    """
    if _fits(name, prefix):
        return name
    return run_name(_own(name, prefix).replace("-", " "), prefix, taken)


def _own(name: str, prefix: str) -> str:
    return name.removeprefix(f"{prefix}-") if prefix else name


def _fits(name: str, prefix: str) -> bool:
    """Whether ``name`` has at most `MAX_NAME_WORDS` words after ``prefix``."""
    return _counted(_own(name, prefix).split("-")) <= MAX_NAME_WORDS


def _fresh_words(title: str, seen: set[str]) -> list[str]:
    """``title``'s name words not ``seen`` yet (joining words kept between them), without
    articles or joining words at its end; its words are then ``seen``."""
    words: list[str] = []
    for word in name_words(title).split("-"):
        if word and word not in _ARTICLES and (word in _JOINING or word not in seen):
            words.append(word)
            if word not in _JOINING:
                seen.add(word)
    return _trimmed(words)


def _trimmed(words: list[str]) -> list[str]:
    """``words`` without the joining words that end them (what they joined was cut); one
    that opens them stays ("WITH clause")."""
    end = len(words)
    while end and words[end - 1] in _JOINING:
        end -= 1
    return words[:end]


def _counted(words: Sequence[str]) -> int:
    return sum(w not in _JOINING for w in words)


def _first_words(words: list[str], room: int) -> list[str]:
    """The longest start of ``words`` with at most ``room`` counted words, trimmed."""
    end, count = 0, 0
    while end < len(words) and count + (words[end] not in _JOINING) <= room:
        count += words[end] not in _JOINING
        end += 1
    return _trimmed(words[:end])


def fold(
    members: Sequence[Skill], skill_id: str, label: str, library: str, manual: str = ""
) -> Skill:
    """One skill holding every page of ``members``, each under its own second-level heading;
    its triggers are the pages' short titles (``manual``: the name every title repeats)."""
    marks = [f"P{n}." for n in range(1, len(members) + 1)]
    pages = [_prefixed(m, mark) for m, mark in zip(members, marks, strict=True)]
    prov = union((), (span for m in members for span in m.prov))
    blocks: list[ContentBlock] = [Heading(id=f"{skill_id}.H", level=1, text=label, prov=prov[:1])]
    listed = label.split(": ", 1)[-1]
    items = listed.split("; " if "; " in listed else ", ")
    shared = namespace([*items, *(short_title(m.skill_name, manual) for m in members)])
    topics = _listed([unspaced(i, shared) for i in items], "; " in listed)
    topics = f"{shared} ({topics})" if shared else topics
    goal = f"Covers {topics} in the {library} documentation ({len(members)} pages)."
    blocks.append(Prose(id=f"{skill_id}.P", text=goal, prov=prov[:1]))
    taken: set[str] = set()
    for member, mark in zip(members, marks, strict=True):
        path = reference_path(member.skill_name or member.name, taken, LISTED_SLUG_CHARS)
        taken.add(path)
        blocks += [_folded(b, mark, path) for b in _titled(member)]
    triggers: dict[str, None] = {}
    for member in members:
        for trigger in (unspaced(short_title(member.skill_name, manual), shared),):
            if trigger:  # route-terms adds the rest
                triggers.setdefault(trigger, None)
    if all(t.casefold() in goal.casefold() for t in triggers):
        # The goal names every page already: the pages' sections say when to use the group
        # (aioftp's three API and tutorial pages gave "Use when the task involves aioftp:
        # Client API, Client tutorial, Common API", the title again).
        # Only sections with words: a release history's "2.31.0 (2023-05-22)" routes nothing.
        for member in members:
            triggers.update(dict.fromkeys(t for t in _top_sections(member) if _LETTER.search(t)))
    first_scene = next((p.entry_scene_id for p in pages if p.entry_scene_id), "")
    return Skill(
        id=skill_id,
        prov=prov,
        skill_name=label,
        skill_goal=goal,
        intent_signature=_merged(m.intent_signature for m in members),
        tags=_merged(m.tags for m in members),
        dependencies=tuple(dict.fromkeys(d for m in members for d in m.dependencies)),
        control_flow_features=members[0].control_flow_features,
        entry_scene_id=first_scene,
        subscenes=tuple(s for p in pages for s in p.subscenes),
        triggers=tuple(triggers),
        exclusions=_merged(m.exclusions for m in members),
        constraints=tuple(c for p in pages for c in p.constraints),
        blocks=tuple(blocks),
        scenes=tuple(s for p in pages for s in p.scenes),
        logic_steps=tuple(s for p in pages for s in p.logic_steps),
    )


def _top_sections(page: Skill) -> list[str]:
    """The titles of a page's top-level sections (the headings of the highest level below
    its title): what the page is about, not each API entry its deeper headings name."""
    heads = [b for b in page.blocks if isinstance(b, Heading) and b.level > 1]
    top = min((b.level for b in heads), default=0)
    return [plain(b.text) for b in heads if b.level == top and plain(b.text)]


def _listed(items: Sequence[str], commas: bool) -> str:
    """``a, b and c``; ``a; b; and c`` when the items hold ``commas`` themselves."""
    if len(items) < 2:
        return "".join(items)
    if commas:
        return f"{'; '.join(items[:-1])}; and {items[-1]}"
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _merged(parts: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in parts:
        for item in part:
            seen.setdefault(item, None)
    return tuple(seen)


def file_sections(skill: Skill) -> Skill:
    """A chapter that is one skill already (a PDF outline chapter, a folder's only page) with
    each top-level section in its own reference file, as a folded skill has each page: its
    body becomes the introduction and the list of sections. Under two top-level sections:
    unchanged."""
    levels = {i: b.level for i, b in enumerate(skill.blocks) if i and isinstance(b, Heading)}
    if not levels:
        return skill
    level = min(levels.values())
    starts = [i for i, found in levels.items() if found == level]
    if len(starts) < 2:
        return skill
    # sections deeper than the top level ahead of its first (a PDF part's reference pages
    # printed before its first group was found) are filed one by one too, not left in the body
    starts = [i for i in levels if i < starts[0]] + starts
    blocks = list(skill.blocks)
    taken: set[str] = {b.reference for b in blocks if b.reference}
    for start, end in zip(starts, [*starts[1:], len(blocks)], strict=True):
        title = blocks[start]
        title_text = title.text if isinstance(title, Heading) else ""
        path = reference_path(title_text, taken, LISTED_SLUG_CHARS)
        taken.add(path)
        blocks[start:end] = [_filed(b, path) for b in blocks[start:end]]
    return replace(skill, blocks=tuple(blocks))


def _filed(block: ContentBlock, path: str) -> ContentBlock:
    """``block`` in the reference file ``path`` (blocks already removed stay removed)."""
    changes = _filing(block, path)
    return replace(block, **changes) if changes else block


def _filing(block: ContentBlock, path: str) -> dict[str, Any]:
    """The fields that put ``block`` in the reference file ``path``: none for a block that is
    not in the body (one removed stays removed)."""
    if block.placement is not Placement.BODY:
        return {}
    return {"placement": Placement.REFERENCE, "reference": path, "reason": FILED_REASON}


def _titled(page: Skill) -> tuple[ContentBlock, ...]:
    """A page's blocks, opening with its title when its text does not start with a heading
    (gri's example scripts, a texinfo front page): its reference file was headed "Details" and
    listed in SKILL.md as "[more of this page]"."""
    shown = next((b for b in page.blocks if b.placement is not Placement.REMOVED), None)
    title = page.skill_name.strip()
    if shown is None or isinstance(shown, Heading) or not title:
        return page.blocks
    span = page.prov[:1] or shown.prov[:1]
    return (Heading(id=f"{shown.id}.T", level=1, text=title, prov=span), *page.blocks)


def _folded(block: ContentBlock, mark: str, path: str) -> ContentBlock:
    """A page's ``block`` as its group holds it, in one `replace` (python-doc folds 55,000
    blocks): its id prefixed by ``mark`` (as `_prefixed` prefixes the rest), a heading one
    level deeper, and the block `_filed` in ``path``."""
    changes: dict[str, Any] = {"id": mark + block.id, **_filing(block, path)}
    if isinstance(block, Heading):
        changes["level"] = min(block.level + 1, 6)
    return replace(block, **changes)


def _prefixed(skill: Skill, mark: str) -> Skill:
    """``skill`` with every node id (and every reference to one) prefixed by ``mark``, but its
    blocks' (`fold` prefixes them as it files them: `_folded`)."""

    def ref(target: str) -> str:
        return target if not target or target in _TERMINALS else mark + target

    def rules(found: tuple[Rule, ...]) -> tuple[Rule, ...]:
        return tuple(replace(r, target=ref(r.target)) for r in found)

    return replace(
        skill,
        entry_scene_id=ref(skill.entry_scene_id),
        subscenes=tuple(ref(s) for s in skill.subscenes),
        constraints=tuple(replace(c, id=mark + c.id) for c in skill.constraints),
        scenes=tuple(
            replace(
                s,
                id=mark + s.id,
                entry_logic_step_id=ref(s.entry_logic_step_id),
                contained_logic_steps=tuple(ref(x) for x in s.contained_logic_steps),
                next_scene_rules=rules(s.next_scene_rules),
            )
            for s in skill.scenes
        ),
        logic_steps=tuple(
            replace(s, id=mark + s.id, next_step_rules=rules(s.next_step_rules))
            for s in skill.logic_steps
        ),
    )
