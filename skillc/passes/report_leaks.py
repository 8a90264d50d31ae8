"""Report secrets and authors' host paths that pass from the source documents into the output.

Source documents carry example credentials (Flask's ``SECRET_KEY = '192b…'``) and paths of their
authors' machines (``/home/ramrachum/...`` in click's FAQ). Copied into a skill they are what
``skillc lint`` flags on the output (RK101, PK309); this pass says so while building, naming the
source file and line, so the person who can change the source hears it first:

- ``SK060``: a secret-like value (what RK101 detects: credentials with a known format, random
  literals assigned to secret names; documented example keys included);
- ``SK061``: an author's host path (what PK309 detects: home folders with a real user name,
  generated temporary folders).

Both are warnings that name the lint rule, so the two reports can be connected. Detection is the
linter's own: each skill's emitted blocks are rendered as the backend writes them and handed to
the RK101 and PK309 rules (which use `skillc.lint.detect`) as one file of a `Package`, so
placeholders, example keys and placeholder user names are judged exactly as ``skillc lint``
judges them, and messages show no more of a secret than lint does (a format prefix).

Nothing is redacted. Documentation shows fake keys and example paths on purpose, and a build that
silently rewrote them would make the skill disagree with its source and hide what the author
wrote; whether a value is a real leak is the author's call (fix the source, or suppress the lint
finding with a reason).

Locations: the block's provenance span, narrowed to the line of the finding when the block's
lines correspond one-to-one to its source lines (as many lines: prose, reStructuredText literal
blocks); otherwise the block's first line. Character offsets stay the block's: passes do not see
source text. Only IR text is scanned and source ids are relative to the build's input root, so a
report never shows an absolute path of the build machine, only paths written in the sources.

An analysis in effect, registered as a transform that returns its input so that pipelines run it
(``preserves=("*",)``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from skillc.compiler.backends.markdown_blocks import render_block
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Code, ContentBlock, Heading, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.ir.vocab import Placement
from skillc.lint.model import Package, PackageFile
from skillc.lint.rules.hygiene import secret
from skillc.lint.rules.structure import host_path
from skillc.passes.registry import PassContext, transform

SECRET_CODE = "SK060"
HOST_PATH_CODE = "SK061"

#: (lint rule code, its check, the build's code, what the build calls it).
_RULES: tuple[tuple[str, Callable[[Package], Iterator[Diagnostic]], str, str], ...] = (
    ("RK101", secret.check, SECRET_CODE, "secret-like value"),
    ("PK309", host_path.check, HOST_PATH_CODE, "author's host path"),
)
_SEPARATOR = "\n\n"
#: Lines after a code block's text inside its span, by source suffix: the closing fence of
#: Markdown, nothing in reStructuredText.
_CLOSING_LINES = {".md": 1, ".markdown": 1, ".rst": 0, ".rest": 0, ".txt": 0}


@transform("report-leaks", preserves=("*",), idempotent=True)
def report_leaks(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Warn (SK060, SK061) about secrets and host paths the sources carry into the output."""
    for skill in module.skills:
        for diagnostic in leaks(skill):
            ctx.report(diagnostic)
    return module


@dataclass(frozen=True, slots=True)
class _Piece:
    """A scanned text: an emitted block (or the description), where it goes, where it came from."""

    text: str
    output: str
    prov: tuple[Span, ...]
    block: ContentBlock | None = None


def leaks(skill: Skill) -> list[Diagnostic]:
    """SK060/SK061 warnings for the emitted text of ``skill``, in text order per rule."""
    pieces = list(_pieces(skill))
    if not pieces:
        return []
    text = _SEPARATOR.join(p.text for p in pieces)
    starts, offset = [], 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece.text) + len(_SEPARATOR)
    file = PackageFile(path="SKILL.md", display=skill.id, size=len(text), text=text)
    name = skill.name or skill.id
    package = Package(root=Path(name), display=name, dir_name=name, files=(file,))
    found = []
    for rule_code, check, code, what in _RULES:
        for finding in check(package):
            if finding.span is None:
                continue
            index = bisect.bisect_right(starts, finding.span.start) - 1
            piece, start = pieces[index], starts[index]
            line = text.count("\n", start, finding.span.start) + 1
            message = (
                f"{what} carried into {name}/{piece.output}: {finding.message} "
                f"(`skillc lint` reports {rule_code})"
            )
            span = _source_span(piece, line)
            found.append(
                Diagnostic(code=code, message=message, severity=Severity.WARNING, span=span)
            )
    return found


def _pieces(skill: Skill) -> Iterable[_Piece]:
    """The description, then every emitted block, rendered as the backend writes it."""
    if skill.description:
        yield _Piece(skill.description, "SKILL.md", skill.prov[:1])
    for block in skill.blocks:
        if block.placement is Placement.REMOVED:
            continue
        text = render_block(block)
        if text:
            output = block.reference if block.placement is Placement.REFERENCE else "SKILL.md"
            yield _Piece(text, output or "SKILL.md", block.prov, block)


def _source_span(piece: _Piece, line: int) -> Span | None:
    """The source span to report: the piece's first span, on the finding's source line when
    the rendered lines correspond to source lines one-to-one."""
    if not piece.prov:
        return None
    first = piece.prov[0]
    found = first.line
    if piece.block is not None and len(piece.prov) == 1:
        found = _source_line(piece.block, first, *_content_line(piece.block, piece.text, line))
    col = first.col if found == first.line else 1
    return Span(
        source=first.source,
        line=found,
        col=col,
        end_line=found,
        end_col=col,
        start=first.start,
        end=first.end,
    )


def _source_line(block: ContentBlock, span: Span, content_line: int, content_lines: int) -> int:
    """The source line of line ``content_line`` of ``content_lines`` of the block's text.

    Lines map one-to-one when there are as many as the span has. A code block with fewer
    lines has a header before its text (a fence, a directive and its options), so its lines
    are counted back from the end of the span: the text's last line is the span's last line in
    reStructuredText and the line before the closing fence in Markdown. Anything else (HTML,
    PDF) is reported at the span's first line.
    """
    span_lines = span.end_line - span.line + 1
    if content_lines == span_lines:
        return span.line + content_line - 1
    if isinstance(block, Code) and 0 < content_lines < span_lines:
        closing = _CLOSING_LINES.get(PurePosixPath(span.source).suffix.lower())
        if closing is not None:
            return span.end_line - closing - (content_lines - content_line)
    return span.line


def _content_line(block: ContentBlock, rendered: str, line: int) -> tuple[int, int]:
    """The 1-based line of the block's own text that rendered ``line`` shows, and how many
    lines that text has: code without its fences, a table without its delimiter row."""
    if isinstance(block, Code):
        body = block.text[:-1] if block.text.endswith("\n") else block.text
        count = body.count("\n") + 1 if body else 0
        return min(max(1, line - 1), max(1, count)), count
    if isinstance(block, Table):
        return (line if line < 2 else line - 1), len(block.rows)
    if isinstance(block, Heading):
        return 1, 1
    return line, rendered.count("\n") + 1
