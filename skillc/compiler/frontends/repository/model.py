"""What the repository frontend finds in a repository, before it becomes SSL skills.

Why a model between the parsers and the IR: several readers (click, argparse, pyproject,
Makefiles, CI workflows, tox, README sections) each find a part of the same picture, a
project's command line and the commands that build, test and release it. They fill these
records, each with the span of the definition it was read from; `skills` turns the whole into
skills. Nothing here is guessed: a field the source does not state stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

from skillc.ir.span import Span

__all__ = [
    "Api",
    "ApiModule",
    "ApiName",
    "Command",
    "Evidence",
    "Option",
    "Procedure",
    "Project",
    "RunScript",
    "Script",
    "Step",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One parameter of a command: an option (``names`` such as ``-p``, ``--port``; a boolean
    pair's off switch in ``secondary``) or a positional argument (``argument``, its name in
    ``names``)."""

    names: tuple[str, ...]
    span: Span
    secondary: tuple[str, ...] = ()
    argument: bool = False
    help: str = ""
    default: str = ""
    choices: tuple[str, ...] = ()
    type: str = ""
    required: bool = False
    flag: bool = False
    multiple: bool = False

    @property
    def label(self) -> str:
        """The names as ``--help`` lists them: ``-p, --port``, ``--reload / --no-reload``."""
        text = ", ".join(self.names)
        return f"{text} / {', '.join(self.secondary)}" if self.secondary else text


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """A command or group of a command line: its name, help, parameters and subcommands;
    ``framework`` says which library defines it (click, argparse)."""

    name: str
    span: Span
    framework: str
    help: str = ""
    short_help: str = ""
    options: tuple[Option, ...] = ()
    commands: tuple[Command, ...] = ()

    def renamed(self, name: str) -> Command:
        """This command under ``name`` (the name a script installs it as, or the one
        ``add_command(cmd, "name")`` gives it); itself when ``name`` is empty or the same."""
        return self if not name or name == self.name else replace(self, name=name)

    def walk(self, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
        """This command and every subcommand, each with its words from the program name."""
        here = (*path, self.name)
        found: list[tuple[tuple[str, ...], Command]] = [(here, self)]
        for sub in self.commands:
            found.extend(sub.walk(here))
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Script:
    """A console script the project installs (``[project.scripts]``): its name, the
    ``module:function`` it runs, and the command line read from that function (None when it
    could not be resolved statically)."""

    name: str
    target: str
    span: Span
    command: Command | None = None
    #: Run as ``python -m package`` (a ``__main__`` module), not installed as a script.
    module: bool = False


class Evidence(IntEnum):
    """How strongly the repository says a command is how a thing is done: a command CI runs
    is stronger than one a task runner defines, which is stronger than one in prose."""

    PROSE = 1
    TASK = 2
    CI = 3

    @property
    def label(self) -> str:
        return {1: "docs", 2: "task runner", 3: "CI"}[int(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One command of a procedure, with where it was read and how strong that evidence is;
    ``context`` names the job, environment or target it belongs to."""

    command: str
    span: Span
    evidence: Evidence
    context: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Procedure:
    """A named procedure of the repository (``test``, ``typing``, ``docs``, ``release``...):
    its steps in order, and a sentence saying what it does when the source gives one."""

    name: str
    purpose: str
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunScript:
    """A file of the repository that a procedure's command runs (``scripts/install``): its
    text, the span of its first line, and whether it can be bundled into a skill's
    ``scripts/`` (``reason`` why not, at line ``line``; ``basis`` why it can:
    `self_contained.judge`)."""

    path: str
    span: Span
    text: str
    reason: str = ""
    line: int = 0
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ApiName:
    """A public name of a module (a function, class, type, constant...): its name as the
    module exports it, its kind as the source declares it, and where it is defined."""

    name: str
    kind: str
    span: Span


@dataclass(frozen=True, slots=True)
class ApiModule:
    """A public module (a Python module, a JavaScript entry point, a Go package, a Rust
    module): its name as users import it, where it starts, its public names and the
    project's own modules that import it."""

    name: str
    span: Span
    names: tuple[ApiName, ...]
    imported_by: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    """The public modules of one language of the project, as its reader orders them;
    ``language`` titles the skill ("Go API of X")."""

    language: str
    modules: tuple[ApiModule, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """Everything read from one repository.

    ``name`` comes from the packaging metadata (else the folder); ``root`` is the span of
    that metadata file's first line; ``scripts`` are the console scripts (or ``python -m``
    command lines) with the command line behind each; ``procedures`` the build, test and
    release procedures; ``examples`` command lines from the docs that invoke one of the
    scripts; ``contributing`` the commands of the contributing and release docs.
    """

    name: str
    root: Span
    scripts: tuple[Script, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    examples: tuple[Step, ...] = ()
    contributing: tuple[Step, ...] = ()
    #: The public modules of each language that has some (Python, JavaScript, Go, Rust).
    apis: tuple[Api, ...] = ()
    #: The repository's scripts that the procedures' and contributing docs' commands run.
    run_scripts: tuple[RunScript, ...] = ()
