"""Clustering: tickets with one problem group together, unrelated ones do not, and the work
grows with the number of shared features, never with all pairs of tickets."""

from __future__ import annotations

from skillc.compiler.frontends.tickets import cluster as clustering
from skillc.compiler.frontends.tickets.features import error_lines, features, normalised
from skillc.compiler.frontends.tickets.model import Ticket

LOCKED = "sqlite3.OperationalError: database is locked"


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


def test_a_feature_every_ticket_has_adds_no_pairs() -> None:
    # 3,000 tickets share the label "bug" and nothing else: indexing it would be 4.5 million
    # pairs; it is too common to tell problems apart, so no pair is compared at all.
    tickets = [ticket(str(n), f"word{n}a word{n}b", labels=("bug",)) for n in range(3000)]
    found = [features(t) for t in tickets]
    weights = clustering._weights(found)
    assert "l:bug" not in weights
    assert clustering._scores(found, weights) == {}


def test_compared_pairs_grow_linearly_with_tickets() -> None:
    def pairs(n: int) -> int:
        tickets = [
            ticket(str(i), f"problem{i // 5} occurs", f"Error{i // 5}Error: failure {i // 5}")
            for i in range(n)
        ]
        found = [features(t) for t in tickets]
        return len(clustering._scores(found, clustering._weights(found)))

    small, large = pairs(500), pairs(4000)
    assert small == 100 * 10  # 100 groups of 5 tickets: 10 pairs each
    assert large == 8 * small


def test_clusters_do_not_depend_on_the_order_features_were_built_in() -> None:
    tickets = [
        ticket(str(n), f"timeout in module{n % 7}", f"TimeoutError: {n % 7}") for n in range(60)
    ]
    first = clustering.cluster([features(t) for t in tickets])
    again = clustering.cluster([features(t) for t in tickets])
    assert first == again
    assert sorted(len(g.members) for g in first) != [1] * 60
