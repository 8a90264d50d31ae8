"""Procedures and examples from a repository's prose: README and CONTRIBUTING sections, and
command lines in the docs that run the project's own scripts.

Why through the guide frontends: README and CONTRIBUTING are guides, Markdown or RST, and the
guide frontends already know their code blocks, prompts and directives; this module only
decides which sections matter (install, usage, build, test, release, contributing, by their
headings) and takes their command lines (`Evidence.PROSE`, the weakest evidence). Docs pages
are only scanned for prompted lines that run one of the project's scripts (``$ flask run``),
the examples of the command-line skill.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from skillc.compiler.frontends.guide import classify
from skillc.compiler.frontends.repository.model import Evidence, Step
from skillc.ir.nodes import Heading, LogicStep, Skill
from skillc.ir.span import Span
from skillc.ir.vocab import ActType

__all__ = ["Sections", "docs_examples", "program_words", "read_sections", "section_kind"]

Spanner = Callable[[int], Span]

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contribute", re.compile(r"contribut|hacking|development|developing", re.IGNORECASE)),
    ("release", re.compile(r"releas|publish|deploy", re.IGNORECASE)),
    ("test", re.compile(r"\btest", re.IGNORECASE)),
    ("build", re.compile(r"\bbuild|set ?up|compil", re.IGNORECASE)),
    ("install", re.compile(r"install", re.IGNORECASE)),
    ("usage", re.compile(r"usage|quick ?start|getting started|example|tutorial", re.IGNORECASE)),
)


def section_kind(title: str) -> str:
    """What a section with heading ``title`` is about, or ``""``."""
    return next((kind for kind, pattern in _KINDS if pattern.search(title)), "")


@dataclass(slots=True)
class Sections:
    """Command lines of the relevant sections of README/CONTRIBUTING, by kind (``install``,
    ``usage``, ``test``, ``build``, ``release``, ``contribute``), with the heading they were
    under; ``files`` the prose files that were read, ``texts`` their texts."""

    steps: dict[str, list[Step]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)


def read_sections(path: str, source: str, text: str, into: Sections, span: Spanner) -> None:
    """Add the command lines of ``text`` (file ``path``, ``source`` in spans) to ``into``.

    A CONTRIBUTING file is all about contributing, whatever its headings say. A file whose
    text an earlier one has adds nothing: MkDocs sites keep ``docs/contributing.md`` as a
    link to CONTRIBUTING.md, which an sdist stores as a copy (python-dotenv 1.0.1), and its
    commands were listed twice in one block.
    """
    if text in into.texts:
        return
    skill = _guide(path, source, text)
    if skill is None:
        return
    into.texts.add(text)
    into.files.append(path)
    name = path.lower().rsplit("/", 1)[-1]
    whole = "contribute" if name.startswith(("contributing", "hacking", "development")) else ""
    headings = [
        (b.prov[0].line, b.text)
        for b in skill.blocks
        if isinstance(b, Heading) and b.level >= 2 and b.prov
    ]
    for step in skill.logic_steps:
        if not _is_command(step) or not step.prov:
            continue
        line = step.prov[0].line
        heading = next((t for at, t in reversed(headings) if at <= line), "")
        kind = whole or section_kind(heading)
        if kind:
            found = Step(
                command=step.text, span=span(line), evidence=Evidence.PROSE, context=heading
            )
            into.steps.setdefault(kind, []).append(found)


def _is_command(step: LogicStep) -> bool:
    """Whether a guide step is a command line (read from code), not an imperative sentence."""
    if step.act_type is not ActType.CALL_TOOL or not step.instrument:
        return False
    first = step.text.split(None, 1)[0] if step.text.strip() else ""
    return first.rsplit("/", 1)[-1] == step.instrument


def _guide(path: str, source: str, text: str) -> Skill | None:
    """The page read by the guide frontend of its suffix (Markdown or RST), else None."""
    lower = path.lower()
    if lower.endswith((".md", ".markdown")):
        from skillc.compiler.frontends.markdown.reader import read_markdown

        result = read_markdown(text, source_id=source)
    elif lower.endswith(".rst"):
        from skillc.compiler.frontends.rst.reader import read_rst

        result = read_rst(text, source_id=source)
    else:
        return None
    return result.skills[0] if result.skills else None


def docs_examples(source: str, text: str, programs: set[str], span: Spanner) -> list[Step]:
    """Command lines of a docs page that run one of ``programs``: prompted lines anywhere
    (``$ flask run``), and bare lines inside a shell code block (a Markdown fence or an RST
    ``code-block`` in ``sh``, ``bash``, ``console``...)."""
    found: list[Step] = []
    shell = _ShellBlocks()
    for number, line in enumerate(text.split("\n"), 1):
        inside = shell.inside(line)
        command = classify.prompt_command(line.strip())
        if command is None and inside and not line.lstrip().startswith("#"):
            command = line.strip()
        if not command:
            continue
        words = command.split()
        if any(program_words(words, p) is not None for p in programs):
            found.append(Step(command=command.strip(), span=span(number), evidence=Evidence.PROSE))
    return found


def program_words(words: list[str], program: str) -> list[str] | None:
    """The words after ``program`` in the command line ``words``, where it runs first or
    in a later stage of a pipeline (age's only encryption example is ``tar cvz ~/data |
    age -r age1ql3... > data.tar.gz.age``: it was dropped for not opening with ``age``);
    None when it does not run there.

    >>> program_words("tar cvz ~/data | age -r KEY > out.age".split(), "age")
    ['-r', 'KEY', '>', 'out.age']
    >>> program_words("echo age | wc".split(), "age") is None
    True
    """
    name = program.split()
    start = 0
    while start <= len(words):
        if words[start : start + len(name)] == name:
            stage = words[start + len(name) :]
            return stage[: stage.index("|")] if "|" in stage else stage
        if "|" not in words[start:]:
            return None
        start = words.index("|", start) + 1
    return None


_FENCE = re.compile(r"^\s*(```+|~~~+)\s*\{?([\w-]*)")
_DIRECTIVE = re.compile(r"^(\s*)\.\. (?:code-block|code|sourcecode)::\s*([\w-]*)")


class _ShellBlocks:
    """Whether each line, in order, is inside a shell-language code block (Markdown fences and
    RST code directives, by their language; indentation ends an RST block)."""

    def __init__(self) -> None:
        self.fence = ""
        self.fence_shell = False
        self.rst_indent = -1

    def inside(self, line: str) -> bool:
        fence = _FENCE.match(line)
        if self.fence:
            if fence is not None and fence.group(1).startswith(self.fence) and not fence.group(2):
                self.fence = ""
                return False
            return self.fence_shell
        if fence is not None:
            self.fence, self.fence_shell = fence.group(1), _is_shell(fence.group(2))
            return False
        directive = _DIRECTIVE.match(line)
        if directive is not None:
            shell = _is_shell(directive.group(2))
            self.rst_indent = len(directive.group(1)) if shell else -1
            return False
        if self.rst_indent >= 0 and line.strip():
            indent = len(line) - len(line.lstrip())
            if indent <= self.rst_indent:
                self.rst_indent = -1
                return False
            return not line.lstrip().startswith(":")  # directive options
        return False


def _is_shell(language: str) -> bool:
    return language.lower() in classify.SHELL_LANGUAGES
