"""Sessions a manual shows as transcripts: what was typed at a prompt and what was printed.

Documentation shows a Python prompt session (``>>> ``) or a shell session (``$ ``) as it
appeared on screen. Only the prompted lines are input; the lines after them are what the
program printed (a ``PosixPath('/etc/init.d/reboot')`` repr, a ``tar -tzvf`` listing of
``id_dsa``), data that nothing runs. And in a Python session a shell command inside a string
literal (shlex's ``filename = 'somefile; rm -rf ~'``) is a value the example works on, unless the
session hands strings to a shell (``os.system``, ``subprocess``...).

A block is a session only when its first non-blank line is prompted (``>>> ``; or ``$ `` in a
block labelled a transcript, ``console`` or ``shell-session``): a script whose lines are all
commands has no output lines, and nothing here applies to text outside code blocks.
"""

from __future__ import annotations

import re

from skillc.scan.normalize import View
from skillc.scan.units import Unit

_PY_PROMPT = re.compile(r"[ \t]*(?:>>>|\.\.\.)(?: |$)")
_SH_PROMPT = re.compile(r"[ \t]*\$ ")
#: Info strings that declare a block a terminal transcript. A shell block is a script unless
#: so declared: a ``$ `` on its first line alone does not make its other lines output.
_TRANSCRIPTS = frozenset({"console", "shell-session", "sh-session", "terminal"})
#: A call that hands a string to a shell or an interpreter: then literals are commands.
_RUNS = re.compile(
    r"\b(?:os\.(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)|subprocess\.\w+|pty\.spawn"
    r"|commands\.\w+|(?:check_output|check_call|getoutput|getstatusoutput|Popen|run|call)"
    r"|eval|exec|asyncio\.create_subprocess_\w+)\s*\("
)


def session(unit: Unit) -> str:
    """``"python"`` or ``"shell"`` when ``unit`` is a code block that opens at a prompt, else
    ``""``."""
    if unit.kind != "code" or not unit.file.is_markdown:
        return ""
    for line in unit.text.split("\n", 20)[:20]:
        if not line.strip():
            continue
        if _PY_PROMPT.match(line):
            return "python"
        return "shell" if _SH_PROMPT.match(line) and _info(unit) in _TRANSCRIPTS else ""
    return ""


def _info(unit: Unit) -> str:
    """The info string of the fence that opens ``unit`` (lower case), or ``""``."""
    text = unit.file.text or ""
    left = text.rfind("\n", 0, max(0, unit.offset - 1)) + 1
    fence = text[left : unit.offset].strip()
    return fence.lstrip("`~").strip().split(" ", 1)[0].lower()


def _line(view: View, start: int) -> tuple[str, int]:
    """The unit line holding the file position of ``view.text[start]``, and the position's
    offset in that line."""
    unit = view.unit
    at = view.file_span(start, start + 1)[0] - unit.offset
    left = unit.text.rfind("\n", 0, at) + 1
    right = unit.text.find("\n", at)
    return unit.text[left : len(unit.text) if right < 0 else right], at - left


def printed(view: View, start: int) -> bool:
    """Whether ``view.text[start]`` stands on an output line of a session transcript."""
    kind = session(view.unit)
    if not kind:
        return False
    line, _ = _line(view, start)
    prompt = _PY_PROMPT if kind == "python" else _SH_PROMPT
    return bool(line.strip()) and not prompt.match(line)


def inert_literal(view: View, start: int) -> bool:
    """Whether ``view.text[start]`` lies inside a string literal typed at a Python prompt, in
    a file none of whose prompted lines hands a string to a shell or interpreter."""
    if session(view.unit) != "python" or _runs(view.unit):
        return False
    line, at = _line(view, start)
    if not _PY_PROMPT.match(line):
        return False
    return any(left <= at <= right for left, right in literals(line))


def echoed(view: View, start: int, end: int) -> bool:
    """Whether ``view.text[start:end]`` is on a line a Python session printed and repeats a
    value typed in a string literal at a prompt of the same file, none of whose prompted lines
    hands a string to a shell (shlex's ``print(command)`` showing
    ``ls -l somefile; rm -rf ~``, built from ``'somefile; rm -rf ~'``): the session shows what
    a value looks like, it runs nothing. Output that echoes no typed value is not excused."""
    if session(view.unit) != "python" or not printed(view, start):
        return False
    said = view.text[start:end].strip("'\" \t")
    if not said or _runs(view.unit):
        return False
    return any(
        said in line[left : right + 1]
        for line in _typed(view.unit)
        for left, right in literals(line)
    )


def _typed(unit: Unit) -> list[str]:
    """The lines typed at a Python prompt anywhere in ``unit``'s file: a manual splits one
    session over several blocks (shlex's example, around "quote() lets you plug the security
    hole"), so a value typed in one is printed, or run, in another."""
    return [line for line in (unit.file.text or "").split("\n") if _PY_PROMPT.match(line)]


def _runs(unit: Unit) -> bool:
    """Whether a line typed at a Python prompt of ``unit``'s file hands a string to a shell
    or an interpreter: then every string the session holds may be a command."""
    return any(_RUNS.search(line) for line in _typed(unit))


def literals(line: str) -> list[tuple[int, int]]:
    """The ranges (opening quote to closing quote, inclusive) of the string literals of one
    line of Python; an unclosed one runs to the end of the line."""
    found: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char == "#":
            break
        if char not in "'\"":
            i += 1
            continue
        quote = line[i : i + 3] if line[i : i + 3] in ("'''", '"""') else char
        j = i + len(quote)
        while j < n and not line.startswith(quote, j):
            j += 2 if line[j] == "\\" else 1
        end = min(j + len(quote), n)
        found.append((i, end - 1))
        i = end
    return found
