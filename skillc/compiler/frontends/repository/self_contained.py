"""Whether a repository script can be bundled into a skill's ``scripts/``: is it self-contained?

Why a rule at all: a bundled copy runs outside the repository's ``scripts/`` folder (from the
skill folder, or an unpacked ``.skill``), so it must not need anything of the repository that
does not travel with it. A script is self-contained when:

- Python: every import is of the standard library (``sys.stdlib_module_names``, read by
  tree-sitter from the import statements: a relative import or any other module is the
  repository's or a third party's), it imports nothing by name at run time
  (``importlib.import_module``, ``__import__``) and does not locate files from its own path
  (``__file__``);
- shell: it sources no file (``source``/``.``), runs no other file of the repository (a
  command or interpreter argument naming one: ``./scripts/sync-version``, ``bash tools/x.sh``)
  and does not locate files from its own path (``dirname "$0"``, ``${0%/*}``,
  ``BASH_SOURCE``);
- any: at most `MAX_BYTES` (a bigger one is generated or a program, not a step's helper).

Other languages are not judged (their dependencies are not read), so never bundled. Programs
a script calls that are not the repository's (``uv``, ``git``, ``pytest``) are the step's
prerequisites, as they are for the commands around it. The script is only parsed, never run.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Container
from dataclasses import dataclass
from pathlib import PurePosixPath

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, parse, text_of
from skillc.compiler.frontends.repository.shell import is_shell

__all__ = ["INTERPRETERS", "MAX_BYTES", "Verdict", "judge", "repository_file"]

#: A script larger than this is not bundled.
MAX_BYTES = 64 * 1024
_PYTHON_SHEBANG = re.compile(r"^#!\s*\S*(/|env\s+)python[0-9.]*\b")
#: Shell code that finds files from the script's own location.
_OWN_PATH = re.compile(r"BASH_SOURCE|\$\{0[%#]|\b(?:dirname|realpath|readlink)\b[^\n;|&]*\$\{?0\b")
#: Interpreters whose first operand is the program file they run.
INTERPRETERS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "python", "python3", "node"})
_RUN_TIME_IMPORTS = frozenset({"__import__", "importlib.import_module", "import_module"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """``reason`` why the script is not self-contained (``""`` when it is), with the line that
    shows it (0: the whole file); ``basis`` what makes it self-contained."""

    reason: str = ""
    line: int = 0
    basis: str = ""


def judge(path: str, text: str, files: Container[str]) -> Verdict:
    """Whether script ``path`` (its ``text``) of a repository holding ``files`` is
    self-contained, and why (see the module)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return Verdict(f"larger than {MAX_BYTES // 1024} KB ({size:,} bytes)")
    if path.endswith(".py") or _PYTHON_SHEBANG.match(text):
        return _python(path, text)
    if is_shell(path, text):
        return _shell(path, text, files)
    return Verdict("neither a shell nor a Python script, whose dependencies skillc reads")


def _python(path: str, text: str) -> Verdict:
    file = parse("python", path, path, text, {})  # the python reader notes its syntax errors
    for node in nodes(file.root):
        if node.type == "import_statement":
            for name in node.named_children:
                module = name.child_by_field_name("name") if name.type == "aliased_import" else name
                found = _outside_stdlib(text_of(module))
                if found:
                    return _at(node, f"imports `{found}`, not in the standard library")
        elif node.type == "import_from_statement":
            module = node.child_by_field_name("module_name")
            if module is not None and module.type == "relative_import":
                return _at(node, f"imports `{text_of(module)}` from the repository")
            found = _outside_stdlib(text_of(module))
            if found:
                return _at(node, f"imports `{found}`, not in the standard library")
        elif node.type == "identifier" and text_of(node) == "__file__":
            return _at(node, "finds files from its own location (`__file__`)")
        elif node.type == "call" and text_of(node.child_by_field_name("function")) in (
            _RUN_TIME_IMPORTS
        ):
            return _at(node, "imports modules by name at run time")
    return Verdict(basis="standard library only")


def _outside_stdlib(dotted: str) -> str:
    """The top module of ``dotted`` when it is not the standard library's (else ``""``)."""
    top = dotted.strip().split(".", 1)[0]
    return "" if not top or top in sys.stdlib_module_names else top


def _shell(path: str, text: str, files: Container[str]) -> Verdict:
    file = parse("bash", path, path, text, {})  # the shell reader notes its syntax errors
    for node in nodes(file.root, frozenset({"command"})):
        name = node.child_by_field_name("name")
        program = text_of(name)
        operands = [text_of(c) for c in node.named_children if c.type != "variable_assignment"]
        operands = operands[1:]
        if program in ("source", ".") and operands:
            return _at(node, f"sources `{operands[0]}`")
        ran = repository_file(program, path, files)
        if not ran and PurePosixPath(program).name in INTERPRETERS:
            first = next((w for w in operands if not w.startswith("-")), "")
            ran = repository_file(first, path, files, bare=True)
        if ran:
            return _at(node, f"runs `{ran}`, another file of the repository")
    code = _without_comments(file)
    found = _OWN_PATH.search(code)
    if found:
        line = code.count("\n", 0, found.start()) + 1
        return Verdict("finds files from its own location", line)
    return Verdict(basis="runs and sources no other file of the repository")


def repository_file(word: str, script: str, files: Container[str], bare: bool = False) -> str:
    """The repository file a command word names (``./scripts/check``, ``scripts/check``, or
    ``./check`` beside ``script``), or ``""``. ``script`` is ``""`` for a step's own command,
    which runs from the repository's top. A word without a slash is a program on the PATH,
    not a file, unless ``bare`` (an interpreter's operand: ``bash install.sh``)."""
    word = word.strip("'\"").removeprefix("{toxinidir}/")  # tox's name of the top folder
    if not word or word.startswith(("/", "$", "~", "-")) or ("/" not in word and not bare):
        return ""
    tried = [PurePosixPath(word)]
    if script:
        tried.append(PurePosixPath(script).parent / word)
    for candidate in tried:
        parts: list[str] = []
        for part in candidate.parts:
            if part == "..":
                if not parts:
                    break
                parts.pop()
            elif part != ".":
                parts.append(part)
        else:
            relative = "/".join(parts)
            if relative in files and relative != script:
                return relative
    return ""


def _without_comments(file: SourceFile) -> str:
    """The file's text with every comment blanked (byte offsets kept)."""
    data = bytearray(file.data)
    for node in nodes(file.root, frozenset({"comment"})):
        data[node.start_byte : node.end_byte] = b" " * (node.end_byte - node.start_byte)
    return data.decode("utf-8", "replace")


def _at(node: Node, reason: str) -> Verdict:
    return Verdict(reason, int(node.start_point[0]) + 1)
