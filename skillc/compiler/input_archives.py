"""An archive's pages (read in memory, never extracted) and, for an sdist, the archive whole.

Why a module of its own: archive members are named, labelled and filtered differently from a
folder's files (a member id drops the one folder all members sit in; skill folders are found
among member names), while each member's bytes pass the same page checks
(`skillc.compiler.input_pages`).

An archive is opened once: the one pass reads its pages, the members a kind reading it whole
may need (`whole_sources.whole_member`) and its metadata files (the project name it declares,
`library_name.declared_name_in`); each use then takes its own members from what was read.
With stat records (a rebuild with the cache), an unchanged archive is not opened at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skillc.compiler import skill_folders, tree_records
from skillc.compiler.archives import (
    ArchiveUnreadable,
    Contents,
    archive_stem,
    common_root,
    read_archive,
)
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.input_pages import (
    Failure,
    InputFile,
    InputLog,
    input_error,
    page_input,
    whole_input,
)
from skillc.compiler.library_name import declared_name_in, is_metadata
from skillc.compiler.stat_hook import Gathering
from skillc.compiler.tree_records import archive_signature
from skillc.compiler.whole_sources import archive_wholes, whole_member
from skillc.diagnostics import Diagnostic, Severity


def gather_archive(
    archive: Path, prefix: bool, log: InputLog, gathering: Gathering
) -> list[InputFile]:
    """The pages of an archive; its bad members are failed pages, an unopenable one fatal.

    With stat records (a rebuild with the cache), an archive whose file is unchanged is not
    opened: its pages come back from the record with their hashes and no text, as unchanged
    pages of a folder do, and so does the project name it declares
    (`skillc.compiler.tree_records`)."""
    records = tree_records.of(gathering.records)
    signed = archive_signature(archive) if records is not None else None
    # what the kinds are told (ticket columns) decides which claim the members: part of the key
    where = tree_records.key("archive", archive, f"{prefix} {gathering.options!r}")
    if records is not None and signed is not None:
        known = records.tree(where, *signed)
        if known is not None:
            return _recorded(archive, known, log)
    failed = len(log.failed)
    found = _gather_archive(archive, prefix, log, gathering)
    if records is not None and signed is not None and not log.fatal:
        records.note_tree(where, *signed, _record(archive, found, log, log.failed[failed:]))
    return found


def _record(
    archive: Path, files: list[InputFile], log: InputLog, failed: list[Failure]
) -> dict[str, Any]:
    """What an archive gave, as JSON values: its pages (id, place inside, kind, hash), the
    pages that failed and the project name it declares."""
    top = len(str(archive))
    return {
        "files": [[f.id, str(f.path)[top:], f.frontend, f.sha256] for f in files],
        "failed": [[f.id, f.reason] for f in failed],
        "declared": log.declared.get(str(archive), ""),
    }


def _recorded(archive: Path, known: Any, log: InputLog) -> list[InputFile]:
    """The pages of an unchanged archive, from its record: hashes only (deferred pages)."""
    for source_id, reason in known["failed"]:
        log.failed.append(Failure(id=source_id, reason=reason))
    log.declared[str(archive)] = known.get("declared", "")
    return [
        InputFile(
            id=source_id,
            path=Path(f"{archive}{inside}"),
            media_type=table.by_name(kind).media_type,
            text="",
            sha256=sha256,
            frontend=kind,
        )
        for source_id, inside, kind, sha256 in known["files"]
    ]


def _gather_archive(
    archive: Path, prefix: bool, log: InputLog, gathering: Gathering
) -> list[InputFile]:
    """The pages of an archive, read from it; ``gathering.options`` tell the kinds that read
    an archive whole (ticket columns). The project name the archive declares is noted in
    ``log`` (`InputLog.declared`)."""
    names: set[str] = set()

    def wanted(name: str) -> bool:
        names.add(name)  # every member is asked about: what skill folders hold besides SKILL.md
        return _page(name) or whole_member(name) or is_metadata(name)

    try:
        read = read_archive(archive, wanted)
    except ArchiveUnreadable as exc:  # over budget (SK080) or not openable: refused whole
        log.usage(input_error(archive, str(exc), code=exc.code))
        return []
    log.declared[str(archive)] = declared_name_in(read.members, read.problems)
    label = archive_stem(archive) if prefix else ""
    whole = _archive_whole(archive, names, label, log, gathering.options, read)
    contents = _pages_of(read)
    for folder, others in skill_folders.archive_extras(names):
        log.note(skill_folders.not_read(f"{archive}!/{folder}", others))
    _drop_marker_folders(contents)
    top = (_member_id(contents, "", m.name) for m in contents.members)
    if not label and any(_is_top_marker(source_id) for source_id in top):
        label = contents.root.rsplit("/", 1)[-1] if contents.root else archive_stem(archive)
    files: list[InputFile] = []
    pages = len(contents.members)
    keep = next((table.by_name(w.frontend).claims.page for w in whole), None)
    contents.members.reverse()
    while contents.members:  # each member's bytes are freed once decoded: peak ~1x, not 2x
        member = contents.members.pop()
        source_id = _member_id(contents, label, member.name)
        frontend = table.by_path(member.name)
        if frontend is None:  # `read_archive` only reads claimed members
            continue
        if keep is not None and not keep(_member_id(contents, "", member.name)):
            continue  # a repository's test fixture or template, not one of its pages
        item = page_input(source_id, f"{archive}!/{member.name}", member.data, frontend)
        if isinstance(item, Diagnostic):
            log.page(source_id, item)
        else:
            files.append(item)
    for problem in contents.problems:
        where = f"{archive}!/{problem.member}" if problem.member else str(archive)
        diagnostic = input_error(where, problem.message, severity=problem.severity)
        if problem.severity is Severity.INFO:
            log.note(diagnostic)
        elif problem.name:
            log.page(_member_id(contents, label, problem.name), diagnostic)
        else:
            stored = problem.member.lstrip("/")
            log.page(f"{archive.name}!/{stored}" if stored else archive.name, diagnostic)
    if not pages and not whole and not any(p.name for p in contents.problems):
        kinds = ", ".join(table.file_suffixes())
        log.usage(input_error(archive, f"archive has no supported files ({kinds})"))
    return [*files, *whole]


def _page(name: str) -> bool:
    return table.by_path(name) is not None


def _pages_of(read: Contents) -> Contents:
    """The pages among what the pass over an archive read, and their problems, with the
    folder all of them sit in (the other members do not move the pages' root)."""
    members = [m for m in read.members if _page(m.name)]
    problems = [p for p in read.problems if not p.name or _page(p.name)]
    root = common_root([m.name for m in members] + [p.name for p in problems if p.name])
    return Contents(members=members, problems=problems, root=root)


def _archive_whole(
    archive: Path, names: set[str], label: str, log: InputLog, options: KindOptions, read: Contents
) -> list[InputFile]:
    """The archive as one more source when it is a repository (an sdist), from the members
    ``read`` in the one pass: its members that fail (a link, a member too large) fail as
    pages do."""
    found = archive_wholes(archive, names, label, options, read)
    for note in found.notes:
        log.note(note)
    for problem in found.problems:
        relative = problem.name[len(found.root) + 1 :] if found.root else problem.name
        where = f"{archive}!/{problem.member}"
        log.page(f"{label}/{relative}" if label else relative, input_error(where, problem.message))
    return [whole_input(archive_stem(archive), archive, w) for w in found.wholes]


def _member_id(contents: Contents, label: str, name: str) -> str:
    """The source id of archive member ``name``: without the archive's root folder, labelled."""
    relative = name[len(contents.root) + 1 :] if contents.root else name
    return f"{label}/{relative}" if label else relative


def _drop_marker_folders(contents: Contents) -> None:
    """Members under a folder that holds a marker (a skill's ``SKILL.md``) other than that
    marker dropped: the folder is one source, as in `skillc.compiler.input_walk.walk`."""
    folders = {
        m.name.rsplit("/", 1)[0] if "/" in m.name else ""
        for m in contents.members
        if table.by_marker([m.name.rsplit("/", 1)[-1]]) is not None
    }
    if not folders:
        return
    contents.members = [m for m in contents.members if _kept(m.name, folders)]


def _kept(name: str, folders: set[str]) -> bool:
    folder, _, base = name.rpartition("/")
    if folder in folders:
        return table.by_marker([base]) is not None
    return not any(f == "" or name.startswith(f"{f}/") for f in folders)


def _is_top_marker(source_id: str) -> bool:
    """Whether ``source_id`` is a marker file (a skill's ``SKILL.md``) outside any folder."""
    return "/" not in source_id and table.by_marker([source_id]) is not None
