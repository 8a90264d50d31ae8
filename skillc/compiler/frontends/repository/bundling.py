"""The repository's scripts that procedures run, and their bundling into the skills that run them.

Issue 12: "bundle a script into scripts/ only when it is self-contained, and say so in
SKILL.md". A step's command that runs a file of the repository (``scripts/install``,
``./tools/release.sh``, ``python tools/check.py``) names a script; `run_scripts` finds each
once, in the order the procedures list them, and judges it (`self_contained.judge`). A skill
whose steps run a self-contained script carries a verbatim copy in its ``scripts/`` (a code
block placed ``bundled``: written as its own file, executable when it names its interpreter),
and the body says so right after the steps, with the basis ("standard library only"). A
script that is not self-contained stays a command with its provenance, and the body says why
it is not bundled, citing the line that shows it: nothing is left out silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from skillc.compiler.frontends.repository.builder import Builder
from skillc.compiler.frontends.repository.model import RunScript, Step
from skillc.compiler.frontends.repository.self_contained import (
    INTERPRETERS,
    judge,
    repository_file,
)
from skillc.ir.span import Span

__all__ = ["Bundler", "run_scripts", "scripts_of"]

#: Top folders whose files are a project's helper scripts (besides any ``.sh`` file). Not
#: ``bin/``: the programs there are what the project installs (its command-line skill).
_SCRIPT_DIRS = frozenset({"scripts", "script", "tools", "ci", "hack", "dev", "tasks"})
#: Prefixes that run the rest of a command in the project's environment.
_RUNNERS = (("uv", "run"), ("poetry", "run"), ("pipenv", "run"), ("hatch", "run"))
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
_SEPARATORS = re.compile(r"&&|\|\||[;|()]")


def scripts_of(command: str, files: Container[str]) -> list[str]:
    """The repository scripts a step's command runs (as ``files`` names them), in order."""
    found: list[str] = []
    for line in command.split("\n"):
        for simple in _SEPARATORS.split(line):
            path = _runs(simple.split(), files)
            if path and _script_like(path) and path not in found:
                found.append(path)
    return found


def _runs(words: list[str], files: Container[str]) -> str:
    """The repository file one simple command runs: its program, or an interpreter's
    program operand (``bash tools/x.sh``), after assignments and ``uv run``-style prefixes."""
    while words and _ASSIGNMENT.match(words[0]):
        words = words[1:]
    for runner in _RUNNERS:
        if tuple(words[: len(runner)]) == runner:
            words = words[len(runner) :]
    if not words:
        return ""
    path = repository_file(words[0], "", files)
    if not path and PurePosixPath(words[0]).name in INTERPRETERS:
        operand = next((w for w in words[1:] if not w.startswith("-")), "")
        path = repository_file(operand, "", files, bare=True)
    return path


def _script_like(path: str) -> bool:
    """A helper script rather than the project's build files (``setup.py``, a Makefile)."""
    parts = PurePosixPath(path).parts
    return path.endswith((".sh", ".bash")) or (len(parts) > 1 and parts[0] in _SCRIPT_DIRS)


def run_scripts(
    files: Mapping[str, str], steps: Iterable[Step], first_line: Callable[[str], Span]
) -> tuple[RunScript, ...]:
    """Each script the ``steps`` run, once, judged for bundling (``first_line``: the span of
    a file's first line)."""
    found: dict[str, RunScript] = {}
    for step in steps:
        for path in scripts_of(step.command, files):
            if path not in found:
                verdict = judge(path, files[path], files)
                found[path] = RunScript(
                    path=path,
                    span=first_line(path),
                    text=files[path],
                    reason=verdict.reason,
                    line=verdict.line,
                    basis=verdict.basis,
                )
    return tuple(found.values())


@dataclass(slots=True)
class Bundler:
    """The scripts of one skill: each is bundled (or said not to be) after the first code
    block that runs it; later blocks that run it again need no second word."""

    scripts: Mapping[str, RunScript]
    placed: dict[str, str] = field(default_factory=dict)
    _said: set[str] = field(default_factory=set)

    def after(self, b: Builder, steps: Sequence[Step]) -> None:
        """After the code block of ``steps``: bundle the self-contained scripts they run for
        the first time in this skill, and say which are bundled and which are not, and why."""
        paths: list[str] = []
        for step in steps:
            paths.extend(p for p in scripts_of(step.command, self.scripts) if p not in paths)
        items: list[str] = []
        spans: list[Span] = []
        for path in paths:
            if path in self._said:
                continue
            self._said.add(path)
            script = self.scripts[path]
            spans.append(script.span)
            items.append(self._bundle(b, script) if not script.reason else _kept(script))
        if items:
            b.prose("The scripts these commands run (from the repository's top folder):", spans[0])
            b.items(items, tuple(spans))

    def _bundle(self, b: Builder, script: RunScript) -> str:
        target = self._target(script.path)
        language = "python" if script.basis.startswith("standard library") else "sh"
        b.bundled(target, script.text, language, script.span, f"self-contained: {script.basis}")
        return f"`{script.path}`: bundled as [{target}]({target}) (self-contained: {script.basis})"

    def _target(self, path: str) -> str:
        """The script's path in the package: ``scripts/<name>``, or the repository path
        flattened when two scripts share a name."""
        target = f"scripts/{PurePosixPath(path).name}"
        if target in self.placed.values():
            target = "scripts/" + path.replace("/", "-")
        self.placed[path] = target
        return target


def _kept(script: RunScript) -> str:
    where = f"{script.span.source}:{script.line}" if script.line else script.span.source
    return f"`{script.path}`: not bundled, it {script.reason} (`{where}`)"
