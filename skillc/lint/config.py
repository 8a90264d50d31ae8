"""Lint configuration: which rules run, where, and which findings fail the run.

Read from ``[lint]`` in ``skillc.toml`` or ``[tool.skillc.lint]`` in ``pyproject.toml``, whichever
is found first walking up from the current folder (``skillc.toml`` wins in the same folder, as
``ruff.toml`` does over ``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.skillc]``
table is passed over). The walk stops at the folder holding ``.git``: a repository's lint
settings never leak in from a folder above it.

Keys:

- ``select``: code prefixes to run (default ``["PK", "SC", "RK", "SK"]``, every family);
- ``extend-select``: prefixes added to ``select`` (or to the default);
- ``ignore``: prefixes not to run;
- ``per-file-ignores``: ``{glob: [prefix, ...]}``, prefixes to drop in the files the glob
  matches (see `glob_match`);
- ``fail-on``: ``error``, ``warning`` or ``info``, the least severity that makes the exit code 1
  (default ``error``).

Between ``select`` and ``ignore`` the longest matching prefix wins, and ``ignore`` wins a tie
(flake8's ``DecisionEngine``): ``select = ["RK", "RK103"]`` with ``ignore = ["RK1"]`` runs RK103
and no other RK1xx rule. Command-line options are a second layer over the file, as in ruff:
``--select`` replaces the selection, ``--extend-select`` and ``--ignore`` amend it, and a code
that no CLI prefix matches keeps the file's verdict. Mistakes are usage errors (exit code 2)
that name the file and, when it can be found, the line: a typo in ``ignore`` must not silently
turn a rule back on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from skillc.diagnostics import Diagnostic, Severity, SkillcError, input_error

CONFIG_ERROR = "SK013"
DEFAULT_SELECT: tuple[str, ...] = ("PK", "SC", "RK", "SK")
KEYS: tuple[str, ...] = ("select", "extend-select", "ignore", "per-file-ignores", "fail-on")
FAIL_ON: dict[str, Severity] = {s.value: s for s in Severity}
_RANK: dict[Severity, int] = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_PREFIX = re.compile(r"[A-Z]{2}[0-9]{0,3}")


class Selection(NamedTuple):
    """One layer of rule selection: the configuration file's, or the command line's.

    ``select`` None means the layer does not reset the selection, it only amends it.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def decide(self, code: str, current: bool) -> bool:
        """Whether ``code`` runs after this layer, given the verdict of the layers below."""
        chosen = (*(self.select or ()), *self.extend_select)
        selected, ignored = _longest(chosen, code), _longest(self.ignore, code)
        if selected < 0 and ignored < 0:
            return current if self.select is None else False
        return selected > ignored  # a tie goes to ignore


def _longest(prefixes: Iterable[str], code: str) -> int:
    """The length of the longest of ``prefixes`` that ``code`` starts with; -1 when none does."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    """The effective lint settings. ``source`` is the configuration file read, or ``""``.

    ``root`` is the folder per-file-ignores globs are relative to (the configuration file's);
    ``cwd`` the folder display paths are relative to (the current folder when loaded).
    """

    layers: tuple[Selection, ...] = (Selection(select=DEFAULT_SELECT),)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.ERROR
    source: str = ""
    root: Path | None = None
    cwd: Path | None = None

    def enabled(self, code: str, path: str = "") -> bool:
        """Whether rule ``code`` runs; with ``path`` (a display path), also per-file-ignores."""
        on = False
        for layer in self.layers:
            on = layer.decide(code, on)
        if on and path and self.per_file_ignores:
            relative = self.relative(path)
            on = not any(
                glob_match(glob, relative) and _longest(prefixes, code) >= 0
                for glob, prefixes in self.per_file_ignores
            )
        return on

    def relative(self, path: str) -> str:
        """Display ``path`` relative to `root` (POSIX), or as given when outside it."""
        if self.root is None:
            return path.replace(os.sep, "/")
        absolute = os.path.normpath(os.path.join(self.cwd or os.getcwd(), path))
        relative = os.path.relpath(absolute, self.root)
        if relative == ".." or relative.startswith(".." + os.sep):
            return path.replace(os.sep, "/")
        return relative.replace(os.sep, "/")

    def fails(self, diagnostics: Iterable[Diagnostic]) -> bool:
        """Whether any finding is at least as severe as `fail_on` (exit code 1)."""
        threshold = _RANK[self.fail_on]
        return any(_RANK[d.severity] >= threshold for d in diagnostics)


# -- globs --------------------------------------------------------------------------------------


def glob_match(pattern: str, path: str) -> bool:
    """Whether per-file-ignores glob ``pattern`` matches the POSIX ``path``.

    fnmatch semantics (``*`` and ``?`` also match ``/``; ``[abc]``, ``[!abc]``), case-sensitive,
    plus: ``**/`` also matches no folder at all (``**/SKILL.md`` matches a top-level
    ``SKILL.md``); a pattern without ``/`` also matches the file name alone (``*.md``,
    ``SKILL.md``); a pattern ending in ``/`` matches everything below that folder.
    """
    if _compile(pattern).fullmatch(path):
        return True
    return "/" not in pattern and _compile(pattern).fullmatch(path.rsplit("/", 1)[-1]) is not None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("/"):
        pattern += "**"
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern[i] == "*":
            out.append(".*")
            i += 2 if pattern.startswith("**", i) else 1
        elif pattern[i] == "?":
            out.append(".")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out), re.DOTALL)


# -- loading ------------------------------------------------------------------------------------


class _Found(NamedTuple):
    """A configuration file and its lint table (``header`` names the table, for line lookup)."""

    path: Path
    text: str
    table: Mapping[str, Any]
    header: str


def load_config(
    start: Path | None = None,
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
) -> LintConfig:
    """The configuration found from ``start`` (default: the current folder), with CLI overrides.

    Raises `SkillcError` (exit code 2) for unreadable or invalid configuration or options.
    """
    cwd = Path.cwd()
    found = find_config(start if start is not None else cwd)
    base = Selection(select=DEFAULT_SELECT)
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity = Severity.ERROR
    if found is not None:
        base, per_file, severity = _settings(found)
    layers = [base]
    if select is not None or extend_select or ignore:
        layers.append(
            Selection(
                select=None if select is None else _cli_prefixes("--select", select),
                extend_select=_cli_prefixes("--extend-select", extend_select or ()),
                ignore=_cli_prefixes("--ignore", ignore or ()),
            )
        )
    if fail_on is not None:
        if fail_on not in FAIL_ON:
            raise _usage(f"--fail-on: expected one of {', '.join(FAIL_ON)}, got {fail_on!r}")
        severity = FAIL_ON[fail_on]
    return LintConfig(
        layers=tuple(layers),
        per_file_ignores=per_file,
        fail_on=severity,
        source=str(found.path) if found is not None else "",
        root=found.path.parent if found is not None else None,
        cwd=cwd,
    )


def find_config(start: Path) -> _Found | None:
    """The first configuration file at or above ``start``, up to the repository's root."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "skillc.toml"
        if own.is_file():
            text, data = _read_toml(own)
            table = _table(data.get("lint", {}), own, text, "lint", "lint")
            return _Found(own, text, table, "lint")
        project = folder / "pyproject.toml"
        if project.is_file():
            found = _from_pyproject(project)
            if found is not None:
                return found
        if (folder / ".git").exists():
            break
    return None


def _from_pyproject(path: Path) -> _Found | None:
    text, data = _read_toml(path)
    tool = data.get("tool", {})
    skillc = tool.get("skillc") if isinstance(tool, dict) else None
    if skillc is None:
        return None
    header = "tool.skillc.lint"
    skillc = _table(skillc, path, text, "tool.skillc", "skillc")
    table = _table(skillc.get("lint", {}), path, text, header, "lint")
    return _Found(path, text, table, header)


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    import tomllib  # only when a configuration file exists: the lint path starts fast

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error(
            str(path), f"cannot read configuration: {exc}", code=CONFIG_ERROR
        ) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 0
        if not match and "end of document" in str(exc):
            line = text.count("\n") + 1
        message = f"invalid TOML: {exc}"
        raise input_error(str(path), message, code=CONFIG_ERROR, line=line) from exc


def _table(value: object, path: Path, text: str, header: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        line = _line_of(text, key, header)
        message = f"[{header}] must be a table, not {_kind(value)}"
        raise input_error(str(path), message, code=CONFIG_ERROR, line=line)
    return value


def _settings(
    found: _Found,
) -> tuple[Selection, tuple[tuple[str, tuple[str, ...]], ...], Severity]:
    """The file's selection layer, per-file-ignores and fail-on, checked key by key."""
    table = found.table
    for key in table:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise _error(found, key, f"unknown key {key!r} in [{found.header}] (known: {known})")
    select = _prefixes(found, "select", table.get("select", list(DEFAULT_SELECT)))
    extend = _prefixes(found, "extend-select", table.get("extend-select", []))
    ignore = _prefixes(found, "ignore", table.get("ignore", []))
    per_file = _per_file(found, table.get("per-file-ignores", {}))
    fail_on = table.get("fail-on", "error")
    if not isinstance(fail_on, str) or fail_on not in FAIL_ON:
        expected = " | ".join(FAIL_ON)
        raise _error(found, "fail-on", f"fail-on: expected {expected}, got {fail_on!r}")
    selection = Selection(select=select, extend_select=extend, ignore=ignore)
    return selection, per_file, FAIL_ON[fail_on]


def _prefixes(found: _Found, key: str, value: object, line_key: str = "") -> tuple[str, ...]:
    """``value`` as a tuple of code prefixes, or an error naming ``key``."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        message = f'{key}: expected a list of code prefixes like ["RK", "PK101"], not {value!r}'
        raise _error(found, line_key or key, message)
    for item in value:
        if not _PREFIX.fullmatch(item.upper()):
            message = f"{key}: {item!r} is not a code prefix (two letters, up to three digits)"
            raise _error(found, line_key or key, message)
    return tuple(v.upper() for v in value)


def _per_file(found: _Found, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        message = f"per-file-ignores: expected a table of glob = [prefixes], not {value!r}"
        raise _error(found, "per-file-ignores", message)
    return tuple(
        (glob, _prefixes(found, f"per-file-ignores {glob!r}", prefixes, line_key=glob))
        for glob, prefixes in value.items()
    )


def _cli_prefixes(option: str, values: Sequence[str]) -> tuple[str, ...]:
    for item in values:
        if not _PREFIX.fullmatch(item.upper()):
            raise _usage(
                f"{option}: {item!r} is not a code prefix (two letters, up to three digits)"
            )
    return tuple(v.upper() for v in values)


def _error(found: _Found, key: str, message: str) -> SkillcError:
    line = _line_of(found.text, key, found.header)
    return input_error(str(found.path), message, code=CONFIG_ERROR, line=line)


def _usage(message: str) -> SkillcError:
    return SkillcError(Diagnostic(code=CONFIG_ERROR, message=message, path="<args>"))


def _line_of(text: str, key: str, header: str) -> int:
    """The 1-based line where ``key`` is set in table ``header`` (tomllib keeps no positions).

    Looks for ``key =`` (bare or quoted) after the ``[header]`` line, else anywhere (dotted keys,
    inline tables); 0 when not found.
    """
    lines = text.splitlines()
    parts = r"\s*\.\s*".join(rf"[\"']?{re.escape(p)}[\"']?" for p in header.split("."))
    opener = re.compile(rf"^\s*\[\s*{parts}\s*\]")
    setting = re.compile(rf"""(?:^|[\s.{{,])[\"']?{re.escape(key)}[\"']?\s*=""")
    start = next((i for i, ln in enumerate(lines) if opener.match(ln)), None)
    if start is not None:
        for index in range(start + 1, len(lines)):
            if lines[index].lstrip().startswith("["):
                break
            if setting.search(lines[index]):
                return index + 1
    return next((i + 1 for i, ln in enumerate(lines) if setting.search(ln)), 0)


def _kind(value: object) -> str:
    return {str: "a string", list: "a list", bool: "a boolean", int: "a number"}.get(
        type(value), type(value).__name__
    )
