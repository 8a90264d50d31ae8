"""Task runners: ``tox.ini`` environments and Makefile targets with their comments.

Why: these files are the project's own recipes ("how we test", "how we build the docs"),
stronger evidence than prose (`Evidence.TASK`). A Makefile target's documentation is its
``## comment`` (the ``make help`` convention) or the comment lines just above it; its recipe
lines are the commands. Make variables and functions are kept as written, never expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from skillc.compiler.frontends.repository.model import Evidence, Procedure, Step
from skillc.ir.span import Span

__all__ = ["read_makefile", "read_tox_ini"]

Spanner = Callable[[int], Span]

_TARGET = re.compile(
    r"^(?P<names>[A-Za-z0-9][\w./-]*(?:\s+[A-Za-z0-9][\w./-]*)*)\s*:(?![=:])(?P<rest>.*)$"
)
_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")


def read_makefile(text: str, span: Spanner) -> list[Procedure]:
    """One procedure per explicit target (special ``.TARGETS`` and pattern rules skipped)."""
    lines = text.split("\n")
    found: list[Procedure] = []
    comment: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if line.startswith("#"):
            comment.append(line.lstrip("#").strip())
            continue
        match = _TARGET.match(line)
        if match is None or "%" in line.split(":", 1)[0]:
            comment = []
            continue
        rest = match.group("rest")
        doc = rest.split("##", 1)[1].strip() if "##" in rest else " ".join(c for c in comment if c)
        comment = []
        target_line = number
        recipe, number = _recipe(lines, number)
        for name in match.group("names").split():
            steps = [
                Step(
                    command=f"make {name}",
                    span=span(target_line),
                    evidence=Evidence.TASK,
                    context=name,
                )
            ]
            for at, command in recipe:
                steps.append(
                    Step(
                        command=command,
                        span=span(at),
                        evidence=Evidence.TASK,
                        context=name,
                        note=f"run by `make {name}`",
                    )
                )
            found.append(Procedure(name=name, purpose=doc, steps=tuple(steps)))
    return found


def _recipe(lines: list[str], number: int) -> tuple[list[tuple[int, str]], int]:
    """The recipe lines after a target line (tab-indented, continuations joined), each with
    its line number, and the index of the first line after the recipe."""
    recipe: list[tuple[int, str]] = []
    while number < len(lines) and lines[number].startswith("\t"):
        start = number + 1
        command = lines[number].strip()
        while command.endswith("\\") and number + 1 < len(lines):
            number += 1
            command = command[:-1].rstrip() + " " + lines[number].strip()
        number += 1
        command = command.lstrip("@-+").strip()
        if command and not command.startswith("#"):
            recipe.append((start, command))
    return recipe, number


def read_tox_ini(text: str, span: Spanner) -> list[Procedure]:
    """One procedure per ``[testenv]``/``[testenv:NAME]`` section with ``commands``."""
    found: list[Procedure] = []
    sections = _sections(text)
    for name, start, values in sections:
        if name != "testenv" and not name.startswith("testenv:"):
            continue
        env = name.partition(":")[2] or "test"
        commands = values.get("commands")
        if commands is None:
            continue
        invocation = f"tox -e {env}" if env != "test" else "tox"
        steps = [Step(command=invocation, span=span(start), evidence=Evidence.TASK, context=env)]
        line, body = commands
        for offset, command in enumerate(body.split("\n")):
            command = command.strip()
            if command and not command.startswith("#"):
                step = Step(
                    command=command,
                    span=span(line + offset),
                    evidence=Evidence.TASK,
                    context=env,
                    note=f"run by `{invocation}`",
                )
                steps.append(step)
        description = values.get("description", (0, ""))[1].strip()
        found.append(Procedure(name=env, purpose=description, steps=tuple(steps)))
    return found


def _sections(text: str) -> list[tuple[str, int, dict[str, tuple[int, str]]]]:
    """INI sections with their header line and ``key -> (first line, value)``; indented
    lines continue a value (the first line of a multi-line value may be empty)."""
    found: list[tuple[str, int, dict[str, tuple[int, str]]]] = []
    key = ""
    for number, line in enumerate(text.split("\n"), 1):
        match = _SECTION.match(line)
        if match is not None:
            found.append((match.group("name").strip(), number, {}))
            key = ""
            continue
        if not found or not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        values = found[-1][2]
        if line[:1].isspace() and key:
            first, value = values[key]
            values[key] = (
                first if value else number,
                f"{value}\n{line.strip()}" if value else line.strip(),
            )
        elif "=" in line:
            key, _, value = line.partition("=")
            key = key.strip()
            values[key] = (number, value.strip())
    return found
