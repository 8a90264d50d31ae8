"""How a skill's blocks lay out as Agent Skills files: the SKILL.md body and reference files.

The rendering layer below the passes: the progressive-disclosure pass measures a body exactly as
it is laid out here, the check-only passes read the laid-out files, and the backend writes them
(`skillc.package.emit` adds the front matter). What it guarantees (DESIGN.md "Backends"):

- blocks placed in ``references/`` are grouped per file, one level deep, each linked from
  SKILL.md with a line saying when to read it, with a table of contents when over 100 lines;
- a table or list that progressive-disclosure split into parts (ids ``B12~1``, ``B12~2``...)
  is linked part by part, each pointer naming the rows it holds ("list items 201-400 of 3,568,
  from "DETACH" to "EXPLAIN"") so an agent opens only the part it needs;
- a bundled code block (placement ``bundled``: a script the skill runs) is its own file,
  written verbatim; it gets no pointer, since the frontend that bundled it says in the body
  which step runs it and why it could be bundled;
- nothing clock- or machine-dependent, so the bytes are reproducible.

Every laid-out file records where each block's own rendering sits in it (`LaidOut.origins`), so
a finding in a file (lint's, on the emitted package) can be traced back to the block, and so to
its source. Pointers and contents lists repeat text of blocks shown elsewhere and have no origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillc.ir.inline import link_texts, unmarked
from skillc.ir.landmarks import landmarks_contents
from skillc.ir.markdown import render_block
from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Skill, Table
from skillc.ir.replace import replace
from skillc.ir.vocab import Placement

#: Reference files longer than this many lines get a table of contents (Anthropic's guidance).
TOC_THRESHOLD_LINES = 100
#: Separates a split block's id from its part number: ``B12~3`` is the third part of ``B12``.
#: Block ids from the frontends never contain it, so the original id can always be read back.
PART_MARK = "~"
#: The file every package has; the body is laid out into it after the front matter.
SKILL_FILE = "SKILL.md"
#: How much of a row's text a pointer quotes.
_LABEL_WORDS = 4
_LABEL_CHARS = 32
_SEPARATOR = "\n\n"
#: Why a block is in a reference file that SKILL.md lists on one line (a page of a grouped skill,
#: `skillc.passes.group_pages`): such a body is a compact list, one line per page, and a page cut
#: into parts is one line too, pointing at an index of its parts (`listed_part_paths`).
LISTED_REASON = "one page of a grouped skill: its own reference file, listed in SKILL.md"
#: A listed line names at most this many of the page's section headings, in this many characters.
_LISTED_TOPICS = 6
_TOPICS_CHARS = 72
#: Heads a grouped skill's list of pages: how to read it.
LISTED_HEAD = (
    "Each line is one page or section: open the file it links. One in parts links an index "
    "that says which part to read."
)
#: An index line names at most this many headings of a part.
_PART_TOPICS = 8
# A heading's numbering ("13.2 ", "A.1. "), left out of listed lines: the page's title keeps it.
_NUMBERING = re.compile(r"^(?:[0-9A-Z]{1,3}\.)*[0-9]{1,3}\.?\s+(?=\S)")
# A signature's parameter list at the end of a heading ("open(file, mode='r')"), defaults
# with parentheses of their own too ("bisect.insort_left(a, x, lo=0, hi=len(a))").
_PARAMETERS = re.compile(r"(?<=[\w\]])\((?:[^()]|\([^()]*\)){4,}\)$")
# ``part-3.md``, a part of a listed file in its folder.
_PART_NAME = re.compile(r"part-[1-9][0-9]*\.md")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a block's own rendering sits in a file: ``text[start:end]``. ``block`` is None for
    the skill's description in the front matter (added by `skillc.package.emit`)."""

    start: int
    end: int
    block: ContentBlock | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LaidOut:
    """One file of a skill's package (the SKILL.md body without its front matter, or a
    reference file), with the origin of each block rendered in it, in text order."""

    path: str
    text: str
    origins: tuple[Origin, ...] = ()


def layout(skill: Skill) -> tuple[LaidOut, ...]:
    """The SKILL.md body, then each reference file in first-appearance order."""
    ranges = part_ranges(skill.blocks)
    files = [_laid_out(SKILL_FILE, _body_pieces(skill.blocks, ranges))]
    groups = reference_groups(skill.blocks)
    titles = _continued_titles(skill)
    indexed: set[str] = set()
    for path, blocks in groups.items():
        folder = part_folder(path)
        if folder is not None and folder not in indexed:
            indexed.add(folder)
            files.append(_part_index(folder, groups, ranges))
        files.append(_reference(path, blocks, ranges, titles.get(path, "")))
    for path, block in bundled_files(skill.blocks).items():
        text = block.text if isinstance(block, Code) else render_block(block) + "\n"
        files.append(LaidOut(path=path, text=text, origins=(Origin(0, len(text), block),)))
    return tuple(files)


def _continued_titles(skill: Skill) -> dict[str, str]:
    """The title of each reference file that does not start with a heading: the section it
    continues ("9.3.4: The convert commands (continued)", the last heading before its first
    block), else the page's title (the skill's). Such files were all headed "Details"."""
    found: dict[str, str] = {}
    last = ""
    for block in skill.blocks:
        if block.placement is Placement.REMOVED:
            continue
        path = block.reference if block.placement is Placement.REFERENCE else ""
        if path and path not in found:
            if isinstance(block, Heading):
                found[path] = ""
            else:
                found[path] = f"{last} (continued)" if last else skill.skill_name.strip()
        if isinstance(block, Heading):
            last = block.text  # Markdown, as the title line is
    return found


def bundled_files(blocks: Iterable[ContentBlock]) -> dict[str, ContentBlock]:
    """The blocks written verbatim as files of their own, by path (the first block of a path
    is its file: a frontend bundles each script once per skill)."""
    found: dict[str, ContentBlock] = {}
    for block in blocks:
        if block.placement is Placement.BUNDLED and block.reference:
            found.setdefault(block.reference, block)
    return found


#: A stretch of a file: its text and the block it renders (None for text skillc adds).
_Piece = tuple[str, ContentBlock | None]


def _laid_out(path: str, pieces: Iterable[_Piece]) -> LaidOut:
    """Non-empty ``pieces`` joined by blank lines, ending with one newline (empty: nothing)."""
    texts: list[str] = []
    origins: list[Origin] = []
    offset = 0
    for text, block in pieces:
        if not text:
            continue
        if texts:
            offset += len(_SEPARATOR)
        if block is not None:
            origins.append(Origin(offset, offset + len(text), block))
        texts.append(text)
        offset += len(text)
    joined = _SEPARATOR.join(texts)
    return LaidOut(path=path, text=joined + "\n" if joined else "", origins=tuple(origins))


def reference_groups(blocks: Iterable[ContentBlock]) -> dict[str, list[ContentBlock]]:
    """Blocks placed in reference files, grouped by file in first-appearance order."""
    groups: dict[str, list[ContentBlock]] = {}
    for block in blocks:
        if block.placement is Placement.REFERENCE and block.reference:
            groups.setdefault(block.reference, []).append(block)
    return groups


def render_body(blocks: Iterable[ContentBlock]) -> str:
    """The SKILL.md body: body blocks in order, with a pointer where each reference file starts."""
    blocks = tuple(blocks)
    return _laid_out(SKILL_FILE, _body_pieces(blocks, part_ranges(blocks))).text


def _body_pieces(
    blocks: Sequence[ContentBlock], ranges: Mapping[str, tuple[int, int, int]]
) -> Iterable[_Piece]:
    held: dict[str, ContentBlock] = {}  # the first part of a split block in each file
    for block in blocks:
        if block.id in ranges and block.placement is Placement.REFERENCE:
            held.setdefault(block.reference, block)
    groups = reference_groups(blocks)
    seen: set[str] = set()
    listed: list[str] = []  # consecutive listed lines, one piece
    for block in blocks:
        if block.placement is Placement.REFERENCE and block.reference in seen:
            continue
        if block.placement is Placement.REFERENCE and _listed_file(block, groups):
            seen.add(block.reference)
            folder = part_folder(block.reference)
            if folder is None:
                listed.append(listed_line(block.reference, groups[block.reference]))
            elif folder not in seen:
                seen.add(folder)
                listed.append(_folder_line(folder, groups))
            continue
        if listed and block.placement is not Placement.REMOVED:
            yield "\n".join([LISTED_HEAD, "", *listed]), None
            listed = []
        if block.placement is Placement.BODY:
            yield render_block(block), block
        elif block.placement is Placement.REFERENCE:
            seen.add(block.reference)
            part = held.get(block.reference)
            rows = ranges[part.id] if part is not None else None
            yield reference_pointer(block, rows, part), None
    if listed:
        yield "\n".join([LISTED_HEAD, "", *listed]), None


def reference_pointer(
    first: ContentBlock,
    rows: tuple[int, int, int] | None = None,
    part: ContentBlock | None = None,
) -> str:
    """The SKILL.md lines that stand in for a reference file: what it holds and when to read it.

    A file that starts with a heading is announced by that heading; one that starts with a part
    of a split table or list by the rows it holds, quoting its first and last row, since "which
    part has ALTER TABLE?" is what an agent must decide from the body alone; any other file by
    its opening words. ``part`` is the file's first part of a split block (default ``first``)
    and ``rows`` its ``(first row, last row, rows in all parts)`` from `part_ranges`; a heading's
    line names them too.
    """
    path = first.reference
    link = f"[{path}]({path})"
    part = first if part is None else part
    held = _rows_text(part, rows) if rows and isinstance(part, Table | ListBlock) else ""
    if isinstance(first, Heading):
        topic = unmarked(first.text)
        line = f"Read {link} when the task involves {_lower_first(topic)}"
        return f"{render_block(first)}\n\n{line}" + (f" ({held})." if held else ".")
    if held and part is first:
        return f"Read {link} for {held}."
    opening = unmarked(_opening_words(first))
    return f'Read {link} for more of this page (it starts: "{opening}").'


def part_of(block_id: str) -> tuple[str, int] | None:
    """``(original id, part number)`` when ``block_id`` names a part of a split block.

    >>> part_of("B12~3"), part_of("B12")
    (('B12', 3), None)
    """
    base, mark, number = block_id.rpartition(PART_MARK)
    if not mark or not base or not (number.isascii() and number.isdigit()) or number[:1] == "0":
        return None
    return base, int(number)


def part_id(block_id: str, number: int) -> str:
    """The id of part ``number`` (from 1) of block ``block_id``."""
    return f"{block_id}{PART_MARK}{number}"


def part_ranges(blocks: Iterable[ContentBlock]) -> dict[str, tuple[int, int, int]]:
    """For each part of a split table or list: ``(first row, last row, rows in all parts)``.

    Rows count from 1 and leave out a table's header, which every part repeats.
    """
    parts: list[tuple[str, str, int, int]] = []
    done: dict[str, int] = {}
    for block in blocks:
        found = part_of(block.id)
        if found is None or not isinstance(block, Table | ListBlock):
            continue
        base = found[0]
        low = done.get(base, 0) + 1
        done[base] = low - 1 + _row_count(block)
        parts.append((block.id, base, low, done[base]))
    return {block_id: (low, high, done[base]) for block_id, base, low, high in parts}


def _rows_text(block: Table | ListBlock, rows: tuple[int, int, int]) -> str:
    """``list items 198-420 of 3,568, from ".connection" to "checksum VFS shim"``."""
    what = "table rows" if isinstance(block, Table) else "list items"
    low, high, total = rows
    first, last = _row_labels(block)
    text = f"{what} {low:,}-{high:,} of {total:,}"
    return f'{text}, from "{first}" to "{last}"' if first else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row_count(block: Table | ListBlock) -> int:
    return max(0, len(block.rows) - 1) if isinstance(block, Table) else len(block.items)


def _row_labels(block: Table | ListBlock) -> tuple[str, str]:
    """The opening words of the first and last row (a table row's first non-empty cell)."""
    if isinstance(block, Table):
        rows = [next((c for c in row if c.strip()), "") for row in block.rows[1:]]
    else:
        rows = list(block.items)
    if not rows:
        return "", ""
    return _label(rows[0]), _label(rows[-1])


def _label(text: str) -> str:
    """A row's first words, links reduced to their text, quotes made single."""
    flat = unmarked(link_texts(text)).replace('"', "'").replace("\\", "")
    label = " ".join(flat.split(" ")[:_LABEL_WORDS])
    if len(label) > _LABEL_CHARS:
        cut = label[:_LABEL_CHARS]
        label = cut.rsplit(" ", 1)[0] if " " in cut else cut
    if len(label) == len(flat):
        return label
    return label.rstrip(" -:;,.") + "..."


def _opening_words(block: ContentBlock, words: int = 12) -> str:
    """The first words of a block's text, to say what a reference part holds."""
    flat = " ".join(render_block(block).replace("`", "").split())
    head = " ".join(flat.split(" ")[:words])[:80]  # PDF text can run words together
    return head + (" ..." if len(head) < len(flat) else "")


def render_reference(
    blocks: list[ContentBlock], ranges: Mapping[str, tuple[int, int, int]] | None = None
) -> str:
    """A reference file: its title, a table of contents when long, then the blocks.

    A long file without headings that holds parts of a split table or list lists, as its
    contents, the rows each part holds (``ranges``, from `part_ranges`).
    """
    return _reference("", blocks, ranges or {}).text


def _reference(
    path: str,
    blocks: list[ContentBlock],
    ranges: Mapping[str, tuple[int, int, int]],
    continued: str = "",
) -> LaidOut:
    """A reference file; ``continued`` titles one that does not start with a heading
    (`_continued_titles`), else it is headed "Details"."""
    first = blocks[0]
    held = blocks[1:] if isinstance(first, Heading) else blocks
    if isinstance(first, Heading):
        title, rest = unmarked(first.text), _promote_headings(held, first.level)
    else:
        title, rest = continued or "Details", held
    # Origins name the blocks as the module holds them, not their promoted copies.
    body = _laid_out(path, ((render_block(b), kept) for b, kept in zip(rest, held, strict=True)))
    head = f"# {title}\n\n"
    if body.text.count("\n") + 2 > TOC_THRESHOLD_LINES:
        head += table_of_contents(rest) or _parts_contents(rest, ranges)
        if head.count("\n") == 2:  # no headings, no parts: name the landmarks, by line
            placed = [(o.start, o.block) for o in body.origins if o.block is not None]
            head += landmarks_contents(body.text, placed, above=2)
    origins = [Origin(2, 2 + len(title), first)] if isinstance(first, Heading) else []
    origins += [Origin(o.start + len(head), o.end + len(head), o.block) for o in body.origins]
    return LaidOut(path=path, text=head + body.text, origins=tuple(origins))


def _parts_contents(blocks: list[ContentBlock], ranges: Mapping[str, tuple[int, int, int]]) -> str:
    """A contents list naming the rows held by each part of a split table or list."""
    lines = [
        f"- {_upper_first(_rows_text(b, ranges[b.id]))}"
        for b in blocks
        if b.id in ranges and isinstance(b, Table | ListBlock)
    ]
    return "## Contents\n\n" + "\n".join(lines) + "\n\n" if lines else ""


def _promote_headings(blocks: list[ContentBlock], title_level: int) -> list[ContentBlock]:
    """Shift headings so the moved section's subsections start at level 2 under the new title."""
    shift = title_level - 1
    return [
        replace(b, level=max(2, b.level - shift)) if isinstance(b, Heading) else b for b in blocks
    ]


def table_of_contents(blocks: Iterable[ContentBlock]) -> str:
    """A bullet list of the headings below the title, indented by level."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    if not headings:
        return ""
    top = min(h.level for h in headings)
    lines = ["## Contents", ""]
    lines += [f"{'  ' * (h.level - top)}- {unmarked(h.text)}" for h in headings]
    return "\n".join(lines) + "\n\n"


def _lower_first(text: str) -> str:
    """Lower-case title-cased words ("Advanced Use" -> "advanced use"), keeping acronyms and
    identifiers with inner capitals ("API", "CliRunner") as written."""
    words = text.split(" ")
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)


# --- Listed files: a grouped skill's pages, one line each ----------------------------------------


def is_listed(blocks: Iterable[ContentBlock]) -> bool:
    """Whether the reference file of ``blocks`` is one SKILL.md lists on one line: a block of it
    was placed there as a grouped page (`LISTED_REASON`; a later pass may have given some of
    them another reason, "duplicate of B3")."""
    return any(b.placement is Placement.REFERENCE and b.reason == LISTED_REASON for b in blocks)


def _listed_file(block: ContentBlock, groups: Mapping[str, Sequence[ContentBlock]]) -> bool:
    """Whether ``block``'s file is listed: a part in a listed file's folder, or `is_listed`."""
    if not block.reference:  # no file: the pointer form says so, as before
        return False
    return part_folder(block.reference) is not None or is_listed(groups[block.reference])


def listed_part_paths(path: str, count: int) -> list[str]:
    """Where the ``count`` parts of the listed file ``path`` go: a folder named after it
    (``references/x/part-1.md``...), whose index takes the file's own path (`part_folder`)."""
    stem = path.removesuffix(".md")
    return [f"{stem}/part-{k}.md" for k in range(1, count + 1)]


def part_folder(path: str) -> str | None:
    """``references/x`` when ``path`` is a part of a listed file (``references/x/part-2.md``):
    SKILL.md links the folder's index ``references/x.md`` instead of each part."""
    folder, _, name = path.rpartition("/")
    if folder.count("/") != 1 or not folder.startswith("references/"):
        return None
    return folder if _PART_NAME.fullmatch(name) else None


def listed_line(path: str, blocks: Sequence[ContentBlock]) -> str:
    """The SKILL.md line of a listed file: its title linked, then its main section headings.

    Why: a grouped skill lists tens of pages; a heading and a sentence for each, and a pointer
    for each of a long page's parts, made the table of contents the larger half of what an
    agent read to reach a section. One line says which file to open.
    """
    return f"- [{_link_text(_title(blocks))}]({path}){_topics(blocks, _LISTED_TOPICS)}"


def _folder_line(folder: str, groups: Mapping[str, Sequence[ContentBlock]]) -> str:
    """The SKILL.md line of a listed file cut into parts: its index, and where the parts are."""
    paths = _folder_paths(folder, groups)
    blocks = [b for path in paths for b in groups[path]]
    topics = _topics(blocks, _LISTED_TOPICS)
    where = f"(index of {len(paths)} parts in {folder}/)"
    return f"- [{_link_text(_title(blocks))}]({folder}.md){topics} {where}"


def _folder_paths(folder: str, groups: Mapping[str, Sequence[ContentBlock]]) -> list[str]:
    return [path for path in groups if part_folder(path) == folder]


def _part_index(
    folder: str,
    groups: Mapping[str, Sequence[ContentBlock]],
    ranges: Mapping[str, tuple[int, int, int]],
) -> LaidOut:
    """``references/x.md`` for a listed file cut into parts: its title and, per part, a link
    and the headings it holds, so an agent opens the one part it needs."""
    paths = _folder_paths(folder, groups)
    title = _title(groups[paths[0]])
    intro = f"This page is in {len(paths)} parts, in {folder}/; read the one you need."
    lines = [f"# {title}", "", intro, ""]
    if len(paths) + len(lines) > TOC_THRESHOLD_LINES:  # a long list is the file's contents
        lines += ["Contents:", ""]
    base = folder.rpartition("/")[2]
    for path in paths:
        name = path.rpartition("/")[2]
        lines.append(f"- [{name}]({base}/{name}): {_part_label(groups[path], ranges, title)}")
    return LaidOut(path=f"{folder}.md", text="\n".join(lines) + "\n")


def _part_label(
    blocks: Sequence[ContentBlock], ranges: Mapping[str, tuple[int, int, int]], title: str
) -> str:
    """What a part holds: the rows of a split table or list it starts with, else its opening
    words when it starts mid-section; then its headings (the page's title is the index's)."""
    first = blocks[0]
    headings = [
        _plain_heading(b.text)
        for b in blocks
        if isinstance(b, Heading) and unmarked(link_texts(b.text)) != title
    ]
    opening = ""
    if isinstance(first, Table | ListBlock) and first.id in ranges:
        opening = _rows_text(first, ranges[first.id])
    elif not isinstance(first, Heading):
        opening = f'continued ("{unmarked(_opening_words(first, 8))}")'
    shown = headings[:_PART_TOPICS] + (["…"] if len(headings) > _PART_TOPICS else [])
    return "; ".join(x for x in (opening, *shown) if x) or "the page's opening"


def _title(blocks: Sequence[ContentBlock]) -> str:
    """A reference file's title as SKILL.md's line names it: its heading's plain text, links
    by their text (typer's "Design based on [FastAPI](https://...)" made a link inside the
    line's link, which Markdown does not nest: the URL was shown as text)."""
    first = blocks[0]
    return unmarked(link_texts(first.text)) if isinstance(first, Heading) else "more of this page"


def _topics(blocks: Sequence[ContentBlock], most: int) -> str:
    """`` (first; second; …)``: the file's headings at its section level, after the title."""
    found = [b for b in blocks[1:] if isinstance(b, Heading)]
    if not found:
        return ""
    top = min(b.level for b in found)
    names = list(dict.fromkeys(_plain_heading(b.text) for b in found if b.level == top))
    shown: list[str] = []
    for name in names[:most]:
        if shown and sum(len(x) + 2 for x in (*shown, name)) > _TOPICS_CHARS:
            break
        shown.append(name)
    more = "; …" if len(shown) < len(names) else ""
    return f": {'; '.join(shown)}{more}" if shown else ""


def _link_text(text: str) -> str:
    """``text`` as a link's text: its brackets cannot end the link."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _plain_heading(text: str) -> str:
    """A heading as a listing names it: plain, unnumbered, a signature's parameters elided
    ("class ast.Call(func, args, keywords)" -> "class ast.Call(…)"). Links are their text: a
    heading's link target is no parameter list (rustdoc's "impl ToTokens for [u128](url)" was
    listed as "[u128](…)", a link to nowhere)."""
    plain = _NUMBERING.sub("", " ".join(unmarked(link_texts(text)).split()), count=1)
    return elided_parameters(plain)


def elided_parameters(text: str) -> str:
    """``text`` with a signature's parameter list at its end elided, as listings name it.

    >>> elided_parameters("calendar.month(theyear, themonth, w=0, l=0)")
    'calendar.month(…)'
    >>> elided_parameters("bisect.insort_left(a, x, lo=0, hi=len(a), *, key=None)")
    'bisect.insort_left(…)'
    """
    return _PARAMETERS.sub("(…)", text)
