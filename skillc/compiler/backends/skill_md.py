"""The SKILL.md backend: one compiled `Skill` becomes one Agent Skills package.

What it guarantees (DESIGN.md "Backends", the portable intersection of the clients):
- front matter keys only from {name, description, license, compatibility, metadata,
  allowed-tools}; values written as double-quoted scalars, which both strict parsers (strictyaml,
  used by the reference validator) and ``yaml.safe_load`` accept whatever the text contains;
- the package folder is named after ``skill.name`` (the normalize-names pass made it spec-valid);
- blocks placed in ``references/`` are grouped per file, one level deep, each linked from
  SKILL.md with a line saying when to read it, with a table of contents when over 100 lines;
- a table or list that progressive-disclosure split into parts (ids ``B12~1``, ``B12~2``...)
  is linked part by part, each pointer naming the rows it holds ("list items 201-400 of 3,568,
  from "DETACH" to "EXPLAIN"") so an agent opens only the part it needs;
- no absolute path and nothing clock- or machine-dependent, so the bytes are reproducible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from skillc import __version__
from skillc.compiler.backends.markdown_blocks import render_block, render_blocks
from skillc.ir.nodes import ContentBlock, Heading, ListBlock, Skill, Table
from skillc.ir.vocab import Placement

#: Characters YAML does not allow unescaped (PyYAML's ``Reader.NON_PRINTABLE``), plus the ones it
#: folds as line breaks inside quoted scalars (NEL, U+2028, U+2029).
_NOT_YAML_PRINTABLE = re.compile(
    "[^\\x09\\x0a\\x0d\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)
#: A dash that follows a dash: escaping it leaves no ``---`` in the text.
_REPEATED_DASH = re.compile(r"(?<=-)-")

#: Front matter names at most this many source pages (`source_list`).
MAX_LISTED_SOURCES = 8

#: Reference files longer than this many lines get a table of contents (Anthropic's guidance).
TOC_THRESHOLD_LINES = 100
#: Separates a split block's id from its part number: ``B12~3`` is the third part of ``B12``.
#: Block ids from the frontends never contain it, so the original id can always be read back.
PART_MARK = "~"
#: A Markdown link or image, reduced to its text when a row is quoted in a pointer.
_LINK = re.compile(r"!?\[((?:\\.|[^\[\]\\])*)\]\([^)]*\)")
#: How much of a row's text a pointer quotes.
_LABEL_WORDS = 4
_LABEL_CHARS = 32


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedSkill:
    """A package as (relative path, text) pairs, sorted by path."""

    name: str
    files: tuple[tuple[str, str], ...]


def render_skill(skill: Skill) -> RenderedSkill:
    """Render ``skill`` as SKILL.md plus its reference files."""
    refs = reference_groups(skill.blocks)
    ranges = part_ranges(skill.blocks)
    files = {"SKILL.md": front_matter(skill) + render_body(skill.blocks)}
    for path, blocks in refs.items():
        files[path] = render_reference(blocks, ranges)
    return RenderedSkill(name=skill.name, files=tuple(sorted(files.items())))


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that strict parsers and the reference validator accept.

    JSON string syntax is a subset of YAML's double-quoted form, but YAML forbids some characters
    JSON leaves raw (DEL, C1 controls, surrogates, U+FFFE/FFFF), so those are escaped too. A run
    of three dashes is escaped as well: the reference validator splits SKILL.md on the first two
    ``---`` anywhere in the text, so a description containing ``---`` would cut the front matter.

    >>> yaml_string('a: "b" --- c')
    '"a: \\\\"b\\\\" -\\\\u002d\\\\u002d c"'
    """
    quoted = json.dumps(value, ensure_ascii=False)
    quoted = _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return _REPEATED_DASH.sub(r"\\u002d", quoted)


def front_matter(skill: Skill) -> str:
    """The YAML front matter: name, description and string-valued metadata."""
    sources = sorted({span.source for span in skill.prov})
    lines = [
        "---",
        f"name: {yaml_string(skill.name)}",
        f"description: {yaml_string(skill.description)}",
        "metadata:",
        f"  generator: {yaml_string('skillc ' + __version__)}",
    ]
    if sources:
        lines.append(f"  source: {yaml_string(source_list(sources))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def source_list(sources: list[str]) -> str:
    """The ``metadata.source`` value: the pages a skill came from, or how many when too many.

    A library index or a merged page may come from hundreds of pages; front matter is loaded
    with every skill's catalogue entry, so past `MAX_LISTED_SOURCES` only the count is given
    (``skillc-manifest.json`` lists them all).

    >>> source_list(["a.md", "b.md"])
    'a.md, b.md'
    """
    if len(sources) <= MAX_LISTED_SOURCES:
        return ", ".join(sources)
    return f"{len(sources)} pages (listed in skillc-manifest.json)"


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
    ranges = part_ranges(blocks)
    held: dict[str, ContentBlock] = {}  # the first part of a split block in each file
    for block in blocks:
        if block.id in ranges and block.placement is Placement.REFERENCE:
            held.setdefault(block.reference, block)
    parts: list[str] = []
    seen: set[str] = set()
    for block in blocks:
        if block.placement is Placement.BODY:
            parts.append(render_block(block))
        elif block.placement is Placement.REFERENCE and block.reference not in seen:
            seen.add(block.reference)
            part = held.get(block.reference)
            rows = ranges[part.id] if part is not None else None
            parts.append(reference_pointer(block, rows, part))
    text = "\n\n".join(p for p in parts if p)
    return text + "\n" if text else ""


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
        topic = _plain(first.text)
        line = f"Read {link} when the task involves {_lower_first(topic)}"
        return f"{render_block(first)}\n\n{line}" + (f" ({held})." if held else ".")
    if held and part is first:
        return f"Read {link} for {held}."
    opening = _plain(_opening_words(first))
    return f'Read {link} for more of this page (it starts: "{opening}").'


def part_of(block_id: str) -> tuple[str, int] | None:
    """``(original id, part number)`` when ``block_id`` names a part of a split block.

    >>> part_of("B12~3"), part_of("B12")
    (('B12', 3), None)
    """
    base, mark, number = block_id.rpartition(PART_MARK)
    if not mark or not base or not number.isdigit() or number.startswith("0"):
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
    flat = _plain(_LINK.sub(lambda m: m.group(1), text)).replace('"', "'").replace("\\", "")
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
    first = blocks[0]
    title = _plain(first.text) if isinstance(first, Heading) else "Details"
    rest = _promote_headings(blocks[1:], first.level) if isinstance(first, Heading) else blocks
    body = render_blocks(rest)
    head = f"# {title}\n\n"
    if body.count("\n") + 2 > TOC_THRESHOLD_LINES:
        head += table_of_contents(rest) or _parts_contents(rest, ranges or {})
    return head + body


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
    lines += [f"{'  ' * (h.level - top)}- {_plain(h.text)}" for h in headings]
    return "\n".join(lines) + "\n\n"


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").replace("*", "").split())


def _lower_first(text: str) -> str:
    """Lower-case title-cased words ("Advanced Use" -> "advanced use"), keeping acronyms and
    identifiers with inner capitals ("API", "CliRunner") as written."""
    words = text.split(" ")
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)
