"""The least `allowed-tools` a skill needs, from what its instructions and scripts do, and
what its front matter declares.

Claude Code's tool names are the vocabulary (`Read`, `Write`, `Edit`, `Grep`, `Glob`,
`WebFetch`, and `Bash(command:*)` patterns that allow one command and its arguments). What is
needed:

- ``Read`` always (an agent reads the skill's own files);
- ``Bash(cmd:*)`` for each command the skill runs: the first word of every command in its
  shell code blocks and shell scripts (after `sudo`, prompts and variable assignments), the
  commands that prose tells the agent to run (``run `git status` ``), and the interpreter of
  each bundled script (``Bash(python3:*)`` for ``scripts/x.py``);
- ``WebFetch`` when the prose tells the agent to fetch or open a URL; ``Write`` when it tells it
  to create or save a file; ``Edit`` when to edit or update one; ``Grep``/``Glob`` when to search
  contents or find files by pattern.

Declared tools are read from the ``allowed-tools`` field (a space- or comma-separated string,
or a YAML list). Each pattern is one pass over the unit's lines: linear in the skill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.diagnostics import Diagnostic
from skillc.diagnostics.span import Span
from skillc.scan.context import ScanContext
from skillc.scan.model import Finding, RuleMeta, channel_severity
from skillc.scan.normalize import View
from skillc.scan.units import Unit

#: Where a command ends and the next begins. A ``|`` between two words is not a pipe but a
#: synopsis's alternatives (``set-privacy ~host/slug public|private|secret``, ``--network
#: <devnet|mainnet-beta|testnet>``): the Tlon and PAW skills "ran" private, secret and
#: mainnet-beta. A pipe has a space on one side at least.
_SPLIT = re.compile(r"&&|\|\||;|(?<![\w-])\||\|(?![\w-])|\$\(")
#: A command substitution in backticks: its text is a command, what follows it is not.
_BACKTICKS = re.compile(r"`([^`\n]*)`")
#: A comment after a command (``tlon hooks init x  # template (on-post|cron)``).
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_WORD = re.compile(r"^[a-z][a-z0-9_+-]{0,40}(?:[0-9.]*[0-9])?$")
_SHELL_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})\s*(?:bash|sh|shell|zsh|console|shell-session)\b")
_ASSIGN = re.compile(r"^[A-Za-z_]\w*=")
_PROMPT = re.compile(r"^(?:\$|>|PS>|%)[ \t]+")
#: Shell words that are syntax or wrap the real command, not commands of their own.
_NOT_COMMANDS = frozenset(
    (
        *("if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while", "until"),
        *("case", "esac", "function", "return", "exit", "export", "local", "set", "unset"),
        *("source", "alias", "eval", "exec", "sudo", "env", "time", "nohup", "wait", "trap"),
        *("break", "continue", "declare", "typeset", "let", "readonly", "read", "shift"),
        # English words a loosely written block or sentence starts a line with
        *("or", "and", "the", "a", "an", "to", "use", "step", "see", "note", "then", "with"),
    )
)
_RUN_IN_PROSE = re.compile(r"\b(?:[Rr]un|[Ee]xecute)[ \t]+`([^`\n]{1,200})`")
#: What prose asks for, each with the words one of which every match of its pattern holds (so
#: the pattern runs only on the lines holding one, `View.find`).
_INTENTS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "WebFetch",
        re.compile(
            r"\b(?:fetch|download|open|visit|browse|retrieve|look up|query)\b[^.\n]{0,80}"
            r"https?://|\bweb ?fetch\b",
            re.IGNORECASE,
        ),
        ("fetch", "download", "open", "visit", "browse", "retrieve", "look up", "query"),
    ),
    (
        "Write",
        re.compile(
            r"\b(?:create|write|save|generate)\b[^.\n]{0,60}\b(?:file|files|document|report|"
            r"\w+\.(?:md|json|ya?ml|txt|csv|py|js|ts|html|toml))\b",
            re.IGNORECASE,
        ),
        ("create", "write", "save", "generate"),
    ),
    (
        "Edit",
        re.compile(
            r"\b(?:edit|modify|update|change|patch|replace)\b[^.\n]{0,60}\b(?:file|files|"
            r"config\w*|source|code|\w+\.(?:md|json|ya?ml|txt|py|js|ts|toml|cfg|ini))\b",
            re.IGNORECASE,
        ),
        ("edit", "modify", "update", "change", "patch", "replace"),
    ),
    (
        "Grep",
        re.compile(r"\b(?:grep|search (?:the |for |in )|find (?:all )?occurrences)", re.I),
        ("grep", "search ", "occurrences"),
    ),
    (
        "Glob",
        re.compile(r"\b(?:glob|find (?:all )?files|list (?:all )?files)\b", re.I),
        ("glob", "files"),
    ),
)
#: The letters besides ASCII that a case-insensitive pattern matches as ASCII letters (``i``,
#: ``s``) and that ``str.lower`` does not turn into them (dotted capital I, dotless i, long s;
#: the Kelvin sign lower-cases to ``k``): a text holding one is searched whole.
CASE_ODD = ("\u0130", "\u0131", "\u017f")
_INTERPRETER = {"python": "python3", "javascript": "node", "shell": "bash"}


def least(ctx: ScanContext) -> list[str]:
    """The least `allowed-tools` the skill needs, sorted (``Bash(...)`` patterns by command);
    computed once per package (two rules and the report ask)."""
    if ctx.least_tools is None:
        ctx.least_tools = _least(ctx)
    return list(ctx.least_tools)


def _least(ctx: ScanContext) -> list[str]:
    tools = {"Read"}
    for unit in ctx.units:
        if unit.kind == "code" and unit.runnable:
            if unit.file.is_markdown:
                if _shell_block(unit):
                    tools.update(f"Bash({c}:*)" for c in commands(unit.text))
            elif unit.lang in _INTERPRETER:
                tools.add(f"Bash({_INTERPRETER[unit.lang]}:*)")
                if unit.lang == "shell":
                    tools.update(f"Bash({c}:*)" for c in commands(unit.text))
    for view in ctx.select("prose", decoded=False):
        if view.how == "raw":  # the prose unit's own text
            for match in view.find(_RUN_IN_PROSE, ("run", "execute")):
                tools.update(f"Bash({c}:*)" for c in commands(match.group(1)))
            tools.update(tool for tool, pattern, words in _INTENTS if holds(view, pattern, words))
    return sorted(tools)


def holds(view: View, pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """Whether ``pattern`` (case-insensitive, each match holding one of ``words`` and no line
    break) matches ``view``'s text: searched only on the lines holding a word, unless a
    letter lower-casing does not turn into the ASCII one the pattern matches is present."""
    if any(odd in view.text for odd in CASE_ODD):
        return pattern.search(view.text) is not None
    return next(view.find(pattern, words), None) is not None


def _shell_block(unit: Unit) -> bool:
    """Whether a Markdown code block is declared shell (```` ```bash ````, ``console``...): an
    unlabelled block is as often output or code as commands."""
    text = unit.file.text or ""
    fence_end = max(0, unit.offset - 1)
    line = text[text.rfind("\n", 0, fence_end) + 1 : fence_end]
    return bool(_SHELL_FENCE.match(line))


def commands(text: str) -> Iterator[str]:
    """The command names of shell ``text``: the first word of each command of each line (in a
    transcript, of the lines after a ``$`` prompt only: the others are output)."""
    lines = text.replace("\\\n", " ").split("\n")  # a continued line is one command
    prompted = [line for line in lines if line.lstrip().startswith("$ ")]
    for line in prompted or lines:
        line = _COMMENT.sub("", _PROMPT.sub("", line.strip()))
        if not line or line.startswith("-"):
            continue  # a comment, or a bullet of prose written inside the block
        inner = _BACKTICKS.findall(line)
        for part in (*_SPLIT.split(_BACKTICKS.sub(" ", line)), *inner):
            name = _first_word(part)
            if name is not None:
                yield name


def _first_word(command: str) -> str | None:
    for word in command.split():
        if _ASSIGN.match(word) or word in ("sudo", "env", "time", "nohup", "exec", "command"):
            continue
        if word.startswith("-"):
            return None
        name = word.rsplit("/", 1)[-1] if word.startswith(("/usr/", "/bin/")) else word
        if _WORD.match(name) and name not in _NOT_COMMANDS and not name[0].isdigit():
            return name
        return None
    return None


_TOKENS = re.compile(r"[A-Za-z][\w-]*(?:\([^()\n]*\))?")


def declared(ctx: ScanContext) -> tuple[list[str], Span] | None:
    """The tools the front matter's ``allowed-tools`` declares, and where the field is (None
    when the skill declares none)."""
    front = ctx.package.front_matter
    field = front.get("allowed-tools") if front.present else None
    if field is None:
        return None
    value = field.value
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    tools = [t for item in items if isinstance(item, str) for t in _TOKENS.findall(item)]
    return tools, field.key_span


def finding(meta: RuleMeta, span: Span, message: str) -> Finding:
    """A finding of ``meta`` at the ``allowed-tools`` field."""
    diagnostic = Diagnostic(
        code=meta.code, message=message, severity=channel_severity(meta.channel), span=span
    )
    return Finding(
        diagnostic=diagnostic,
        channel=meta.channel,
        dimensions=meta.dimensions,
        owasp=meta.owasp,
        skillscan=meta.skillscan,
    )


def grants(declared_tool: str, needed: str) -> bool:
    """Whether a declared tool allows a needed one (``Bash`` and ``Bash(*)`` allow any
    ``Bash(cmd:*)``; ``Bash(git:*)`` allows only ``git``)."""
    if declared_tool == needed:
        return True
    if needed.startswith("Bash(") and declared_tool in ("Bash", "Bash(*)", "Bash(*:*)"):
        return True
    if needed.startswith("Bash(") and declared_tool.startswith("Bash("):
        prefix = declared_tool[5:-1].removesuffix(":*").removesuffix("*").strip()
        return needed[5:-1].removesuffix(":*") == prefix.split(" ")[0] and bool(prefix)
    return False


def unrestricted_bash(tool: str) -> bool:
    return tool in ("Bash", "Bash(*)", "Bash(*:*)")
