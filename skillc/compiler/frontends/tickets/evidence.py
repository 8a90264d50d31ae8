"""What a ticket's comments say to do: diagnosis checks, resolution steps, escalation.

Grounded, not guessed: every item is a sentence or code block written in the ticket (redacted),
kept as written, with where it came from (`Cite`: the ticket and the comment number, 0 for the
ticket's own text). Nothing is paraphrased.

- **Checks** are sentences that ask for or run a diagnosis: "Check ...", "Verify ...", "Make
  sure ...", "Can you run ...", "What version of ...", "Are you behind a proxy?", written by
  the people who answer (see resolution steps), not by the reporter.
- **Resolution steps** come only from resolved tickets, from comments by the product's people
  (maintainers, agents), or by anyone on a ticket no such person answered: instructions (a
  sentence opening with an imperative verb, or "If X, do Y"), statements of the fix ("fixed
  in 2.3", "the solution is ..."), and the code blocks of those comments. A resolved ticket's
  own report contributes only its statements of a fix or workaround (its imperatives are
  what the reporter asked for, not what solved it).
- **Escalation** conditions are sentences that say when to go further: "If it still fails
  ...", "please open a new issue", "contact support".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillc.compiler.frontends.guide.classify import clause_instruction, imperative
from skillc.compiler.frontends.tickets.model import STAFF_ROLES, Ticket

__all__ = ["Cite", "Evidence", "Item", "evidence"]

_FENCE = re.compile(r"(?ms)^[ \t]*(```+|~~~+)[^\n]*\n(?P<code>.*?)^[ \t]*\1[ \t]*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(])")
_CHECK = re.compile(
    r"^(?:please\s+)?(?:check|verify|confirm|make sure|ensure|double-check|look at|try running"
    r"|can you (?:run|try|check|share|post|confirm|tell)|could you (?:run|try|check|share|post"
    r"|confirm|tell)|what (?:version|does|is the output)|which version|are you (?:using|behind"
    r"|running)|do you (?:have|use|see|get)|does (?:it|this) (?:work|happen))\b",
    re.IGNORECASE,
)
_FIX = re.compile(
    r"\b(?:fixed (?:in|by|with)|resolved (?:in|by|with)|released (?:in|as)|the (?:fix|solution"
    r"|workaround) (?:is|was)|workaround:|you (?:need|have) to|you should|you can fix"
    r"|(?:up|down)grad(?:e|ing)(?: [\w.-]+)? to|pin(?:ning)? [\w.-]+ to)\b",
    re.IGNORECASE,
)
_ESCALATE = re.compile(
    r"\b(?:if (?:it|this|that|the (?:problem|issue|error)) (?:still|persists|continues|recurs)"
    r"|if (?:that|this) (?:does not|doesn't) (?:help|work|fix)|(?:open|file|report) a (?:new )?"
    r"(?:issue|ticket|bug)|contact (?:support|us|the)|escalat\w+|reopen)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(?s)<!--.*?-->")
_QUOTE = re.compile(r"(?m)^[ \t]*>.*$")
_MAX_SENTENCE = 400


@dataclass(frozen=True, slots=True, order=True)
class Cite:
    """Where an item came from: ticket index in the build, the ticket's key and comment
    number (0: the ticket's own text), and the line in its source."""

    ticket: int
    key: str
    comment: int
    line: int
    source: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One sentence or code block, as written, with its citation; ``code`` for code blocks."""

    text: str
    cite: Cite
    code: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything one ticket contributes to its cluster's skill."""

    checks: tuple[Item, ...]
    steps: tuple[Item, ...]
    escalation: tuple[Item, ...]


def evidence(ticket: Ticket, index: int) -> Evidence:
    """The checks, resolution steps and escalation conditions ticket ``ticket`` (number
    ``index`` of the build) holds."""
    checks: list[Item] = []
    steps: list[Item] = []
    escalation: list[Item] = []
    if ticket.resolved:  # a report that states its own fix or workaround ("Workaround: ...")
        prose, _ = _split(ticket.body)
        cite = Cite(index, ticket.key, 0, ticket.line)
        steps += [Item(s, cite) for s in _sentences(prose) if _FIX.search(s) and _is_step(s)]
    for comment in ticket.comments:
        cite = Cite(index, ticket.key, comment.number, comment.line, comment.source)
        prose, codes = _split(comment.text)
        sentences = _sentences(prose)
        if _answers(ticket, comment.author_role):  # asked by the people who answer
            checks += [Item(s, cite) for s in sentences if _CHECK.match(s)]
        escalation += [Item(s, cite) for s in sentences if _ESCALATE.search(s)]
        if ticket.resolved and comment.resolution:  # the export's resolution field, whole
            steps += [Item(s, cite) for s in sentences if not s.rstrip().endswith("?")]
            steps += [Item(code, cite, code=True) for code in codes]
        elif ticket.resolved and _answers(ticket, comment.author_role):
            steps += [
                Item(s, cite)
                for s in sentences
                if _is_step(s) and not _CHECK.match(s) and not _ESCALATE.search(s)
            ]
            steps += [Item(code, cite, code=True) for code in codes]
    return Evidence(tuple(checks), tuple(steps), tuple(escalation))


def _answers(ticket: Ticket, role: str) -> bool:
    """Whether a comment by ``role`` may hold the resolution: the product's people always;
    the reporter or others only on tickets with no staff comment (a helpdesk's own answer)."""
    if role in STAFF_ROLES:
        return True
    return not any(c.author_role in STAFF_ROLES for c in ticket.comments)


def _is_step(sentence: str) -> bool:
    if sentence.rstrip().endswith("?"):
        return False  # a question asks; it does not resolve
    return bool(imperative(sentence) or clause_instruction(sentence) or _FIX.search(sentence))


def _split(text: str) -> tuple[str, list[str]]:
    """``text`` without its fenced code blocks, quoted lines and HTML comments (issue
    templates' instructions), and the code blocks."""
    codes = [m.group("code").rstrip("\n") for m in _FENCE.finditer(text)]
    prose = _QUOTE.sub("", _FENCE.sub("\n", _COMMENT.sub("", text)))
    return prose, [c for c in codes if c.strip()]


def _sentences(prose: str) -> list[str]:
    """Sentences of ``prose``, paragraph by paragraph, whitespace collapsed; list markers
    dropped; overlong ones (a pasted log) left out."""
    found: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", prose):
        for line_group in re.split(r"\n(?=[ \t]*(?:[-*+]|\d+[.)])[ \t])", paragraph):
            flat = " ".join(line_group.split())
            flat = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", flat)
            for sentence in _SENTENCE.split(flat):
                sentence = sentence.strip()
                if 8 <= len(sentence) <= _MAX_SENTENCE:
                    found.append(sentence)
    return found
