"""JSON ticket exports: GitHub issues REST, Jira REST, and flat records with ticket-like keys.

Each record is told apart by its shape, not by the file's name: a GitHub issue has ``number``
and ``title`` (and ``pull_request`` when it is a pull request, which is not a ticket); a GitHub
comment has ``issue_url`` and ``body`` (a separate comments file: the comments are joined to
their issues once every file is read); a Jira issue has ``key`` and ``fields`` (comments
embedded under ``fields.comment.comments``, descriptions in Atlassian Document Format
flattened to text); any other object whose keys name a title and a body or status
(`columns.detect`) is a generic record. Everything else is counted as "not a ticket".
"""

from __future__ import annotations

import re
from typing import Any

from skillc.compiler.frontends.tickets import columns
from skillc.compiler.frontends.tickets.jsonscan import records
from skillc.compiler.frontends.tickets.model import Comment
from skillc.compiler.frontends.tickets.perceval import gitlab_issue, is_item, read_item
from skillc.compiler.frontends.tickets.reading import Lines, Orphan, Reading, add_flat_ticket

#: What the loader made of bytes that are not UTF-8 (surrogate escapes).
_SURROGATE = re.compile("[\udc80-\udcff]")

__all__ = ["read_json"]

_ISSUE_URL = re.compile(r"/repos/[^/]+/([^/]+)/issues/(\d+)")
_NOT_PLANNED = {"not_planned": "wontfix", "duplicate": "duplicate"}


def read_json(text: str, reading: Reading) -> None:
    """Every ticket (and orphan comment) of the JSON export ``text`` into ``reading``."""
    lines = Lines(text)
    for offset, value in records(text, lambda at, why: reading.skip(lines.line(at), why)):
        line = lines.line(offset)
        if not isinstance(value, dict):
            reading.ignore("not an object")
            continue
        strings = _strings(value)
        if any(_undecodable(s) for s in strings):
            reading.skip(line, "bytes that are not UTF-8")
            continue
        too_long = reading.too_long(*strings)
        if too_long:
            reading.skip(line, f"a field of {too_long:,} characters is over the limit")
            continue
        _record(value, line, reading)
        if reading.errors:  # not readable as the user asked: no record of it is
            return


def _record(value: dict[str, Any], line: int, reading: Reading) -> None:
    if is_item(value):  # a Perceval item: its tracker record, or read by its backend
        unwrapped = read_item(value, line, reading)
        if unwrapped is None:
            return
        value = unwrapped
    if "fields" in value and "key" in value and isinstance(value["fields"], dict):
        _jira(value, line, reading)
    elif "number" in value and "title" in value:
        if value.get("pull_request"):
            reading.ignore("pull request")
        else:
            _github(value, line, reading)
    elif "iid" in value and "project_id" in value and "title" in value:
        if "/merge_requests/" in str(value.get("web_url")) or "source_branch" in value:
            reading.ignore("merge request")
        else:
            gitlab_issue(value, line, reading)
    elif "issue_url" in value and "body" in value:
        _github_comment(value, line, reading)
    elif columns.looks_like_tickets(value, reading.named):
        _generic(value, line, reading)
    else:
        reading.ignore("not a ticket")


def _github(issue: dict[str, Any], line: int, reading: Reading) -> None:
    repo = _repo(issue)
    key = f"{repo}#{issue['number']}" if repo else f"#{issue['number']}"
    embedded = issue.get("comments")
    comments = tuple(
        _github_comment_value(c, n, line, reading)
        for n, c in enumerate(embedded if isinstance(embedded, list) else [], 1)
        if isinstance(c, dict)
    )
    labels = [
        str(label.get("name", "")) if isinstance(label, dict) else str(label)
        for label in issue.get("labels") or []
    ]
    reason = str(issue.get("state_reason") or "")
    links = [str(issue.get("html_url") or "")]
    reading.tickets.append(
        reading.builder.ticket(
            source=reading.source,
            line=line,
            key=key,
            title=str(issue.get("title") or ""),
            body=str(issue.get("body") or ""),
            comments=comments,
            labels=tuple(labels),
            status=str(issue.get("state") or ""),
            resolution=_NOT_PLANNED.get(reason, "completed" if reason == "completed" else ""),
            links=tuple(links),
        )
    )


def _repo(issue: dict[str, Any]) -> str:
    for field in ("repository_url", "url", "html_url"):
        value = str(issue.get(field) or "")
        if "/repos/" in value:  # the repository's name; its owner may be a person's login
            return value.split("/repos/", 1)[1].split("/issues", 1)[0].strip("/").split("/")[-1]
        found = re.search(r"github\.com/[^/]+/([^/]+)/issues/", value)
        if found:
            return found.group(1)
    return ""


def _github_comment_value(
    comment: dict[str, Any], number: int, line: int, reading: Reading
) -> Comment:
    return reading.builder.comment(
        number,
        role=str(comment.get("author_association") or ""),
        time=str(comment.get("created_at") or ""),
        text=str(comment.get("body") or ""),
        line=line,
    )


def _github_comment(comment: dict[str, Any], line: int, reading: Reading) -> None:
    found = _ISSUE_URL.search(str(comment.get("issue_url") or ""))
    if found is None:
        reading.ignore("comment without its issue")
        return
    key = f"{found.group(1)}#{found.group(2)}"
    value = _github_comment_value(comment, 0, line, reading)
    reading.orphans.append(Orphan(ticket=key, comment=value))


def _jira(issue: dict[str, Any], line: int, reading: Reading) -> None:
    fields: dict[str, Any] = issue["fields"]
    reporter = _person(fields.get("reporter"))
    assignee = _person(fields.get("assignee"))
    block = fields.get("comment")
    raw = block.get("comments") if isinstance(block, dict) else block
    comments = []
    for number, comment in enumerate(raw if isinstance(raw, list) else [], 1):
        if not isinstance(comment, dict):
            continue
        author = _person(comment.get("author"))
        role = "reporter" if author and author == reporter else ""
        role = "agent" if author and author == assignee else role
        text = _adf_text(comment.get("body"))
        comments.append(
            reading.builder.comment(
                number, role=role, time=str(comment.get("created") or ""), text=text, line=line
            )
        )
    links = [str(issue.get("self") or "")]
    for link in fields.get("issuelinks") or []:
        if isinstance(link, dict):
            other = link.get("outwardIssue") or link.get("inwardIssue") or {}
            links.append(str(other.get("key", "")) if isinstance(other, dict) else "")
    labels = [str(x) for x in fields.get("labels") or []]
    for name in ("components", "issuetype"):
        labels += [_named(x) for x in _as_list(fields.get(name))]
    reading.tickets.append(
        reading.builder.ticket(
            source=reading.source,
            line=line,
            key=str(issue.get("key") or ""),
            title=str(fields.get("summary") or ""),
            body=_adf_text(fields.get("description")),
            comments=tuple(comments),
            labels=tuple(label for label in labels if label),
            status=_named(fields.get("status")),
            resolution=_named(fields.get("resolution")),
            links=tuple(links),
        )
    )


def _generic(record: dict[str, Any], line: int, reading: Reading) -> None:
    absent = columns.missing(record, reading.named)
    if absent:
        keys = ", ".join(repr(k) for k in list(record)[:40])
        reading.fail(line, f"no key for {', '.join(absent)}; the record has {keys}")
        return
    found = columns.detect(record, reading.named)

    def get(field: str) -> str:
        value = record.get(found.get(field, ""), "")
        return "" if value is None or isinstance(value, dict | list) else str(value)

    author = get("author")
    comments: list[Comment] = []
    raw = record.get(found.get("comments", ""))
    for number, item in enumerate(raw if isinstance(raw, list) else [], 1):
        text = item.get("body") or item.get("text") or "" if isinstance(item, dict) else item
        role = (
            str(item.get("role") or item.get("author_role") or "") if isinstance(item, dict) else ""
        )
        if author and isinstance(item, dict) and str(item.get("author") or "") == author:
            role = "reporter"  # the ticket's author answering: not the fix's author
        comments.append(
            reading.builder.comment(number, role=role, time="", text=str(text), line=line)
        )
    labels = record.get(found.get("labels", ""))
    add_flat_ticket(
        reading,
        line,
        key=get("key") or f"line-{line}",
        title=get("title"),
        body=get("body"),
        status=columns.status_value(found.get("status", ""), get("status")),
        resolution=get("resolution"),
        comments=comments,
        labels=[_named(x) for x in labels] if isinstance(labels, list) else [get("labels")],
    )


def _person(value: Any) -> str:
    """A Jira person's stable id, for telling roles apart (never stored)."""
    if not isinstance(value, dict):
        return ""
    return str(value.get("accountId") or value.get("key") or value.get("name") or "")


def _named(value: Any) -> str:
    """A named thing's name: Jira's ``{"name": "Done"}``, a tag ``{"name", "slug"}``."""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("value") or value.get("slug") or "")
    return "" if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([value] if value else [])


def _adf_text(value: Any) -> str:
    """Jira text: a string (API v2) or an Atlassian Document Format tree (API v3) flattened,
    a paragraph per block node, code blocks fenced."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:  # iterative: a deep document cannot exhaust the recursion limit
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "text":
            out.append(str(node.get("text") or ""))
        elif kind == "hardBreak":
            out.append("\n")
        elif kind == "codeBlock":
            code = "".join(
                str(c.get("text", "")) for c in node.get("content") or [] if isinstance(c, dict)
            )
            out.append(f"\n\n```\n{code}\n```\n\n")
            continue
        elif kind in {"paragraph", "heading", "listItem"}:
            stack.append({"type": "hardBreak"})
            stack.append({"type": "hardBreak"})
        stack.append(node.get("content") or [])
    return "".join(out).strip()


def _strings(value: Any) -> list[str]:
    """Every string in a record, however deep (iteratively), to check field sizes."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes the loader could not decode (surrogate escapes)."""
    return _SURROGATE.search(text) is not None
