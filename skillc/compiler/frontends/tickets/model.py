"""The one ticket model every export format is read into, built only from redacted text.

Why one model: GitHub issues, Jira issues, helpdesk CSV rows and e-mail threads say the same
things in different shapes (a title, a report, replies by people in roles, labels, a state and
how it ended). Clustering and skill building work on `Ticket` alone, so a new format is one
reader, not a change downstream.

Why a builder: `TicketBuilder` is the only way format readers make tickets, and every string it
is given passes through the build's `Redactor` before it is stored, so no other code sees a
raw value (see `skillc.compiler.frontends.tickets.redact`). Authors are kept as roles
(``reporter``, ``maintainer``, ``agent``, ``customer``, ``contributor``, ``user``), never names.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillc.compiler.frontends.tickets.redact import Redactor

__all__ = ["Comment", "Ticket", "TicketBuilder", "normal_role", "normal_status"]

#: Roles of people who answer for the product (their words carry the resolution).
STAFF_ROLES = frozenset({"maintainer", "agent", "collaborator", "owner", "member"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """One reply on a ticket: ``number`` counts from 1 in the ticket, ``line`` is where it sits
    in its source (1 when the format has no lines, as a one-line JSON export); ``source`` is
    the export it was read from when that is not the ticket's (a separate comments file)."""

    number: int
    author_role: str = "user"
    time: str = ""
    text: str = ""
    line: int = 1
    source: str = ""
    #: The export's own resolution field (a helpdesk's "Resolution" column): all of it is
    #: what solved the ticket, not only the sentences that read as instructions.
    resolution: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Ticket:
    """A ticket, issue or mail thread. ``key`` is its id as the tracker shows it (``#509``,
    ``PROJ-12``); ``status`` is ``open`` or ``closed``; ``resolution`` how it closed, when the
    tracker says (``fixed``, ``wontfix``, ``duplicate``...; ``""`` otherwise)."""

    source: str
    line: int
    key: str
    title: str = ""
    body: str = ""
    comments: tuple[Comment, ...] = ()
    labels: tuple[str, ...] = ()
    status: str = ""
    resolution: str = ""
    links: tuple[str, ...] = ()
    reporter_role: str = "reporter"

    @property
    def resolved(self) -> bool:
        """Closed without being refused: the tickets a troubleshooting skill can learn from."""
        if self.status != "closed":
            return False
        return self.resolution not in {"wontfix", "won't fix", "invalid", "duplicate", "spam"}


class TicketBuilder:
    """Makes `Ticket` and `Comment` values from raw strings, redacting each one first."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def comment(
        self,
        number: int,
        *,
        role: str,
        time: str,
        text: str,
        line: int,
        source: str = "",
        resolution: bool = False,
    ) -> Comment:
        return Comment(
            number=number,
            author_role=normal_role(role),
            time=self.redactor.text(_plain(time)[:40]),
            text=self.redactor.text(_plain(text)),
            line=max(1, line),
            source=source,
            resolution=resolution,
        )

    def ticket(
        self,
        *,
        source: str,
        line: int,
        key: str,
        title: str,
        body: str,
        comments: tuple[Comment, ...] = (),
        labels: tuple[str, ...] = (),
        status: str = "",
        resolution: str = "",
        links: tuple[str, ...] = (),
    ) -> Ticket:
        redact = self.redactor.text
        return Ticket(
            source=source,
            line=max(1, line),
            key=redact(_plain(key))[:80],
            title=redact(" ".join(_plain(title).split()))[:300],
            body=redact(_plain(body)),
            comments=comments,
            labels=tuple(sorted({redact(_plain(label)) for label in labels if label})),
            status=normal_status(status),
            resolution=redact(_plain(resolution).lower().strip()),
            links=tuple(dict.fromkeys(redact(_plain(link)) for link in links if link)),
        )


def normal_role(role: str) -> str:
    """A tracker's author role in our words: GitHub's ``author_association`` (OWNER, MEMBER,
    COLLABORATOR -> maintainer; CONTRIBUTOR; NONE -> user), helpdesk ``agent``/``customer``."""
    lowered = role.strip().lower().replace("_", " ")
    if lowered in {"owner", "member", "collaborator", "maintainer", "developer", "admin"}:
        return "maintainer"
    if lowered in {"agent", "staff", "support", "support agent", "assignee"}:
        return "agent"
    if lowered in {"reporter", "customer", "contributor", "requester"}:
        return lowered
    return "user"


def normal_status(status: str) -> str:
    """``open`` or ``closed`` from a tracker's state (Jira's "Done", helpdesk "Solved"...)."""
    lowered = status.strip().lower()
    closed = {"closed", "done", "resolved", "solved", "fixed", "complete", "completed"}
    return "closed" if lowered in closed else ("open" if lowered else "")


def _plain(value: object) -> str:
    """A field's value as text: ``None`` and non-strings made strings, NULs dropped."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
