"""A contents list for a long reference file that has no headings: its landmarks, by line.

Why: a reference file over 100 lines needs a table of contents at its top (Anthropic's
guidance; lint's PK304), and the layout writes one from the file's headings. Many moved sections
have none below their title: a PDF section whose subheadings were plain lines, a Sphinx section
of examples, a DocBook chapter whose examples are titled by bold lines. Their contents list names
what sits where instead, with the line, so an agent that previews the top of the file can read
just the stretch it needs (``Read`` with an offset, ``sed -n``): title-like short lines first,
then the first line of a code block, then the start of a paragraph, list or table.

Guarantees: pure and deterministic; at most `MAX_ENTRIES` entries, at most one per equal stretch
of the file, in file order; the line numbers are those of the file the caller lays out with the
list on top (`contents_lines` says how many lines the list takes); no entry is a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.ir.inline import link_texts, unmarked
from skillc.ir.nodes import Code, ContentBlock, ListBlock, Prose, Table

#: The most entries a contents list of landmarks holds.
MAX_ENTRIES = 12
#: About one entry per this many lines of the file, up to `MAX_ENTRIES`.
LINES_PER_ENTRY = 30
#: A paragraph this short that does not end a sentence reads as a title.
_TITLE_WORDS = 10
_LABEL_CHARS = 72
# A top-level list item or a table row as rendered (``- x``, ``12. x``, ``| a | b |``).
_ITEM = re.compile(r"^(?:[-*+] |\d+[.)] |\|(?! *:?-{3}))(.*)$")


def entry_count(body_lines: int) -> int:
    """How many entries the list of a file of ``body_lines`` lines holds at most."""
    return max(1, min(MAX_ENTRIES, -(-body_lines // LINES_PER_ENTRY)))


def contents_lines(entries: int) -> int:
    """Lines the list takes on top of the body: the heading, a blank, the entries, a blank."""
    return entries + 3 if entries else 0


def landmarks_contents(body: str, blocks: Sequence[tuple[int, ContentBlock]], above: int) -> str:
    """``## Contents`` naming the landmarks of ``body`` (``(offset, block)`` pairs in order),
    each with its line in the file, where ``above`` lines precede the list; ``""`` for none."""
    total = body.count("\n") + 1
    wanted = entry_count(total)
    span = -(-total // wanted)
    chosen: dict[int, tuple[int, int, str]] = {}  # stretch -> (rank, line, label)
    for offset, block in blocks:
        for at, rank, label in _landmarks(body, offset, block):
            line = body.count("\n", 0, at) + 1
            stretch = (line - 1) // span
            if stretch not in chosen or rank < chosen[stretch][0]:
                chosen[stretch] = (rank, line, label)
    if not chosen:
        return ""
    first_body_line = above + contents_lines(len(chosen)) + 1
    lines = ["## Contents", ""]
    lines += [
        f"- Line {first_body_line + line - 1}: {label}"
        for _, line, label in (chosen[k] for k in sorted(chosen))
    ]
    return "\n".join(lines) + "\n\n"


def _landmarks(body: str, offset: int, block: ContentBlock) -> list[tuple[int, int, str]]:
    """``(offset, rank, label)`` of the block, or of each item of a list or row of a table (a
    long split list is often all a file holds: its items are the landmarks)."""
    if isinstance(block, ListBlock | Table):
        end = body.find("\n\n", offset)
        text = body[offset : len(body) if end < 0 else end]
        found = []
        at = offset
        for line in text.splitlines(keepends=True):
            item = _ITEM.match(line)
            if item and item.group(1).strip():
                found.append((at, 3, _cut(_plain(item.group(1).strip(" |")))))
            at += len(line)
        return found
    landmark = _landmark(block)
    return [(offset, *landmark)] if landmark else []


def _landmark(block: ContentBlock) -> tuple[int, str] | None:
    """The block's rank as a landmark (lower is better) and its label, or None."""
    if isinstance(block, Prose):
        text = _plain(block.text)
        if not text:
            return None
        bold = block.text.startswith("**") and block.text.rstrip().endswith("**")
        if bold or (len(text.split()) <= _TITLE_WORDS and text[-1] not in ".:;,?!"):
            return 0, _cut(text)
        return 2, _cut(text)
    if isinstance(block, Code):
        first = next((ln.strip() for ln in block.text.splitlines() if ln.strip()), "")
        return (1, _code(_cut(first))) if first else None
    return None


def _plain(text: str) -> str:
    """Inline Markdown as plain words: links as their text, no code or emphasis marks."""
    return unmarked(link_texts(text)).strip("*_ ").replace("<", "\\<").replace("[", "\\[")


def _cut(text: str) -> str:
    """``text`` shortened at a word to about `_LABEL_CHARS` characters."""
    text = " ".join(text.split())
    if len(text) <= _LABEL_CHARS:
        return text
    head = text[:_LABEL_CHARS]
    cut = head.rfind(" ")
    return (head[:cut] if cut > _LABEL_CHARS // 2 else head) + " …"


def _code(text: str) -> str:
    """``text`` as a code span that its own backticks cannot close."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
