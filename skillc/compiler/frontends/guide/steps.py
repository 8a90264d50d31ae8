"""Logic steps and constraints read from a guide's pieces, grounded in their sentences.

Why: SSL's logical layer wants one node per grounded operation. In a guide those are the items
of numbered lists, the command lines of shell blocks, and sentences that open with an
imperative verb; constraints are sentences with "must", "never", "requires"... and warning
admonitions. `classify` holds the word lists; this module applies them piece by piece.

Guarantees: nothing is invented. A step's ``text`` is the instruction exactly as the emitted
block carries it (a command line as in its code block; a sentence or list item as Markdown with
roles rewritten), so a later pass can find it verbatim; fields the text does not show stay
empty. Each step and constraint is narrowed to its sentence's span when the sentence can be
found in the source, else it carries its block's span. Ids are left empty for the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from skillc.compiler.frontends.guide import classify as c
from skillc.compiler.frontends.guide.directives import WARNINGS
from skillc.compiler.frontends.guide.pieces import MARKDOWN, Caution, Event, Piece
from skillc.compiler.frontends.guide.textutil import NO_TARGETS, LineIndex, Roles, plain, sentences
from skillc.ir import inline
from skillc.ir.nodes import Code, Constraint, ListBlock, LogicStep, Prose
from skillc.ir.span import Span
from skillc.ir.vocab import ActType, ConstraintKind, Placement, ResourceScope

#: A code span: a run of backticks, text, the same run (opening with a literal backtick, which
#: `re` skips to: see `textutil._OPAQUE`).
_CODE_SPAN = re.compile(r"`(`*).+?`\1", re.DOTALL)


@dataclass(slots=True)
class Extracted:
    """Steps and constraints (ids empty), each with the number of the section it came from."""

    steps: list[tuple[int, LogicStep]] = field(default_factory=list)
    constraints: list[tuple[int, Constraint]] = field(default_factory=list)
    has_branch: bool = False
    #: Where the last fragment found ends, and where the current piece's search starts: a
    #: piece whose span holds that end (pieces sharing a line: minified HTML, all on one line)
    #: is searched from there, not from its span's start (which would cost the line's length
    #: per piece, and find an earlier piece's repeated words).
    resume: int = 0
    start: int = 0
    #: How roles in the page's text read (cross-references resolved against the build).
    roles: Roles = NO_TARGETS


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a piece sits: its section number and whether that is a prerequisites section."""

    section: int
    prerequisites: bool


def extract(
    events: list[Event], index: LineIndex, places: list[tuple[int, bool]], roles: Roles
) -> Extracted:
    """Steps and constraints of ``events``; ``places`` gives each event's section, ``roles``
    how roles in their text read."""
    out = Extracted(roles=roles)
    wheres: dict[tuple[int, bool], _Where] = {}  # one per section: places repeat
    for event, place in zip(events, places, strict=True):
        span = event.span
        start, resume = span.start, out.resume
        out.start = resume if start < resume < span.end else start
        if isinstance(event, Caution):
            warning = Constraint(id="", prov=(span,), kind=ConstraintKind.WARNING, text=event.text)
            out.constraints.append((place[0], warning))
        elif event.block.placement is not Placement.REMOVED:
            where = wheres.get(place) or wheres.setdefault(place, _Where(*place))
            _piece(event, index, where, out)
    return out


def _piece(piece: Piece, index: LineIndex, where: _Where, out: Extracted) -> None:
    block = piece.block
    if isinstance(block, Code):
        _commands(block.language, block.text, (piece.span, out.start), index, where, out)
    elif isinstance(block, ListBlock):
        first = len(out.steps)
        cursor = out.start  # repeated text must map to its own occurrence
        for paras in piece.items:
            if block.ordered and paras:
                _item_step(piece, paras[0], (index, cursor), where, out)
            for para in paras:
                cursor = _sentences(piece, para, (index, cursor), where, out, not block.ordered)
        for code in piece.codes:
            _commands(code.language, code.text, (code.span, code.span.start), index, where, out)
        # Commands nested in items were read after all items: put them back in source order.
        out.steps[first:] = sorted(out.steps[first:], key=lambda found: found[1].prov[0].start)
    elif isinstance(block, Prose):
        cursor = out.start
        for raw in piece.texts:
            cursor = _sentences(piece, raw, (index, cursor), where, out, True)


# --- Sentences ------------------------------------------------------------------------------------


def _sentences(
    piece: Piece,
    raw: str,
    at: tuple[LineIndex, int],
    where: _Where,
    out: Extracted,
    steps: bool,
) -> int:
    """Imperative sentences become steps (if ``steps``); constraint sentences, constraints.

    ``at`` is the source index and the offset to search the sentences from; returns the offset
    after the last sentence found.
    """
    warned = piece.admonition in WARNINGS or piece.admonition == "warning"
    index, after = at
    within, roles = piece.span, out.roles
    written = _as_written(piece, raw)
    for start, end in sentences(raw):
        fragment = raw[start:end]
        span, found = _locate(index, within, fragment, after, out)
        after = span.end if found else after
        if written:
            markdown, text = fragment, inline.plain(fragment)
        else:
            markdown = piece.rewrite(fragment, roles)
            text = plain(markdown, roles)
        if steps and (step := _prose_step(markdown, text, span, out)) is not None:
            out.steps.append((where.section, step))
        if not warned:
            _constraint(markdown, text, span, where, out)
    return after


def _as_written(piece: Piece, raw: str) -> bool:
    """Whether the sentences of paragraph ``raw`` read as written: Markdown without a role
    (``}`` and a backtick), which `Piece.rewrite` and `plain`'s role rewriting give back
    unchanged. Told once for the paragraph, not twice for each of its sentences (an HTML page's
    paragraphs are Markdown written from its elements: none holds a role)."""
    return piece.dialect == MARKDOWN and "}`" not in raw


def _constraint(markdown: str, text: str, span: Span, where: _Where, out: Extracted) -> None:
    # Without a backtick there is no code span to take out: the words are the plain text.
    words = plain(_CODE_SPAN.sub(" ", markdown), out.roles) if "`" in markdown else text
    kind = c.constraint_kind(words, where.prerequisites)
    if kind is not None and text:
        out.constraints.append(
            (where.section, Constraint(id="", prov=(span,), kind=kind, text=text))
        )


def _prose_step(markdown: str, text: str, span: Span, out: Extracted) -> LogicStep | None:
    """A step for a sentence that instructs (``Run X``, ``If X, run Y``), else ``None``."""
    hit, preconditions, branches = _instruction(text)
    if hit is None:
        return None
    out.has_branch = out.has_branch or branches
    return _step_from_text(markdown, text, span, hit, preconditions)


def _item_step(
    piece: Piece, raw: str, at: tuple[LineIndex, int], where: _Where, out: Extracted
) -> None:
    """Every item of a numbered list is a step; its act comes from its verb, if it has one."""
    index, after = at
    markdown = piece.rewrite(raw, out.roles).strip()
    text = plain(markdown, out.roles)
    hit, preconditions, _ = _instruction(text)
    lead = text.split(None, 1)[0].lower().strip(",") if text else ""
    out.has_branch = out.has_branch or lead in c.BRANCH_LEADS
    span, _ = _locate(index, piece.span, raw, after, out)
    step = _step_from_text(markdown, text, span, hit or ("", ActType.INFER), preconditions)
    out.steps.append((where.section, step))


def _instruction(text: str) -> tuple[tuple[str, ActType] | None, tuple[str, ...], bool]:
    """The verb and act of an instruction, the preconditions it states, whether it branches."""
    hit = c.imperative(text)
    if hit is not None:
        return hit, (), False
    clause = c.clause_instruction(text)
    if clause is None:
        return None, (), False
    lead, condition, tail = clause
    return c.leading_verb(tail), _condition(lead, condition), lead in c.BRANCH_LEADS


def _condition(lead: str, clause: str) -> tuple[str, ...]:
    """The precondition an ``If``/``When`` clause states (``Unless`` kept whole: it negates)."""
    if lead in ("if", "when"):
        return (clause.split(None, 1)[1],) if len(clause.split(None, 1)) > 1 else ()
    return (clause,) if lead == "unless" else ()


def _step_from_text(
    markdown: str,
    text: str,
    span: Span,
    hit: tuple[str, ActType],
    preconditions: tuple[str, ...],
) -> LogicStep:
    verb, act = hit
    scope = c.sentence_scope(text)
    target = c.first_url(text) if scope is ResourceScope.NETWORK else ""
    effects: tuple[str, ...] = ()
    if verb in c.DELETING:
        rest = re.split(rf"\b{verb}\b", text, maxsplit=1, flags=re.IGNORECASE)[-1]
        effects = (f"deletes {rest.strip(' .:;')}",) if rest.strip(" .:;") else ()
    return LogicStep(
        id="",
        prov=(span,),
        act_type=act,
        preconditions=preconditions,
        effects=effects,
        resource_scope=scope,
        resource_target=target,
        text=markdown,
    )


# --- Commands -------------------------------------------------------------------------------------


def command_lines(language: str, code: str) -> list[str]:
    """The command lines of a shell block (prompts stripped, output lines skipped).

    A block in a shell language with prompts yields only its prompted lines; without prompts,
    every line that starts like a command. An unlabeled or text block counts only if it opens
    with a prompt or every line starts with a well-known program (``pip install click``).
    """
    lang = language.lower()
    if lang not in c.SHELL_LANGUAGES and lang not in c.PROMPT_ONLY_LANGUAGES:
        return []  # a program's source (most blocks of an API reference): not read at all
    lines = code.split("\n")
    if lang not in c.SHELL_LANGUAGES:
        first = next((line for line in lines if line.strip()), "")
        if not c.prompt_command(first) and not _known_commands(lines):
            return []
    prompted = [c.prompt_command(line) for line in lines]
    has_prompt = any(p is not None for p in prompted)
    found: list[str] = []
    i = 0
    while i < len(lines):
        command = prompted[i] if has_prompt else _bare_command(lines[i])
        while command and command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command += "\n" + lines[i]
        if command and c.split_command(command) is not None:
            found.append(command)
        i += 1
    return found


def _known_commands(lines: list[str]) -> bool:
    """An unlabeled block whose every line starts with a well-known program.

    Lines are parsed (`shlex`) one at a time up to the first that does not: most unlabeled
    blocks are program text or output, turned down at their first line.
    """
    any_line = False
    for line in lines:
        if line.strip():
            parsed = c.split_command(line)
            if parsed is None or parsed[0].rsplit("/", 1)[-1] not in c.KNOWN_PROGRAMS:
                return False
            any_line = True
    return any_line


def _bare_command(line: str) -> str | None:
    """A line of a prompt-less shell block, unless it is indented, blank or a comment."""
    if not line.strip() or line[:1].isspace() or line.lstrip().startswith(("#", "REM ", "::")):
        return None
    return line.rstrip()


def _commands(
    language: str,
    code: str,
    at: tuple[Span, int],
    index: LineIndex,
    where: _Where,
    out: Extracted,
) -> None:
    """The command steps of a code block whose span is ``at[0]``, searched from ``at[1]``."""
    span, after = at
    for command in command_lines(language, code):
        parsed = c.split_command(command)
        if parsed is None:  # command_lines only returns parsable lines; this keeps mypy honest
            continue
        located, found = _locate(index, span, command, after, out)
        after = located.end if found else after
        out.steps.append((where.section, _command_step(command, parsed, located)))


def _locate(
    index: LineIndex, within: Span, fragment: str, after: int, out: Extracted
) -> tuple[Span, bool]:
    """`LineIndex.locate`, and whether it found a span other than ``within``; a search that
    started at the resume point (`Extracted.resume`) and found nothing is done again from the
    span's start, as it was before resuming."""
    span = index.locate(within, fragment, after)
    found = _found(span, within)
    if not found and after == out.start and after > within.start:
        span = index.locate(within, fragment, within.start)
        found = _found(span, within)
    if found:
        out.resume = max(out.resume, span.end)
    return span, found


def _found(span: Span, within: Span) -> bool:
    """Whether `LineIndex.locate` found a span other than ``within``: it gives ``within``
    itself when it finds nothing (most sentences of an HTML page, whose source has tags
    between their words), which an identity test tells without comparing the two."""
    return span is not within and span != within


def _command_step(command: str, parsed: tuple[str, tuple[str, ...]], span: Span) -> LogicStep:
    program, args = parsed
    name = program.rsplit("/", 1)[-1] or program
    scope = c.command_scope(program, args)
    operands = [a for a in args if not a.startswith("-")]
    target = ""
    if scope is ResourceScope.NETWORK:
        target = next((a for a in args if c.first_url(a)), "")
    elif scope in (ResourceScope.LOCAL_FS, ResourceScope.CODEBASE):
        paths = [a for a in (program, *operands) if c.path_like(a)]
        fallback = operands[0] if operands and name in c.FS_PROGRAMS else ""
        target = paths[0] if paths else fallback
    effects = (f"deletes {' '.join(operands)}",) if name in c.DELETING_PROGRAMS and operands else ()
    return LogicStep(
        id="",
        prov=(span,),
        act_type=ActType.CALL_TOOL,
        object=name,
        instrument=name,
        input_args=args,
        effects=effects,
        resource_scope=scope,
        resource_target=target,
        text=command,
    )
