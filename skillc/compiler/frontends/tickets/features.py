"""What a ticket's problem is, as features to compare: error strings, stack frames, title words
and labels.

Why these: two reports of one problem rarely share wording, but they share the error a user
pasted (``ConnectionError: ('Connection aborted.', ...)``), the frames of its traceback and the
words of its title; labels say which part of the product it is. Error messages are
normalised (numbers, hex ids, quoted values and placeholders become tokens) so reports of one
error with different values compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from skillc.compiler.frontends.tickets.model import Ticket

__all__ = ["Features", "error_lines", "features"]

#: ``SomeError: message`` / ``pkg.mod.SomeException: message`` (Python, Java, JS), ``error: ...``
#: / ``fatal: ...`` (CLI tools), ``E   AssertionError`` (pytest).
_ERROR = re.compile(
    r"(?m)^[ \t>E]*(?P<error>(?:[\w.]*\.)?(?P<cls>[A-Z]\w*(?:Error|Exception|Warning|Fault))"
    r"(?::[ \t]*(?P<message>[^\n]{0,600}))?)[ \t]*$"
    r"|^[ \t>]*(?P<tool>(?:error|fatal|ERROR|FATAL|panic)(?:\[\w+\])?:[ \t]*[^\n]{3,200})$"
)
_PY_FRAME = re.compile(r'File "(?:[^"\n]*/)?(?P<file>[^"/\n]+)", line \d+, in (?P<fn>[\w<>.]+)')
_JAVA_FRAME = re.compile(r"\bat (?:[\w$]+\.)*(?P<fn>[\w$<>]+)\((?P<file>[\w$.]+)(?::\d+)?\)")
_JS_FRAME = re.compile(r"\bat (?P<fn>[\w$.<>]+) \((?:[^()\n]*/)?(?P<file>[^/():\n]+):\d+:\d+\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,}")
# Quoted values are volatile unless they are one identifier ('NoneType', 'get'), which names
# what failed and tells two errors of one class apart.
_VOLATILE = re.compile(
    r"<(?:[A-Z]+-)+\d+>|0x[0-9a-fA-F]+|\b[0-9a-f]{7,}\b|'(?![A-Za-z_]\w*')[^'\n]*'"
    r"|\"(?![A-Za-z_]\w*\")[^\"\n]*\"|\d+(?:\.\d+)*"
)
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "not",
        "but",
        "are",
        "was",
        "were",
        "when",
        "this",
        "that",
        "from",
        "into",
        "have",
        "has",
        "had",
        "can",
        "cannot",
        "does",
        "doesn't",
        "don't",
        "did",
        "how",
        "what",
        "why",
        "which",
        "while",
        "who",
        "will",
        "would",
        "should",
        "could",
        "there",
        "their",
        "them",
        "then",
        "than",
        "its",
        "it's",
        "issue",
        "issues",
        "problem",
        "problems",
        "error",
        "errors",
        "bug",
        "bugs",
        "using",
        "use",
        "used",
        "get",
        "gets",
        "got",
        "after",
        "before",
        "about",
        "also",
        "any",
        "all",
        "some",
        "more",
        "most",
        "other",
        "only",
        "just",
        "like",
        "make",
        "made",
        "new",
        "version",
        "versions",
        "work",
        "works",
        "working",
        "fails",
        "failed",
        "failing",
        "fail",
        "support",
        "add",
        "adds",
        "added",
        "please",
        "thanks",
        "thank",
        "able",
        "unable",
        "should",
        "need",
        "needs",
        "via",
        "out",
        "our",
        "your",
        "you",
        "yet",
        "one",
        "two",
    ]
)


@dataclass(frozen=True, slots=True)
class Features:
    """A ticket's features, each a ``kind:value`` string, with a weight per kind."""

    errors: tuple[str, ...]
    items: frozenset[str]


#: How much a shared feature of each kind says about two tickets having one problem.
WEIGHTS = {"e": 3.0, "m": 2.0, "f": 1.5, "t": 1.0, "l": 0.5}


def error_lines(text: str) -> list[str]:
    """The error strings in ``text``, as written (placeholders kept), in order, unique.

    >>> error_lines("boom\\nrequests.exceptions.SSLError: bad handshake\\n")
    ['requests.exceptions.SSLError: bad handshake']
    """
    found: dict[str, None] = {}
    for match in _ERROR.finditer(text):
        value = (match.group("error") or match.group("tool") or "").strip()[:300]
        if value and "Traceback" not in value:
            found.setdefault(value, None)
    return list(found)


def normalised(error: str) -> str:
    """An error string with its volatile parts (numbers, ids, quoted values) replaced.

    >>> normalised("KeyError: 'x-ratelimit' at 0x7f3a, not 'etag'")
    "KeyError: _ at _, not 'etag'"
    """
    return " ".join(_VOLATILE.sub("_", error).split())


def features(ticket: Ticket) -> Features:
    """The features of ``ticket``: from its title, body and comments, and labels."""
    text = "\n".join([ticket.title, ticket.body, *(c.text for c in ticket.comments)])
    errors = error_lines("\n".join([ticket.title, ticket.body]))
    items: set[str] = set()
    for error in error_lines(text):
        cls = error.split(":", 1)[0].rsplit(".", 1)[-1].strip()
        items.add(f"e:{cls.lower()}")
        items.update(f"m:{s}" for s in _shingles(normalised(error)))
    items.update(f"f:{frame}" for frame in _frames(text))
    items.update(f"t:{word}" for word in _words(ticket.title))
    items.update(f"l:{label.lower()}" for label in ticket.labels)
    return Features(errors=tuple(errors), items=frozenset(items))


def _shingles(message: str) -> Iterable[str]:
    """Word 3-shingles of a normalised error message (the message itself when shorter)."""
    words = [w.lower() for w in message.split() if w != "_"]
    if len(words) <= 3:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]


def _frames(text: str) -> set[str]:
    found: set[str] = set()
    for regex in (_PY_FRAME, _JAVA_FRAME, _JS_FRAME):
        for match in regex.finditer(text):
            found.add(f"{match.group('file')}:{match.group('fn')}")
    return found


def _words(title: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_VOLATILE.sub(" ", title)) if w.lower() not in _STOP}
