"""Keep each SKILL.md body within the spec's budget, and each reference file within a part budget.

The Agent Skills spec recommends a body under 500 lines and 5,000 tokens; what does not fit is
read on demand from ``references/`` (one level deep). This pass measures the body exactly as the
backend will render it (`render_body`, cl100k tokens) and, while it is over budget, moves the
largest remaining section (a heading of the page's section level and everything under it) to
``references/<section-slug>.md``. Sections move whole because a documentation section is the unit
an agent reads: splitting examples from the rules they illustrate is SkillReducer's main failure
mode ("example as specification"). The introduction before the first section always stays.

Reference files are cut to a part budget and huge tables and lists split by rows by
`skillc.passes.disclosure_parts`.

Relies on: blocks in document order. Guarantees: only placement/reference/reason change, except
that a split table or list is replaced, in place, by its parts (same kind and provenance, ids
``<id>~N``; verify-no-loss checks they hold every row in order); a second run changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.edits import applied, edits
from skillc.ir.inline import slugify
from skillc.ir.layout import is_listed, part_of, reference_pointer
from skillc.ir.nodes import (
    KIND_OF,
    Code,
    ContentBlock,
    Heading,
    Skill,
    SkillModule,
)
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement
from skillc.package.emit import front_matter
from skillc.passes.disclosure_pack import cap_references
from skillc.passes.disclosure_parts import (
    Sizes,
    Unit,
    body_fits,
    body_measure,
    body_size,
    emitted_body,
    number_parts,
    split_rows,
    text_size,
)
from skillc.passes.normalize_names import undangled
from skillc.passes.registry import PassContext, transform
from skillc.tokens import count_tokens

#: Reference file names are cut to this many characters (at a hyphen).
SLUG_CHARS = 60
#: Names of a grouped skill's page files are shorter: SKILL.md names each of tens of them (and
#: the folder of a page's parts) on its line, so every character is read for every section.
LISTED_SLUG_CHARS = 32
MOVED_REASON = "moved to a reference file to keep SKILL.md within budget"
#: The diagnostic for a block too large for any part that cannot be cut (code, one giant row).
OVERSIZED_CODE = "SK062"
#: Bodies longer than this many characters per budget token are not counted before sections
#: move: at about four characters a token they are far over budget, and counting them is the
#: most expensive thing this pass does.
_SURELY_OVER_CHARS_PER_TOKEN = 6
#: This pass's work per block in microseconds (python-doc: 2.7 s for 55,000 blocks when it was
#: set, 1.85 s since the passes got faster) and what a result costs the parent to bring back from
#: a worker (0.3 s: the edits of 1.1 MB that rebuild the skills from the parent's own,
#: `skillc.ir.edits`; whole skills, 15 MB, cost 0.7 s and made a pool not worth it), for
#: ``ctx.map``'s choice between one process and a pool
#: (`skillc.passes.registry.estimated_saving`).
WORK_PER_BLOCK_US = 50
BACK_PER_BLOCK_US = 6
#: When a larger part budget is tried because part pointers overflow the body: at most 2**6.
_MAX_EXPONENT = 6


@transform("progressive-disclosure", requires=("classify-content",), idempotent=True)
def progressive_disclosure(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Move sections to reference files until every body fits; cut oversized references."""
    options = ctx.options
    max_lines, max_tokens = options.max_body_lines, options.max_body_tokens
    part_lines, part_tokens = options.reference_lines, options.reference_tokens
    ceiling = options.max_block_tokens
    # Grouped skills (--group auto|chapter|manual) file pages as references before this pass;
    # they are cut to the part budget. A skill with no filed page (a command line's options
    # table, placed by its frontend) keeps its reference whole while the body fits: one file
    # to search.
    cut_placed = int(options.group != "page")
    budgets = (max_lines, max_tokens, part_lines, part_tokens, ceiling, cut_placed)
    tasks = [(skill, budgets) for skill in module.skills]
    done = ctx.memo_map(
        disclose_task,
        tasks,
        key=_memo_key,
        valid=_is_memo,
        cost=WORK_PER_BLOCK_US,
        back=BACK_PER_BLOCK_US,
        stored=(_kept, _taken_back),
    )
    skills = []
    for out, diagnostics in done:
        for diagnostic in diagnostics:
            ctx.report(diagnostic)
        skills.append(out)
    return replace(module, skills=tuple(skills))


def front_matter_size(skill: Skill) -> tuple[int, int]:
    """Lines and tokens the emitted front matter (and the blank line after it) takes in
    SKILL.md: the spec's 500 lines and 5,000 tokens are for the whole file."""
    head = front_matter(skill)
    return head.count("\n"), count_tokens(head)


def disclose_task(
    task: tuple[Skill, tuple[int, int, int, int, int, int]],
) -> tuple[Skill, tuple[Diagnostic, ...]]:
    """One skill disclosed under ``(max_lines, max_tokens, part_lines, part_tokens,
    ceiling, cut_placed)``, with its SK062 warnings: a plain function of its argument, so that
    ``ctx.parallel_map`` may run it in another process."""
    skill, (max_lines, max_tokens, part_lines, part_tokens, ceiling, cut_placed) = task
    sizes = Sizes()
    # The budget is the whole SKILL.md's (the spec's recommendation): front matter included.
    head_lines, head_tokens = front_matter_size(skill)
    body_lines, body_tokens = max_lines - head_lines, max_tokens - head_tokens
    parts = (part_lines, part_tokens)
    out = _disclose(skill, body_lines, body_tokens, parts, sizes, cut_placed=bool(cut_placed))
    return out, tuple(_oversized(out, ceiling, sizes))


def _memo_key(task: tuple[Skill, tuple[int, ...]]) -> object:
    """What one skill's disclosure depends on: the skill and the budgets (it reads nothing
    else), for ``ctx.memo_map``. Why: this pass is most of the passes' time (it counts tokens
    while trying placements), and after a one-page edit every other skill reaches it
    unchanged."""
    return ("progressive-disclosure/4", *task)


def _kept(done: tuple[Skill, tuple[Diagnostic, ...]], task: tuple[Skill, Any]) -> object:
    """A disclosed skill as the memo keeps it: its edits of the skill it was given
    (`skillc.ir.edits`), with its diagnostics. Why: whole skills were 15 MB on python-doc,
    and unpickling them was most of what a one-page rebuild spent in this pass; the key holds
    the skill given, so the same skill is at hand to rebuild the result from."""
    return edits(done[0], task[0]), done[1]


def _taken_back(kept: Any, task: tuple[Skill, Any]) -> tuple[Skill, tuple[Diagnostic, ...]]:
    """The disclosed skill and diagnostics `_kept` kept, rebuilt from ``task``'s skill."""
    return applied(kept[0], task[0]), kept[1]


def _is_memo(found: object, task: object) -> bool:
    """Whether a kept value has `_kept`'s shape: an edit and a tuple of diagnostics."""
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and (found[0] is None or isinstance(found[0], tuple))
        and isinstance(found[1], tuple)
        and all(isinstance(d, Diagnostic) for d in found[1])
    )


def disclose(
    skill: Skill, max_lines: int, max_tokens: int, part_lines: int = 0, part_tokens: int = 0
) -> Skill:
    """``skill`` with its largest sections moved out until the body fits, and every reference
    file cut to ``part_lines``/``part_tokens`` (default: the body budget) where it can be."""
    part_lines = part_lines or max_lines
    part_tokens = part_tokens or max_tokens
    return _disclose(skill, max_lines, max_tokens, (part_lines, part_tokens), Sizes())


def _disclose(
    skill: Skill,
    max_lines: int,
    max_tokens: int,
    parts: tuple[int, int],
    sizes: Sizes,
    *,
    cut_placed: bool = False,
) -> Skill:
    """`disclose`; ``cut_placed``: references placed before this pass are cut to the part
    budget even when the body fits, in a skill that files grouped pages (`is_listed`)."""
    part_lines, part_tokens = parts
    blocks = skill.blocks
    body = emitted_body(blocks)
    countable = len(body) <= max_tokens * _SURELY_OVER_CHARS_PER_TOKEN
    fits = body.count("\n") <= max_lines and countable and count_tokens(body) <= max_tokens
    if fits and not (cut_placed and is_listed(blocks)):
        return skill
    placed, taken = _move_sections(blocks, max_lines, max_tokens, sizes)
    if not body_fits(placed, max_lines, max_tokens):
        placed = _gather_rest(placed, taken)
    whole = not body_fits(placed, max_lines, max_tokens)

    def cut(scale: int) -> tuple[tuple[ContentBlock, ...], tuple[int, int] | None]:
        """The blocks with parts ``scale`` times the part budget, and the body's size when
        it is over budget (``None``: it fits, or nothing was cut)."""
        lines, tokens = part_lines * scale, part_tokens * scale
        split = placed
        if whole:
            split = _split_in_parts(placed, max_lines // 2, max_tokens // 2, lines, tokens, sizes)
        result = cap_references(split, lines, tokens, taken, sizes)
        if result == placed:
            return result, None
        if whole and result is split and len(split) == len(placed):
            # Parts of a page without sections are sized by the body's budget, not the part
            # budget: with no table or list split by rows, nor any part cut again, no larger
            # part budget gives other blocks, so trying them (six times) would be for nothing.
            return result, None
        size = body_measure(result)
        return result, (None if size[0] <= max_lines and size[1] <= max_tokens else size)

    return replace(skill, blocks=_smallest_scale(cut, max_lines, max_tokens))


def _smallest_scale(
    cut: Callable[[int], tuple[tuple[ContentBlock, ...], tuple[int, int] | None]],
    max_lines: int,
    max_tokens: int,
) -> tuple[ContentBlock, ...]:
    """``cut(scale)`` at the smallest power of two up to ``2**_MAX_EXPONENT`` at which the body
    fits (or nothing needs cutting), else at ``2**_MAX_EXPONENT``.

    More parts mean more pointers in the body, and bigger parts beat a body over budget. Trying
    1, 2, 4... in turn costs a pass over every reference block per doubling, so each doubling of
    a page's length cost one more pass. Instead the first try's body says about how much bigger
    parts must be (the pointers, most of such a body, shrink with the number of parts); that
    scale and the one below it are tried, and a bisection settles any miss: three tries for a
    page of 8,000 sections as for one of 64,000, at most six in all.
    """
    result, over = cut(1)
    if over is None:
        return result
    ratio = max(over[0] / max_lines, over[1] / max_tokens)
    exponent = min(_MAX_EXPONENT, max(1, math.ceil(math.log2(ratio))))
    low, high = 0, _MAX_EXPONENT  # exponents: ``low`` is over budget, ``high`` the answer so far
    best: tuple[ContentBlock, ...] | None = None
    first = True
    while high - low > 1:
        blocks, over = cut(2**exponent)
        if over is None or exponent == _MAX_EXPONENT:
            best = blocks
        if over is None:
            high = exponent
        else:
            low = exponent
        # The guess's neighbour next (the guess is usually right), then halve what is left.
        neighbour = high - 1 if over is None else low + 1
        exponent, first = (neighbour if first else (low + high) // 2), False
    return best if best is not None else cut(2**high)[0]


# --- Moving sections ----------------------------------------------------------------------------


def _move_sections(
    blocks: tuple[ContentBlock, ...], max_lines: int, max_tokens: int, sizes: Sizes
) -> tuple[tuple[ContentBlock, ...], set[str]]:
    """Move the largest sections out until the body fits; the reference paths now in use."""
    taken: set[str] = {b.reference for b in blocks if b.reference}
    current = list(blocks)
    body = body_size(current, sizes)
    for start, end in _largest_first(blocks, sizes):
        if body.fits(current, max_lines, max_tokens):
            break
        if current[start].placement is not Placement.BODY:
            continue  # inside a section moved earlier
        heading = current[start]
        path = reference_path(heading.text if isinstance(heading, Heading) else "", taken)
        taken.add(path)
        for i in range(start, end):
            block = current[i]
            if block.placement is Placement.BODY:
                body.add(sizes.of(block), -1)
                current[i] = replace(
                    block, placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON
                )
        body.add(text_size(reference_pointer(current[start])))
    return tuple(current), taken


def _largest_first(blocks: tuple[ContentBlock, ...], sizes: Sizes) -> list[tuple[int, int]]:
    """Sections still in the body, largest (in tokens) first, ties in document order."""
    sized = []
    for start, end in _sections(blocks):
        if blocks[start].placement is not Placement.BODY:
            continue
        size = sum(sizes.of(b)[1] + 1 for b in blocks[start:end] if b.placement is Placement.BODY)
        sized.append((-size, start, end))
    return [(start, end) for _, start, end in sorted(sized)]


def _sections(blocks: Sequence[ContentBlock]) -> list[tuple[int, int]]:
    """Index ranges of the movable sections: every heading after the title, at or above the
    page's section level, up to the next heading at or above its own level.

    A later heading coarser than the section level (a second H1 such as "Release History")
    is a section too, and contains the finer ones: moving it whole keeps a changelog's hundred
    versions in one reference file instead of a hundred pointers in the body.
    """
    headings = [(i, b.level) for i, b in enumerate(blocks) if isinstance(b, Heading)]
    if headings and headings[0][0] == 0:
        headings = headings[1:]  # the page title stays
    levels = [level for _, level in headings if level > 1]
    if not levels:
        return []
    section_level = min(levels)
    ends = _section_ends(headings, len(blocks))
    return [
        (start, end)
        for (start, level), end in zip(headings, ends, strict=True)
        if level <= section_level
    ]


def _section_ends(headings: Sequence[tuple[int, int]], end: int) -> list[int]:
    """For each ``(index, level)`` heading, the index of the next heading at or above its level
    (``end`` if none): one pass with a stack of headings still open, so that a page of 16,000
    sections costs 16,000 steps rather than a scan of every later heading for each one."""
    ends = [end] * len(headings)
    open_: list[int] = []  # positions in ``headings``, levels strictly increasing
    for position, (start, level) in enumerate(headings):
        while open_ and headings[open_[-1]][1] >= level:
            ends[open_.pop()] = start
        open_.append(position)
    return ends


#: Placements the last resort leaves as they are: removed blocks, and bundled files (scripts).
_STAYING = (Placement.REMOVED, Placement.BUNDLED)


def _gather_rest(blocks: tuple[ContentBlock, ...], taken: set[str]) -> tuple[ContentBlock, ...]:
    """Last resort when even the pointers overflow: everything after the introduction, moved
    or not, goes to one ``references/details.md`` (cut into parts later if it is too big)."""
    sections = _sections(blocks)
    if not sections:
        return blocks
    first = min(start for start, _ in sections)
    path = reference_path("details", taken)
    taken.add(path)
    moved = [
        b
        if b.placement in _STAYING
        else replace(b, placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON)
        for b in blocks[first:]
    ]
    return (*blocks[:first], *moved)


def _split_in_parts(
    blocks: tuple[ContentBlock, ...],
    max_lines: int,
    max_tokens: int,
    part_lines: int,
    part_tokens: int,
    sizes: Sizes,
) -> tuple[ContentBlock, ...]:
    """For pages without sections (a heading-less PDF, a long keyword index): keep the opening
    body blocks that fit ``max_lines``/``max_tokens`` and move the rest, in order, into
    ``references/part-N.md`` files of at most that size each. A table or list larger than a
    part (``part_lines``/``part_tokens``) is split by rows first; any other block may exceed
    a part alone. Parts keep an agent from loading one 100,000-token file, the failure peers
    show on PDFs."""
    units: list[Unit] = []
    for block in blocks:
        if block.placement is Placement.BODY:
            units.extend(split_rows(block, part_lines, part_tokens, sizes))
        else:
            units.append(Unit(block, 0, 0))
    body = [i for i, unit in enumerate(units) if unit.block.placement is Placement.BODY]
    kept, lines, tokens = 0, 0, 0
    for i in body:  # a block too big for the budget alone never stays, even the first
        size = (units[i].lines + 2, units[i].tokens + 1)
        if lines + size[0] > max_lines or tokens + size[1] > max_tokens:
            break
        kept, lines, tokens = kept + 1, lines + size[0], tokens + size[1]
    result = [unit.block for unit in units]
    part, lines, tokens = 1, 0, 0
    for i in body[kept:]:
        size = (units[i].lines + 2, units[i].tokens + 1)
        if lines and (lines + size[0] > max_lines or tokens + size[1] > max_tokens):
            part, lines, tokens = part + 1, 0, 0
        lines, tokens = lines + size[0], tokens + size[1]
        path = f"references/part-{part}.md"
        result[i] = replace(
            units[i].block, placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON
        )
    return number_parts(result)


# --- Reporting ----------------------------------------------------------------------------------


def _oversized(skill: Skill, ceiling: int, sizes: Sizes) -> list[Diagnostic]:
    """SK062 for each moved block still over ``ceiling`` tokens: code (never cut), or a
    table or list whose single row is that large."""
    found = []
    for block in skill.blocks:
        if block.placement is not Placement.REFERENCE or block.id not in sizes.blocks:
            continue
        tokens = sizes.blocks[block.id][1]
        if tokens <= ceiling or part_of(block.id) is not None:
            continue
        kind = "code block" if isinstance(block, Code) else KIND_OF.get(type(block), "block")
        why = "code is never cut" if isinstance(block, Code) else "it has no rows to split at"
        message = (
            f"{kind} {block.id} is {tokens:,} tokens, more than an agent reads at once "
            f"({ceiling:,}); it was moved whole to {block.reference} because {why}: "
            "consider splitting it in the source"
        )
        span = block.prov[0] if block.prov else None
        found.append(
            Diagnostic(code=OVERSIZED_CODE, message=message, severity=Severity.WARNING, span=span)
        )
    return found


# --- Names --------------------------------------------------------------------------------------


def reference_path(title: str, taken: set[str], limit: int = SLUG_CHARS) -> str:
    """``references/<slug of title>.md``, unique within the skill; the slug at most ``limit``
    characters, not ending on a word that joined what the cut removed.

    >>> reference_path("Updating the package list and installing packages", set(), 32)
    'references/updating-the-package-list.md'
    """
    slug = slugify(title, limit=limit)
    if slug != slugify(title):  # cut: not after a joining word ("updating-the-package-list-and")
        slug = undangled(slug)
    slug = slug or "section"
    path, n = f"references/{slug}.md", 2
    while path in taken:
        path, n = f"references/{slug}-{n}.md", n + 1
    return path
