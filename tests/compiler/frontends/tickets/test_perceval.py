"""GrimoireLab Perceval items (`tickets/perceval.py`) on the real ``grimoirelab-items`` corpus:
every tracker's record read into the one ticket model, replies as comments, pull and merge
requests counted apart, mailing-list messages threaded, and nothing personal in any output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from skillc.compiler.frontends.tickets.formats import detect, read_export
from skillc.compiler.frontends.tickets.mail import mail_threads
from skillc.compiler.frontends.tickets.model import Ticket, TicketBuilder
from skillc.compiler.frontends.tickets.reading import Reading
from skillc.compiler.frontends.tickets.redact import Redactor
from skillc.lint.detect.secrets import find_secrets
from tests.cli.conftest import ROOT, run_skillc

ITEMS = ROOT / "corpora" / "tickets" / "grimoirelab-items" / "src"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
fetched = pytest.mark.skipif(not ITEMS.is_dir(), reason="corpus not fetched (make corpora)")


def read_all(redactor: Redactor | None = None) -> list[Reading]:
    builder = TicketBuilder(redactor or Redactor())
    readings = []
    for path in sorted(ITEMS.glob("*.json")):
        reading = Reading(source=path.name, builder=builder)
        read_export(path.read_bytes(), reading)
        readings.append(reading)
    mail_threads(readings)
    return readings


def by_key(readings: list[Reading]) -> dict[str, Ticket]:
    return {t.key: t for r in readings for t in r.tickets}


@fetched
def test_every_export_of_the_corpus_is_told_a_ticket_export_by_its_content() -> None:
    for path in sorted(ITEMS.glob("*.json")):
        assert detect(path.read_bytes()[:4096]) == "json", path.name


@fetched
def test_each_trackers_items_become_tickets_with_their_replies() -> None:
    readings = read_all()
    tickets = by_key(readings)
    raw = json.loads((ITEMS / "redmine.json").read_text(encoding="utf-8"))
    notes = [j for j in raw[2]["data"]["journals"] if j.get("notes")]
    redmine = tickets["redmine#7311"]
    assert redmine.title == "Data sources are not being updated"
    assert redmine.status == "closed" and len(redmine.comments) == len(notes) > 5
    # GitLab (F-Droid): system notes ("moved to ...", "closed") are not replies.
    assert tickets["fdroiddata#1"].status == "closed"
    assert [c.text for c in tickets["fdroiddata#1"].comments] == [
        "Nothing on my side to fix, moving to server."
    ]
    assert tickets["fdroiddata#2"].title.startswith("Feeder (com.nononsenseapps.feeder)")
    # Launchpad: "Fix Released" and complete is a resolved bug.
    assert tickets["LP#9560"].resolved and tickets["LP#9560"].resolution == "fix released"
    # Jira: comments_data joined as fields.comment.comments.
    assert len(tickets["CONTRIB-11"].comments) == 2
    assert "NOTICE files are missing" in tickets["CONTRIB-11"].comments[1].text
    # Q&A sites: answers are comments, an accepted answer or solution closes the question.
    assert len(tickets["SE#38611467"].comments) == 2
    assert len(tickets["kitsune#1129949"].comments) == 5
    askbot = tickets["askbot#2488"]
    assert askbot.status == "closed" and len(askbot.comments) > 10
    # The accepted answer (its id a string, the question's accepted_answer_id a number).
    assert [c.number for c in askbot.comments if c.author_role == "agent"] == [1]
    assert len(tickets["bug#1267941"].comments) > 50


@fetched
def test_pull_and_merge_requests_are_counted_not_read() -> None:
    ignored = {r.source: r.ignored for r in read_all()}
    assert ignored["gitlab.json"] == {"merge request": 3}
    assert ignored["github.json"]["pull request"] == 3


@fetched
def test_mailing_list_messages_are_threaded_across_items() -> None:
    tickets = [t for t in by_key(read_all()).values() if t.source == "pipermail.json"]
    # 63 items: each message is in the archive up to four times, and replies name only their
    # parent (In-Reply-To) or lost it; the list tag and "Re:" are not the subject.
    titles = sorted(t.title for t in tickets)
    assert len(titles) == len(set(titles)) == 8
    [svp] = [t for t in tickets if t.title.startswith("rendering svps on a pixel buffer")]
    assert svp.body.startswith("These files (a modified version of art_rgb_svp)")
    assert len(svp.comments) == 7 and svp.status == "closed"
    replies = "\n".join(c.text for c in svp.comments)
    assert "art_render.h interface" in replies and "ArtRenderer interface" in replies
    # Quotes, "On ... wrote:" lines and signatures are not what anyone said in the thread.
    assert "wrote:" not in replies and "fight crime" not in replies and "Red Hat" not in replies


@fetched
def test_the_corpus_builds_and_leaks_nothing_it_redacted(tmp_path: Path) -> None:
    redactor = Redactor()
    read_all(redactor)
    redacted = redactor.redacted_values()
    assert any("@" in v for v in redacted)
    out = tmp_path / "items"
    result = run_skillc("build", str(ITEMS), "-o", str(out), "-v", "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert 50 <= summary["counts"]["tickets"] < 63  # 63 records, mail repeats folded
    texts = [result.stdout, result.stderr] + [
        p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file()
    ]
    for text in texts:
        assert not [v for v in redacted if v in text]
        assert not find_secrets(text) and not EMAIL.search(text)


SAMPLES = ROOT / "corpora" / "tickets" / "perceval-samples" / "src"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="corpus not fetched (make corpora)")
def test_gitlab_rest_pages_are_told_by_their_first_bytes_and_read() -> None:
    builder = TicketBuilder(Redactor())
    readings = []
    for name in ("issue_page_1", "issue_page_2", "merge_page_1"):
        data = (SAMPLES / name).read_bytes()
        assert detect(data[:512]) == "json", name  # what the input table sniffs
        reading = Reading(source=name, builder=builder)
        read_export(data, reading)
        readings.append(reading)
    tickets = by_key(readings)
    assert sorted(tickets) == ["fdroiddata#1", "fdroiddata#2", "fdroiddata#3", "fdroiddata#4"]
    assert tickets["fdroiddata#1"].title == "bad directory permissions when building TTT?"
    assert all(t.status == "closed" for t in tickets.values())
    assert readings[2].ignored == {"merge request": 2}


@fetched
def test_perceval_json_lines_read_as_its_json_array() -> None:
    # `perceval gitlab ... --json-line` writes one item a line: the same tickets.
    items = json.loads((ITEMS / "gitlab.json").read_text(encoding="utf-8"))
    lines = "\n".join(json.dumps(item) for item in items).encode("utf-8")
    builder = TicketBuilder(Redactor())
    as_array = Reading(source="a", builder=builder)
    read_export((ITEMS / "gitlab.json").read_bytes(), as_array)
    as_lines = Reading(source="b", builder=builder)
    read_export(lines, as_lines)
    assert [t.key for t in as_lines.tickets] == [t.key for t in as_array.tickets]
    texts = [[c.text for c in t.comments] for t in as_array.tickets]
    assert [[c.text for c in t.comments] for t in as_lines.tickets] == texts
    assert as_lines.ignored == as_array.ignored == {"merge request": 3}
    assert [t.line for t in as_lines.tickets] == [1, 2, 3, 4, 5]  # each item its own line
