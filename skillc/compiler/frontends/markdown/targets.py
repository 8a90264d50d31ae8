"""Cross-reference targets of Markdown pages: MyST labels (``(name)=``) and H1 titles.

Collected over every Markdown page of a build before any is read (`Frontend.targets`), so a
``{ref}`` or ``{doc}`` on one page resolves to another page's section (`textutil.Roles`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from skillc.compiler.frontends.guide.textutil import Targets, plain

__all__ = ["collect_targets"]

_LABEL_LINE = re.compile(r"^\(([\w.:/-]+)\)=\s*$")
_HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def collect_targets(pages: Iterable[tuple[str, str]]) -> Targets:
    """Labels (``(name)=`` before a heading) and H1 titles of ``(source id, text)`` pages."""
    labels: dict[str, tuple[str, str]] = {}
    titles: dict[str, str] = {}
    for source_id, text in pages:
        pending: list[str] = []
        for line in text.split("\n"):
            if label := _LABEL_LINE.match(line):
                pending.append(label.group(1).lower())
            elif heading := _HEADING_LINE.match(line):
                title = plain(heading.group(2))
                if heading.group(1) == "#":
                    titles.setdefault(source_id, title)
                labels.update({name: (source_id, title) for name in pending})
                pending = []
            elif line.strip():
                pending = []
    return Targets(labels=labels, titles=titles)
