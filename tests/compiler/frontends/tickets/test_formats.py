"""Ticket exports are told by content and read into one model; bad records cost themselves,
named by line, and the rest of the export is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.frontends.tickets.formats import detect, read_export
from skillc.compiler.frontends.tickets.mail import mail_threads
from skillc.compiler.frontends.tickets.model import TicketBuilder
from skillc.compiler.frontends.tickets.reading import MAX_FIELD_CHARS, Reading
from skillc.compiler.frontends.tickets.redact import Redactor
from skillc.compiler.inputs import gather
from tests.compiler.frontends.tickets.exports import Export, write_exports

ROOT = Path(__file__).resolve().parents[4]
GITHUB3 = ROOT / "corpora" / "tickets" / "github3-issues" / "src"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return write_exports(tmp_path_factory.mktemp("exports"))


def read(path: Path) -> Reading:
    reading = Reading(source=path.name, builder=TicketBuilder(Redactor()))
    read_export(path.read_bytes(), reading)
    mail_threads([reading])
    return reading


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("helpdesk.csv", "csv"),
        ("jira.json", "json"),
        ("issues.json", "json"),
        ("comments.json", "json"),
        ("support.mbox", "mail"),
        ("question.eml", "mail"),
    ],
)
def test_each_export_is_told_by_its_first_bytes(export: Export, name: str, kind: str) -> None:
    head = (export.folder / name).read_bytes()[: table.SNIFF_BYTES]
    assert detect(head) == kind


@pytest.mark.parametrize(
    "content",
    [
        '{"$schema": "http://json-schema.org/draft-07/schema#", "title": "Config", '
        '"description": "Settings", "type": "object"}',
        '{"name": "pkg", "version": "1.0.0", "description": "x", "scripts": {"test": "jest"}}',
        "Title,Description\nInstall,How to install\n",
        "name,status\nlint,passing\n",
        "From the start, this guide explains the sync.\nSubject: not mail\n",
        "# Heading\n\nSome prose, with commas, in a .txt file.\n",
    ],
)
def test_data_files_of_a_docs_folder_are_not_tickets(content: str) -> None:
    assert detect(content.encode()) == ""


def test_a_docs_folder_json_and_csv_stay_out_of_the_build(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text("# Guide\n\n1. Run `make`.\n", encoding="utf-8")
    (tmp_path / "schema.json").write_text('{"title": "x", "description": "y"}', encoding="utf-8")
    (tmp_path / "table.csv").write_text("Title,Description\na,b\n", encoding="utf-8")
    write_exports(tmp_path / "support")
    kinds = {f.id: f.frontend for f in gather([str(tmp_path)]).files}
    assert kinds["guide.md"] == "markdown"
    assert "schema.json" not in kinds and "table.csv" not in kinds
    assert kinds["support/helpdesk.csv"] == kinds["support/jira.json"] == "tickets"


def test_csv_columns_are_detected_and_bad_rows_skipped_by_line(export: Export) -> None:
    reading = read(export.folder / "helpdesk.csv")
    keys = [t.key for t in reading.tickets]
    assert keys == ["T-101", "T-102", "T-103", "T-107"]
    first = reading.tickets[0]
    assert first.title == "Sync fails with SSLError CERTIFICATE_VERIFY_FAILED"
    assert first.status == "closed" and first.resolved
    assert first.labels == ("proxy", "ssl")
    assert first.comments[-1].author_role == "agent"
    assert "Upgrade certifi" in first.comments[-1].text
    assert [line for line, _ in reading.skipped] == export.bad_lines["helpdesk.csv"]
    reasons = [why for _, why in reading.skipped]
    assert reasons[0] == "8 fields where the header has 6"
    assert reasons[1].startswith("malformed CSV")
    assert reasons[2] == "bytes that are not UTF-8"
    assert reading.tickets[2].status == "open"


def test_jira_issues_keep_comments_roles_and_flattened_descriptions(export: Export) -> None:
    reading = read(export.folder / "jira.json")
    help7, help9 = reading.tickets
    assert (help7.key, help7.status, help7.resolution) == ("HELP-7", "closed", "fixed")
    assert "CERTIFICATE_VERIFY_FAILED" in help7.body and "```" in help7.body
    assert [c.author_role for c in help7.comments] == ["agent", "reporter", "agent"]
    assert "<TOKEN-1>" in help7.body and "<IP-1>" in help7.comments[1].text
    assert help9.status == "open" and not help9.resolved
    assert help7.line < help9.line  # each issue located at its own line


def test_github_issues_skip_a_truncated_record_and_take_separate_comments(
    export: Export,
) -> None:
    reading = read(export.folder / "issues.json")
    assert [t.key for t in reading.tickets] == ["sync#41", "sync#57"]
    [(line, reason)] = reading.skipped
    record_start = export.bad_lines["issues.json"][0] - 4  # the line of its "{"
    assert line == record_start and reason.startswith("invalid JSON")
    comments = read(export.folder / "comments.json")
    assert not comments.tickets
    assert [(o.ticket, o.comment.author_role) for o in comments.orphans] == [
        ("sync#41", "maintainer"),
        ("sync#57", "maintainer"),
    ]


def test_mail_threads_join_replies_and_skip_broken_mime(export: Export) -> None:
    reading = read(export.folder / "support.mbox")
    [thread] = reading.tickets
    assert thread.title == "SSLError after the proxy change"
    assert thread.status == "closed"  # answered by someone other than the reporter
    [reply] = thread.comments
    assert reply.author_role == "agent" and "REQUESTS_CA_BUNDLE" in reply.text
    assert "Every sync now fails" not in reply.text  # the quoted lines are dropped
    assert reply.text.startswith("Hi <NAME-1>,") and reply.text.endswith("<NAME-2>")
    [(line, reason)] = reading.skipped
    assert line == export.bad_lines["support.mbox"][0] and reason.startswith("broken MIME")
    [question] = read(export.folder / "question.eml").tickets
    assert question.status == "open" and question.title == "How do I rotate the API key?"


def test_a_huge_field_skips_its_record_only(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    huge = "x" * (MAX_FIELD_CHARS + 10)
    path.write_text(
        f'ID,Title,Status\n1,small,Open\n2,"{huge}",Open\n3,also small,Closed\n', encoding="utf-8"
    )
    reading = read(path)
    assert [t.key for t in reading.tickets] == ["1", "3"]
    [(line, reason)] = reading.skipped
    assert line == 3 and "larger than field limit" in reason


def test_a_json_export_with_a_huge_field_names_the_record(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    records = [
        {"id": 1, "title": "ok", "status": "open"},
        {"id": 2, "title": "x" * (MAX_FIELD_CHARS + 1), "status": "open"},
    ]
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    reading = read(path)
    assert [t.key for t in reading.tickets] == ["1"]
    [(line, reason)] = reading.skipped
    assert line == 7 and "over the limit" in reason


def test_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    rows = [
        '{"id": "A-1", "title": "first", "status": "closed", "resolution": "Restart it."}',
        '{"id": "A-2", "title": "broken", "status": ',
        '{"id": "A-3", "title": "third", "status": "open"}',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reading = read(path)
    assert [t.key for t in reading.tickets] == ["A-1", "A-3"]
    assert [line for line, _ in reading.skipped] == [2]


@pytest.mark.skipif(not GITHUB3.is_dir(), reason="corpus not fetched (make corpora)")
def test_the_github3_cassette_issues_are_read_without_loss() -> None:
    readings = [read(path) for path in sorted(GITHUB3.glob("*.json"))]
    assert not [r.skipped for r in readings if r.skipped]
    keys = {t.key for r in readings for t in r.tickets}
    assert len(keys) >= 140
    assert "github3.py#509" in keys and "betamax#143" in keys
    orphans = [o for r in readings for o in r.orphans]
    assert orphans and all("#" in o.ticket for o in orphans)


def test_a_maildir_threads_messages_across_its_files(export: Export, tmp_path: Path) -> None:
    # A Maildir holds one message a file, named without a suffix; cur/ and new/ both count.
    mbox = (export.folder / "support.mbox").read_text(encoding="utf-8")
    first, reply, _broken = mbox.split("\nFrom ")
    maildir = tmp_path / "Maildir"
    for folder, name, message in (
        ("cur", "1768208400.M1P2.mail:2,S", first),
        ("new", "1768212000.M3P4.mail", "From " + reply),
    ):
        (maildir / folder).mkdir(parents=True, exist_ok=True)
        body = message.split("\n", 1)[1]  # a Maildir file has no mbox "From " line
        (maildir / folder / name).write_text(
            "Return-Path: <bounce@acme.example>\nReceived: from mx by mail\n" + body,
            encoding="utf-8",
        )
    files = gather([str(maildir)]).files
    assert [f.frontend for f in files] == ["tickets", "tickets"]
    readings = []
    builder = TicketBuilder(Redactor())
    for item in files:
        reading = Reading(source=item.id, builder=builder)
        read_export(item.data, reading)
        readings.append(reading)
    mail_threads(readings)
    [ticket] = [t for r in readings for t in r.tickets]
    assert ticket.source == "cur/1768208400.M1P2.mail:2,S" and ticket.status == "closed"
    [reply_comment] = ticket.comments
    assert reply_comment.source == "new/1768212000.M3P4.mail"


@pytest.mark.parametrize(
    "content",
    [
        "name: build\non:\n  push:\nfrom: here\nsubject: there\n",
        "Title: Notes\nAuthor: someone\n\nBody text.\n",
    ],
)
def test_header_like_text_files_are_not_mail(content: str) -> None:
    assert detect(content.encode()) == ""


def test_a_search_mapping_with_key_and_fields_is_not_jira() -> None:
    mapping = '{"mappings": {"properties": {"key": {"type": "keyword", "fields": {"raw": {}}}}}}'
    assert detect(mapping.encode()) == ""


HEADS = [
    b'[{"url": "https://api.github.com/repos/a/b/issues/1", "number": 1, "title": "t", ',
    b'{"issues": [{"key": "HELP-1", "fields": {"summary": "s", ',
    b"ID,Subject,Description,Status\n1,",
    b"From a@b.example Mon Jan 12 09:00:00 2026\nFrom: a@b.example\nSubject: s\n",
]


@settings(max_examples=300, deadline=None)
@given(head=st.sampled_from(HEADS), tail=st.binary(max_size=300))
def test_no_export_makes_a_reader_raise(head: bytes, tail: bytes) -> None:
    reading = Reading(source="x", builder=TicketBuilder(Redactor()))
    read_export(head + tail, reading)  # must not raise, whatever follows a valid start
    mail_threads([reading])
    assert all(line >= 1 for line, _ in reading.skipped)


def test_a_message_in_an_unknown_encoding_is_skipped_by_line(tmp_path: Path) -> None:
    path = tmp_path / "list.mbox"
    good = (
        "From a@x.example Mon Jan 12 09:00:00 2026\nFrom: a@x.example\nSubject: first\n"
        "Message-ID: <1@x.example>\n\nHello.\n"
    )
    bad = (
        "From b@x.example Mon Jan 12 10:00:00 2026\nFrom: b@x.example\nSubject: second\n"
        'Content-Type: text/plain; charset="x-no-such-charset"\n\nBonjour.\n'
    )
    path.write_text(good + "\n" + bad, encoding="utf-8")
    reading = read(path)
    assert [t.title for t in reading.tickets] == ["first"]
    [(line, reason)] = reading.skipped
    assert line == good.count("\n") + 2 and reason == "text in an unknown charset"


@settings(max_examples=300, deadline=None)
@given(
    head=st.lists(
        st.sampled_from([b"id,title,status", b"a;b", b'"x', b"\r", b"\r\n", b"\n", b",", b"\x00"]),
        max_size=8,
    ).map(b"".join),
    tail=st.binary(max_size=200),
)
def test_telling_a_file_by_its_first_bytes_never_raises(head: bytes, tail: bytes) -> None:
    """Input gathering asks every file no name claims (attrs' sdist holds a file whose first
    line ends in a bare CR, which once made the CSV sniffer raise and the build crash)."""
    table.by_content(head + tail, KindOptions())


def test_a_header_line_ending_in_cr_is_still_told(tmp_path: Path) -> None:
    assert detect(b"id,title,status,body\r1,Crash,closed,boom\r") == "csv"
    assert detect(b"just some\rtext with a CR\r") == ""
