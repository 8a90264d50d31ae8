"""Which column (or key) of a flat export holds which ticket field, told by its name.

Why: helpdesk exports (Zendesk, Freshdesk, osTicket, a spreadsheet someone kept) name the same
fields differently ("Ticket ID", "Subject", "Description", "Status", "Resolution notes"). The
CSV reader and the generic JSON record reader ask here, so both detect the same names.
Names are compared lower-cased with everything but letters and digits removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["FIELDS", "detect", "looks_like_tickets", "missing", "squash", "status_value"]

#: Field -> the column names that mean it, in preference order.
FIELDS: dict[str, tuple[str, ...]] = {
    "key": (
        "ticketid",
        "ticketnumber",
        "ticket",
        "caseid",
        "casenumber",
        "issueid",
        "key",
        "id",
        "number",
        "issuekey",
        "no",
    ),
    "title": ("subject", "title", "summary", "issue", "topic", "question", "shortdescription"),
    "body": (
        "description",
        "body",
        "details",
        "problem",
        "message",
        "content",
        "text",
        "issuedescription",
        "customermessage",
        "request",
    ),
    "status": ("status", "state", "ticketstatus"),
    "resolution": (
        "resolution",
        "resolutionnotes",
        "solution",
        "fix",
        "answer",
        "response",
        "agentresponse",
        "resolutiondetails",
        "reply",
        "closenotes",
        "workaround",
    ),
    "labels": ("tags", "labels", "category", "type", "product", "component", "queue", "topic"),
    "comments": ("comments", "notes", "conversation", "replies", "thread", "history"),
    "created": ("created", "createdat", "createddate", "date", "opened", "submitted"),
}


def squash(name: str) -> str:
    """A column name compared: lower case, letters and digits only.

    >>> squash("Ticket ID")
    'ticketid'
    """
    return re.sub(r"[^a-z0-9]", "", name.lower())


def detect(names: Iterable[str], named: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field -> the column name (as given) that holds it, each column used once; the
    columns ``named`` by the user (field -> column, `TicketFields.named`) first, found by
    their exact or squashed name, then the recognised names for the other fields.

    >>> detect(["Ticket ID", "Subject", "Description", "Status"])["title"]
    'Subject'
    >>> detect(["Case", "Short Summary"], {"title": "short summary"})["title"]
    'Short Summary'
    """
    by_squashed: dict[str, str] = {}
    for name in names:
        by_squashed.setdefault(squash(name), name)
    found: dict[str, str] = {}
    used: set[str] = set()
    for field, column in (named or {}).items():
        if squash(column) in by_squashed:
            found[field] = by_squashed[squash(column)]
            used.add(squash(column))
    for field, candidates in FIELDS.items():
        if field in found or field in (named or {}):
            continue
        for candidate in candidates:
            if candidate in by_squashed and candidate not in used:
                found[field] = by_squashed[candidate]
                used.add(candidate)
                break
    return found


def missing(names: Iterable[str], named: Mapping[str, str]) -> list[str]:
    """The ``named`` columns (``field=column``) that are not among ``names``."""
    present = {squash(name) for name in names}
    return [f"{field}={column}" for field, column in named.items() if squash(column) not in present]


def looks_like_tickets(names: Iterable[str], named: Mapping[str, str] | None = None) -> bool:
    """Whether columns named ``names`` are a ticket export: an id column, a title column and a
    body, status or resolution column (a glossary's "Title, Description" is not one). With
    columns ``named`` by the user, holding any of them is enough: the reader then says which
    of the others are missing (SK140) rather than leaving the file unread without a word."""
    names = list(names)
    if named and len(missing(names, named)) < len(named):
        return True
    found = detect(names)
    return (
        "key" in found
        and "title" in found
        and any(k in found for k in ("body", "status", "resolution"))
    )


_DONE = re.compile(r"solved|resolved|closed|done|fixed|answered|complete")


def status_value(column: str, value: str) -> str:
    """A status cell as a state: a yes/no column that says it is done (Kitsune's
    ``is_solved``, a spreadsheet's "Resolved?") gives ``closed`` or ``open``; any other value
    is returned as it is.

    >>> status_value("is_solved", "True"), status_value("Resolved?", "no")
    ('closed', 'open')
    """
    lowered = value.strip().lower()
    if lowered in {"true", "yes", "y", "1", "false", "no", "n", "0"} and _DONE.search(
        squash(column)
    ):
        return "closed" if lowered in {"true", "yes", "y", "1"} else "open"
    return value
