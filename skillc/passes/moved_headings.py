"""Which sub-section headings go to a reference file with the whole content under them.

compress-body moves blocks, not sections: a sub-section all of whose blocks moved kept its
heading in SKILL.md with a pointer line under it ("#### Integration Testing Approach" / "Read
references/1-writing-test-cases.md when you need a worked example for integration testing
approach."), one heading and one pointer per sub-section. The agent learns nothing from that
heading that the pointer cannot say, so such a heading moves too, and the parent section keeps
one pointer naming its moved sub-sections (`skillc.compiler.optimize.splice`).

A heading moves only when

- everything under it (to the next heading of its level or higher, sub-sections included)
  left the body, at least one block of it for a reference file and all of those for the same
  file (one pointer can name it);
- it holds no actionable item (`skillc.passes.pins.pinned`: "#### Never push to main" is a
  rule) and is not itself an instruction or a step (`instructs`: "## Step 4: Use the
  provider" is a step of a sequence the body must still show);
- its parent (the nearest heading of a lower level before it) stays in the body, or moves
  with it; and every heading between the parent and it moves too: the parent's pointer lands
  where the first moved sub-section was, and under a sibling that stays it would read as that
  sibling's.

Sub-sections that moved whole under one parent go to one file (`merged_files`): compress-body
gives each section of level 1-3 a file of its own, so "## Script Templates" kept one pointer per
template ("### Listicle Template", "### Story Template"...), where one line can name them all.

Linear in the blocks per heading; deterministic (reads only the blocks in order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from skillc.ir.nodes import ContentBlock, Heading
from skillc.ir.vocab import Placement
from skillc.passes.body_guidance import instructs
from skillc.passes.pins import pinned

#: Why a heading moved (a PV031 note's reason).
REASON = "heading of a moved sub-section"

#: A block's placement and reference file, as compress-body has decided so far.
Where = Callable[[int], tuple[Placement, str]]


def moved_headings(blocks: Sequence[ContentBlock], where: Where) -> dict[int, str]:
    """Index of each heading of ``blocks`` that moves with its content -> its reference file."""
    candidates = _candidates(blocks, where)
    moved: dict[int, str] = {}
    for index in sorted(candidates):
        parent = _parent(blocks, index)
        if parent < 0:
            continue
        if parent not in moved:
            if where(parent)[0] is not Placement.BODY:
                continue
            between = range(parent + 1, index)
            if any(_stays(blocks, k, where, moved) for k in between):
                continue
        moved[index] = candidates[index]
    return moved


def _candidates(blocks: Sequence[ContentBlock], where: Where) -> dict[int, str]:
    """Headings whose whole content left the body for one reference file (sub-sections first,
    so that a section whose sub-sections all qualify qualifies too)."""
    found: dict[int, str] = {}
    for index in reversed(range(len(blocks))):
        heading = blocks[index]
        if not isinstance(heading, Heading) or heading.level < 2:
            continue
        if where(index)[0] is not Placement.BODY or pinned(heading) or instructs(heading.text):
            continue
        files: set[str] = set()
        whole = True
        for inner in range(index + 1, _end(blocks, index)):
            if inner in found:
                files.add(found[inner])
                continue
            placement, reference = where(inner)
            if placement is Placement.BODY:
                whole = False
                break
            if placement is Placement.REFERENCE:
                files.add(reference)
        if whole and len(files) == 1:
            found[index] = files.pop()
    return found


def _end(blocks: Sequence[ContentBlock], index: int) -> int:
    """Where the section of the heading at ``index`` ends: its next heading of that level or
    a higher one, or the end."""
    level = blocks[index].level  # type: ignore[union-attr]
    for after in range(index + 1, len(blocks)):
        block = blocks[after]
        if isinstance(block, Heading) and block.level <= level:
            return after
    return len(blocks)


def _parent(blocks: Sequence[ContentBlock], index: int) -> int:
    """The nearest heading of a lower level before ``index``, or -1."""
    level = blocks[index].level  # type: ignore[union-attr]
    for before in reversed(range(index)):
        block = blocks[before]
        if isinstance(block, Heading) and block.level < level:
            return before
    return -1


def _stays(blocks: Sequence[ContentBlock], index: int, where: Where, moved: dict[int, str]) -> bool:
    """Whether ``blocks[index]`` is a heading that stays in the body."""
    return (
        isinstance(blocks[index], Heading)
        and index not in moved
        and where(index)[0] is Placement.BODY
    )


def merged_files(
    blocks: Sequence[ContentBlock],
    where: Where,
    moved: dict[int, str],
    name: Callable[[str], str],
) -> dict[str, str]:
    """Reference file -> the file it merges into, for the sub-sections of each parent that
    stays: the parent's own file when some of its own blocks moved, else a new file ``name``
    makes from the parent's heading. Only files all of whose blocks lie under that parent."""
    children: dict[int, list[int]] = {}
    for index in sorted(moved):
        parent = _parent(blocks, index)
        if parent not in moved:
            children.setdefault(parent, []).append(index)
    files = _file_blocks(blocks, where, moved)
    merged: dict[str, str] = {}
    for parent, kids in children.items():
        direct = range(parent + 1, _next_heading(blocks, parent))
        own = [where(i)[1] for i in direct if where(i)[0] is Placement.REFERENCE]
        inside = set(direct).union(*(range(k, _end(blocks, k)) for k in kids))
        found = set(own) | {where(i)[1] for i in inside if where(i)[0] is Placement.REFERENCE}
        found |= {moved[k] for k in kids}
        if len(found) < 2 or any(not files[f] <= inside for f in found):
            continue
        target = own[0] if own else name(blocks[parent].text)  # type: ignore[union-attr]
        merged.update({f: target for f in sorted(found) if f != target})
    return merged


def _next_heading(blocks: Sequence[ContentBlock], index: int) -> int:
    """The index of the first heading after ``index``, or the end."""
    for after in range(index + 1, len(blocks)):
        if isinstance(blocks[after], Heading):
            return after
    return len(blocks)


def _file_blocks(
    blocks: Sequence[ContentBlock], where: Where, moved: dict[int, str]
) -> dict[str, set[int]]:
    """Reference file -> the indexes of the blocks placed in it."""
    files: dict[str, set[int]] = {}
    for index in range(len(blocks)):
        placement, reference = where(index)
        if index in moved:
            placement, reference = Placement.REFERENCE, moved[index]
        if placement is Placement.REFERENCE:
            files.setdefault(reference, set()).add(index)
    return files
