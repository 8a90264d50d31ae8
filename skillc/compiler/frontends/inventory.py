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

Guarantees: deterministic (document order); iterative, linear in the size of the parse, any
depth; picklable (it travels back from worker processes with the frontend result).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: One inventory item: its text and the 1-based line it starts on (0 when unknown).
Item = tuple[str, int]
#: A word: letters and digits (so that Markdown escapes and ``snake_case`` split the same way
#: in a source and in the Markdown read from it), compared lower-cased.
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceInventory:
    """The code blocks of one source in document order, and its words: ``(word, count, line
    of the first text holding it)`` in order of first appearance (module doc). Words are
    counted here, where the source is parsed (in a worker process under ``-j``), so only the
    vocabulary travels."""

    codes: tuple[Item, ...] = ()
    words: tuple[tuple[str, int, int], ...] = ()


def inventory(codes: list[Item], texts: list[Item]) -> SourceInventory:
    """The inventory of ``codes`` and the words of ``texts``."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for text, line in texts:
        for word in WORD.findall(text.lower()):
            if word in counts:
                counts[word] += 1
            else:
                counts[word] = 1
                first[word] = line
    words = tuple((w, n, first[w]) for w, n in counts.items())
    return SourceInventory(codes=tuple(codes), words=words)


# --- Markdown -------------------------------------------------------------------------------


def markdown_inventory(text: str, tokens: list[Any] | None = None) -> SourceInventory:
    """Code blocks and text of a Markdown page, from markdown-it's tokens (``tokens``, the
    frontend's own parse of the page, when it has one: parsing twice would double the cost).
    A container nested past markdown-it's limit comes back as one token (`blocks.DEEP`)
    holding its lines, which are scanned line by line (`_deep_lines`): parsing them again
    would cost their size once per 64 levels."""
    from skillc.compiler.frontends.blocks import _PARSER, DEEP

    codes: list[Item] = []
    texts: list[Item] = []
    for token in _PARSER.parse(text) if tokens is None else tokens:
        line = (token.map[0] if token.map else 0) + 1
        if token.type == DEEP:
            _deep_lines(token.content, line, codes, texts)
        elif token.type == "code_block" or (
            token.type == "fence" and not token.info.strip().startswith("{")
        ):
            codes.append((token.content, line))
        elif token.type in ("inline", "html_block", "fence"):
            texts.append((_MARKUP.sub("", token.content), line))
    return inventory(codes, texts)


def _deep_lines(content: str, first: int, codes: list[Item], texts: list[Item]) -> None:
    """Fenced code and text of the lines of a deeply nested container: container markers
    (``>``, list bullets, indentation) are stripped from each line outside fences; inside a
    fence only indentation and ``>`` go, as verify-no-loss compares code without them."""
    fence = ""
    code: list[str] = []
    start = 0
    for n, raw in enumerate(content.split("\n")):
        line = _CONTAINERS.sub("", raw)
        if fence:
            if line.startswith(fence) and not line[len(fence) :].strip(fence[0] + " \t"):
                codes.append(("\n".join(code), start))
                fence = ""
            else:
                code.append(_QUOTES.sub("", raw))
        elif opening := _FENCE.match(line):
            if opening.group(2).strip().startswith("{"):
                texts.append((_MARKUP.sub("", line), first + n))
            else:
                fence, code, start = opening.group(1), [], first + n
        elif line.strip():
            texts.append((_MARKUP.sub("", line), first + n))
    if fence:  # an unclosed fence runs to the end of its container
        codes.append(("\n".join(code), start))


_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_QUOTES = re.compile(r"^[ \t>]*")
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


#: MyST and Sphinx markup that is not shown as text: role names (``{func}`x```, ``:ref:`x```),
#: cross-reference targets (```text <target>```), module paths a ``~`` hides, directive names
#: of nested fences (````` ```{note} `````) and of embedded RST (``.. code-block::``), option
#: names (``:caption:``), target labels.
_MARKUP = re.compile(
    r"\{[\w:.+-]+\}(?=`)|(?<=[`~])\{[\w:.+-]+\}|:[\w:.+-]+:(?=`)|\s*<[^<>`\n]*>(?=`)|(?<=`)~[\w.]*\."
    r"|^[ \t]*\.\.[ \t]+[\w:.+-]+::|^[ \t]*:[\w-]+:|^\([\w.:/-]+\)=[ \t]*$",
    re.MULTILINE,
)


# --- HTML -----------------------------------------------------------------------------------


def html_inventory(content: Any) -> SourceInventory:
    """Code blocks and text of a page's main content element (lxml), before it is read: every
    ``<pre>`` and text node, outside what the readers skip by policy (site chrome, dropped
    inline elements such as permalinks, line-number gutters, comments)."""
    from skillc.compiler.frontends.html_content import tag_of
    from skillc.compiler.frontends.html_inline import pre_text

    skipped = _html_policy()
    codes: list[Item] = []
    texts: list[Item] = []
    if content.text and content.text.strip():
        texts.append((content.text, content.sourceline or 0))
    # Each level keeps its element alive: lxml frees an element's proxy by looking up the tree
    # for another proxy, so a walk that dropped the ancestors' would cost depth per element.
    stack: list[tuple[Any, Any]] = [(content, iter(content))]
    while stack:
        node = next(stack[-1][1], None)
        if node is None:
            stack.pop()
            continue
        tag = tag_of(node)
        if tag == "pre" and not skipped(node, tag):
            code = pre_text(node)
            if code.strip():
                codes.append((code, node.sourceline or 0))
        elif tag and not skipped(node, tag):
            if node.text and node.text.strip():
                texts.append((node.text, node.sourceline or 0))
            stack.append((node, iter(node)))
        if node.tail and node.tail.strip():
            texts.append((node.tail, node.sourceline or 0))
    return inventory(codes, texts)


def _html_policy() -> Callable[[Any, str], bool]:
    """Whether the readers leave an element out by policy (not by accident)."""
    from skillc.compiler.frontends.html_content import BLOCK_TAGS, DROP_TAGS, chrome, classes
    from skillc.compiler.frontends.html_inline import dropped

    known: dict[tuple[str, tuple[tuple[str, str], ...]], bool] = {}

    def decide(element: Any, tag: str) -> bool:
        if chrome(element) or (tag not in BLOCK_TAGS and dropped(element)):
            return True
        return "linenos" in classes(element)

    def skipped(element: Any, tag: str) -> bool:
        if tag in DROP_TAGS:
            return True
        attributes = element.attrib
        if tag in ("a", "header"):  # decided by their content too
            return decide(element, tag)
        if not attributes:  # most elements: nothing to say
            return False
        key = (tag, tuple(attributes.items()))  # pages repeat the same few (span class="pre")
        found = known.get(key)
        if found is None:
            found = known[key] = decide(element, tag)
        return found

    return skipped


# --- reStructuredText -------------------------------------------------------------------------


def rst_inventory(document: Any) -> SourceInventory:
    """Code blocks and text of a docutils doctree, outside system messages."""
    from docutils import nodes

    codes: list[Item] = []
    texts: list[Item] = []
    stack: list[Any] = [iter(document.children)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, nodes.system_message | nodes.comment):
            continue  # not the page's text: docutils' messages, comments Sphinx does not show
        elif isinstance(node, nodes.literal_block | nodes.doctest_block):
            codes.append((node.astext(), _line(node)))
        elif isinstance(node, nodes.Text):
            if node.astext().strip():
                texts.append((node.astext(), _line(node.parent)))
        elif isinstance(node, nodes.Element):
            stack.append(iter(node.children))
    return inventory(codes, texts)


def _line(node: Any) -> int:
    line = getattr(node, "line", None)
    return line if isinstance(line, int) and line > 0 else 0


# --- PDF --------------------------------------------------------------------------------------


def pdf_inventory(titles: list[str]) -> SourceInventory:
    """A PDF's outline titles. Its page text is what pypdf extracts, which the frontend reads
    whole (running headers and page numbers are dropped by design), so only the outline,
    which the frontend turns into headings, is worth checking."""
    return inventory([], [(title, 0) for title in titles])
