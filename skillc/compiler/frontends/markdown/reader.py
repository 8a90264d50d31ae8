"""The Markdown (CommonMark + MyST) guide frontend: one page -> one SSL `Skill`.

Why: most guides skillc compiles are Markdown, many of them Sphinx/MyST sites (click's docs, for
one) whose directives and embedded RST must not be mistaken for code. This is the entry point;
`blocks`, `myst` and `eval_rst` read content, `steps` and `scenes` extract structure.

Guarantees: deterministic (same text, same result); never raises on text input; every node has
a span inside ``text`` whose source is ``source_id``; nothing from the page is dropped silently
(removed text is kept as a ``removed`` block with a reason); fields the page does not state stay
empty. A whitespace-only page yields no skill and an SK011 diagnostic.
"""

from __future__ import annotations

import re

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.scenes import assemble
from skillc.compiler.frontends.guide.textutil import (
    LineIndex,
    Roles,
    Targets,
    name_stem,
    page_stem,
)
from skillc.compiler.frontends.markdown.blocks import Reader
from skillc.compiler.frontends.markdown.inventory import markdown_inventory
from skillc.compiler.frontends.markdown.targets import collect_targets
from skillc.diagnostics import Diagnostic, Severity

__all__ = ["FrontendResult", "Targets", "collect_targets", "read_markdown"]

_FRONT_MATTER_END = frozenset({"---", "..."})
_TITLE = re.compile(r"""^title\s*:\s*(?P<q>["']?)(?P<title>.*?)(?P=q)\s*$""")


def read_markdown(text: str, *, source_id: str, targets: Targets | None = None) -> FrontendResult:
    """Read one Markdown page (decoded, ``\\n`` newlines) whose path is ``source_id``.

    ``targets`` are the labels and titles of all pages of the build (`collect_targets`); without
    them, cross-references resolve within this page only.
    """
    own = targets if targets is not None else collect_targets([(source_id, text)])
    return _read(text, source_id, Roles(own, source_id))


def _read(text: str, source_id: str, roles: Roles) -> FrontendResult:
    if not text.strip():
        empty = Diagnostic(
            code="SK011", message="empty document", severity=Severity.WARNING, path=source_id
        )
        return FrontendResult(skills=(), diagnostics=(empty,))
    index = LineIndex(text, source_id)
    reader = Reader(index, roles)
    lines = list(index.lines)
    end, title = front_matter(lines)
    if end:
        yaml = "\n".join(lines[:end])
        reader.removed(yaml, index.lines_span(0, end), "yaml front matter")
        lines[:end] = [""] * end  # blank it out so line numbers stay those of the source
    reader.markdown(lines, 0)
    skill = assemble(reader.events, index, page_stem(source_id), title, roles, name_stem(source_id))
    return FrontendResult(
        skills=(skill,),
        diagnostics=tuple(reader.diagnostics),
        inventory=markdown_inventory(text, reader.tokens),
    )


def front_matter(lines: list[str]) -> tuple[int, str]:
    """Lines taken by a leading ``---`` YAML block (0 if none) and its ``title:``, if any."""
    if not lines or lines[0].rstrip() != "---":
        return 0, ""
    for n in range(1, len(lines)):
        if lines[n].rstrip() in _FRONT_MATTER_END:
            titles = (_TITLE.match(line) for line in lines[1:n])
            title = next((m.group("title").strip() for m in titles if m), "")
            return n + 1, title
    return 0, ""
