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
linter's own: each skill is emitted as the backend writes it (`skillc.package.emit`, through
``ctx.emitter``, which the backend then reuses) and the package model is linted by the real lint
engine (`skillc.lint.engine.lint_packages`) with only RK101 and PK309 selected, so placeholders,
example keys, placeholder user names and suppression comments are judged exactly as
``skillc lint`` judges them on the output, and messages show no more of a secret than lint does
(a format prefix). A finding is traced to the block whose rendering holds it (or to the
description); text skillc adds around blocks (pointers to reference files, contents lists)
repeats text of blocks shown elsewhere and is not reported twice.

Nothing is redacted. Documentation shows fake keys and example paths on purpose, and a build that
silently rewrote them would make the skill disagree with its source and hide what the author
wrote; whether a value is a real leak is the author's call (fix the source, or suppress the lint
finding with a reason).

Locations: the block's provenance span, narrowed to the line of the finding when the block's
lines correspond one-to-one to its source lines (as many lines: prose, reStructuredText literal
blocks); otherwise the block's first line. Character offsets stay the block's: passes do not see
source text. Only IR text is scanned and source ids are relative to the build's input root, so a
report never shows an absolute path of the build machine, only paths written in the sources.

A check-only pass: it reports and cannot change the module.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.layout import Origin
from skillc.ir.nodes import Code, ContentBlock, Heading, Skill, SkillModule, Table
from skillc.ir.span import Span
from skillc.passes.registry import (
    PassContext,
    check,
)

if TYPE_CHECKING:
    from skillc.package.emit import EmittedSkill
    from skillc.package.model import Package

SECRET_CODE = "SK060"
HOST_PATH_CODE = "SK061"

#: (lint rule code, the build's code, what the build calls it), in report order.
_RULES: tuple[tuple[str, str, str], ...] = (
    ("RK101", SECRET_CODE, "secret-like value"),
    ("PK309", HOST_PATH_CODE, "author's host path"),
)

#: This check's work per block in microseconds (python-doc: 0.8 s for 55,000 blocks: each
#: skill rendered and linted) and what a result costs the parent to bring back (0.01 s: the
#: rendered files are a few large strings), for the choice between one process and a pool
#: (`skillc.passes.registry.estimated_saving`).
WORK_PER_BLOCK_US = 15
BACK_PER_BLOCK_US = 0.2


@check("report-leaks")
def report_leaks(module: SkillModule, ctx: PassContext) -> None:
    """Warn (SK060, SK061) about secrets and host paths the sources carry into the output."""
    shared = ctx.elsewhere(module.skills, cost=WORK_PER_BLOCK_US, back=BACK_PER_BLOCK_US)
    if ctx.memo is not None or shared is not None:
        _report_each(module, ctx)
        return
    packages = [ctx.emitter.package(skill) for skill in module.skills]
    displays = [package.display for package in packages]
    batched = len(set(displays)) == len(displays)  # one lint run for all: names are unique
    by_package: dict[str, list[Diagnostic]] = {}
    for finding in _lint(packages) if batched else ():
        by_package.setdefault(_package_of(finding), []).append(finding)
    for skill, package in zip(module.skills, packages, strict=True):
        findings = by_package.get(package.display, []) if batched else None
        emitted = ctx.emitter.emitted(skill)
        for diagnostic in leaks(skill, emitted, package, findings, ctx.closing_lines):
            ctx.report(diagnostic)


def _report_each(module: SkillModule, ctx: PassContext) -> None:
    """`report_leaks` with each skill rendered and linted on its own: taken back from the
    build cache's memo where the same skill was (`PassContext.memo_map`; a one-page edit
    renders and lints the skills it changed), the others mapped as ``ctx.map`` maps them (in
    worker processes at ``-j N`` when that is worth it). The same findings (lint's rules are
    per file), in the same order. The rendered files come back for the backend, which writes
    them without rendering the skill again."""
    closing = dict(ctx.closing_lines)
    done = ctx.memo_map(
        _leak_task,
        [(skill, closing) for skill in module.skills],
        key=_leak_key,
        valid=_is_leak_result,
        cost=WORK_PER_BLOCK_US,
        back=BACK_PER_BLOCK_US,
    )
    for skill, (diagnostics, files) in zip(module.skills, done, strict=True):
        ctx.emitter.keep(skill, files)
        for diagnostic in diagnostics:
            ctx.report(diagnostic)


def _leak_key(task: tuple[Skill, dict[str, int]]) -> object:
    """What `_leak_task` reads: the skill and the closing lines (``ctx.memo_map``)."""
    skill, closing = task
    return ("report-leaks/1", skill, sorted(closing.items()))


def _is_leak_result(found: object, task: object) -> bool:
    """Whether a kept value is a list of diagnostics and a tuple of rendered files."""
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], list)
        and all(isinstance(d, Diagnostic) for d in found[0])
        and isinstance(found[1], tuple)
        and all(isinstance(f, tuple) and len(f) == 2 for f in found[1])
    )


def _leak_task(
    task: tuple[Skill, dict[str, int]],
) -> tuple[list[Diagnostic], tuple[tuple[str, str], ...]]:
    """One skill's SK060/SK061 warnings and its rendered files, for ``ctx.map``."""
    from skillc.package.emit import emit_skill

    skill, closing_lines = task
    emitted = emit_skill(skill)
    return leaks(skill, emitted, emitted.package(), None, closing_lines), emitted.files


@dataclass(frozen=True, slots=True)
class _Piece:
    """A scanned text: an emitted block (or the description), where it goes, where it came from."""

    text: str
    output: str
    prov: tuple[Span, ...]
    block: ContentBlock | None = None


def _lint(packages: Sequence[Package]) -> list[Diagnostic]:
    """The RK101 and PK309 findings of ``packages``, by the lint engine."""
    from skillc.lint.config import LintConfig, Selection
    from skillc.lint.engine import lint_packages

    config = LintConfig(layers=(Selection(select=tuple(code for code, _, _ in _RULES)),))
    return lint_packages(packages, config).diagnostics


def _package_of(finding: Diagnostic) -> str:
    """The display name of the package a finding is in: its file is ``<display>/<path>``."""
    source = finding.span.source if finding.span is not None else finding.path
    return source.split("/", 1)[0]


def leaks(
    skill: Skill,
    emitted: EmittedSkill | None = None,
    package: Package | None = None,
    findings: Sequence[Diagnostic] | None = None,
    closing_lines: Mapping[str, int] | None = None,
) -> list[Diagnostic]:
    """SK060/SK061 warnings for the emitted package of ``skill``, per rule in text order
    (the description, then the blocks in module order). ``findings``: lint's on ``package``,
    when already known; ``closing_lines``: see `PassContext` (without it, a finding in code
    whose span has a header is reported at the span's first line)."""
    from skillc.package.emit import emit_skill

    emitted = emitted or emit_skill(skill)
    package = package or emitted.package()
    if findings is None:
        findings = _lint([package])
    texts = dict(emitted.files)
    origins = dict(emitted.origins)
    order = {id(block): n for n, block in enumerate(skill.blocks, 1)}
    rank = {code: n for n, (code, _, _) in enumerate(_RULES)}
    name = skill.name or skill.id
    found = []
    for finding in findings:
        if finding.span is None or finding.code not in rank:
            continue
        path = finding.span.source.removeprefix(package.display.rstrip("/") + "/")
        origin = _origin(origins.get(path, ()), finding.span.start)
        if origin is None:
            continue  # text skillc added: a pointer or contents line quoting a block
        _, code, what = _RULES[rank[finding.code]]
        piece = _piece(skill, origin, texts[path], path)
        line = texts[path].count("\n", origin.start, finding.span.start) + 1
        message = (
            f"{what} carried into {name}/{path}: {finding.message} "
            f"(`skillc lint` reports {finding.code})"
        )
        diagnostic = Diagnostic(
            code=code,
            message=message,
            severity=Severity.WARNING,
            span=_source_span(piece, line, closing_lines or {}),
        )
        where = order.get(id(origin.block), 0) if origin.block is not None else 0
        found.append(((rank[finding.code], where, finding.span.start), diagnostic))
    return [diagnostic for _, diagnostic in sorted(found, key=lambda item: item[0])]


def _origin(origins: tuple[Origin, ...], offset: int) -> Origin | None:
    """The origin whose text holds ``offset``, if any."""
    at = bisect.bisect_right([o.start for o in origins], offset) - 1
    if at < 0 or offset >= origins[at].end:
        return None
    return origins[at]


def _piece(skill: Skill, origin: Origin, text: str, path: str) -> _Piece:
    shown = text[origin.start : origin.end]
    if origin.block is None:  # the description
        return _Piece(shown, path, skill.prov[:1])
    return _Piece(shown, path, origin.block.prov, origin.block)


def _source_span(piece: _Piece, line: int, closing_lines: Mapping[str, int]) -> Span | None:
    """The source span to report: the piece's first span, on the finding's source line when
    the rendered lines correspond to source lines one-to-one."""
    if not piece.prov:
        return None
    first = piece.prov[0]
    found = first.line
    if piece.block is not None and len(piece.prov) == 1:
        within = _content_line(piece.block, piece.text, line)
        found = _source_line(piece.block, first, *within, closing_lines)
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


def _source_line(
    block: ContentBlock,
    span: Span,
    content_line: int,
    content_lines: int,
    closing_lines: Mapping[str, int],
) -> int:
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
        closing = closing_lines.get(PurePosixPath(span.source).suffix.lower())
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
