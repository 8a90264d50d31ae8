"""Chapters from a manual's own structure: the tree its pages' breadcrumbs draw.

Why: the pages of one folder, cut into alphabetical runs, are no chapter an author wrote:
python-doc's ``library/`` became ten runs of thirty modules (``abc`` to ``cgitb``) whose
descriptions could name none of their five hundred sections. Every Sphinx page names its
place in the manual's toctree (`skillc.ir.nodes.Source.trail`: ``library/index.html`` >
``library/text.html``), so the pages can be folded the way the manual's contents page lists
them: "Text Processing Services" holds ``string``, ``re``, ``difflib`` and their siblings.

A page's path is its trail and itself. Its chapter is the shortest prefix of that path whose
subtree holds at most ``limit`` pages (a chapter small enough for one description to route
it). A page left alone that way (a leaf under a large part: ``functions.html`` directly
under the library's index) joins the other pages directly under the same part instead, and
a part's own page joins them too, so "The Python Standard Library" keeps its introduction,
built-in functions and constants together. Cost: one count per prefix of each path, linear
in the pages times the tree's depth.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from skillc.ir.nodes import Source
from skillc.passes.options import CHAPTER_SECTIONS

#: A folder with more pages than this is cut into runs of nearly equal length.
MAX_CHAPTER_PAGES = 30
#: A chapter with more sections than this is cut: a description of 1,024 characters names
#: the words of about so many headings. Measured (tools/bench_routing.py, chapter level,
#: hit@3 / listing tokens): python-doc 0.886 / 12.8k at 300, 0.906 / 16.7k at 150,
#: 0.917 / 19.9k at 100 (page level: 0.902 / 39.9k); sqlite 0.769, 0.892, 0.936.
MAX_CHAPTER_SECTIONS = CHAPTER_SECTIONS


#: The media type of a code repository's own source (`Source.media_type`, as the repository
#: frontend records it: the folder named on the command line, read whole).
REPOSITORY_MEDIA_TYPE = "application/vnd.skillc.repository+json"


def repository_tops(sources: Sequence[Source]) -> frozenset[str]:
    """The folders, as page ids name them, at the top of a code repository of the build:
    ``""`` for a repository built alone, its name beside other inputs (the label its pages'
    ids carry is the repository source's id). Empty without a repository.

    Why: a repository's top pages (README, CONTRIBUTING, SECURITY) are the project's own
    pages, not a chapter of its manual; folded together, python-dotenv 1.0.1's README and
    CONTRIBUTING became one skill, ``python-dotenv-1-0-1-contributing``, named after the
    sdist's folder, its README no longer the ``-readme`` skill the repository names."""
    ids = [s.id for s in sources if s.media_type == REPOSITORY_MEDIA_TYPE]
    return frozenset(("", *ids)) if ids else frozenset()


def chapter_keys(
    paths: Sequence[tuple[str, ...]], weights: Sequence[int], limit: int
) -> list[tuple[str, ...]]:
    """For each page's path (its trail and its own id), the path of the chapter it joins:
    the shortest prefix whose pages weigh at most ``limit`` (``weights[i]``: page i's)."""
    sizes: Counter[tuple[str, ...]] = Counter()
    for path, weight in zip(paths, weights, strict=True):
        for k in range(1, len(path) + 1):
            sizes[path[:k]] += weight
    below = Counter(path[:k] for path in paths for k in range(1, len(path) + 1))
    keys: list[tuple[str, ...]] = []
    for path in paths:
        depth = next((k for k in range(1, len(path)) if sizes[path[:k]] <= limit), len(path))
        alone = depth == len(path) and below[path] == 1 and len(path) > 1
        keys.append(path[: depth - 1] if alone else path[:depth])
    return keys


def runs(weights: Sequence[int], limit: int, most: int) -> list[slice]:
    """Consecutive runs of a chapter's pages (of ``weights``) that each weigh about the same
    (at most ``limit`` where the pages allow) and hold at most ``most`` pages: a chapter too
    large for one description, cut in reading order. Each cut falls on the page boundary
    nearest its share of the total weight."""
    total = sum(weights)
    count = max(-(-len(weights) // most), -(-total // limit), 1)
    cuts: list[slice] = []
    start, seen = 0, 0
    for i, weight in enumerate(weights):
        target = total * (len(cuts) + 1) / count
        nearer = target - seen < seen + weight - target  # cutting here is closer to it
        if len(cuts) + 1 < count and i > start and (nearer or i - start >= most):
            cuts.append(slice(start, i))
            start = i
        seen += weight
    cuts.append(slice(start, len(weights)))
    return cuts


def trails(sources: Sequence[Source]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Each source's trail (only those that have one) and each trail page's title."""
    found = {s.id: s.trail for s in sources if s.trail}
    titles: dict[str, str] = {}
    for source in sources:
        for page, title in zip(source.trail, source.trail_titles, strict=False):
            titles.setdefault(page, title)
    return found, titles


def chapter_title(key: tuple[str, ...], titles: Mapping[str, str]) -> str:
    """The title of the chapter whose path is ``key``: its own page's, as the trails show it."""
    return titles.get(key[-1], "") if key else ""


def part(source: str, trail: tuple[str, ...], titles: Mapping[str, str]) -> str:
    """The title of the part of the manual ``source`` (whose trail is ``trail``) is in: the
    top of its trail, as breadcrumbs start below the front page ("The Python Standard
    Library" for ``library/string.html``), the page itself when it is a part's page; ``""``
    outside the tree."""
    return titles.get(trail[0] if trail else source, "")


def names_the_manual(title: str, library: str) -> bool:
    """Whether a chapter's title is the whole manual's: the library's name, a version maybe,
    then "documentation", "docs" or "manual". A documentation package built from its root
    keeps the manual in ``html/``, so its front page ``html/index.html`` was taken for a
    chapter's, and its top-level pages were titled "Werkzeug: Werkzeug Documentation (2.2.x)".

    >>> names_the_manual("Werkzeug Documentation (2.2.x)", "Werkzeug")
    True
    >>> names_the_manual("Python 3.11.2 documentation", "python")
    True
    >>> names_the_manual("The Python Standard Library", "python")
    False
    """
    words = re.escape(" ".join(library.split()))
    pattern = rf"{words}\s+(?:v?\d[\w.+-]*\s+)?(?:documentation|docs|manual)\b"
    return bool(library.strip()) and re.match(pattern, title.strip(), re.IGNORECASE) is not None
