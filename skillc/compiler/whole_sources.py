"""Sources that are whole trees: a folder or archive some kind reads as one source.

Why a module of its own: input gathering (`skillc.compiler.inputs`) handles pages; a code
repository is also a source of its own, the folder or the sdist as a whole, besides its pages.
Which kinds read whole trees, which archive members they need and how a tree is bundled is
asked here of the frontend table (``Claims.root``, ``Claims.member``, ``Frontend.collect``,
``Frontend.collect_archive``), so gathering stays about pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from skillc.compiler import tree_records
from skillc.compiler.archives import Contents, Problem, common_root
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Collected, Frontend, KindOptions
from skillc.compiler.stat_hook import Records
from skillc.diagnostics import Diagnostic

__all__ = ["ArchiveWholes", "Whole", "archive_wholes", "folder_whole"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Whole:
    """One whole-tree source: the kind that reads it, its bundled bytes and their sha256."""

    frontend: Frontend
    data: bytes
    sha256: str


def _whole(frontend: Frontend, collected: Collected) -> Whole | None:
    if not collected.data:
        return None
    sha = hashlib.sha256(collected.data).hexdigest()
    return Whole(frontend=frontend, data=collected.data, sha256=sha)


def folder_whole(
    root: Path, frontend: Frontend, label: str, records: Records | None
) -> tuple[Whole | None, tuple[Diagnostic, ...]]:
    """Folder ``root`` bundled by ``frontend`` (``label``: the prefix of its pages' ids).

    With stat records (a rebuild with the cache), a folder whose files' stats are all as
    recorded is not read: the bundle's recorded hash comes back without its bytes, as an
    unchanged page's does (`skillc.compiler.tree_records`)."""
    assert frontend.collect is not None
    trees = tree_records.of(records)
    if trees is None:
        collected = frontend.collect(root, label)
        return _whole(frontend, collected), collected.notes
    signature, newest = tree_records.folder_signature(root)
    where = tree_records.key(f"folder {frontend.name}", root, label)
    known = trees.tree(where, signature, newest)
    if isinstance(known, str):
        return (Whole(frontend=frontend, data=b"", sha256=known) if known else None), ()
    collected = frontend.collect(root, label)
    whole = _whole(frontend, collected)
    trees.note_tree(where, signature, newest, whole.sha256 if whole else "")
    return whole, collected.notes


@dataclass(slots=True, kw_only=True)
class ArchiveWholes:
    """What an archive is as a whole: the sources, notes on members left out, the problems of
    members read only for these sources (a link, a member too large: failed pages, as in any
    archive), and the archive's top folder."""

    wholes: list[Whole] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: str = ""


def _below(member: Callable[[str], bool], below: int) -> Callable[[str], bool]:
    """``member`` asked about names without the archive's top folder (``below`` characters)."""
    return lambda name: member(name[below:])


#: The kinds that may read an archive whole (`Claims.root_names`, `Claims.member`).
_WHOLE_KINDS = tuple(
    f
    for f in table.FRONTENDS
    if f.collect_archive is not None
    and f.claims.member is not None
    and f.claims.root_names is not None
)


def whole_member(name: str) -> bool:
    """Whether archive member ``name`` may be one a kind reading the archive whole needs,
    below whichever folder turns out to be the archive's top (each tail of the path is
    asked): the pass over an archive's pages reads these too, so it is opened once."""
    tails = [name, *(name[i + 1 :] for i, c in enumerate(name) if c == "/")]
    return any(
        f.claims.member is not None and f.claims.member(tail)
        for f in _WHOLE_KINDS
        for tail in tails
    )


def archive_wholes(
    archive: Path, names: set[str], label: str, options: KindOptions, read: Contents
) -> ArchiveWholes:
    """The whole-tree sources of ``archive``, whose member names (``names``, every safe one)
    are checked first: only for an archive whose top holds a kind's markers (an sdist's
    ``pyproject.toml``) are the members that kind needs taken from ``read`` (the members and
    problems of the one pass over the archive, `whole_member` among them) and bundled; an
    archive of guides reports nothing more."""
    found = ArchiveWholes(root=common_root(sorted(names)))
    below = len(found.root) + 1 if found.root else 0
    top = frozenset(n[below:].split("/", 1)[0] for n in names)
    kinds = [f for f in _WHOLE_KINDS if f.claims.root_names and f.claims.root_names(top)]
    for frontend in kinds:
        member, collect = frontend.claims.member, frontend.collect_archive
        assert member is not None and collect is not None
        wanted = _below(member, below)
        found.problems.extend(p for p in read.problems if p.name and wanted(p.name))
        members = {m.name[below:]: m.data for m in read.members if wanted(m.name)}
        collected = collect(members, label, str(archive), options)
        found.notes.extend(collected.notes)
        whole = _whole(frontend, collected)
        if whole is not None:
            found.wholes.append(whole)
    return found
