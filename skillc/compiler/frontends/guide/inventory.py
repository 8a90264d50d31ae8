"""What a source holds, read from a bare parse: its code blocks and its running text.

Why: verify-no-loss compared the passes' output with the frontends' output only, so a frontend
that lost content (markdown-it skipping what is nested past its limit, libxml2 stopping at its
depth limit, a reader flattening ``<pre>`` into prose) went unnoticed, exit 0. An inventory is
taken from the parser's own result (markdown-it tokens, the lxml tree, the docutils doctree,
the PDF outline) by a plain iterative walk that shares none of the readers' code, and the pass
checks the frontend's skills against it (`skillc.passes.verify_no_loss.source_losses`).

What counts, per kind: code is a fenced or indented Markdown code block (MyST directive bodies
are opaque here), an HTML ``<pre>`` outside site chrome and line-number gutters, an RST literal
or doctest block; text is every paragraph, heading, list item and cell of Markdown, every text
node of the HTML main content outside chrome and code, every text node of the RST doctree
outside code, and every PDF outline title. RST system messages and comments are not the page's
text (Sphinx shows neither).

Each kind takes its own inventory in its package (`markdown.inventory`, `html.inventory`,
`rst.inventory`, `pdf.inventory`); this module holds what they share.

Guarantees: deterministic (document order); iterative, linear in the size of the parse, any
depth; picklable (it travels back from worker processes with the frontend result).
"""

from __future__ import annotations

from dataclasses import dataclass

from skillc.ir.inline import split_words

#: One inventory item: its text and the 1-based line it starts on (0 when unknown).
Item = tuple[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceInventory:
    """The code blocks of one source in document order, and its words: ``(word, count, line
    of the first text holding it)`` in order of first appearance (module doc). Words are
    counted here, where the source is parsed (in a worker process under ``-j``), so only the
    vocabulary travels."""

    codes: tuple[Item, ...] = ()
    words: tuple[tuple[str, int, int], ...] = ()

    def empty(self) -> bool:
        """Whether there is nothing to check against (no code block, no word)."""
        return not self.codes and not self.words


def inventory(codes: list[Item], texts: list[Item]) -> SourceInventory:
    """The inventory of ``codes`` and the words of ``texts``."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for text, line in texts:
        for word in split_words(text.lower()):
            if word in counts:
                counts[word] += 1
            else:
                counts[word] = 1
                first[word] = line
    words = tuple(zip(counts, counts.values(), first.values(), strict=True))  # both in one order
    return SourceInventory(codes=tuple(codes), words=words)
