"""Read the pages inside a zip or tar archive, in memory, refusing what is unsafe member by member.

Why: documentation ships as archives (release tarballs, CI artefacts, ``zip -r docs.zip docs``),
and an archive is also the easiest way to hand a build something hostile. Nothing is extracted
to disk and nothing is downloaded, so no member can write anywhere; what is left is not to be
made to read something other than a page, nor to do unbounded work:

- member names that are absolute or climb out with ``..`` are refused (``filter="data"`` would
  refuse them on extraction; here they would only be ids, but such an archive was not made by
  zipping a docs folder);
- tar symlinks, hard links and devices are never followed or read; named like a page they are
  an error, since the page the author meant is not in the archive;
- a member over the page limit is refused from its declared size before reading, and the bytes
  actually read are capped too, because headers lie;
- a member that compresses more than `Limits.ratio` to one (past `Limits.ratio_floor`) is a zip
  bomb, not a page;
- the archive as a whole has a budget, checked before any page is read: at most
  `Limits.members` entries and `Limits.total_bytes` of pages. A zip's entry count and sizes
  come from its central directory, so an archive over budget is refused without decompressing
  a byte (a 600 x 1 MB zip once took five minutes and 2 GB to end in a "stopped reading"
  error). A compressed tar has no directory: its headers are spread through the compressed
  stream, so the decompressed bytes are counted header by header and the scan stops at the
  first header that passes the budget (or the `Limits.ratio` for the whole archive), before
  that member's data is decompressed. Over budget, `ArchiveOverBudget` is raised: the whole
  archive is refused, since half a documentation set silently built is worse than none;
- nested archives are not opened (a note says so), encrypted zip members are not decrypted, and a
  name present twice is not read at all (which copy did the author mean?).

Each refusal is a `Problem` naming the member; the other members are still read. Only an archive
that cannot be opened at all raises `ArchiveUnreadable` (or `ArchiveOverBudget`). Uses only the
standard library.
"""

from __future__ import annotations

import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

from skillc.compiler.zip_directory import zip_entry_count
from skillc.diagnostics import Severity

#: Archive file names, longest suffix first, and the reader for each.
ARCHIVE_SUFFIXES: dict[str, str] = {
    ".tar.gz": "tar",
    ".tar.xz": "tar",
    ".tar.bz2": "tar",
    ".tgz": "tar",
    ".txz": "tar",
    ".tbz2": "tar",
    ".tar": "tar",
    ".zip": "zip",
}
#: Errors the stdlib readers raise on corrupt or truncated data.
CORRUPT = (
    tarfile.TarError,
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1024 * 1024
_ZIP_ENCRYPTED = 0x1
#: A member's header: `zipfile.ZipInfo` or `tarfile.TarInfo`.
Info = TypeVar("Info")
#: How many times `read_archive` opened each archive (by path as given) in this process.
#: Instrumentation only, never read by the build: a test counts that a build of an sdist
#: opens it once (its pages, its repository and its project name come from one pass).
OPENED: Counter[str] = Counter()


@dataclass(frozen=True, slots=True)
class Limits:
    """How much an archive may make a build read (the defaults suit documentation)."""

    member_bytes: int = 20 * 1024 * 1024
    total_bytes: int = 512 * 1024 * 1024
    ratio: int = 100
    ratio_floor: int = 1024 * 1024
    #: Entries (pages, folders, images...): a documentation set has hundreds, rarely thousands.
    members: int = 10_000


@dataclass(frozen=True, slots=True)
class Member:
    """A page read from an archive: ``name`` is its normalised POSIX path inside it."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Problem:
    """Something not read: ``member`` as stored in the archive ("" for the archive itself),
    ``name`` its normalised path when it has a safe one (else "")."""

    member: str
    message: str
    name: str = ""
    severity: Severity = Severity.ERROR


@dataclass(slots=True)
class Contents:
    """What an archive gave: pages read, problems, and ``root``, the one folder every page
    sits in ("" when there is none), which callers drop from ids so that an archive of a
    folder builds like the folder."""

    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: str = ""


class ArchiveUnreadable(Exception):
    """The archive cannot be opened at all (not an archive of its kind, or no readable index).

    ``code`` is the diagnostic code the caller reports it with.
    """

    code = "SK010"


class ArchiveOverBudget(ArchiveUnreadable):
    """The archive holds more entries, or more bytes of pages, than `Limits` allows: refused
    whole, before its pages are read (SK080)."""

    code = "SK080"


def archive_suffix(path: Path | str) -> str:
    """The archive suffix ``path`` ends with (lower case), or ``""`` when it is no archive."""
    name = str(path).lower()
    return next((s for s in ARCHIVE_SUFFIXES if name.endswith(s)), "")


def archive_stem(path: Path) -> str:
    """The archive's name without its suffix: ``docs.tar.gz`` -> ``docs`` (its id label)."""
    suffix = archive_suffix(path)
    return path.name[: len(path.name) - len(suffix)] if suffix else path.stem


def read_archive(
    path: Path, wanted: Callable[[str], bool], limits: Limits | None = None
) -> Contents:
    """The members of ``path`` whose normalised names ``wanted`` accepts, read in memory.

    Raises `ArchiveUnreadable` when the archive cannot be opened at all.
    """
    limits = limits or Limits()
    OPENED[str(path)] += 1
    reader = _read_zip if ARCHIVE_SUFFIXES.get(archive_suffix(path)) == "zip" else _read_tar
    contents = reader(path, wanted, limits)
    contents.root = common_root(
        [m.name for m in contents.members] + [p.name for p in contents.problems if p.name]
    )
    return contents


def member_path(raw: str) -> tuple[str, str]:
    """``(normalised name, "")`` for a safe member name, else ``("", why it is unsafe)``.

    Backslashes count as separators (Windows zip tools write them), ``.`` and empty parts are
    dropped; absolute names (``/x``, ``C:x``) and any ``..`` part are unsafe.

    >>> member_path("./docs//a.md"), member_path("../evil.md")[1], member_path("/etc/x.md")[1]
    (('docs/a.md', ''), 'path leaves the archive (..)', 'absolute path')
    """
    name = raw.replace("\\", "/")
    if "\x00" in name:
        return "", "NUL byte in the name"
    if name.startswith("/") or _DRIVE.match(name):
        return "", "absolute path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return "", "path leaves the archive (..)"
    if not parts:
        return "", "empty name"
    return "/".join(parts), ""


def common_root(names: list[str]) -> str:
    """The one top-level folder every name sits in, else ``""``.

    >>> common_root(["docs/a.md", "docs/b/c.md"]), common_root(["a.md", "docs/b.md"])
    ('docs', '')
    """
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) != 1 or not all("/" in n for n in names):
        return ""
    return tops.pop()


def _read_capped(stream: IO[bytes], limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``stream``; None when it holds more (its header lied)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None


def _too_large(size: int, limits: Limits) -> str:
    return f"member is too large ({size} bytes; limit {limits.member_bytes})"


def _over_total(total: int, pages: int, limits: Limits) -> ArchiveOverBudget:
    return ArchiveOverBudget(
        f"archive declares {total} bytes uncompressed in {pages} page(s), over the budget of "
        f"{limits.total_bytes} bytes; not read"
    )


def _over_count(count: int, limits: Limits, exact: bool = True) -> ArchiveOverBudget:
    many = f"{count}" if exact else f"more than {limits.members}"
    return ArchiveOverBudget(
        f"archive has {many} entries, over the budget of {limits.members}; not read"
    )


def _bomb(size: int, packed: int, limits: Limits) -> str:
    """Why ``size`` bytes from ``packed`` compressed ones look like a bomb, else ``""``."""
    if size <= limits.ratio_floor or size <= limits.ratio * max(packed, 1):
        return ""
    return (
        f"compression ratio {size // max(packed, 1)}:1 (limit {limits.ratio}:1) for "
        f"{size} bytes looks like a zip bomb; not read"
    )


def _nested(name: str) -> Problem:
    return Problem(
        member=name, name="", message="nested archive not opened", severity=Severity.INFO
    )


def _drop_duplicates(
    candidates: list[tuple[str, str, Info]], problems: list[Problem]
) -> list[tuple[str, str, Info]]:
    """Candidates whose name occurs once; one error per name given twice or more."""
    counts = Counter(name for name, _, _ in candidates)
    for name, count in sorted(counts.items()):
        if count > 1:
            problems.append(
                Problem(
                    member=name,
                    name=name,
                    message=f"member name appears {count} times in the archive; none is read",
                )
            )
    return [c for c in candidates if counts[c[0]] == 1]


# --- zip ---------------------------------------------------------------------------------------


def _read_zip(path: Path, wanted: Callable[[str], bool], limits: Limits) -> Contents:
    """The pages of a zip; the budget is judged from the central directory before any is read."""
    entries = zip_entry_count(path)
    if entries is not None and entries > limits.members:
        raise _over_count(entries, limits)  # before zipfile builds one object per entry
    try:
        archive = zipfile.ZipFile(path)
    except CORRUPT as exc:
        raise ArchiveUnreadable(f"not a readable zip archive ({exc})") from None
    contents = Contents()
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise _over_count(len(infos), limits)
        candidates = _zip_candidates(infos, wanted, contents.problems)
        to_read: list[tuple[str, str, zipfile.ZipInfo]] = []
        for name, raw, info in _drop_duplicates(candidates, contents.problems):
            why = _zip_refusal(info, limits)
            if why:
                contents.problems.append(Problem(member=raw, name=name, message=why))
            else:
                to_read.append((name, raw, info))
        total = sum(info.file_size for _, _, info in to_read)
        if total > limits.total_bytes:
            raise _over_total(total, len(to_read), limits)
        for name, raw, info in to_read:  # each read is capped at its declared size
            data, why = _zip_member(archive, info, limits)
            if data is None:
                contents.problems.append(Problem(member=raw, name=name, message=why))
            else:
                contents.members.append(Member(name=name, data=data))
    return contents


def _zip_candidates(
    infos: list[zipfile.ZipInfo], wanted: Callable[[str], bool], problems: list[Problem]
) -> list[tuple[str, str, zipfile.ZipInfo]]:
    """``(name, stored name, info)`` of the members to read; unsafe and link members reported."""
    found: list[tuple[str, str, zipfile.ZipInfo]] = []
    for info in infos:
        if info.is_dir():
            continue
        name, unsafe = member_path(info.filename)
        if unsafe:
            problems.append(Problem(member=info.filename, message=f"unsafe member: {unsafe}"))
        elif archive_suffix(name):
            problems.append(_nested(info.filename))
        elif wanted(name) and stat.S_ISLNK(info.external_attr >> 16):
            message = "symbolic link; links are not followed"
            problems.append(Problem(member=info.filename, name=name, message=message))
        elif wanted(name):
            found.append((name, info.filename, info))
    return found


def _zip_refusal(info: zipfile.ZipInfo, limits: Limits) -> str:
    """Why a member is not read, judged from its central-directory entry alone."""
    if info.flag_bits & _ZIP_ENCRYPTED:
        return "encrypted member; not read"
    bomb = _bomb(info.file_size, info.compress_size, limits)
    if bomb:
        return bomb
    if info.file_size > limits.member_bytes:
        return _too_large(info.file_size, limits)
    return ""


def _zip_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> tuple[bytes | None, str]:
    try:
        with archive.open(info) as stream:
            data = _read_capped(stream, min(info.file_size, limits.member_bytes))
    except NotImplementedError as exc:
        return None, f"cannot read: {exc}"
    except (*CORRUPT, RuntimeError) as exc:
        return None, f"corrupt member ({exc})"
    if data is None:
        return None, f"member expands beyond its declared size ({info.file_size} bytes)"
    return data, ""


# --- tar ---------------------------------------------------------------------------------------


def _read_tar(path: Path, wanted: Callable[[str], bool], limits: Limits) -> Contents:
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by the `with` below)
    except CORRUPT as exc:
        raise ArchiveUnreadable(f"not a readable tar archive ({exc})") from None
    contents = Contents()
    with archive:
        packed = path.stat().st_size if archive_suffix(path) != ".tar" else 0
        candidates = _tar_scan(archive, packed, wanted, limits, contents.problems)
        for name, raw, info in _drop_duplicates(candidates, contents.problems):
            data, why = _tar_member(archive, info, limits)
            if data is None:
                contents.problems.append(Problem(member=raw, name=name, message=why))
            else:
                contents.members.append(Member(name=name, data=data))
    return contents


def _tar_scan(
    archive: tarfile.TarFile,
    packed: int,
    wanted: Callable[[str], bool],
    limits: Limits,
    problems: list[Problem],
) -> list[tuple[str, str, tarfile.TarInfo]]:
    """Walk the headers lazily, raising `ArchiveOverBudget` before the data of a member that
    would pass a limit.

    Reading the next header of a compressed tar means decompressing the data before it, so the
    total and ratio caps are checked on each header's declared size before asking for the next;
    in a plain tar skipping is a seek, so only the pages to be read count. No member's data is
    kept during the scan: an archive over budget costs at most the budget's decompression.
    """
    found: list[tuple[str, str, tarfile.TarInfo]] = []
    total, pages, count, last = 0, 0, 0, ""
    try:
        for info in archive:
            count += 1
            page = info.isreg() and wanted(info.name)
            pages += page
            if packed or page:
                total += info.size
            _tar_budget(count, (total, pages), packed, limits)
            entry = _tar_entry(info, wanted, limits, problems)
            if entry is not None:
                found.append(entry)
            last = info.name
        why = _tar_end(archive)
    except CORRUPT as exc:
        why = f"({exc})"
    if why:
        after = f"after member {last!r}" if last else "before its first member"
        message = f"archive is truncated or corrupt {after} {why}; later members are not read"
        problems.append(Problem(member="", message=message))
    return found


def _tar_budget(count: int, read: tuple[int, int], packed: int, limits: Limits) -> None:
    """Raise `ArchiveOverBudget` once the headers seen so far pass a limit of the archive's.

    ``read`` is (bytes counted, pages seen): every member's bytes in a compressed tar, which
    must all be decompressed to reach the next header, only the pages' in a plain one.
    """
    total, pages = read
    if count > limits.members:
        raise _over_count(count, limits, exact=False)
    if total > limits.total_bytes:
        what = "decompresses to" if packed else "declares"
        raise ArchiveOverBudget(
            f"archive {what} more than {limits.total_bytes} bytes, the budget, by entry {count} "
            f"({pages} page(s) so far); not read"
        )
    if packed and total > limits.ratio_floor and total > limits.ratio * packed:
        raise ArchiveOverBudget(
            f"archive expands more than {limits.ratio}:1 ({total} bytes from {packed}); looks "
            "like a compression bomb; not read"
        )


def _tar_entry(
    info: tarfile.TarInfo, wanted: Callable[[str], bool], limits: Limits, problems: list[Problem]
) -> tuple[str, str, tarfile.TarInfo] | None:
    """The member to read, or None (a folder, a file that is no page, or a reported problem)."""
    if info.isdir():
        return None
    name, unsafe = member_path(info.name)
    if unsafe:
        problems.append(Problem(member=info.name, message=f"unsafe member: {unsafe}"))
        return None
    if not wanted(name) and not archive_suffix(name):
        return None
    kind = _tar_link_kind(info)
    if kind:
        problems.append(Problem(member=info.name, name=name, message=kind))
    elif archive_suffix(name):
        problems.append(_nested(info.name))
    elif info.size > limits.member_bytes:
        problems.append(Problem(member=info.name, name=name, message=_too_large(info.size, limits)))
    else:
        return name, info.name, info
    return None


def _tar_link_kind(info: tarfile.TarInfo) -> str:
    if info.issym():
        return f"symbolic link (to {info.linkname!r}); links are not followed"
    if info.islnk():
        return f"hard link (to {info.linkname!r}); links are not followed"
    if not info.isreg():
        return "device, FIFO or other special member; not read"
    return ""


def _tar_end(archive: tarfile.TarFile) -> str:
    """Why the archive ended early, else ``""``: tarfile stops silently at a truncated header,
    so check for the end-of-archive block (512 zero bytes) where iteration stopped."""
    stream = archive.fileobj
    if stream is None:
        return ""
    stream.seek(archive.offset)
    block = stream.read(tarfile.BLOCKSIZE)
    if len(block) < tarfile.BLOCKSIZE:
        return "(no end-of-archive marker)"
    if block.strip(b"\0"):
        return "(invalid member header)"
    return ""


def _tar_member(
    archive: tarfile.TarFile, info: tarfile.TarInfo, limits: Limits
) -> tuple[bytes | None, str]:
    try:
        stream = archive.extractfile(info)
        if stream is None:
            return None, "not a regular file; not read"
        with stream:
            data = _read_capped(stream, min(info.size, limits.member_bytes))
    except CORRUPT as exc:
        return None, f"cannot read: truncated or corrupt ({exc})"
    if data is None:
        return None, f"member expands beyond its declared size ({info.size} bytes)"
    return data, ""
