"""RK217: payload fragments spread over several skills, which decode only when joined.

A scanner that reads one skill at a time sees a short base64 string in each, decoding to
nothing. Joined in skill order (the order an agent loads them, the order a later skill
assembles them in) they decode to a download-and-execute. Each skill's base64-looking
fragments are joined in file order; consecutive skills' pieces (up to `MAX_SKILLS`) are joined
and decoded; when the whole decodes to a command that fetches and runs code, and no piece
alone does, every contributing skill gets a finding naming the others.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Sequence

from skillc.scan.model import Channel, Dimension, Finding, RuleMeta, SkillReport
from skillc.scan.rules.composition import found_at
from skillc.scan.traces import Traces

META = RuleMeta(
    code="RK217",
    channel=Channel.MALICIOUS,
    dimensions=((Dimension.COVERT, 5), (Dimension.PRIVILEGE, 2)),
    owasp="AST01",
    skillscan="supply chain",
)

#: How many consecutive skills one payload may span, and how long the joined text may grow.
MAX_SKILLS = 8
MAX_JOINED = 65_536
_FETCH = re.compile(r"\b(?:curl|wget|Invoke-WebRequest|iwr|urlopen|fetch|nc)\b|https?://")
_RUN = re.compile(
    r"\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\b(?:eval|exec|iex|chmod\s+\+x|sh\s+-c|bash\s+-c|python\s+-c)\b"
)


def check_skills(skills: Sequence[tuple[SkillReport, Traces]]) -> Iterator[tuple[int, Finding]]:
    pieces = ["".join(text for text, _ in traced.fragments) for _, traced in skills]
    start = 0
    while start < len(skills):
        members = _payload_from(pieces, start)
        if members is None:
            start += 1
            continue
        yield from _report(skills, members, _decode("".join(pieces[m] for m in members)) or "")
        start = members[-1] + 1


def _payload_from(pieces: Sequence[str], start: int) -> list[int] | None:
    """The skills from ``start`` on whose joined pieces decode to a payload, or None."""
    if not pieces[start] or _payload(_decode(pieces[start])):
        return None
    members, joined = [start], pieces[start]
    for index in range(start + 1, min(len(pieces), start + MAX_SKILLS)):
        if not pieces[index]:
            continue
        if _payload(_decode(pieces[index])):
            return None  # one skill holds it whole: RK206 reports it there
        members.append(index)
        joined += pieces[index]
        if len(joined) > MAX_JOINED:
            return None
        if _payload(_decode(joined)):
            return members
    return None


def _decode(text: str) -> str | None:
    """``text`` decoded from base64 when that gives printable UTF-8, else None."""
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        decoded = data.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() or c in "\n\t\r" for c in decoded)
    return decoded if decoded and printable == len(decoded) else None


def _payload(text: str | None) -> bool:
    return text is not None and bool(_FETCH.search(text)) and bool(_RUN.search(text))


def _report(
    skills: Sequence[tuple[SkillReport, Traces]], members: list[int], decoded: str
) -> Iterator[tuple[int, Finding]]:
    names = ", ".join(f"`{skills[m][0].name}`" for m in members)
    shown = " ".join(decoded.split())[:120]
    for member in members:
        place = skills[member][1].fragments[0][1]
        related = [
            (skills[m][1].fragments[0][1].span, f"the piece in skill `{skills[m][0].name}`")
            for m in members
            if m != member
        ]
        message = (
            f"holds a piece of a payload split over {len(members)} skills ({names}): joined in "
            f"that order they decode from base64 to `{shown}`"
        )
        yield member, found_at(META, place, message, Channel.MALICIOUS, related)
