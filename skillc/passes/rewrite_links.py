"""Rewrite Markdown links so that no emitted link points outside its package.

A guide links to its sibling pages, to anchors and to images; once compiled, each page is a
separate package (or gone), so those targets no longer exist next to the SKILL.md. Keeping them
is what leaves peers with half their links broken. This pass keeps web links (``http``,
``https``, ``mailto``), turns a link to another compiled page into a mention of that skill by name
(agents route to skills by name; a page merge-duplicates folded into another skill names the
skill that carries it; a page of this very skill is named by the reference file that holds
the section the link points at (`Filed`: an anchor's file, found from its line in
`Source.anchors`, where the page's sections went to several files), or is text where that is
the file the link sits in or the body; in a heading the link keeps only its text, and SK040
names the skill), and turns every other relative link into an absolute URL when the page's own
URL is known, or into its text when it is not. A link is relative to the page it was written
in, which in a folded skill is not always the skill's first. Images become their alt text
(they are not bundled). Each rewrite of a link that leaves the build is reported as an INFO
diagnostic (SK043 made absolute, SK040 reduced to text), never silently.

A page's URL is `Source.url`: the URL an HTML page declares (its ``<base href>`` or canonical
link, recorded by the driver from the frontend), else the ``base_url`` pass option (the build's
``--base-url``: the URL of the input root) joined with the source id, which this pass records on
the source. Only absolute ``http(s)`` URLs are used, so an emitted link never holds a path of the
machine that ran the build.

Runs after normalize-names (skill names are final) and select-skills (only emitted skills can be
named). Code blocks are not touched: a link-like string in code is code. A link to a file the
skill bundles (its ``scripts/``: `skillc.ir.layout.bundled_files`) is kept as it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote, urljoin

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.inline import LINK
from skillc.ir.layout import bundled_files
from skillc.ir.nodes import (
    ContentBlock,
    Heading,
    ListBlock,
    Prose,
    Skill,
    SkillModule,
    Source,
    Table,
)
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement
from skillc.passes.group_pages import GROUP_ID
from skillc.passes.registry import PassContext, transform
from skillc.urls import is_web_url

WEB_SCHEMES = ("http://", "https://", "mailto:")
#: Codes of the link diagnostics: reduced to text, made absolute.
TEXT_CODE = "SK040"
ABSOLUTE_CODE = "SK043"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Characters a Markdown link target cannot hold as they are.
_TARGET_QUOTE = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})

#: This pass's work per block in microseconds (python-doc: 0.3 s for 55,000 blocks) and what a
#: result costs the parent to bring back (0.08 s: the changed blocks), for ``ctx.map``'s
#: choice between one process and a pool (`skillc.passes.registry.estimated_saving`).
WORK_PER_BLOCK_US = 6
BACK_PER_BLOCK_US = 1.5


@transform("rewrite-links", requires=("normalize-names", "select-skills"), idempotent=True)
def rewrite_links(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Keep web links, name sibling skills, make other links absolute or reduce them to text."""
    base = base_url(ctx)
    sources = tuple(_with_url(source, base) for source in module.sources)
    urls = {source.id: source.url for source in sources if source.url}
    anchors = {s.id: {a.name: a.line for a in s.anchors} for s in sources if s.anchors}
    by_source = skill_of_source(module)
    done = ctx.map(
        partial(rewrite_skill, by_source, (urls, anchors), base),
        module.skills,
        cost=WORK_PER_BLOCK_US,
        back=BACK_PER_BLOCK_US,
    )
    skills = []
    for skill, (changed, diagnostics) in zip(module.skills, done, strict=True):
        for diagnostic in diagnostics:
            ctx.report(diagnostic)
        blocks = list(skill.blocks)
        for index, block in changed:
            blocks[index] = block
        skills.append(replace(skill, blocks=tuple(blocks)) if changed else skill)
    return replace(module, sources=sources, skills=tuple(skills))


def skill_of_source(module: SkillModule) -> dict[str, str]:
    """The skill name each source is compiled into.

    A page's own skill (its first provenance span; a page split into several skills maps to the
    first of them), else the skill that carries it (a page merge-duplicates folded into another
    skill has its spans in that skill's provenance), so links to a dropped copy name the kept
    one. The library index lists every page but carries none, so it is left out.
    """
    pages = [s for s in module.skills if s.prov and s.tags != ("index",)]
    found: dict[str, str] = {}
    for skill in pages:
        found.setdefault(skill.prov[0].source, skill.name)
    for skill in pages:
        for span in skill.prov[1:]:
            found.setdefault(span.source, skill.name)
    return found


def base_url(ctx: PassContext) -> str:
    """The ``base_url`` option as a folder URL (ending in ``/``), or ``""``.

    A value that is not an absolute ``http(s)`` URL is ignored with a warning: joined with a
    link, it would put a path of the build machine (or nothing useful) into a package.
    """
    value = ctx.options.base_url.strip()
    if not value:
        return ""
    if not is_web_url(value):
        message = f"base URL {value!r} ignored: not an absolute http(s) URL"
        ctx.report(Diagnostic(code=ABSOLUTE_CODE, message=message, severity=Severity.WARNING))
        return ""
    return value if value.endswith("/") else value + "/"


def source_url(base: str, source_id: str) -> str:
    """The URL of source ``source_id`` below the input root's URL ``base``."""
    return urljoin(base, quote(source_id.replace("\\", "/").lstrip("/"), safe="/~"))


def page_url(recorded: str, base: str, source_id: str) -> str:
    """A page's URL: the one it declares (``recorded``), else its place below ``base``."""
    if recorded or not base or not source_id:
        return recorded
    return source_url(base, source_id)


def _with_url(source: Source, base: str) -> Source:
    url = page_url(source.url, base, source.id)
    return source if url == source.url else replace(source, url=url)


def rewrite_skill(
    by_source: dict[str, str],
    pages: tuple[Mapping[str, str], Mapping[str, Mapping[str, int]]],
    base: str,
    skill: Skill,
) -> tuple[list[tuple[int, ContentBlock]], list[Diagnostic]]:
    """The blocks of ``skill`` whose links change, by index, and the diagnostics saying how
    (``pages``: each source's URL, and the lines of the anchors its own links name): a plain
    function of its arguments (``ctx.map`` may run it in another process, and only what
    changed comes back)."""
    urls, anchors = pages
    here = skill.prov[0].source if skill.prov else ""
    diagnostics: list[Diagnostic] = []
    own = bundled_files(skill.blocks)  # files of the skill's own package: the links hold
    filed = Filed(skill, here, anchors)
    places: dict[str, tuple[str, str]] = {}  # page -> (page, its URL)

    def written_in(block: ContentBlock) -> tuple[str, str]:
        """The page ``block`` was read from, and its URL: what its relative links are
        relative to. Not the skill's first page: a chapter or a manual folds pages of several
        folders, and asciidoctor-doc's ``Asciidoctor/Section.html`` read against the manual's
        ``Asciidoctor.html`` named no page (421 links kept only their text at manual grain)."""
        source = block.prov[0].source.partition("#")[0] if block.prov else here
        found = places.get(source)
        if found is None:
            found = places[source] = (source, page_url(urls.get(source, ""), base, source))
        return found

    def rewrite_text(text: str, block: ContentBlock) -> str:
        if "](" not in text:  # no link: nothing to match
            return text
        named: set[str] = set()  # where this text field already sent the reader
        return LINK.sub(lambda m: rewrite_one(m, block, named), text)

    def rewrite_one(match: re.Match[str], block: ContentBlock, named: set[str]) -> str:
        if match.group(3) in own and not match.group(1):
            return match.group(0)
        new = _rewrite_link(match, written_in(block), (by_source, filed), block, diagnostics)
        if isinstance(new, Mention):
            new = new.render(match, named)
        # A link reduced to its text may hold an image (gri's thumbnails, ``[![Example
        # 11](example11-tiny.png)](example11.png)``): the image left a broken link (PK305).
        return rewrite_text(new, block) if new != match.group(0) else new

    changed = []
    for index, block in enumerate(skill.blocks):
        new = _map_text(block, rewrite_text)
        if new != block:
            changed.append((index, new))
    return changed, diagnostics


class Filed:
    """Where the pages of one skill went: the file a link into a page of the skill itself
    names ("see references/x.md"), not "(see the `x` skill)", which sent an agent to the skill
    it was reading (aptitude's ``[D]`` links to the long description of a screenshot, which
    sits in the same chapter skill).

    A page folded in whole (group-pages) is one file, its first. A page whose sections were
    filed apart (a one-page chapter, each section in its own file) holds an anchor in the file
    of the block that holds the anchor's line (`Source.anchors`, recorded for the anchors the
    page's own links name): RDoc's "Also aliased as: [to_s](Cursor.html#method-i-to_s)" named
    the page's first file, attributes.md, not the methods file that holds ``to_s``.
    """

    __slots__ = ("_anchors", "_blocks", "_here", "_pages", "first")

    def __init__(self, skill: Skill, here: str, anchors: Mapping[str, Mapping[str, int]]) -> None:
        self.first: dict[str, str] = {}  # page -> the reference file its first filed block is in
        for block in skill.blocks:
            if block.placement is Placement.REFERENCE and block.reference and block.prov:
                self.first.setdefault(block.prov[0].source, block.reference)
        self._here = here
        self._anchors = anchors
        self._blocks = skill.blocks
        self._pages: dict[str, list[tuple[int, int, str]]] = {}

    def file_of(self, page: str, fragment: str, written: str) -> str | None:
        """The reference file of this skill that holds ``page#fragment``, or where ``page``
        starts when there is no fragment (``""``: the body; so is the skill's own page named
        in full, as Doxygen's member links do, when nothing of it was filed); ``None`` when
        ``page`` is neither filed here nor the skill's own page, nor the page the link was
        ``written`` in. An anchor whose line is not known keeps the page's first file."""
        first = self.first.get(page)
        if first is None and page != self._here and page != written:
            return None
        line = self._anchors.get(page, {}).get(fragment) if fragment else 0
        if line is not None:
            found = self._holder(page, line)
            if found is not None:
                return found
        return first if first is not None else ""

    def _holder(self, page: str, line: int) -> str | None:
        """The file of the block of ``page`` whose span holds ``line`` (the latest to start,
        the innermost), else of the first block after it (an anchor on a section's container
        opens before the section's heading; line 0: the page's first block); ``None`` when
        the page has no block there."""
        holding: tuple[int, str] | None = None
        after: str | None = None
        for start, end, file in self._spans(page):
            if start <= line <= end:
                if holding is None or start >= holding[0]:
                    holding = (start, file)
            elif start > line and after is None:
                after = file
        return holding[1] if holding is not None else after

    def _spans(self, page: str) -> list[tuple[int, int, str]]:
        """``(first line, last line, file)`` of each block of ``page`` that is emitted, in
        order (``""``: the body), gathered once per page. A folded skill's own title and
        summary (group-pages) carry its first page's span but are not that page."""
        found = self._pages.get(page)
        if found is None:
            found = self._pages[page] = []
            for block in self._blocks:
                if block.placement is Placement.REMOVED or not block.prov:
                    continue
                span = block.prov[0]
                if span.source == page and not block.id.startswith(GROUP_ID):
                    filed = block.placement is Placement.REFERENCE
                    found.append((span.line, span.end_line, block.reference if filed else ""))
        return found


def _map_text(block: ContentBlock, fn: Callable[[str, ContentBlock], str]) -> ContentBlock:
    """Apply ``fn`` to every Markdown text field of ``block`` (never to code); ``block`` itself
    when nothing changed (most blocks hold no link: a copy would only be compared and dropped)."""
    if isinstance(block, Prose | Heading):
        text = fn(block.text, block)
        return block if text == block.text else replace(block, text=text)
    if isinstance(block, ListBlock):
        items = tuple(fn(item, block) for item in block.items)
        return block if items == block.items else replace(block, items=items)
    if isinstance(block, Table):
        rows = tuple(tuple(fn(cell, block) for cell in row) for row in block.rows)
        return block if rows == block.rows else replace(block, rows=rows)
    return block


def _rewrite_link(
    match: re.Match[str],
    where: tuple[str, str],
    targets: tuple[dict[str, str], Filed],
    block: ContentBlock,
    diagnostics: list[Diagnostic],
) -> str | Mention:
    """The Markdown that replaces one link; ``where``: the page it was written in and that
    page's URL; ``targets``: the skill of each page by source id, and where the pages of this
    skill went."""
    bang, text, target = match.group(1), match.group(2), match.group(3)
    here, page = where
    by_source, filed = targets
    if target.lower().startswith(WEB_SCHEMES) and not bang:
        return match.group(0)
    if bang:
        _report(
            diagnostics, block, TEXT_CODE, f"image {target!r} is not bundled; kept its alt text"
        )
        return text
    path, _, fragment = target.partition("#")
    if not path:  # an anchor in the same page: sections may move between files
        return text
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    file = filed.file_of(resolved, fragment, here)
    if file is not None:  # a page of this very skill: the file that holds the section
        return _filed_mention(text, file, block)
    name = by_source.get(resolved)
    if name is not None and text and isinstance(block, Heading):
        # A heading is a title, found by its words (routers, anchors, "see section X"):
        # the mention goes to the diagnostics, not into the title.
        message = f"link to {target!r} in a heading kept as its text (the `{name}` skill)"
        _report(diagnostics, block, TEXT_CODE, message)
        return text
    if name is not None:
        return Mention(text, f"the `{name}` skill", noun=True)
    if page and not _SCHEME.match(target):
        url = urljoin(page, target).translate(_TARGET_QUOTE)
        message = f"link to {target!r} leaves the build; made absolute: {url}"
        _report(diagnostics, block, ABSOLUTE_CODE, message)
        return f"[{text}]({url})" if text else f"<{url}>"
    _report(diagnostics, block, TEXT_CODE, f"link to {target!r} leaves the build; kept its text")
    return text


def _filed_mention(text: str, file: str, block: ContentBlock) -> str | Mention:
    """A link to a page of this very skill, as the file it went to (in words: blocks still
    move between files after this pass, so a relative link could break); its text alone where
    the link sits in that file, or in a heading."""
    if block.reference == file or isinstance(block, Heading) or not file:
        return text
    return Mention(text, file)


#: The words just before a link that already send the reader there ("see [X](x)", "(refer to
#: [X](x))"): the mention then says where X is, not "see" a second time.
_SEE = re.compile(r"\b(?:see(?:\s+also)?|refer\s+to|described\s+in|explained\s+in)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Mention:
    """A link that now names where its target went (``where``: "the `x` skill" or a reference
    file), rendered by `render` once the text around the link is known."""

    text: str
    where: str
    #: ``where`` reads as a noun phrase on its own ("the `x` skill"); a file path needs "see".
    noun: bool = False

    def render(self, match: re.Match[str], named: set[str]) -> str:
        """The link's text and, the first time this text field sends the reader to ``where``
        (``named``), where that is: "X (see the `x` skill)", or "X in the `x` skill" after a
        "see". Why once: a sqlite paragraph that linked the pragma page three times said
        "(see the `sqlite-pragma-statements` skill)" three times, and diffutils' "(see
        [Context Format](...))" read "(see Context Format (see the `...` skill))"; a Haddock
        signature had a mention inside each of its type constraints."""
        after_see = _SEE.search(match.string, max(match.start() - 24, 0), match.start())
        if not self.text:  # a bare link: the place is all it says
            return self.where if after_see or self.noun else f"see {self.where}"
        if self.where in named:
            return self.text
        named.add(self.where)
        return f"{self.text} in {self.where}" if after_see else f"{self.text} (see {self.where})"


def _report(diagnostics: list[Diagnostic], block: ContentBlock, code: str, message: str) -> None:
    span = block.prov[0] if block.prov else None
    diagnostics.append(Diagnostic(code=code, message=message, severity=Severity.INFO, span=span))
