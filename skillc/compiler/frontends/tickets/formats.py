"""Which ticket format a file holds, told by its content, and reading it with that format.

Why by content: ``.json`` and ``.csv`` files are everywhere (a docs folder's schema, a table
of options), so no suffix makes a file a ticket export; what makes it one is what it holds:

- JSON whose first record carries GitHub's issue API URLs (``api.github.com/repos/.../issues``)
  or ``issue_url`` (a comments file), Jira's REST shape (a ``"key"`` like ``HELP-7`` with
  ``"fields"`` or a ``/rest/api/`` URL), or flat keys naming a ticket id, a title and a status
  or resolution;
- CSV whose header names a ticket id, a title and a body, status or resolution column;
- e-mail: an mbox (``From `` line, then headers) or an RFC 822 message.

`detect` looks at the first bytes only (what the input table sniffs, `SNIFF_BYTES`), so a file
that is not an export costs one short read. Text formats are decoded as UTF-8 (UTF-16 when it
has a BOM); bytes that are not UTF-8 are kept as surrogate escapes, so the records holding
them are skipped with a warning and the others are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from skillc.compiler.frontends.tickets import columns
from skillc.compiler.frontends.tickets.csv_export import read_csv, sniff_csv
from skillc.compiler.frontends.tickets.json_export import read_json
from skillc.compiler.frontends.tickets.mail import read_mail, sniff_mail
from skillc.compiler.frontends.tickets.reading import Reading

__all__ = ["detect", "read_export"]

_GITHUB = re.compile(r"api\.github\.com/repos/[^\"/]+/[^\"/]+/issues|\"issue_url\"\s*:")
_JIRA = re.compile(r"/rest/api/(?:2|3|latest)/issue")
#: What Jira's REST API expands on every issue of a search page (it comes before ``key`` when
#: an export sorts its keys, and the issue's own fields fill the first bytes).
_JIRA_EXPAND = re.compile(r"\"expand\"\s*:\s*\"[^\"]*renderedFields")
#: A Jira issue key (``HELP-7``) as a JSON value of ``"key"``.
_JIRA_KEY = re.compile(r"\"key\"\s*:\s*\"[A-Z][A-Z0-9_]+-\d+\"")
#: A GrimoireLab Perceval item (`perceval`): the tracker's record under ``data``.
_PERCEVAL = re.compile(r"\"backend_name\"\s*:\s*\"[A-Za-z]+\"")
#: A GitLab REST issue: its project-scoped ``iid`` and ``project_id``, its page an issue's.
_GITLAB = re.compile(r"\"iid\"\s*:\s*\d+")
_GITLAB_URL = re.compile(r"/issues/\d+\"")
#: The first bytes of a GitLab issue list with sorted keys: its assignee or author, a
#: gitlab.com user (the input table sniffs only the first 512 bytes).
_GITLAB_PERSON = re.compile(
    r"\"(?:assignees?|author)\"\s*:\s*[\[{][^\]}]*\"web_url\"\s*:\s*\"https://gitlab\."
)
_KEYS = re.compile(r"\"([A-Za-z_][\w ]{0,40})\"\s*:")


def detect(head: bytes, named: Mapping[str, str] | None = None) -> str:
    """``json``, ``csv`` or ``mail`` when a file starting with ``head`` is a ticket export of
    that format, else ``""``; ``named``: the columns the user named, by field
    (`fields.TicketFields.named`), which make a file holding them an export."""
    named = named or {}
    text = _decode(head[:4096])
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{")):
        jira = '"fields"' in stripped and (
            _JIRA_KEY.search(stripped) or _JIRA.search(stripped) or _JIRA_EXPAND.search(stripped)
        )
        gitlab = bool(_GITLAB.search(stripped) and _GITLAB_URL.search(stripped))
        gitlab = (gitlab and '"project_id"' in stripped) or bool(_GITLAB_PERSON.search(stripped))
        if _GITHUB.search(stripped) or jira or gitlab or _PERCEVAL.search(stripped):
            return "json"
        keys = _KEYS.findall(stripped)
        if named and columns.looks_like_tickets(keys, named):
            return "json"
        found = columns.detect(keys)
        strict = "key" in found and "title" in found
        return "json" if strict and ("status" in found or "resolution" in found) else ""
    if sniff_mail(head):
        return "mail"
    if sniff_csv(stripped, named):
        return "csv"
    return ""


def read_export(data: bytes, reading: Reading) -> None:
    """Every ticket of the export ``data`` into ``reading``; a file whose format is not
    recognised is reported as one skipped record at line 1."""
    kind = detect(data[:4096], reading.named)
    if kind == "mail":
        read_mail(data, reading)
    elif kind == "json":
        read_json(_decode(data), reading)
    elif kind == "csv":
        read_csv(_decode(data).replace("\r\n", "\n").replace("\r", "\n"), reading)
    else:
        reading.skip(1, "not a ticket export this reader knows (GitHub, Jira, CSV, e-mail)")


def _decode(data: bytes) -> str:
    """UTF-16 with a BOM, else UTF-8 (BOM dropped) with bad bytes as surrogate escapes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="surrogateescape")
