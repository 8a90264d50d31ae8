"""One input page's bytes read, checked and decoded into an `InputFile`, and the log of problems.

Why a module of its own: every way a page is found (a folder walk, an archive member, a file
named on the command line, a repository read whole) ends in the same checks (size, regular
file, NUL bytes, UTF-8 or the charset an HTML page declares, empty), so they live once here;
`skillc.compiler.inputs` decides which paths to ask about and what a problem means for the
build (usage error or failed page).
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from skillc.compiler import charset
from skillc.compiler.frontends.frontend import Frontend, Reads
from skillc.compiler.stat_hook import Records
from skillc.compiler.whole_sources import Whole
from skillc.diagnostics import Diagnostic, Severity, input_problem

#: Larger files are refused: no documentation page is this big, a generated dump might be.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class InputFile:
    """A source page: its id (relative POSIX path), location, kind, content and digest.

    ``frontend`` names the kind that reads it (`skillc.compiler.frontends.table`), and
    ``media_type`` is that kind's, as the manifest records it. ``text`` is the decoded text of
    text kinds; ``data`` the raw bytes of binary kinds (PDF), whose frontends do their own
    decoding; ``parts`` the pages to read of a PDF (all when empty). ``path`` is where it
    was read from; for an archive member it is ``archive!/member``, a label rather than a
    file. A folder of a kind claimed by a marker
    file (a skill's ``SKILL.md``) is read as that file, its id ``<folder>/SKILL.md``.
    ``on_disk``: the text was checked when gathered but is not held (``text`` is empty);
    `page_text` reads it again from ``path`` (a lazy gathering, `Gathering.lazy`).
    """

    id: str
    path: Path
    media_type: str
    text: str
    sha256: str
    frontend: str
    data: bytes = b""
    #: The parts to read of a source read in parts (a PDF's pages, 1-based inclusive ranges,
    #: from the project's ``pages``); empty: all of it.
    parts: tuple[tuple[int, int], ...] = ()
    on_disk: bool = False


class PageChanged(Exception):
    """A page read again (`page_text`) is not the page gathered: it changed during the build."""


def page_text(item: InputFile) -> str:
    """The text of page ``item``: its own, or for a page gathered lazily (``on_disk``) its
    file read, checked against the hash taken when it was gathered, and decoded again.

    Why: holding every page's text from gathering to the end of reading made a build's memory
    grow with the corpus (python-doc: 98 MB of text for 530 pages, 4 times that at 4x); read
    again where the page is read (a worker process), each text lives only while its page is
    read. Raises `PageChanged` when the file is no longer the page gathered: the build must
    not mix its old hash with its new text.
    """
    if not item.on_disk:
        return item.text
    from skillc.compiler.frontends.table import by_name

    try:
        data = item.path.read_bytes()
    except OSError as exc:
        raise PageChanged(f"cannot read it again: {exc.strerror or exc}") from None
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise PageChanged("the file changed while the build read it; build again")
    frontend = by_name(item.frontend)
    decoded = decode_page(str(item.path), data, html=frontend.reads is Reads.DECLARED_TEXT)
    if isinstance(decoded, Diagnostic):  # it decoded when gathered: the same bytes still do
        raise PageChanged(decoded.message)
    return decoded


#: The code of a page that changed between gathering and reading: its failure is not cached.
CHANGED = "SK019"


def changed_page(item: InputFile, error: PageChanged) -> Diagnostic:
    """The error that fails a page `page_text` could not read again (SK019)."""
    return input_error(item.id, str(error), code=CHANGED)


class PageTexts(Mapping[str, tuple[str, str]]):
    """Source id -> (frontend name, text) of the text pages of ``files``, each text read when
    asked for (`page_text`; ``""`` for a page that cannot be read again, which its reading
    has failed already): the toctrees are read from the few pages without breadcrumbs, and
    the others' texts are never held again."""

    def __init__(self, files: Sequence[InputFile]) -> None:
        self._files = {f.id: f for f in files if f.text or f.on_disk}

    def __getitem__(self, source_id: str) -> tuple[str, str]:
        item = self._files[source_id]
        try:
            return item.frontend, page_text(item)
        except PageChanged:
            return item.frontend, ""

    def __contains__(self, source_id: object) -> bool:
        """Whether ``source_id`` is a text page, told without reading it: `Mapping`'s own test
        asks for the item, which read the page again (python-doc: 450 pages read and decoded
        for `longdesc_titled`'s test of each trail's parent)."""
        return source_id in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A page that was not built: its source id (or the archive's name when the problem is the
    archive's) and why, without the build machine's paths, for the manifest."""

    id: str
    reason: str


class InputLog:
    """Problems in input order, each either fatal (usage), a failed page, or a note; and the
    names archive inputs declare."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        self.failed: list[Failure] = []
        self.fatal = False
        #: The project name each archive input declares (by path), read in its one pass.
        self.declared: dict[str, str] = {}

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


def whole_input(source_id: str, path: Path, whole: Whole) -> InputFile:
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


def read_file(
    source_id: str, path: Path, frontend: Frontend, records: Records | None, lazy: bool = False
) -> InputFile | Diagnostic:
    """A page file read and decoded, or the problem with it (size checked before reading);
    with ``records``, a file whose stat they know is not read (`_deferred`); ``lazy``: a text
    page is returned without its text, once checked (``on_disk``, `page_text`), unless its
    kind reads all its sources in one call (they are read together, in this process)."""
    limit = frontend.max_bytes or MAX_FILE_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return input_error(path, "not a regular file")
        if info.st_size > limit:
            return _too_large(path, info.st_size, limit)
        known = records.sha256(path, info, frontend.name) if records is not None else None
        if known is not None:
            return _deferred(source_id, path, frontend, known)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return input_error(path, f"cannot read: {exc.strerror or exc}")
    if len(data) > limit:
        return _too_large(path, len(data), limit)
    item = page_input(source_id, str(path), data, frontend)
    if records is not None and isinstance(item, InputFile):
        records.note_sha256(path, info, frontend.name, item.sha256)
    if lazy and isinstance(item, InputFile) and not frontend.binary and frontend.read_all is None:
        return replace(item, text="", on_disk=True)
    return item


def _deferred(source_id: str, path: Path, frontend: Frontend, sha256: str) -> InputFile:
    """A page known by its recorded hash alone: no text, for a build key only (see
    `skillc.compiler.cache.stats`)."""
    return InputFile(
        id=source_id,
        path=path,
        media_type=frontend.media_type,
        frontend=frontend.name,
        text="",
        sha256=sha256,
    )


def _too_large(path: Path, size: int, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    return input_error(path, f"file is too large ({size} bytes; limit {limit})")


def page_input(
    source_id: str, where: str, data: bytes, frontend: Frontend
) -> InputFile | Diagnostic:
    """The `InputFile` for a page's bytes, or the problem that keeps it out of the build."""
    digest = hashlib.sha256(data).hexdigest()
    text = ""
    if frontend.binary:
        if not data:
            return input_error(where, "empty file")
    else:
        decoded = decode_page(where, data, html=frontend.reads is Reads.DECLARED_TEXT)
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
    text = decode_page(str(path), data, html=False)
    if isinstance(text, Diagnostic):
        problems.append(text)
        return None
    return text


def decode_page(where: str, data: bytes, *, html: bool) -> str | Diagnostic:
    """A page's text: UTF-8, or for HTML the encoding it declares (`charset.sniff`)."""
    declared = charset.sniff(data) if html else None
    utf16 = declared is not None and declared.codec.startswith("utf-16")
    if b"\x00" in data and not utf16:
        return input_error(where, "binary file (contains NUL bytes)", _line(data, data.index(0)))
    if declared is None or declared.source == "default":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            hint = " and no <meta charset> declares another encoding" if html else ""
            message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}"
            return input_error(where, message, _line(data, exc.start))
    elif not declared.codec:
        message = f"unknown charset {declared.label!r} declared by the {declared.source}"
        return input_error(where, message, _line(data, declared.offset))
    else:
        body = data[declared.skip :]
        try:
            text = charset.decode(body, declared.codec)
        except UnicodeDecodeError as exc:
            message = (
                f"not valid {declared.label} (byte 0x{body[exc.start]:02x}), the encoding "
                f"declared by the {declared.source}"
            )
            return input_error(where, message, _line(body, exc.start, declared.codec))
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            return input_error(where, "binary file (contains NUL bytes)", line)
    if not text or text.isspace():  # `str.strip` would copy the page to tell
        return input_error(where, "empty file")
    if "\r" not in text:  # one scan, where the folds take two
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(data: bytes, offset: int, codec: str = "") -> int:
    """The 1-based line of byte ``offset`` (counted in characters for UTF-16)."""
    if codec.startswith("utf-16"):
        return data[:offset].decode(codec, errors="replace").count("\n") + 1
    return data[:offset].count(b"\n") + 1


def input_error(
    where: Path | str,
    message: str,
    line: int = 0,
    severity: Severity = Severity.ERROR,
    code: str = "SK010",
) -> Diagnostic:
    return input_problem(str(where), message, line=line, code=code, severity=severity)
