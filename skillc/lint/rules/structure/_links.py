"""Helpers shared by the structure rules: where links point, and which files the agent can reach.

Not a rule module (it is not listed in ``MODULES``). Everything here is pure and never raises on a
`Package`.

*Links* are the reader's Markdown links (``PackageFile.links``: outside fenced code), minus those
inside inline code spans (`` `[x](y)` `` is an example, not a link) and templated targets
(``{{url}}``, ``$VAR``). A target is classified by `link_kind`.

*Mentions* are how an agent finds a file without a link: its path in prose or in a command
(``python scripts/fill.py``). `mentions` reads a text once into a set of path tokens and all their
``/``-suffixes, so ``${CLAUDE_SKILL_DIR}/scripts/fill.py`` mentions ``scripts/fill.py`` and the
name ``fill.py``. A file is mentioned by a text when its file name is such a token (so a mention by
path or by bare name both count), when a directory holding it is written with a trailing slash
(``assets/fonts/``), or, for code files read by code files, when its stem is imported
(``from helpers import x``, ``require('./util')``).

*Reach* (`reach`) is what an agent can get to from SKILL.md: a breadth-first walk over links and
mentions, starting at SKILL.md and continuing through every reached text file (a script that
opens ``assets/template.docx`` reaches it).
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from skillc.package.model import Link, Package, PackageFile, line_breaks

#: Folders whose files an agent only finds through SKILL.md (spec: optional directories).
BUNDLE_DIRS = ("references/", "scripts/", "assets/")
#: Files tools use implicitly, which no instruction needs to name.
IMPLICIT_FILES = frozenset(
    {
        "__init__.py",
        "py.typed",
        "package.json",
        "package-lock.json",
        "pnpm-lock.yaml",
        "yarn.lock",
        "tsconfig.json",
        "pyproject.toml",
        "uv.lock",
        "poetry.lock",
        "Pipfile.lock",
        "go.mod",
        "go.sum",
        "Cargo.toml",
        "Cargo.lock",
        "Gemfile.lock",
    }
)
_LICENSE_STEMS = frozenset({"license", "licence", "copying", "notice"})
CODE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".rb", ".pl", ".lua")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_TOKEN = re.compile(r"[\w.~/-]+")


def link_kind(target: str) -> str:
    """``relative``, ``outside`` (absolute, ``file:``, ``~``, a drive), ``web`` (any other
    scheme or ``//host``), ``anchor`` (``#x`` or empty) or ``template`` (``{{x}}``, ``$X``)."""
    if not target or target.startswith("#"):
        return "anchor"
    if "{" in target or "$" in target:
        return "template"
    if target.startswith("//"):
        return "web"
    if target.startswith(("/", "\\", "~")) or _DRIVE.match(target):
        return "outside"
    if _SCHEME.match(target):
        return "outside" if target.lower().startswith("file:") else "web"
    return "relative"


def target_path(target: str) -> str:
    """The path part of a link target: no ``#fragment`` or ``?query``, percent-decoded."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    return unquote(path)


def resolve(from_path: str, path: str) -> str | None:
    """Package-relative POSIX path of ``path`` written in file ``from_path``; None when it
    leaves the package. The package root is ``""``."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return "" if joined == "." else joined


class LinkAt(NamedTuple):
    """A link of ``file`` with its kind and the offsets of its target in ``file.text``."""

    file: PackageFile
    link: Link
    kind: str
    start: int
    end: int


def links(pkg: Package) -> Iterator[LinkAt]:
    """Every link of every Markdown file, outside inline code, in file order."""
    for file in pkg.files:
        yield from file_links(file)


def file_links(file: PackageFile) -> Iterator[LinkAt]:
    """The links of one file, outside inline code, in order."""
    text = file.text
    if text is None:
        return
    for link in file.links:
        if _in_code_span(text, link.span.start):
            continue
        start, end = _target_offsets(text, link)
        yield LinkAt(file, link, link_kind(link.target), start, end)


def _target_offsets(text: str, link: Link) -> tuple[int, int]:
    closing = link.span.start + (1 if link.is_image else 0) + 1 + len(link.text)
    start = text.find(link.target, closing, link.span.end) if link.target else -1
    if start < 0:
        return link.span.start, link.span.end
    return start, start + len(link.target)


def _in_code_span(text: str, offset: int) -> bool:
    """True when an odd number of backticks precede ``offset`` on its line.

    Counted by bisection in the text's line breaks and backticks (each found once per text):
    counting along the line for every link made a long line of many links quadratic.
    """
    breaks = line_breaks(text)
    before = bisect_left(breaks, offset)
    line_start = breaks[before - 1] + 1 if before else 0
    ticks = _backticks(text)
    return (bisect_left(ticks, offset) - bisect_left(ticks, line_start)) % 2 == 1


@lru_cache(maxsize=16)
def _backticks(text: str) -> list[int]:
    return [match.start() for match in _BACKTICK.finditer(text)]


_BACKTICK = re.compile("`")


def directories(pkg: Package) -> set[str]:
    """Every folder holding a file, as package-relative paths (the root is ``""``)."""
    found = {""}
    for file in pkg.files:
        parent = posixpath.dirname(file.path)
        while parent and parent not in found:
            found.add(parent)
            parent = posixpath.dirname(parent)
    return found


def is_bundled(path: str) -> bool:
    """True for files under references/, scripts/ or assets/ that an instruction should name."""
    if not path.startswith(BUNDLE_DIRS):
        return False
    name = posixpath.basename(path)
    return not (
        name.startswith(".") or name in IMPLICIT_FILES or _is_license(name) or name.endswith(".pyc")
    )


def _is_license(name: str) -> bool:
    """``LICENSE``, ``LICENSE.txt``, ``LICENSE-MIT``, ``COPYING``, ``NOTICE``... (not
    ``notice-template.md``)."""
    stem = name.lower().split(".", 1)[0]
    return stem in _LICENSE_STEMS or stem.startswith(("license-", "license_", "licence-"))


class Mentions(NamedTuple):
    """The path tokens of one text: file names and paths (``names``), folders written with a
    trailing slash (``folders``)."""

    names: frozenset[str]
    folders: frozenset[str]


@lru_cache(maxsize=64)
def mentions(text: str, *, code: bool = False) -> Mentions:
    """Path tokens of ``text`` and every ``/``-suffix of them (module doc).

    In code (``code=True``) dotted module paths count as paths too: ``lib.helpers`` mentions
    ``lib/helpers`` and ``helpers``. Cached: several rules ask about the same SKILL.md.

    >>> found = mentions("run `python ${DIR}/scripts/a.py` or see assets/")
    >>> sorted(n for n in found.names if "a" in n), sorted(found.folders)
    (['/scripts/a.py', 'a.py', 'assets', 'assets/', 'scripts/a.py'], ['assets'])
    """
    unique = set(_TOKEN.findall(text))
    names = {t for t in unique if "/" not in t and not t.endswith(".")}
    folders: set[str] = set()
    for token in unique - names:
        token = token.rstrip(".")
        if token.endswith("/"):
            _add_suffixes(folders, token.strip("/"))
        _add_suffixes(names, token)
    if code:
        for token in [t for t in names if "." in t and "/" not in t]:
            _add_suffixes(names, token.replace(".", "/"))
    return Mentions(frozenset(names), frozenset(folders))


def _add_suffixes(into: set[str], token: str) -> None:
    if "/" not in token:
        if token:
            into.add(token)
        return
    into.add(token)
    parts = [p for p in token.split("/") if p and p != "."]
    for i in range(len(parts)):
        into.add("/".join(parts[i:]))


def is_code(path: str) -> bool:
    return path.endswith(CODE_SUFFIXES)


def mentioned_in(file_path: str, seen: Mentions, *, by_code: bool) -> bool:
    """Whether the text whose tokens are ``seen`` mentions the package file ``file_path``."""
    name = posixpath.basename(file_path)
    if name in seen.names:
        return True
    if by_code and is_code(file_path) and posixpath.splitext(name)[0] in seen.names:
        return True
    parent = posixpath.dirname(file_path)
    while parent:
        if parent in seen.folders:
            return True
        parent = posixpath.dirname(parent)
    return False


@dataclass(slots=True)
class Reach:
    """Files reachable from SKILL.md: ``by`` maps each reached path to the paths of the files
    that link to it or mention it (SKILL.md's own entry is empty)."""

    by: dict[str, set[str]] = field(default_factory=dict)

    def reached(self, path: str) -> bool:
        return path in self.by


_last_reach: tuple[Package, Reach] | None = None


def reach(pkg: Package) -> Reach:
    """What the agent can reach from SKILL.md (module doc); empty without a readable SKILL.md.

    The last result is kept, keyed by the package's identity, because two rules (PK307, PK308)
    need it for the same package in a row.
    """
    global _last_reach
    cached = _last_reach
    if cached is not None and cached[0] is pkg:
        return cached[1]
    result = _walk(pkg)
    _last_reach = (pkg, result)
    return result


def _walk(pkg: Package) -> Reach:
    result = Reach()
    start = pkg.skill_file
    if start is None or start.text is None:
        return result
    index = _Index(pkg)
    result.by[start.path] = set()
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target in sorted(index.targets(current)):
            if target == current.path:
                continue
            if target not in result.by:
                result.by[target] = set()
                found = index.files[target]
                if found.text is not None:
                    queue.append(found)
            result.by[target].add(current.path)
    return result


class _Index:
    """The package's files by name, by code stem and by folder, so a text's mentions resolve by
    set intersection instead of a scan of every file per text."""

    def __init__(self, pkg: Package) -> None:
        self.files = {f.path: f for f in pkg.files}
        self.by_name: dict[str, list[str]] = {}
        self.by_stem: dict[str, list[str]] = {}
        self.by_dir: dict[str, list[str]] = {}
        for path in self.files:
            name = posixpath.basename(path)
            self.by_name.setdefault(name, []).append(path)
            if is_code(path):
                self.by_stem.setdefault(posixpath.splitext(name)[0], []).append(path)
            parent = posixpath.dirname(path)
            while parent:
                self.by_dir.setdefault(parent, []).append(path)
                parent = posixpath.dirname(parent)

    def targets(self, current: PackageFile) -> set[str]:
        """Paths of the files ``current`` links to or mentions (a linked folder: its files)."""
        text = current.text or ""
        found: set[str] = set()
        for found_link in file_links(current):
            if found_link.kind != "relative":
                continue
            resolved = resolve(current.path, target_path(found_link.link.target))
            if resolved is None:
                continue
            if resolved in self.files:
                found.add(resolved)
            elif resolved:  # a folder below the root: everything in it is listed for the agent
                found.update(self.by_dir.get(resolved, ()))
        code = is_code(current.path)
        seen = mentions(text, code=code)
        for name in seen.names & self.by_name.keys():
            found.update(self.by_name[name])
        if code:
            for stem in seen.names & self.by_stem.keys():
                found.update(p for p in self.by_stem[stem] if is_code(p))
        for folder in seen.folders & self.by_dir.keys():
            found.update(self.by_dir[folder])
        return found
