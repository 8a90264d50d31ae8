"""MyST directive fences (```` ```{name} arg ````) -> pieces.

Why: MyST Markdown (Sphinx's Markdown dialect) writes directives as fences whose info string is
``{name}``. Read as plain CommonMark they would all become code blocks, putting prose, notes and
whole RST documents into ``Code``. This module dispatches on the directive name using the
shared decisions in `directives` and hands ``{eval-rst}`` bodies to the RST splitter.

Guarantees: code directives become ``Code`` with the directive's options removed (a
``:caption:`` is kept as a prose line); admonition bodies are read as Markdown, to any depth;
every other directive is either recorded as removed with a reason or kept as prose with an
SK030 diagnostic. Spans point at the fence (or the option line, for a caption).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

from skillc.compiler.frontends.guide import directives as d
from skillc.compiler.frontends.guide.pieces import MARKDOWN
from skillc.compiler.frontends.guide.textutil import dedent, rewrite_roles
from skillc.compiler.frontends.markdown import eval_rst
from skillc.ir.nodes import Code, Prose
from skillc.ir.span import Span

if TYPE_CHECKING:
    from skillc.compiler.frontends.markdown.blocks import Reader

_INFO = re.compile(r"^\{([^}]*)\}\s*(.*)$")


def read_directive(
    reader: Reader, token: Token, lines: list[str], base: int, adm: str
) -> Iterator[Any]:
    """Read one directive fence whose token map is relative to line ``base`` of ``lines``; a
    generator for `Reader.run`, which reads the bodies it yields (any depth, no recursion)."""
    match = _INFO.match(token.info.strip())
    name = match.group(1).strip().lower() if match else ""
    arg = match.group(2).strip() if match else ""
    body = token.content.split("\n")
    if body and body[-1] == "":
        body.pop()
    first, end = token.map or (0, 1)
    fence = reader.span(base, token.map)
    head = reader.index.lines_span(base + first, base + first + 1)
    body_base = base + first + 1
    if name == "eval-rst":
        yield eval_rst.read_rst(reader, body, body_base, adm)
        return
    options, skip = d.split_options(body, yaml=True)
    rest, rest_base = body[skip:], body_base + skip
    if name in d.CODE:
        _code(reader, (arg, options), body[:skip], rest, (body_base, fence), adm)
    elif name in d.ADMONITIONS or name in d.WARNINGS:
        yield d.admonition(
            reader,
            (name, arg, MARKDOWN),
            options,
            (fence, head),
            lambda context: reader.read(dedent(rest), rest_base, context),
        )
    elif name in d.VERSIONS:
        _version(reader, name, arg, rest, fence, adm)
    elif reason := d.removal_reason(name, arg, rest):
        reader.removed("\n".join(lines[first:end]), fence, reason, adm)
    elif name in d.CONTAINERS or name in d.TABS:
        if arg and name in d.TABS:
            reader.add(Prose(id="", text=f"**{arg}**"), head, adm)
        yield reader.read(dedent(rest), rest_base, adm)
    else:
        text = "\n\n".join(part for part in (arg, "\n".join(dedent(rest)).strip()) if part)
        d.unknown(reader, (name, arg, MARKDOWN), text, "\n".join(lines[first:end]), fence, adm)


def _code(
    reader: Reader,
    head: tuple[str, dict[str, str]],
    option_lines: list[str],
    rest: list[str],
    where: tuple[int, Span],
    adm: str,
) -> None:
    """A code directive: the caption (if any) as a prose line, then the code verbatim."""
    arg, options = head
    body_base, fence = where
    caption = options.get("caption", "")
    if caption:
        at = next((k for k, line in enumerate(option_lines) if "caption" in line), 0)
        span = reader.index.lines_span(body_base + at, body_base + at + 1)
        prose = Prose(id="", text=rewrite_roles(caption, reader.roles))
        reader.add(prose, span, adm, texts=(caption,))
    language = arg.split()[0] if arg else options.get("language", "")
    while rest and not rest[-1].strip():
        rest = rest[:-1]
    reader.add(Code(id="", text="\n".join(rest), language=language), fence, adm)


def _version(reader: Reader, name: str, arg: str, rest: list[str], span: Span, adm: str) -> None:
    """A version note, in Sphinx's words, followed by its body text."""
    raw = "\n".join(dedent(rest)).strip()
    text = d.version_note(name, arg)
    if raw:
        text = f"{text} {rewrite_roles(raw, reader.roles)}"
    reader.add(Prose(id="", text=text), span, adm, texts=(raw,) if raw else ())
