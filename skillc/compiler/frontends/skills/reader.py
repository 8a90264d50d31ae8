"""The existing-skill frontend: an Agent Skills package (a lint `Package`) -> one SSL `Skill`.

Why: the passes and the risk scanner work on SSL; reading a finished package into the same IR
lets them analyse skills skillc did not build. The body of SKILL.md goes through the Markdown
frontend, so content blocks, steps, scenes and constraints are read exactly as for a guide.

Guarantees: deterministic; never raises on any `Package` (no SKILL.md, no front matter,
undecodable text all give a skill with what is known); every span of the result locates text
in SKILL.md itself, front matter lines included, in the decoded text the lint model keeps (BOM
removed, line ends as in the file), so ``text[span.start:span.end]`` is the node's source.
Only front-matter values that are strings are used; files under ``scripts/`` become
``script`` dependencies. Reference files are not read (keep it simple: SKILL.md is the skill).
"""

from __future__ import annotations

import bisect
import posixpath
from dataclasses import replace
from typing import Any, TypeVar

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import upper_snake
from skillc.compiler.frontends.markdown.reader import read_markdown
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import Dependency, Heading, Node, Skill
from skillc.ir.span import Span
from skillc.lint.rules.structure._links import link_kind, resolve, target_path
from skillc.package.model import Package, span_at
from skillc.package.reader import package_from_texts

N = TypeVar("N", bound=Node)


def read_skill_file(text: str, *, source_id: str) -> FrontendResult:
    """The skill of the package whose SKILL.md, at ``source_id`` (``<folder>/SKILL.md``), is
    ``text``: what ``skillc build`` reads for a folder of skills. Spans point into ``source_id``.
    """
    folder = posixpath.dirname(source_id)
    name = posixpath.basename(folder)
    pkg = package_from_texts(name, {posixpath.basename(source_id): text}, display=folder)
    unread = _linked_files_not_read(pkg)
    return FrontendResult(skills=(read_skill_package(pkg),), diagnostics=unread)


def _linked_files_not_read(pkg: Package) -> tuple[Diagnostic, ...]:
    """SK032 for each file of the skill's folder that SKILL.md links to: only SKILL.md is
    read, so what such a file holds (a reference, a script) is not in the output. Said once
    per file, at the first link to it, as a warning: the build drops that content."""
    if pkg.skill_file is None:
        return ()
    seen: set[str] = set()
    found: list[Diagnostic] = []
    for link in pkg.skill_file.links:
        if link_kind(link.target) != "relative":
            continue  # web, anchors, templates and paths outside the skill hold nothing of it
        path = resolve(pkg.skill_file.path, target_path(link.target))
        if path is None or path in ("", pkg.skill_file.path) or path in seen:
            continue
        seen.add(path)
        message = (
            f"{path} of this skill is not read (only SKILL.md is): its content is not in the output"
        )
        found.append(
            Diagnostic(
                code="SK032",
                message=message,
                severity=Severity.WARNING,
                span=link.span,
                path=link.span.source,
            )
        )
    return tuple(found)


def read_skill_package(pkg: Package) -> Skill:
    """The package as an SSL skill: front matter for name and description, body for content."""
    display = pkg.skill_file.display if pkg.skill_file is not None else _default_display(pkg)
    text = pkg.skill_file.text if pkg.skill_file is not None else None
    name = _string(pkg, "name") or pkg.dir_name
    description = _string(pkg, "description")
    scripts = tuple(
        Dependency(type="script", value=f.path)
        for f in sorted(pkg.files, key=lambda f: f.path)
        if f.path.startswith("scripts/")
    )
    skill_id = f"SKILL_{upper_snake(name) or 'PACKAGE'}"
    base = Skill(id=skill_id, name=name, description=description, skill_name=name)
    if text is None:
        return replace(base, dependencies=scripts)
    whole = span_at(display, text, 0, len(text))
    body = _body_skill(pkg, display, text)
    if body is None:
        return replace(base, prov=(whole,), dependencies=scripts)
    has_h1 = any(isinstance(b, Heading) and b.level == 1 for b in body.blocks)
    return replace(
        body,
        id=skill_id,
        prov=(whole,),
        name=name,
        description=description,
        skill_name=body.skill_name if has_h1 else name,
        dependencies=(*body.dependencies, *scripts),
    )


def _default_display(pkg: Package) -> str:
    return f"{pkg.display.rstrip('/')}/SKILL.md"


def _string(pkg: Package, key: str) -> str:
    field = pkg.front_matter.get(key)
    return field.value if field is not None and isinstance(field.value, str) else ""


def _body_skill(pkg: Package, display: str, text: str) -> Skill | None:
    """The Markdown frontend's skill for the body, its spans moved into SKILL.md."""
    body = text[pkg.body_offset :]
    if not body.strip():
        return None
    # The Markdown frontend expects "\n" line ends; CRLF files are read normalised and every
    # offset mapped back (lines and columns are unchanged: only line ends lose their "\r").
    normal = body.replace("\r\n", "\n")
    result = read_markdown(normal, source_id=display)
    if not result.skills:
        return None
    shift = _Shift(
        display=display,
        offset=pkg.body_offset,
        lines=text.count("\n", 0, pkg.body_offset),
        crlf_at=_crlf_line_ends(body),
        limit=len(text),
    )
    return shift.skill(result.skills[0])


def _crlf_line_ends(body: str) -> list[int]:
    """Offsets, in the normalised body, of the line ends that were CRLF in ``body``."""
    found: list[int] = []
    position = body.find("\r\n")
    while position >= 0:
        found.append(position - len(found))  # each earlier CRLF lost one character
        position = body.find("\r\n", position + 2)
    return found


class _Shift:
    """Moves spans from body coordinates (normalised) to SKILL.md coordinates."""

    def __init__(
        self, *, display: str, offset: int, lines: int, crlf_at: list[int], limit: int
    ) -> None:
        self.display = display
        self.offset = offset
        self.lines = lines
        self.crlf_at = crlf_at
        self.limit = limit

    def position(self, index: int) -> int:
        """The SKILL.md offset of body offset ``index``: each CRLF before it adds its "\\r"."""
        return min(self.offset + index + bisect.bisect_left(self.crlf_at, index), self.limit)

    def span(self, span: Span) -> Span:
        # The body always starts at column 1 (the front matter ends with a line break), so
        # columns stay; lines move by the front matter's line count.
        return Span(
            source=self.display,
            line=span.line + self.lines,
            col=span.col,
            end_line=span.end_line + self.lines,
            end_col=span.end_col,
            start=self.position(span.start),
            end=self.position(span.end),
        )

    def node(self, node: N) -> N:
        changes: dict[str, Any] = {"prov": tuple(self.span(s) for s in node.prov)}
        return replace(node, **changes)

    def skill(self, skill: Skill) -> Skill:
        return replace(
            self.node(skill),
            blocks=tuple(self.node(b) for b in skill.blocks),
            scenes=tuple(self.node(s) for s in skill.scenes),
            logic_steps=tuple(self.node(s) for s in skill.logic_steps),
            constraints=tuple(self.node(c) for c in skill.constraints),
        )
