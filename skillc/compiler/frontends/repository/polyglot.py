"""The command lines and procedures of a repository's non-Python languages, gathered.

Why a module between the reader and the language modules: each language has its own
manifest (``package.json``, ``Cargo.toml``, ``go.mod``) and its own libraries, but the reader
wants one answer: the programs the project installs with the command line behind each, the
procedures its manifests define (npm scripts), a name when no Python metadata gives one, and
the problems met. One module per language does the reading (`javascript`, `golang`, `rust`,
`shell`); this one only asks them in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from skillc.compiler.frontends.repository import golang, javascript, rust, shell
from skillc.compiler.frontends.repository.code import Broken
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import Procedure, Script
from skillc.ir.span import Span

__all__ = ["Found", "read_other_languages"]

Lines = Callable[[str, int], Span]


@dataclass(slots=True)
class Found:
    """What the other languages gave: scripts, procedures, a project name, problems as
    (span, message) pairs."""

    name: str = ""
    scripts: list[Script] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    problems: list[tuple[Span, str]] = field(default_factory=list)


def read_other_languages(bundle: Bundle, line: Lines, broken: Broken) -> Found:
    """JavaScript/TypeScript (``package.json``), Rust (``Cargo.toml``), Go (``go.mod``) and
    shell programs, in that order; a program two of them name is listed once. The files that
    do not parse are noted in ``broken`` (the reader reports them)."""
    found = Found()
    description = ""
    if "package.json" in bundle.files:
        meta = javascript.read_package_json(
            bundle.files["package.json"], lambda n: line("package.json", n)
        )
        if meta.problem:
            found.problems.append((line("package.json", 1), meta.problem))
        found.name = meta.name
        description = meta.description
        found.procedures.extend(meta.procedures)
        found.scripts.extend(
            javascript.bin_scripts(
                meta, bundle.files, bundle.source, lambda n: line("package.json", n), broken
            )
        )
    crate = rust.read_crate(bundle, line, broken)
    found.name = found.name or crate.name
    description = description or " ".join(crate.description.split())
    found.scripts.extend(crate.scripts)
    module = golang.read_module(bundle, line, broken)
    found.name = found.name or module.name
    found.scripts.extend(module.scripts)
    programs = shell.read_scripts(bundle, line, broken)
    by_name = {s.name: s for s in programs}
    for i, script in enumerate(found.scripts):  # a bin stub that runs a shell program
        other = by_name.get(script.name)
        if script.command is None and other is not None:
            found.scripts[i] = replace(script, command=other.command)
    found.scripts = [_described(s, description) for s in found.scripts]
    taken = {s.name for s in found.scripts} | {s.target for s in found.scripts}
    found.scripts.extend(s for s in programs if s.name not in taken and s.target not in taken)
    return found


def _described(script: Script, description: str) -> Script:
    """A program whose definition says nothing of what it does, described by its package."""
    command = script.command
    if command is None or command.help or not description:
        return script
    return replace(script, command=replace(command, help=description))
