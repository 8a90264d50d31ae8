"""The ticket field mapping (`tickets/fields.py`): a typed option from a plain table or from
``--ticket-field`` flags, applied to a real Bugzilla CSV export whose column names
(``bug_id``, ``short_desc``, ``bug_status``) the reader does not recognise by itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skillc.compiler.frontends import table
from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.frontends.tickets.fields import TicketFields
from skillc.compiler.frontends.tickets.formats import detect
from skillc.compiler.frontends.tickets.reader import read_tickets
from skillc.compiler.inputs import gather
from skillc.compiler.stat_hook import Gathering
from tests.cli.conftest import ROOT, run_skillc

SAMPLES = ROOT / "corpora" / "tickets" / "perceval-samples" / "src"
BUGLIST = SAMPLES / "bugzilla_buglist.csv"
fetched = pytest.mark.skipif(not BUGLIST.is_file(), reason="corpus not fetched (make corpora)")
BUGZILLA = {"id": "bug_id", "title": "short_desc", "status": "bug_status", "labels": "product"}
FLAGS = [
    arg for field, column in BUGZILLA.items() for arg in ("--ticket-field", f"{field}={column}")
]


def test_the_mapping_is_built_from_a_plain_table_or_from_flags_alike() -> None:
    from_table = TicketFields.from_mapping({"title": "Summary", "id": " Case Number "})
    from_flags = TicketFields.from_flags(["title=Summary", "id=Case Number"])
    assert from_table == from_flags == TicketFields(id="Case Number", title="Summary")
    assert from_table.named() == {"key": "Case Number", "title": "Summary"}
    assert not TicketFields() and from_table


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"titel": "Summary"}, "unknown ticket field 'titel' (fields: id, title, body"),
        ({"title": ""}, "ticket field 'title' must name a column"),
        ({"title": 3}, "ticket field 'title' must name a column, not 3"),
    ],
)
def test_a_wrong_table_says_what_is_allowed(given: dict[str, object], says: str) -> None:
    with pytest.raises(ValueError) as raised:
        TicketFields.from_mapping(given)
    assert says in str(raised.value)


def test_wrong_flags_say_what_is_expected() -> None:
    with pytest.raises(ValueError, match="expected FIELD=COLUMN"):
        TicketFields.from_flags(["title"])
    with pytest.raises(ValueError, match="field 'title' given twice"):
        TicketFields.from_flags(["title=A", "title=B"])


@fetched
def test_the_bugzilla_export_is_a_ticket_export_only_once_its_columns_are_named() -> None:
    head = BUGLIST.read_bytes()[:4096]
    named = KindOptions(ticket_fields=TicketFields.from_mapping(BUGZILLA))
    assert detect(head) == ""
    assert detect(head, TicketFields.from_mapping(BUGZILLA).named()) == "csv"
    assert table.by_content(head[: table.SNIFF_BYTES], KindOptions()) is None
    told = table.by_content(head[: table.SNIFF_BYTES], named)
    assert told is not None and told.name == "tickets"


@fetched
def test_gathering_with_named_columns_claims_the_export_that_one_without_leaves(
    tmp_path: Path,
) -> None:
    """The mapping reaches the sniff through `gather`'s argument: two gatherings in one
    process, one with it and one without, each see their own."""
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(BUGLIST, folder / "bugs.csv")
    (folder / "notes.md").write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    named = Gathering(options=KindOptions(ticket_fields=TicketFields.from_mapping(BUGZILLA)))
    with_mapping = gather([str(folder)], named)
    without = gather([str(folder)])
    assert [(f.id, f.frontend) for f in with_mapping.files] == [
        ("bugs.csv", "tickets"),
        ("notes.md", "markdown"),
    ]
    assert [(f.id, f.frontend) for f in without.files] == [("notes.md", "markdown")]


@fetched
def test_the_named_columns_are_read_into_the_tickets() -> None:
    rows = BUGLIST.read_text(encoding="utf-8").splitlines()[1:]
    result = read_tickets([("bugs.csv", BUGLIST.read_bytes())], TicketFields.from_mapping(BUGZILLA))
    counts = dict(result.counts)
    assert counts["tickets"] == len(rows) == 5 and counts["records skipped"] == 0
    assert not [d for d in result.diagnostics if d.code == "SK140"]


@fetched
def test_the_build_reads_the_export_with_the_flags(tmp_path: Path) -> None:
    folder = tmp_path / "bugs"
    folder.mkdir()
    shutil.copy(BUGLIST, folder)
    unmapped = run_skillc("build", str(folder), "-o", str(tmp_path / "none"))
    assert unmapped.returncode == 2 and "no supported files" in unmapped.stderr
    out = tmp_path / "out"
    result = run_skillc("build", str(folder), "-o", str(out), "--format", "json", *FLAGS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["tickets"] == 5


@fetched
def test_a_project_file_maps_the_columns_per_source(tmp_path: Path) -> None:
    """``fields`` of a source in skillc.toml reads the export as the flags do; a field name
    that is not a ticket field is reported at its line."""
    (tmp_path / "bugs").mkdir()
    shutil.copy(BUGLIST, tmp_path / "bugs")
    table = ", ".join(f'{field} = "{column}"' for field, column in BUGZILLA.items())
    project = tmp_path / "skillc.toml"
    project.write_text(
        '[[output]]\nname = "bugs"\nout = "out"\n'
        f'sources = [{{ path = "bugs", kind = "tickets", fields = {{ {table} }} }}]\n',
        encoding="utf-8",
    )
    result = run_skillc("build", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["tickets"] == 5
    project.write_text(project.read_text(encoding="utf-8").replace("title =", "titel ="))
    wrong = run_skillc("build", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "skillc.toml:4:1: SK104 fields: unknown ticket field 'titel'" in wrong.stderr


@fetched
def test_a_misspelt_column_names_the_file_and_the_columns_it_has(tmp_path: Path) -> None:
    folder = tmp_path / "bugs"
    folder.mkdir()
    shutil.copy(BUGLIST, folder)
    shutil.copy(SAMPLES / "pipermail_2016_april.mbox", folder)  # another export still builds
    flags = ["--ticket-field", "id=bug_id", "--ticket-field", "title=short_description"]
    result = run_skillc("build", str(folder), "-o", str(tmp_path / "out"), *flags)
    assert result.returncode == 2, result.stderr
    [line] = [x for x in result.stderr.splitlines() if "SK140" in x]
    assert line.startswith(f"error: {folder / 'bugzilla_buglist.csv'}:1:1: SK140")
    assert "no column for title=short_description" in line
    assert "'bug_id', 'product', 'component', 'assigned_to', 'bug_status'" in line
    assert "Traceback" not in result.stderr
    manifest = json.loads((tmp_path / "out" / "skills.lock").read_text(encoding="utf-8"))
    assert [f["id"] for f in manifest["failed"]] == ["bugzilla_buglist.csv"]


def test_an_unknown_field_flag_is_a_usage_error(tmp_path: Path) -> None:
    result = run_skillc("build", str(tmp_path), "-o", str(tmp_path / "o"), "--ticket-field", "x=y")
    assert result.returncode == 2
    assert "unknown ticket field 'x'" in result.stderr and "Traceback" not in result.stderr


def test_json_records_with_their_own_keys_and_a_mapping_per_source() -> None:
    records = [
        {"ref": f"R-{n}", "headline": "Sync stops with QuotaExceededError", "state": "Solved",
         "text": "QuotaExceededError: quota 5 GB reached", "owner": "u1",
         "thread": [{"author": "u1", "body": "Still failing."},
                    {"author": "a9", "body": "Delete old snapshots in Settings > Storage."}]}
        for n in (1, 2)
    ]  # fmt: skip
    data = json.dumps(records).encode()
    mapping = TicketFields.from_mapping(
        {"id": "ref", "title": "headline", "body": "text", "status": "state",
         "comments": "thread", "author": "owner"}
    )  # fmt: skip
    by_source = {"sync.json": mapping}
    assert detect(data, mapping.named()) == "json"
    result = read_tickets([("sync.json", data), ("other.json", data)], by_source=by_source)
    # other.json has no mapping: its keys are not ticket-like, so it holds no ticket.
    assert dict(result.counts)["tickets"] == 2
    [skill] = result.skills
    text = repr(skill)
    assert "Delete old snapshots in Settings > Storage." in text
    # Tickets titled alike share one symptom line.
    assert "Sync stops with QuotaExceededError (R-1, R-2)" in text
    assert "Still failing." not in [s.object for s in skill.logic_steps]


@pytest.mark.parametrize(
    ("column", "value", "state"),
    [
        ("is_solved", "True", "closed"),
        ("Resolved?", "no", "open"),
        ("is_open", "true", "true"),  # not a column that says it is done: kept as it is
        ("Status", "Solved", "Solved"),
    ],
)
def test_a_yes_no_column_that_says_done_is_a_state(column: str, value: str, state: str) -> None:
    from skillc.compiler.frontends.tickets.columns import status_value

    assert status_value(column, value) == state
