"""The text formats: one line per finding, or (``full``) with the source line and carets.

The concise line is ``path:line:col: CODE message`` (``path: CODE message`` without a span),
the form editors and terminals turn into links. ``[*]`` after the code marks a safe fix that
``skillc lint --fix`` applies, as in ruff. ``full`` adds ruff's snippet layout::

    skills/pdf/SKILL.md:2:7: PK107 [*] invalid skill name `PDF_Forms`
      |
    2 | name: PDF_Forms
      |       ^^^^^^^^^
      |
      = help: Rename the skill to `pdf-forms`

Snippets are shown as a terminal would show them, so carets line up: tabs become four spaces,
wide (East Asian) characters take two cells, combining marks none, and control and format
characters (bidi overrides, zero-width spaces, escape sequences) are written as ``<U+202E>``:
a hidden-Unicode finding must show what is hidden, and a source line must not be able to send
escape sequences to the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from skillc.diagnostics import Applicability, Diagnostic, Severity
from skillc.ir.span import Span
from skillc.lint.render import sort_key

TAB = "    "


def render(
    diagnostics: Sequence[Diagnostic],
    *,
    full: bool = False,
    sources: Mapping[str, str] | None = None,
) -> str:
    """One line per finding; with ``full``, a snippet of the source under each, blank-separated.

    ``sources`` maps display paths to file texts; files not in it are read from disk. Findings
    are sorted by path, line, column and code (the engine's order already).
    """
    ordered = sorted(diagnostics, key=sort_key)
    if not full:
        return "".join(line(d) + "\n" for d in ordered)
    reader = _Sources(sources or {})
    return "\n".join(_block(d, reader) for d in ordered)


def line(d: Diagnostic) -> str:
    """``path:line:col: CODE [*] message``."""
    marker = " [*]" if _fixable(d) else ""
    return f"{d.location()}: {d.code}{marker} {d.message}"


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``Found 3 problems (1 error, 2 warnings).`` or ``All checks passed.``.

    A second line counts the fixes ``--fix`` would apply, when there are any.
    """
    if not diagnostics:
        return "All checks passed."
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    parts = [_count(counts[Severity.ERROR], "error"), _count(counts[Severity.WARNING], "warning")]
    if counts[Severity.INFO]:
        parts.append(_count(counts[Severity.INFO], "info", "infos"))
    found = f"Found {_count(len(diagnostics), 'problem')} ({', '.join(parts)})."
    fixable = sum(1 for d in diagnostics if _fixable(d))
    unsafe = sum(1 for d in diagnostics if d.fix and d.fix.applicability is Applicability.UNSAFE)
    if not fixable and not unsafe:
        return found
    hint = f"[*] {fixable} fixable with `skillc lint --fix`"
    if unsafe:
        hint += f" ({unsafe} more with `--fix --unsafe-fixes`)"
    return f"{found}\n{hint}."


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _fixable(d: Diagnostic) -> bool:
    return d.fix is not None and d.fix.applicability is Applicability.SAFE


def _block(d: Diagnostic, reader: _Sources) -> str:
    out = [line(d)]
    snippet = _snippet(d.span, reader) if d.span is not None else []
    out.extend(snippet)
    if d.fix is not None:
        out.append(f"  = help: {d.fix.message}")
    out.extend(f"  = note: {span.label()}: {message}" for span, message in d.related)
    return "\n".join(out) + "\n"


def _snippet(span: Span, reader: _Sources) -> list[str]:
    """The gutter, the span's first line and a caret line under the span (ruff's layout)."""
    source = reader.line(span.source, span.line)
    if source is None:
        return []
    end_col = span.end_col if span.end_line == span.line else len(source) + 1
    shown, offset, width = _display(source, span.col - 1, max(end_col, span.col + 1) - 1)
    number = str(span.line)
    gutter = " " * len(number)
    return [
        f"{gutter} |",
        f"{number} | {shown}".rstrip(),
        f"{gutter} | {' ' * offset}{'^' * max(width, 1)}",
        f"{gutter} |",
    ]


def _display(source: str, start: int, end: int) -> tuple[str, int, int]:
    """``source`` as a terminal shows it, with the cell offset and width of ``source[start:end]``.

    ``start`` and ``end`` are character indexes; an end past the line is clamped to it.
    """
    pieces: list[str] = []
    offset = width = 0
    for index, char in enumerate(source):
        piece, cells = _cell(char)
        pieces.append(piece)
        if index < start:
            offset += cells
        elif index < end:
            width += cells
    return "".join(pieces), offset, width


def _cell(char: str) -> tuple[str, int]:
    """How ``char`` is written in a snippet, and how many terminal cells it takes."""
    if char == "\t":
        return TAB, len(TAB)
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        escaped = f"<U+{ord(char):04X}>"
        return escaped, len(escaped)
    if category in ("Mn", "Me"):
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _Sources:
    """Lines of the files findings point into: from the engine's texts, else from disk."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._lines: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of ``path`` without its line break; None when unknown."""
        if path not in self._lines:
            self._lines[path] = self._load(path)
        lines = self._lines[path]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1].rstrip("\r")

    def _load(self, path: str) -> list[str] | None:
        text = self._texts.get(path)
        if text is None:
            try:
                text = Path(path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            text = text.removeprefix("\ufeff")  # spans count from after the BOM, as the reader
        return text.split("\n")  # the only line break spans count
