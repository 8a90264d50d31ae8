"""The actionable items of Markdown text: what compressing a skill must never lose.

SkillReducer's faithfulness gate asks that "every operational concept of the original" survive
compression; without an LLM to judge concepts, skillc checks what can be checked exactly: code
blocks, inline code, URLs, paths, numbers and constraint sentences (must, never, always...).
compress-body keeps every block that holds an item no kept block holds, and verify across
packages (`skillc.passes.verify_package`) checks that each item of an input package is in its
output package, SKILL.md or any other Markdown file.

Items are compared after whitespace is collapsed (code: trailing spaces and surrounding blank
lines dropped; sentences: case-folded, emphasis markers removed), so moving a block verbatim
into a reference file, or cutting the blank lines around it, keeps its items equal. Cost is
linear in the text: one pass over lines, regular expressions without nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Item kinds, in report order.
KINDS: tuple[str, ...] = (
    "file",
    "code",
    "command",
    "constraint",
    "url",
    "path",
    "number",
    "inline",
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
#: A code span, which may run over a soft line break (never a blank line): CommonMark reads
#: "`a\nb`" as the span "a b", so a span wrapped by its author and the same span on one line
#: are one item.
_INLINE = re.compile(r"(`+)((?:[^`\n]|\n(?![ \t]*\n))+?)\1")
_URL = re.compile(r"https?://[^\s<>()\[\]`\"']+")
#: A path, or a file name with an extension after other dots ("README.template.md",
#: "docker-compose.prod.yml"; the dots delimit the repeated group, so it cannot backtrack).
_PATH = re.compile(
    r"(?<![\w/.@-])(?:~|\.{1,2})?/?(?:[\w@.-]+/)+[\w@*.-]+"
    r"|(?<![\w/.-])[\w-]+(?:\.[\w-]+)*\.(?:md|py|sh|js|ts|tsx|jsx|json|ya?ml|toml|txt|cfg|ini|html"
    r"|css|sql)\b"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![\w])")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")
_MODAL = re.compile(
    r"\b(must|never|always|do not|don't|does not|should not|shouldn't|cannot|can't|required?|"
    r"only|avoid|important|warning|caution|careful|watch out|mandatory|note that)\b|"
    r"必须|不要|禁止|务必|不能|注意|警告|⚠|❗|❌|🚫|⛔",
    re.IGNORECASE,
)
_HEADING_LINE = re.compile(r"^( {0,3}#{1,6}(?:[ \t][^\n]*)?\n)(?=[ \t]*\S)", re.MULTILINE)
_MARKS = re.compile(r"[*_]{1,3}|^\s*(?:[-+*]|\d+[.)]|>|#{1,6})\s+")
_SHELL = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session", "powershell", "ps"})


@dataclass(frozen=True, slots=True, order=True)
class Item:
    """One actionable thing: ``kind`` (one of `KINDS`) and its normalised ``text``."""

    kind: str
    text: str

    def label(self) -> str:
        """How a report names the item: its kind and a short quote."""
        short = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.kind} {short!r}"


def markdown_items(text: str) -> set[Item]:
    """Every actionable item of the Markdown ``text``.

    >>> sorted(i.label() for i in markdown_items("Never run `rm -rf /` on port 8080."))
    ["constraint 'never run `rm -rf /` on port 8080.'", "inline 'rm -rf /'", "number '8080'"]
    """
    found: set[Item] = set()
    prose: list[str] = []
    # CommonMark reads CRLF (and a lone CR) as a line ending: read otherwise, "\r\n\r\n" is
    # no blank line to a code span, which then pairs backticks across paragraphs and headings
    # (a CRLF skill's "items" changed whenever a block moved: literature-review's PV032)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for kind, chunk, language in _chunks(text):
        if kind == "code":
            found |= code_items(chunk, language)
        else:
            prose.append(chunk)
    found |= prose_items("\n".join(prose))
    return found


def code_items(text: str, language: str = "") -> set[Item]:
    """A code block as items: its whole text, and each line of a shell block as a command."""
    body = normal_code(text)
    if not body:
        return set()
    found = {Item("code", body)}
    if language.strip().lower().split(" ")[0] in _SHELL:
        for line in body.split("\n"):
            command = line.strip().removeprefix("$ ").strip()
            if command and not command.startswith("#"):
                found.add(Item("command", command))
    return found


def prose_items(text: str) -> set[Item]:
    """Inline code, URLs, paths, numbers and constraint sentences of text outside code."""
    found: set[Item] = set()
    for match in _INLINE.finditer(text):
        found.add(Item("inline", " ".join(match.group(2).split())))
    plain = _INLINE.sub(" ", text)
    for match in _URL.finditer(text):
        found.add(Item("url", match.group(0).rstrip(".,;:!?")))
    plain_no_urls = _URL.sub(" ", plain)
    for match in _PATH.finditer(plain_no_urls):
        found.add(Item("path", match.group(0).rstrip(".,;:")))
    for match in _NUMBER.finditer(plain_no_urls):
        found.add(Item("number", match.group(0).rstrip(".,:")))
    for sentence in sentences(text):
        if _MODAL.search(sentence):
            found.add(Item("constraint", sentence))
    return found


def sentences(text: str) -> list[str]:
    """Sentences of prose, one per item of a list, normalised: markers dropped, case-folded."""
    result: list[str] = []
    # an ATX heading is a block of one line: the line under it starts a new paragraph even
    # without a blank line ("#### MIPRO (Most Important ...)" over "Iteratively improves
    # prompts:" is no sentence, and moving the paragraph away must not "lose" one)
    text = _HEADING_LINE.sub("\\1\n", text)
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-+*]|\d+[.)]|>|#+)\s)", text):
        flat = " ".join(_MARKS.sub("", line).strip() for line in paragraph.split("\n"))
        flat = " ".join(flat.split()).casefold()
        result.extend(s for s in _SENTENCE.split(flat) if s)
    return result


def normal_code(text: str) -> str:
    """Code as compared: trailing spaces of each line and surrounding blank lines dropped."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _chunks(text: str) -> Iterable[tuple[str, str, str]]:
    """The text cut into ("code", body, language) and ("prose", text, "") chunks, in order."""
    lines = text.split("\n")
    fence, language = "", ""
    held: list[str] = []
    prose: list[str] = []
    for line in lines:
        opening = _FENCE.match(line)
        if not fence and opening:
            if prose:
                yield "prose", "\n".join(prose), ""
                prose = []
            fence, language, held = opening.group(1), opening.group(2), []
        elif (
            fence
            and line.strip().startswith(fence[0] * len(fence))
            and not line.strip()[len(fence) :].strip(fence[0])
        ):
            yield "code", "\n".join(held), language
            fence = ""
        elif fence:
            held.append(line)
        else:
            prose.append(line)
    if fence:  # an unclosed fence runs to the end of the text, as CommonMark reads it
        yield "code", "\n".join(held), language
    if prose:
        yield "prose", "\n".join(prose), ""


def missing(before: Iterable[Item], after: set[Item]) -> list[Item]:
    """The items of ``before`` that ``after`` does not hold, in a stable order."""
    return sorted(set(before) - after, key=lambda i: (KINDS.index(i.kind), i.text))
