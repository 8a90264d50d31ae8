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

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillc.compiler import charset, skill_folders
from skillc.compiler.archives import (
    ArchiveUnreadable,
    Contents,
    archive_stem,
    archive_suffix,
    read_archive,
)
from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import Frontend, Reads
from skillc.compiler.whole_sources import Whole, archive_wholes, folder_whole
from skillc.diagnostics import Diagnostic, Severity, SkillcError, input_problem
from skillc.paths import real_path

#: Larger files are refused: no documentation page is this big, a generated dump might be.
MAX_FILE_BYTES = 20 * 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"})


@dataclass(frozen=True, slots=True, kw_only=True)
class InputFile:
    """A source page: its id (relative POSIX path), location, kind, content and digest.

    ``frontend`` names the kind that reads it (`skillc.compiler.frontends.table`), and
    ``media_type`` is that kind's, as the manifest records it. ``text`` is the decoded text of
    text kinds; ``data`` the raw bytes of binary kinds (PDF), whose frontends do their own
    decoding. ``path`` is where it was read from; for an archive member it is
    ``archive!/member``, a label rather than a file. A folder of a kind claimed by a marker
    file (a skill's ``SKILL.md``) is read as that file, its id ``<folder>/SKILL.md``.
    """

    id: str
    path: Path
    media_type: str
    text: str
    sha256: str
    frontend: str
    data: bytes = b""


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A page that was not built: its source id (or the archive's name when the problem is the
    archive's) and why, without the build machine's paths, for the manifest."""

    id: str
    reason: str


@dataclass(slots=True, kw_only=True)
class Gathered:
    """The usable pages sorted by id, the problems met in input order (per-page errors and
    notes), and the pages that failed sorted by id."""

    files: list[InputFile]
    problems: list[Diagnostic] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


class _Log:
    """Problems in input order, each either fatal (usage), a failed page, or a note."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        self.failed: list[Failure] = []
        self.fatal = False

    def usage(self, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)
        self.fatal = True

    def page(self, source_id: str, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)
        line = diagnostic.span.line if diagnostic.span is not None else 0
        reason = f"line {line}: {diagnostic.message}" if line else diagnostic.message
        self.failed.append(Failure(id=source_id, reason=reason))

    def note(self, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)


def gather(paths: Sequence[str]) -> Gathered:
    """Find, read and decode every supported page under ``paths``.

    Raises `SkillcError` for usage errors and when no page is usable; bad pages inside folders
    and archives come back as problems and failures (see the module docstring).
    """
    if not paths:
        raise SkillcError(Diagnostic(code="SK010", message="no input given", path="<args>"))
    log = _Log()
    prefix_roots = len(paths) > 1
    files: list[InputFile] = []
    for raw in paths:
        files.extend(_gather_path(Path(raw), prefix_roots, log))
    _check_unique(files, log)
    if log.fatal or not files:
        raise SkillcError(*[d for d in log.problems if d.severity is not Severity.INFO])
    return Gathered(
        files=sorted(files, key=lambda f: f.id),
        problems=log.problems,
        failed=sorted(log.failed, key=lambda f: (f.id, f.reason)),
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


def _gather_path(root: Path, prefix: bool, log: _Log) -> list[InputFile]:
    """The pages of one command-line path; a path that cannot be used at all is fatal."""
    if not root.exists():
        log.usage(_problem(root, _missing(root)))
        return []
    if root.is_dir():
        whole = None if _marker_folder(root) else table.by_root(root)
        if whole is not None:  # a code repository: its pages, and the folder as one source
            return _gather_whole(root, prefix, whole, log)
        return _gather_folder(root, prefix, log)
    if archive_suffix(root):
        return _gather_archive(root, prefix, log)
    frontend = _claimed(root)
    if frontend is None:
        log.usage(_problem(root, f"unsupported file type {root.suffix or '(none)'!r}"))
        return []
    source_id = root.name
    if root.name in frontend.claims.folder_markers:  # a skill's SKILL.md: its folder is read
        source_id = posix_id(Path(os.path.abspath(root)).parent.name, Path(root.name))
    item = _read_file(source_id, root, frontend)
    if isinstance(item, Diagnostic):
        log.usage(item)
        return []
    return [item]


def _gather_whole(root: Path, prefix: bool, frontend: Frontend, log: _Log) -> list[InputFile]:
    """A folder some kind also reads whole (a code repository): its pages, as for any folder,
    and one more source, the folder itself, whose id is the folder's name (as a skill
    folder's is). What the kind reads is bundled with the label the pages' ids carry, so its
    spans name the same files as the pages do."""
    label = Path(os.path.abspath(root)).name
    whole, notes = folder_whole(root, frontend, label if prefix else "")
    for note in notes:
        log.note(note)
    pages = _gather_folder(root, prefix, log, required=whole is None)
    return pages if whole is None else [*pages, _whole_input(label, root, whole)]


def _whole_input(source_id: str, path: Path, whole: Whole) -> InputFile:
    kind = whole.frontend
    return InputFile(
        id=source_id,
        path=path,
        media_type=kind.media_type,
        text="",
        sha256=whole.sha256,
        frontend=kind.name,
        data=whole.data,
    )


def _gather_folder(root: Path, prefix: bool, log: _Log, required: bool = True) -> list[InputFile]:
    base = root.resolve()
    label = base.name if prefix else ""
    if not label and _marker_folder(root):  # the folder is a skill: ids keep its name
        label = Path(os.path.abspath(root)).name
    files: list[InputFile] = []
    pages = 0

    def unread(folder: Path, names: list[str]) -> None:
        log.note(skill_folders.not_read(str(folder), names))

    for path, link_problem in _walk(root, base, unread):
        source_id = posix_id(label, path.relative_to(root))
        if link_problem:
            log.page(source_id, _problem(path, link_problem))
            continue
        frontend = _claimed(path)
        if frontend is None:
            continue
        pages += 1
        item = _read_file(source_id, path, frontend)
        if isinstance(item, Diagnostic):
            log.page(source_id, item)
        else:
            files.append(item)
    if not pages and required:
        kinds = ", ".join(table.file_suffixes())
        log.usage(_problem(root, f"directory has no supported files ({kinds})"))
    return files


def _claimed(path: Path) -> Frontend | None:
    """The kind that reads the file at ``path``: by its name, else by its first bytes when a
    kind sniffs content."""
    frontend = table.by_path(path.name)
    if frontend is None and table.SNIFFERS and path.is_file():
        try:
            with path.open("rb") as handle:
                frontend = table.by_content(handle.read(table.SNIFF_BYTES))
        except OSError:
            return None
    return frontend


def _marker_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a file that makes it one source (a skill's ``SKILL.md``)."""
    try:
        return table.by_marker(os.listdir(folder)) is not None
    except OSError:
        return False


def _walk(
    root: Path, base: Path, unread: Callable[[Path, list[str]], None]
) -> Iterable[tuple[Path, str]]:
    """Files under ``root`` in sorted order, each with why it cannot be read as a link (a
    symlink that leaves the tree, or a loop of them), else ``""``.

    A symlinked folder that leaves the tree is yielded (with its problem) and not entered; a
    bad symlinked file only matters when it would be read as a page. A folder claimed by a
    marker (a skill's SKILL.md) is one source: the other files in it are given to ``unread``.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        marker = table.by_marker(filenames)
        if marker is not None:  # a skill folder: its SKILL.md is the source, nothing else is
            kept = [n for n in filenames if n in marker.claims.folder_markers][:1]
            others = skill_folders.files_below(Path(dirpath), dirnames, set(filenames) - set(kept))
            if others:
                unread(Path(dirpath), others)
            filenames, dirnames[:] = kept, []
        for name in sorted(filenames):
            path = Path(dirpath, name)
            problem = _link_problem(path, base) if path.is_symlink() else ""
            if not problem or table.by_path(name) is not None:
                yield path, problem
        for name in list(dirnames):
            link = Path(dirpath, name)
            problem = _link_problem(link, base) if link.is_symlink() else ""
            if problem:
                yield link, problem
                dirnames.remove(name)


def _link_problem(link: Path, base: Path) -> str:
    """Why symlink ``link`` is not followed, else ``""`` (a dangling link is reported when it
    is read)."""
    target = real_path(link)
    if target is None:
        return "symlink loop (too many levels of symbolic links)"
    if target != base and base not in target.parents:
        return "symlink points outside the input tree"
    return ""


def _missing(path: Path) -> str:
    """Why a named path that does not exist as a file or folder cannot be used."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        if os.path.islink(path):
            return f"broken symlink (to {os.readlink(path)!r})"
    return "no such file or directory"


def posix_id(label: str, relative: Path) -> str:
    """The source id: ``label/relative`` in POSIX form (``relative`` alone when no label)."""
    parts = [label, *relative.parts] if label else list(relative.parts)
    return "/".join(parts)


def _gather_archive(archive: Path, prefix: bool, log: _Log) -> list[InputFile]:
    """The pages of an archive; its bad members are failed pages, an unopenable one fatal."""
    names: set[str] = set()

    def wanted(name: str) -> bool:
        names.add(name)  # every member is asked about: what skill folders hold besides SKILL.md
        return table.by_path(name) is not None

    try:
        contents = read_archive(archive, wanted)
    except ArchiveUnreadable as exc:  # over budget (SK080) or not openable: refused whole
        log.usage(_problem(archive, str(exc), code=exc.code))
        return []
    label = archive_stem(archive) if prefix else ""
    whole = _archive_whole(archive, names, label, log)
    for folder, others in skill_folders.archive_extras(names):
        log.note(skill_folders.not_read(f"{archive}!/{folder}", others))
    _drop_marker_folders(contents)
    top = (_member_id(contents, "", m.name) for m in contents.members)
    if not label and any(_is_top_marker(source_id) for source_id in top):
        label = contents.root.rsplit("/", 1)[-1] if contents.root else archive_stem(archive)
    files: list[InputFile] = []
    pages = len(contents.members)
    contents.members.reverse()
    while contents.members:  # each member's bytes are freed once decoded: peak ~1x, not 2x
        member = contents.members.pop()
        source_id = _member_id(contents, label, member.name)
        frontend = table.by_path(member.name)
        if frontend is None:  # `read_archive` only reads claimed members
            continue
        item = _page(source_id, f"{archive}!/{member.name}", member.data, frontend)
        if isinstance(item, Diagnostic):
            log.page(source_id, item)
        else:
            files.append(item)
    for problem in contents.problems:
        where = f"{archive}!/{problem.member}" if problem.member else str(archive)
        diagnostic = _problem(where, problem.message, severity=problem.severity)
        if problem.severity is Severity.INFO:
            log.note(diagnostic)
        elif problem.name:
            log.page(_member_id(contents, label, problem.name), diagnostic)
        else:
            stored = problem.member.lstrip("/")
            log.page(f"{archive.name}!/{stored}" if stored else archive.name, diagnostic)
    if not pages and not whole and not any(p.name for p in contents.problems):
        kinds = ", ".join(table.file_suffixes())
        log.usage(_problem(archive, f"archive has no supported files ({kinds})"))
    return [*files, *whole]


def _archive_whole(archive: Path, names: set[str], label: str, log: _Log) -> list[InputFile]:
    """The archive as one more source when it is a repository (an sdist): its members that
    fail (a link, a member too large) fail as pages do."""
    try:
        found = archive_wholes(archive, names, label)
    except ArchiveUnreadable as exc:  # read once already: only a file changed under us
        log.usage(_problem(archive, str(exc), code=exc.code))
        return []
    for note in found.notes:
        log.note(note)
    for problem in found.problems:
        relative = problem.name[len(found.root) + 1 :] if found.root else problem.name
        where = f"{archive}!/{problem.member}"
        log.page(f"{label}/{relative}" if label else relative, _problem(where, problem.message))
    return [_whole_input(archive_stem(archive), archive, w) for w in found.wholes]


def _member_id(contents: Contents, label: str, name: str) -> str:
    """The source id of archive member ``name``: without the archive's root folder, labelled."""
    relative = name[len(contents.root) + 1 :] if contents.root else name
    return f"{label}/{relative}" if label else relative


def _drop_marker_folders(contents: Contents) -> None:
    """Members under a folder that holds a marker (a skill's ``SKILL.md``) other than that
    marker dropped: the folder is one source, as in `_walk`."""
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


def _read_file(source_id: str, path: Path, frontend: Frontend) -> InputFile | Diagnostic:
    """A page file read and decoded, or the problem with it (size checked before reading)."""
    limit = frontend.max_bytes or MAX_FILE_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return _problem(path, "not a regular file")
        if info.st_size > limit:
            return _too_large(path, info.st_size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return _problem(path, f"cannot read: {exc.strerror or exc}")
    if len(data) > limit:
        return _too_large(path, len(data), limit)
    return _page(source_id, str(path), data, frontend)


def _too_large(path: Path, size: int, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    return _problem(path, f"file is too large ({size} bytes; limit {limit})")


def _page(source_id: str, where: str, data: bytes, frontend: Frontend) -> InputFile | Diagnostic:
    """The `InputFile` for a page's bytes, or the problem that keeps it out of the build."""
    digest = hashlib.sha256(data).hexdigest()
    text = ""
    if frontend.binary:
        if not data:
            return _problem(where, "empty file")
    else:
        decoded = _decode_page(where, data, html=frontend.reads is Reads.DECLARED_TEXT)
        if isinstance(decoded, Diagnostic):
            return decoded
        text = decoded
    return InputFile(
        id=source_id,
        path=Path(where),
        media_type=frontend.media_type,
        frontend=frontend.name,
        text=text,
        sha256=digest,
        data=data if frontend.binary else b"",
    )


def decode(path: Path, data: bytes, problems: list[Diagnostic]) -> str | None:
    """UTF-8 text with the BOM dropped and newlines folded to ``\\n``, or None with a problem."""
    text = _decode_page(str(path), data, html=False)
    if isinstance(text, Diagnostic):
        problems.append(text)
        return None
    return text


def _decode_page(where: str, data: bytes, *, html: bool) -> str | Diagnostic:
    """A page's text: UTF-8, or for HTML the encoding it declares (`charset.sniff`)."""
    declared = charset.sniff(data) if html else None
    utf16 = declared is not None and declared.codec.startswith("utf-16")
    if b"\x00" in data and not utf16:
        return _problem(where, "binary file (contains NUL bytes)", _line(data, data.index(0)))
    if declared is None or declared.source == "default":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            hint = " and no <meta charset> declares another encoding" if html else ""
            message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}"
            return _problem(where, message, _line(data, exc.start))
    elif not declared.codec:
        message = f"unknown charset {declared.label!r} declared by the {declared.source}"
        return _problem(where, message, _line(data, declared.offset))
    else:
        body = data[declared.skip :]
        try:
            text = charset.decode(body, declared.codec)
        except UnicodeDecodeError as exc:
            message = (
                f"not valid {declared.label} (byte 0x{body[exc.start]:02x}), the encoding "
                f"declared by the {declared.source}"
            )
            return _problem(where, message, _line(body, exc.start, declared.codec))
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            return _problem(where, "binary file (contains NUL bytes)", line)
    if not text.strip():
        return _problem(where, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(data: bytes, offset: int, codec: str = "") -> int:
    """The 1-based line of byte ``offset`` (counted in characters for UTF-16)."""
    if codec.startswith("utf-16"):
        return data[:offset].decode(codec, errors="replace").count("\n") + 1
    return data[:offset].count(b"\n") + 1


def _check_unique(files: list[InputFile], log: _Log) -> None:
    seen: dict[str, Path] = {}
    for item in files:
        if item.id in seen:
            log.usage(_problem(item.path, f"source id {item.id!r} given twice"))
        seen[item.id] = item.path


def _problem(
    where: Path | str,
    message: str,
    line: int = 0,
    severity: Severity = Severity.ERROR,
    code: str = "SK010",
) -> Diagnostic:
    return input_problem(str(where), message, line=line, code=code, severity=severity)
