"""Resolution steps of one problem that contradict each other across tickets.

Why: two tickets of one cluster may have been closed by opposite advice ("upgrade urllib3" in
one, "downgrade urllib3" in another; "enable X" / "disable X"; "use X" / "do not use X"). A
skill that merged them would tell an agent to do both; a skill that kept one would hide that
the history disagrees. Such pairs are kept, both cited, and reported (SK093) so a person can
decide.

A step's *stance* is a verb group, a polarity and the object it acts on (the next two words
that are not articles): "Upgrade requests to 2.31" is (version, +, "requests"), "Downgrade
requests" (version, -, "requests"). Two steps from different tickets with one verb group and
object and opposite polarities conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Conflict", "conflicts", "stance"]

#: verb -> (group, polarity)
_VERBS: dict[str, tuple[str, int]] = {
    "upgrade": ("version", 1), "update": ("version", 1), "downgrade": ("version", -1),
    "enable": ("toggle", 1), "disable": ("toggle", -1), "turn on": ("toggle", 1),
    "turn off": ("toggle", -1), "install": ("install", 1), "uninstall": ("install", -1),
    "add": ("presence", 1), "remove": ("presence", -1), "delete": ("presence", -1),
    "use": ("use", 1), "avoid": ("use", -1), "stop using": ("use", -1),
    "set": ("setting", 1), "unset": ("setting", -1), "increase": ("amount", 1),
    "decrease": ("amount", -1), "reduce": ("amount", -1), "raise": ("amount", 1),
    "lower": ("amount", -1),
}  # fmt: skip
_NEGATION = re.compile(r"^(?:please\s+)?(?:do not|don't|never|no need to)\s+", re.IGNORECASE)
_SKIP = frozenset({"the", "a", "an", "your", "our", "this", "that", "to", "it", "them", "back"})


@dataclass(frozen=True, slots=True)
class Conflict:
    """Steps ``first`` and ``second`` (indices into the steps given) contradict each other."""

    first: int
    second: int
    reason: str


def stance(text: str) -> tuple[str, int, str] | None:
    """(verb group, polarity, object) of a step that opens with a verb of `_VERBS`.

    >>> stance("Downgrade urllib3 to 1.26"), stance("Don't use the proxy")
    (('version', -1, 'urllib3'), ('use', -1, 'proxy'))
    """
    sign = 1
    body = text.strip()
    negated = _NEGATION.match(body)
    if negated:
        sign, body = -1, body[negated.end() :]
    words = re.findall(r"[A-Za-z0-9_.\-]+", body.lower())
    if not words:
        return None
    verb = " ".join(words[:2]) if " ".join(words[:2]) in _VERBS else words[0]
    if verb not in _VERBS:
        return None
    group, polarity = _VERBS[verb]
    rest = [w for w in words[len(verb.split()) :] if w not in _SKIP][:2]
    if not rest:
        return None
    return group, polarity * sign, rest[0].strip(".")


def conflicts(steps: Sequence[tuple[str, int]]) -> list[Conflict]:
    """Contradicting pairs among ``steps`` given as (text, ticket index), first pair member
    earlier; one pair per conflicting stance."""
    seen: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    found: list[Conflict] = []
    for index, (text, ticket) in enumerate(steps):
        found_stance = stance(text)
        if found_stance is None:
            continue
        group, polarity, target = found_stance
        earlier = seen.setdefault((group, target), [])
        for other, other_polarity, other_ticket in earlier:
            if other_polarity != polarity and other_ticket != ticket:
                found.append(Conflict(other, index, f"{group} of {target!r}"))
                break
        earlier.append((index, polarity, ticket))
    return found
