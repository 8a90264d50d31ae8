"""Tickets grouped by problem: a similarity graph (networkx) and its communities.

Why no all-pairs comparison: 100,000 tickets are 5 billion pairs. Candidate pairs come from an
inverted index instead: each feature (`features.features`: error class, error-message
shingle, stack frame, title word, label) lists the tickets that have it, and only tickets that
share a feature are compared. A feature held by at most `MAX_POSTINGS` tickets pairs all of
them; a more common one ("bug", or an error reported 500 times) pairs each ticket only with
the first `WINDOW` tickets of its list and with the one before it, which keeps a large group
of one problem connected and compact (a star around its first reports, not a long chain,
which the community search would cut and walk slowly) at a cost linear in its size. So the
candidate pairs number at most the postings times `MAX_POSTINGS`, linear in the number of
tickets.

Tickets with identical features are compared once (the same issue exported twice, or the
benchmark's replicas). Each candidate pair is scored by the cosine of the two tickets'
feature vectors (a feature counts its kind's weight times its inverse document frequency);
pairs scoring at least `THRESHOLD` become edges. Communities are found by Louvain modularity
(networkx, fixed seed, nodes and edges added in ticket order), so the grouping is
deterministic: the same tickets in the same order give the same clusters, whatever the hash
seed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.frontends.tickets.features import WEIGHTS, Features, normalised

__all__ = ["MAX_POSTINGS", "THRESHOLD", "WINDOW", "Cluster", "candidates", "cluster"]

#: A feature held by at most this many tickets pairs all of them.
MAX_POSTINGS = 64
#: A more common feature pairs each of its tickets with this many first ones of its list.
WINDOW = 8
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
    then by first member; every ticket is in exactly one cluster (alone, if nothing is like it).

    Two contractions keep the graph small without changing what is alike: tickets with the
    same features (the same issue exported twice) are compared once, and tickets with the same
    error signature (their first error string, normalised) are one problem whatever else they
    say, so they are one node (their first ticket standing for all): a problem reported
    hundreds of times, whose tickets are linked in chains only, is not cut into pieces by the
    community search.
    """
    weights = _weights(found)
    node_of = _nodes(found)
    distinct = sorted({first for first, _ in node_of})
    links: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), score in sorted(_edges([found[i] for i in distinct], weights).items()):
        na, nb = node_of[distinct[a]][1], node_of[distinct[b]][1]
        if na != nb:
            links[(min(na, nb), max(na, nb))] += score
    members: dict[int, list[int]] = defaultdict(list)
    for index, (_, node) in enumerate(node_of):
        members[node].append(index)
    groups: list[Cluster] = []
    for nodes, edges in _components(sorted(members), links):
        degree: dict[int, float] = defaultdict(float)
        for a, b, weight in edges:
            degree[a] += weight
            degree[b] += weight
        for part in _communities(nodes, edges):
            tickets = sorted(i for node in part for i in members[node])
            centre = max(part, key=lambda n: (len(members[n]), degree[n], -n))
            groups.append(Cluster(tuple(tickets), centre))
    return sorted(groups, key=lambda c: (-len(c.members), c.members[0]))


def _components(
    nodes: list[int], links: dict[tuple[int, int], float]
) -> list[tuple[list[int], list[tuple[int, int, float]]]]:
    """The connected components (their nodes and edges, sorted), by union-find: each one is
    searched for communities as a graph of its own."""
    parent = {node: node for node in nodes}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in sorted(links):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    found: dict[int, tuple[list[int], list[tuple[int, int, float]]]] = {}
    for node in nodes:
        found.setdefault(root(node), ([], []))[0].append(node)
    for (a, b), weight in sorted(links.items()):
        found[root(a)][1].append((a, b, weight))
    return [found[r] for r in sorted(found)]


def _communities(nodes: list[int], edges: list[tuple[int, int, float]]) -> list[list[int]]:
    """Louvain communities (networkx, fixed seed) of one component, each sorted, in order of
    their first node; a component of one or two nodes is one community."""
    if len(nodes) <= 2:
        return [nodes]
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    parts = nx.community.louvain_communities(graph, weight="weight", seed=0)
    return sorted((sorted(part) for part in parts), key=lambda part: part[0])


def _nodes(found: Sequence[Features]) -> list[tuple[int, int]]:
    """For each ticket, the first ticket with the same features and the graph node it joins:
    the first ticket with its error signature, else that first same-featured ticket."""
    same: dict[frozenset[str], int] = {}
    by_signature: dict[str, int] = {}
    result = []
    for index, item in enumerate(found):
        first = same.setdefault(item.items, index)
        signature = normalised(item.errors[0]).lower() if item.errors else ""
        node = by_signature.setdefault(signature, first) if signature else first
        result.append((first, node))
    return result


def _weights(found: Sequence[Features]) -> dict[str, float]:
    """Each feature's weight: its kind's weight times its inverse document frequency."""
    counts: dict[str, int] = defaultdict(int)
    for item in found:
        for feature in item.items:
            counts[feature] += 1
    total = max(len(found), 1)
    return {
        feature: WEIGHTS[feature[0]] * (1.0 + math.log(total / n)) for feature, n in counts.items()
    }


def candidates(found: Sequence[Features]) -> set[tuple[int, int]]:
    """The pairs of tickets to compare (see the module docstring), each as (lower, higher)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(found):
        for feature in item.items:
            postings[feature].append(index)
    pairs: set[tuple[int, int]] = set()
    for tickets in postings.values():
        if len(tickets) <= MAX_POSTINGS:
            for i, a in enumerate(tickets):
                pairs.update((a, b) for b in tickets[i + 1 :])
            continue
        heads = tickets[:WINDOW]
        for i, b in enumerate(tickets[1:], 1):
            pairs.update((a, b) for a in heads[:i])  # to the list's first tickets
            pairs.add((tickets[i - 1], b))  # and to the one before
    return pairs


def _edges(found: Sequence[Features], weights: dict[str, float]) -> dict[tuple[int, int], float]:
    """The candidate pairs whose cosine similarity is at least `THRESHOLD`, with it. Sums are
    `math.fsum`, exact whatever order a set yields its features in, so scores do not depend on
    the hash seed."""
    squares = {feature: weight * weight for feature, weight in weights.items()}
    square = squares.__getitem__
    norms = [math.sqrt(math.fsum(map(square, item.items))) for item in found]
    edges: dict[tuple[int, int], float] = {}
    for a, b in candidates(found):
        shared = found[a].items & found[b].items
        if shared:
            score = math.fsum(map(square, shared)) / (norms[a] * norms[b])
            if score >= THRESHOLD:
                edges[(a, b)] = score
    return edges
