"""Prune a SKILL.md body inside its paragraphs: filler sentences, repeated sentences, wordy
phrases and tables of contents, never an actionable item.

compress-body removes and moves whole blocks; SkillReducer goes further and rewrites inside
sentences with a model. Without one, this step does the part of that rewriting a fixed rule can
prove safe, on the spliced SKILL.md text (like `reflow`), each change reported:

- **a table of contents** (SK083): a list of at least three items, each only a link to a heading
  of the page (``- [Setup](#setup)``) and none read as an item (an entry "Important notes" is
  a constraint to the no-loss check); the headings are in the body already. A "Contents"
  heading left with nothing under it goes with it.
- **filler sentences** (SK082) of a paragraph outside lists and quotes: talk about the document
  ("In this section we will...", "This guide explains...", "The following examples show...",
  "Let's get started.", "Happy coding!"), unless it leads into what follows (ends with ``:``).
- **repeated sentences** (SK082): a sentence of eight words or more whose word trigrams are at
  least `NEAR_REPEAT` alike with an earlier sentence of the body (a restated rule, a summary
  that repeats a section).
- **wordy phrases** (SK084): "in order to" -> "to", "due to the fact that" -> "because", an
  opening "Basically,", "As you can see," or "As mentioned above,", and "simply" before a
  word.

A sentence is removed, and a phrase shortened, only in text that holds no actionable item
(`skillc.passes.actionable`: no command, code, constraint, URL, path or number) or when the
paragraph's items read exactly the same after: a constraint ("You must ...") is compared word
for word, so it is never rewritten. A list item is never emptied. Code (fenced or indented),
HTML, headings, tables, block quotes and front matter are never touched. Deterministic and
linear in the text: one markdown-it block parse, one pass over the paragraphs, repeated
sentences found through a trigram index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.compiler.optimize.reflow import PARSER, joins, quoted_blocks
from skillc.diagnostics import Diagnostic, Severity
from skillc.diagnostics.span import Span
from skillc.package.reader import package_from_texts
from skillc.passes.actionable import markdown_items

#: Word-trigram similarity (Jaccard) from which a sentence repeats an earlier one.
NEAR_REPEAT = 0.7
#: Shorter sentences are too common to call repeats ("Run the tests.").
MIN_REPEAT_WORDS = 8
#: A trigram held by more sentences than this is too common to find a repeat through.
MAX_POSTINGS = 32
#: A list is a table of contents from this many anchor-link items.
MIN_TOC_ITEMS = 3

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_\"'`(\[])")
_WORD = re.compile(r"[^\W_]+")
#: A list marker (and a checkbox) that opens a list item's first line.
_MARKER = re.compile(r"^\s*(?:(?:[-+*]|\d+[.)])\s+)+(?:\[[ xX]\]\s+)?")
_TOC_ITEM = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+\[[^\]]+\]\(#[^)\s]+\)\s*$")
_TOC_HEADING = re.compile(r"^#{1,6}\s+(?:table of contents|contents|toc|目录)\s*#*\s*$", re.I)
_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
#: Sentences about the document rather than the task.
_FILLER = re.compile(
    r"^[*_]*(?:"
    r"in this (?:section|guide|document|tutorial|article|skill|page|file)\b"
    r"|this (?:section|guide|document|tutorial|article|page|file) (?:will )?"
    r"(?:describ|explain|cover|show|walk|outline|introduc|present|contain|give)\w*\b"
    r"|the following (?:sections?|examples?|steps|table|list|paragraphs?) (?:will )?"
    r"(?:describ|explain|show|cover|outline|illustrat|walk)\w*\b"
    r"|(?:now,? )?let(?:'|’)?s (?:get started|begin|dive|start|take a look|look|see|explore)\b"
    r"|let us (?:begin|start|look|see|explore)\b"
    r"|we will (?:now )?(?:look|cover|discuss|explore|walk|see|go)\b"
    r"|(?:i )?hope (?:this|it|that) helps\b|happy (?:coding|hacking|building)\b"
    r"|that(?:'|’)?s (?:it|all)[.!]|good luck[.!]|have fun[.!]|enjoy[.!]"
    r"|as (?:mentioned|described|noted|discussed|stated) (?:above|earlier|before|previously)[.!]"
    r")",
    re.IGNORECASE,
)
#: Wordy phrases and what they mean in fewer words (case kept from the first letter).
_WORDY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bin order to\b", re.I), "to"),
    (re.compile(r"\bdue to the fact that\b", re.I), "because"),
    (re.compile(r"\bin the event that\b", re.I), "if"),
    (re.compile(r"\bfor the purpose of\b", re.I), "for"),
    (re.compile(r"\bat this point in time\b", re.I), "now"),
    (re.compile(r"\b(?:is|are) able to\b", re.I), "can"),
    (re.compile(r"\bprior to\b", re.I), "before"),
    (re.compile(r"\bit is worth (?:noting|mentioning) that\s+", re.I), ""),
    (
        re.compile(
            r"^(?:basically|essentially|obviously|of course|as you can see|needless to say"
            r"|as (?:mentioned|described|noted|discussed|stated) (?:above|earlier|before)),\s+",
            re.I,
        ),
        "",
    ),
    (re.compile(r"\b(?:simply|basically)\s+(?=[a-z])", re.I), ""),
)
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


@dataclass(frozen=True, slots=True)
class Pruned:
    """One change: the line of SKILL.md it was on (1-based), its code, what went and why."""

    line: int
    code: str
    text: str
    why: str


def prune_document(text: str) -> tuple[str, list[Pruned]]:
    """A SKILL.md ``text`` with its body pruned (front matter as it was), and the changes."""
    offset = package_from_texts("skill", {"SKILL.md": text}).body_offset
    first = text.count("\n", 0, offset)
    body, changes = prune(text[offset:])
    moved = [Pruned(c.line + first, c.code, c.text, c.why) for c in changes]
    return text[:offset] + body, moved


def prune(body: str) -> tuple[str, list[Pruned]]:
    """``body`` (Markdown without front matter) pruned, and each change; unchanged when it
    holds a carriage return (line maps would shift).

    >>> prune("In this section we will set it up. Run `make` first.\\n")[0]
    'Run `make` first.\\n'
    """
    if "\r" in body:
        return body, []
    lines = body.split("\n")
    changes: list[Pruned] = []
    dropped: set[int] = set()
    replaced: dict[int, str] = {}
    seen = _Seen()
    for token, quoted, listed in quoted_blocks(PARSER.parse(body)):
        if quoted or token.map is None:
            continue
        start, end = token.map
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if not listed and _is_toc(lines[start:end]):
                dropped.update(range(start, end))
                changes.append(Pruned(start + 1, "SK083", lines[start].strip(), "contents"))
            continue
        if token.type != "paragraph_open" or start in dropped:
            continue
        edited = _paragraph(lines, start, end, listed, seen, changes)
        if edited is None:
            continue
        dropped.update(range(start + 1, end))
        if edited:
            replaced[start] = edited
        else:
            dropped.add(start)
    _drop_empty_toc_headings(lines, dropped, changes)
    return _rebuild(lines, dropped, replaced), sorted(changes, key=lambda c: c.line)


class _Seen:
    """The sentences kept so far, indexed by word trigram, to find repeats in linear time:
    candidates come through trigrams held by at most `MAX_POSTINGS` sentences (a commoner one
    identifies nothing), then each candidate is compared whole."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, ...], list[int]] = {}
        self.grams: list[frozenset[tuple[str, ...]]] = []
        self.lines: list[int] = []

    def repeat_of(self, grams: frozenset[tuple[str, ...]]) -> int:
        """The line of an earlier sentence ``grams`` is a near repeat of, or 0."""
        candidates: set[int] = set()
        for gram in grams:
            others = self.index.get(gram, ())
            if len(others) <= MAX_POSTINGS:
                candidates.update(others)
        for other in sorted(candidates):
            common = len(grams & self.grams[other])
            if common / (len(grams) + len(self.grams[other]) - common) >= NEAR_REPEAT:
                return self.lines[other]
        return 0

    def add(self, grams: frozenset[tuple[str, ...]], line: int) -> None:
        number = len(self.grams)
        self.grams.append(grams)
        self.lines.append(line)
        for gram in grams:
            self.index.setdefault(gram, []).append(number)


def _trigrams(sentence: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(sentence.casefold())
    if len(words) < MIN_REPEAT_WORDS:
        return frozenset()
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def _paragraph(
    lines: list[str],
    start: int,
    end: int,
    listed: bool,
    seen: _Seen,
    changes: list[Pruned],
) -> str | None:
    """The paragraph at ``lines[start:end]`` as one pruned line ("" when all of it went), or
    ``None`` when it stays as written."""
    if any(not joins(lines[i - 1], lines[i]) for i in range(start + 1, end)):
        return None  # a hard break or a CJK line end: leave the paragraph's lines alone
    first = lines[start]
    marker = _MARKER.match(first) if listed else None
    prefix = marker.group(0) if marker else first[: len(first) - len(first.lstrip())]
    text = " ".join(
        [first[len(prefix) :].strip(), *(lines[i].strip() for i in range(start + 1, end))]
    )
    kept: list[str] = []
    notes: list[Pruned] = []
    for sentence in _SENTENCE.split(text):
        why = _removable(sentence, listed, seen, start + 1)
        if why:
            notes.append(Pruned(start + 1, "SK082", sentence, why))
            continue
        kept.append(_shorten(sentence, start + 1, notes))
    if (not kept and listed) or (not notes):
        return None
    new = " ".join(kept)
    if markdown_items(prefix + new) != markdown_items(prefix + text):
        return None  # cannot happen by construction; never risk an item
    changes.extend(notes)
    return prefix + new if new else ""


def _removable(sentence: str, listed: bool, seen: _Seen, line: int) -> str:
    """Why ``sentence`` may go ("filler", "repeats line N"), or ``""``; sentences that stay
    are remembered for later repeats."""
    if markdown_items(sentence):
        return ""
    grams = _trigrams(sentence)
    if not listed and _FILLER.match(sentence) and not sentence.rstrip().endswith(":"):
        return "filler"
    if grams:
        earlier = seen.repeat_of(grams)
        if earlier and not listed:
            return f"repeats line {earlier}"
        seen.add(grams, line)
    return ""


def _shorten(sentence: str, line: int, notes: list[Pruned]) -> str:
    """``sentence`` with its wordy phrases shortened (outside code spans), when its items read
    the same after."""
    pieces: list[str] = []
    found: list[str] = []
    done = 0
    for span in _CODE_SPAN.finditer(sentence):
        pieces += [_rewrite(sentence[done : span.start()], not pieces, found), span.group(0)]
        done = span.end()
    pieces.append(_rewrite(sentence[done:], not pieces, found))
    result = "".join(pieces)
    if result == sentence or markdown_items(result) != markdown_items(sentence):
        return sentence
    notes.append(Pruned(line, "SK084", sentence, ", ".join(found)))
    return result


def _rewrite(text: str, opening: bool, found: list[str]) -> str:
    """``text`` with the `_WORDY` phrases shortened, each change added to ``found``; an
    opening phrase only when ``text`` opens the sentence, the word after it capitalised."""
    for pattern, replacement in _WORDY:
        if pattern.pattern.startswith("^"):
            match = pattern.match(text) if opening else None
            if match:
                found.append(f"{match.group(0).strip()!r} dropped")
                text = text[match.end() :][:1].upper() + text[match.end() :][1:]
            continue
        pieces, done = [], 0
        for match in pattern.finditer(text):
            said = repr(replacement) if replacement else "dropped"
            found.append(f"{match.group(0).strip()!r} -> {said}")
            pieces += [text[done : match.start()], _cased(match.group(0), replacement)]
            done = match.end()
        text = "".join(pieces) + text[done:]
    return text


def _cased(found: str, replacement: str) -> str:
    """``replacement`` in the case of what it replaces ("In order to" -> "To")."""
    if replacement and found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _is_toc(lines: Sequence[str]) -> bool:
    items = [line for line in lines if line.strip()]
    if len(items) < MIN_TOC_ITEMS or not all(_TOC_ITEM.match(line) for line in items):
        return False
    return not markdown_items("\n".join(items))


def _drop_empty_toc_headings(lines: list[str], dropped: set[int], changes: list[Pruned]) -> None:
    """A "Contents" heading whose section was only the table of contents goes with it."""
    for number, line in enumerate(lines):
        if number in dropped or not _TOC_HEADING.match(line):
            continue
        following = next(
            (i for i in range(number + 1, len(lines)) if i not in dropped and lines[i].strip()),
            None,
        )
        stop = len(lines) if following is None else following
        emptied = any(i in dropped for i in range(number + 1, stop))
        if emptied and (following is None or _HEADING.match(lines[following])):
            dropped.add(number)
            changes.append(Pruned(number + 1, "SK083", line.strip(), "contents heading"))


def _rebuild(lines: list[str], dropped: set[int], replaced: dict[int, str]) -> str:
    """The lines kept, replaced ones swapped in, no run of blank lines left where one went."""
    out: list[str] = []
    gap = False
    for number, line in enumerate(lines):
        if number in dropped:
            gap = True
            continue
        line = replaced.get(number, line)
        if gap and not line.strip() and (not out or not out[-1].strip()):
            continue
        gap = False
        out.append(line)
    return "\n".join(out)


_WHAT = {
    "SK082": "removed a sentence ({why})",
    "SK083": "removed a table of contents ({why})",
    "SK084": "shortened wordy phrases ({why})",
}


def pruned_diagnostics(path: str, original: str, changes: Sequence[Pruned]) -> list[Diagnostic]:
    """One INFO diagnostic per change, at the line of ``original`` (the input SKILL.md) where
    the changed text starts (found by its first words; the change's own line is in the
    pruned text, which splicing has shifted)."""
    notes = []
    for change in changes:
        line = _input_line(original, change.text)
        span = Span(source=path, line=line, col=1, end_line=line, end_col=1, start=0, end=0)
        quote = change.text if len(change.text) <= 80 else change.text[:77] + "..."
        message = f"{_WHAT[change.code].format(why=change.why)}: {quote!r}"
        notes.append(
            Diagnostic(
                code=change.code,
                message=message,
                severity=Severity.INFO,
                span=span if line else None,
                path=path,
            )
        )
    return notes


def _input_line(original: str, text: str) -> int:
    """The 1-based line of ``original`` where ``text``'s first words are, or 0."""
    words = text.split()[:6]
    if not words:
        return 0
    found = re.search(r"\s+".join(re.escape(w) for w in words), original)
    return original.count("\n", 0, found.start()) + 1 if found else 0
