"""What one skill leaves for others: the paths it writes, the paths it runs, encoded fragments.

Cross-skill composition (RK216, RK217) cannot be seen in one package: a skill that writes
``~/.cache/helper.sh`` is harmless alone, and so is one that runs it; a base64 piece decodes to
nothing by itself. So while each package is scanned, `traces` records these facts (with their
places in the files), and the composition rules (`skillc.scan.rules.composition`) compare
them across every skill of the scan. Only absolute and home paths are kept: a relative path
means a different file in each skill's folder.

Each pattern is one regex pass over the raw code and prose views (prefiltered by keyword
windows, like the rules): linear in the skill's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from skillc.diagnostics.span import Span
from skillc.scan.context import ScanContext, closes_placeholder, excerpt, surrounding
from skillc.scan.normalize import View

# Whitespace is spaces and tabs only: a pattern never runs across lines, so no match can start
# at each of many blank lines and scan all of them (what made 100,000 newlines quadratic).

#: A path another skill could find: under the home folder or absolute.
_PATH = r"""["']?((?:~|\$HOME|\$\{HOME\}|/)[^\s"'`;|&<>()]{1,300})["']?"""

#: A shell redirection (not ``2>``, ``&>``, ``=>``, ``->`` nor ``<>``).
_REDIRECT = re.compile(r"(?<![<>&0-9=-])>>?[ \t]*" + _PATH)
_WRITES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_REDIRECT, (">",)),
    (re.compile(r"\btee[ \t]+(?:-a[ \t]+)?" + _PATH), ("tee",)),
    (
        re.compile(r"\b(?:cp|mv|install|ln[ \t]+-s\w*)[ \t]+(?:-\w+[ \t]+)*\S+[ \t]+" + _PATH),
        ("cp", "mv", "install", "ln"),
    ),
    (
        re.compile(r"\b(?:curl\b[^\n]{0,300}?[ \t]-o|wget\b[^\n]{0,300}?[ \t]-O)[ \t]*" + _PATH),
        ("curl", "wget"),
    ),
    (re.compile(r"\bopen\([ \t]*" + _PATH + r"[ \t]*,[ \t]*['\"][wa]"), ("open(",)),
    (re.compile(r"\bPath\([ \t]*" + _PATH + r"[ \t]*\)\.write_(?:text|bytes)\("), ("write_",)),
    (
        re.compile(r"\b(?:writeFile|appendFile)(?:Sync)?\([ \t]*" + _PATH),
        ("writefile", "appendfile"),
    ),
)
#: A path run as a command: at a line's start, after a separator, or after a backtick (the
#: shell's command substitution).
_BARE_RUN = r"(?:^|[;&|][ \t]*|`)[ \t]*(?:sudo[ \t]+)?"
_RUNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(
            r"(?:^|[;&|(`]|\$\(|\bthen|\bdo|\bexec)[ \t]*(?:sudo[ \t]+)?"
            r"(?:(?:ba|z|k|da)?sh|source|\.|python[0-9.]*|node|perl|ruby|exec)[ \t]+(?:-\w+[ \t]+)*"
            + _PATH,
            re.MULTILINE,
        ),
        ("sh", "source", ". ", "python", "node", "perl", "ruby", "exec"),
    ),
    (re.compile(_BARE_RUN + _PATH + r"(?=[ \t]|$|`)", re.MULTILINE), ("/",)),
    (re.compile(r"\b(?:runpy\.run_path|exec\([ \t]*open)\([ \t]*" + _PATH), ("runpy", "exec(")),
    (re.compile(r"\brequire\([ \t]*" + _PATH), ("require(",)),
)
#: The runs read in prose: those that name what runs the file (``sh``, ``source``,
#: ``python``, ``require(``), not a bare path after a separator or a backtick. In Markdown a
#: backtick opens a code span, which mentions a path ("Files in `/tmp`", "routes under
#: `/api`", "picks up skills from `~/.claude/skills/`"), and ``||`` is JavaScript's
#: ("`process.env.TMPDIR || '/tmp'`"). Read as runs, those mentions paired with any other
#: skill's write of ``/tmp`` and made 61 of the 1,154 skills of npm's claude-code-skills
#: "malicious".
_PROSE_RUNS = (_RUNS[0], *_RUNS[2:])
#: A quoted string or assigned word of base64 characters: a candidate payload piece.
_FRAGMENT = re.compile(
    r"""(?:["']([A-Za-z0-9+/]{4,4000}={0,2})["']"""
    r"""|^[ \t]*(?:export[ \t]+)?\w{1,40}=([A-Za-z0-9+/]{8,4000}={0,2})[ \t]*$)""",
    re.MULTILINE,
)
_NOT_SHARED = re.compile(r"^/(?:dev|proc)/|^/$|^~/?$")
#: What every `_PATH` match starts with one of (``~``, ``$HOME``, ``${HOME}``, ``/``): a line
#: holding none of these characters holds no write or run (`View.find`'s ``needs``).
_PATH_CHARS = "~$/"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a trace is, as the reports show evidence."""

    span: Span
    excerpt: str
    context: tuple[str, str, str]
    line: str
    #: The path was written as a folder (``/tmp/``): a folder is not run.
    folder: bool = False


@dataclass(slots=True)
class Traces:
    """One skill's writes and runs (by normalised path) and payload fragments, in file order."""

    writes: list[tuple[str, Place]] = field(default_factory=list)
    runs: list[tuple[str, Place]] = field(default_factory=list)
    fragments: list[tuple[str, Place]] = field(default_factory=list)


def traces(ctx: ScanContext) -> Traces:
    """The traces of the package ``ctx`` scans."""
    found = Traces()
    for view in ctx.select("code", "prose", decoded=False):
        if view.how != "raw":
            continue
        found.writes.extend(_paths(ctx, view, _WRITES))
        runs = _RUNS if view.kind == "code" else _PROSE_RUNS
        found.runs.extend(path for path in _paths(ctx, view, runs) if not path[1].folder)
        if view.kind == "code":
            found.fragments.extend(_fragments(ctx, view))
    return found


def shared_path(raw: str) -> str:
    """``raw`` with the home folder spelled one way, quotes and trailing slashes dropped."""
    path = raw.strip("\"'")
    for home in ("${HOME}", "$HOME"):
        if path.startswith(home):
            path = "~" + path[len(home) :]
    return path.rstrip("/")


def _paths(
    ctx: ScanContext, view: View, patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
) -> Iterator[tuple[str, Place]]:
    for pattern, words in patterns:
        for match in view.find(pattern, words, _PATH_CHARS):
            path = shared_path(match.group(1))
            if _NOT_SHARED.search(path) or "$" in path or "*" in path:
                continue
            if pattern is _REDIRECT and closes_placeholder(view.text, match.start()):
                continue  # https://<base_url>/api: the > closes a placeholder
            place = _place(ctx, view, match.start(1), match.end(1))
            yield path, replace(place, folder=match.group(1).rstrip("\"'").endswith("/"))


def _fragments(ctx: ScanContext, view: View) -> Iterator[tuple[str, Place]]:
    for match in _FRAGMENT.finditer(view.text):
        group = 1 if match.group(1) is not None else 2
        text = match.group(group)
        if _looks_encoded(text):
            yield text, _place(ctx, view, match.start(group), match.end(group))


def _looks_encoded(text: str) -> bool:
    """Mixed case or digits and a digit or base64 sign: what base64 pieces look like, and
    what words and CamelCase names do not."""
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
        )
    )
    return len(text) >= 8 and kinds >= 2 and any(c.isdigit() or c in "+/=" for c in text)


def _place(ctx: ScanContext, view: View, start: int, end: int) -> Place:
    span = ctx.span(view, start, end)
    text = view.unit.file.text or ""
    left = view.text.rfind("\n", 0, start) + 1
    right = view.text.find("\n", end)
    return Place(
        span=span,
        excerpt=excerpt(text, span.start),
        context=surrounding(text, span.start, span.end),
        line=view.text[left : len(view.text) if right < 0 else right],
    )
