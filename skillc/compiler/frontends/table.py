"""The frontend table: the one place the input kinds are listed, and the lookups over it.

Everything that needs to know about input kinds (input gathering, the driver, the executor,
library naming, report-leaks) asks here. Order matters in two places only: cross-page targets
of earlier kinds win over later ones for the same label (`collect_targets`), and a path two
kinds could claim goes to the first.

Importing the table imports each kind's package ``__init__``, which loads no parser library
(see `skillc.compiler.frontends.frontend`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path

from skillc.compiler.frontends import html, markdown, pdf, repository, rst, skills, tickets
from skillc.compiler.frontends.frontend import Frontend, KindOptions, Pages
from skillc.compiler.frontends.guide.textutil import Targets

__all__ = [
    "FRONTENDS",
    "SNIFFERS",
    "SNIFF_BYTES",
    "SUFFIXES",
    "by_content",
    "by_marker",
    "by_media_type",
    "by_name",
    "by_path",
    "by_root",
    "closing_lines",
    "collect_targets",
    "file_suffixes",
]

#: Every input kind skillc reads, in precedence order.
FRONTENDS: tuple[Frontend, ...] = (
    markdown.FRONTEND,
    rst.FRONTEND,
    html.FRONTEND,
    pdf.FRONTEND,
    skills.FRONTEND,
    repository.FRONTEND,
    tickets.FRONTEND,
)

_BY_NAME = {f.name: f for f in FRONTENDS}
_BY_MEDIA_TYPE = {f.media_type: f for f in reversed(FRONTENDS)}
_BY_SUFFIX = {s: f for f in reversed(FRONTENDS) for s in f.claims.suffixes}
_BY_MARKER = {m: f for f in reversed(FRONTENDS) for m in f.claims.folder_markers}
#: Every file suffix some kind claims, longest first.
SUFFIXES: tuple[str, ...] = tuple(sorted(_BY_SUFFIX, key=lambda s: (-len(s), s)))
#: The kinds that tell a file no name claims by its first `SNIFF_BYTES` bytes.
SNIFFERS: tuple[Frontend, ...] = tuple(f for f in FRONTENDS if f.claims.sniff is not None)
SNIFF_BYTES = 512


def by_name(name: str) -> Frontend:
    """The kind called ``name``; `KeyError` when there is none."""
    return _BY_NAME[name]


def by_media_type(media_type: str) -> Frontend | None:
    """The kind that records ``media_type`` for its sources."""
    return _BY_MEDIA_TYPE.get(media_type)


def by_path(path: str) -> Frontend | None:
    """The kind that claims the file at POSIX path ``path`` by its name: a folder marker
    (``SKILL.md``) first, then its suffix (case-insensitive); ``None`` when none does."""
    name = posixpath.basename(path)
    if name in _BY_MARKER:
        return _BY_MARKER[name]
    dot = name.rfind(".")
    return _BY_SUFFIX.get(name[dot:].lower()) if dot >= 0 else None


def by_marker(names: Sequence[str]) -> Frontend | None:
    """The kind whose folder marker is among the file names ``names`` of one folder."""
    return next((_BY_MARKER[n] for n in names if n in _BY_MARKER), None)


def by_root(folder: Path) -> Frontend | None:
    """The first kind that reads the folder ``folder``, named on the command line, as one
    source (a code repository), else ``None`` (a folder of pages)."""
    return next((f for f in FRONTENDS if f.claims.root is not None and f.claims.root(folder)), None)


def by_content(head: bytes, options: KindOptions) -> Frontend | None:
    """The first kind whose sniffer recognises a file starting with ``head`` (told by
    ``options``, the build's: named ticket columns)."""
    return next(
        (f for f in SNIFFERS if f.claims.sniff is not None and f.claims.sniff(head, options)),
        None,
    )


def file_suffixes() -> list[str]:
    """Every claimed suffix, sorted: what a folder without any page is told to hold."""
    return sorted(_BY_SUFFIX)


def closing_lines() -> dict[str, int]:
    """By claimed suffix, how many lines a code block's span has after its text, for the kinds
    that know (report-leaks' ``ctx.closing_lines``)."""
    return {
        suffix: f.closing_lines
        for f in FRONTENDS
        if f.closing_lines is not None
        for suffix in f.claims.suffixes
    }


def collect_targets(pages: Sequence[tuple[str, str, str]]) -> Targets:
    """The cross-page targets of a build: ``(frontend name, source id, text)`` of every text
    page, each kind's labels and titles collected by that kind and merged, an earlier kind's
    winning for the same label or page."""
    labels: dict[str, tuple[str, str]] = {}
    titles: dict[str, str] = {}
    for frontend in FRONTENDS:
        if frontend.targets is None:
            continue
        own: Pages = [(i, text) for name, i, text in pages if name == frontend.name]
        if not own:
            continue
        found = frontend.targets(own)
        labels = {**found.labels, **labels}
        titles = {**found.titles, **titles}
    return Targets(labels=labels, titles=titles)
