"""What changed between the lock in an output folder and what the sources produce now.

Why here and not in the writer: ``skillc build --check`` must say what is stale without
writing anything, and the build report says which skills were added, changed or removed;
both compare the previous lock (and, for the check, the files on disk) with the new build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skillc.compiler.output.edits import hand_edits, mark
from skillc.compiler.output.ownership import LOCK, current_state, record_file
from skillc.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True, kw_only=True)
class Drift:
    """Skills added, changed (stale) and removed, and sources changed, added and removed,
    by name or id, sorted; ``lock`` is true when the lock itself differs."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    sources_changed: tuple[str, ...] = ()
    sources_added: tuple[str, ...] = ()
    sources_removed: tuple[str, ...] = ()
    lock: bool = False
    #: Files that keep a hand edit the lock records (``<skill>/<path>``), current as they are.
    hand_edits: tuple[str, ...] = ()

    @property
    def current(self) -> bool:
        return not (self.added or self.changed or self.removed or self.lock)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "sources_changed": list(self.sources_changed),
            "sources_added": list(self.sources_added),
            "sources_removed": list(self.sources_removed),
            "lock_changed": self.lock,
            "hand_edits": list(self.hand_edits),
        }


def previous_lock(out: Path) -> dict[str, Any] | None:
    """The record in ``out`` (its lock, or an older skillc's manifest), or None."""
    from skillc.compiler.lockfile import read_lock

    try:
        return read_lock(record_file(out).read_bytes())
    except OSError:
        return None


def compare(
    old: Mapping[str, Any] | None,
    files: Mapping[str, bytes],
    *,
    out: Path | None = None,
) -> Drift:
    """``files`` (the new build's, lock included) against the ``old`` record; with ``out``,
    a skill is also stale when a file of it on disk is not what the build makes now."""
    new = json.loads(files[LOCK])
    old = old or {"skills": [], "sources": []}
    old_skills = {s["name"]: s for s in old.get("skills", [])}
    new_skills = {s["name"]: s for s in new["skills"]}
    kept = _kept_edits(old, out) if out is not None else {}
    changed = []
    for name, skill in new_skills.items():
        before = old_skills.get(name)
        if before is None:
            continue
        on_disk = out is not None and _on_disk(out, name, skill, kept)
        if _files(before) != _files(skill) or on_disk:
            changed.append(name)
    if out is not None:
        changed.extend(a["path"] for a in new.get("archives", []) if _disk_differs(out, a))
    new_archives = {a["path"] for a in new.get("archives", [])}
    gone = {a["path"] for a in old.get("archives", [])} - new_archives
    old_sources = {s["id"]: s.get("sha256") for s in old.get("sources", [])}
    new_sources = {s["id"]: s["sha256"] for s in new["sources"]}
    expected = mark(files[LOCK], {path: edited for path, (_, edited) in kept.items()})
    lock_differs = out is not None and current_state(out, LOCK) != _sha256(expected)
    return Drift(
        added=tuple(sorted(set(new_skills) - set(old_skills))),
        changed=tuple(sorted(set(changed))),
        removed=tuple(sorted((set(old_skills) - set(new_skills)) | gone)),
        sources_changed=tuple(
            sorted(i for i in new_sources if i in old_sources and old_sources[i] != new_sources[i])
        ),
        sources_added=tuple(sorted(set(new_sources) - set(old_sources))),
        sources_removed=tuple(sorted(set(old_sources) - set(new_sources))),
        lock=lock_differs,
        hand_edits=tuple(sorted(kept)),
    )


def _files(skill: Mapping[str, Any]) -> list[tuple[str, str]]:
    return sorted((f["path"], f["sha256"]) for f in skill.get("files", []))


def _kept_edits(old: Mapping[str, Any], out: Path) -> dict[str, tuple[str, str]]:
    """The hand edits the previous lock records that the folder still holds, byte for byte."""
    recorded = hand_edits(old)
    return {p: pair for p, pair in recorded.items() if current_state(out, p) == pair[1]}


def _on_disk(
    out: Path, name: str, skill: Mapping[str, Any], kept: Mapping[str, tuple[str, str]]
) -> bool:
    """Whether a file of ``skill`` on disk is not what the build makes: a kept hand edit of
    the text the build still generates is current (a rebuild would merge it the same)."""
    for entry in skill["files"]:
        path = f"{name}/{entry['path']}"
        if path in kept and kept[path][0] == entry["sha256"]:
            continue
        if _disk_differs(out, entry, f"{name}/"):
            return True
    return False


def _disk_differs(out: Path, entry: Mapping[str, str], prefix: str = "") -> bool:
    return current_state(out, prefix + entry["path"]) != entry["sha256"]


def diagnostics(drift: Drift, out: str, paths: Mapping[str, str]) -> list[Diagnostic]:
    """What ``--check`` reports: each stale, added or removed skill (SK105, error), each
    source whose hash changed since the lock (SK106, a note that says why), and a lock that
    differs when no skill does (SK107)."""
    found = []
    for state, names in (("stale", drift.changed), ("added", drift.added)):
        for name in names:
            what = "other files" if state == "stale" else "a new skill"
            message = f"{state}: the sources now produce {what}"
            found.append(Diagnostic(code="SK105", message=message, path=f"{out}/{name}"))
    for name in drift.removed:
        message = "removed: the sources no longer produce this skill"
        found.append(Diagnostic(code="SK105", message=message, path=f"{out}/{name}"))
    for state, ids in (
        ("changed", drift.sources_changed),
        ("added", drift.sources_added),
        ("removed", drift.sources_removed),
    ):
        for source in ids:
            message = f"source {state} since {LOCK} was written"
            where = paths.get(source, source)
            found.append(
                Diagnostic(code="SK106", message=message, severity=Severity.WARNING, path=where)
            )
    if drift.lock and not (drift.added or drift.changed or drift.removed):
        message = f"{LOCK} is out of date (versions, options or source hashes changed)"
        found.append(Diagnostic(code="SK107", message=message, path=f"{out}/{LOCK}"))
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
