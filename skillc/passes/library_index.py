"""Add one index skill that routes a task to the right skill of a documentation library.

A tree of hundreds of pages compiles into hundreds of focused skills. Agents pick a skill from
its description alone, and when many descriptions look alike (sqlite's C-API pages, Sphinx's
reference pages) the catalogue stops routing. The index skill is the library's catalogue: one
package whose description says "use when a task involves <library> and it is not clear which
skill applies", and whose body lists every skill of the build by name with what it covers,
grouped by the part of the manual its pages are in (its toctree, breadcrumbs or contents
page: "The Python Standard Library", "User's Guide"), else by the folder they came from.
Agents load skills by name, so the list names them (in code spans); it links to no file
outside its own package.

The index is built, not written: every line comes from the listed skills' names and
descriptions, and each block's provenance is the pages it lists, so a reviewer can trace it.
It is added when the build has at least `AUTO_MIN_SKILLS` skills (option ``index``:
``"auto"``, ``"always"``, ``"never"``). A long catalogue is no special case: progressive
disclosure, which runs after this pass, moves the largest groups to ``references/`` like any
other section, so the body stays within budget.

Options: ``library_name`` (what the library is called; the driver derives it from the input
folder), ``name_prefix`` (the package name is ``<prefix>-catalog``), ``index``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from skillc.ir.nodes import ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Source
from skillc.ir.replace import replace
from skillc.ir.span import Span
from skillc.lint.rules.routing.similar_descriptions import terms
from skillc.passes.compress_description import (
    MAX_DESCRIPTION,
    indefinite,
    repair_description,
    truncate,
)
from skillc.passes.key_terms import WEAK_WORDS, KeyTerms
from skillc.passes.manual_tree import part, trails
from skillc.passes.normalize_names import name_words, package_name, shared_words, unique_name
from skillc.passes.options import AUTO_MIN_SKILLS as AUTO_MIN_SKILLS  # re-exported
from skillc.passes.options import PassOptions, index_wanted
from skillc.passes.registry import PassContext, transform
from skillc.passes.select_skills import is_task_oriented

#: How much of each skill's description the index quotes: the "what" part and the start of the
#: "use when" part fit; the rest is in the skill itself.
ENTRY_CHARS = 200
#: A group longer than this is cut into runs under headings ("lang-altertable to pragma"), so
#: the reference file it moves to has a table of contents an agent can jump through.
CHUNK_ITEMS = 40
#: How many words label a run of entries (`chunk_label`).
CHUNK_LABEL_WORDS = 5
#: Id of the index skill (made unique if a page already has it).
INDEX_ID = "SKILL_LIBRARY_INDEX"
#: The index's package name is ``<prefix>-catalog`` (``index`` is often taken by an index page).
INDEX_WORD = "catalog"
#: The group of pages at the top of the tree.
TOP_GROUP = "General"


@transform(
    "library-index",
    requires=("normalize-names", "select-skills", "compress-description", "merge-duplicates"),
    idempotent=True,
)
def library_index(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Append the index skill listing every other skill of the build, grouped by folder."""
    skills = [s for s in module.skills if not _is_index(s)]
    options = ctx.options
    if not index_wanted(len(skills), options.index):
        return replace(module, skills=tuple(skills))
    prefix = name_words(options.name_prefix) or shared_words(skills)
    library = library_of(options, prefix)
    taken_ids = {s.id for s in skills}
    taken_names = {s.name for s in skills}
    index = build_index(skills, library, prefix, module.sources)
    index = replace(
        index,
        id=_unique_id(INDEX_ID, taken_ids),
        name=unique_name(index.name, taken_names),
    )
    return replace(module, skills=(*skills, index))


def library_of(options: PassOptions, shared: str) -> str:
    """The library's name as the catalogue says it: the one given (or the project's), else
    the leading name words its pages share (``shared``), before the input folder's name:
    AMC's catalogue was ``auto-multiple-choice-catalog`` described as "Catalogue of the 10
    amc-pdf skills", the folder the packager named."""
    if options.library_inferred and not options.name_prefix and shared:
        return shared
    return options.library_name or options.name_prefix or "docs"


def _is_index(skill: Skill) -> bool:
    """An index this pass added earlier (the pass is idempotent: it replaces it)."""
    return skill.id.startswith(INDEX_ID) and not skill.logic_steps and skill.tags == ("index",)


def _unique_id(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted}_{number}", number + 1
    return candidate


def build_index(
    skills: Sequence[Skill], library: str, prefix: str, sources: Sequence[Source] = ()
) -> Skill:
    """The index skill of ``skills`` (id and name still to be made unique by the caller),
    grouped by the parts of the manual (`group_by_part`) when its ``sources`` draw a tree."""
    groups = group_by_part(skills, sources) if any(s.trail for s in sources) else []
    groups = groups or group_by_folder(skills)
    titles = KeyTerms.of(_title_words(s, prefix) for s in skills)
    blocks: list[ContentBlock] = []
    all_spans = tuple(_first_span(s) for s in skills if s.prov)
    blocks.append(Heading(id="B1", level=1, text=f"{library} skills", prov=all_spans[:1]))
    references = sum(1 for s in skills if not is_task_oriented(s))
    introduction = _introduction(len(skills), references, library)
    blocks.append(Prose(id="B2", text=introduction, prov=all_spans[:1]))
    for title, members in groups:
        if len(groups) > 1:
            blocks.append(_heading(len(blocks), 2, title, members))
        for chunk in _chunks(members):
            if len(chunk) < len(members):
                label = chunk_label(chunk, prefix, titles, title)
                blocks.append(_heading(len(blocks), 3 if len(groups) > 1 else 2, label, chunk))
            items = tuple(entry(s) for s in chunk)
            blocks.append(ListBlock(id=f"B{len(blocks) + 1}", items=items, prov=_spans(chunk)))
    name = package_name(INDEX_WORD, prefix) if prefix else package_name(f"{library} {INDEX_WORD}")
    return Skill(
        id=INDEX_ID,
        prov=all_spans,
        skill_name=f"{library} documentation index",
        skill_goal=f"Route a task about {library} to the skill that covers it.",
        tags=("index",),
        name=name,
        description=describe_index(len(skills), library, _unnamed_topics(groups, prefix)),
        blocks=tuple(blocks),
    )


def _unnamed_topics(groups: Sequence[tuple[str, Sequence[Skill]]], prefix: str) -> list[str]:
    """The groups' titles the listing does not already show: a group that is one skill named
    by its title (chapter grouping's ``click-conceptual-guides``) is in the listing as that
    skill. Said again in the catalogue's description, those titles only make it read like the
    manual's own contents page: click's repository gave ``click-docs-index`` ("tutorials,
    conceptual guides, API reference or general reference") and the catalogue 0.64 alike
    (lint's SC105), and a router may send "conceptual guides" to the catalogue."""
    return [
        title
        for title, members in groups
        if len(members) != 1
        or not set(terms(title)) <= set(terms(_short(members[0].name, prefix).replace("-", " ")))
    ]


def _heading(count: int, level: int, text: str, members: Sequence[Skill]) -> Heading:
    return Heading(id=f"B{count + 1}", level=level, text=text, prov=_spans(members))


def _spans(members: Sequence[Skill]) -> tuple[Span, ...]:
    return tuple(_first_span(s) for s in members if s.prov)


def _chunks(members: Sequence[Skill]) -> list[Sequence[Skill]]:
    """``members`` in runs of at most `CHUNK_ITEMS`, of nearly equal length."""
    count = -(-len(members) // CHUNK_ITEMS)
    size = -(-len(members) // count) if count else 0
    return [members[i : i + size] for i in range(0, len(members), size)] if size else []


def _title_words(skill: Skill, prefix: str) -> list[str]:
    return terms(f"{_short(skill.name, prefix).replace('-', ' ')} {skill.skill_name}")


def chunk_label(chunk: Sequence[Skill], prefix: str, titles: KeyTerms, group: str = "") -> str:
    """What a run of catalogue entries holds: the words its skills' names and titles share
    most, weighed by how rare they are in the library, then the run's first and last names.

    "Read references/x.md when the task involves vtab, function, table (acronyms to btree-gist)"
    tells an agent where to look; the alphabetical range alone does not.
    """
    said = WEAK_WORDS | set(terms(f"{prefix.replace('-', ' ')} {group}"))  # every entry's words
    counts: Counter[str] = Counter()
    for skill in chunk:
        counts.update(set(_title_words(skill, prefix)) - said)
    weight = {w: n * titles.idf.get(w, titles.default) for w, n in counts.items() if n > 1}
    top = sorted(weight, key=lambda w: (-weight[w], w))[:CHUNK_LABEL_WORDS]
    span = f"{_short(chunk[0].name, prefix)} to {_short(chunk[-1].name, prefix)}"
    return f"{', '.join(top)} ({span})" if top else span


def _short(name: str, prefix: str) -> str:
    return name.removeprefix(prefix + "-") if prefix else name


def group_by_part(
    skills: Sequence[Skill], sources: Sequence[Source]
) -> list[tuple[str, list[Skill]]]:
    """Skills grouped by the part of the manual their first page is in (`manual_tree.part`:
    "The Python Standard Library", "User's Guide"), in reading order; pages in no part by
    the top folder they came from, as `group_by_folder` does."""
    above, titles = trails(sources)
    groups: dict[str, list[Skill]] = {}
    folders = top_folders(skills)
    for skill, folder in zip(skills, folders, strict=True):
        source = skill.prov[0].source.partition("#")[0] if skill.prov else ""
        title = part(source, above.get(source, ()), titles) or _group_title(folder)
        groups.setdefault(title, []).append(skill)
    return sorted(groups.items(), key=lambda item: item[0] != TOP_GROUP)  # top pages first


def group_by_folder(skills: Sequence[Skill]) -> list[tuple[str, list[Skill]]]:
    """Skills grouped by the top folder of their first source: top-level pages first."""
    groups: dict[str, list[Skill]] = {}
    for skill, folder in zip(skills, top_folders(skills), strict=True):
        groups.setdefault(folder, []).append(skill)
    ordered = sorted(groups.items(), key=lambda item: (item[0] != "", item[0]))
    return [(_group_title(folder), members) for folder, members in ordered]


def top_folders(skills: Sequence[Skill]) -> list[str]:
    """The top folder of each skill's first source (``""`` at the top), below the folder
    every one of them is in: python-doc's pages are all under ``html/``, and its catalogue
    listed the manual's top pages (About, Glossary, Reporting Bugs) under "Html"."""
    paths = [skill.prov[0].source.partition("#")[0] if skill.prov else "" for skill in skills]
    shared = paths[0].split("/", 1)[0] + "/" if paths and "/" in paths[0] else ""
    if shared and all(path.startswith(shared) for path in paths):
        paths = [path.removeprefix(shared) for path in paths]
    return [path.split("/", 1)[0] if "/" in path else "" for path in paths]


def _group_title(folder: str) -> str:
    if not folder:
        return TOP_GROUP
    words = folder.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else folder


def entry(skill: Skill) -> str:
    """One catalogue line: the skill's name, then the start of its description."""
    text = truncate(skill.description, ENTRY_CHARS)
    return f"`{skill.name}`: {text}" + ("" if text == skill.description else " …")


def _introduction(count: int, references: int, library: str) -> str:
    """What the catalogue lists; reference skills (pages without steps) are said to be read.

    Not "one per page": a build folds pages into chapters by default (``--group auto``), and
    cmd2's catalogue said "8 skills, one per page" of skills holding up to 13 pages each.

    >>> _introduction(8, 1, "cmd2")[:88]
    'The cmd2 documentation is compiled into 8 skills: 7 with steps to follow and 1 to read f'
    """
    kinds = ""
    if references:
        kinds = (
            f": {count - references} with steps to follow and {references} "
            "to read for an API, a concept or a setting"
        )
    return (
        f"The {library} documentation is compiled into {count} skills{kinds}. Find the "
        "skill whose line matches the task and load it by name: each name is a skill folder "
        "next to this one."
    )


def describe_index(count: int, library: str, topics: Sequence[str]) -> str:
    """The index's description: what it lists, then when to use it (the spec's good form)."""
    listed = ", ".join(t for t in topics if t != TOP_GROUP)
    covers = f" ({truncate(listed, 300)})" if listed else ""
    text = (
        f"Catalogue of the {count} {library} skills compiled from its documentation{covers}, "
        f"each with what it covers. Use when a task involves {library} and it is not clear "
        f"which {library} skill applies, or to find the skill for {indefinite(library)} topic."
    )
    return truncate(repair_description(text), MAX_DESCRIPTION)


def _first_span(skill: Skill) -> Span:
    return skill.prov[0]
