"""What an input kind is: the one `Frontend` object each frontend package exports.

Why: the driver, input gathering, the executor, library naming and report-leaks need to know
which paths a kind claims, whether it reads text or bytes, how to read one source, and the
optional extras (cross-page targets, pages to skip, reading one source in parts). Each kind
states all of that once, in its package's ``__init__``; `skillc.compiler.frontends.table`
lists the kinds. A new kind is one package and one table entry.

Import cost: a `Frontend` holds plain data and small functions that import the kind's reader
when first called, so listing every kind (``skillc --help``, lint) loads no parser library
(lxml, pypdf, docutils, markdown-it-py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets
from skillc.diagnostics import Diagnostic

if TYPE_CHECKING:  # the tickets package imports this module
    from skillc.compiler.frontends.tickets.fields import TicketFields

__all__ = ["Claims", "Collected", "Frontend", "KindOptions", "Map", "Pages", "Reads", "Split"]


@dataclass(frozen=True, slots=True, kw_only=True)
class KindOptions:
    """What the user told the build about telling and reading the kinds that take options,
    given as an argument to `Claims.sniff` and `Frontend.read_all`.

    Why an argument, not a context variable: a reader of a sniffer sees what its answer
    depends on, the value pickles with the tasks that carry it, and two builds in one process
    (or on one cluster) cannot see each other's. ``ticket_fields``: the columns of flat ticket
    exports (`skillc.compiler.frontends.tickets.fields.TicketFields`; None: none named).
    """

    ticket_fields: TicketFields | None = None


class Reads(Enum):
    """What a kind's ``read`` is given."""

    #: UTF-8 text (BOM dropped, newlines folded to ``\\n``).
    TEXT = "text"
    #: Text decoded as the page declares (BOM, ``<meta charset>``, XML declaration), else UTF-8.
    DECLARED_TEXT = "declared text"
    #: The file's bytes, undecoded (the frontend decodes them itself).
    BYTES = "bytes"


@dataclass(frozen=True, slots=True, kw_only=True)
class Claims:
    """Which inputs a kind reads.

    ``suffixes`` are lower-case file name endings (``.md``); ``folder_markers`` are file names
    that make the folder holding them one source of this kind (``SKILL.md``): the marker file
    is what is read, and nothing else under that folder is read as a page of its own.
    ``sniff``, when given, tells from a file's first bytes (and the build's `KindOptions`)
    whether a file no suffix claims is of this kind. ``root``, when given, tells whether a
    folder named on the command line is, as a whole, one source of this kind (a code
    repository: ``pyproject.toml``, ``.git``...); it is asked about input roots only, never
    about folders met while walking one, so a docs folder inside a repository is still a
    folder of guides.
    """

    suffixes: tuple[str, ...] = ()
    folder_markers: tuple[str, ...] = ()
    sniff: Callable[[bytes, KindOptions], bool] | None = None
    root: Callable[[Path], bool] | None = None
    #: For kinds with ``root``, the same for archives: whether the names at an archive's top
    #: (below its one top folder) make it one source of this kind, and which of its members
    #: (named relative to that folder) the kind needs.
    root_names: Callable[[frozenset[str]], bool] | None = None
    member: Callable[[str], bool] | None = None
    #: For kinds with ``root``: whether a guide page inside such a folder or archive (named
    #: relative to its top) is still read as a page. A repository's test fixtures and HTML
    #: templates are not its docs: read as pages they became junk skills, or failed builds.
    page: Callable[[str], bool] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Collected:
    """What a kind whose sources are whole folders (``Claims.root``) read of one folder: the
    files it needs bundled into the source's bytes (``data``; empty when there is nothing to
    read) and notes on the files it left out (binary, too large, links leaving the tree)."""

    data: bytes
    notes: tuple[Diagnostic, ...] = ()


#: ``(source id, text)`` of every page of one kind in a build.
Pages = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Split:
    """How one large source is read in parts by several processes (PDF: page ranges).

    ``open`` (parent) gives the opened source and its number of parts, or the source's result
    when it does not open (never raises); ``read_parts`` (worker) reads parts ``first..last``
    (1-based, inclusive) of an opened source into plain, picklable data; ``prepare`` (parent,
    while the workers read) does the source's own share (PDF: title and outline) and may raise;
    ``combine`` (parent) turns the parts in order and what ``prepare`` gave into the result
    the whole-source ``read`` returns (``prepare``'s error, if any, is passed to it instead)
    and never raises; its optional fourth argument, a `Map`, may run independent pieces of
    that work (PDF: each skill's assembly) in the workers; ``reopen`` (worker) opens the
    source again in a worker that did not inherit it.
    """

    open: Callable[[bytes, str], tuple[Any, int] | FrontendResult]
    reopen: Callable[[bytes, str], Any]
    read_parts: Callable[[Any, int, int], list[Any]]
    prepare: Callable[[Any], Any]
    combine: Callable[..., FrontendResult]


#: ``[fn(item) for item in items]`` in order, maybe in other processes (``fn`` at module level,
#: items and results picklable).
Map = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Frontend:
    """One input kind: its name, what it claims, how it reads, and its optional extras.

    ``media_type`` is recorded for each source it reads (`Source.media_type`, the manifest).
    ``read(content, source_id, targets)`` gets text or bytes as ``reads`` says and the
    cross-page targets of the whole build, and never raises on bad input. ``targets``
    collects this kind's labels and titles over its pages (before any page is read);
    ``skip_reason`` says why a page is not a guide (a search page), else ``""``; ``split``
    reads one source in parts. ``closing_lines`` is how many lines a code block's source span
    holds after its text (a Markdown fence's closing line), for report-leaks to locate a line
    of the block; ``None`` when lines of a block's text do not map to source lines.
    ``collect(folder, label)`` bundles a folder that ``claims.root`` accepts into one source
    (`Collected`), ``label`` the prefix of the ids of the folder's pages (``""`` or its name).
    ``collect_archive(members, label, where, options)`` does the same for an archive's
    members (``claims.member`` chose them; names relative to its top folder; ``where`` names
    the archive in notes; ``options`` the build's `KindOptions`), and decides itself whether
    they are one source (else empty data).
    ``read_all``, when given, is what the driver calls instead of ``read``: once per build,
    with ``(source id, text or bytes)`` of every source of the kind in id order and the
    build's `KindOptions`, for kinds whose skills span sources (tickets: one problem is
    reported in many export files); it never raises on bad input either. ``max_bytes``
    replaces the input limit on one file (`skillc.compiler.inputs.MAX_FILE_BYTES`) for kinds
    whose files are exports of many records, which are read record by record.
    """

    name: str
    media_type: str
    claims: Claims
    reads: Reads
    read: Callable[[Any, str, Targets], FrontendResult]
    targets: Callable[[Pages], Targets] | None = None
    skip_reason: Callable[[str, str], str] | None = None
    split: Split | None = None
    closing_lines: int | None = None
    collect: Callable[[Path, str], Collected] | None = None
    collect_archive: Callable[[Mapping[str, bytes], str, str, KindOptions], Collected] | None = None
    read_all: Callable[[Sequence[tuple[str, Any]], KindOptions], FrontendResult] | None = None
    max_bytes: int | None = None

    @property
    def binary(self) -> bool:
        """Whether ``read`` is given bytes rather than text."""
        return self.reads is Reads.BYTES
