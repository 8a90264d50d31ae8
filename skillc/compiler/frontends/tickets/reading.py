"""What a format reader is given and gives back for one export file.

Why a module of its own: every format reader (JSON, CSV, e-mail) reports skipped records the
same way (a line number and a reason, never a quote of the record: it is not redacted yet) and
makes tickets through the same redacting builder, so they share this small context.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from skillc.compiler.frontends.tickets.model import Comment, Ticket, TicketBuilder

__all__ = ["MAX_FIELD_CHARS", "Lines", "MailMessage", "Orphan", "Reading", "add_flat_ticket"]

#: A field longer than this is not a ticket's text (a pasted log dump, a base64 attachment):
#: its record is skipped with a warning, so one record cannot blow up the build's memory.
MAX_FIELD_CHARS = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Orphan:
    """A comment read apart from its ticket (GitHub's separate comments file): joined to the
    ticket with key ``ticket`` once every source has been read."""

    ticket: str
    comment: Comment


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One parsed e-mail, not yet redacted: kept only until the build's messages are threaded
    (`mail.mail_threads`), then turned into tickets by the redacting builder. ``sender`` is
    compared to tell roles apart and never stored in a ticket."""

    line: int
    sender: str
    subject: str
    root: str
    own_id: str
    time: str
    text: str


@dataclass(slots=True)
class Reading:
    """One export file being read: its source id, the redacting builder, and what came out."""

    source: str
    builder: TicketBuilder
    tickets: list[Ticket] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    #: E-mail messages waiting to be threaded across exports (`MailMessage`).
    mail: list[MailMessage] = field(default_factory=list)
    #: (line, reason) of each record skipped as malformed.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: Records that are well-formed but not tickets (pull requests, label lists), by kind.
    ignored: dict[str, int] = field(default_factory=dict)
    #: Columns the user named for flat exports (field -> column, `TicketFields.named`).
    named: dict[str, str] = field(default_factory=dict)
    #: (line, message) of what makes the export unreadable as asked (SK140, an error).
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: The build's source that fails with those errors when it is not ``source`` (the
    #: archive an export was read from whole).
    owner: str = ""

    def skip(self, line: int, reason: str) -> None:
        """Record a malformed record at ``line`` (1-based) as skipped, with ``reason``."""
        self.skipped.append((max(1, line), reason))

    def fail(self, line: int, message: str) -> None:
        """The export cannot be read as the user asked (a named column it lacks): an error
        at ``line``, and none of its records are read."""
        self.errors.append((max(1, line), message))

    def ignore(self, kind: str) -> None:
        """Count a well-formed record that is not a ticket."""
        self.ignored[kind] = self.ignored.get(kind, 0) + 1

    def too_long(self, *values: object) -> int:
        """The length of the first string among ``values`` over `MAX_FIELD_CHARS`, else 0."""
        for value in values:
            if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
                return len(value)
        return 0


def add_flat_ticket(
    reading: Reading,
    line: int,
    *,
    key: str,
    title: str,
    body: str,
    status: str,
    resolution: str,
    comments: list[Comment],
    labels: list[str],
) -> None:
    """A ticket of a flat export (a CSV row, a generic JSON record) into ``reading``: its
    ``resolution`` field, when it has one, is the last comment, written by an agent and
    marked as the export's resolution (so all of it counts as what solved the ticket)."""
    builder = reading.builder
    if resolution.strip():
        comments.append(
            builder.comment(
                len(comments) + 1,
                role="agent",
                time="",
                text=resolution,
                line=line,
                resolution=True,
            )
        )
    reading.tickets.append(
        builder.ticket(
            source=reading.source,
            line=line,
            key=key,
            title=title,
            body=body,
            comments=tuple(comments),
            labels=tuple(labels),
            status=status,
            resolution="fixed" if resolution.strip() else "",
        )
    )


class Lines:
    """Line numbers of character offsets in one text, by bisection over its line starts (built
    once, so locating every record of a large export stays linear overall)."""

    def __init__(self, text: str) -> None:
        #: The offset where each line starts (line ``n`` at ``starts[n - 1]``).
        self.starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = find("\n", at + 1)

    def line(self, offset: int) -> int:
        """The 1-based line of character ``offset``."""
        return bisect.bisect_right(self.starts, max(0, offset))
