"""Tickets grouped by problem: a similarity graph (networkx) and its communities.

Why no all-pairs comparison: 100,000 tickets are 5 billion pairs. Candidate pairs come from an
inverted index instead: each feature (`features.features`: error class, error-message
shingle, stack frame, title word, label) lists the tickets that have it, and only tickets that
share a feature are compared. A feature shared by more than `MAX_POSTINGS` tickets ("bug",
"python") says little about the problem and would make its tickets all pairs of each other,
so it is left out of the index; the work is then at most the number of postings times
`MAX_POSTINGS`, linear in the number of tickets.

Each candidate pair is scored by the cosine of the two tickets' feature vectors (a shared
feature counts its kind's weight times its inverse document frequency); pairs scoring at least
`THRESHOLD` become edges. Communities are found by Louvain modularity (networkx, fixed seed,
nodes and edges added in ticket order), so the grouping is deterministic: the same tickets in
the same order give the same clusters, whatever the hash seed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.frontends.tickets.features import WEIGHTS, Features

__all__ = ["MAX_POSTINGS", "THRESHOLD", "Cluster", "cluster"]

#: A feature held by more tickets than this is too common to say which problem a ticket has.
MAX_POSTINGS = 64
#: The least cosine similarity that links two tickets.
THRESHOLD = 0.3


@dataclass(frozen=True, slots=True)
class Cluster:
    """Indices of tickets with one problem, in ticket order; ``centre`` is the one most
    similar to the others (the cluster's representative)."""

    members: tuple[int, ...]
    centre: int


def cluster(found: Sequence[Features]) -> list[Cluster]:
    """Clusters of the tickets whose features are ``found`` (in ticket order), largest first,
    then by first member; every ticket is in exactly one cluster (alone, if nothing is like it)."""
    import networkx as nx

    weights = _weights(found)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(found)))
    for (a, b), score in sorted(_scores(found, weights).items()):
        if score >= THRESHOLD:
            graph.add_edge(a, b, weight=score)
    groups: list[Cluster] = []
    for component in sorted(nx.connected_components(graph), key=min):
        nodes = sorted(component)
        if len(nodes) <= 2:
            groups.append(Cluster(tuple(nodes), _centre(graph, nodes)))
            continue
        sub = graph.subgraph(nodes)
        parts = nx.community.louvain_communities(sub, weight="weight", seed=0)
        for part in sorted(parts, key=min):
            members = sorted(part)
            groups.append(Cluster(tuple(members), _centre(graph, members)))
    return sorted(groups, key=lambda c: (-len(c.members), c.members[0]))


def _weights(found: Sequence[Features]) -> dict[str, float]:
    """Each indexable feature's weight: its kind's weight times its inverse document
    frequency; features over `MAX_POSTINGS` tickets are left out."""
    counts: dict[str, int] = defaultdict(int)
    for item in found:
        for feature in item.items:
            counts[feature] += 1
    total = max(len(found), 1)
    return {
        feature: WEIGHTS[feature[0]] * (1.0 + math.log(total / n))
        for feature, n in counts.items()
        if n <= MAX_POSTINGS
    }


def _scores(found: Sequence[Features], weights: dict[str, float]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair of tickets that share an indexed feature."""
    postings: dict[str, list[int]] = defaultdict(list)
    norms: list[float] = []
    for index, item in enumerate(found):
        norm = 0.0
        for feature in sorted(item.items):
            weight = weights.get(feature)
            if weight is not None:
                postings[feature].append(index)
                norm += weight * weight
        norms.append(math.sqrt(norm))
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for feature, tickets in postings.items():
        weight = weights[feature] ** 2
        for i, a in enumerate(tickets):
            for b in tickets[i + 1 :]:
                dots[(a, b)] += weight
    return {pair: dot / (norms[pair[0]] * norms[pair[1]]) for pair, dot in dots.items()}


def _centre(graph: object, members: Sequence[int]) -> int:
    """The member with the largest total edge weight to the others (the first on a tie)."""
    degree = graph.degree(members, weight="weight")  # type: ignore[attr-defined]
    by_node = dict(degree)
    return max(members, key=lambda n: (by_node.get(n, 0.0), -n))
