"""Find and read a build's input pages (files, folders, archives), one clear line per problem.

Two kinds of bad input, because they call for different answers:

- **A path named on the command line that cannot be used at all** is a usage error: a missing
  path (a broken symlink, a symlink loop), an unsupported file type, a folder or archive without
  a single supported page, an archive that cannot be opened or is over its budget (SK080,
  `skillc.compiler.archives`), a file named directly that is bad (binary, not decodable,
  empty, too large), two inputs that give the same source id. `gather` raises `SkillcError`
  with every such problem (all of them, not just the first, so one run shows the whole list):
  the build exits with code 2 and writes nothing.
- **A page found inside a folder or an archive that is bad** (binary, not decodable after charset
  detection, empty, over `MAX_FILE_BYTES`, not a regular file, a symlink that leaves the folder
  or loops, an unsafe or unreadable archive member) is an ERROR diagnostic naming the page
  (``path:line: SK010 message``) and a `Failure` (source id and reason) that the manifest lists;
  that page is skipped, every other page is built and written, and the build exits with code 2 so
  that CI still fails. One bad page in a site of 700 should not hide the other 699, and should
  not pass unnoticed either. When no page at all is usable, `gather` raises, as above. Pages
  only a frontend finds bad (a corrupt PDF) are handled alike by `skillc.compiler.page_failures`.
- **A symlinked folder that leaves the tree** is not entered and is a WARNING (SK010), not a
  failure: nothing says it holds a page, and doc packages link shared folders (Debian's
  gri-html-doc has ``html/examples -> ../examples``), which no user can fix; failing the build
  for it made that manual's build exit 2.

Archives (``.zip``, ``.tar``, ``.tar.gz``/``.tgz``, ``.tar.xz``/``.txz``, ``.tar.bz2``/``.tbz2``)
are read in memory by `skillc.compiler.archives`, never extracted; a member is shown as
``docs.zip!/guide/page.md``. Text pages must be UTF-8 (a BOM is dropped, newlines are folded to
``\\n``), except HTML, which is decoded as the page declares (BOM, ``<meta charset>``, XML
declaration: `skillc.compiler.charset`).

Which files are pages, and of which kind, the frontend table says
(`skillc.compiler.frontends.table`): by suffix, and by marker file for kinds that are folders. A
folder holding ``SKILL.md`` (an existing skill) is one source, its ``SKILL.md``: nothing else
under it is read as a page (reference files are the skill's, not guides); its id keeps the
folder's name (``click-quickstart/SKILL.md``) even when the folder is the input root.

A folder or archive whose top holds a code repository's marker (``pyproject.toml``, ``.git``...)
is also one more source as a whole, read by the repository frontend
(`skillc.compiler.whole_sources`): its pages are gathered exactly as any folder's.

Source ids are POSIX paths relative to the input root (the directory given, the directory of a
file given, or the inside of an archive without the one folder all its pages sit in), prefixed
with the root's name (an archive's without its suffix) when several inputs are given, so ids,
and therefore outputs, never depend on where the build machine keeps the files: an archive of a
folder builds the same skills as the folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillc.compiler import skill_folders
from skillc.compiler.archives import archive_suffix
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Frontend
from skillc.compiler.input_archives import gather_archive
from skillc.compiler.input_pages import (
    MAX_FILE_BYTES,
    Failure,
    InputFile,
    InputLog,
    decode,
    input_error,
    read_file,
    whole_input,
)
from skillc.compiler.input_walk import SKIP_DIRS, claimed, marker_folder, missing, posix_id, walk
from skillc.compiler.stat_hook import Gathering
from skillc.compiler.whole_sources import folder_whole
from skillc.diagnostics import Diagnostic, Severity, SkillcError

__all__ = [
    "MAX_FILE_BYTES",
    "SKIP_DIRS",
    "Failure",
    "Gathered",
    "InputFile",
    "collect",
    "decode",
    "gather",
    "posix_id",
]


@dataclass(slots=True, kw_only=True)
class Gathered:
    """The usable pages sorted by id, the problems met in input order (per-page errors and
    notes), the pages that failed sorted by id, and the project name the input declares when
    it is one archive (read in the pass over its pages; `skillc.compiler.library_name`)."""

    files: list[InputFile]
    problems: list[Diagnostic] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    declared_name: str = ""


def gather(paths: Sequence[str], gathering: Gathering | None = None) -> Gathered:
    """Find, read and decode every supported page under ``paths``, with the stat records and
    sniffing options of ``gathering`` (default: none).

    Raises `SkillcError` for usage errors and when no page is usable; bad pages inside folders
    and archives come back as problems and failures (see the module docstring).
    """
    if not paths:
        raise SkillcError(Diagnostic(code="SK010", message="no input given", path="<args>"))
    log = InputLog()
    gathering = gathering or Gathering()
    prefix_roots = len(paths) > 1
    files: list[InputFile] = []
    for raw in paths:
        files.extend(_gather_path(Path(raw), prefix_roots, log, gathering))
    _check_unique(files, log)
    if log.fatal or not files:
        raise SkillcError(*[d for d in log.problems if d.severity is not Severity.INFO])
    return Gathered(
        files=sorted(files, key=lambda f: f.id),
        problems=log.problems,
        failed=sorted(log.failed, key=lambda f: (f.id, f.reason)),
        declared_name=next(iter(log.declared.values()), "") if len(paths) == 1 else "",
    )


def collect(paths: Sequence[str]) -> list[InputFile]:
    """Every page under ``paths``, sorted by id; any bad page raises `SkillcError`.

    For callers with no manifest to record failures in (``skillc ir dump``, the benchmark).
    """
    gathered = gather(paths)
    errors = [d for d in gathered.problems if d.severity is Severity.ERROR]
    if errors:
        raise SkillcError(*errors)
    return gathered.files


def _gather_path(root: Path, prefix: bool, log: InputLog, gathering: Gathering) -> list[InputFile]:
    """The pages of one command-line path; a path that cannot be used at all is fatal."""
    if not root.exists():
        log.usage(input_error(root, missing(root)))
        return []
    if root.is_dir():
        whole = None if marker_folder(root) else table.by_root(root)
        if whole is not None:  # a code repository: its pages, and the folder as one source
            return _gather_whole(root, prefix, whole, log, gathering)
        return _gather_folder(root, prefix, log, gathering)
    if archive_suffix(root):
        return gather_archive(root, prefix, log, gathering)
    frontend = claimed(root, gathering)
    if frontend is None:
        log.usage(input_error(root, f"unsupported file type {root.suffix or '(none)'!r}"))
        return []
    source_id = root.name
    if root.name in frontend.claims.folder_markers:  # a skill's SKILL.md: its folder is read
        source_id = posix_id(Path(os.path.abspath(root)).parent.name, Path(root.name))
    item = read_file(source_id, root, frontend, gathering.records, gathering.lazy)
    if isinstance(item, Diagnostic):
        log.usage(item)
        return []
    return [item]


def _gather_whole(
    root: Path, prefix: bool, frontend: Frontend, log: InputLog, gathering: Gathering
) -> list[InputFile]:
    """A folder some kind also reads whole (a code repository): its pages, as for any folder,
    and one more source, the folder itself, whose id is the folder's name (as a skill
    folder's is). What the kind reads is bundled with the label the pages' ids carry, so its
    spans name the same files as the pages do."""
    label = Path(os.path.abspath(root)).name
    whole, notes = folder_whole(root, frontend, label if prefix else "", gathering.records)
    for note in notes:
        log.note(note)
    pages = _gather_folder(
        root, prefix, log, gathering, required=whole is None, keep=frontend.claims.page
    )
    return pages if whole is None else [*pages, whole_input(label, root, whole)]


def _gather_folder(
    root: Path,
    prefix: bool,
    log: InputLog,
    gathering: Gathering,
    required: bool = True,
    keep: Callable[[str], bool] | None = None,
) -> list[InputFile]:
    """The pages of a folder; ``keep``, when given, says which (by path below ``root``) a
    kind read whole leaves to the guides (a repository's test fixtures are not pages)."""
    base = root.resolve()
    label = base.name if prefix else ""
    if not label and marker_folder(root):  # the folder is a skill: ids keep its name
        label = Path(os.path.abspath(root)).name
    files: list[InputFile] = []
    pages = 0

    def unread(folder: Path, names: list[str]) -> None:
        log.note(skill_folders.not_read(str(folder), names))

    for path, link_problem in walk(root, base, unread):
        source_id = posix_id(label, path.relative_to(root))
        if link_problem and path.is_dir():  # a folder: not entered, and maybe holds no page
            log.note(input_error(path, f"{link_problem}: not followed", severity=Severity.WARNING))
            continue
        if link_problem:
            log.page(source_id, input_error(path, link_problem))
            continue
        frontend = claimed(path, gathering)
        if frontend is None or (keep is not None and not keep(path.relative_to(root).as_posix())):
            continue
        pages += 1
        item = read_file(source_id, path, frontend, gathering.records, gathering.lazy)
        if isinstance(item, Diagnostic):
            log.page(source_id, item)
        else:
            files.append(item)
    if not pages and required:
        kinds = ", ".join(table.file_suffixes())
        log.usage(input_error(root, f"directory has no supported files ({kinds})"))
    return files


def _check_unique(files: list[InputFile], log: InputLog) -> None:
    """A usage error for each source id two inputs give: inputs of one name (every tarball
    ``npm pack`` makes unpacks to ``package/``: ky's and yargs' built together) give their
    pages the same ids. The error names the other input and what to do."""
    seen: dict[str, Path] = {}
    for item in files:
        if item.id in seen:
            message = (
                f"source id {item.id!r} given twice (also by {seen[item.id]}): inputs of one "
                "name give their pages the same ids; rename one or build them apart"
            )
            log.usage(input_error(item.path, message))
        seen[item.id] = item.path
