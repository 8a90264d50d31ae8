"""The SKILL.md backend: one compiled `Skill` becomes one Agent Skills package.

What it guarantees (DESIGN.md "Backends", the portable intersection of the clients):
- front matter keys only from {name, description, license, compatibility, metadata,
  allowed-tools}; values written as double-quoted scalars, which both strict parsers (strictyaml,
  used by the reference validator) and ``yaml.safe_load`` accept whatever the text contains;
- the package folder is named after ``skill.name`` (the normalize-names pass made it spec-valid);
- blocks placed in ``references/`` are grouped per file, one level deep, each linked from
  SKILL.md with a line saying when to read it, with a table of contents when over 100 lines;
- no absolute path and nothing clock- or machine-dependent, so the bytes are reproducible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from skillc import __version__
from skillc.compiler.backends.markdown_blocks import render_block, render_blocks
from skillc.ir.nodes import ContentBlock, Heading, Skill
from skillc.ir.vocab import Placement

#: Characters YAML does not allow unescaped (PyYAML's ``Reader.NON_PRINTABLE``), plus the ones it
#: folds as line breaks inside quoted scalars (NEL, U+2028, U+2029).
_NOT_YAML_PRINTABLE = re.compile(
    "[^\\x09\\x0a\\x0d\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)
#: A dash that follows a dash: escaping it leaves no ``---`` in the text.
_REPEATED_DASH = re.compile(r"(?<=-)-")

#: Reference files longer than this many lines get a table of contents (Anthropic's guidance).
TOC_THRESHOLD_LINES = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedSkill:
    """A package as (relative path, text) pairs, sorted by path."""

    name: str
    files: tuple[tuple[str, str], ...]


def render_skill(skill: Skill) -> RenderedSkill:
    """Render ``skill`` as SKILL.md plus its reference files."""
    refs = reference_groups(skill.blocks)
    files = {"SKILL.md": front_matter(skill) + render_body(skill.blocks)}
    for path, blocks in refs.items():
        files[path] = render_reference(blocks)
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
        lines.append(f"  source: {yaml_string(', '.join(sources))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def reference_groups(blocks: Iterable[ContentBlock]) -> dict[str, list[ContentBlock]]:
    """Blocks placed in reference files, grouped by file in first-appearance order."""
    groups: dict[str, list[ContentBlock]] = {}
    for block in blocks:
        if block.placement is Placement.REFERENCE and block.reference:
            groups.setdefault(block.reference, []).append(block)
    return groups


def render_body(blocks: Iterable[ContentBlock]) -> str:
    """The SKILL.md body: body blocks in order, with a pointer where each reference file starts."""
    parts: list[str] = []
    seen: set[str] = set()
    for block in blocks:
        if block.placement is Placement.BODY:
            parts.append(render_block(block))
        elif block.placement is Placement.REFERENCE and block.reference not in seen:
            seen.add(block.reference)
            parts.append(reference_pointer(block))
    text = "\n\n".join(p for p in parts if p)
    return text + "\n" if text else ""


def reference_pointer(first: ContentBlock) -> str:
    """The SKILL.md lines that stand in for a moved section: its heading and when to read it."""
    path = first.reference
    link = f"[{path}]({path})"
    if isinstance(first, Heading):
        topic = _plain(first.text)
        return f"{render_block(first)}\n\nRead {link} when the task involves {_lower_first(topic)}."
    opening = _plain(_opening_words(first))
    return f'Read {link} for the rest of this page (it starts: "{opening}").'


def _opening_words(block: ContentBlock, words: int = 12) -> str:
    """The first words of a block's text, to say what a reference part holds."""
    flat = " ".join(render_block(block).replace("`", "").split())
    head = " ".join(flat.split(" ")[:words])[:80]  # PDF text can run words together
    return head + (" ..." if len(head) < len(flat) else "")


def render_reference(blocks: list[ContentBlock]) -> str:
    """A reference file: its title, a table of contents when long, then the blocks."""
    first = blocks[0]
    title = _plain(first.text) if isinstance(first, Heading) else "Details"
    rest = _promote_headings(blocks[1:], first.level) if isinstance(first, Heading) else blocks
    body = render_blocks(rest)
    head = f"# {title}\n\n"
    if body.count("\n") + 2 > TOC_THRESHOLD_LINES:
        head += table_of_contents(rest)
    return head + body


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
