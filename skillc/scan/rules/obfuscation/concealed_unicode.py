"""RK207: invisible characters that carry text, reorder code, or disguise a word or host."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.lint.detect.unicode import find_hidden_unicode, tag_text
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK207",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 4),),
    owasp="AST04",
    skillscan="prompt injection",
)

#: A word mixing Latin letters with Cyrillic or Greek look-alikes (a spoofed command or host).
_LOOKALIKES = "аВвсЕеһіјКкМНОорСЅѕТтуХхԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνυκ"
_MIXED = re.compile(rf"(?<![\w.-])[\w.-]*[{_LOOKALIKES}][\w.-]*")
#: One look-alike letter: every `_MIXED` match holds one, so a text without any has none, and
#: this one-character search is far cheaper than trying `_MIXED` at every word of the text.
_ANY_LOOKALIKE = re.compile(f"[{_LOOKALIKES}]")


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Tag characters spelling hidden text, bidirectional controls, zero-width characters
    between ASCII letters, and words that mix Latin with look-alike letters."""
    for view in ctx.select(decoded=False):
        if view.how != "raw" or view.text.isascii():
            continue
        yield from _hidden(ctx, view)
        if _ANY_LOOKALIKE.search(view.text) is None:
            continue
        for match in _MIXED.finditer(view.text):
            word = match.group(0)
            if not _spoofed(word):
                continue
            channel = Channel.MALICIOUS if "." in word.strip(".") else Channel.RISKY
            yield ctx.found(
                META,
                view,
                match.start(),
                match.end(),
                f"`{word}` mixes Latin letters with look-alike letters",
                channel=channel,
            )


def _hidden(ctx: ScanContext, view: object) -> Iterator[Finding]:
    from skillc.scan.normalize import View

    assert isinstance(view, View)
    matches = find_hidden_unicode(view.text)
    tags = [m for m in matches if m.kind == "tag"]
    if tags:
        hidden = tag_text(view.text[tags[0].start : tags[-1].end])
        yield ctx.found(
            META,
            view,
            tags[0].start,
            tags[-1].end,
            f"invisible tag characters spell {hidden[:80]!r}",
            channel=Channel.MALICIOUS if hidden.strip() else Channel.RISKY,
        )
    for match in matches:
        if match.kind == "bidi-control":
            yield ctx.found(
                META,
                view,
                match.start,
                match.end,
                f"{match.label} reorders how the text is displayed",
            )
        elif match.kind == "zero-width" and _between_ascii(view.text, match.start, match.end):
            yield ctx.found(
                META,
                view,
                match.start,
                match.end,
                f"{match.label} inside a word hides how it reads",
            )


def _between_ascii(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()


def _spoofed(word: str) -> bool:
    """A Latin word with look-alike letters in it (not a Greek or Cyrillic word, not maths)."""
    letters = [c for c in word if c.isalpha()]
    latin = sum(1 for c in letters if c.isascii())
    return latin >= 2 and len(word) <= 64 and all(c.isascii() or c in _LOOKALIKES for c in letters)
