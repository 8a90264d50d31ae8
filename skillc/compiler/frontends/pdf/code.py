"""Which PDF lines are code: typewriter-font runs and command prompts, never ordinary prose.

Why: a PDF has no code fences. The one reliable signal is the typeface: manuals set listings
and commands in a fixed-pitch font (Courier, cmtt, *Mono...). Guessing code from punctuation
is what made a peer label 619 prose lines of the bash manual as Elixir and TypeScript while
leaving ``msgfmt -o es.mo es.po`` unfenced (peers.md §4.1).

Guarantees: a code block is either a run of two or more fixed-pitch lines (a listing's bare
line numbers and callout marks between them stay inside it), or one fixed-pitch
line set off as a display (indented past the text margin, or introduced by a colon) and not
the term of a definition list, or a line that starts with a shell or Python prompt. When the
document's body text itself is fixed-pitch, the font says nothing and only prompts count.
The language is named only when the text shows it (a prompt, ``import``/``def``); else ``""``.

A block's text is the source's, not the typesetter's (`code_text`): TeX sets ``'`` and ``"`` in
typewriter fonts as curly quotes (texinfo's ``@example``: bash's ``local var=’func1 local’``),
which a shell or Python would reject, so they are mapped back to ASCII; and a LaTeX
``listings`` column of line numbers (every line starting with the next number) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.compiler.frontends.guide.classify import KNOWN_PROGRAMS
from skillc.compiler.frontends.pdf.layout import Line

_KNOWN = "|".join(sorted(re.escape(p) for p in KNOWN_PROGRAMS))
# In body text a prompt must show a well-known program ("$ pip install x"): the bash manual
# starts definitions with "$ (\$$) Expands to..." and "$ The last argument.".
_PROMPT = re.compile(rf"^\s*(?:>>> |[$#] (?:sudo )?(?:{_KNOWN})\b)")
# In a fixed-pitch line any "$ " or ">>> " is a prompt.
_MONO_PROMPT = re.compile(r"^\s*(?:\$ \S|>>> |# (?:sudo )?[a-z][\w.-]*(?: |$))")
_PYCON = re.compile(r"^\s*>>> ")
_SHELL = re.compile(r"^\s*[$#] \S")
_PYTHON = re.compile(r"^\s*(?:from [\w.]+ import |import [\w.]+\s*$|def \w+\(|class \w+[(:])")
# A listing's line number alone (an empty line) or a callout: "12", "②", "3 [3]", "(1)".
_MARK = re.compile(
    r"^\s*(?:\d{1,4}|[\u2460-\u2473\u2776-\u277f]|\(\d{1,2}\)|\d{1,2} \[\d{1,2}\])\s*$"
)
#: Curly quotes to the ASCII ones a typewriter font's source had.
STRAIGHT_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_NUMBERED = re.compile(r"^\s*(\d{1,4})(?=\s|$)")
_DISPLAY_INDENT = 0.9  # ems past the margin that set a single line off as a display


def prompt(line: Line) -> bool:
    """A command or interpreter prompt line: ``$ make``, ``>>> import x``, ``# apt-get ...``."""
    return bool((_MONO_PROMPT if line.mono else _PROMPT).match(line.text))


def code_line(line: Line, mono_is_code: bool) -> bool:
    return (mono_is_code and line.mono) or prompt(line)


def code_length(
    lines: Sequence[Line], start: int, margin: float, before: str, mono_is_code: bool
) -> int:
    """How many lines from ``lines[start]`` form a code block (0: that line is not code).

    ``margin`` is the left text margin of the line's page; ``before`` the text of the line
    before it (a colon there introduces a display).
    """
    end = start
    size = lines[start].size
    while end < len(lines) and code_line(lines[end], mono_is_code):
        if abs(lines[end].size - size) > 1.0:
            break  # a listing is set in one size: a bigger fixed-pitch line is something else
        end += 1
        resumes = _past_marks(lines, end)
        if resumes > end and code_line(lines[resumes], mono_is_code):
            end = resumes  # a listing's bare line numbers and callouts stay inside it
    if end - start != 1:
        return end - start
    line = lines[start]
    if prompt(line):
        return 1
    displayed = line.x >= margin + _DISPLAY_INDENT * line.size or before.rstrip().endswith(":")
    follower = lines[start + 1] if start + 1 < len(lines) else None
    term = follower is not None and follower.x > line.x + 0.5 * line.size
    return 1 if displayed and not term else 0


def _past_marks(lines: Sequence[Line], k: int) -> int:
    """The first line from ``k`` that is not a bare line number or callout mark."""
    while k < len(lines) and _MARK.match(lines[k].text) and not lines[k].mono:
        k += 1
    return k


def code_text(lines: Sequence[str]) -> list[str]:
    """A code block's lines as the source had them: curly quotes straight, and the line
    numbers of a numbered listing dropped (when every line, two or more, starts with the next
    number, and some line has code after it)."""
    straight = [line.translate(STRAIGHT_QUOTES) for line in lines]
    numbers = [_NUMBERED.match(line) for line in straight]
    if len(straight) < 2 or any(m is None for m in numbers):
        return straight
    values = [int(m.group(1)) for m in numbers if m is not None]
    if values != list(range(values[0], values[0] + len(values))):
        return straight
    rest = [line[m.end() :] for line, m in zip(straight, numbers, strict=True) if m is not None]
    return rest if any(line.strip() for line in rest) else straight


def language(lines: Sequence[str]) -> str:
    """The language a block shows: ``pycon``, ``console`` (prompts), ``python``, else ``""``."""
    if any(_PYCON.match(line) for line in lines):
        return "pycon"
    first = next((line for line in lines if line.strip()), "")
    if _SHELL.match(first) and _MONO_PROMPT.match(first):
        return "console"
    if any(_PYTHON.match(line) for line in lines):
        return "python"
    return ""
