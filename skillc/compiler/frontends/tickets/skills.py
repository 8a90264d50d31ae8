"""A cluster of tickets with one problem compiled into a troubleshooting skill (SSL IR).

Shape: symptoms -> diagnosis checks -> resolution steps -> escalation (SkillForge's grounded
troubleshooting skills). The scheduling layer carries the routing: the error strings a user
would paste and the tickets' titles are the triggers and intent signature, and the description
names them. The structural layer has one scene per phase that has steps (Diagnose: VERIFY,
Resolve: ACT, Escalate: RECOVER); the logical layer one step per distinct check, step or
condition. The body says the same in Markdown, every line citing its tickets.

Provenance: a ticket is located as ``<export>#<ticket key>`` and a comment as
``<export>#<ticket key>:c<N>``, at the line the record starts on in the export (the `Span`
source names the ticket, as a PDF span names its page with ``#pN``). A step said in several
tickets is one step citing all of them; steps of different tickets that contradict each other
are both kept and reported (`conflicts`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.frontends.guide.classify import imperative, sentence_scope
from skillc.compiler.frontends.guide.textutil import kebab, upper_snake
from skillc.compiler.frontends.tickets.conflicts import conflicts
from skillc.compiler.frontends.tickets.evidence import Cite, Evidence, Item
from skillc.compiler.frontends.tickets.features import Features
from skillc.compiler.frontends.tickets.model import Ticket
from skillc.compiler.frontends.tickets.redact import PLACEHOLDER
from skillc.ir.nodes import (
    Code,
    ContentBlock,
    ControlFlow,
    Heading,
    ListBlock,
    LogicStep,
    Prose,
    Rule,
    Scene,
    Skill,
)
from skillc.ir.span import Span
from skillc.ir.vocab import ActType, SceneType

__all__ = ["Step", "build_skill", "ticket_span"]

#: Error kinds that say nothing about the problem: the message says it instead.
_GENERIC_ERRORS = frozenset({"error", "fatal", "panic", "e"})
#: The most error strings and titles the description names.
_DESCRIBED = 3
_MAX_DESCRIPTION = 1000


@dataclass(frozen=True, slots=True)
class Step:
    """One distinct item of a phase: its text, whether it is code, and every citation."""

    text: str
    code: bool
    cites: tuple[Cite, ...]


def ticket_span(ticket: Ticket, comment: int = 0, line: int = 0, source: str = "") -> Span:
    """Where ``ticket`` (or its comment ``comment``, read from ``source`` when that is not the
    ticket's export) is: see the module docstring."""
    key = ticket.key.replace("/", "_")
    source = f"{source or ticket.source}#{key}" + (f":c{comment}" if comment else "")
    at = line or ticket.line
    return Span(source=source, line=at, col=1, end_line=at, end_col=1, start=0, end=0)


def merged(items: Sequence[Item]) -> list[Step]:
    """Items with the same text (whitespace and case aside) as one step citing all, ordered by
    how many tickets say it, then first appearance."""
    by_text: dict[tuple[bool, str], list[Item]] = {}
    for item in items:
        by_text.setdefault((item.code, " ".join(item.text.lower().split())), []).append(item)
    steps = [
        Step(found[0].text, found[0].code, tuple(sorted({i.cite for i in found})))
        for found in by_text.values()
    ]
    order = {id(s): n for n, s in enumerate(steps)}
    return sorted(steps, key=lambda s: (-len({c.ticket for c in s.cites}), order[id(s)]))


@dataclass(frozen=True, slots=True)
class Built:
    """A cluster's skill and the conflicts found between its steps (as step texts and cites)."""

    skill: Skill
    conflicts: tuple[tuple[Step, Step, str], ...]


def build_skill(
    tickets: Sequence[Ticket],
    indices: Sequence[int],
    found: Sequence[Features],
    evidence: Sequence[Evidence],
    centre: int,
) -> Built:
    """The troubleshooting skill of the tickets at ``indices`` (their features and evidence
    given by the same indices); ``centre`` is the representative ticket."""
    members = [tickets[i] for i in indices]
    checks = merged([item for i in indices for item in evidence[i].checks])
    steps = merged([item for i in indices for item in evidence[i].steps])
    escalation = merged([item for i in indices for item in evidence[i].escalation])
    errors = _errors(indices, found)
    said = [s for s in steps if not s.code]
    clashes = [
        (said[c.first], said[c.second], c.reason)
        for c in conflicts([(s.text, s.cites[0].ticket) for s in said])
    ]
    topic = _topic(errors, members)
    title = f"Troubleshoot {topic}"
    name = kebab(f"troubleshoot {topic}")[:60].strip("-") or "troubleshoot-tickets"
    blocks = _Blocks(tickets)
    blocks.heading(1, title, members)
    blocks.prose(_summary(members), members)
    blocks.symptoms(members, errors)
    phases = [
        ("Diagnose", SceneType.VERIFY, ActType.VALIDATE, checks),
        ("Resolve", SceneType.ACT, ActType.UPDATE_STATE, steps),
        ("Escalate", SceneType.RECOVER, ActType.TRANSFER, escalation),
    ]
    scenes, logic = _scenes(phases, tickets, blocks)
    if clashes:
        blocks.conflicts(clashes)
    skill = Skill(
        id=f"SKILL_{upper_snake(name)}",
        prov=tuple(ticket_span(t) for t in members),
        skill_name=title,
        skill_goal=f"Diagnoses and resolves {topic}, as {len(members)} tickets did.",
        intent_signature=tuple(dict.fromkeys(t.title for t in members if t.title)),
        tags=tuple(
            label
            for label, _ in Counter(label for t in members for label in t.labels).most_common(5)
        ),
        control_flow_features=ControlFlow(
            has_branch=bool(escalation), has_tool_call=any(s.code for s in steps)
        ),
        entry_scene_id=scenes[0].id if scenes else "",
        subscenes=tuple(s.id for s in scenes),
        name=name,
        description=_description(topic, errors, members, tickets[centre]),
        triggers=tuple(dict.fromkeys([*errors[:5], *(t.title for t in members)]))[:10],
        blocks=tuple(blocks.blocks),
        scenes=tuple(scenes),
        logic_steps=tuple(logic),
    )
    return Built(skill, tuple(clashes))


class _Blocks:
    """Content blocks in body order, numbered ``B1``, ``B2``..."""

    def __init__(self, tickets: Sequence[Ticket]) -> None:
        self.tickets = tickets
        self.blocks: list[ContentBlock] = []

    def _id(self) -> str:
        return f"B{len(self.blocks) + 1}"

    def heading(self, level: int, text: str, members: Sequence[Ticket]) -> None:
        prov = tuple(ticket_span(t) for t in members)
        self.blocks.append(Heading(id=self._id(), prov=prov, level=level, text=_md(text)))

    def prose(self, text: str, members: Sequence[Ticket]) -> None:
        prov = tuple(ticket_span(t) for t in members)
        self.blocks.append(Prose(id=self._id(), prov=prov, text=text))

    def symptoms(self, members: Sequence[Ticket], errors: Sequence[str]) -> None:
        self.heading(2, "Symptoms", members)
        # One line per title: tickets titled alike (a problem reported again) share it.
        keys: dict[str, list[str]] = {}
        for ticket in members:
            if ticket.title:
                keys.setdefault(ticket.title, []).append(ticket.key)
        items = tuple(f"{_md(title)} ({_md(', '.join(k))})" for title, k in keys.items())
        prov = tuple(ticket_span(t) for t in members)
        self.blocks.append(ListBlock(id=self._id(), prov=prov, items=items))
        if errors:
            self.prose("Error messages reported:", members)
            self.blocks.append(
                Code(id=self._id(), prov=prov, text="\n".join(errors), language="text")
            )

    def phase(self, title: str, steps: Sequence[Step]) -> list[Span]:
        spans = [self.span(c) for s in steps for c in s.cites]
        self.blocks.append(Heading(id=self._id(), prov=tuple(spans), level=2, text=title))
        for number, step in enumerate(steps, 1):
            prov = tuple(self.span(c) for c in step.cites)
            where = _cited(step.cites)
            if step.code:
                text = f"{number}. Run or apply ({where}):"
                self.blocks.append(Prose(id=self._id(), prov=prov, text=text))
                self.blocks.append(Code(id=self._id(), prov=prov, text=step.text))
            else:
                text = f"{number}. {_md(step.text)} ({where})"
                self.blocks.append(Prose(id=self._id(), prov=prov, text=text))
        return spans

    def conflicts(self, clashes: Sequence[tuple[Step, Step, str]]) -> None:
        spans = tuple(self.span(c) for a, b, _ in clashes for c in (*a.cites, *b.cites))
        self.blocks.append(Heading(id=self._id(), prov=spans, level=2, text="Conflicting advice"))
        items = tuple(
            f"{_md(a.text)} ({_cited(a.cites)}) contradicts {_md(b.text)} ({_cited(b.cites)})"
            for a, b, _ in clashes
        )
        self.blocks.append(ListBlock(id=self._id(), prov=spans, items=items))

    def span(self, cite: Cite) -> Span:
        return ticket_span(self.tickets[cite.ticket], cite.comment, cite.line, cite.source)


def _scenes(
    phases: Sequence[tuple[str, SceneType, ActType, list[Step]]],
    tickets: Sequence[Ticket],
    blocks: _Blocks,
) -> tuple[list[Scene], list[LogicStep]]:
    scenes: list[Scene] = []
    logic: list[LogicStep] = []
    present = [p for p in phases if p[3]]
    for number, (title, kind, act, steps) in enumerate(present, 1):
        spans = blocks.phase(title, steps)
        ids = [f"L_{len(logic) + n}" for n in range(1, len(steps) + 1)]
        for n, step in enumerate(steps):
            target = ids[n + 1] if n + 1 < len(ids) else "YIELD_SUCCESS"
            verb = imperative(step.text) if not step.code else None
            logic.append(
                LogicStep(
                    id=ids[n],
                    prov=tuple(blocks.span(c) for c in step.cites),
                    act_type=ActType.CALL_TOOL if step.code else (verb[1] if verb else act),
                    resource_scope=sentence_scope(step.text),
                    next_step_rules=(Rule(condition="default", target=target),),
                    text=step.text,
                )
            )
        after = f"S_{number + 1}" if number < len(present) else "END_SUCCESS"
        scenes.append(
            Scene(
                id=f"S_{number}",
                prov=tuple(spans),
                scene_name=title,
                scene_type=kind,
                entry_logic_step_id=ids[0],
                contained_logic_steps=tuple(ids),
                next_scene_rules=(Rule(condition="default", target=after),),
            )
        )
    return scenes, logic


def _errors(indices: Sequence[int], found: Sequence[Features]) -> list[str]:
    """The cluster's error strings, most reported first."""
    counts = Counter(e for i in indices for e in dict.fromkeys(found[i].errors))
    order = {e: n for n, e in enumerate(e for i in indices for e in found[i].errors)}
    return sorted(counts, key=lambda e: (-counts[e], order[e]))


def _topic(errors: Sequence[str], members: Sequence[Ticket]) -> str:
    """What the cluster is about: its most reported error's class, else the words its titles
    share most (or the first title)."""
    if errors:
        kind, _, message = errors[0].partition(":")
        kind = kind.rsplit(".", 1)[-1].strip()
        if kind.lower() not in _GENERIC_ERRORS:
            return kind[:60]
        said = re.findall(r"[A-Za-z][\w.-]*", message)[:5]  # "error: could not lock config"
        if said:
            return " ".join(said)[:60]
    words = Counter(
        w
        for t in members
        for w in dict.fromkeys(re.findall(r"[A-Za-z][\w.-]{2,}", _plain(t.title).lower()))
    )
    common = [w for w, n in words.most_common(3) if n > 1]
    if common:
        return " ".join(common)
    return _plain(members[0].title)[:60] or members[0].key


def _summary(members: Sequence[Ticket]) -> str:
    resolved = sum(t.resolved for t in members)
    keys = ", ".join(_md(t.key) for t in members)
    return (
        f"Compiled from {len(members)} tickets ({resolved} resolved): {keys}. Each step below "
        "names the tickets and comments it comes from."
    )


def _description(
    topic: str, errors: Sequence[str], members: Sequence[Ticket], centre: Ticket
) -> str:
    """ "Troubleshoots X. Use when ..." naming the error strings and titles, no ``<``/``>``."""
    resolved = sum(t.resolved for t in members)
    head = f"Troubleshoots {_plain(topic)}, from {resolved} resolved support tickets."
    titles = [centre.title] + [t.title for t in members if t is not centre]
    quoted = [f'"{_plain(e)}"' for e in [*errors[:_DESCRIBED], *titles[:_DESCRIBED]] if e]
    cues = list(dict.fromkeys(quoted))
    text = head
    for n in range(len(cues)):
        joined = f"{head} Use when seeing or reporting {', '.join(cues[: n + 1])}."
        if len(joined) > _MAX_DESCRIPTION:
            break
        text = joined
    return text


def _plain(text: str) -> str:
    """Text for the description: placeholders without angle brackets, one line."""
    text = PLACEHOLDER.sub(lambda m: m.group()[1:-1], text)
    return " ".join(text.replace("<", "").replace(">", "").split())


def _md(text: str) -> str:
    """Ticket text inside Markdown: placeholders escaped so they do not read as HTML tags."""
    return PLACEHOLDER.sub(lambda m: "\\<" + m.group()[1:-1] + "\\>", text)


def _cited(cites: Sequence[Cite]) -> str:
    """``github3.py#509 comment 2; github3.py#511``: every ticket and comment a step came from."""
    parts = []
    for cite in cites:
        label = _md(cite.key) + (f" comment {cite.comment}" if cite.comment else "")
        if label not in parts:
            parts.append(label)
    return "; ".join(parts)
