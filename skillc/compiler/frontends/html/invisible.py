"""Hidden Unicode a page's text carries without meaning: deleted from the blocks, with SK063.

Why: generated HTML is full of characters nobody sees: soft hyphens (``&shy;``) that hint line
breaks, zero-width spaces that Sphinx and wikis put in long identifiers, word joiners, stray byte
order marks. Passed through, they split words for an agent's search (a soft hyphen inside
"config" makes two words of it) and every emitted file gets RK102 hidden-unicode warnings, so
the library cannot be lint-clean. Only what `skillc.lint.detect.unicode` calls ``removable``
is deleted (deleting it never changes what a reader sees); bidirectional controls and script
format characters stay.

Code too: Javadoc writes a zero-width space before every signature's parenthesis
(``width&#8203;(java.lang.String&nbsp;text)``), a line-break hint; copied into a program, the
identifier is another one. Code is checked against the source (`skillc.passes.verify_source`),
so the page's inventory of code blocks is cleaned the same way (`visible_code`); a code block
nested in a list item (Javadoc's method details) was cleaned with the item while the inventory
kept the character, and every page of argparse4j's Javadoc failed the build with PV014.

Guarantees: one SK063 diagnostic per page, naming how many characters went, which kinds, and
the line of the first block that had one; deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from skillc.compiler.frontends.guide.pieces import Event, Piece
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Table
from skillc.lint.detect.unicode import find_hidden_unicode

# Every character `find_hidden_unicode` may call removable (soft hyphen, zero-width characters,
# word joiner and invisible operators, variation selectors, byte order mark, tag characters):
# most non-ASCII text has none, and this one scan is all it costs.
_MAYBE_REMOVABLE = re.compile(
    "[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufe00-\ufe0f\ufeff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def strip_hidden(events: Sequence[Event], source_id: str) -> tuple[list[Event], list[Diagnostic]]:
    """``events`` without removable hidden characters outside code, and the page's SK063."""
    names: Counter[str] = Counter()
    first: Piece | None = None
    cleaned: list[Event] = []
    for event in events:
        if isinstance(event, Piece):
            piece = _cleaned_piece(event, names)
            if piece is not event and first is None:
                first = event
            event = piece
        cleaned.append(event)
    if first is None:
        return cleaned, []
    kinds = ", ".join(f"{count} {name}" for name, count in sorted(names.items()))
    diagnostic = Diagnostic(
        code="SK063",
        message=f"deleted {sum(names.values())} invisible character(s) from the text: {kinds}",
        severity=Severity.INFO,
        span=first.span,
        path=source_id,
    )
    return cleaned, [diagnostic]


def _cleaned_piece(piece: Piece, names: Counter[str]) -> Piece:
    block = _cleaned_block(piece.block, names)
    if block is piece.block:
        return piece
    texts = tuple(_clean(t, Counter()) for t in piece.texts)
    items = tuple(tuple(_clean(t, Counter()) for t in item) for item in piece.items)
    return replace(piece, block=block, texts=texts, items=items)


def _cleaned_block(block: ContentBlock, names: Counter[str]) -> ContentBlock:
    """The block with its text cleaned, or the very same block when it had nothing hidden."""
    if isinstance(block, Prose | Heading):
        text = _clean(block.text, names)
        return block if text == block.text else replace(block, text=text)
    if isinstance(block, ListBlock):
        items = tuple(_clean(item, names) for item in block.items)
        return block if items == block.items else replace(block, items=items)
    if isinstance(block, Table):
        rows = tuple(tuple(_clean(cell, names) for cell in row) for row in block.rows)
        return block if rows == block.rows else replace(block, rows=rows)
    if isinstance(block, Code):
        text = _clean(block.text, names)
        return block if text == block.text else replace(block, text=text)
    return block


def visible_code(text: str) -> str:
    """A code block's text as the blocks hold it after `strip_hidden`: for the inventory the
    verifier checks them against."""
    return _clean(text, Counter())


def _clean(text: str, names: Counter[str]) -> str:
    """``text`` without its removable hidden characters, each counted by name in ``names``."""
    if text.isascii() or not _MAYBE_REMOVABLE.search(text):
        return text
    found = [m for m in find_hidden_unicode(text) if m.removable]
    if not found:
        return text
    parts: list[str] = []
    at = 0
    for match in found:
        parts.append(text[at : match.start])
        names[match.label] += 1
        at = match.end
    parts.append(text[at:])
    return "".join(parts)
