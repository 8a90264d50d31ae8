"""Make a SKILL.md body hold what an agent needs on every activation, and no more.

SkillReducer found over 60% of public skill bodies non-actionable; its body stage keeps core rules
in SKILL.md, moves examples, templates and background to reference files read on demand, and drops
redundancy. Without a model to rewrite text, this pass only removes and moves whole blocks, each
verbatim, so what stays reads exactly as its author wrote it:

- **removed** (placement ``removed``, a PV030 note naming the block and why): a block that
  classify-content found to repeat an earlier one (code repeated across sections included); a
  paragraph or list that is a near duplicate of an earlier kept one (word sets at least
  `NEAR_DUPLICATE` alike); a preamble of the first section (or of an "Overview" section right
  after it) that only restates the description ("This skill helps you...", "The Frontend
  Enhancer skill transforms..."); a table of contents (`skillc.passes.contents_list`) whose
  items blocks that stay hold, and its "Table of Contents" heading; the heading of a section
  left with nothing under it. A block is
  removed only when every actionable item it holds (`skillc.passes.actionable`) is held by a
  block that stays.
- **moved** (placement ``reference``, a PV031 note): in each section, background prose and
  lists, examples and templates, when together they are worth at least `MIN_MOVE_TOKENS`,
  go to ``references/<section>.md``; the body keeps a "read this when" line for them under each
  (sub-)section that lost some, and the file keeps their ``####`` headings. So do
  a table under a background heading naming fewer than two code identifiers ("Core Concepts"),
  a "When to Use This Skill" section whole but its pinned blocks (the description routes), and
  a table of contents holding an item found nowhere else. Never
  moved: commands, other tables, any block holding a constraint, number, path or URL, a paragraph or
  list that guides the agent in words the classifier does not count as a rule (`guides`: "Ask
  the user ...", "When it is an object, use `contentRender`:", a checklist), and an example
  or template that the section heading or the paragraph before it introduces as the required
  output or sequence (SkillReducer's "example-as-specification" failure) or as the right way
  ("✅ Correct Configuration:"), a block an instruction before it points at ("Use these
  terms exactly:"), or that a step tells
  the agent to make ("Present the proposed sprint:", "Step 6: Generate the summary", "Default
  flow"). Advice that introduces an example stays in the body while the example moves; a
  lead-in ("Suitable for:") stays with the block it leads; background that names two or more
  code identifiers (the API it describes) and anything under a heading that is itself an
  instruction ("Read these references first") stay. A long example wrapped in tag lines that
  call it the wrong way (``<Bad>``, `skillc.passes.wrapped_examples`) moves as a fenced one
  does. A sub-section whose whole content moved goes with its heading, and sub-sections of one
  parent to one file (`skillc.passes.moved_headings`): the parent keeps one pointer.

Requires classify-content. Idempotent: removed and moved blocks stay so, and what stays in the
body has already been judged. Deterministic: decisions read only the skill's blocks in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.markdown import render_block
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Table
from skillc.ir.replace import replace
from skillc.ir.vocab import ContentClass, Placement
from skillc.passes.actionable import Item, markdown_items
from skillc.passes.body_guidance import (
    ends_with_colon,
    guides,
    instructs,
    is_specification,
    operated_on,
    pointed_at,
)
from skillc.passes.classify_content import is_command_block
from skillc.passes.contents_list import heading_keys, is_contents, settle_contents
from skillc.passes.moved_headings import REASON as HEADING_REASON
from skillc.passes.moved_headings import merged_files, moved_headings
from skillc.passes.pins import pinned
from skillc.passes.registry import PassContext, transform
from skillc.passes.wrapped_examples import is_wrapped, wrong_way
from skillc.tokens import count_tokens

#: Word-set similarity (Jaccard) from which a paragraph repeats an earlier one.
NEAR_DUPLICATE = 0.85
#: Shorter blocks are context, never near duplicates.
MIN_NEAR_DUPLICATE_CHARS = 80
#: A section moves its background, examples and templates only when they weigh this much.
MIN_MOVE_TOKENS = 80
#: A "When to Use" section leaves from this weight: its heading goes with it when nothing else
#: is left (`skillc.passes.moved_headings`), and its pointer costs about 25 tokens.
MIN_WHEN_TO_USE_TOKENS = 40
#: Code shorter than this (lines) is a snippet, kept beside the rule it illustrates.
MIN_EXAMPLE_LINES = 8

#: A section that only says when to load the skill ("When to Use This Skill", "适用场景").
_WHEN_TO_USE = re.compile(
    r"^\W*(?:when (?:to|should (?:i|you)) (?:use|invoke|apply)(?: (?:this|the) skill| it)?"
    r"|use (?:this skill )?when|triggers?|适用场景|何时使用|使用时机)\W*$",
    re.IGNORECASE,
)
_WHEN_REASON = "when to use"
_PREAMBLE = re.compile(
    r"^\s*(?:this|the)\s+(?:[\w-]+\s+){0,3}?(?:skill|guide|document|file)\s+"
    r"(?:helps?|allows?|enables?|lets|provides?|is|will|can|describes?|explains?|covers?|"
    r"teaches|shows|contains|gives|transforms|turns|offers|combines|supports)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
#: A section that opens a skill by saying what it is: its preamble is judged as the first one.
_OVERVIEW_HEADING = re.compile(
    r"^\W*(?:overview|introduction|intro|about|purpose|what (?:this|it) (?:skill )?does)\W*$"
    r"|^概述$|^简介$",
    re.IGNORECASE,
)
#: Where a table of contents goes when it cannot go altogether, and why.
CONTENTS = "references/table-of-contents.md"
_CONTENTS_REASON = "table of contents"
_BACKGROUND_HEADING = re.compile(
    r"\b(overview|background|about|introduction|intro|why|motivation|history|context|concepts?|"
    r"philosophy|principles|theory|rationale|examples?|samples?|templates?|appendix|faq|notes?|"
    r"glossary|reference)\b|概述|背景|简介|示例|例子|模板|概念|原理",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Decision:
    placement: Placement
    reason: str
    reference: str = ""


@transform("compress-body", requires=("classify-content",), idempotent=True)
def compress_body(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Remove redundant blocks and move background, long examples and templates to references."""
    skills = []
    for skill in module.skills:
        compressed, notes = compress_skill(skill)
        skills.append(compressed)
        for note in notes:
            ctx.report(note)
    return replace(module, skills=tuple(skills))


def compress_skill(skill: Skill) -> tuple[Skill, list[Diagnostic]]:
    """``skill`` with its body compressed, and a note per block removed or moved."""
    blocks = list(skill.blocks)
    decisions: dict[int, _Decision] = {}
    contents = _mark_contents(blocks, decisions)
    _remove_duplicates(blocks, decisions)
    _remove_preamble(blocks, skill.description, decisions)
    _move_sections(blocks, decisions, _script_names(skill), {CONTENTS})
    _settle_contents(blocks, decisions, contents)
    _move_headings(blocks, decisions)
    _remove_empty_sections(blocks, decisions)
    notes = []
    for index, decision in sorted(decisions.items()):
        block = blocks[index]
        blocks[index] = replace(
            block,
            placement=decision.placement,
            reason=decision.reason,
            reference=decision.reference,
        )
        notes.append(_note(block, decision))
    return replace(skill, blocks=tuple(blocks)), notes


def _mark_contents(blocks: list[ContentBlock], decisions: dict[int, _Decision]) -> list[int]:
    """Tables of contents (`skillc.passes.contents_list`), set to move for now: whether they
    can go altogether depends on what the other passes leave."""
    headings = heading_keys(blocks)
    found = [i for i in _in_body(blocks, decisions) if is_contents(blocks[i], headings)]
    for index in found:
        decisions[index] = _Decision(Placement.REFERENCE, _CONTENTS_REASON, CONTENTS)
    return found


def _settle_contents(
    blocks: list[ContentBlock], decisions: dict[int, _Decision], contents: list[int]
) -> None:
    """Tables of contents that can go altogether, and their headings (`settle_contents`)."""
    gone = {
        i
        for i, b in enumerate(blocks)
        if decisions.get(i, _Decision(b.placement, "")).placement is Placement.REMOVED
    }
    tables, headings = settle_contents(blocks, contents, gone, frozenset(decisions))
    for index in tables:
        # an exact copy keeps classify-content's reason, which a rerun would restore
        redundant = blocks[index].cls is ContentClass.REDUNDANT
        reason = blocks[index].reason if redundant else _CONTENTS_REASON
        decisions[index] = _Decision(Placement.REMOVED, reason)
    for index in headings:
        decisions[index] = _Decision(Placement.REMOVED, "heading of a table of contents")


def _in_body(blocks: Sequence[ContentBlock], decisions: dict[int, _Decision]) -> list[int]:
    return [i for i, b in enumerate(blocks) if b.placement is Placement.BODY and i not in decisions]


def block_items(block: ContentBlock) -> set[Item]:
    """The actionable items of one block, as rendered Markdown."""
    return markdown_items(render_block(block))


def _remove_duplicates(blocks: list[ContentBlock], decisions: dict[int, _Decision]) -> None:
    """Exact duplicates (classify-content's ``redundant``) and near-duplicate paragraphs."""
    by_id = {b.id: i for i, b in enumerate(blocks)}
    kept_words: list[tuple[int, frozenset[str]]] = []
    for index in _in_body(blocks, decisions):
        block = blocks[index]
        original = by_id.get(block.reason.removeprefix("duplicate of "), -1)
        kept = (
            0 <= original < index
            and original not in decisions
            and blocks[original].placement is Placement.BODY
        )
        redundant = block.cls is ContentClass.REDUNDANT and kept
        # a copy that a kept lead-in introduces ("Attach it with `env ...`:") stays: without it
        # the lead-in would point at nothing
        introduced = index > 0 and _leads_in(blocks[index - 1]) and index - 1 not in decisions
        if redundant and not introduced and block_items(block) <= block_items(blocks[original]):
            decisions[index] = _Decision(Placement.REMOVED, block.reason)
            continue
        if not isinstance(block, Prose | ListBlock):
            continue
        text = render_block(block)
        words = frozenset(_WORD.findall(text.casefold()))
        if len(text) >= MIN_NEAR_DUPLICATE_CHARS:
            twin = _near_twin(words, kept_words)
            if twin >= 0 and block_items(block) <= block_items(blocks[twin]):
                # An exact copy keeps classify-content's reason, which a rerun would restore.
                redundant = block.cls is ContentClass.REDUNDANT
                reason = block.reason if redundant else f"near-duplicate of {blocks[twin].id}"
                decisions[index] = _Decision(Placement.REMOVED, reason)
                continue
        kept_words.append((index, words))


def _near_twin(words: frozenset[str], kept: list[tuple[int, frozenset[str]]]) -> int:
    for index, other in kept:
        union = len(words | other)
        if union and len(words & other) / union >= NEAR_DUPLICATE:
            return index
    return -1


def _remove_preamble(
    blocks: list[ContentBlock], description: str, decisions: dict[int, _Decision]
) -> None:
    """A first-section paragraph that only says what the description says."""
    described = frozenset(_WORD.findall(description.casefold()))
    sections = 0
    for index in _in_body(blocks, decisions):
        block = blocks[index]
        if isinstance(block, Heading) and block.level >= 2:
            sections += 1
            if sections > 1 or not _OVERVIEW_HEADING.search(block.text):
                return  # past the first section (and an "## Overview" right after it)
            continue
        if not isinstance(block, Prose) or not _PREAMBLE.match(block.text):
            continue
        if block_items(block) - {i for i in block_items(block) if i.kind == "inline"}:
            continue
        words = frozenset(_WORD.findall(block.text.casefold()))
        if words and len(words & described) / len(words) >= 0.4:
            decisions[index] = _Decision(Placement.REMOVED, "preamble restating the description")


def _script_names(skill: Skill) -> tuple[str, ...]:
    """What code that runs the skill's own scripts mentions: ``scripts/`` and each script's
    file stem (``travel_db`` for ``scripts/travel_db.py``)."""
    stems = {
        dep.value.rsplit("/", 1)[-1].split(".")[0]
        for dep in skill.dependencies
        if dep.type == "script"
    }
    return ("scripts/", *sorted(s for s in stems if len(s) >= 3))


def _move_sections(
    blocks: list[ContentBlock],
    decisions: dict[int, _Decision],
    scripts: Sequence[str] = (),
    taken: set[str] | None = None,
) -> None:
    """Per section, background, long examples and templates to one reference file.

    Background prose and lists move only out of a section about background (its heading says
    overview, background, why...) or with everything else the section holds: moving half of a
    step's paragraphs would leave the rest without their context. A paragraph that introduces a
    moved example ("For example:") moves with it.
    """
    used: set[str] = set(taken or ())
    pointed = pointed_at(blocks)  # code a step points at ("the SQL below") stays with it
    for heading, members in _sections(blocks):
        context = blocks[heading].text if heading >= 0 else ""  # type: ignore[union-attr]
        movable = {
            i: why
            for i in members
            if i not in decisions
            and i not in pointed
            and (why := _movable(blocks, i, context, scripts))
        }
        if _WHEN_TO_USE.match(context):
            movable = {
                i: _WHEN_REASON for i in members if i not in decisions and _routes(blocks[i])
            }
            # a list a lead-in that stays introduces ("**Always applied for:**") stays with it
            for index in list(movable):
                before = index - 1
                if before in members and before not in movable and _leads_in(blocks[before]):
                    del movable[index]
        whole = all(
            i in movable
            for i in members
            if not isinstance(blocks[i], Heading) and i not in decisions
        )
        # "Read these references first", "Step 2: Create the provider": what is under an
        # instruction is part of it, whatever its heading's other words say
        if instructs(context) or (not whole and not _BACKGROUND_HEADING.search(context)):
            movable = {i: w for i, w in movable.items() if w != "background"}
        for index in list(movable):
            before = index - 1
            if before in members and before not in movable and _introduces(blocks[before]):
                movable[before] = "introduces a moved example"
        for index in sorted(movable, reverse=True):  # a lead-in ("Suitable for:") stays with it
            after = index + 1
            if after in members and after not in movable and _leads_in(blocks[index]):
                del movable[index]
        weight = sum(count_tokens(render_block(blocks[i])) for i in movable)
        least = MIN_WHEN_TO_USE_TOKENS if _WHEN_TO_USE.match(context) else MIN_MOVE_TOKENS
        if not movable or weight < least:
            continue
        path = _reference_path(context, used)
        for index, why in sorted(movable.items()):
            decisions[index] = _Decision(Placement.REFERENCE, why, path)


def _routes(block: ContentBlock) -> bool:
    """Whether a block of a "When to use" section may leave the body: the description routes
    requests, and once the skill is loaded its trigger list has no job left. A constraint
    ("Do not use it for throwaway work"), a command, a URL, a path or a number stays."""
    if isinstance(block, Heading) or block.placement is not Placement.BODY or pinned(block):
        return False
    return not (isinstance(block, Code) and is_command_block(block))


def _leads_in(block: ContentBlock) -> bool:
    return isinstance(block, Prose) and ends_with_colon(block.text)


def _introduces(block: ContentBlock) -> bool:
    """A short paragraph ending with a colon, holding nothing that must stay in the body (not
    even advice: "When it is complex, use `contentRender`:" stays while its example moves)."""
    if not isinstance(block, Prose) or not ends_with_colon(block.text):
        return False
    return len(block.text) <= 200 and not pinned(block) and not guides(block)


def _sections(blocks: Sequence[ContentBlock]) -> list[tuple[int, list[int]]]:
    """(index of the heading, indexes of the blocks under it) for each heading of level 1-3,
    and (-1, ...) for blocks before the first heading."""
    sections: list[tuple[int, list[int]]] = [(-1, [])]
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level <= 3:
            sections.append((index, []))
        elif block.placement is Placement.BODY:
            sections[-1][1].append(index)
    return [s for s in sections if s[1]]


def _movable(
    blocks: Sequence[ContentBlock], index: int, context: str, scripts: Sequence[str] = ()
) -> str:
    """Why ``blocks[index]`` may move to a reference file, or ``""`` when it must stay (code
    that runs one of the skill's own ``scripts`` stays: it is the procedure, not an example)."""
    block = blocks[index]
    if isinstance(block, Heading) or block.placement is not Placement.BODY:
        return ""
    if pinned(block) or operated_on(blocks, index):
        return ""
    if isinstance(block, Table):
        return "reference table" if _reference_table(blocks, index, context) else ""
    if isinstance(block, Code):
        if block.cls not in (ContentClass.EXAMPLE, ContentClass.TEMPLATE):
            return ""
        why = "long example" if block.cls is ContentClass.EXAMPLE else "template"
        return why if _long_code(blocks, index, block, context, scripts) else ""
    wrapped = wrong_way(block)
    if wrapped is not None:  # "<Bad> ```...``` </Bad>": judged by its code
        code, caption = wrapped
        if guides(Prose(id="", text=caption)):
            return ""
        return "counter-example" if _long_code(blocks, index, code, context, scripts) else ""
    if block.cls is ContentClass.BACKGROUND:
        # prose naming two or more code identifiers describes the API the agent will call
        names = {item for item in block_items(block) if item.kind == "inline"}
        return "" if guides(block) or len(names) >= 2 else "background"
    if block.cls is ContentClass.TEMPLATE and not is_specification(blocks, index, context):
        return "template"
    return ""


def _long_code(
    blocks: Sequence[ContentBlock], index: int, code: Code, context: str, scripts: Sequence[str]
) -> bool:
    """Whether ``code`` (``blocks[index]`` or the code it wraps) is an example long enough to
    move: no commands, none of the skill's own scripts, not the required form of an output."""
    if is_command_block(code) or any(name in code.text for name in scripts):
        return False
    if code.text.count("\n") + 1 < MIN_EXAMPLE_LINES:
        return False
    # a "<Good>" wrapper right before a "<Bad>" one is no lead-in calling it the right way
    wrapper_before = code is not blocks[index] and index > 0 and is_wrapped(blocks[index - 1])
    return not is_specification(blocks, index, context, "" if wrapper_before else None)


def _reference_table(blocks: Sequence[ContentBlock], index: int, context: str) -> bool:
    """A table under a background heading ("Core Concepts", "Overview") that names fewer than
    two code identifiers: looked up, not followed. A table of imports or API names ("Built-in
    Provider Overview") is what the agent writes code from, and stays."""
    if not _BACKGROUND_HEADING.search(context) or instructs(context):
        return False
    names = {item for item in block_items(blocks[index]) if item.kind == "inline"}
    return len(names) < 2 and not is_specification(blocks, index, context)


def _reference_path(heading: str, used: set[str]) -> str:
    """``references/<heading as a slug>.md``, unique within the skill."""
    words = re.findall(r"[a-z0-9]+", heading.lower())
    slug = "-".join(words)[:48].strip("-") or "details"
    path, number = f"references/{slug}.md", 2
    while path in used:
        path, number = f"references/{slug}-{number}.md", number + 1
    used.add(path)
    return path


def _move_headings(blocks: list[ContentBlock], decisions: dict[int, _Decision]) -> None:
    """Sub-section headings whose whole content moved to one file go with it
    (`skillc.passes.moved_headings`): the parent keeps one pointer for them all."""

    def where(index: int) -> tuple[Placement, str]:
        decided = decisions.get(index)
        if decided is not None:
            return decided.placement, decided.reference
        return blocks[index].placement, blocks[index].reference

    moved = moved_headings(blocks, where)
    used = {CONTENTS} | {d.reference for d in decisions.values()} | {b.reference for b in blocks}
    merged = merged_files(blocks, where, moved, lambda heading: _reference_path(heading, used))
    for index, path in moved.items():
        decisions[index] = _Decision(Placement.REFERENCE, HEADING_REASON, path)
    for index, decision in list(decisions.items()):
        if decision.placement is Placement.REFERENCE and decision.reference in merged:
            decisions[index] = replace(decision, reference=merged[decision.reference])


def _remove_empty_sections(blocks: list[ContentBlock], decisions: dict[int, _Decision]) -> None:
    """Headings with nothing under them before the next heading of the same or a higher level
    (moved blocks count as content: their pointer stays there)."""
    changed = True
    while changed:
        changed = False
        shown = [
            i
            for i, b in enumerate(blocks)
            if b.placement is not Placement.REMOVED
            and decisions.get(i, _Decision(Placement.BODY, "")).placement is not Placement.REMOVED
        ]
        for position, index in enumerate(shown):
            block = blocks[index]
            if not isinstance(block, Heading) or block.level < 2 or block_items(block):
                continue  # a heading that states a rule ("Never push to main") is content
            following = blocks[shown[position + 1]] if position + 1 < len(shown) else None
            if following is None or (
                isinstance(following, Heading) and following.level <= block.level
            ):
                decisions[index] = _Decision(Placement.REMOVED, "empty section")
                changed = True
                break


def _note(block: ContentBlock, decision: _Decision) -> Diagnostic:
    kind = type(block).__name__.lower().replace("listblock", "list")
    tokens = count_tokens(render_block(block))
    span = block.prov[0] if block.prov else None
    if decision.placement is Placement.REFERENCE:
        message = f"moved {block.id} ({kind}, {tokens} tokens) to {decision.reference}: "
        return Diagnostic(
            code="PV031",
            message=message + decision.reason,
            severity=Severity.INFO,
            span=span,
            path=span.source if span else "",
        )
    return Diagnostic(
        code="PV030",
        message=f"removed {block.id} ({kind}, {tokens} tokens): {decision.reason}",
        severity=Severity.INFO,
        span=span,
        path=span.source if span else "",
    )
