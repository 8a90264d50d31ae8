"""Which column (or key) of a flat export holds which ticket field, as the user says it.

Why: a helpdesk's export names its columns as its admin chose ("Case Number", "Short
Summary", "Customer Complaint", "Fix Applied"); names the reader does not recognise would
leave the file unread or read wrong. `TicketFields` is the one typed option that says it:
built from ``--ticket-field title=Summary`` flags (`TicketFields.from_flags`) or from a plain
table of a configuration file (`TicketFields.from_mapping`), both refusing an unknown field or
an empty column with a `ValueError` whose message says what is allowed. A named column wins
over the recognised names; the fields not named are still recognised by name.

The build's mapping is passed down explicitly (in `frontend.KindOptions`), so that telling a
file a ticket export by its first bytes (the input table's sniff) counts a CSV whose header
holds the named columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

__all__ = ["FIELD_NAMES", "TicketFields"]

#: Our name of each field -> what it holds (for messages and ``--help``).
FIELD_NAMES: dict[str, str] = {
    "id": "the ticket's id (key)",
    "title": "its title or subject",
    "body": "the report: description, first message",
    "status": "open or closed (Closed, Done, Solved...)",
    "resolution": "how it was solved: the text becomes the resolution step",
    "comments": "replies: a list of objects (JSON) or one text (CSV)",
    "created": "when it was opened",
    "labels": "tags, category, product (a list, or text split at , and ;)",
    "author": "who opened it: comments by the same author are the reporter's",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketFields:
    """Column or key names of a flat export, by field; ``""``: recognised by name."""

    id: str = ""
    title: str = ""
    body: str = ""
    status: str = ""
    resolution: str = ""
    comments: str = ""
    created: str = ""
    labels: str = ""
    author: str = ""

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> TicketFields:
        """From a plain table (``{"title": "Summary", "id": "Case Number"}``), as a
        configuration file holds it. Raises `ValueError` for an unknown field or a value that
        is not a non-empty string."""
        allowed = ", ".join(FIELD_NAMES)
        given: dict[str, str] = {}
        for name, value in mapping.items():
            if name not in FIELD_NAMES:
                raise ValueError(f"unknown ticket field {name!r} (fields: {allowed})")
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"ticket field {name!r} must name a column, not {value!r}")
            given[name] = value.strip()
        return cls(**given)

    @classmethod
    def from_flags(cls, flags: Sequence[str]) -> TicketFields:
        """From ``FIELD=COLUMN`` strings (``--ticket-field title=Summary``, repeatable); a
        field given twice is an error, as a typo would be."""
        mapping: dict[str, str] = {}
        for flag in flags:
            name, sep, column = flag.partition("=")
            name = name.strip()
            if not sep:
                raise ValueError(f"--ticket-field {flag!r}: expected FIELD=COLUMN")
            if name in mapping:
                raise ValueError(f"--ticket-field: field {name!r} given twice")
            mapping[name] = column
        return cls.from_mapping(mapping)

    def named(self) -> dict[str, str]:
        """Field -> column for the fields the user named, in the readers' names (``key`` for
        ``id``, as `columns.FIELDS` has it)."""
        out = {}
        for item in fields(self):
            column = getattr(self, item.name)
            if column:
                out["key" if item.name == "id" else item.name] = column
        return out

    def __bool__(self) -> bool:
        return bool(self.named())
