"""Sources that are whole trees: a folder or archive some kind reads as one source.

Why a module of its own: input gathering (`skillc.compiler.inputs`) handles pages; a code
repository is also a source of its own, the folder or the sdist as a whole, besides its pages.
Which kinds read whole trees, which archive members they need and how a tree is bundled is
asked here of the frontend table (``Claims.root``, ``Claims.member``, ``Frontend.collect``,
``Frontend.collect_archive``), so gathering stays about pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Collected, Frontend
from skillc.diagnostics import Diagnostic

__all__ = ["Whole", "archive_wholes", "folder_whole", "whole_member"]


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
    root: Path, frontend: Frontend, label: str
) -> tuple[Whole | None, tuple[Diagnostic, ...]]:
    """Folder ``root`` bundled by ``frontend`` (``label``: the prefix of its pages' ids)."""
    assert frontend.collect is not None
    collected = frontend.collect(root, label)
    return _whole(frontend, collected), collected.notes


def whole_member(name: str) -> bool:
    """Whether a kind that reads whole trees needs archive member ``name`` (asked with and
    without the one top folder an sdist's members share)."""
    relative = name.split("/", 1)[1] if "/" in name else name
    return any(
        f.claims.member is not None and (f.claims.member(relative) or f.claims.member(name))
        for f in table.FRONTENDS
    )


def archive_wholes(
    members: Mapping[str, bytes], label: str, where: str
) -> tuple[list[Whole], list[Diagnostic]]:
    """The whole-tree sources an archive's ``members`` (named below its top folder) make."""
    found: list[Whole] = []
    notes: list[Diagnostic] = []
    for frontend in table.FRONTENDS:
        if frontend.collect_archive is None:
            continue
        collected = frontend.collect_archive(members, label, where)
        notes.extend(collected.notes)
        whole = _whole(frontend, collected)
        if whole is not None:
            found.append(whole)
    return found, notes
