"""Read and check a project file: ``skillc.toml``, or ``[tool.skillc]`` in ``pyproject.toml``.

Why every key is checked here: a typo (``name_prefix`` for ``name-prefix``) or a wrong type
would otherwise silently build something else than what the file says. tomllib keeps no
positions, so the line of a key is found in the text (`skillc.compiler.project.lines`); every
error names the file and that line and is a usage error (SK104, exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from skillc.compiler.project.lines import line_of
from skillc.compiler.project.model import KINDS, Output, Project, SourceSpec
from skillc.diagnostics import SkillcError, input_error
from skillc.urls import is_web_url

CODE = "SK104"
#: Keys of ``[build]`` that are not output options.
PROJECT_KEYS = ("cache-dir", "fail-on", "report", "risk-report")
#: ``[build]`` keys that are numbers: the cache's size bound (`skillc.compiler.cache.prune`).
NUMBER_KEYS = ("cache-max-mb",)
#: Keys an ``[[output]]`` (or ``[build]``, as defaults) may set, and their types.
OPTION_KEYS: dict[str, type | tuple[type, ...]] = {
    "name-prefix": str,
    "base-url": str,
    "library-name": str,
    "pipeline": str,
    "disable": list,
    "index": str,
    "pages": str,
    "group": str,
    "listing-budget": int,
    "jobs": int,
    "archive": bool,
}
CHOICES = {
    "pipeline": ("O0", "O1", "Os"),
    "index": ("auto", "always", "never"),
    "pages": ("all", "tasks"),
    "group": ("auto", "page", "chapter", "manual"),
    "fail-on": ("malicious", "suspicious", "never"),
}
SOURCE_KEYS = ("path", "kind", "fields", "pages", "base-url", "name-prefix")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class _File:
    """The file being read: its path and text, for messages with lines."""

    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path, self.text, self.prefix = path, text, prefix

    def error(self, message: str, key: str, table: str = "", index: int = -1) -> SkillcError:
        header = f"{self.prefix}{table}" if table else self.prefix.rstrip(".")
        line = line_of(self.text, key, header, index)
        return input_error(str(self.path), message, code=CODE, line=line)


def find_project(start: Path) -> Path | None:
    """The project file at or above ``start``: ``skillc.toml``, else a ``pyproject.toml``
    with a ``[tool.skillc]`` table holding outputs; the walk stops at a repository's root."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "skillc.toml").is_file():
            return folder / "skillc.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(
            r"^\s*\[\[?\s*tool\.skillc\.output\s*\]\]?", _read(pyproject), re.MULTILINE
        ):
            return pyproject
        if (folder / ".git").exists():
            break
    return None


def load_project(path: Path) -> Project:
    """The project declared in ``path``; `SkillcError` (SK104, with the line) when invalid."""
    import tomllib

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        raise input_error(str(path), f"invalid TOML: {exc}", code=CODE, line=line) from exc
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("skillc", {})
        prefix = "tool.skillc."
    file = _File(path, text, prefix)
    return _project(file, data)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error(str(path), f"cannot read the project file: {exc}", code=CODE) from exc


def _project(file: _File, data: Mapping[str, Any]) -> Project:
    for key in data:
        if key not in ("build", "output", "lint"):
            known = "build, output, lint"
            raise file.error(f"unknown table or key {key!r} (known: {known})", key)
    build = _table(file, data.get("build", {}), "build", "build")
    for key in build:
        if key not in PROJECT_KEYS and key not in OPTION_KEYS and key not in NUMBER_KEYS:
            known = ", ".join((*PROJECT_KEYS, *NUMBER_KEYS, *OPTION_KEYS))
            raise file.error(f"unknown key {key!r} in [build] (known: {known})", key, "build")
    settings = {k: _string(file, build, k, "build") for k in PROJECT_KEYS if k in build}
    defaults = _options(file, build, "build", -1)
    outputs = data.get("output", [])
    if not isinstance(outputs, list):
        raise file.error("output must be an array of tables ([[output]])", "output")
    declared = tuple(_output(file, raw, i, defaults) for i, raw in enumerate(outputs))
    _unique(file, declared)
    return Project(
        path=file.path,
        root=file.path.parent,
        outputs=declared,
        cache_dir=settings.get("cache-dir", ".skillc-cache"),
        cache_max_mb=_megabytes(file, build, "cache-max-mb") if "cache-max-mb" in build else None,
        fail_on=settings.get("fail-on", "malicious"),
        report=settings.get("report", ""),
        risk_report=settings.get("risk-report", ""),
        lint="lint" in data,
    )


def _megabytes(file: _File, table: Mapping[str, Any], key: str) -> float:
    """A size in MB: a number, 0 or more (0 empties the cache after each build)."""
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        message = f"{key}: expected a number of megabytes (0 or more), not {value!r}"
        raise file.error(message, key, "build")
    return float(value)


def _table(file: _File, value: object, key: str, header: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise file.error(f"[{header}] must be a table, not {_kind(value)}", key)
    return value


def _string(file: _File, table: Mapping[str, Any], key: str, header: str, index: int = -1) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise file.error(f"{key}: expected a string, not {_kind(value)}", key, header, index)
    if key in CHOICES and value not in CHOICES[key]:
        expected = " | ".join(CHOICES[key])
        raise file.error(f"{key}: expected {expected}, got {value!r}", key, header, index)
    return value


def _options(file: _File, table: Mapping[str, Any], header: str, index: int) -> dict[str, Any]:
    """The output options set in ``table``, type-checked, by their model field names."""
    found: dict[str, Any] = {}
    for key, kind in OPTION_KEYS.items():
        if key not in table:
            continue
        value = table[key]
        wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong:
            message = f"{key}: expected {_kind_name(kind)}, not {_kind(value)}"
            raise file.error(message, key, header, index)
        if key == "disable":
            if not all(isinstance(v, str) for v in value):
                raise file.error("disable: expected a list of pass names", key, header, index)
            value = tuple(value)
        elif key == "jobs" and value < 0:
            raise file.error("jobs: expected 0 (one per CPU) or more", key, header, index)
        elif key == "listing-budget" and value < 1:
            raise file.error("listing-budget: expected tokens, 1 or more", key, header, index)
        elif kind is str:
            value = _string(file, table, key, header, index)
        found[key.replace("-", "_")] = value
    return found


def _output(file: _File, raw: object, index: int, defaults: Mapping[str, Any]) -> Output:
    table = _table(file, raw, "output", "output")
    for key in table:
        if key not in ("name", "out", "sources") and key not in OPTION_KEYS:
            known = ", ".join(("name", "out", "sources", *OPTION_KEYS))
            message = f"unknown key {key!r} in [[output]] (known: {known})"
            raise file.error(message, key, "output", index)
    for key in ("name", "out", "sources"):
        if key not in table:
            raise file.error(f"[[output]] number {index + 1} has no {key!r}", "", "output", index)
    name = _string(file, table, "name", "output", index)
    if not _NAME.fullmatch(name):
        message = f"name: {name!r} must be letters, digits, '.', '_' or '-'"
        raise file.error(message, "name", "output", index)
    out = _string(file, table, "out", "output", index)
    sources = table["sources"]
    if not isinstance(sources, list) or not sources:
        message = "sources: expected a non-empty list of paths or {path = ...} tables"
        raise file.error(message, "sources", "output", index)
    specs = tuple(_source(file, item, index) for item in sources)
    options = {**defaults, **_options(file, table, "output", index)}
    line = line_of(file.text, "name", f"{file.prefix}output", index)
    return Output(name=name, out=out, sources=specs, line=line, **options)


def _source(file: _File, item: object, index: int) -> SourceSpec:
    if isinstance(item, str):
        line = line_of(file.text, "sources", f"{file.prefix}output", index, value=item)
        return SourceSpec(path=item, line=line)
    if not isinstance(item, dict):
        message = f"sources: expected a path or a {{path = ...}} table, not {_kind(item)}"
        raise file.error(message, "sources", "output", index)
    for key in item:
        if key not in SOURCE_KEYS:
            message = f"unknown key {key!r} in a source (known: {', '.join(SOURCE_KEYS)})"
            raise file.error(message, key, "output", index)
    path = item.get("path")
    if not isinstance(path, str) or not path:
        raise file.error('a source table needs path = "..."', "sources", "output", index)
    line = line_of(file.text, "sources", f"{file.prefix}output", index, value=path)
    kind = item.get("kind", "")
    if kind and kind not in KINDS:
        expected = " | ".join(KINDS)
        raise input_error(
            str(file.path), f"kind: expected {expected}, got {kind!r}", code=CODE, line=line
        )
    fields = item.get("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        message = "fields: expected a table of ticket field = export field names"
        raise input_error(str(file.path), message, code=CODE, line=line)
    from skillc.compiler.frontends.tickets.fields import FIELD_NAMES  # only for ticket maps

    unknown = sorted(set(fields) - set(FIELD_NAMES))
    if unknown:
        message = f"fields: unknown ticket field {unknown[0]!r} (fields: {', '.join(FIELD_NAMES)})"
        raise input_error(str(file.path), message, code=CODE, line=line)
    own = _source_options(file, item, line)
    return SourceSpec(path=path, kind=kind, fields=tuple(sorted(fields.items())), line=line, **own)


def _source_options(file: _File, item: Mapping[str, Any], line: int) -> dict[str, Any]:
    """A source table's own options (`skillc.compiler.source_options`), checked."""
    from skillc.compiler.source_options import parse_ranges

    found: dict[str, Any] = {}
    for key in ("pages", "base-url", "name-prefix"):
        if key not in item:
            continue
        value = item[key]
        if not isinstance(value, str) or not value.strip():
            message = f"{key}: expected a non-empty string, not {_kind(value)}"
            raise input_error(str(file.path), message, code=CODE, line=line)
        if key == "pages":
            try:
                found["pages"] = parse_ranges(value)
            except ValueError as error:
                raise input_error(str(file.path), str(error), code=CODE, line=line) from None
        elif key == "base-url" and not is_web_url(value):
            message = f"base-url: expected an absolute http(s) URL, got {value!r}"
            raise input_error(str(file.path), message, code=CODE, line=line)
        else:
            found[key.replace("-", "_")] = value
    return found


def _unique(file: _File, outputs: tuple[Output, ...]) -> None:
    seen: dict[str, Output] = {}
    for output in outputs:
        for key, value in (("name", output.name), ("out", output.out)):
            other = f"{key}:{value}"
            if other in seen:
                message = f"two outputs have {key} {value!r}"
                raise input_error(str(file.path), message, code=CODE, line=output.line)
            seen[other] = output


def _kind(value: object) -> str:
    names = {str: "a string", list: "a list", bool: "a boolean", int: "a number", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return {str: "a string", list: "a list", bool: "true or false", int: "a number"}.get(
        kind if isinstance(kind, type) else str, "a value"
    )
