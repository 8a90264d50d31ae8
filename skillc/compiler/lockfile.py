"""The lock file, ``skills.lock``: what a build emitted and from what, in one JSON record.

Why one record: it is both the ownership record of the output folder (every file skillc wrote,
with its sha256, so hand edits are found: `skillc.compiler.output.ownership`) and the build's
provenance (per skill, the sources it came from with their content hashes; the skillc and
frontend versions and the options that shaped it), which ``skillc build --check`` compares
against. It replaces ``skillc-manifest.json`` and keeps its fields (``generator``,
``sources``, ``skills[].name/description/sources/files``, ``skipped``, ``failed``).

Deterministic: keys sorted, skills in the build's order, no times, no absolute paths; a
frontend's version is its skillc version plus a hash of its code, so it changes exactly when
the code that reads its sources does.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from skillc import __version__
from skillc.compiler.frontends import table
from skillc.compiler.inputs import Failure
from skillc.ir.nodes import Skill, SkillModule, Source
from skillc.passes.options import PassOptions
from skillc.passes.skipped import SkippedPage

LOCK_VERSION = 1
#: ``manual.pdf#p12``, ``export.json#repo#41:c2``: a place inside a source.
_INSIDE = re.compile(r"#.*$")


def lock_bytes(
    module: SkillModule,
    files: Mapping[str, bytes],
    *,
    options: PassOptions,
    pipeline: str,
    disable: Sequence[str] = (),
    skipped: Sequence[SkippedPage] = (),
    failed: Sequence[Failure] = (),
    archives: Mapping[str, bytes] | None = None,
    sources: Sequence[Mapping[str, object]] = (),
) -> bytes:
    """The lock of a build: ``files`` are the skills' files (``<name>/<path>``), ``archives``
    the ``<name>.skill`` files beside them (with ``--archive``), ``sources`` the options the
    project gives single sources (`SourceOptions.record`), listed under ``options.sources``."""
    archives = archives or {}
    by_skill: dict[str, list[dict[str, str]]] = {}
    for path, data in sorted(files.items()):
        name, relative = path.split("/", 1)
        by_skill.setdefault(name, []).append({"path": relative, "sha256": _sha256(data)})
    record = {
        "lock_version": LOCK_VERSION,
        "generator": f"skillc {__version__}",
        "frontends": frontend_versions(module.sources),
        "options": {
            "fingerprint": options.fingerprint(),
            "pipeline": pipeline,
            "disable": sorted(disable),
            "values": options.to_dict(),
            **({"sources": list(sources)} if sources else {}),
        },
        "sources": [
            {"id": s.id, "media_type": s.media_type, "sha256": s.sha256} for s in module.sources
        ],
        "skills": [
            _skill(skill, module.sources, by_skill.get(skill.name, []), archives)
            for skill in module.skills
        ],
        "archives": [{"path": p, "sha256": _sha256(d)} for p, d in sorted(archives.items())],
        "skipped": [page.line() for page in skipped],
        "failed": [{"id": f.id, "reason": f.reason} for f in failed],
    }
    from skillc.compiler.output.edits import dump_record

    return dump_record(record)


def _skill(
    skill: Skill,
    sources: Sequence[Source],
    files: list[dict[str, str]],
    archives: Mapping[str, bytes],
) -> dict[str, Any]:
    digest = hashlib.sha256()
    for item in files:
        digest.update(f"{item['path']}\0{item['sha256']}\n".encode())
    entry: dict[str, Any] = {
        "name": skill.name,
        "description": skill.description,
        "sources": sorted({span.source for span in skill.prov}),
        "inputs": [{"id": s.id, "sha256": s.sha256} for s in skill_inputs(skill, sources)],
        "files": files,
        "sha256": digest.hexdigest(),
    }
    if f"{skill.name}.skill" in archives:
        entry["archive"] = f"{skill.name}.skill"
    return entry


def skill_inputs(skill: Skill, sources: Sequence[Source]) -> list[Source]:
    """The build's sources ``skill`` came from, by its provenance, in source order.

    A span names a source id, a place inside one (``manual.pdf#p12``, a ticket's
    ``export.json#repo#41:c2``), or a file inside a repository (``pyproject.toml``): that last
    kind is the repository source's (each repository source of the build, when several)."""
    ids = {s.id for s in sources}
    repository = table.by_name("repository").media_type
    wanted: set[str] = set()
    inside_repository = False
    for span in skill.prov:
        base = _INSIDE.sub("", span.source)
        if span.source in ids:
            wanted.add(span.source)
        elif base in ids:
            wanted.add(base)
        else:
            inside_repository = True
    return [
        s for s in sources if s.id in wanted or (inside_repository and s.media_type == repository)
    ]


def frontend_versions(sources: Sequence[Source]) -> dict[str, str]:
    """Each kind that read a source of the build: ``skillc version+hash of its code``."""
    names = set()
    for source in sources:
        frontend = table.by_media_type(source.media_type)
        if frontend is not None:
            names.add(frontend.name)
    return {name: f"{__version__}+{_code_hash(name)}" for name in sorted(names)}


@cache
def _code_hash(name: str) -> str:
    """A hash of the frontend package's Python files and of the guide code they share."""
    digest = hashlib.sha256()
    for package in (_package_of(name), "skillc.compiler.frontends.guide"):
        folder = Path(importlib.import_module(package).__file__ or "").parent
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _package_of(name: str) -> str:
    read = table.by_name(name).read
    module = getattr(read, "__module__", "") or ""
    parts = module.split(".")
    if len(parts) > 3 and parts[:3] == ["skillc", "compiler", "frontends"]:
        return ".".join(parts[:4])
    return "skillc.compiler.frontends"


def read_lock(data: bytes) -> dict[str, Any] | None:
    """A lock's record, or None when ``data`` is not one skillc wrote."""
    from skillc.compiler.output.ownership import record_problem

    try:
        record = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return None if record_problem(record) else record


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
