"""RK216: one skill writes a file that another skill executes or sources.

Alone, each half is ordinary (a skill saves a helper; a skill runs a helper); together they
are a channel for code that no single skill's review shows. A pair is reported in both skills,
each finding naming the other's place. Malicious when what is written was fetched or decoded,
or lands in a temporary folder (where nobody looks); a risky construct otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from skillc.scan.model import Channel, Dimension, Finding, RuleMeta, SkillReport
from skillc.scan.rules.composition import found_at
from skillc.scan.traces import Traces

META = RuleMeta(
    code="RK216",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 4), (Dimension.PRIVILEGE, 2)),
    owasp="AST06",
    skillscan="supply chain",
)

_FETCHED = re.compile(r"\b(?:curl|wget|base64|b64decode|atob|fromCharCode|urlopen|fetch)\b|://")
_HIDDEN = re.compile(r"^/(?:tmp|var/tmp|dev/shm)/|/\.[^/]+$")
#: The shell's startup files: hidden by name, but where every guide tells a user to export a
#: variable, and which every shell runs. A skill appending ``export HF_TOKEN=...`` to
#: ``~/.bashrc`` beside one that says ``source ~/.bashrc`` is not a concealed channel
#: (npm's claude-code-skills: eight such pairs made their skills "malicious").
_SHELL_STARTUP = re.compile(
    r"^~/\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv)$"
)


def check_skills(skills: Sequence[tuple[SkillReport, Traces]]) -> Iterator[tuple[int, Finding]]:
    """Every (writer, runner) pair of different skills sharing a path; once per pair and path.
    A skill that writes and runs the same path itself is complete on its own (its own rules
    judge it), so it takes part in no pair for that path."""
    writes = [{path for path, _ in traced.writes} for _, traced in skills]
    runners: dict[str, list[int]] = {}
    for index, (_, traced) in enumerate(skills):
        for path, _place in traced.runs:
            if path not in writes[index] and index not in runners.setdefault(path, []):
                runners[path].append(index)
    runs = {path for path, found in runners.items() if found}
    own = [{p for p, _ in traced.runs} for _, traced in skills]
    seen: set[tuple[int, int, str]] = set()
    for writer, (report, traced) in enumerate(skills):
        for path, wrote in traced.writes:
            if path not in runs or path in own[writer]:
                continue
            for runner in runners[path]:
                if runner == writer or (writer, runner, path) in seen:
                    continue
                seen.add((writer, runner, path))
                other, other_traces = skills[runner]
                ran = next(p for q, p in other_traces.runs if q == path)
                how = _why_hidden(wrote.line, path)
                channel = Channel.MALICIOUS if how else Channel.RISKY
                yield (
                    writer,
                    found_at(
                        META,
                        wrote,
                        f"writes `{path}`, which skill `{other.name}` executes{how}",
                        channel,
                        [(ran.span, f"skill `{other.name}` executes `{path}` here")],
                    ),
                )
                yield (
                    runner,
                    found_at(
                        META,
                        ran,
                        f"executes `{path}`, which skill `{report.name}` writes{how}",
                        channel,
                        [(wrote.span, f"skill `{report.name}` writes `{path}` here")],
                    ),
                )


def _why_hidden(line: str, path: str) -> str:
    """Why the pair is more than a shared helper, as a message suffix (``""``: it is not)."""
    if _FETCHED.search(line):
        return " (what is written was fetched or decoded)"
    if _HIDDEN.search(path) and not _SHELL_STARTUP.match(path):
        return " (in a temporary folder or a hidden file)"
    return ""
