"""Keep each SKILL.md body within the spec's budget by moving whole sections to references/.

The Agent Skills spec recommends a body under 500 lines and 5,000 tokens; what does not fit is
read on demand from ``references/`` (one level deep). This pass measures the body exactly as the
backend will render it (`render_body`, cl100k tokens) and, while it is over budget, moves the
largest remaining section (a heading of the page's section level and everything under it) to
``references/<section-slug>.md``. Sections move whole because a documentation section is the unit
an agent reads: splitting examples from the rules they illustrate is SkillReducer's main failure
mode ("example as specification"). The introduction before the first section always stays.

Relies on: blocks in document order. Guarantees: only placement/reference/reason change; block
order, text and ids are untouched; a second run changes nothing (idempotent).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from skillc.compiler.backends.skill_md import render_body
from skillc.ir.nodes import ContentBlock, Heading, Skill, SkillModule
from skillc.ir.vocab import Placement
from skillc.passes.registry import PassContext, transform
from skillc.tokens import count_tokens

MAX_BODY_LINES = 500
MAX_BODY_TOKENS = 5000
MOVED_REASON = "moved to a reference file to keep SKILL.md within budget"


@transform("progressive-disclosure", requires=("classify-content",), idempotent=True)
def progressive_disclosure(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Move sections to reference files until every body fits the line and token budgets."""
    max_lines = int(ctx.options.get("max_body_lines", MAX_BODY_LINES))
    max_tokens = int(ctx.options.get("max_body_tokens", MAX_BODY_TOKENS))
    skills = tuple(disclose(s, max_lines, max_tokens) for s in module.skills)
    return replace(module, skills=skills)


def body_fits(blocks: tuple[ContentBlock, ...], max_lines: int, max_tokens: int) -> bool:
    """Whether the rendered body (plus its front matter allowance) is within both budgets."""
    body = render_body(blocks)
    return body.count("\n") <= max_lines and count_tokens(body) <= max_tokens


def disclose(skill: Skill, max_lines: int, max_tokens: int) -> Skill:
    """``skill`` with its largest sections moved out until the body fits."""
    blocks = skill.blocks
    if body_fits(blocks, max_lines, max_tokens):
        return skill
    taken: set[str] = {b.reference for b in blocks if b.reference}
    for start, end in _largest_first(blocks):
        if body_fits(blocks, max_lines, max_tokens):
            break
        if blocks[start].placement is not Placement.BODY:
            continue  # inside a section moved earlier
        heading = blocks[start]
        path = _reference_path(heading.text if isinstance(heading, Heading) else "", taken)
        taken.add(path)
        blocks = _move(blocks, start, end, path)
    if not body_fits(blocks, max_lines, max_tokens):
        blocks = _gather_rest(blocks, taken)
    if not body_fits(blocks, max_lines, max_tokens):
        blocks = _split_in_parts(blocks, max_lines // 2, max_tokens // 2)
    return replace(skill, blocks=blocks)


def _split_in_parts(
    blocks: tuple[ContentBlock, ...], max_lines: int, max_tokens: int
) -> tuple[ContentBlock, ...]:
    """For pages without sections (a heading-less PDF, a long keyword index): keep the opening
    body blocks that fit ``max_lines``/``max_tokens`` and move the rest, in order, into
    ``references/part-N.md`` files of at most that size each (one block may exceed it alone).
    Parts keep an agent from loading one 100,000-token file, the failure peers show on PDFs."""
    body = [i for i, b in enumerate(blocks) if b.placement is Placement.BODY]
    sizes = {i: _size(blocks[i]) for i in body}
    kept, lines, tokens = 0, 0, 0
    for i in body:  # a block too big for the budget alone never stays, even the first
        if lines + sizes[i][0] > max_lines or tokens + sizes[i][1] > max_tokens:
            break
        kept, lines, tokens = kept + 1, lines + sizes[i][0], tokens + sizes[i][1]
    result = list(blocks)
    part, lines, tokens = 1, 0, 0
    for i in body[kept:]:
        if lines and (lines + sizes[i][0] > max_lines or tokens + sizes[i][1] > max_tokens):
            part, lines, tokens = part + 1, 0, 0
        lines, tokens = lines + sizes[i][0], tokens + sizes[i][1]
        path = f"references/part-{part}.md"
        result[i] = replace(
            blocks[i], placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON
        )
    return tuple(result)


def _size(block: ContentBlock) -> tuple[int, int]:
    """Lines and tokens the block takes in a rendered body (with its blank separator line)."""
    text = render_body((block,))
    return text.count("\n") + 1, count_tokens(text)


def _gather_rest(blocks: tuple[ContentBlock, ...], taken: set[str]) -> tuple[ContentBlock, ...]:
    """Last resort when even the pointers overflow: everything after the introduction, moved
    or not, goes to one ``references/details.md`` (it gets a table of contents)."""
    sections = _sections(blocks)
    if not sections:
        return blocks
    first = min(start for start, _ in sections)
    path = _reference_path("details", taken)
    moved = [
        b
        if b.placement is Placement.REMOVED
        else replace(b, placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON)
        for b in blocks[first:]
    ]
    return (*blocks[:first], *moved)


def _sections(blocks: tuple[ContentBlock, ...]) -> list[tuple[int, int]]:
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
    ranges = []
    for position, (start, level) in enumerate(headings):
        if level > section_level:
            continue
        later = (i for i, other in headings[position + 1 :] if other <= level)
        ranges.append((start, next(later, len(blocks))))
    return ranges


def _largest_first(blocks: tuple[ContentBlock, ...]) -> list[tuple[int, int]]:
    """Sections still in the body, largest (in tokens) first, ties in document order."""
    sized = []
    for start, end in _sections(blocks):
        if blocks[start].placement is not Placement.BODY:
            continue
        size = count_tokens(render_body(blocks[start:end]))
        sized.append((-size, start, end))
    return [(start, end) for _, start, end in sorted(sized)]


def _move(
    blocks: tuple[ContentBlock, ...], start: int, end: int, path: str
) -> tuple[ContentBlock, ...]:
    moved = [
        replace(b, placement=Placement.REFERENCE, reference=path, reason=MOVED_REASON)
        if b.placement is Placement.BODY
        else b
        for b in blocks[start:end]
    ]
    return (*blocks[:start], *moved, *blocks[end:])


def _reference_path(title: str, taken: set[str]) -> str:
    """``references/<slug of title>.md``, unique within the skill."""
    slug = slugify(title) or "section"
    path, n = f"references/{slug}.md", 2
    while path in taken:
        path, n = f"references/{slug}-{n}.md", n + 1
    return path


def slugify(text: str, limit: int = 60) -> str:
    """An ASCII kebab-case slug of ``text``, cut at a hyphen to at most ``limit`` characters.

    >>> slugify("Options with `multiple` Values!")
    'options-with-multiple-values'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug
