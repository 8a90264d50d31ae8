"""A compiled skill as an Agent Skills package: front matter, SKILL.md body, reference files.

What it guarantees (DESIGN.md "Backends", the portable intersection of the clients):
- front matter keys only from {name, description, license, compatibility, metadata,
  allowed-tools}; values written as double-quoted scalars (`yaml_string`), which both strict
  parsers (strictyaml, used by the reference validator) and ``yaml.safe_load`` accept whatever
  the text contains;
- the package folder is named after ``skill.name`` (the normalize-names pass made it spec-valid);
- the body and reference files as `skillc.ir.layout` lays them out;
- no absolute path and nothing clock- or machine-dependent, so the bytes are reproducible.

The backend writes what `emit_skill` returns, and the check-only passes lint the same package
before it is written (`Emitter` renders each skill once for both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skillc import __version__
from skillc.ir.layout import SKILL_FILE, Origin, layout
from skillc.ir.nodes import Skill
from skillc.package.model import Package
from skillc.package.reader import package_from_texts
from skillc.package.yaml_text import yaml_string

#: Front matter names at most this many source pages (`source_list`).
MAX_LISTED_SOURCES = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class EmittedSkill:
    """A package as (relative path, text) pairs, sorted by path, with where each block's text
    and the description sit in each file (`Origin`; ``block`` None for the description)."""

    name: str
    files: tuple[tuple[str, str], ...]
    origins: tuple[tuple[str, tuple[Origin, ...]], ...] = ()

    def package(self, display: str | None = None) -> Package:
        """The package model of these files, as lint reads them once written."""
        return package_from_texts(self.name, dict(self.files), display)


def emit_skill(skill: Skill) -> EmittedSkill:
    """Render ``skill`` as SKILL.md plus its reference files."""
    head, description = front_matter_at(skill)
    texts: dict[str, str] = {}
    origins: dict[str, tuple[Origin, ...]] = {}
    for laid in layout(skill):
        if laid.path == SKILL_FILE:
            shift = len(head)
            moved = (Origin(o.start + shift, o.end + shift, o.block) for o in laid.origins)
            texts[SKILL_FILE] = head + laid.text
            origins[SKILL_FILE] = (Origin(*description, None), *moved)
        else:
            texts[laid.path], origins[laid.path] = laid.text, laid.origins
    return EmittedSkill(
        name=skill.name,
        files=tuple(sorted(texts.items())),
        origins=tuple(sorted(origins.items())),
    )


def front_matter(skill: Skill) -> str:
    """The YAML front matter: name, description and string-valued metadata."""
    return front_matter_at(skill)[0]


def front_matter_at(skill: Skill) -> tuple[str, tuple[int, int]]:
    """`front_matter`, and where the description's scalar sits in it."""
    sources = sorted({span.source for span in skill.prov})
    lines = [
        "---",
        f"name: {yaml_string(skill.name)}",
        f"description: {yaml_string(skill.description)}",
        "metadata:",
        f"  generator: {yaml_string('skillc ' + __version__)}",
    ]
    if sources:
        lines.append(f"  source: {yaml_string(source_list(sources))}")
    lines.append("---")
    start = len(lines[0]) + len(lines[1]) + 2 + len("description: ")
    return "\n".join(lines) + "\n\n", (start, len(lines[0]) + len(lines[1]) + len(lines[2]) + 2)


def source_list(sources: list[str]) -> str:
    """The ``metadata.source`` value: the pages a skill came from, or how many when too many.

    A library index or a merged page may come from hundreds of pages; front matter is loaded
    with every skill's catalogue entry, so past `MAX_LISTED_SOURCES` only the count is given
    (``skills.lock`` lists them all).

    >>> source_list(["a.md", "b.md"])
    'a.md, b.md'
    """
    if len(sources) <= MAX_LISTED_SOURCES:
        return ", ".join(sources)
    return f"{len(sources)} pages (listed in skills.lock)"


@dataclass(slots=True)
class Emitter:
    """Emits skills, each once for as long as the same (immutable) skill object is asked for:
    the checks and the backend of one build share the rendering and the package model."""

    _done: dict[int, tuple[Skill, EmittedSkill]] = field(default_factory=dict)
    _packages: dict[int, Package] = field(default_factory=dict)
    _kept: dict[int, tuple[Skill, tuple[tuple[str, str], ...]]] = field(default_factory=dict)

    def emitted(self, skill: Skill) -> EmittedSkill:
        """`emit_skill` of ``skill``, computed at most once per object."""
        key = id(skill)
        found = self._done.get(key)
        if found is None or found[0] is not skill:
            found = self._done[key] = (skill, emit_skill(skill))
            self._packages.pop(key, None)
        return found[1]

    def keep(self, skill: Skill, files: tuple[tuple[str, str], ...]) -> None:
        """Take ``skill``'s files as `emit_skill` rendered them in another process (a check run
        at ``-j N``), so that `files` need not render them again. Their origins point at that
        process's blocks and are not kept: `emitted` still renders the skill itself."""
        self._kept[id(skill)] = (skill, files)

    def files(self, skill: Skill) -> tuple[tuple[str, str], ...]:
        """``emitted(skill).files``, without rendering again what `keep` was given."""
        kept = self._kept.get(id(skill))
        if kept is not None and kept[0] is skill:
            return kept[1]
        return self.emitted(skill).files

    def package(self, skill: Skill) -> Package:
        """The package model of ``skill``'s emitted files, built at most once per object."""
        emitted = self.emitted(skill)
        key = id(skill)
        if key not in self._packages:
            self._packages[key] = emitted.package()
        return self._packages[key]
