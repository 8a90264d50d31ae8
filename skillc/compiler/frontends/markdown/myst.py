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
    if name in d.DOCTEST and "hide" in options:
        reader.removed("\n".join(lines[first:end]), fence, f"sphinx {name} with :hide:", adm)
    elif name in d.DOCTEST:
        # The argument names a doctest group, not a language: Sphinx shows a session as pycon.
        _code(reader, (d.DOCTEST[name], options), body[:skip], rest, (body_base, fence), adm)
    elif name in d.CODE:
        _code(reader, (arg, options), body[:skip], rest, (body_base, fence), adm)
    elif name == "glossary":
        yield from _glossary(reader, rest, rest_base, adm)
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


_TERM = re.compile(r"^\S")
_NESTED_FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<marks>`{3,}|~{3,}|:{3,})\{(?P<name>[^}]*)\}\s*(?P<arg>.*)$"
)
_COLON_CLOSE = re.compile(r"^\s*:{3,}\s*$")


def fence_language(info: str) -> str | None:
    """The language a directive fence's info (``{doctest}``, ``{code-block} py``) renders as
    code in, or ``None`` when the directive is not code."""
    match = _INFO.match(info.strip())
    if not match:
        return None
    name, arg = match.group(1).strip().lower(), match.group(2).strip()
    if name in d.DOCTEST:
        return d.DOCTEST[name]
    if name in d.CODE:
        return arg.split()[0] if arg else ""
    return None


def render_nested(text: str) -> str:
    """A list item's raw source with its directive fences as Sphinx renders them.

    A list item keeps its Markdown source (`blocks.Reader._list`), so a directive inside one
    would reach the output raw (```` ```{doctest} ````, ``:::{warning}``). Code directives become
    plain fences in their language; a colon-fenced admonition becomes a bold label line and its
    closing colons go; other colon fences keep their argument as text. Nothing else changes.
    """
    out: list[str] = []
    open_colons = 0
    for line in text.split("\n"):
        match = _NESTED_FENCE.match(line)
        if match:
            indent, marks = match.group("indent"), match.group("marks")
            name, arg = match.group("name").strip().lower(), match.group("arg").strip()
            language = fence_language("{" + name + "} " + arg)
            if marks[0] != ":" and language is not None:
                out.append(f"{indent}{marks}{language}")
                continue
            if marks[0] == ":":
                open_colons += 1
                label = name.capitalize() if name in d.ADMONITIONS | d.WARNINGS else ""
                head = f"**{label}:** {arg}".strip() if label else arg
                out.append(f"{indent}{head}")
                continue
        elif open_colons and _COLON_CLOSE.match(line):
            open_colons -= 1
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def _glossary(reader: Reader, rest: list[str], base: int, adm: str) -> Iterator[Any]:
    """A glossary as Sphinx renders it: each term in bold, then its definition read as Markdown.

    Terms are the unindented lines (several in a row name one entry); the indented lines under
    them are the definition. Read as one paragraph, the markup would reach descriptions raw.
    """
    k = 0
    while k < len(rest):
        if not _TERM.match(rest[k]):
            k += 1
            continue
        start = k
        while k < len(rest) and _TERM.match(rest[k]):
            k += 1
        terms = [line.strip() for line in rest[start:k]]
        head = reader.index.lines_span(base + start, base + k)
        bold = Prose(id="", text=" / ".join(f"**{t}**" for t in terms))
        reader.add(bold, head, adm, texts=tuple(terms))
        body_start = k
        while k < len(rest) and not _TERM.match(rest[k]):
            k += 1
        if any(line.strip() for line in rest[body_start:k]):
            yield reader.read(dedent(rest[body_start:k]), base + body_start, adm)


def _version(reader: Reader, name: str, arg: str, rest: list[str], span: Span, adm: str) -> None:
    """A version note, in Sphinx's words, followed by its body text."""
    raw = "\n".join(dedent(rest)).strip()
    text = d.version_note(name, arg)
    if raw:
        text = f"{text} {rewrite_roles(raw, reader.roles)}"
    reader.add(Prose(id="", text=text), span, adm, texts=(raw,) if raw else ())
