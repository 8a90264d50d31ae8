"""Shell programs: the options a script in ``bin/``, ``libexec/`` or ``scripts/`` parses
(``case`` over its arguments, ``getopts``) with the help its own usage text gives them.

Why the parsing code is the definition: a shell script has no library that declares its
options; what it accepts is what its ``case`` patterns (``-f | --filter)``) and ``getopts``
strings (``"ab:c"``) match, so those are the options, each cited at its pattern. The usage
text the script prints (``  -f, --filter <regex>  Only run tests that ...``) is read for
help and value names only: an option the usage text names but no code parses is not
invented. An option takes a value when its branch reads ``$2``, or shifts and then reads
``$1``, or when ``getopts`` marks it with ``:``. Nothing is run; the script is read by
tree-sitter's bash grammar, and a script that does not parse keeps what parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from skillc.compiler.frontends.repository.code import Broken, SourceFile, nodes, parse, text_of
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.model import Command, Option, Script
from skillc.compiler.frontends.repository.usage import usage_lines
from skillc.ir.span import Span

__all__ = ["command_line", "is_shell", "read_scripts"]

Lines = Callable[[str, int], Span]
#: Top folders whose shell scripts are programs.
PROGRAM_DIRS = ("bin", "libexec", "scripts", "script", "tools")
_SHEBANG = re.compile(r"^#!\s*\S*(/|env\s+)(ba|z|k|da)?sh\b")
_OPTION_WORD = re.compile(r"^(-[A-Za-z0-9?]|--[A-Za-z0-9][\w-]*)$")
_GETOPTS = re.compile(r"""getopts\s+['"]?:?([A-Za-z0-9:]+)['"]?""")


def is_shell(path: str, text: str) -> bool:
    """Whether a file is a shell script: a ``.sh``/``.bash`` name or a shell shebang."""
    return path.endswith((".sh", ".bash")) or bool(_SHEBANG.match(text))


def read_scripts(bundle: Bundle, line: Lines, broken: Broken) -> list[Script]:
    """A `Script` per shell program with at least one option, one per program name (a
    ``bin/`` script before a ``libexec/`` one of the same name that does the parsing;
    ``libexec/`` programs no ``bin/`` script names are helpers, not read)."""
    found: dict[str, Script] = {}
    for path in sorted(bundle.files, key=lambda p: (not p.startswith("bin/"), p)):
        parts = PurePosixPath(path).parts
        text = bundle.files[path]
        if len(parts) < 2 or parts[0] not in PROGRAM_DIRS or not is_shell(path, text):
            continue
        program = PurePosixPath(path).stem
        if parts[0] == "libexec" and f"bin/{program}" not in bundle.files:
            continue  # a helper the installed programs run, not one a user runs
        command = command_line(path, bundle.source(path), text, program, broken)
        if command is None or (program in found and found[program].command is not None):
            continue
        found[program] = Script(name=program, target=path, span=line(path, 1), command=command)
    return [found[p] for p in sorted(found)]


def command_line(path: str, source: str, text: str, program: str, broken: Broken) -> Command | None:
    """The options script ``path`` parses, with help from its usage text; None if none."""
    file = parse("bash", path, source, text, broken)
    usage = _usage(text)
    options: dict[str, Option] = {}
    for names, span, takes_value in [*_case_options(file), *_getopts_options(file)]:
        key = names[-1]
        if key in options:
            continue
        value, help_text = next((usage[n] for n in names if n in usage), ("", ""))
        options[key] = Option(
            names=names,
            span=span,
            help=help_text,
            type=value,
            flag=not takes_value and not value,
        )
    if not options:
        return None
    first = file.root.named_children[0] if file.root.named_children else file.root
    return Command(
        name=program,
        span=file.span(first),
        framework="shell",
        help=_summary(text),
        options=tuple(sorted(options.values(), key=lambda o: o.span.start)),
    )


def _case_options(file: SourceFile) -> list[tuple[tuple[str, ...], Span, bool]]:
    """Options of ``case`` branches whose patterns are option words."""
    found = []
    for item in nodes(file.root, frozenset({"case_item"})):
        patterns = [text_of(p).strip("'\"") for p in item.children_by_field_name("value")]
        words = [w for p in patterns for w in p.split("|") if _OPTION_WORD.match(w.strip())]
        if not words or len(words) != len(patterns):
            continue
        body = text_of(item)[len(text_of(item).split(")", 1)[0]) + 1 :]
        shifted = re.search(r"\bshift\b[^\n]*\n(?:.|\n)*?\$\{?1\b", body) is not None
        takes_value = shifted or re.search(r"\$\{?2\b|OPTARG", body) is not None
        names = tuple(sorted((w.strip() for w in words), key=lambda n: (len(n), n)))
        found.append((names, file.span(item), takes_value))
    return found


def _getopts_options(file: SourceFile) -> list[tuple[tuple[str, ...], Span, bool]]:
    """Options of ``getopts "ab:c" name`` loops (``b`` takes a value)."""
    found: list[tuple[tuple[str, ...], Span, bool]] = []
    for command in nodes(file.root, frozenset({"command"})):
        match = _GETOPTS.match(text_of(command))
        if not match:
            continue
        letters = match.group(1)
        for i, letter in enumerate(letters):
            if letter != ":":
                takes = i + 1 < len(letters) and letters[i + 1] == ":"
                found.append(((f"-{letter}",), file.span(command), takes))
    return found


def _usage(text: str) -> dict[str, tuple[str, str]]:
    """Option name -> (value name, help) from the usage lines the script prints."""
    found: dict[str, tuple[str, str]] = {}
    for line in usage_lines(text.split("\n")):
        for name in line.names:
            if name not in found or (line.help and not found[name][1]):
                found[name] = (line.value, line.help)
    return found


def _summary(text: str) -> str:
    """The comment under the shebang that says what the script does, when there is one."""
    lines = text.split("\n")[1:12]
    for row in lines:
        stripped = row.strip()
        if stripped.startswith("#") and len(stripped) > 12 and not stripped.startswith("#!"):
            words = stripped.lstrip("# ").strip()
            if words and not words.lower().startswith(("shellcheck", "copyright", "spdx", "-*-")):
                return words
        elif stripped and not stripped.startswith("#"):
            break
    return ""
