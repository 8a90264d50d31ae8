"""The Markdown frontend: CommonMark pages with MyST directives, roles and ``{eval-rst}``.

`reader.read_markdown` reads one page; `blocks` walks markdown-it-py's tokens into pieces,
`myst` handles MyST directives and `eval_rst` the reStructuredText inside ``{eval-rst}``.
"""

from __future__ import annotations

from skillc.compiler.frontends.frontend import Claims, Frontend, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets
from skillc.compiler.frontends.markdown.targets import collect_targets


def read(text: str, source_id: str, targets: Targets) -> FrontendResult:
    """One Markdown page (see `reader.read_markdown`)."""
    from skillc.compiler.frontends.markdown.reader import read_markdown

    return read_markdown(text, source_id=source_id, targets=targets)


FRONTEND = Frontend(
    name="markdown",
    media_type="text/markdown",
    claims=Claims(suffixes=(".md", ".markdown")),
    reads=Reads.TEXT,
    read=read,
    targets=collect_targets,
    closing_lines=1,
)

__all__ = ["FRONTEND"]
