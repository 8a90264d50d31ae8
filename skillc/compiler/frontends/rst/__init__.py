"""The reStructuredText frontend: docutils' doctree, Sphinx roles and directives, into pieces.

`reader.read_rst` reads one page; `parse` runs docutils, `doctree` walks its tree, `sphinx`,
`roles` and `signature` understand Sphinx's markup, `targets` collects labels and titles.
"""

from __future__ import annotations

from skillc.compiler.frontends.frontend import Claims, Frontend, Pages, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets


def read(text: str, source_id: str, targets: Targets) -> FrontendResult:
    """One reStructuredText page (see `reader.read_rst`)."""
    from skillc.compiler.frontends.rst.reader import read_rst

    return read_rst(text, source_id=source_id, targets=targets)


def targets(pages: Pages) -> Targets:
    """Labels and titles of RST pages (see `targets.collect_rst_targets`)."""
    from skillc.compiler.frontends.rst.targets import collect_rst_targets

    return collect_rst_targets(pages)


FRONTEND = Frontend(
    name="rst",
    media_type="text/x-rst",
    claims=Claims(suffixes=(".rst",)),
    reads=Reads.TEXT,
    read=read,
    targets=targets,
    closing_lines=0,
)

__all__ = ["FRONTEND"]
