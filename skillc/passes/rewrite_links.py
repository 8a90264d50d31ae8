"""Rewrite Markdown links so that no emitted link points outside its package.

A guide links to its sibling pages, to anchors and to images; once compiled, each page is a
separate package (or gone), so those targets no longer exist next to the SKILL.md. Keeping them
is what leaves peers with half their links broken. This pass keeps web links (``http``,
``https``, ``mailto``), turns a link to another compiled page into a mention of that skill by name
(agents route to skills by name), and turns every other local link or image into its text.
Each rewrite of a link that leaves the build is reported as an INFO diagnostic, never silently.

Runs after normalize-names (skill names are final) and select-skills (only emitted skills can be
named). Code blocks are not touched: a link-like string in code is code.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import replace

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Table
from skillc.passes.registry import PassContext, transform

#: ``[text](target "title")`` and ``![alt](src)``; link text may hold one level of brackets and
#: backslash-escaped characters (``[\\[ticket\\]](...)``).
LINK = re.compile(
    r"(!?)\[((?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
WEB_SCHEMES = ("http://", "https://", "mailto:")


@transform("rewrite-links", requires=("normalize-names", "select-skills"), idempotent=True)
def rewrite_links(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Keep web links, name sibling skills, reduce every other local link to its text."""
    by_source = {s.prov[0].source: s.name for s in module.skills if s.prov}
    skills = tuple(_rewrite_skill(s, by_source, ctx) for s in module.skills)
    return replace(module, skills=skills)


def _rewrite_skill(skill: Skill, by_source: dict[str, str], ctx: PassContext) -> Skill:
    here = skill.prov[0].source if skill.prov else ""

    def rewrite_text(text: str, block: ContentBlock) -> str:
        return LINK.sub(lambda m: _rewrite_link(m, here, by_source, block, ctx), text)

    return replace(skill, blocks=tuple(_map_text(b, rewrite_text) for b in skill.blocks))


def _map_text(block: ContentBlock, fn: Callable[[str, ContentBlock], str]) -> ContentBlock:
    """Apply ``fn`` to every Markdown text field of ``block`` (never to code)."""
    if isinstance(block, Prose | Heading):
        return replace(block, text=fn(block.text, block))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(fn(item, block) for item in block.items))
    if isinstance(block, Table):
        rows = tuple(tuple(fn(cell, block) for cell in row) for row in block.rows)
        return replace(block, rows=rows)
    return block


def _rewrite_link(
    match: re.Match[str],
    here: str,
    by_source: dict[str, str],
    block: ContentBlock,
    ctx: PassContext,
) -> str:
    bang, text, target = match.group(1), match.group(2), match.group(3)
    if target.lower().startswith(WEB_SCHEMES) and not bang:
        return match.group(0)
    if bang:
        _report(ctx, block, f"image {target!r} is not bundled; kept its alt text")
        return text
    path = target.split("#", 1)[0]
    if not path:  # an anchor in the same page: sections may move between files
        return text
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    name = by_source.get(resolved)
    if name is not None:
        return f"{text} (see the `{name}` skill)" if text else f"the `{name}` skill"
    _report(ctx, block, f"link to {target!r} leaves the build; kept its text")
    return text


def _report(ctx: PassContext, block: ContentBlock, message: str) -> None:
    span = block.prov[0] if block.prov else None
    ctx.report(Diagnostic(code="SK040", message=message, severity=Severity.INFO, span=span))
