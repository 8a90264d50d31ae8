"""Clustering: tickets with one problem group together, unrelated ones do not, and the work
grows with the number of shared features, never with all pairs of tickets."""

from __future__ import annotations

from skillc.compiler.frontends.tickets import cluster as clustering
from skillc.compiler.frontends.tickets.features import error_lines, features, normalised
from skillc.compiler.frontends.tickets.model import Ticket

LOCKED = "sqlite3.OperationalError: database is locked"


def letters(n: int) -> str:
    """A word of its own for each number (numbers in titles are volatile, not words)."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not n:
            return word + "q"


def ticket(key: str, title: str, body: str = "", labels: tuple[str, ...] = ()) -> Ticket:
    return Ticket(source="t.json", line=1, key=key, title=title, body=body, labels=labels)


def test_reports_of_one_error_cluster_and_others_stay_apart() -> None:
    tickets = [
        ticket("1", "database is locked when two syncs run", LOCKED),
        ticket("2", "Export to PDF is slow", "It takes minutes to export."),
        ticket("3", "OperationalError during backup", f"Traceback:\n{LOCKED}"),
        ticket("4", "Login page shows a blank screen", "Nothing renders."),
        ticket("5", "locked database after upgrade", f"Same: {LOCKED}\n{LOCKED}"),
    ]
    groups = clustering.cluster([features(t) for t in tickets])
    assert groups[0].members == (0, 2, 4)
    assert sorted(g.members for g in groups[1:]) == [(1,), (3,)]
    assert groups[0].centre in (0, 2, 4)


def test_errors_are_found_and_their_values_normalised() -> None:
    text = (
        'File "/srv/app/sync.py", line 12, in run\n'
        "KeyError: 'etag' at 0x7f3a\nerror: could not lock config file\n"
    )
    assert error_lines(text) == ["KeyError: 'etag' at 0x7f3a", "error: could not lock config file"]
    assert normalised("OSError: [Errno 28] No space left on device: '/var/x y'") == (
        "OSError: [Errno _] No space left on device: _"
    )
    found = features(ticket("k", "Sync crashes", text)).items
    assert "e:keyerror" in found and "f:sync.py:run" in found and "t:sync" in found


def test_a_feature_every_ticket_has_pairs_each_ticket_with_a_few_only() -> None:
    # 3,000 tickets share the label "bug" and nothing else: all pairs would be 4.5 million;
    # the label's list pairs each ticket with its first `WINDOW` tickets and the one before it
    # only, and sharing only a label is not similar enough for an edge.
    tickets = [ticket(str(n), f"{letters(n)}a {letters(n)}b", labels=("bug",)) for n in range(3000)]
    found = [features(t) for t in tickets]
    pairs = clustering.candidates(found)
    assert len(pairs) <= 3000 * (clustering.WINDOW + 1)
    assert all(a < clustering.WINDOW or b == a + 1 for a, b in pairs)
    assert all(len(g.members) == 1 for g in clustering.cluster(found))


def test_a_problem_reported_hundreds_of_times_stays_one_cluster() -> None:
    # More reports than MAX_POSTINGS: its features pair neighbours only, yet they connect.
    tickets = [
        ticket(str(n), f"database locked during {letters(n)}", f"{LOCKED}\nat step {n}")
        for n in range(300)
    ]
    tickets += [
        ticket(f"x{n}", f"printer {letters(n + 1000)} jams {letters(n + 2000)}") for n in range(50)
    ]
    groups = clustering.cluster([features(t) for t in tickets])
    assert groups[0].members == tuple(range(300))
    # The printer tickets share only common words: each stays alone.
    assert [g.members for g in groups[1:]] == [(n,) for n in range(300, 350)]


def test_candidate_pairs_grow_linearly_with_tickets() -> None:
    def pairs(n: int) -> int:
        tickets = [
            ticket(str(i), f"problem{i // 5} occurs", f"Error{i // 5}Error: failure {i // 5}")
            for i in range(n)
        ]
        return len(clustering.candidates([features(t) for t in tickets]))

    # Groups of 5 pair among themselves (10 pairs each); the common word "occurs" adds at most
    # WINDOW + 1 pairs a ticket: at most 11 pairs a ticket whatever the number of tickets,
    # where all pairs would be n / 2 a ticket (500 and 4,000 here).
    for n in (1000, 8000):
        assert n // 5 * 10 <= pairs(n) <= n // 5 * 10 + n * (clustering.WINDOW + 1)


def test_the_same_issue_exported_twice_is_compared_once() -> None:
    tickets = [ticket(str(n), "printer jams on page two", "It jams.") for n in range(200)]
    found = [features(t) for t in tickets]
    assert clustering._nodes(found) == [(0, 0)] * 200
    [group] = clustering.cluster(found)
    assert group.members == tuple(range(200)) and group.centre == 0
