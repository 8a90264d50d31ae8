"""Suppression comments in Markdown, and the three rules that police them (SK101-SK103).

Skills are Markdown, so suppressions are HTML comments: invisible when rendered, kept by every
client. The forms follow ruff's ``ruff: ignore`` / ``disable`` / ``enable`` / ``file-ignore``:

- ``<!-- skillc: ignore[RK101] reason -->`` alone on a line covers the next block: the following
  lines up to the next blank line (blank lines right after the comment are skipped, and a block
  that opens a code fence runs to the closing fence). At the end of a line with other content it
  covers that line only.
- ``<!-- skillc: disable[RK101] -->`` ... ``<!-- skillc: enable[RK101] -->`` cover the lines
  between; a disable that is never enabled again runs to the end of the file.
- ``<!-- skillc: file-ignore[RK101] -->`` covers the whole file, and also findings about the
  file that have no line (``path`` only).

Codes are mandatory, as in mypy's ``type: ignore[code]``: a blanket suppression would hide
findings nobody has read, so it is reported (SK102) and suppresses nothing. Rule names work in
place of codes; an unknown one is reported (SK103). A suppression that suppressed nothing is
reported (SK101, ruff's RUF100) with a safe fix that removes it, so stale comments do not pile
up. Comments inside fenced code blocks or inline code are examples, not suppressions. A comment
must open and close on one line.

A finding is covered when its primary span lies in the file holding the comment (the span's
source is the file's display path) and the span's first line is covered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.ir.span import Span
from skillc.lint.codes import by_name_or_code, rule
from skillc.lint.intervals import SuppressionIndex
from skillc.lint.render import sort_key
from skillc.package.model import PackageFile, span_at

UNUSED = "SK101"
BLANKET = "SK102"
UNKNOWN = "SK103"

_COMMENT = re.compile(
    r"<!--\s*skillc:\s*(?P<kind>file-ignore|ignore|disable|enable)(?![\w-])"
    r"(?:\s*\[(?P<codes>[^\]\n]*)\])?(?P<reason>.*?)-->"
)
_CODE_ITEM = re.compile(r"[^,\s]+")
_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


class Suppression(NamedTuple):
    """One suppression comment.

    ``kind`` is ``ignore``, ``disable`` or ``file-ignore``. ``codes`` are the rule codes it names,
    resolved from codes or names, each with the inclusive line range it covers (a ``disable``'s
    codes may end at different ``enable`` comments). ``written`` pairs each resolved code with its
    spelling in the comment. ``removal`` is the character range a fix deletes to remove the
    comment; ``codes_range`` the range of the text between the brackets.
    """

    kind: str
    path: str
    span: Span
    codes: tuple[tuple[str, int, int], ...]
    written: tuple[tuple[str, str], ...] = ()
    removal: tuple[int, int] = (0, 0)
    codes_range: tuple[int, int] = (0, 0)

    def covers(self, code: str, line: int) -> bool:
        return any(c == code and first <= line <= last for c, first, last in self.codes)


class FileSuppressions(NamedTuple):
    """The suppressions of one file, and the problems with its suppression comments."""

    path: str
    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[Diagnostic, ...] = ()


@dataclass(slots=True)
class _Comment:
    """A suppression comment as found, before its codes are resolved."""

    kind: str
    line: int
    start: int
    end: int
    own_line: bool
    items: list[tuple[str, int]]  # (text, offset in the file)
    has_brackets: bool
    codes_range: tuple[int, int]
    removal: tuple[int, int]


@dataclass(slots=True)
class _Lines:
    """A text split on ``\\n`` (the only break `span_at` counts), with each line's offset."""

    text: str
    lines: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        offset = 0
        for line in self.text.split("\n"):
            self.offsets.append(offset)
            self.lines.append(line.rstrip("\r"))
            offset += len(line) + 1

    def __len__(self) -> int:
        return len(self.lines)

    def blank(self, index: int) -> bool:
        return not self.lines[index].strip()

    def run_end(self, index: int) -> int:
        """The last index of the run of non-blank lines from ``index`` on (computed once for
        all lines: walking each comment's block made stacked comments quadratic)."""
        if not self.ends:
            self.ends = list(range(len(self.lines)))
            for i in range(len(self.lines) - 2, -1, -1):
                if not self.blank(i + 1):
                    self.ends[i] = self.ends[i + 1]
        return self.ends[index]


# -- the rules (documentation only: the engine produces these findings) -------------------------


@rule(UNUSED, "unused-suppression", severity=Severity.WARNING, scope="engine", fix="safe")
def unused_suppression(_: object) -> Iterator[Diagnostic]:
    """A suppression comment that suppressed nothing.

    ## What it checks
    A `<!-- skillc: ignore[...] -->`, `disable[...]` or `file-ignore[...]` comment, or one of its
    codes, that covered no finding in this run, and an `enable[...]` that closes no `disable`.

    ## Why it matters
    A stale suppression hides the next real finding at that place, and tells readers a problem
    exists where none does. (ruff's RUF100 and mypy's `unused-ignore` exist for the same reason.)

    ## Example
    ```markdown
    <!-- skillc: ignore[RK101] reason: soft-deleted keys are kept for 90 days -->
    4. List the keys with `keys.list`.
    ```

    ## Fix
    Remove the comment, or the unused codes from it (`skillc lint --fix` does this safely).
    """
    return iter(())


@rule(BLANKET, "blanket-suppression", severity=Severity.WARNING, scope="engine")
def blanket_suppression(_: object) -> Iterator[Diagnostic]:
    """A suppression comment that names no codes.

    ## What it checks
    `<!-- skillc: ignore -->` or `ignore[]` (and the same for `disable`, `enable` and
    `file-ignore`): a suppression without the codes it is meant for. It suppresses nothing.

    ## Why it matters
    A blanket suppression hides every finding in its range, including ones nobody has read yet.

    ## Example
    ```markdown
    <!-- skillc: ignore -->
    4. Delete the old key with `keys.revoke`.
    ```

    ## Fix
    Name the codes or rule names to suppress: `<!-- skillc: ignore[RK101] reason -->`.
    """
    return iter(())


@rule(UNKNOWN, "unknown-suppression-code", severity=Severity.WARNING, scope="engine")
def unknown_suppression_code(_: object) -> Iterator[Diagnostic]:
    """A suppression comment names a code or rule name that no rule has.

    ## What it checks
    Each entry between the brackets of a suppression comment must be a rule code (`RK101`) or a
    rule name (`unconfirmed-destructive-effect`) from `skillc rules`.

    ## Why it matters
    A misspelt code suppresses nothing, so the finding it was meant for still shows, or the
    comment outlives a rule that was renamed.

    ## Example
    ```markdown
    <!-- skillc: ignore[RK1O1] -->
    ```

    ## Fix
    Correct the code (`skillc rules` lists them), or remove it.
    """
    return iter(())


# -- parsing ------------------------------------------------------------------------------------


def parse_suppressions(file: PackageFile) -> FileSuppressions:
    """The suppression comments of a Markdown ``file`` (none for other files or unread ones)."""
    if file.text is None or not file.is_markdown or "skillc:" not in file.text:
        return FileSuppressions(path=file.display)
    lines = _Lines(file.text)
    comments = list(_find_comments(lines))
    problems: list[Diagnostic] = []
    suppressions: list[Suppression] = []
    open_disables: list[tuple[_Comment, list[tuple[str, str]], dict[str, int]]] = []
    pending: dict[str, list[dict[str, int]]] = {}  # code -> ends of disables still open for it
    for comment in comments:
        span = span_at(file.display, file.text, comment.start, comment.end)
        written = _resolve(comment, file, problems)
        if not comment.has_brackets or not comment.items:
            problems.append(_blanket(comment, span))
            continue
        if not written:
            continue  # every code was unknown: SK103 says so, once per code
        if comment.kind == "enable":
            if not _close(pending, written, comment.line):
                problems.append(_stray_enable(comment, span, written))
            continue
        if comment.kind == "disable":
            open_disables.append((comment, written, {}))
            for _, code in written:
                pending.setdefault(code, []).append(open_disables[-1][2])
            continue
        first, last = _range(comment, lines)
        codes = tuple((code, first, last) for _, code in written)
        suppressions.append(_suppression(comment, file.display, span, codes, written))
    for comment, written, ends in open_disables:
        _finish_disable(comment, written, ends, len(lines), suppressions, file)
    suppressions.sort(key=lambda s: (s.span.start, s.kind))
    return FileSuppressions(
        path=file.display, suppressions=tuple(suppressions), problems=tuple(problems)
    )


def _find_comments(lines: _Lines) -> Iterator[_Comment]:
    """Suppression comments outside code fences and inline code, in order."""
    fence = ""
    for index, line in enumerate(lines.lines):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        opener = _fence(line)
        if opener:
            fence = opener
            continue
        if "skillc:" not in line:
            continue
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _COMMENT.finditer(masked):
            yield _comment(match, index, lines)


def _fence(line: str) -> str:
    """The marker (```` ``` ```` or ``~~~``...) when ``line`` opens a code fence, else ``""``.

    Fences indented by any amount count (a fence inside a list item is indented), and a backtick
    fence's info string may not hold a backtick (```` ```x``` ```` is inline code).
    """
    match = _FENCE_OPEN.match(line)
    if match is None:
        return ""
    marker = match.group(1)
    if marker[0] == "`" and "`" in line[match.end() :]:
        return ""
    return marker


def _comment(match: re.Match[str], index: int, lines: _Lines) -> _Comment:
    base = lines.offsets[index]
    line = lines.lines[index]
    own_line = not (line[: match.start()].strip() or line[match.end() :].strip())
    items: list[tuple[str, int]] = []
    codes_range = (0, 0)
    if match.group("codes") is not None:
        codes_start = base + match.start("codes")
        codes_range = (codes_start, base + match.end("codes"))
        items = [(m.group(0), codes_start + m.start()) for m in _CODE_ITEM.finditer(match["codes"])]
    if own_line:  # the whole line, with its line break
        after = lines.offsets[index + 1] if index + 1 < len(lines) else len(lines.text)
        removal = (base, after)
    elif line[: match.start()].strip():  # the comment and the blanks before it
        before = len(line[: match.start()].rstrip())
        removal = (base + before, base + match.end())
    else:  # a comment that starts the line: it and the blanks after it
        after = len(line) - len(line[match.end() :].lstrip())
        removal = (base + match.start(), base + after)
    return _Comment(
        kind=match.group("kind"),
        line=index + 1,
        start=base + match.start(),
        end=base + match.end(),
        own_line=own_line,
        items=items,
        has_brackets=match.group("codes") is not None,
        codes_range=codes_range,
        removal=removal,
    )


def _resolve(
    comment: _Comment, file: PackageFile, problems: list[Diagnostic]
) -> list[tuple[str, str]]:
    """(as written, code) for each known item, once per code; SK103 for each unknown item."""
    written: list[tuple[str, str]] = []
    assert file.text is not None
    for item, offset in comment.items:
        info = by_name_or_code(item)
        if info is None:
            span = span_at(file.display, file.text, offset, offset + len(item))
            message = f"unknown rule code or name `{item}` in suppression"
            problems.append(_warning(UNKNOWN, message, span))
        elif info.code not in (code for _, code in written):
            written.append((item, info.code))
    return written


def _range(comment: _Comment, lines: _Lines) -> tuple[int, int]:
    """The inclusive 1-based line range an ``ignore`` or ``file-ignore`` comment covers."""
    if comment.kind == "file-ignore":
        return 1, len(lines)
    if not comment.own_line:
        return comment.line, comment.line
    index = comment.line  # 0-based index of the line after the comment
    while index < len(lines) and lines.blank(index):
        index += 1
    if index >= len(lines):
        return comment.line, comment.line
    fence = _fence(lines.lines[index])
    if fence:
        return comment.line, _fence_end(lines, index, fence)
    return comment.line, lines.run_end(index) + 1


def _fence_end(lines: _Lines, opener: int, marker: str) -> int:
    """The 1-based line of the fence that closes the one opened at index ``opener``."""
    for index in range(opener + 1, len(lines)):
        stripped = lines.lines[index].strip()
        if stripped.startswith(marker) and not stripped.strip(marker[0]):
            return index + 1
    return len(lines)


def _close(
    pending: dict[str, list[dict[str, int]]], written: list[tuple[str, str]], line: int
) -> bool:
    """End the open disables of the codes ``written``; False when none was open.

    ``pending`` holds, per code, the ends of the disables not yet enabled again, so an enable
    looks only at those (not at every disable of the file so far).
    """
    closed = False
    for _, code in written:
        for ends in pending.pop(code, ()):
            ends[code] = line
            closed = True
    return closed


def _finish_disable(
    comment: _Comment,
    written: list[tuple[str, str]],
    ends: dict[str, int],
    last_line: int,
    suppressions: list[Suppression],
    file: PackageFile,
) -> None:
    assert file.text is not None
    span = span_at(file.display, file.text, comment.start, comment.end)
    codes = tuple((code, comment.line, ends.get(code, last_line)) for _, code in written)
    suppressions.append(_suppression(comment, file.display, span, codes, written))


def _suppression(
    comment: _Comment,
    path: str,
    span: Span,
    codes: tuple[tuple[str, int, int], ...],
    written: Sequence[tuple[str, str]],
) -> Suppression:
    return Suppression(
        kind=comment.kind,
        path=path,
        span=span,
        codes=codes,
        written=tuple(written),
        removal=comment.removal,
        codes_range=comment.codes_range,
    )


def _blanket(comment: _Comment, span: Span) -> Diagnostic:
    message = f"`skillc: {comment.kind}` names no codes, so it suppresses nothing"
    return _warning(BLANKET, message, span)


def _stray_enable(comment: _Comment, span: Span, written: list[tuple[str, str]]) -> Diagnostic:
    codes = ", ".join(code for _, code in written)
    fix = _removal_fix(span.source, comment.removal, "Remove the `enable` comment")
    message = f"`skillc: enable[{codes}]` closes no `disable`"
    return _warning(UNUSED, message, span, fix=fix)


def _warning(code: str, message: str, span: Span, fix: Fix | None = None) -> Diagnostic:
    return Diagnostic(
        code=code, message=message, severity=Severity.WARNING, span=span, path=span.source, fix=fix
    )


# -- applying -----------------------------------------------------------------------------------


def apply_suppressions(
    diagnostics: Sequence[Diagnostic],
    files: Sequence[PackageFile],
    *,
    enabled: Callable[[str, str], bool] | None = None,
) -> list[Diagnostic]:
    """The findings no suppression covers, plus SK101-SK103 for the suppressions themselves.

    ``enabled(code, path)`` is the configuration's verdict: a suppression of a code the
    configuration turned off (so the rule never ran) is not reported as unused. The result is
    sorted by path, line, column and code.
    """
    parsed = [parse_suppressions(f) for f in files]
    index = SuppressionIndex(parsed)
    candidates = [*diagnostics, *(d for p in parsed for d in p.problems)]
    kept = [d for d in candidates if not index.suppressed(d)]
    unused = list(_unused(parsed, index.used, enabled))
    kept.extend(d for d in unused if not index.suppressed(d))
    return sorted(kept, key=sort_key)


def _unused(
    parsed: Sequence[FileSuppressions],
    used: set[tuple[int, str]],
    enabled: Callable[[str, str], bool] | None,
) -> Iterator[Diagnostic]:
    """SK101 for each suppression with codes that covered nothing."""
    for file in parsed:
        for suppression in file.suppressions:
            idle = [
                (text, code)
                for text, code in suppression.written
                if (id(suppression), code) not in used
                and code != UNUSED  # ignore[SK101] only answers for SK101 findings
                and (enabled is None or enabled(code, file.path))
            ]
            if idle:
                yield _unused_diagnostic(suppression, idle)


def _unused_diagnostic(suppression: Suppression, idle: list[tuple[str, str]]) -> Diagnostic:
    names = ", ".join(code for _, code in idle)
    if len(idle) == len(suppression.written):
        message = f"unused suppression `{suppression.kind}[{names}]`"
        fix = _removal_fix(suppression.path, suppression.removal, "Remove the suppression")
    else:
        message = f"unused code {names} in suppression `{suppression.kind}`"
        keep = ", ".join(text for text, code in suppression.written if (text, code) not in idle)
        start, end = suppression.codes_range
        edit = Edit(path=suppression.path, start=start, end=end, replacement=keep)
        fix = Fix(message=f"Remove {names} from the suppression", edits=(edit,))
    return _warning(UNUSED, message, suppression.span, fix=fix)


def _removal_fix(path: str, removal: tuple[int, int], message: str) -> Fix:
    edit = Edit(path=path, start=removal[0], end=removal[1], replacement="")
    return Fix(message=message, applicability=Applicability.SAFE, edits=(edit,))
