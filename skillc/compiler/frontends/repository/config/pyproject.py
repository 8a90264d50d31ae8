"""``pyproject.toml``, ``setup.cfg`` and ``setup.py``: the project's name, its console
scripts (``[project.scripts]``, ``[tool.poetry.scripts]``, ``console_scripts``) and the tox
environments declared natively (``[tool.tox]``, tox 4).

Why: ``[project.scripts]`` is the authoritative list of the commands a Python project installs
(the names users type), and tox environments are the project's own recipes for testing,
type checking and building docs. Values come from `tomllib`; the lines they are on are found
in the text (`locate`), for provenance.
"""

from __future__ import annotations

import ast
import configparser
import tomllib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from skillc.compiler.frontends.repository.config.lines import Lines, command_text
from skillc.compiler.frontends.repository.model import Evidence, Procedure, Step
from skillc.compiler.frontends.repository.python.syntax import call_of, parse_python, string_value
from skillc.ir.span import Span

__all__ = ["Metadata", "read_pyproject", "read_setup_cfg"]

Spanner = Callable[[int], Span]


class Metadata:
    """What packaging metadata says: ``name``, ``description``, ``scripts`` (name, target,
    line) and tox ``procedures``; ``problem`` when the file does not parse."""

    def __init__(self) -> None:
        self.name = ""
        self.description = ""
        self.scripts: list[tuple[str, str, int]] = []
        self.procedures: list[Procedure] = []
        self.problem = ""
        #: The file the scripts were read from.
        self.scripts_file = "pyproject.toml"


def read_pyproject(text: str, span: Spanner) -> Metadata:
    """The metadata of a ``pyproject.toml``; ``span(line)`` makes the span of a line."""
    found = Metadata()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found.problem = f"not valid TOML ({exc})"
        return found
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        found.problem = "not valid TOML (nested too deep)"
        return found
    lines = Lines(text)
    project = _table(data, "project")
    found.name = _str(project.get("name"))
    found.description = _str(project.get("description"))
    poetry = _table(_table(data, "tool"), "poetry")
    found.name = found.name or _str(poetry.get("name"))
    found.description = found.description or _str(poetry.get("description"))
    for table, scripts in (
        ("project.scripts", project.get("scripts")),
        ("tool.poetry.scripts", poetry.get("scripts")),
    ):
        if not isinstance(scripts, dict):
            continue
        header = lines.header(table)
        for name, target in scripts.items():
            if isinstance(target, str):
                found.scripts.append((name, target, lines.key(name, header)))
    tox = _table(_table(data, "tool"), "tox")
    if tox:
        found.procedures = _tox(tox, lines, span)
    return found


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The table ``key`` of ``data``, ``{}`` when it is missing or not a table."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _tox(tox: dict[str, Any], lines: Lines, span: Spanner) -> list[Procedure]:
    """One procedure per tox environment that declares commands (the base environment's
    commands are those of the ``py*`` environments, listed as ``test``)."""
    base = _table(tox, "env_run_base")
    envs = _table(tox, "env")
    found: list[Procedure] = []
    listed = [e for e in tox.get("env_list", ()) if isinstance(e, str)]
    runs_base = [e for e in listed if e not in envs]
    if base.get("commands") and runs_base:
        line = lines.header("tool.tox.env_run_base")
        procedure = _procedure("test", base, f"tox run -e {runs_base[0]}", lines, line, span)
        if len(runs_base) > 1:  # every listed environment without a table of its own runs it
            others = ", ".join(runs_base[1:])
            purpose = f"{procedure.purpose}; also as {others}".lstrip("; ")
            procedure = replace(procedure, purpose=purpose)
        found.append(procedure)
    for name, env in envs.items():
        if not isinstance(env, dict) or not env.get("commands"):
            continue
        line = lines.header(f"tool.tox.env.{name}")
        found.append(_procedure(name, env, f"tox run -e {name}", lines, line, span))
    return found


def _procedure(
    name: str, env: dict[str, Any], invocation: str, lines: Lines, line: int, span: Spanner
) -> Procedure:
    at = lines.key("commands", line) or line
    commands = env.get("commands", [])
    if commands and all(isinstance(c, str | dict) for c in commands):
        commands = [commands]  # a single command written as one list
    steps = [Step(command=invocation, span=span(line), evidence=Evidence.TASK, context=name)]
    for command in commands:
        if isinstance(command, list):
            text = command_text(command)
            if text:
                step = Step(
                    command=text,
                    span=span(at),
                    evidence=Evidence.TASK,
                    context=name,
                    note=f"run by `{invocation}`",
                )
                steps.append(step)
    purpose = _str(env.get("description"))
    return Procedure(name=name, purpose=purpose, steps=tuple(steps))


def read_setup_cfg(text: str) -> Metadata:
    """Name, description and console scripts of a ``setup.cfg``."""
    found = Metadata()
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        found.problem = f"not a valid setup.cfg ({type(exc).__name__})"
        return found
    found.name = parser.get("metadata", "name", fallback="")
    found.description = parser.get("metadata", "description", fallback="")
    scripts = parser.get("options.entry_points", "console_scripts", fallback="")
    lines = Lines(text)
    header = lines.header("options.entry_points")
    for entry in scripts.splitlines():
        name, _, target = entry.partition("=")
        if name.strip() and target.strip():
            found.scripts.append((name.strip(), target.strip(), lines.key(name.strip(), header)))
    return found


def read_setup_py(text: str) -> Metadata:
    """Name, description and ``console_scripts`` of a ``setup.py``'s ``setup(...)`` call,
    read with tree-sitter (literal arguments only; the file is never run)."""
    found = Metadata()
    file = parse_python("setup.py", "setup.py", text)
    stack = [file.root]
    while stack:
        node = stack.pop()
        call = call_of(node)
        if call is not None and call.func in ("setup", "setuptools.setup"):
            found.name = string_value(call.kwargs.get("name")) or ""
            found.description = string_value(call.kwargs.get("description")) or ""
            entry = call.kwargs.get("entry_points")
            scripts = _dict_literal(file.text(entry)).get("console_scripts") if entry else None
            for item in scripts if isinstance(scripts, list | tuple) else ():
                name, _, target = str(item).partition("=")
                if name.strip() and target.strip():
                    lines = enumerate(text.split("\n"), 1)
                    line = next((n for n, words in lines if str(item) in words), 1)
                    found.scripts.append((name.strip(), target.strip(), line))
            return found
        stack.extend(reversed(node.named_children))
    return found


def _dict_literal(text: str) -> dict[str, Any]:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}
