"""A small helpdesk's ticket history in every format the tickets frontend reads, written to disk.

Why generated, not committed: the exports hold credentials in real formats (an AWS key id, a
GitHub token, a Slack token) so that redaction is tested on what it must catch; written as
literals they would be flagged by secret scanners on this repository. The values are built at
run time and returned (`Export.secrets`), so tests can search the output for each one.

The history: "Acme Sync" users hit two problems, each reported in several formats:
``SSLError ... CERTIFICATE_VERIFY_FAILED`` behind corporate proxies (a CSV row, a Jira issue,
an e-mail thread; one Jira comment says to downgrade certifi where the CSV says to upgrade it:
a conflict), and ``sqlite3.OperationalError: database is locked`` (two GitHub issues whose
comments sit in a separate file, and a CSV row). Unrelated tickets and malformed records
(a ragged CSV row, an unterminated quote, bytes that are not UTF-8, a truncated JSON record,
an e-mail with broken MIME) are mixed in, each at a known line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SSL_ERROR = (
    "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.acme.example', port=443): "
    "Max retries exceeded with url: /v2/sync (Caused by SSLError(SSLCertVerificationError(1, "
    "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')))"
)
LOCKED = "sqlite3.OperationalError: database is locked"


@dataclass
class Export:
    """Where the exports were written, the personal values and secrets they hold, and the
    lines of their malformed records (file name -> lines)."""

    folder: Path
    secrets: dict[str, str] = field(default_factory=dict)
    bad_lines: dict[str, list[int]] = field(default_factory=dict)


def values() -> dict[str, str]:
    """The personal data and secrets, by what they are; built here, never written literally."""
    return {
        "email customer": "jane.doe@customer.example",
        "email reporter": "r.okafor@northwind.example",
        "email support": "support@acme.example",
        "phone": "+1 415 555 0142",
        "phone local": "(020) 7946 0958",
        "aws key": "AKIA" + "QW7RT2YU9IOPL3KJ",
        "github token": "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5",
        "slack token": "xoxb-" + "2048-93715-Zq8Rw3Lm7Tn5Kp2Vx9Yc",
        "password": "Winter2024!x",
        "url password": "hunter22pass",
        "ip": "203.0.113.54",
        "name greeting": "Priya",
        "name signature": "Marta Kowalski",
        "mention": "okafor-r",
    }


def write_exports(folder: Path) -> Export:
    """Write every export into ``folder`` and say what they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    v = values()
    export = Export(folder=folder, secrets=v)
    _csv(folder / "helpdesk.csv", v, export)
    _jira(folder / "jira.json", v)
    _github(folder / "issues.json", folder / "comments.json", v, export)
    _mbox(folder / "support.mbox", v, export)
    _eml(folder / "question.eml", v)
    return export


def _csv(path: Path, v: dict[str, str], export: Export) -> None:
    rows = [
        "Ticket ID,Subject,Description,Status,Resolution,Tags",
        (
            'T-101,Sync fails with SSLError CERTIFICATE_VERIFY_FAILED,"Hi team,\n\nSync stopped '
            f"this morning:\n\n{SSL_ERROR}\n\nI am Jane Doe, write to {v['email customer']} or "
            f'call {v["phone"]}.",Solved,"Upgrade certifi to the latest release. Set the '
            'REQUESTS_CA_BUNDLE environment variable to your company CA bundle.",ssl;proxy'
        ),
        (
            "T-102,database is locked during nightly backup,"
            f'"The backup job fails with\n{LOCKED}\nwhile the sync runs.",Solved,"Stop the sync '
            'service before the backup runs: acme-sync stop --all",database'
        ),
        "T-103,Feature request: dark mode,Please add a dark theme.,Open,,ui",
        "T-104,ragged row,too,many,fields,here,and,more",  # line 9
        'T-105,"unterminated quote,body,Open,,x',  # line 10
        "T-106,Latin-1 caf\xe9 in the body,caf\xe9,Open,,x",  # line 11: not UTF-8
        "T-107,Cannot log in after password reset,Login fails,Solved,"
        '"Clear the browser cookies for acme.example, then log in again.",auth',
    ]
    data = "\n".join(rows).encode("utf-8")
    data = data.replace("caf\xe9".encode(), b"caf\xe9")  # a Latin-1 byte in a UTF-8 file
    path.write_bytes(data + b"\n")
    first = data.decode("utf-8", "replace").split("\n")
    export.bad_lines["helpdesk.csv"] = [
        n for n, line in enumerate(first, 1) if line.startswith(("T-104", "T-105", "T-106"))
    ]


def _jira(path: Path, v: dict[str, str]) -> None:
    def person(key: str) -> dict[str, str]:
        return {"accountId": key, "displayName": f"Person {key}"}

    issue = {
        "id": "10007",
        "key": "HELP-7",
        "self": "https://acme.atlassian.example/rest/api/2/issue/10007",
        "fields": {
            "summary": "SSLError CERTIFICATE_VERIFY_FAILED on every sync",
            "description": {
                "type": "doc",
                "content": [
                    {"type": "paragraph", "content": [{"type": "text", "text": "Since Monday:"}]},
                    {"type": "codeBlock", "content": [{"type": "text", "text": SSL_ERROR}]},
                    {
                        "type": "paragraph",
                        "content": [
                            {"type": "text", "text": f"Our Slack bot token is {v['slack token']}."}
                        ],
                    },
                ],
            },
            "status": {"name": "Done"},
            "resolution": {"name": "Fixed"},
            "labels": ["ssl"],
            "reporter": person("u1"),
            "assignee": person("a1"),
            "comment": {
                "comments": [
                    {
                        "author": person("a1"),
                        "created": "2026-01-05T10:00:00.000+0000",
                        "body": "Are you behind a proxy that intercepts TLS? Check the output "
                        "of `python -m certifi` on the machine.",
                    },
                    {
                        "author": person("u1"),
                        "created": "2026-01-05T11:00:00.000+0000",
                        "body": f"Yes, proxy at {v['ip']}. Thanks, @{v['mention']}",
                    },
                    {
                        "author": person("a1"),
                        "created": "2026-01-05T12:00:00.000+0000",
                        "body": "Downgrade certifi to 2022.12.7 until the proxy CA is "
                        "installed.\n\n```\npip install certifi==2022.12.7\n```",
                    },
                ]
            },
        },
    }
    other = {
        "key": "HELP-9",
        "fields": {
            "summary": "Export to PDF is slow",
            "description": "Takes minutes.",
            "status": {"name": "Open"},
        },
    }
    document = {"startAt": 0, "maxResults": 50, "total": 2, "issues": [issue, other]}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _github(issues: Path, comments: Path, v: dict[str, str], export: Export) -> None:
    def issue(number: int, title: str, body: str, state: str) -> dict[str, object]:
        return {
            "url": f"https://api.github.com/repos/acme/sync/issues/{number}",
            "repository_url": "https://api.github.com/repos/acme/sync",
            "html_url": f"https://github.com/acme/sync/issues/{number}",
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "state_reason": "completed" if state == "closed" else None,
            "labels": [{"name": "database"}],
            "comments": 1,
            "author_association": "NONE",
        }

    first = issue(
        41,
        "OperationalError: database is locked when two syncs run",
        f"```\n{LOCKED}\n```\nConfig:\n```\naws_access_key_id = {v['aws key']}\n"
        f"password: {v['password']}\ndb = https://admin:{v['url password']}@db.acme.example/\n```",
        "closed",
    )
    second = issue(57, "database is locked after upgrade", f"Same here:\n\n{LOCKED}", "closed")
    broken = json.dumps(issue(60, "truncated", "x", "open"), indent=2)[:-40]
    text = (
        "[\n"
        + ",\n".join(json.dumps(x, indent=2) for x in (first,))
        + ",\n"
        + broken
        + ",\n"
        + json.dumps(second, indent=2)
        + "\n]\n"
    )
    text = "\n".join("  " + line if line not in "[]" else line for line in text.split("\n"))
    issues.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    export.bad_lines["issues.json"] = [
        n for n, line in enumerate(lines, 1) if '"number": 60' in line
    ]

    def comment(number: int, body: str, role: str) -> dict[str, object]:
        return {
            "url": f"https://api.github.com/repos/acme/sync/issues/comments/{number}00",
            "issue_url": f"https://api.github.com/repos/acme/sync/issues/{number}",
            "body": body,
            "author_association": role,
            "created_at": "2026-02-01T09:00:00Z",
        }

    found = [
        comment(
            41,
            "Stop the second sync process before running the migration.\n\n"
            "```\nacme-sync stop --all\n```",
            "MEMBER",
        ),
        comment(57, "Stop the second sync process before running the migration.", "OWNER"),
    ]
    comments.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


def _mbox(path: Path, v: dict[str, str], export: Export) -> None:
    messages = [
        (
            f"From {v['email reporter']} Mon Jan 12 09:00:00 2026\n"
            f"From: Ruth Okafor <{v['email reporter']}>\n"
            "To: help@acme.example\nSubject: SSLError after the proxy change\n"
            "Message-ID: <a1@northwind.example>\nDate: Mon, 12 Jan 2026 09:00:00 +0000\n\n"
            f"Hello,\n\nEvery sync now fails:\n\n{SSL_ERROR}\n\nMy token is {v['github token']} "
            f"if you need it. Call {v['phone local']}.\n\nRuth\n"
        ),
        (
            f"From {v['email support']} Mon Jan 12 10:00:00 2026\n"
            f"From: Acme Support <{v['email support']}>\nTo: {v['email reporter']}\n"
            "Subject: Re: SSLError after the proxy change\nMessage-ID: <b2@acme.example>\n"
            "In-Reply-To: <a1@northwind.example>\nReferences: <a1@northwind.example>\n"
            "Date: Mon, 12 Jan 2026 10:00:00 +0000\n\n"
            f"Hi {v['name greeting']},\n\nSet the REQUESTS_CA_BUNDLE environment variable to your "
            "company CA bundle and restart the sync. If the error persists, please open a "
            "ticket with the output of acme-sync --debug.\n\n> Every sync now fails\n\n"
            f"Best regards,\n{v['name signature']}\n"
        ),
        (
            "From broken@nowhere Mon Jan 12 11:00:00 2026\n"
            "From: someone@nowhere.example\nSubject: broken\n"
            'Content-Type: multipart/mixed; boundary="zz"\n\nno parts here\n'
        ),
    ]
    text = "\n".join(messages)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    export.bad_lines["support.mbox"] = [
        n for n, line in enumerate(lines, 1) if line.startswith("From broken@")
    ]


def _eml(path: Path, v: dict[str, str]) -> None:
    path.write_text(
        f"From: Ruth Okafor <{v['email reporter']}>\nTo: help@acme.example\n"
        "Subject: How do I rotate the API key?\nMessage-ID: <q1@northwind.example>\n\n"
        "Where is the setting?\n",
        encoding="utf-8",
    )
