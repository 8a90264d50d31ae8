"""Write an optimised skill back into its own package, touching only what the passes changed.

The build's backend renders a skill from its blocks; a skill someone else wrote would come back
reformatted (tables re-padded, block quotes lost, front matter keys dropped). So optimize splices
instead: SKILL.md is the input text with the lines of each removed or moved block cut out
(the frontends' spans say which lines), one "read this when" line where the first block each
(sub-)section lost to a reference file was, and the description's value replaced in the front
matter as written, every other key (license, allowed-tools, metadata...) and byte kept. Moved
blocks go, verbatim, to new files under ``references/`` named so that no file of the package is
overwritten. A block whose lines share a line with a block that stays cannot be cut cleanly: it
stays (no diagnostic needed, nothing changed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from skillc.ir.nodes import ContentBlock, Heading, Prose, Skill
from skillc.ir.vocab import Placement
from skillc.package.reader import package_from_texts
from skillc.package.yaml_text import yaml_string
from skillc.passes.compress_description import as_item, strip_markdown
from skillc.passes.description_overflow import FROM_DESCRIPTION
from skillc.passes.moved_headings import REASON as HEADING_REASON

#: What a pointer says a reference holds, by the reasons its blocks moved, strongest first.
_WHAT: tuple[tuple[str, str, str], ...] = (
    ("long example", "a worked example", "example"),
    ("counter-example", "an example of what not to do", "example"),
    ("template", "the template", "template"),
    ("background", "the background", "background"),
    ("reference table", "the reference table", "table"),
    ("table of contents", "the table of contents", "contents"),
    ("when to use", "to check that this skill fits the request", "use"),
)


@dataclass(slots=True)
class Spliced:
    """The new texts of a package (relative path -> text) and the blocks that changed place."""

    texts: dict[str, str] = field(default_factory=dict)
    moved: list[ContentBlock] = field(default_factory=list)
    removed: list[ContentBlock] = field(default_factory=list)


def settle(skill: Skill, files: Mapping[str, bytes]) -> Skill:
    """``skill`` with every block that cannot be cut cleanly back in the body, and reference
    paths that collide with the package's own files renamed."""
    lines_kept: set[int] = set()
    for block in skill.blocks:
        if block.placement is Placement.BODY and block.prov and not _added(block):
            lines_kept.update(range(block.prov[0].line, block.prov[0].end_line + 1))
    renamed: dict[str, str] = {}
    taken = {path.casefold() for path in files}
    blocks = []
    for block in skill.blocks:
        if block.placement is not Placement.BODY:
            span = block.prov[0] if block.prov else None
            if span is None or lines_kept & set(range(span.line, span.end_line + 1)):
                block = replace(block, placement=Placement.BODY, reason="", reference="")
        if block.placement is Placement.REFERENCE:
            if block.reference not in renamed:  # reserve one free name per file, once
                renamed[block.reference] = _free(block.reference, taken)
            block = replace(block, reference=renamed[block.reference])
        blocks.append(block)
    return replace(skill, blocks=tuple(blocks))


def _free(path: str, taken: set[str]) -> str:
    stem, number, candidate = path.removesuffix(".md"), 2, path
    while candidate.casefold() in taken:
        candidate, number = f"{stem}-{number}.md", number + 1
    taken.add(candidate.casefold())
    return candidate


def splice(skill: Skill, skill_path: str, text: str, description: str) -> Spliced:
    """The package texts for ``skill`` read from SKILL.md ``text`` (its blocks already
    `settle`d): SKILL.md spliced, plus one text per new reference file."""
    result = Spliced()
    lines = text.split("\n")
    cut: dict[int, ContentBlock] = {}
    for block in skill.blocks:
        if block.placement is Placement.BODY or not block.prov:
            continue
        span = block.prov[0]
        for number in range(span.line, span.end_line + 1):
            cut[number] = block
        (result.moved if block.placement is Placement.REFERENCE else result.removed).append(block)
    sections = _section_titles(skill)
    owners = _owners(skill)
    anchors = _owners(skill, anchors=True)
    added = _insertions(skill, lines)
    result.texts[skill_path] = with_description(
        _cut(lines, cut, sections, anchors, added), description, _folder(skill.name)
    )
    for path, blocks in _by_reference(result.moved).items():
        title = sections.get(blocks[0].id, "") or skill.skill_name or _folder(skill.name)
        first = blocks[0]
        if _sections_side_by_side(blocks) and first.id in anchors:
            title = anchors[first.id].text  # "Script Templates" holds each template
            first = None  # type: ignore[assignment]
        result.texts[path] = (
            f"# {_plain(title)}\n\n" + _reference_body(lines, blocks, owners, first) + "\n"
        )
    return result


def _sections_side_by_side(blocks: Sequence[ContentBlock]) -> bool:
    """Whether a reference file opens with a moved sub-section followed by another of its
    level or a higher one: the file holds several, named by their parent."""
    first = blocks[0]
    if not isinstance(first, Heading):
        return False
    return any(isinstance(b, Heading) and b.level <= first.level for b in blocks[1:])


def _reference_body(
    lines: list[str],
    blocks: Sequence[ContentBlock],
    owners: Mapping[str, Heading],
    title: ContentBlock | None = None,
) -> str:
    """The moved blocks, verbatim, each run of them from a sub-section under that sub-section's
    heading: two output examples under "Code Smell Detection" and "Dependency Analysis" must
    still say which is which once they sit side by side in one file. A sub-section that moved
    whole is under its own heading, but for the one of level 1-3 that is the file's ``title``."""
    pieces: list[str] = []
    shown: Heading | None = None
    for block in blocks:
        if isinstance(block, Heading):  # a sub-section that moved whole, heading and all
            if block is not title or block.level > 3:
                pieces.append(f"## {block.text.strip()}")
            shown = block
            continue
        owner = owners.get(block.id)
        if owner is not None and owner.level > 3 and owner is not shown:
            pieces.append(f"## {owner.text.strip()}")
        shown = owner
        pieces.append("\n".join(lines[block.prov[0].line - 1 : block.prov[0].end_line]).rstrip())
    return "\n\n".join(pieces)


def _added(block: ContentBlock) -> bool:
    """Whether ``block`` is a paragraph a pass wrote (what moved out of the description), not
    lines of the input: its provenance is the whole skill, not lines to keep or cut."""
    return block.reason == FROM_DESCRIPTION and isinstance(block, Prose)


def _insertions(skill: Skill, lines: Sequence[str]) -> dict[int, str]:
    """Paragraphs passes added to the body, by the line they follow: the end of the block
    before them, else the end of the front matter (0: the top of the file)."""
    after = _front_matter_end(lines)
    added: dict[int, str] = {}
    for block in skill.blocks:
        if _added(block) and isinstance(block, Prose):
            added[after] = "\n\n".join(filter(None, (added.get(after), block.text.strip())))
        elif block.prov:
            after = block.prov[0].end_line
    return added


def _front_matter_end(lines: Sequence[str]) -> int:
    """The number of the line that closes the front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return number
    return 0


def _cut(
    lines: list[str],
    cut: Mapping[int, ContentBlock],
    sections: Mapping[str, str],
    owners: Mapping[str, Heading] | None = None,
    added: Mapping[int, str] | None = None,
) -> str:
    """SKILL.md without the ``cut`` lines, with a pointer where each (sub-)section's first moved
    block was: one pointer per reference file left "#### MIPRO" and "#### Dependency Analysis"
    as empty headings, with no hint that their examples exist; and each ``added`` paragraph
    after the line it follows."""
    owners = owners or {}
    added = added or {}
    out: list[str] = [added[0], ""] if 0 in added else []
    pointed: set[tuple[str, str]] = set()
    reasons: dict[tuple[str, str], set[str]] = {}
    labels: dict[tuple[str, str], list[str]] = {}

    def group(block: ContentBlock) -> tuple[str, str]:
        owner = owners.get(block.id)
        return block.reference, owner.id if owner is not None else ""

    titled: set[tuple[str, str]] = set()  # groups named by the sub-sections that moved whole
    for moved in dict.fromkeys(cut.values()):
        key = group(moved)
        reasons.setdefault(key, set()).add(moved.reason)
        label = _label(moved)
        if isinstance(moved, Heading) and key not in titled:
            titled.add(key)
            labels[key] = []  # "Security Vulnerabilities" names its examples' labels too
        elif key in titled and not isinstance(moved, Heading):
            continue
        if label and label not in labels.setdefault(key, []):
            labels[key].append(label)
    skipping = False
    for number, line in enumerate(lines, start=1):
        block = cut.get(number)
        if block is not None:
            skipping = True
            key = group(block)
            if block.placement is Placement.REFERENCE and key not in pointed:
                pointed.add(key)
                if out and out[-1].strip():
                    out.append("")  # a pointer is a paragraph of its own
                owner = owners.get(block.id)
                section = owner.text if owner is not None else sections.get(block.id, "")
                out.append(pointer(block.reference, reasons[key], section, labels.get(key, ())))
                out.append("")
            if number in added:  # after a line that went: a paragraph of its own all the same
                out += ["", added[number], ""] if out and out[-1].strip() else [added[number], ""]
            continue
        if skipping and not line.strip() and (not out or not out[-1].strip()):
            continue  # the blank line after a cut block, when one is already there
        if skipping and line.strip() and out and out[-1].strip():
            out.append("")  # the text around a cut block must not run into one paragraph
        skipping = False
        out.append(line)
        if number in added:
            out += ["", added[number], ""] if out[-1].strip() else [added[number], ""]
            skipping = True  # the blank line that follows is one already there
    return "\n".join(out)


def pointer(path: str, reasons: set[str], section: str, labels: Sequence[str] = ()) -> str:
    """The line SKILL.md keeps for a reference file: when to read it, and what about (the
    ``labels`` that introduced its examples, so the body still names each one: "Lighting
    Effects", "VIVID_LIGHT blend mode").

    >>> pointer("references/setup.md", {"background", "long example"}, "## Setup")
    'Read [references/setup.md](references/setup.md) when you need a worked example for setup.'
    >>> pointer("references/x.md", {"background"}, "## 2. Immutability")[-32:]
    'the background for immutability.'

    A step heading reads as the work it names, its proper names kept ("4. Create the GitHub
    issue" read "for create the github issue"):

    >>> pointer("references/x.md", {"template"}, "### 4. Create the GitHub issue")[-30:]
    'for creating the GitHub issue.'

    A sub-section's own aside gives way to the labels, one parenthesis per pointer:

    >>> pointer("references/x.md", {"long example"}, "#### MIPRO (Most ...)", ["Tuning"])[-27:]
    'example for MIPRO (Tuning).'
    """
    what, word = "the details", ""
    for reason, said, key in _WHAT:
        if reason in reasons:
            what, word = said, key
            break
    if word in ("use", "contents"):  # "to check that this skill fits the request" says it all
        section, labels = "", ()
    if labels:  # one parenthesis per pointer: "MIPRO (Most ...) (Iteratively ...)" reads badly
        section = _ASIDE.sub("", section) or section
    topic = as_item(_plain(section)) if section else ""
    about = f" for {topic}" if topic and (not word or word not in topic.lower()) else ""
    named = f" ({', '.join(labels)})" if labels else ""
    return f"Read [{path}]({path}) when you need {what}{about}{named}."


def _label(block: ContentBlock) -> str:
    """What a short paragraph that introduced a moved example calls it ("**Lighting
    Effects:**" -> "Lighting Effects"), or ``""``.

    >>> from skillc.ir.nodes import Prose
    >>> why = "introduces a moved example"
    >>> _label(Prose(id="p", text="**VIVID_LIGHT blend mode** (not supported by x):", reason=why))
    'VIVID_LIGHT blend mode'
    """
    if isinstance(block, Heading) and block.reason == HEADING_REASON:
        text = " ".join(_plain(_ASIDE.sub("", block.text) or block.text).split())
        return text if 0 < len(text) <= 80 else ""
    if block.reason != "introduces a moved example" or not isinstance(block, Prose):
        return ""
    text = " ".join(_ASIDE.sub("", strip_markdown(block.text)).split()).rstrip(" :：")
    return text if 0 < len(text) <= 80 else ""


def _plain(text: str) -> str:
    """A heading as words: no markup, no section number (``2. Immutability``, ``3.1 Setup``),
    no leading emoji (a pointer "for 🔑 core concepts" spends tokens on the key).

    >>> _plain("## 🔑 Core Concepts"), _plain("2. Immutability"), _plain("⚠️ `callbacks` notes")
    ('Core Concepts', 'Immutability', 'callbacks notes')
    """
    words = " ".join(strip_markdown(text).split()).strip(" #")
    words = _SYMBOLS.sub("", words) or words
    return _NUMBER.sub("", words) or words or "Details"


#: A parenthetical: a pointer's list of labels is in parentheses already.
_ASIDE = re.compile(r"\s*\([^()]*\)")
#: Leading symbols that are not words: emoji, their variation selectors, arrows, bullets.
_SYMBOLS = re.compile(r"^[^\w\s\[(`\"'“]+\s*")
#: A leading section number: ``2.``, ``3.1``, ``IV.``, ``A)``.
_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Za-z]\))\s+")


def _section_titles(skill: Skill) -> dict[str, str]:
    """Block id -> the text of the nearest heading of level 1-3 before it."""
    titles: dict[str, str] = {}
    current = ""
    for block in skill.blocks:
        if isinstance(block, Heading) and block.level <= 3:
            current = block.text
        titles[block.id] = current
    return titles


def _owners(skill: Skill, anchors: bool = False) -> dict[str, Heading]:
    """Block id -> the nearest heading of any level before it (a ``####`` sub-section's own);
    with ``anchors``, the nearest that did not move to a reference file: a pointer for a
    sub-section that moved whole, heading and all, is its parent's."""
    owners: dict[str, Heading] = {}
    current: Heading | None = None
    for block in skill.blocks:
        if isinstance(block, Heading):
            if anchors and block.placement is Placement.REFERENCE:
                if current is not None:
                    owners[block.id] = current
                continue
            current = block
        elif current is not None:
            owners[block.id] = current
    return owners


def _by_reference(blocks: list[ContentBlock]) -> dict[str, list[ContentBlock]]:
    groups: dict[str, list[ContentBlock]] = {}
    for block in blocks:
        groups.setdefault(block.reference, []).append(block)
    return groups


def with_description(text: str, description: str, name: str) -> str:
    """SKILL.md ``text`` with its front matter's description set to ``description`` (double
    quoted), every other byte as it was; added when missing, a front matter (with ``name``)
    made when none.
    Returns ``text`` unchanged when the result would not read back with that description."""
    pkg = package_from_texts("skill", {"SKILL.md": text})
    front = pkg.front_matter
    value = yaml_string(description)
    field_ = front.get("description") if front.present and front.closed else None
    if field_ is not None and field_.value == description:
        return text
    if field_ is not None:
        span = field_.value_span
        candidate = text[: span.start] + value + text[span.end :]
        if field_.style in ("literal", "folded"):
            candidate = text[: span.start] + value + "\n" + text[span.end :].lstrip(" ")
    elif front.present and front.closed:
        end = front.offset + len(front.text)
        if text[:end].endswith("\n"):
            candidate = text[:end] + f"description: {value}\n" + text[end:]
        else:
            candidate = text[:end] + f"\ndescription: {value}" + text[end:]
    elif not front.present:
        candidate = f"---\nname: {yaml_string(name)}\ndescription: {value}\n---\n\n" + text
    else:
        return text
    check = package_from_texts("skill", {"SKILL.md": candidate}).front_matter
    found = check.get("description") if check.present else None
    return candidate if found is not None and found.value == description else text


def _folder(name: str) -> str:
    """A skill's folder name from its place in the output (``skills-zh/x-card`` -> ``x-card``)."""
    return name.rsplit("/", 1)[-1]
