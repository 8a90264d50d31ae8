"""Label every content block with what it is for: SkillReducer's body taxonomy.

SkillReducer (arXiv 2603.29919) sorts a skill body into core rules, background, examples,
templates and redundant text; later passes decide placement from the label
(``progressive-disclosure`` keeps core rules in SKILL.md and moves the rest to ``references/``).
Frontends leave every block at the default class, so this pass classifies them all, with small,
deterministic heuristics that read only the block and the blocks before it in the same skill:

- Heading: ``core_rule`` (it is the structure the body is read by).
- Table: ``core_rule`` (tables in guides are option, limit and mapping references).
- Code: ``core_rule`` for a short command block (commands must stay in the body, even when they
  hold placeholders); ``template`` when it holds fill-in placeholders or its heading or the
  paragraph before it call it a template; otherwise ``example`` (program code, sessions with
  output).
- Prose: ``template`` with fill-in placeholders; ``core_rule`` when it reads as an instruction
  (an imperative sentence, a modal such as "must" or "never", a threshold with a number);
  otherwise ``background``.
- List: ``template`` with placeholders; ``core_rule`` when ordered (a procedure) or when any item
  reads as an instruction; otherwise ``background``.
- Any non-heading block whose normalised text (whitespace collapsed, case-folded) equals an
  earlier block's of the same kind in the same skill and is at least `MIN_REDUNDANT_CHARS` long:
  ``redundant``, with ``reason="duplicate of <id of the first>"``. Placement is left alone; a
  later pass decides.

Guarantees: only ``cls`` (and ``reason`` of redundant blocks) change; the result depends only on
block contents and order, so a second run changes nothing (idempotent).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose, Skill, SkillModule, Table
from skillc.ir.replace import replace
from skillc.ir.vocab import ContentClass
from skillc.passes.registry import PassContext, transform


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps the word lists below readable.

    >>> sorted(wordset("run  stop\\n go"))
    ['go', 'run', 'stop']
    """
    return frozenset(text.split())


# Verbs that open instructions in technical documentation: the procedure verbs of the Google and
# Microsoft developer style guides plus the commands of common CLI tutorials. Lowercase.
IMPERATIVE_VERBS: frozenset[str] = wordset(
    """
    activate add adjust allow annotate apply assign attach avoid build call cancel catch change
    check choose clean clear click clone close compile configure confirm connect consider convert
    copy create customise customize declare decorate define delete deploy disable document download
    drop edit enable ensure enter exclude execute export extract fetch fill find fix follow format
    generate give go grant handle implement import include inherit initialise initialize insert
    install invoke keep launch load log make mark merge migrate mount move navigate open override
    pass paste pick pin place point prefer prepare press print provide pull push put raise read
    rebuild record refer register reload remember remove rename replace request restart restore
    restrict return review revoke rotate run save select send set specify start stop store subclass
    submit switch tag test try turn type uninstall unset update upgrade upload use validate verify
    wait wrap write
    """
)

# Words after a capitalised verb that show it is a noun subject: "Click is ...", "Test data can".
_SUBJECT_FOLLOWERS: frozenset[str] = wordset(
    """
    is are was were will would can could may might must should shall has have had does did also
    allows comes gives lets makes needs provides supports takes uses works
    """
)
# Phrases that make a sentence a rule whatever its grammar: RFC 2119 keywords and the admonition
# words of Sphinx/MyST and GitHub Markdown (note, important, warning, caution): must, should,
# shall, never, always, is/are required, do not, don't, make sure, be sure, ensure, avoid, note
# that, note:, important, warning, caution, need to, have to. Written as a tree on the first
# letters, behind a look at the first letter: the same matches, in a third of the time of the
# flat alternation (which tried every phrase at every word start; every prose block is searched).
_RULE_MARKERS = re.compile(
    r"\b(?=[abcdehimnsw])(?:m(?:ust|ake sure)|s(?:hould|hall)|n(?:ever|ote that|ote:|eed to)"
    r"|a(?:lways|re required|void)|i(?:s required|mportant)|d(?:o not|on't)|be sure|ensure"
    r"|warning|caution|have to)\b",
    re.IGNORECASE,
)
# Thresholds ("at most 64", "up to 5 MB") and numbers with units ("500 lines", "30 s", "10%"):
# at most, at least, no more than, up to, less than, more than, fewer than, maximum of, minimum
# of, exceed(s), within, then a number. A tree behind a look at the first letter, as above.
_THRESHOLD = re.compile(
    r"\b(?=[aeflmnuw\d])(?:(?:at (?:most|least)|no more than|up to|less than|more than"
    r"|fewer than|maximum of|minimum of|exceeds?|within)\s+\d"
    r"|\d+(?:\.\d+)?\s?(?:%|ms|s|sec|seconds?|minutes?|mins?|hours?|days?|[kmgt]i?b|bytes?"
    r"|chars?|characters|lines|tokens|px)(?!\w))",
    re.IGNORECASE,
)
# Fill-in placeholders: "<your-project-id>", "<YOUR_NAME>", "{{ name }}".
_PLACEHOLDER = re.compile(r"<your[-_ ][^<>\n]*>|\{\{[^{}\n]+\}\}", re.IGNORECASE)
# What a heading or the paragraph before a code block says when the code is a template.
_TEMPLATE_WORDS = re.compile(
    r"\b(templates?|skeletons?|boilerplate|scaffold(ing)?|starter files?)\b", re.IGNORECASE
)
# What may come before the imperative: a subordinate clause ("To deploy, run ...", "If it fails,
# check ...") or a sequencing adverb ("Then run ...", "Finally, implement ...").
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:to|if|when|before|after|once|for|in order to)\b[^,]{0,80},"
    r"|(?:then|now|next|finally|first|second|third|also|simply|just|optionally|alternatively|"
    r"instead|afterwards|additionally|lastly)\b,?)\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
# Inline markup: runs of ``*_`>#[]``, and MyST roles (``{ref}``). Written as one class of the
# characters either starts with (sre skips to them in C), then what follows it: the matches of
# ``[*_`>#\[\]]+|\{[a-z:-]+\}``, about three times as fast.
_MARKUP = re.compile(r"[*_`>#\[\]{](?:(?<=[*_`>#\[\]])[*_`>#\[\]]*|(?<=\{)[a-z:-]+\})")
_WORDS = re.compile(r"[A-Za-z']+")
_DIGIT = re.compile(r"\d")  # as `_THRESHOLD`'s ``\d``: any Unicode digit

# Info strings of shell and console blocks (Pygments / GitHub Linguist aliases).
SHELL_LANGUAGES: frozenset[str] = wordset(
    """
    bash console sh shell shell-session shellsession sh-session zsh fish powershell pwsh ps1 bat
    cmd batch text none
    """
)
# Where every line is a command unless it is plainly something else; in text blocks and blocks
# without an info string a line must look unmistakably like a command (they hold output and
# directory layouts too).
_LENIENT_LANGUAGES = SHELL_LANGUAGES - {"text", "none"}
# Shells whose commands are capitalised (Get-ChildItem, DIR).
_CASED_SHELLS = frozenset({"powershell", "pwsh", "ps1", "bat", "cmd", "batch"})
# Programs a text block may start a command line with (the usual ones in install guides).
KNOWN_COMMANDS: frozenset[str] = wordset(
    """
    apt apt-get brew cargo cd chmod cp curl docker export gcloud gh git go helm java kubectl ls
    make mkdir mv node npm npx pip pip3 pipx pnpm poetry python python3 rm ruby rustup source
    sudo terraform uv uvx yarn
    """
)
#: Shortest normalised text a repeated block must have to count as redundant. Shorter repeats are
#: lead-ins ("Example:", "And from the command line:") or a step repeated in another procedure:
#: each belongs where it stands, and removing it would save little and break the reading.
MIN_REDUNDANT_CHARS = 40
#: Most command lines a shell block may have and still be a "short command block" (a rule).
MAX_COMMAND_LINES = 8
#: Most ``$ ``-prompted lines a block in another language may have and count as commands.
MAX_PROMPTED_LINES = 3
_PROMPT = "$ "
# Optional VAR=value assignments, then the program (a word or a path).
_COMMAND_LINE = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*((?:\.{0,2}/|~/)?[\w.+\-/]+)")
_FLAG = re.compile(r"\s--?[A-Za-z]")
_DIRECTIVE = re.compile(r"\{[^}]*\}")


#: This pass's work per block in microseconds (python-doc: 1.3 s for 55,000 blocks) and what a
#: result costs the parent to bring back from a worker (0.02 s), for ``ctx.map``'s choice
#: between one process and a pool (`skillc.passes.registry.estimated_saving`): worth a pool.
WORK_PER_BLOCK_US = 25
BACK_PER_BLOCK_US = 0.4


@transform("classify-content", idempotent=True)
def classify_content(module: SkillModule, ctx: PassContext) -> SkillModule:
    """Set every block's class (core rule, background, example, template, redundant)."""
    keys: list[str] = []
    classes = ctx.memo_map(
        skill_classes,
        module.skills,
        key=_classes_key,
        valid=_are_classes,
        cost=WORK_PER_BLOCK_US,
        back=BACK_PER_BLOCK_US,
        named=keys,
    )
    skills = tuple(
        _with_classes(skill, found) for skill, found in zip(module.skills, classes, strict=True)
    )
    # Each skill's classified blocks are a function of its key (the blocks and the classes
    # found for them): progressive disclosure's key names them by it (`memo_keys`).
    for skill, key in zip(skills, keys, strict=False):  # no keys without a memo
        ctx.made.note_blocks(skill.blocks, key)
    return replace(module, skills=skills)


def skill_classes(skill: Skill) -> tuple[tuple[ContentClass, str], ...]:
    """Each block's ``(class, reason)``, in the context of the blocks before it: what a worker
    process hands back (small), rather than the whole skill."""
    first_seen: dict[tuple[type, str], str] = {}
    classes: list[tuple[ContentClass, str]] = []
    heading = -1  # the nearest heading so far, so that no block searches back for it
    for index, block in enumerate(skill.blocks):
        key = (type(block), normalised_text(block))
        original = first_seen.setdefault(key, block.id)
        if original != block.id and _may_be_redundant(block, key[1]):
            classes.append((ContentClass.REDUNDANT, f"duplicate of {original}"))
        else:
            classes.append((block_class(skill.blocks, index, heading), block.reason))
        if isinstance(block, Heading):
            heading = index
    return tuple(classes)


def _classes_key(skill: Skill) -> object:
    """What `skill_classes` reads: the blocks, nothing else of the skill (for ``ctx.memo_map``:
    after a one-page edit, the other skills' classes are taken back, not computed again)."""
    return ("classify-content/1", skill.blocks)


def _are_classes(found: object, skill: Skill) -> bool:
    """Whether a kept value is a class and a reason for each of ``skill``'s blocks."""
    return (
        isinstance(found, tuple)
        and len(found) == len(skill.blocks)
        and all(
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], ContentClass)
            and isinstance(pair[1], str)
            for pair in found
        )
    )


def classify_skill(skill: Skill) -> Skill:
    """``skill`` with each block classified in the context of the blocks before it."""
    return _with_classes(skill, skill_classes(skill))


def _with_classes(skill: Skill, classes: Sequence[tuple[ContentClass, str]]) -> Skill:
    blocks = tuple(
        block
        if block.cls is cls and block.reason == reason
        else replace(block, cls=cls, reason=reason)
        for block, (cls, reason) in zip(skill.blocks, classes, strict=True)
    )
    return replace(skill, blocks=blocks)


def _may_be_redundant(block: ContentBlock, text: str) -> bool:
    """Headings are structure and short blocks are context, so neither is ever redundant."""
    return len(text) >= MIN_REDUNDANT_CHARS and not isinstance(block, Heading)


def normalised_text(block: ContentBlock) -> str:
    """The block's text with whitespace collapsed and case folded, for duplicate detection.

    >>> normalised_text(Prose(id="p", text="Run  the\\nTests."))
    'run the tests.'
    """
    if isinstance(block, ListBlock):
        text = "\n".join(block.items)
    elif isinstance(block, Table):
        text = "\n".join(" | ".join(row) for row in block.rows)
    else:
        text = block.text
    return " ".join(text.split()).casefold()


def block_class(
    blocks: Sequence[ContentBlock], index: int, heading: int | None = None
) -> ContentClass:
    """The class of ``blocks[index]``, duplicates aside (`classify_skill` handles those).

    ``heading`` is the index of the nearest heading before it (-1: none), when the caller
    knows it: searching back from every code block made heading-less pages quadratic.
    """
    block = blocks[index]
    if isinstance(block, Heading | Table):
        return ContentClass.CORE_RULE
    if isinstance(block, Code):
        if heading is None:
            before = (i for i in range(index - 1, -1, -1) if isinstance(blocks[i], Heading))
            heading = next(before, -1)
        return _code_class(block, blocks, index, heading)
    text = "\n".join(block.items) if isinstance(block, ListBlock) else block.text
    if _PLACEHOLDER.search(text):
        return ContentClass.TEMPLATE
    if isinstance(block, ListBlock):
        rule = block.ordered or any(is_instruction(item) for item in block.items)
    else:
        rule = is_instruction(block.text)
    return ContentClass.CORE_RULE if rule else ContentClass.BACKGROUND


def _code_class(
    code: Code, blocks: Sequence[ContentBlock], index: int, heading: int
) -> ContentClass:
    # Commands first: every command must stay in the body, placeholders or not.
    if is_command_block(code):
        return ContentClass.CORE_RULE
    if _PLACEHOLDER.search(code.text) or _introduced_as_template(blocks, index, heading):
        return ContentClass.TEMPLATE
    return ContentClass.EXAMPLE


def _introduced_as_template(blocks: Sequence[ContentBlock], index: int, heading: int) -> bool:
    """Whether the paragraph right before, or the nearest heading (``blocks[heading]``), calls
    the block a template."""
    previous = blocks[index - 1] if index else None
    if isinstance(previous, Prose) and _TEMPLATE_WORDS.search(previous.text):
        return True
    found = blocks[heading] if heading >= 0 else None
    return isinstance(found, Heading) and bool(_TEMPLATE_WORDS.search(found.text))


def is_instruction(text: str) -> bool:
    """Whether ``text`` tells the reader to do (or not do) something.

    True for an imperative sentence ("Install the package."), one after a leading clause ("To
    deploy, run ..."), a rule marker ("must", "never", "note that", ...) or a threshold.

    >>> is_instruction("Install it with pip."), is_instruction("Click is a Python package.")
    (True, False)
    """
    plain = _MARKUP.sub("", text)
    if _RULE_MARKERS.search(plain):
        return True
    # Both kinds of threshold hold a digit: most text has none, and finding one costs a tenth
    # of the threshold pattern's scan.
    if _DIGIT.search(plain) and _THRESHOLD.search(plain):
        return True
    return any(_is_imperative(sentence) for sentence in _SENTENCE_END.split(plain.strip()))


def _is_imperative(sentence: str) -> bool:
    """Whether ``sentence`` opens (after an optional leading clause) with an imperative verb."""
    clause = _LEADING_CLAUSE.match(sentence)
    return opens_with_imperative(sentence[clause.end() :] if clause else sentence)


def opens_with_imperative(text: str) -> bool:
    """Whether ``text`` starts with an imperative verb followed by more words.

    A lone word or a label ("Type:") is not an instruction, and a verb followed by an auxiliary
    ("Click is a package", "Test data can ...") is a noun subject.

    >>> opens_with_imperative("Run the tests."), opens_with_imperative("Click is a package.")
    (True, False)
    """
    rest = text.lstrip("(\"' ")
    # The first word decides most sentences: without a verb there, nothing else is read.
    first = _WORDS.match(rest, 0, 60)
    if first is None or first.group().lower() not in IMPERATIVE_VERBS:
        return False
    words = _WORDS.findall(rest[:60])
    if len(words) < 2 or not rest.startswith(words[0]):
        return False
    if not rest[len(words[0]) : len(words[0]) + 1].isspace():
        return False
    subject_of = {w.lower() for w in words[1:3]} & _SUBJECT_FOLLOWERS
    return words[0].lower() in IMPERATIVE_VERBS and not subject_of


def code_language(code: Code) -> str:
    """The block's language, lowercased, without MyST directive braces.

    >>> code_language(Code(id="c", language="{code-block} Python"))
    'python'
    """
    words = _DIRECTIVE.sub(" ", code.language).lower().split()
    return words[0] if words else ""


def is_command_block(code: Code) -> bool:
    """Whether ``code`` is a short block of commands to run (no program code, no output).

    Up to `MAX_PROMPTED_LINES` lines that all start with a ``$ `` prompt are commands in any
    language, up to `MAX_COMMAND_LINES` in a shell language. Without prompts, a shell or console
    block is commands when every line (continuations joined, comments skipped) looks like one. A
    session that shows output after its prompts is an example.

    >>> is_command_block(Code(id="c", language="console", text="$ pip install click"))
    True
    """
    lines = _command_lines(code.text)
    if not lines or len(lines) > MAX_COMMAND_LINES:
        return False
    language = code_language(code)
    if any(line.startswith(_PROMPT) for line in lines):
        limit = MAX_COMMAND_LINES if language in SHELL_LANGUAGES else MAX_PROMPTED_LINES
        return len(lines) <= limit and all(line.startswith(_PROMPT) for line in lines)
    if language in _LENIENT_LANGUAGES:
        return all(_is_shell_line(line, language) for line in lines)
    if language in SHELL_LANGUAGES or not language:
        return all(_is_plain_command(line) for line in lines)
    return False


def _command_lines(text: str) -> list[str]:
    """Non-blank, non-comment lines, with backslash continuations joined."""
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending.rstrip())
    return lines


def _program(line: str) -> str:
    """The program a command line runs (after any VAR=value), or ``""`` if it has none."""
    match = _COMMAND_LINE.match(line)
    # "Usage:" is a label and "cli(width=80)" a function call, not commands.
    if match is None or line.endswith(":") or line[match.end() : match.end() + 1] == "(":
        return ""
    return match.group(1)


def _is_shell_line(line: str, language: str) -> bool:
    """A line of a shell block: a program that is lowercase unless the shell is cased."""
    program = _program(line)
    return bool(program) and (language in _CASED_SHELLS or program == program.lower())


def _is_plain_command(line: str) -> bool:
    """A line of a text block: a known program or a path, or some program given flags."""
    program = _program(line)
    if not program:
        return False
    is_path = program.startswith(("./", "../", "/", "~/"))
    return program in KNOWN_COMMANDS or is_path or bool(_FLAG.search(line))
