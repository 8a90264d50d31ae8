"""The HTML frontend: generated documentation sites (Sphinx, MkDocs, mdBook...) into pieces.

`reader.read_html` reads one page; `content` finds the main content with lxml, `blocks`,
`lists`, `inline` and `spans` turn it into pieces, `deep` handles nesting past libxml2's limit.
"""

from __future__ import annotations

from skillc.compiler.frontends.frontend import Claims, Frontend, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets


def read(text: str, source_id: str, targets: Targets) -> FrontendResult:
    """One HTML page (see `reader.read_html`)."""
    from skillc.compiler.frontends.html.reader import read_html

    return read_html(text, source_id=source_id, targets=targets)


def skip_reason(source_id: str, text: str) -> str:
    """Why the page is site navigation rather than a guide (see `reader.is_boilerplate_page`)."""
    from skillc.compiler.frontends.html.reader import is_boilerplate_page

    return is_boilerplate_page(source_id, text)


FRONTEND = Frontend(
    name="html",
    media_type="text/html",
    claims=Claims(suffixes=(".html", ".htm")),
    reads=Reads.DECLARED_TEXT,
    read=read,
    skip_reason=skip_reason,
    closing_lines=None,
)

__all__ = ["FRONTEND"]
