"""Text helpers shared by the guide frontends: spans, role rewriting, plain text, sentences.

Why a module of its own: the Markdown walker, the MyST directive handler, the embedded-RST
splitter and the step extractor all need the same few operations, and they must agree exactly
(a sentence found by one must be locatable by another). Everything here is pure and
deterministic; nothing allocates ids or decides structure.

Guarantees: `LineIndex` spans always satisfy ``0 <= start <= end <= len(text)`` with valid
1-based lines; `sentences` returns offsets into the string it was given, so callers can slice
the original text; `rewrite_roles` only rewrites role syntax, never other text.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import accumulate

from skillc.ir import inline
from skillc.ir.span import Span

# --- Spans --------------------------------------------------------------------------------------


class LineIndex:
    """Line start offsets of one normalised source text, to turn line ranges into `Span`s."""

    __slots__ = ("_lacks", "lines", "source", "starts", "text")

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = text.split("\n")
        # Each line starts after the previous one and its newline (accumulated in C: a page of
        # HTML can have tens of thousands of lines, and every page builds its index).
        self.starts = list(accumulate([len(line) + 1 for line in self.lines[:-1]], initial=0))
        self._lacks: tuple[str, ...] | None = None  # `_MARKUP` the text lacks, when first asked

    def lines_span(self, first: int, end: int) -> Span:
        """The span of 0-based lines ``[first, end)``, trailing blank lines trimmed."""
        last_line = max(len(self.lines) - 1, 0)
        first = min(max(first, 0), last_line)
        last = min(max(end - 1, first), last_line)
        while last > first and not self.lines[last].strip():
            last -= 1
        start = self.starts[first]
        stop = self.starts[last] + len(self.lines[last])
        return Span(
            source=self.source,
            line=first + 1,
            col=1,
            end_line=last + 1,
            end_col=1 + len(self.lines[last]),
            start=start,
            end=stop,
        )

    def chars_span(self, start: int, end: int) -> Span:
        """The span of character offsets ``[start, end)``, with lines and columns computed."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        line = bisect.bisect_right(self.starts, start) - 1
        end_line = bisect.bisect_right(self.starts, end) - 1
        return Span(
            source=self.source,
            line=line + 1,
            col=start - self.starts[line] + 1,
            end_line=end_line + 1,
            end_col=end - self.starts[end_line] + 1,
            start=start,
            end=end,
        )

    def whole(self) -> Span:
        """The span of the whole text."""
        return self.chars_span(0, len(self.text))

    def locate(self, within: Span, fragment: str, after: int = 0) -> Span:
        """The span of ``fragment`` inside ``within`` (at or after offset ``after``);
        ``within`` itself when it cannot be found.

        Matching is line by line (first and last line of the fragment, stripped), because the
        fragment may come from text whose indentation or quote markers were removed.
        """
        if "\n" in fragment:
            parts = [p.strip() for p in fragment.split("\n") if p.strip()]
        else:  # one line (most sentences): no list to build
            parts = [line] if (line := fragment.strip()) else []
        if not parts or self._cannot_hold(parts[0]):
            return within
        start, end = within.start, within.end
        lo = self.text.find(parts[0], max(start, after), end)
        if lo < 0:
            return within
        hi = self.text.find(parts[-1], lo, end) if len(parts) > 1 else lo
        if hi < 0:
            return within
        return self.chars_span(lo, hi + len(parts[-1]))

    def _cannot_hold(self, part: str) -> bool:
        """Whether ``part`` holds markup the whole text lacks (`_MARKUP`), or is not ASCII in an
        ASCII text: then it occurs nowhere in the text, and `locate` need not search for it.

        Why: an HTML page's sentences are Markdown written from its elements (a link's ``](``,
        a code span's backtick, an escape's backslash, an entity's character), which its
        source does not hold; searched for, each cost the length of the rest of its block (a
        1.8 MB definition list on SQLite's requirements page: 5 GB scanned for nothing).
        """
        if not part.isascii() and self.text.isascii():  # both known to CPython: no scan
            return True
        lacks = self._lacks
        if lacks is None:
            lacks = self._lacks = tuple(m for m in _MARKUP if m not in self.text)
        return any(markup in part for markup in lacks)


#: What Markdown writes for markup, which a source without the markup (HTML: tags) lacks:
#: a link's ``](``, a code span's backtick, an escape's backslash, emphasis' star.
_MARKUP = ("](", "`", "\\", "*")


# --- Roles --------------------------------------------------------------------------------------

# MyST roles: {name}`content`. Cross-reference roles whose content may be "Title <target>".
_MYST_ROLE = re.compile(r"\{([A-Za-z][\w:.+-]*)\}`([^`]*)`")
# RST roles: :name:`content` (with an optional domain, e.g. :py:func:).
_RST_ROLE = re.compile(r"(?<![\w`]):([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)?):`([^`]+)`")
# RST inline literals ``x`` and hyperlinks `text <url>`_ / `text`_.
_RST_LITERAL = re.compile(r"``(.+?)``")
_RST_LINK = re.compile(r"`([^`<]+?)\s*<([^`>]+)>`__?")
_RST_REF = re.compile(r"(?<![\w:])`([^`]+)`__?(?!\w)")
# "Title <target>" inside a cross-reference role.
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)
# Roles whose text is a name that reads as code; the rest read as words (ref, doc, term...).
_CODE_ROLES = frozenset(
    {
        "func", "meth", "class", "exc", "attr", "data", "obj", "mod", "const", "option",
        "envvar", "command", "program", "file", "samp", "kbd", "code", "literal", "py:func",
        "py:meth", "py:class", "py:exc", "py:attr", "py:data", "py:obj", "py:mod", "py:const",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Targets:
    """Where cross-references of a build point: Sphinx labels and page titles of every page.

    ``labels`` maps a lower-cased label to (source id, section title); ``titles`` maps a source
    id to its page title. Collected once over all inputs (each kind's ``Frontend.targets``), so
    a ``{ref}`` to another page resolves to that page's section title and a link to it.
    """

    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Roles:
    """How roles read on one page: the build's cross-reference targets and the page's id.

    Passed to every function that rewrites roles (`rewrite_roles`, `rewrite_rst_inline`,
    `plain`); the default, `NO_TARGETS`, resolves no cross-reference (each keeps its title).
    """

    targets: Targets = field(default_factory=Targets)
    here: str = ""


NO_TARGETS = Roles()


def _cross_reference(name: str, title: str, target: str, roles: Roles) -> str:
    """A ``{ref}``/``{doc}`` role as a Markdown link to the page (and section) it names.

    The link is relative to the page being read, so the rewrite-links pass can tell a link
    within the page (kept as text) from one to another compiled page (named as that skill).
    Unknown targets keep their title, or the bare target when there is none.
    """
    targets, here = roles.targets, roles.here
    if name == "doc":
        base = target.lstrip("/") if target.startswith("/") else _join(here, target)
        page = base if base.endswith(".md") else f"{base}.md"
        found = (page, targets.titles.get(page, "")) if page in targets.titles else None
        anchor = ""
    else:
        found = targets.labels.get(target.lower())
        anchor = f"#{target}"
    if found is None:
        return title or target
    page, heading = found
    href = anchor if page == here else _relative(page, here) + anchor
    return f"[{title or heading or target}]({href})"


def _join(here: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), target))


def _relative(page: str, here: str) -> str:
    return posixpath.relpath(page, posixpath.dirname(here) or ".")


def _role_text(name: str, content: str, roles: Roles) -> str:
    """What a role renders as, in Markdown: code roles as code spans, others as their title."""
    titled = _TITLED.match(content)
    shown = titled.group(1) if titled and titled.group(1) else content
    if name in ("ref", "doc", "numref", "std:ref", "std:doc"):
        target = titled.group(2) if titled else content
        shown = shown if titled else ""
        return _cross_reference(name.removeprefix("std:"), shown, target.strip(), roles)
    if name in _CODE_ROLES:
        # Sphinx hides the module path after a leading "~" and shows the last component.
        if shown.startswith("~"):
            shown = shown[1:].rsplit(".", 1)[-1]
        shown = shown.lstrip("!")
        return f"`{shown}`" if shown else ""
    return shown


def rewrite_roles(text: str, roles: Roles = NO_TARGETS) -> str:
    """MyST roles rewritten to plain Markdown: {func}`echo` becomes `` `echo` ``; ``{ref}`` and
    ``{doc}`` resolve against ``roles``."""
    if "}`" not in text:
        return text
    return _MYST_ROLE.sub(lambda m: _role_text(m.group(1), m.group(2), roles), text)


def rewrite_rst_inline(text: str, roles: Roles = NO_TARGETS) -> str:
    """RST inline markup rewritten to Markdown: roles, ``literals`` and `links <url>`_;
    ``:ref:`` and ``:doc:`` resolve against ``roles``."""
    text = _RST_ROLE.sub(lambda m: _role_text(m.group(1), m.group(2), roles), text)
    text = _RST_LITERAL.sub(lambda m: f"`{m.group(1)}`", text)
    text = _RST_LINK.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", text)
    return _RST_REF.sub(lambda m: m.group(1), text)


# --- Plain text ---------------------------------------------------------------------------------


def plain(markdown: str, roles: Roles = NO_TARGETS) -> str:
    """Markdown inline text as plain words: roles rewritten (cross-references resolved), then
    every inline construct reduced to its text (`skillc.ir.inline.plain`).

    >>> plain(r"**Use** \\*args with \\<tag\\> and {func}`code`")
    'Use *args with <tag> and code'
    """
    return inline.plain(rewrite_roles(markdown, roles))


# --- Sentences ----------------------------------------------------------------------------------

# Words ending in a period that do not end a sentence.
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "approx", "resp", "no", "fig"})
# Regions whose punctuation must not split: code spans, roles, link destinations, URLs.
# Both patterns are written to open with a literal or a set of characters (a code span's run of
# backticks as one backtick and the rest, a stop as one stop and the rest): `re` skips to those
# then, where a pattern opening with a group or a repeat is tried at every position of every
# paragraph (python-doc: 8 MB of them). The same matches.
_OPAQUE = re.compile(r"`(`*).+?`\1|\]\([^)]*\)|<[^>\s]+>|https?://\S+", re.DOTALL)
_BOUNDARY = re.compile(r"[.!?][.!?]*[\"')\]]*(?=\s)")


def _masked(text: str) -> str:
    """``text`` with its opaque regions (`_OPAQUE`) blanked out with ``x``.

    Each alternative of `_OPAQUE` holds a backtick, ``](``, ``<`` or ``http``: a paragraph with
    none of them (most prose) is its own mask, and the substitution is not run.
    """
    if "`" in text or "](" in text or "<" in text or "http" in text:
        return _OPAQUE.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    return "x" * len(match.group(0))


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of a paragraph, in order, ends stripped.

    A paragraph where `_BOUNDARY` finds no boundary at all (one sentence: its last stop is
    followed by no space) is that one sentence, without masking: masking only blanks out
    characters, so every boundary found in the mask is found in the text too.
    """
    if _BOUNDARY.search(text) is None:
        kept = text.strip()
        if not kept:
            return []
        first = len(text) - len(text.lstrip())
        return [(first, first + len(kept))]
    masked = _masked(text)
    ends: list[int] = []
    start = 0
    for match in _BOUNDARY.finditer(masked):
        word = masked[start : match.start()].rsplit(None, 1)
        if word and word[-1].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        start = match.end()
        ends.append(start)
    ends.append(len(text))
    out: list[tuple[int, int]] = []
    start = 0
    for end in ends:
        # Each part without its leading and trailing whitespace (what `str.strip` strips:
        # `str.isspace` characters), unless it is all whitespace.
        part = text[start:end]
        kept = part.strip()
        if kept:
            first = start + len(part) - len(part.lstrip())
            out.append((first, first + len(kept)))
        start = end
    return out


# --- Names and indentation ----------------------------------------------------------------------


def ascii_words(text: str) -> list[str]:
    """The ASCII alphanumeric words of ``text`` (accents folded), for ids and slugs."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[A-Za-z0-9]+", folded)


def page_stem(source_id: str) -> str:
    """The page's path without its extension, folders joined by ``-``: the basis of skill ids
    and package names. Using the whole path keeps pages with the same file name in different
    folders apart (``user/install.html`` and ``dev/install.html``), which peers merge.

    Every suffix a frontend claims is dropped (`skillc.compiler.frontends.table.SUFFIXES`).

    >>> page_stem("user/quickstart.html"), page_stem("quickstart.md"), page_stem("a/b.rst.md")
    ('user-quickstart', 'quickstart', 'a-b')
    """
    from skillc.compiler.frontends.table import SUFFIXES  # the table imports this module

    path = source_id.replace("\\", "/").strip("/")
    base = posixpath.basename(path)
    while "." in base and base[base.rfind(".") :].lower() in SUFFIXES:
        base = base.rsplit(".", 1)[0]
    folder = posixpath.dirname(path)
    return f"{folder.replace('/', '-')}-{base}" if folder else base


#: Folders a manual is built into, which say where it is kept, not what its pages are about:
#: a page's package name leaves out those its path opens with (`name_stem`). Not ``docs``
#: nor ``src``: beside a repository's code, ``docs-api`` tells the guide from the code's
#: ``api`` (a page named ``api`` became ``click-api-2``).
PACKAGING_FOLDERS = frozenset({"html", "htdocs", "_build", "site", "public", "www"})


def name_stem(source_id: str) -> str:
    """`page_stem` of ``source_id`` without the packaging folders its path opens with, for
    the page's package name (its id keeps the whole path).

    Why: a documentation package built from its root (``/usr/share/doc/python-werkzeug-doc``:
    ``html/``, ``examples/``) named its pages ``html-wsgi`` and ``html-wrappers``, and the
    catalogue, named after the words all pages share, "html skills".

    A folder's front page (``distributing/index.html``) is named after its folder
    (``distributing``): "index" says which file a web server serves, not what the page is
    about, and python-doc listed ``distributing-index`` beside ``distributing``'s chapters. The
    manual's own front page stays ``index``, which normalize-names names after the project.

    >>> name_stem("html/library/os.html"), name_stem("_build/html/index.html"), name_stem("html")
    ('library-os', 'index', 'html')
    >>> name_stem("docs/api.md"), name_stem("html/install/index.html")
    ('docs-api', 'install')
    """
    parts = source_id.replace("\\", "/").strip("/").split("/")
    while len(parts) > 1 and parts[0].lower() in PACKAGING_FOLDERS:
        parts = parts[1:]
    stem = page_stem("/".join(parts))
    folder, _, last = stem.rpartition("-")
    if len(parts) > 1 and last.lower() == FRONT_PAGE and folder == page_stem("/".join(parts[:-1])):
        return folder
    return stem


#: The stem of a folder's front page (`name_stem`).
FRONT_PAGE = "index"


def kebab(text: str) -> str:
    """``Shell Completion`` -> ``shell-completion``."""
    return inline.slugify(text)


def upper_snake(text: str) -> str:
    """``shell-completion`` -> ``SHELL_COMPLETION``."""
    return "_".join(w.upper() for w in ascii_words(text))


def indent_of(line: str) -> int:
    """Columns of leading whitespace (tabs count as 4, CommonMark-style enough for docs)."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def dedent(lines: list[str]) -> list[str]:
    """Lines with their common leading indentation removed (blank lines become empty)."""
    widths = [indent_of(line) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line.expandtabs(4)[cut:] if line.strip() else "" for line in lines]
