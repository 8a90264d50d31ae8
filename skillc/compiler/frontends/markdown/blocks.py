"""Markdown token stream -> document-ordered `Piece`s (content blocks with context).

Why: markdown-it gives a flat token list with line maps; skillc wants typed content blocks, each
with a span, in document order, with MyST directive fences and embedded RST expanded in place.
`Reader` is the one object the directive (`myst`) and embedded-RST (`eval_rst`) readers call
back into, so a directive body can contain Markdown that contains directives, to any depth.

Guarantees: every block gets a span from the token's line map (shifted by the line where a
nested body starts); paragraphs keep their raw inline source, with MyST roles rewritten; list
items keep their raw source with the marker removed and continuation lines dedented; fenced code
is verbatim; HTML comments and link reference definitions are kept as blocks (comments with
placement ``removed``), so nothing is dropped silently. MyST target labels (``(name)=``) and
attribute lines (``{.class}``) are markup, not content, and are dropped.

Depth: markdown-it stops reading a container nested deeper than its ``maxNesting`` and drops
the rest of it without a word. Here such a container becomes one ``skillc_deep`` token holding
its lines (`_DeepBlockParser`), which the reader parses again from level 0: the content is read
in full, without the deeper nesting (blockquotes are transparent to the reader anyway; a list
item keeps its raw source), and an SK070 warning names the line. Nested reading (deep tokens,
directive bodies, embedded RST) runs on an explicit stack (`Reader.run`), not Python's, so no
page is too deep to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from skillc.compiler.frontends.guide.pieces import MARKDOWN, CodeRef, Event, Piece
from skillc.compiler.frontends.guide.result import nesting_flattened
from skillc.compiler.frontends.guide.textutil import LineIndex, Roles, indent_of, rewrite_roles
from skillc.compiler.frontends.markdown import myst
from skillc.compiler.frontends.markdown.wrapped_html import use_wrapped_html
from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Table
from skillc.ir.span import Span
from skillc.ir.vocab import Placement

# MyST markup lines that carry no content: target labels "(name)=" and attribute lines.
_MYST_MARKUP = re.compile(r"^\s*(?:\([\w.:/-]+\)=|\{[.#][^}]*\})\s*$")
# A link reference definition; markdown-it consumes these without emitting a token.
_REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
# A list item's first line: indent, marker, spaces before the content.
_ITEM_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]*)")
_QUOTE_MARKER = re.compile(r"^\s{0,3}>\s?")
_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})


#: How deep markdown-it nests containers before a `DEEP` token takes the rest (each level costs
#: one or two Python frames in markdown-it, so this stays well inside the recursion limit).
MAX_NESTING = 64
#: The token holding the lines of a container nested deeper than `MAX_NESTING`.
DEEP = "skillc_deep"
#: Nested reading still to do, yielded by a reading generator to `Reader.run`.
Work = Iterator["Work"]


class _DeepBlockParser(ParserBlock):
    """markdown-it's block tokenizer, but a container nested deeper than ``maxNesting`` becomes
    one `DEEP` token holding its lines (markers of the enclosing containers removed) instead of
    being skipped: markdown-it's own tokenizer drops such content silently."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        if state.level < state.md.options.maxNesting:
            super().tokenize(state, startLine, endLine)
            return
        line = state.skipEmptyLines(startLine)
        if line >= endLine or state.sCount[line] < state.blkIndent:
            state.line = line
            return
        end = _container_end(state, line, endLine)
        token = state.push(DEEP, "", 0)
        token.map = [line, end]
        token.content = state.getLines(line, end, state.blkIndent, True)
        state.line = end


def _container_end(state: StateBlock, line: int, end: int) -> int:
    """Where markdown-it's tokenizer would stop reading the container at ``line``: the first
    non-blank line indented less than the container's content (a list item ends there)."""
    for n in range(line, end):
        if not state.isEmpty(n) and state.sCount[n] < state.blkIndent:
            return n
    return end


def _colon_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """MyST's colon fence, ``:::{name} arg`` ... ``:::``, as a ``fence`` token whose info is
    ``{name} arg``, so it is read as the same directive a backtick fence would be.

    Only a fence whose info starts with ``{`` is one (MyST's rule); the closing line is at least
    as many colons. Unclosed, it runs to the end of its container, as a backtick fence does.
    """
    if state.is_code_block(start):
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    marks = len(line) - len(line.lstrip(":"))
    if marks < 3 or not line[marks:].lstrip().startswith("{"):
        return False
    if silent:
        return True
    n = start + 1
    closed = False
    while n < end:
        text = state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]
        if text and state.sCount[n] < state.blkIndent:
            break
        stripped = text.rstrip()
        if (
            not state.is_code_block(n)
            and len(stripped) >= marks
            and stripped == ":" * len(stripped)
        ):
            closed = True
            break
        n += 1
    token = state.push("fence", "code", 0)
    token.info = line[marks:].strip()
    token.content = state.getLines(start + 1, n, state.sCount[start], True)
    token.markup = line[:marks]
    state.line = n + 1 if closed else n
    token.map = [start, state.line]
    return True


def _parser() -> MarkdownIt:
    # Blocks keep their raw inline source, so inline parsing (half of markdown-it's time) is
    # skipped; "normalize" is off so a stray "\r" cannot shift token line maps off the source's.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    deep = _DeepBlockParser()
    deep.ruler = md.block.ruler
    md.block = deep
    md.block.ruler.before(
        "fence", "colon_fence", _colon_fence, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    return use_wrapped_html(md.enable("table").disable(["inline", "normalize"]))


_PARSER = _parser()


def _closing(tokens: list[Token], i: int) -> int:
    """Index of the token closing the block opened at ``tokens[i]``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


class Reader:
    """Collects the events of one source; directive and RST readers call back into it."""

    def __init__(self, index: LineIndex, roles: Roles) -> None:
        self.index = index
        #: How roles read on this page: the build's cross-reference targets and the page's id.
        self.roles = roles
        self.md = _PARSER
        self.events: list[Event] = []
        self.diagnostics: list[Diagnostic] = []
        #: The tokens of the first (whole-page) parse, for the page's source inventory.
        self.tokens: list[Token] | None = None

    # -- emitting -------------------------------------------------------------------------------

    def add(
        self,
        block: ContentBlock,
        span: Span,
        admonition: str,
        *,
        dialect: str = MARKDOWN,
        texts: tuple[str, ...] = (),
        items: tuple[tuple[str, ...], ...] = (),
        codes: tuple[CodeRef, ...] = (),
    ) -> None:
        """Append a piece for ``block``, with the context the extractor needs."""
        piece = Piece(
            block=block,
            span=span,
            admonition=admonition,
            dialect=dialect,
            texts=texts,
            items=items,
            codes=codes,
        )
        self.events.append(piece)

    def span(self, base: int, local: list[int] | None) -> Span:
        """The span of a token whose map is relative to line ``base``."""
        first, end = local if local else (0, 1)
        return self.index.lines_span(base + first, base + end)

    def removed(self, text: str, span: Span, reason: str, admonition: str = "") -> None:
        """Record source text that is not emitted, with why."""
        block = Prose(id="", text=text, placement=Placement.REMOVED, reason=reason)
        self.add(block, span, admonition)

    def flattened(self, span: Span, limit: int) -> None:
        """An SK070 warning (once per page): content nested deeper than ``limit`` levels is read
        in full, but without its deeper nesting."""
        if all(d.code != "SK070" for d in self.diagnostics):
            self.diagnostics.append(nesting_flattened(span, limit))

    # -- nesting --------------------------------------------------------------------------------

    @staticmethod
    def run(work: Work) -> None:
        """Do ``work`` and the nested work it yields, depth first, in document order.

        Why: a directive's body holds Markdown that holds directives, and so on; recursing into
        each would raise RecursionError on a deep page. The nesting lives on this list instead.
        """
        stack = [work]
        while stack:
            nested = next(stack[-1], None)
            if nested is None:
                stack.pop()
            else:
                stack.append(nested)

    # -- Markdown -------------------------------------------------------------------------------

    def markdown(self, lines: list[str], base: int, admonition: str = "") -> None:
        """Read ``lines`` (source lines from ``base``, possibly dedented) as Markdown blocks."""
        self.run(self.read(lines, base, admonition))

    def read(self, lines: list[str], base: int, admonition: str = "") -> Work:
        """`markdown` as work for `run`: yields the directive bodies and deep containers to read
        before it goes on."""
        tokens = self.md.parse("\n".join(lines) + "\n")
        if self.tokens is None:
            self.tokens = tokens
        pending = self._reference_defs(tokens, lines)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.level == 0 and token.map:
                pending = self._flush_defs(pending, token.map[0], lines, base, admonition)
            if token.type == DEEP and token.map:
                self.flattened(self.span(base, token.map), MAX_NESTING)
                yield self.read(token.content.split("\n")[:-1], base + token.map[0], admonition)
                i += 1
            elif token.type == "fence" and token.info.strip().startswith("{"):
                yield myst.read_directive(self, token, lines, base, admonition)
                i += 1
            else:
                i = self._block(tokens, i, lines, base, admonition)
        self._flush_defs(pending, len(lines), lines, base, admonition)

    def _block(self, tokens: list[Token], i: int, lines: list[str], base: int, adm: str) -> int:
        """Handle the block starting at ``tokens[i]``; the index of the next token to read."""
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            self._heading(token, tokens[i + 1], base, adm)
        elif kind == "paragraph_open":
            self._paragraph(tokens[i + 1], base, adm)
        elif kind in _LIST_OPEN:
            end = _closing(tokens, i)
            self._list(tokens[i : end + 1], lines, base, adm)
            return end + 1
        elif kind == "table_open":
            end = _closing(tokens, i)
            self._table(tokens[i : end + 1], base, adm)
            return end + 1
        elif kind == "fence":
            self._fence(token, base, adm)
        elif kind == "code_block":
            code = Code(id="", text=token.content.rstrip("\n"))
            self.add(code, self.span(base, token.map), adm)
        elif kind == "html_block":
            self._html(token, base, adm)
        return i + 1

    def _heading(self, token: Token, inline: Token, base: int, adm: str) -> None:
        level = int(token.tag[1:])
        text = rewrite_roles(inline.content, self.roles).strip()
        self.add(Heading(id="", level=level, text=text), self.span(base, token.map), adm)

    def _paragraph(self, inline: Token, base: int, adm: str) -> None:
        lines = inline.content.split("\n")
        first, end = inline.map or (0, len(lines))
        skip = 0
        while skip < len(lines) and _MYST_MARKUP.match(lines[skip]):
            skip += 1
        if skip == len(lines):
            return
        raw = "\n".join(lines[skip:])
        span = self.index.lines_span(base + first + skip, base + end)
        self.add(Prose(id="", text=rewrite_roles(raw, self.roles)), span, adm, texts=(raw,))

    def _html(self, token: Token, base: int, adm: str) -> None:
        text = token.content.rstrip("\n")
        span = self.span(base, token.map)
        if text.lstrip().startswith("<!--"):
            self.removed(text, span, "html comment", adm)
        else:
            self.add(Prose(id="", text=text), span, adm)

    def _fence(self, token: Token, base: int, adm: str) -> None:
        info = token.info.strip()  # directive fences ("{name}") are read by `read`
        language = info.split()[0] if info else ""
        code = Code(id="", text=_fence_text(token.content), language=language)
        self.add(code, self.span(base, token.map), adm)

    def _table(self, tokens: list[Token], base: int, adm: str) -> None:
        rows: list[tuple[str, ...]] = []
        row: list[str] = []
        for token in tokens:
            if token.type == "tr_open":
                row = []
            elif token.type == "inline":
                row.append(rewrite_roles(token.content, self.roles).strip())
            elif token.type == "tr_close":
                rows.append(tuple(row))
        self.add(Table(id="", rows=tuple(rows)), self.span(base, tokens[0].map), adm)

    def _list(self, tokens: list[Token], lines: list[str], base: int, adm: str) -> None:
        opener = tokens[0]
        ordered = opener.type == "ordered_list_open"
        start = int(str(opener.attrGet("start") or 1)) if ordered else 1
        depth = _quote_depth(lines, opener.map)
        items: list[str] = []
        paras: list[list[str]] = []
        codes: list[CodeRef] = []
        for token in tokens:
            if token.type == "list_item_open" and token.level == opener.level + 1:
                source = myst.render_nested(_item_source(lines, token.map, depth))
                items.append(rewrite_roles(source, self.roles))
                paras.append([])
            elif token.type == "inline" and paras and token.map:
                paras[-1].append(token.content)
            elif token.type == "fence" and (
                not token.info.startswith("{") or myst.fence_language(token.info) is not None
            ):
                language = myst.fence_language(token.info)
                if language is None:
                    language = token.info.split()[0] if token.info.strip() else ""
                span = self.span(base, token.map)
                codes.append(CodeRef(language=language, text=_fence_text(token.content), span=span))
        block = ListBlock(id="", items=tuple(items), ordered=ordered, start=start)
        item_paras = tuple(tuple(p) for p in paras)
        self.add(block, self.span(base, opener.map), adm, items=item_paras, codes=tuple(codes))

    # -- link reference definitions --------------------------------------------------------------

    def _reference_defs(self, tokens: list[Token], lines: list[str]) -> list[int]:
        """Lines holding link reference definitions that no block token covers."""
        covered: set[int] = set()
        for token in tokens:
            if token.level == 0 and token.map:
                covered.update(range(*token.map))
        return [
            n for n, line in enumerate(lines) if n not in covered and _REFERENCE_DEF.match(line)
        ]

    def _flush_defs(
        self, pending: list[int], before: int, lines: list[str], base: int, adm: str
    ) -> list[int]:
        """Emit the pending definitions above line ``before``; the ones still pending."""
        while pending and pending[0] < before:
            n = pending.pop(0)
            span = self.index.lines_span(base + n, base + n + 1)
            self.add(Prose(id="", text=lines[n].strip()), span, adm)
        return pending


def _fence_text(content: str) -> str:
    """A fence's content without the newline before the closing fence."""
    return content[:-1] if content.endswith("\n") else content


def _quote_depth(lines: list[str], local: list[int] | None) -> int:
    """How many ``>`` markers prefix the first line of a block (a list inside a quote)."""
    if not local or local[0] >= len(lines):
        return 0
    line, depth = lines[local[0]], 0
    while _QUOTE_MARKER.match(line):
        line = _QUOTE_MARKER.sub("", line, count=1)
        depth += 1
    return depth


def _item_source(lines: list[str], local: list[int] | None, depth: int) -> str:
    """A list item's raw Markdown: marker removed, continuation lines dedented."""
    if not local:
        return ""
    raw = lines[local[0] : local[1]]
    for _ in range(depth):
        raw = [_QUOTE_MARKER.sub("", line, count=1) for line in raw]
    first = raw[0].expandtabs(4)
    marker = _ITEM_MARKER.match(first)
    if marker is None:
        return "\n".join(raw).strip()
    lead, bullet, gap = marker.groups()
    width = len(lead) + len(bullet) + (len(gap) if 0 < len(gap) <= 4 else 1)
    body = [first[width:] if len(first) > width else first[marker.end() :]]
    for line in raw[1:]:
        body.append(line.expandtabs(4)[min(width, indent_of(line)) :])
    while body and not body[-1].strip():
        body.pop()
    return "\n".join(body)
