"""A small splitter for the reStructuredText embedded in MyST ``{eval-rst}`` fences.

Why: MyST guides (click's among them) keep runnable examples in ``{eval-rst}`` blocks mixing
directives (``.. click:example::``, ``.. code-block::``, ``.. tabs::``, ``.. autoclass::``) with
plain paragraphs. Treating the fence as code would put prose into ``Code`` blocks; docutils would
choke on the Sphinx-only directives. This is a line-based splitter, not an RST parser: it knows
directives, their options and indented bodies, paragraphs, ``::`` literal blocks, comments and
``list-table``.

Guarantees: unindented text never lands in a ``Code`` block; every directive body line lands in
exactly one piece; spans are line ranges of the source. Any depth of indentation is read (it is
also the reader of last resort for RST pages docutils cannot parse, nested too deep for it):
nested blocks are views of the same lines (`eval_rst_lines`) read on `Reader.run`'s list, so the
cost stays in proportion to the text, not to its depth squared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from skillc.compiler.frontends.guide import directives as d
from skillc.compiler.frontends.guide.pieces import RST
from skillc.compiler.frontends.guide.textutil import rewrite_rst_inline
from skillc.compiler.frontends.markdown.eval_rst_lines import Lines
from skillc.ir.nodes import Code, Prose, Table
from skillc.ir.span import Span

if TYPE_CHECKING:
    from skillc.compiler.frontends.markdown.blocks import Reader

_DIRECTIVE = re.compile(r"^\.\.\s+([\w:.+-]+)::\s*(.*)$")
_COMMENT = re.compile(r"^\.\.(?:\s|$)")
_TARGET = re.compile(r"^\.\.\s+_[^:]*:")
# click's Sphinx extension: examples and runs are Python source.
_PYTHON_CODE = frozenset({"click:example", "click:run", "doctest", "testcode", "testsetup"})


def read_rst(reader: Reader, text: Sequence[str], base: int, adm: str) -> Iterator[Any]:
    """Read RST lines (source lines from ``base``) into pieces: a generator for `Reader.run`,
    which reads the nested blocks it yields (any depth, no recursion)."""
    lines = Lines.of(text)
    i = 0
    while i < len(lines):
        if lines.blank(i):
            i += 1
            continue
        line = lines[i]
        if lines.indent(i) > 0:  # an indented block that follows no directive: a quote
            end = lines.indented_end(i)
            yield read_rst(reader, lines[i:end].dedent(), base + i, adm)
            i = end
        elif match := _DIRECTIVE.match(line):
            end = lines.indented_end(i + 1)
            head = (match.group(1).lower(), match.group(2).strip())
            yield _directive(reader, head, lines[i:end], base + i, adm)
            i = end
        elif _COMMENT.match(line):
            end = lines.indented_end(i + 1)
            if not _TARGET.match(line):  # targets are anchors, like MyST's "(name)="
                span = reader.index.lines_span(base + i, base + end)
                reader.removed("\n".join(lines[i:end]), span, "rst comment", adm)
            i = end
        else:
            i = _paragraph(reader, lines, i, base, adm)


def _paragraph(reader: Reader, lines: Lines, i: int, base: int, adm: str) -> int:
    """Read the paragraph at ``i`` (and a ``::`` literal block after it); the next line."""
    end = i
    while end < len(lines) and not lines.blank(end) and not _DIRECTIVE.match(lines[end]):
        end += 1
        if end < len(lines) and lines.indent(end) > 0:
            break  # an indented run after a paragraph line: a literal block or a quote
    raw = "\n".join(lines[i:end])
    literal = raw.rstrip().endswith("::")
    if literal:
        raw = _literal_intro(raw)
    span = reader.index.lines_span(base + i, base + end)
    if raw.strip():
        prose = Prose(id="", text=rewrite_rst_inline(raw, reader.roles))
        reader.add(prose, span, adm, dialect=RST, texts=(raw,))
    if not literal:
        return end
    start = end
    while start < len(lines) and lines.blank(start):
        start += 1
    stop = lines.indented_end(start)
    if stop > start and lines.indent(start) > 0:
        code = Code(id="", text="\n".join(lines[start:stop].dedent()))
        reader.add(code, reader.index.lines_span(base + start, base + stop), adm)
        return stop
    return end


def _literal_intro(raw: str) -> str:
    """RST's rendering of a paragraph ending in ``::``: ``Example::`` shows as ``Example:``,
    ``text ::`` as ``text``, and a lone ``::`` as nothing."""
    head = raw.rstrip()[:-2]
    if not head.strip():
        return ""
    if head[-1].isspace():
        return head.rstrip()
    return head + ":"


def _directive(
    reader: Reader, head: tuple[str, str], block: Lines, base: int, adm: str
) -> Iterator[Any]:
    """Dispatch one directive: ``block`` is its header line and its indented lines."""
    name, arg = head
    span = reader.index.lines_span(base, base + len(block))
    head_span = reader.index.lines_span(base, base + 1)
    body = block[1:].dedent()
    options, skip = d.split_options(body, yaml=False)
    rest, rest_base = body[skip:], base + 1 + skip
    if name in d.CODE or name in _PYTHON_CODE:
        language = arg.split()[0] if arg else ("python" if name in _PYTHON_CODE else "")
        reader.add(Code(id="", text="\n".join(rest).rstrip("\n"), language=language), span, adm)
    elif name == "list-table":
        _list_table(reader, arg, options, rest, (span, head_span), adm)
    elif name in d.ADMONITIONS or name in d.WARNINGS:
        yield d.admonition(
            reader,
            (name, arg, RST),
            options,
            (span, head_span),
            lambda context: read_rst(reader, rest, rest_base, context),
        )
    elif name in d.VERSIONS:
        text = " ".join(part for part in [*arg.split(" ", 1)[1:], *rest] if part.strip())
        note = d.version_note(name, arg.split(" ", 1)[0])
        prose = Prose(id="", text=f"{note} {rewrite_rst_inline(text, reader.roles)}".rstrip())
        reader.add(prose, span, adm, dialect=RST, texts=(text,) if text else ())
    elif reason := d.removal_reason(name, arg, rest):
        reader.removed("\n".join(block), span, reason, adm)
    elif name in d.CONTAINERS or name in d.TABS:
        if arg and name in d.TABS:
            reader.add(Prose(id="", text=f"**{arg}**"), head_span, adm)
        yield read_rst(reader, rest, rest_base, adm)
    else:
        text = "\n\n".join(part for part in (arg, "\n".join(rest).strip()) if part)
        d.unknown(reader, (name, arg, RST), text, "\n".join(block), span, adm)


def _list_table(
    reader: Reader,
    title: str,
    options: dict[str, str],
    rest: Lines,
    spans: tuple[Span, Span],
    adm: str,
) -> None:
    """``.. list-table::`` rows (``* - a`` / ``  - b``) as a Table; its title as a prose line."""
    span, head_span = spans
    rows: list[list[str]] = []
    for line in rest:
        stripped = line.strip()
        if stripped.startswith("* -") or stripped == "*":
            rows.append([stripped[3:].strip()])
        elif rows and (stripped.startswith("- ") or stripped == "-"):
            rows[-1].append(stripped[2:].strip())
        elif rows and stripped:  # a cell's continuation line
            rows[-1][-1] = f"{rows[-1][-1]} {stripped}".strip()
    if title:
        prose = Prose(id="", text=rewrite_rst_inline(title, reader.roles))
        reader.add(prose, head_span, adm, dialect=RST)
    cells = tuple(tuple(rewrite_rst_inline(cell, reader.roles) for cell in row) for row in rows)
    if options.get("header-rows", "0").strip() in ("", "0"):
        # No header row in the source: the IR's first row is the header, so say the columns
        # have none rather than promoting a data row.
        cells = (tuple("" for _ in cells[0]), *cells) if cells else cells
    reader.add(Table(id="", rows=cells), span, adm)
