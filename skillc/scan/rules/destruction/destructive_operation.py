"""RK204: commands that destroy data, disks, history or logs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta
from skillc.scan.normalize import View
from skillc.scan.rules._transcript import echoed, inert_literal

META = RuleMeta(
    code="RK204",
    channel=Channel.RISKY,
    dimensions=((Dimension.DESTRUCTIVE, 4),),
    owasp="AST01",
    skillscan="privilege escalation",
)

_RM = r"\brm\s+(?:-{1,2}[\w-]+\s+){0,4}"
#: ``git`` and the global options that may stand before its subcommand (``git -C "$dir" reset
#: --hard``: abvx-agent-skills' lottie-motion-builder script hard-resets a clone so, which
#: ``git reset --hard`` alone did not match).
_GIT = (
    r"\bgit(?:\s+(?:-[Cc]\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\S+)|--(?:git-dir|work-tree|namespace)"
    r"(?:=|\s+)\S+|--no-pager|--bare|-P)){0,4}\s+"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str, Channel], ...] = (
    (
        re.compile(
            _RM + r"(?:--no-preserve-root\s+)?[\"']?(?:/|/\*|~/?\*?|\$HOME/?\*?|\$\{HOME\}/?|"
            r"/(?:etc|usr|var|bin|boot|lib|lib64|home|opt|root|sbin|System|Users)/?\*?)"
            r"[\"']?(?=\s|$|;|&|\|)",
            re.MULTILINE,
        ),
        "deletes a system or home folder recursively",
        Channel.MALICIOUS,
    ),
    (
        re.compile(
            r"(?:" + _RM + r"|>\s*|truncate\s+-s\s*0\s+|shred\s+[^\n]{0,40})"
            r"[^\n;&|]{0,200}(?:/var/log\b|\.(?:bash|zsh)_history\b|/var/log/audit)"
            r"|\bhistory\s+-c\b|\bunset\s+HISTFILE\b|\bHISTFILE=/dev/null|\bwevtutil\s+cl\b|"
            r"\bClear-EventLog\b|\bauditctl\s+-D\b|\bjournalctl\s+--vacuum",
            re.IGNORECASE,
        ),
        "erases logs or shell history (covers tracks)",
        Channel.MALICIOUS,
    ),
    (
        re.compile(
            r"\bmkfs(?:\.\w+)?\s+/dev/|\bdd\s+[^\n]{0,100}of=/dev/(?:sd|nvme|hd|disk|xvd|vd)"
            r"|>\s*/dev/(?:sd[a-z]|nvme\d)|\bformat\s+[a-z]:|\bdel\s+/[sfq]\s+/[sfq][^\n]{0,20}"
            r"[a-z]:\\|\bRemove-Item\s+[^\n]{0,60}-Recurse[^\n]{0,60}(?:C:\\|\$env:USERPROFILE)"
            r"|\bdiskutil\s+erase",
            re.IGNORECASE,
        ),
        "wipes a disk or a whole drive",
        Channel.MALICIOUS,
    ),
    (
        re.compile(
            _RM + r"[\"']?(?:\*|\.git|\.\*|\.\.?/?)[\"']?(?=\s|$)|\bfind\s+/\s[^\n]{0,200}"
            r"-delete\b|\bshred\s+-\w*u",
            re.MULTILINE,
        ),
        "deletes files recursively with a broad pattern",
        Channel.RISKY,
    ),
    (
        re.compile(
            r"\bDROP\s+(?:DATABASE|SCHEMA|TABLE)\b|\bTRUNCATE\s+TABLE\b|\bterraform\s+destroy"
            r"|\bkubectl\s+delete\s+(?:ns|namespace|--all)|\baws\s+s3\s+(?:rb|rm\s[^\n]{0,200}"
            r"--recursive)|" + _GIT + r"(?:push\s+[^\n]{0,80}(?:-f\b|--force\b)|reset\s+--hard"
            r"|clean\s+-\w*f)|\bdocker\s+system\s+prune\s+-\w*a",
            re.IGNORECASE,
        ),
        "runs an irreversible operation",
        Channel.CAPABILITY,
    ),
)


#: Words one of which every match holds (checked before the regular expressions).
WORDS = (
    "rm -",
    "drop ",
    "truncate",
    "mkfs",
    "dd ",
    "format ",
    "del /",
    "remove-item",
    "diskutil",
    "history",
    "histfile",
    "wevtutil",
    "clear-eventlog",
    "auditctl",
    "journalctl",
    "find /",
    "shred",
    "terraform destroy",
    "kubectl delete",
    "aws s3",
    "git",
    "docker system",
    "/var/log",
    "/dev/sd",
    "/dev/nvme",
    "/dev/hd",
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Recursive deletion of system folders, log and history wiping, disk wiping, and (as
    capabilities) irreversible database, cloud and git operations."""
    for view in ctx.select("code", "prose", "hidden"):
        if not view.mentions(WORDS):
            continue
        for pattern, what, channel in _PATTERNS:
            if channel is Channel.CAPABILITY and not view.unit.runnable:
                continue  # `DROP TABLE` in SQL docs is what the skill explains, not runs
            for match in view.find(pattern, WORDS):
                if not _documented(view, match):
                    yield ctx.found(META, view, match.start(), match.end(), what, channel=channel)


def _documented(view: View, match: re.Match[str]) -> bool:
    """Whether the match is a manual's text about the command rather than a command: a form
    a synopsis lists (bash's ``history -c`` under ``history [n]``), or a value typed in a
    Python string literal (shlex's ``'somefile; rm -rf ~'``, the injection ``quote()``
    prevents) in a session that runs no string, and the lines that print it back."""
    start = match.start()
    return synopsis(view, start) or inert_literal(view, start) or echoed(view, start, match.end())


#: A line of a synopsis: the command, then options, ``[optional]`` or ``<placeholder>``
#: arguments and bare placeholder words; nothing concrete (no path, ``~``, drive or glob) and
#: no shell operator (a pipe, a redirect, a list, a substitution).
_ARG = r"(?:\[[^\]\n]*\]|<[\w -]+>|-{1,2}[\w-]+|[A-Za-z][\w-]*)"
_FORM = re.compile(rf"[ \t]*([\w.-]+)(?:[ \t]+{_ARG})*[ \t]*")
_PLACEHOLDER = re.compile(r"\[[^\]\n]+\]|<[\w -]+>")


def synopsis(view: View, start: int) -> bool:
    """Whether the code block holding ``view.text[start]`` is a synopsis: every line a form of
    one command, at least one with a bracketed placeholder. It documents which options exist;
    a reader (or an agent) picks one for a task, it is not a command to run as it stands."""
    unit = view.unit
    if view.kind != "code" or not unit.file.is_markdown or len(unit.text) > 2000:
        return False
    lines = [line for line in unit.text.split("\n") if line.strip()]
    forms = [_FORM.fullmatch(line) for line in lines]
    if len(lines) < 2 or any(form is None for form in forms):
        return False
    commands = {form.group(1) for form in forms if form is not None}
    return len(commands) == 1 and any(_PLACEHOLDER.search(line) for line in lines)
