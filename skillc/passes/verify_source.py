"""verify-no-loss against the sources: what a frontend read must hold what its source holds.

Why: the rest of verify-no-loss compares the passes' output with the frontends' output, so it
trusts the frontends. A frontend that lost content (markdown-it skipping a container nested
past its limit, libxml2 stopping at its depth limit, a reader merging ``<pre>`` into prose) went
unnoticed. Each frontend also returns an inventory of its source, taken from a bare parse
(`skillc.compiler.frontends.guide.inventory`); the driver hands them to the pass as
``ctx.inventories`` (source id -> inventory) and `source_losses` checks the
frontends' skills (``ctx.baseline``) against them.

Rules: every code block of the source must appear in a block the frontend read from that
source (any kind, removed ones included: removal carries a reason), each of its lines a line
of some block, with indentation, blockquote markers, blank lines and the doctest flags Sphinx
hides ignored (a fence nested in a list item keeps its code indented under the item), or, for
one line, as a code span; a code line found only inside a longer line was merged into prose
(``PV014``, error, at the code's line). The source's words must be there too, counted as the
inventory counts them (`skillc.ir.inline.WORD`: letters and digits, so Markdown escapes do not
matter): the blocks may lack a few, since readers drop some markup words by design (an
admonition's "Note" title, a heading's generated number), but not more than `TOLERANCE` of
them nor more than `SLACK` in all (``PV015``, naming the first missing words, at the first line
one of them is on). PV015 is a warning, not an error: counting words is a heuristic (a
generator's markup skillc drops by design could pass the tolerance on a page), while a lost code
block is certain.
A source the frontend read no skill from is not checked (the frontend said why).

Cost: linear in the text of the sources and of the blocks (sets and counters; a search only
for code that is not found line by line, which is rare: a one-line ``<pre>`` in a table cell
becomes a code span inside the row).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.inline import split_words
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, SkillModule, Table
from skillc.ir.span import Span
from skillc.passes.memo import Memo, memoized_map

#: ``ctx.map``: ``[fn(item) for item in items]``, in order, maybe in other processes.
Map = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
#: One source's check in microseconds (python-doc: 0.8 s for 471 sources; its diagnostics cost
#: next to nothing to bring back), for the choice between one process and a pool
#: (`skillc.passes.registry.estimated_saving`; a task holds no skill, so it counts one unit).
SOURCE_CHECK_US = 1_700
#: The same check's work per block of the module (bashref.pdf, one source: ~23 ms for 2,344
#: blocks), for running it beside the passes (`skillc.compiler.driver`).
CHECK_PER_BLOCK_US = 10
#: Share of a source's words its blocks may lack (markup words such as admonition titles).
TOLERANCE = 0.02
#: Words any source may lack whatever its size.
SLACK = 12
#: How many missing words a PV015 message names.
_SHOWN = 8
_LINE_START = re.compile(r"^[\s>]+")
_PAGE = re.compile(r"#p\d+$")
_DOCTEST_MARKS = re.compile(r"#\s*doctest:.+$|<BLANKLINE>", re.MULTILINE)


class CheckedSources(dict[str, Any]):
    """What `source_losses` found, computed before the passes ran (`checked_sources`), in place
    of the inventories: no inventory is left in it, only the diagnostics; or a function that
    gives them (the check still running in another process), asked once, when needed."""

    def __init__(
        self, diagnostics: Sequence[Diagnostic] | Callable[[], Sequence[Diagnostic]]
    ) -> None:
        super().__init__()
        self._found = diagnostics

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        if callable(self._found):
            self._found = tuple(self._found())
        return tuple(self._found)

    def __bool__(self) -> bool:
        return True  # given, though empty: ``inventories or {}`` must keep it


def checked_sources(
    baseline: SkillModule,
    inventories: Mapping[str, Any],
    map_: Map | None = None,
    memo: Memo | None = None,
) -> CheckedSources:
    """`source_losses` now, for ``ctx.inventories``: the check reads only the frontends'
    output and the inventories, so the driver runs it before the passes and frees the
    inventories (python-doc: as large as the module) instead of holding them to the end."""
    return CheckedSources(source_losses(baseline, inventories, map_, memo))


def source_losses(
    baseline: SkillModule,
    inventories: Mapping[str, Any],
    map_: Map | None = None,
    memo: Memo | None = None,
) -> list[Diagnostic]:
    """PV014 and PV015 diagnostics for every source whose inventory the blocks do not hold
    (those already found when ``inventories`` is a `CheckedSources`).

    ``map_`` (``ctx.map``) checks the sources in other processes; each source is checked
    alone, and the diagnostics come back in source order. ``memo`` (the build cache's)
    keeps each source's answer under its inventory and its blocks' texts: after a one-page
    edit only that page is checked again (python-doc: 0.55 s of a 5.6 s rebuild)."""
    if isinstance(inventories, CheckedSources):
        return list(inventories.diagnostics)
    texts = _texts_by_source(baseline)
    tasks = [
        (source, inventories[source], texts[source])
        for source in sorted(inventories)
        if inventories[source] is not None and source in texts
    ]

    def check(todo: list[tuple[str, Any, list[str]]]) -> list[list[Diagnostic]]:
        return map_(source_task, todo) if map_ is not None else [source_task(t) for t in todo]

    found = memoized_map(memo, check, tasks, key=_source_key, valid=_are_diagnostics)
    return [diagnostic for diagnostics in found for diagnostic in diagnostics]


def _source_key(task: tuple[str, Any, list[str]]) -> object:
    """What `source_task` reads: the source's name, its inventory and its blocks' texts."""
    return ("verify-source/1", *task)


def _are_diagnostics(found: object, task: object) -> bool:
    return isinstance(found, list) and all(isinstance(d, Diagnostic) for d in found)


def source_task(task: tuple[str, Any, list[str]]) -> list[Diagnostic]:
    """The PV014 and PV015 diagnostics of one ``(source, inventory, block texts)``."""
    source, inventory, texts = task
    haystack = _Haystack(texts)
    return [
        *_lost_code(source, inventory.codes, haystack),
        *_lost_words(source, inventory.words, haystack),
    ]


def _texts_by_source(module: SkillModule) -> dict[str, list[str]]:
    """The texts of every block, by the source the block was read from (a PDF page's span
    names ``file.pdf#p12``: the source is ``file.pdf``)."""
    out: dict[str, list[str]] = {}
    for skill in module.skills:
        default = skill.prov[0].source if skill.prov else ""
        for block in skill.blocks:
            source = block.prov[0].source if block.prov else default
            out.setdefault(_PAGE.sub("", source), []).extend(block_texts(block))
        for span in skill.prov:
            out.setdefault(_PAGE.sub("", span.source), [])
    return out


def block_texts(block: ContentBlock) -> Iterator[str]:
    """The texts a block carries (a list's items, a table's cells)."""
    if isinstance(block, Code | Prose | Heading):
        yield block.text
    elif isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row


def normal_lines(text: str) -> list[str]:
    """``text``'s non-blank lines without leading whitespace or ``>`` markers, nor trailing
    whitespace, nor the doctest flags and ``<BLANKLINE>`` markers Sphinx hides: code as it
    shows whatever it is nested in."""
    text = _DOCTEST_MARKS.sub("", text)
    lines = (_LINE_START.sub("", line).rstrip() for line in text.split("\n"))
    return [line for line in lines if line]


class _Haystack:
    """The blocks of one source, indexed for the checks as they are needed: their lines, their
    words, their text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._joined = ""
        self._lines: set[str] | None = None
        self._words: Counter[str] | None = None

    @property
    def joined(self) -> str:
        if not self._joined:
            self._joined = "\n".join(self.texts)
        return self._joined

    @property
    def words(self) -> Counter[str]:
        if self._words is None:
            self._words = Counter()
            for text in self.texts:  # each text as inventories split it: ASCII ones fast
                self._words.update(split_words(text.lower()))
        return self._words

    def holds_code(self, lines: Sequence[str]) -> bool:
        """Whether every line of the code is a line of some block, or the (one-line) code is
        a code span: a ``<pre>`` of one line in a table cell. Not text inside a longer line:
        that is code merged into prose."""
        if self._lines is None:
            self._lines = {line for text in self.texts for line in normal_lines(text)}
        if all(line in self._lines for line in lines):
            return True
        if len(lines) != 1:
            return False
        span = re.compile(r"`+ ?" + re.escape(lines[0]) + r" ?`+")
        return span.search(self.joined) is not None


def _lost_code(
    source: str, codes: Iterable[tuple[str, int]], haystack: _Haystack
) -> Iterator[Diagnostic]:
    for code, line in codes:
        lines = normal_lines(code)
        if lines and not haystack.holds_code(lines):
            first = lines[0] if len(lines[0]) <= 60 else lines[0][:57] + "..."
            message = f"the source's code block {first!r} is not in what the frontend read"
            yield Diagnostic(code="PV014", message=message, span=_at(source, line), path=source)


def _lost_words(
    source: str, words: Sequence[tuple[str, int, int]], haystack: _Haystack
) -> Iterator[Diagnostic]:
    total = sum(count for _, count, _ in words)
    if not total:
        return
    have = haystack.words
    missing = [(w, n - have[w], at) for w, n, at in words if n > have[w]]
    lost = sum(n for _, n, _ in missing)
    if lost <= max(SLACK, TOLERANCE * total):
        return
    shown = ", ".join(repr(w) for w, _, _ in missing[:_SHOWN])
    lines = [at for _, _, at in missing if at > 0]
    message = (
        f"{lost} of the source's {total} words are not in what the frontend read "
        f"(first missing: {shown})"
    )
    yield Diagnostic(
        code="PV015",
        message=message,
        severity=Severity.WARNING,
        span=_at(source, min(lines, default=0)),
        path=source,
    )


def _at(source: str, line: int) -> Span | None:
    if line <= 0:
        return None
    return Span(source=source, line=line, col=1, end_line=line, end_col=1, start=0, end=0)
