"""Every ticket export of a build -> troubleshooting skills, in five steps.

1. **Read and redact**: each export (in source id order) is read by its format
   (`formats.read_export`) into `Ticket` values through one `Redactor` for the build, so the
   same address is the same placeholder in every file and no later step sees a raw value.
   Malformed records are skipped with a warning at their line (SK090); records that are not
   tickets (pull requests, label lists) are counted (SK094); how many values of each type were
   redacted is said per export (SK091) and in the build's counts, never which.
2. **Join**: comments read apart from their issue (GitHub's separate comments file) are added
   to it; a ticket found in several exports (the same issue fetched twice) is one ticket with
   the union of its comments.
3. **Cluster** by problem (`cluster.cluster`).
4. **Select**: a cluster becomes a skill when it has at least `MIN_TICKETS` tickets, one of
   them resolved, and a resolution step; the others are reported (SK092), not emitted.
5. **Compile** each selected cluster (`skills.build_skill`); contradicting steps are reported
   (SK093).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.tickets.archive import is_bundle, unpack
from skillc.compiler.frontends.tickets.cluster import Cluster, cluster
from skillc.compiler.frontends.tickets.evidence import Evidence, evidence
from skillc.compiler.frontends.tickets.features import features
from skillc.compiler.frontends.tickets.fields import TicketFields
from skillc.compiler.frontends.tickets.formats import read_export
from skillc.compiler.frontends.tickets.mail import mail_threads
from skillc.compiler.frontends.tickets.model import Comment, Ticket, TicketBuilder
from skillc.compiler.frontends.tickets.reading import Reading
from skillc.compiler.frontends.tickets.redact import Redactor
from skillc.compiler.frontends.tickets.skills import Step, build_skill, ticket_span
from skillc.diagnostics import Diagnostic, Severity
from skillc.diagnostics.span import Span

__all__ = ["MIN_TICKETS", "read_tickets"]

#: A problem seen once is an anecdote: clusters with fewer tickets are reported, not emitted.
MIN_TICKETS = 2

#: Placeholder types in the words of a report.
_KINDS = {
    "EMAIL": "e-mail address",
    "PHONE": "phone number",
    "TOKEN": "token or key",
    "SECRET": "high-entropy string",
    "PASSWORD": "password",
    "IP": "IP address",
    "URL-CREDENTIALS": "URL credential",
    "NAME": "name",
    "USER": "user mention",
}


def read_tickets(
    exports: Sequence[tuple[str, bytes]],
    fields: TicketFields | None = None,
    by_source: Mapping[str, TicketFields] | None = None,
) -> FrontendResult:
    """The troubleshooting skills of every export ``(source id, bytes)``, in id order.

    ``fields`` names the columns of flat exports (default: none, recognised by name);
    ``by_source`` overrides it for the exports whose source ids it holds (a configuration's
    per-source tables). An export that lacks a named column is not read (SK140, an error:
    the build fails that page).
    """
    default = fields if fields is not None else TicketFields()
    redactor = Redactor()
    builder = TicketBuilder(redactor)
    diagnostics: list[Diagnostic] = []
    readings: list[Reading] = []
    redacted: dict[str, Counter[str]] = {}
    for source, data, whole in _expanded(exports):
        before = Counter(redactor.counts)
        mapping = (by_source or {}).get(source, default)
        reading = Reading(source=source, builder=builder, named=mapping.named())
        read_export(data, reading)  # the export is told by the columns named for it
        if whole != source:  # an archive's member: its errors fail the archive's source
            reading.errors = [(1, f"{source}:{n}: {m}") for n, m in reading.errors]
            reading.owner = whole
        if reading.errors:  # not read as asked: nothing of it is read (SK140)
            for kept in (reading.tickets, reading.orphans, reading.mail):
                kept.clear()
        readings.append(reading)
        redacted[source] = redactor.counts - before
    # E-mail threads may span exports: their tickets are made (and redacted) once all are read.
    for source, counts in mail_threads(readings).items():
        redacted[source].update(counts)
    for reading in readings:
        diagnostics.extend(_reading_notes(reading, redacted[reading.source]))
    tickets = _safe_keys(_joined(readings), redactor)
    found = [features(t) for t in tickets]
    said = [evidence(t, i) for i, t in enumerate(tickets)]
    skills = []
    emitted = 0
    for group in cluster(found):
        reason = _not_emitted(group, tickets, said)
        if reason:
            diagnostics.append(_cluster_note(group, tickets, reason))
            continue
        built = build_skill(tickets, group.members, found, said, group.centre)
        skills.append(built.skill)
        emitted += 1
        for first, second, why in built.conflicts:
            diagnostics.append(_conflict(built.skill.skill_name, tickets, first, second, why))
    totals: dict[str, int] = {
        "tickets": len(tickets),
        "records skipped": sum(len(r.skipped) for r in readings),
        "troubleshooting skills": emitted,
        **{f"redacted {_KINDS.get(k, k)}": n for k, n in sorted(redactor.counts.items())},
    }
    return FrontendResult(
        skills=tuple(skills), diagnostics=tuple(diagnostics), counts=tuple(totals.items())
    )


def _expanded(exports: Sequence[tuple[str, bytes]]) -> Iterator[tuple[str, bytes, str]]:
    """(source id, bytes, id of the source it came in) of every export: an archive read whole
    (`archive`) gives its member exports, each with its own id for provenance."""
    for source, data in exports:
        if is_bundle(data):
            for name, member in unpack(data):
                yield name, member, source
        else:
            yield source, data, source


def _joined(readings: Sequence[Reading]) -> list[Ticket]:
    """The tickets of every reading, one per key, with their orphan comments attached."""
    by_key: dict[str, Ticket] = {}
    for reading in readings:
        for ticket in reading.tickets:
            if ticket.key in by_key:
                by_key[ticket.key] = _union(by_key[ticket.key], ticket.comments, ticket.source)
            else:
                by_key[ticket.key] = ticket
    for reading in readings:
        for orphan in reading.orphans:
            if orphan.ticket in by_key:
                base = by_key[orphan.ticket]
                by_key[orphan.ticket] = _union(base, (orphan.comment,), reading.source)
    return list(by_key.values())


def _safe_keys(tickets: list[Ticket], redactor: Redactor) -> list[Ticket]:
    """Tickets whose key names a repository called like a person the text mentioned
    (``octocat#2`` once ``@octocat`` was redacted) with that part replaced too."""
    safe = []
    for ticket in tickets:
        scope, sep, number = ticket.key.rpartition("#")
        known = redactor.known(scope) if sep else ""
        safe.append(replace(ticket, key=f"{known}#{number}") if known else ticket)
    return safe


def _union(ticket: Ticket, comments: Sequence[Comment], source: str) -> Ticket:
    """``ticket`` with the ``comments`` it lacks (same time and text) appended, numbered on;
    comments read from another export than the ticket's name it."""
    seen = {(c.time, c.text) for c in ticket.comments}
    added = list(ticket.comments)
    for comment in comments:
        if (comment.time, comment.text) in seen:
            continue
        seen.add((comment.time, comment.text))
        where = "" if source == ticket.source else source
        added.append(replace(comment, number=len(added) + 1, source=comment.source or where))
    return replace(ticket, comments=tuple(added)) if len(added) > len(ticket.comments) else ticket


def _not_emitted(group: Cluster, tickets: Sequence[Ticket], said: Sequence[Evidence]) -> str:
    """Why a cluster is not made a skill, else ``""``."""
    members = [tickets[i] for i in group.members]
    if len(members) < MIN_TICKETS:
        return f"fewer than {MIN_TICKETS} tickets"
    if not any(t.resolved for t in members):
        return "no ticket of it was resolved"
    if not any(said[i].steps for i in group.members):
        return "no resolution step was found in its comments"
    return ""


def _reading_notes(reading: Reading, redacted: Counter[str]) -> list[Diagnostic]:
    owner = reading.owner or reading.source
    notes = [
        Diagnostic(
            code="SK140",
            message=f"ticket export not read: {message}",
            severity=Severity.ERROR,
            span=Span(source=owner, line=line, col=1, end_line=line, end_col=1, start=0, end=0),
            path=owner,
        )
        for line, message in reading.errors
    ]
    notes += [
        Diagnostic(
            code="SK090",
            message=f"ticket record skipped: {reason}",
            severity=Severity.WARNING,
            span=Span(
                source=reading.source, line=line, col=1, end_line=line, end_col=1, start=0, end=0
            ),
            path=reading.source,
        )
        for line, reason in reading.skipped
    ]
    if reading.ignored:
        what = ", ".join(f"{kind}: {n}" for kind, n in sorted(reading.ignored.items()))
        notes.append(
            Diagnostic(
                code="SK094",
                message=f"records that are not tickets were not read ({what})",
                severity=Severity.INFO,
                path=reading.source,
            )
        )
    if redacted:
        what = ", ".join(f"{_KINDS.get(k, k)}: {n}" for k, n in sorted(redacted.items()))
        notes.append(
            Diagnostic(
                code="SK091",
                message=f"personal data and secrets redacted before reading: {what}",
                severity=Severity.INFO,
                path=reading.source,
            )
        )
    return notes


def _cluster_note(group: Cluster, tickets: Sequence[Ticket], reason: str) -> Diagnostic:
    centre = tickets[group.centre]
    keys = ", ".join(tickets[i].key for i in group.members[:5])
    more = f" and {len(group.members) - 5} more" if len(group.members) > 5 else ""
    return Diagnostic(
        code="SK092",
        message=f"tickets {keys}{more} make no troubleshooting skill: {reason}",
        severity=Severity.INFO,
        span=ticket_span(centre),
        path=centre.source,
    )


def _conflict(
    skill: str, tickets: Sequence[Ticket], first: Step, second: Step, why: str
) -> Diagnostic:
    a, b = first.cites[0], second.cites[0]
    return Diagnostic(
        code="SK093",
        message=f"{skill}: steps of tickets {a.key} and {b.key} contradict each other ({why}); "
        "both kept",
        severity=Severity.WARNING,
        span=ticket_span(tickets[a.ticket], a.comment, a.line, a.source),
        path=tickets[a.ticket].source,
    )
