"""GrimoireLab Perceval items: one tracker record wrapped with where and when it was fetched.

Why a module of its own: Perceval (and every GrimoireLab tool after it) writes what it fetched
as items ``{"backend_name": "GitHub", "category": "issue", "data": {...}, "origin": ...,
"uuid": ...}``, a JSON array or one item a line. The ``data`` is the tracker's own record with
its replies fetched apart and added under a key of Perceval's (``comments_data``,
``notes_data``, ``answers_data``, ``messages_data``), so the same issue read from the tracker's
API and from a Perceval dump differ only in that wrapper. `unwrap` turns an item into the
shape the JSON reader already knows (a GitHub issue with embedded comments, a Jira issue with
``fields.comment.comments``); the trackers it has no reader for (GitLab, Launchpad, Redmine,
Bugzilla REST, Pagure, StackExchange, Kitsune, Askbot) are read here into tickets, and mailing
list messages (MBox, Pipermail, HyperKitty, Groups.io, NNTP) join the e-mail threads.
Categories that are not tickets (pull and merge requests, repositories, commits) are counted.
"""

from __future__ import annotations

import re
from typing import Any

from skillc.compiler.frontends.tickets.model import Comment
from skillc.compiler.frontends.tickets.reading import MailMessage, Reading

__all__ = ["gitlab_issue", "is_item", "read_item"]

_MAIL_BACKENDS = frozenset({"mbox", "pipermail", "hyperkitty", "groupsio", "nntp", "gmane"})
_TAG = re.compile(r"<[^>]+>")


def is_item(value: dict[str, Any]) -> bool:
    """Whether a JSON record is a Perceval item (its tracker record under ``data``)."""
    return "backend_name" in value and isinstance(value.get("data"), dict)


def read_item(item: dict[str, Any], line: int, reading: Reading) -> dict[str, Any] | None:
    """Read the Perceval ``item`` at ``line`` into ``reading``; returns the tracker record
    instead when the JSON reader reads its shape (GitHub, Jira), else ``None``."""
    backend = str(item.get("backend_name") or "").lower()
    category = str(item.get("category") or "")
    data: dict[str, Any] = item["data"]
    if backend in _MAIL_BACKENDS:
        _mail(data, line, reading)
        return None
    if category in {"pull_request", "merge_request"} or data.get("pull_request"):
        reading.ignore(category.replace("_", " ") or "pull request")
        return None
    if backend == "github" and "number" in data and "title" in data:
        return {**data, "comments": data.get("comments_data") or []}
    if backend == "jira" and isinstance(data.get("fields"), dict):
        fields = {**data["fields"], "comment": {"comments": data.get("comments_data") or []}}
        return {**data, "fields": fields}
    reader = _READERS.get(backend)
    if reader is None or not isinstance(data.get("title", data.get("subject", "")), str):
        reading.ignore(f"Perceval {item.get('backend_name')} {category or 'item'}".strip())
        return None
    reader(data, line, reading)
    return None


def gitlab_issue(data: dict[str, Any], line: int, reading: Reading) -> None:
    """A GitLab issue, from Perceval (its notes under ``notes_data``) or from GitLab's REST
    API (notes fetched apart are not joined: they name the issue by its global id only)."""
    notes = [n for n in _list(data.get("notes_data")) if not n.get("system")]
    # https://gitlab.com/fdroid/fdroiddata/issues/1, or .../fdroiddata/-/issues/2 on newer ones
    path = str(data.get("web_url") or "").split("/issues/")[0].removesuffix("/-").rstrip("/")
    project = path.rsplit("/", 1)[-1]
    _add(
        reading,
        line,
        key=f"{project}#{data.get('iid')}" if project else f"#{data.get('iid')}",
        title=data.get("title"),
        body=data.get("description"),
        replies=[(n.get("body"), "", n.get("created_at")) for n in notes],
        labels=[str(x) for x in _list(data.get("labels"), dicts=False)],
        status=data.get("state"),
        link=data.get("web_url"),
    )


def _launchpad(data: dict[str, Any], line: int, reading: Reading) -> None:
    found = data.get("bug_data")
    bug: dict[str, Any] = found if isinstance(found, dict) else {}
    messages = _list(data.get("messages_data"))
    status = str(data.get("status") or "")
    done = bool(data.get("is_complete")) and status.lower().startswith("fix")
    _add(
        reading,
        line,
        key=f"LP#{bug.get('id') or data.get('title', '')}",
        title=bug.get("title") or data.get("title"),
        body=bug.get("description"),
        # The first message is the report itself (its text is the bug's description).
        replies=[(m.get("content"), "", m.get("date_created")) for m in messages[1:]],
        labels=[str(x) for x in _list(bug.get("tags"), dicts=False)],
        status="closed" if done else status,
        resolution=status.lower() if done else "",
        link=data.get("web_link"),
    )


def _redmine(data: dict[str, Any], line: int, reading: Reading) -> None:
    journals = _list(data.get("journals"))
    _add(
        reading,
        line,
        key=f"redmine#{data.get('id')}",
        title=data.get("subject"),
        body=data.get("description"),
        replies=[(j.get("notes"), "", j.get("created_on")) for j in journals if j.get("notes")],
        labels=[_name(data.get("tracker")), _name(data.get("project"))],
        status="closed" if data.get("closed_on") else _name(data.get("status")),
    )


def _bugzilla(data: dict[str, Any], line: int, reading: Reading) -> None:
    comments = _list(data.get("comments"))
    _add(
        reading,
        line,
        key=f"bug#{data.get('id')}",
        title=data.get("summary"),
        body=comments[0].get("text") if comments else "",
        replies=[(c.get("text"), "", c.get("creation_time")) for c in comments[1:]],
        labels=[str(data.get("product") or ""), str(data.get("component") or "")],
        status=data.get("status"),
        resolution=str(data.get("resolution") or ""),
    )


def _pagure(data: dict[str, Any], line: int, reading: Reading) -> None:
    _add(
        reading,
        line,
        key=f"pagure#{data.get('id')}",
        title=data.get("title"),
        body=data.get("content"),
        replies=[
            (c.get("comment"), "", c.get("date_created")) for c in _list(data.get("comments"))
        ],
        labels=[str(x) for x in _list(data.get("tags"), dicts=False)],
        status=data.get("status"),
        resolution=str(data.get("close_status") or ""),
    )


def _stackexchange(data: dict[str, Any], line: int, reading: Reading) -> None:
    answers = _list(data.get("answers"))
    accepted = any(a.get("is_accepted") for a in answers)
    _add(
        reading,
        line,
        key=f"SE#{data.get('question_id')}",
        title=data.get("title"),
        body=data.get("body_markdown") or data.get("body"),
        # An accepted answer is the asker's word that it solved the problem.
        replies=[
            (a.get("body_markdown") or a.get("body"), "agent" if a.get("is_accepted") else "", "")
            for a in answers
        ],
        labels=[str(x) for x in _list(data.get("tags"), dicts=False)],
        status="closed" if accepted else "open",
        link=data.get("link"),
    )


def _kitsune(data: dict[str, Any], line: int, reading: Reading) -> None:
    solution = data.get("solution")
    answers = _list(data.get("answers_data"))
    _add(
        reading,
        line,
        key=f"kitsune#{data.get('id')}",
        title=data.get("title"),
        body=_html_text(data.get("content")),
        replies=[
            (_html_text(a.get("content")), "agent" if _accepted(a, solution) else "", "")
            for a in answers
        ],
        labels=[_name(t) for t in _list(data.get("tags"))] + [str(data.get("product") or "")],
        status="closed" if data.get("is_solved") else "open",
    )


def _askbot(data: dict[str, Any], line: int, reading: Reading) -> None:
    accepted = data.get("accepted_answer_id")
    answers = _list(data.get("answers"))
    _add(
        reading,
        line,
        key=f"askbot#{data.get('id')}",
        title=data.get("title"),
        body=_html_text(data.get("summary")),
        replies=[
            (_html_text(a.get("summary")), "agent" if _accepted(a, accepted) else "", "")
            for a in answers
        ],
        labels=[str(x) for x in _list(data.get("tags"), dicts=False)],
        status="closed" if accepted else "open",
        link=data.get("url"),
    )


_READERS = {
    "gitlab": gitlab_issue,
    "launchpad": _launchpad,
    "redmine": _redmine,
    "bugzillarest": _bugzilla,
    "pagure": _pagure,
    "stackexchange": _stackexchange,
    "kitsune": _kitsune,
    "askbot": _askbot,
}


def _add(
    reading: Reading,
    line: int,
    *,
    key: str,
    title: object,
    body: object,
    replies: list[tuple[object, str, object]],
    labels: list[str],
    status: object,
    resolution: str = "",
    link: object = "",
) -> None:
    """One ticket through the redacting builder; ``replies`` are (text, role, time)."""
    builder = reading.builder
    comments: tuple[Comment, ...] = tuple(
        builder.comment(n, role=role, time=str(time or ""), text=str(text or ""), line=line)
        for n, (text, role, time) in enumerate(replies, 1)
    )
    reading.tickets.append(
        builder.ticket(
            source=reading.source,
            line=line,
            key=key,
            title=str(title or ""),
            body=str(body or ""),
            comments=comments,
            labels=tuple(label for label in labels if label),
            status=str(status or ""),
            resolution=resolution,
            links=(str(link or ""),),
        )
    )


def _mail(data: dict[str, Any], line: int, reading: Reading) -> None:
    """A mailing-list message as Perceval keeps it (headers as keys, ``body.plain``)."""
    body = data.get("body")
    text = body.get("plain") or _html_text(body.get("html")) if isinstance(body, dict) else body
    sender = re.sub(r"\s+at\s+", "@", str(data.get("From") or "")).strip()
    if not sender:
        reading.skip(line, "a message without a sender")
        return
    references = str(data.get("References") or "").split()
    reply_to = str(data.get("In-Reply-To") or "").strip()
    reading.mail.append(
        MailMessage(
            line=line,
            sender=_address(sender),
            subject=" ".join(str(data.get("Subject") or "").split()),
            root=references[0] if references else reply_to,
            own_id=str(data.get("Message-ID") or data.get("Message-Id") or "").strip(),
            time=str(data.get("Date") or ""),
            text=str(text or ""),
        )
    )


def _address(sender: str) -> str:
    """The address of a ``From`` value (compared to tell roles apart, never stored)."""
    found = re.search(r"[\w.+-]+@[\w.-]+", sender)
    return (found.group(0) if found else sender).lower()


def _html_text(value: object) -> str:
    """Q&A sites keep answers as HTML: tags dropped, paragraphs kept as blank lines."""
    if not isinstance(value, str):
        return ""
    text = re.sub(r"(?i)<\s*(?:br|/p|/li|/pre)\s*/?>", "\n\n", value)
    text = _TAG.sub("", text)
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )


def _accepted(answer: dict[str, Any], chosen: object) -> bool:
    """Whether ``answer`` is the one the asker chose (ids come as numbers or as strings)."""
    return bool(answer.get("accepted")) or (
        chosen is not None and str(answer.get("id")) == str(chosen)
    )


def _name(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("slug") or "")
    return "" if value is None else str(value)


def _list(value: object, *, dicts: bool = True) -> list[Any]:
    """A list field's items (dict items only, unless ``dicts`` is false)."""
    items = value if isinstance(value, list) else []
    return [x for x in items if isinstance(x, dict)] if dicts else [x for x in items if x]
