"""Where ``:ref:`` and ``:doc:`` point in a reStructuredText build: labels, titles, pages.

Why: a Sphinx guide links its pages with ``:ref:`label``` (a ``.. _label:`` placed before a
section) and ``:doc:`page``` (a page by its path without extension). Rendered as bare text the
link is lost; rendered as the raw role it is RST markup in Markdown. Like the Markdown
frontend's ``{ref}``/``{doc}``, each resolves against the labels and titles of every page of the
build, to a link relative to the page being read, which the rewrite-links pass then turns into
a mention of the sibling skill (or into text, for a page outside the build).

Guarantees: `collect_rst_targets` is a line scan (no docutils run), deterministic, and records
a label before a section title with that title, a label before anything else with an empty
title, and each page's first section title as its title. Resolution never invents a target: an
unknown label or page yields ``None``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from skillc.compiler.frontends.guide.textutil import LineIndex, Targets, plain, rewrite_rst_inline
from skillc.compiler.frontends.rst.signature import Context
from skillc.diagnostics import Diagnostic

__all__ = ["Page", "collect_rst_targets", "doc_names", "resolve_doc", "resolve_ref"]

# ".. _label:" on its own line (a target with a URL after the colon is a link, not a label).
_LABEL = re.compile(r"^\.\.\s+_(?P<name>`[^`]+`|[^`:\s][^:]*):\s*$")
# A section adornment line: one punctuation character repeated (docutils' rule).
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+\s*$")
# Extensions stripped to turn a source id into a Sphinx document name.
_EXTENSIONS = (".rst.txt", ".rst", ".txt", ".md", ".markdown", ".html", ".htm")
# Docutils accepts an underline shorter than its title (with a warning) from this length on.
_SHORT_UNDERLINE = 4


@dataclass(slots=True)
class Page:
    """What the stand-in roles and directives need to know about the page being read.

    ``api`` is the module, class and default domain API signatures are read in, as the page's
    ``.. module::``, ``.. currentmodule::``, ``.. default-domain::`` and class bodies set them.
    """

    source_id: str
    index: LineIndex
    targets: Targets = field(default_factory=Targets)
    docs: Mapping[str, str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    api: Context = field(default_factory=Context)


def collect_rst_targets(pages: Iterable[tuple[str, str]]) -> Targets:
    """Labels (``.. _name:``) and first section titles of ``(source id, text)`` RST pages."""
    labels: dict[str, tuple[str, str]] = {}
    titles: dict[str, str] = {}
    for source_id, text in pages:
        lines = text.split("\n")
        pending: list[str] = []
        i = 0
        while i < len(lines):
            label = _LABEL.match(lines[i])
            found = None if label else _title_at(lines, i)
            if label:
                pending.append(_label_name(label.group("name")))
                i += 1
                continue
            if found is not None:
                title, i = found
                titles.setdefault(source_id, title)
                labels.update({name: (source_id, title) for name in pending})
                pending = []
                continue
            if lines[i].strip():
                # A label before a paragraph or directive: a :ref: to it needs its own title.
                labels.update({name: (source_id, "") for name in pending})
                pending = []
            i += 1
        labels.update({name: (source_id, "") for name in pending})
    return Targets(labels=labels, titles=titles)


def _label_name(raw: str) -> str:
    """Sphinx's normalised label: backquotes removed, whitespace collapsed, lower case."""
    return " ".join(raw.strip("`").split()).lower()


def _title_at(lines: list[str], i: int) -> tuple[str, int] | None:
    """The section title starting at line ``i`` and the line after it, or ``None``."""
    line = lines[i]
    if _ADORNMENT.match(line) and i + 2 < len(lines):  # overline, title, underline
        text, under = lines[i + 1], lines[i + 2]
        if text.strip() and under.rstrip() == line.rstrip() and not _ADORNMENT.match(text):
            return _title_text(text), i + 3
        return None
    if not line.strip() or line[0].isspace() or _ADORNMENT.match(line) or i + 1 >= len(lines):
        return None
    if i > 0 and lines[i - 1].strip() and not _ADORNMENT.match(lines[i - 1]):
        return None  # the second line of a paragraph is never a title
    under = lines[i + 1].rstrip()
    if not _ADORNMENT.match(under) or line.startswith(".. "):
        return None
    if len(under) < len(line.rstrip()) and len(under) < _SHORT_UNDERLINE:
        return None
    return _title_text(line), i + 2


def _title_text(line: str) -> str:
    return plain(rewrite_rst_inline(line.strip()))


def doc_names(titles: Mapping[str, str]) -> Mapping[str, str]:
    """Sphinx document names (path without extension) of the titled pages -> their source ids.

    A build reads every page against the same titles, so the last answer is kept (by identity)
    rather than rebuilt per page.
    """
    cached = _DOC_NAMES[0]
    if cached is not None and cached[0] is titles:
        return cached[1]
    names: dict[str, str] = {}
    for source_id in sorted(titles):
        names.setdefault(doc_name(source_id), source_id)
    _DOC_NAMES[0] = (titles, names)
    return names


_DOC_NAMES: list[tuple[Mapping[str, str], dict[str, str]] | None] = [None]


def doc_name(source_id: str) -> str:
    """``user/quickstart.rst.txt`` -> ``user/quickstart``."""
    path = source_id.replace("\\", "/").strip("/")
    for extension in _EXTENSIONS:
        if path.lower().endswith(extension):
            return path[: -len(extension)]
    return path


def resolve_ref(page: Page, label: str) -> tuple[str, str] | None:
    """The link (relative to ``page``) and section title a ``:ref:`label``` names."""
    found = page.targets.labels.get(_label_name(label))
    if found is None:
        return None
    target, heading = found
    return _href(page, target, f"#{label.strip()}"), heading


def resolve_doc(page: Page, target: str) -> tuple[str, str] | None:
    """The link (relative to ``page``) and page title a ``:doc:`target``` names.

    A relative target is joined to the page's folder. An absolute one (``/gevent``) is relative
    to the Sphinx source folder, which the source ids may sit below (``docs/gevent.rst``): the
    page whose name ends with it is taken, the shortest such name first.
    """
    target = target.strip()
    if target.startswith("/"):
        name = doc_name(target.lstrip("/"))
        found = sorted(
            (n for n in page.docs if n == name or n.endswith(f"/{name}")), key=lambda n: (len(n), n)
        )
        source = page.docs[found[0]] if found else None
    else:
        source = page.docs.get(doc_name(_join(doc_name(page.source_id), target)))
    if source is None:
        return None
    return _href(page, source, ""), page.targets.titles.get(source, "")


def _href(page: Page, target: str, anchor: str) -> str:
    if target == page.source_id:
        return anchor
    folder = posixpath.dirname(page.source_id) or "."
    return posixpath.relpath(target, folder) + anchor


def _join(here: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
