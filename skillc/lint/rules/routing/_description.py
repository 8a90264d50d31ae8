"""Helpers shared by the routing rules: the description as text, positions in it, trigger clauses.

Not a rule module (it is not listed in ``MODULES``). Every routing rule runs only on a package
whose front matter parses and holds a non-empty string ``description`` (`description`); other
shapes are the spec rules' business. Everything here is pure and never raises on a `Package`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from skillc.ir.span import Span
from skillc.lint.rules.spec._values import (
    parsed,
    skill_display,
    skill_text,
    string_field,
    string_value,
)
from skillc.package.model import Field, Package, span_at

#: A *trigger clause*: the words that tell a router when to pick the skill. Any of
#: - "use/used/run/invoke/activate/apply/load/consult", optionally "this/the/it/skill/only/also/
#:   always", then "when/whenever/if/before/after/during/while/for" ("Use when", "Use this
#:   skill whenever", "Use for", "should be used when");
#: - "when(ever) [the/a/an/any]" and a subject: "user(s)/someone/you/Claude/Codex/agent/
#:   assistant/model", or "asked/requested/working/dealing/handling/needed"; or "when(ever)
#:   <verb>ing" ("when the user asks", "When Claude needs", "when editing");
#: - "trigger(s/ed) when/on/by/for/if/whenever", or a "Triggers:" label;
#: - "if the user/you/someone";
#: - "for/handles requests/questions/tasks/queries about/involving/that/related to/on/where/to/
#:   like/such".
TRIGGER = re.compile(
    r"(?i)\b(?:use|used|run|invoke|invoked|activate|activated|apply|load|consult)\b"
    r"(?:\s+(?:this|the|it|skill|only|also|always))*"
    r"\s+(?:when|whenever|if|before|after|during|while|for)\b"
    r"|\bwhen(?:ever)?\s+(?:(?:the|a|an|any)\s+)?"
    r"(?:user|users|someone|you|claude|codex|agent|assistant|model|asked|requested|working"
    r"|dealing|handling|needed)\b"
    r"|\bwhen(?:ever)?\s+[a-z]+ing\b"
    r"|\btrigger(?:s|ed)?(?:\s+(?:when|on|by|for|if|whenever)\b|\s*:)"
    r"|\bif\s+(?:the\s+)?(?:user|you|someone)\b"
    r"|\b(?:for|handles?)\s+(?:any\s+)?(?:requests?|questions?|tasks?|queries)\s+"
    r"(?:about|involving|that|related\s+to|on|where|to|like|such)\b"
)


#: Words nearly every English sentence has; two of them mark a description as English.
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "for",
        "with",
        "when",
        "use",
        "in",
        "on",
        "is",
        "are",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English: at least 90% of its letters are ASCII and it has two
    or more common English words (one, in a text of fewer than 8 words). The trigger, pronoun
    and template lexicons are English, so the rules that use them stay silent on descriptions in
    other languages.

    >>> is_english("Use when the user asks"), is_english("当需要用 x-card 时使用")
    (True, False)
    """
    words = _WORDS.findall(text)
    letters = sum(len(w) for w in words)
    ascii_letters = sum(len(w) for w in words if w.isascii())
    if not letters or ascii_letters < 0.9 * letters:
        return False
    common = sum(w.lower() in _ENGLISH_WORDS for w in words)
    return common >= 2 or (common == 1 and len(words) < 8)


class Description(NamedTuple):
    """A string description: its ``text`` and where it is written in SKILL.md."""

    text: str
    field: Field
    display: str
    source: str

    @property
    def span(self) -> Span:
        """The whole value as written."""
        return self.field.value_span

    def span_of(self, start: int, end: int) -> Span:
        """The file span of ``text[start:end]``, or the whole value when it cannot be located.

        A description's text differs from its source when quotes, escapes or line folding are
        involved, so the piece is looked up in the source: the same occurrence (counting earlier
        ones) as in the text. Exact for plain and quoted one-line values and for pieces that
        do not cross a folded line break.
        """
        piece = self.text[start:end]
        if not piece:
            return self.span
        raw_start = self.field.value_span.start
        raw = self.source[raw_start : self.field.value_span.end]
        index = -1
        for _ in range(self.text.count(piece, 0, start) + 1):
            index = raw.find(piece, index + 1)
            if index < 0:
                return self.span
        begin = raw_start + index
        return span_at(self.display, self.source, begin, begin + len(piece))


def description(pkg: Package) -> Description | None:
    """The package's description when it is a non-empty string of a valid front matter."""
    if not parsed(pkg):
        return None
    field = pkg.front_matter.get("description")
    if field is None:
        return None
    text = string_value(field)
    if text is None or not text.strip():
        return None
    return Description(text=text, field=field, display=skill_display(pkg), source=skill_text(pkg))


def skill_name(pkg: Package) -> str:
    """The front-matter name when it is a string, else the folder name."""
    found = string_field(pkg, "name")
    value = found[1].strip() if found is not None else ""
    return value or pkg.dir_name


def short(text: str, limit: int = 50) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
