"""The tickets frontend: support-ticket and issue-tracker exports -> troubleshooting skills.

An export is one file holding many tickets: GitHub issues REST JSON (embedded comments or a
separate comments file), Jira REST JSON, flat JSON records, CSV helpdesk exports and e-mail
(mbox, ``.eml``). Files are claimed by content (`formats.detect`), never by a ``.json`` or
``.csv`` name alone, so a docs folder's data files stay out; ``.eml`` and ``.mbox`` are claimed
by name too; an archive whose top holds only export-like files is also read whole
(`archive`: a tracker's zipped export). Every export of a build is read together
(`Frontend.read_all`), since one problem is reported across exports: `reader.read_tickets`
redacts first, then joins, clusters and compiles (see there). The kind reads bytes: each
format decodes as it must (e-mail parts by their declared charsets).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from skillc.compiler.frontends.frontend import Claims, Collected, Frontend, KindOptions, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets

#: An export of 100,000 tickets is larger than any guide page (the input limit is 20 MB); its
#: records are read one at a time and a huge field costs its record only (SK090).
MAX_EXPORT_BYTES = 512 * 1024 * 1024


def sniff(head: bytes, options: KindOptions) -> bool:
    """Whether a file starting with ``head`` is a ticket export, given the columns the build
    names (see `formats.detect`)."""
    from skillc.compiler.frontends.tickets.formats import detect

    fields = options.ticket_fields
    return bool(detect(head, fields.named() if fields is not None else None))


def is_export_top(names: frozenset[str]) -> bool:
    """Whether an archive's top names make it an export archive (see `archive`)."""
    from skillc.compiler.frontends.tickets.archive import is_export_top as check

    return check(names)


def member(relative: str) -> bool:
    """Whether an archive member may be an export read whole (see `archive`)."""
    from skillc.compiler.frontends.tickets.archive import member as wanted

    return wanted(relative)


def collect_archive(
    members: Mapping[str, bytes], label: str, where: str, options: KindOptions
) -> Collected:
    """The exports among an archive's members (told with the columns ``options`` name),
    bundled into one source (see `archive`)."""
    from skillc.compiler.frontends.tickets.archive import collect

    fields = options.ticket_fields
    return collect(members, label, fields.named() if fields is not None else {})


def read(data: bytes, source_id: str, targets: Targets) -> FrontendResult:
    """One export on its own, no columns named (the build reads all of them together, with
    its options: `read_all`)."""
    return read_all([(source_id, data)], KindOptions())


def read_all(exports: Sequence[tuple[str, bytes]], options: KindOptions) -> FrontendResult:
    """Every export of a build, in source id order, with the columns it names (see
    `reader.read_tickets`)."""
    from skillc.compiler.frontends.tickets.reader import read_tickets

    return read_tickets(exports, options.ticket_fields)


FRONTEND = Frontend(
    name="tickets",
    media_type="application/vnd.skillc.tickets",
    claims=Claims(suffixes=(".eml", ".mbox"), sniff=sniff, root_names=is_export_top, member=member),
    reads=Reads.BYTES,
    read=read,
    read_all=read_all,
    collect_archive=collect_archive,
    max_bytes=MAX_EXPORT_BYTES,
)

__all__ = ["FRONTEND"]
