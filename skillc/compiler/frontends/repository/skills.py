"""A repository's findings (`model.Project`) as SSL skills.

Each skill only when the repository documents it:

- ``<project>-cli``, "Use the X command line", per program (a Python console script, a
  ``package.json`` bin, a Cargo binary, a Go ``package main``, a shell program): what
  installs it, its commands in the body, every option (names, default, choices, help,
  where defined) in a reference file, and examples from the docs as steps (else ``X
  --help``, which the command line's own definition provides);
- ``<project>-build-and-test``: the procedures of CI, the task runners (tox, make) and the
  README's install/build/test sections, strongest evidence first, each command marked with
  where it was read and how strong that evidence is;
- ``<project>-contribute``: CONTRIBUTING and the README's contributing and release
  sections, and the release procedures of the task runners and CI;
- ``<project>-api``, a reference skill without steps: the public Python modules,
  JavaScript entry points, Go packages or Rust modules (`api_skill`); one per language,
  ``<project>-<language>-api``, when a repository has several (maturin: Python and Rust).

Every block and step carries the span of the definition it came from; the rendered text
names it too (``src/flask/cli.py:890``), since provenance in the IR is not in the package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.compiler.frontends.guide import classify
from skillc.compiler.frontends.repository.api_skill import api_skill
from skillc.compiler.frontends.repository.builder import Builder, where
from skillc.compiler.frontends.repository.bundling import Bundler
from skillc.compiler.frontends.repository.model import (
    Command,
    Evidence,
    Option,
    Procedure,
    Project,
    Script,
    Step,
)
from skillc.compiler.frontends.repository.prose import program_words
from skillc.ir.nodes import (
    Skill,
)
from skillc.ir.vocab import SceneType

__all__ = ["project_skills", "project_slug", "where"]

_RELEASE = re.compile(r"releas|publish|deploy|upload|bump|changelog|update", re.IGNORECASE)
_TESTING = re.compile(r"test|check|lint|typ|style|coverage|mypy|pyright", re.IGNORECASE)
#: How many examples from the docs the command-line skill shows.
MAX_EXAMPLES = 12
#: How many procedure names and tools the build-and-test skill's description names.
MAX_TRIGGER_NAMES = 8
MAX_TRIGGER_TOOLS = 6
#: Programs that are the shell's plumbing rather than a project's tool.
_NOT_TOOLS = frozenset(
    {"cd", "echo", "export", "set", "source", "sh", "bash", "true", "false", "test", "exit",
     "mkdir", "rm", "cp", "mv", "ls", "cat", "if", "for", "while", "case", "sudo", "env"}
)  # fmt: skip


def project_slug(project: Project) -> str:
    """The words every skill name of ``project`` starts with (``flask`` for "Flask")."""
    return _slug(project.name)


def project_skills(project: Project) -> list[Skill]:
    """The skills of ``project`` that have at least one step."""
    slug = project_slug(project)
    found: list[Skill] = []
    for script in project.scripts:
        if script.command is not None:
            found.append(_cli_skill(project, script, slug))
    build = [p for p in project.procedures if not _RELEASE.search(p.name)]
    if build:
        found.append(_build_skill(project, build, slug))
    release = [p for p in project.procedures if _RELEASE.search(p.name)]
    if project.contributing or release:
        found.append(_contribute_skill(project, release, slug))
    found = [s for s in found if s.logic_steps]
    for api in project.apis:  # reference skills: what the code offers, no steps to run
        several = len(project.apis) > 1
        name = f"{slug}-{api.language.lower()}-api" if several else f"{slug}-api"
        skill_id = f"SKILL_API_{api.language.upper()}" if several else "SKILL_API"
        found.append(api_skill(project, api, name, skill_id))
    return found


def _program(script: Script) -> str:
    """The slug of a script's program (``flask``; ``mm`` for ``python -m mm``)."""
    return _slug(script.name.removeprefix("python -m ") if script.module else script.name)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "project"


def _upper(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_") or "PROJECT"


# --- The command line -----------------------------------------------------------------------


def _cli_skill(project: Project, script: Script, slug: str) -> Skill:
    """ "Use the X command line": what installs it, its commands, examples, every option."""
    assert script.command is not None
    root = script.command
    b = Builder()
    title = f"Use the {script.name} command line"
    b.heading(1, title, script.span)
    b.prose(_origin(project, script), script.span)
    if root.help:
        b.prose(_first_paragraph(root.help), root.span)
    commands = root.walk()
    b.heading(2, "Commands", root.span)
    b.table(_command_rows(commands), tuple(cmd.span for _, cmd in commands))
    _cli_examples(b, project, script)
    b.scene(f"Run {script.name}", SceneType.ACT, root.span)
    _options_reference(b, script, commands)
    program = _program(script)
    named = program == slug or program.startswith(f"{slug}-")  # age's age-keygen: not age-age-
    return b.skill(
        f"SKILL_{_upper(script.name)}_CLI",
        f"{program}-cli" if named else f"{slug}-{program}-cli",
        title,
        script.span,
        _cli_goal(project, script),
        _cli_triggers(script, commands),
    )


def _cli_goal(project: Project, script: Script) -> str:
    """ "Run the X command line of P: <what the program says it does>." A router matches a
    task ("encode HTML entities from the shell") against the tool's own summary, which the
    bare "Run the he command line of he" does not carry."""
    assert script.command is not None
    goal = f"Run the {script.name} command line"
    if not _names_project(script.name, project.name):  # "the age command line of age" says it twice
        goal = f"{goal} of {project.name}"
    summary = _first_sentence(script.command.short_help or script.command.help).rstrip(" .")
    if not summary or summary.casefold() in goal.casefold():
        return goal
    if summary.startswith(f"{script.name} "):  # "age-keygen generates ...": the name once
        return f"{goal}, which {summary.removeprefix(script.name).lstrip()}."
    return f"{goal}: {_lower_initial(summary)}."


def _names_project(program: str, project: str) -> bool:
    """Whether the program's name already says the project's (``age``, ``age-keygen``)."""
    program, project = program.casefold(), project.casefold()
    return program == project or program.startswith(f"{project}-")


def _lower_initial(text: str) -> str:
    """``text`` with a capitalised first word lowercased ("A robust ..." -> "a robust ..."),
    acronyms and identifiers ("HTML", "PyPI") kept."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or len(first) == 1):
        return text[:1].lower() + text[1:]
    return text


#: Long options that every command line has and that route nothing.
_GENERIC_OPTIONS = frozenset({"--help", "--version", "--verbose", "--quiet"})
#: How many of a single-command tool's options name it in the description.
MAX_OPTION_TRIGGERS = 8


def _cli_triggers(script: Script, commands: list[tuple[tuple[str, ...], Command]]) -> list[str]:
    """The subcommands, as the user types them; for a tool without subcommands, its long
    options in definition order (``he --encode``), which are what a task asks for."""
    if len(commands) > 1:
        return [" ".join(words) for words, _ in commands[1:]]
    longs = [
        max(names, key=len)  # ``--read-only``, not its alias ``--ro``
        for option in commands[0][1].options
        if not option.argument
        for names in [[n for n in option.names if n.startswith("--")]]
        if names and not _GENERIC_OPTIONS.intersection(names)
    ]
    return [f"{script.name} {name}" for name in longs[:MAX_OPTION_TRIGGERS]] or [script.name]


def _origin(project: Project, script: Script) -> str:
    """Where the command line comes from, citing the script entry and the definition."""
    assert script.command is not None
    if script.module:
        origin = f"`{script.name}` runs `{where(script.span)}` (the package's `__main__` module)."
    elif ":" not in script.target:  # a program file or folder, not a Python entry point
        origin = f"`{script.name}` is a program {project.name} installs (`{where(script.span)}`)."
    else:
        origin = (
            f"`{script.name}` is the command line {project.name} installs "
            f'(`{where(script.span)}`: `{script.name} = "{script.target}"`).'
        )
    if script.command.framework == "man page":  # weaker evidence than a definition: say so
        return (
            f"{origin} Its source defines its options in a shape skillc cannot follow; they are "
            f"read from the man page it ships (`{where(script.command.span)}`)."
        )
    return (
        f"{origin} Its commands and options below are read from their "
        f"{script.command.framework} definitions (`{where(script.command.span)}`)."
    )


def _command_rows(commands: list[tuple[tuple[str, ...], Command]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("Command", "What it does", "Defined at")]
    for words, cmd in commands:
        what = cmd.short_help or _first_sentence(cmd.help)
        rows.append((f"`{' '.join(words)}`", what, f"`{where(cmd.span)}`"))
    return rows


def _cli_examples(b: Builder, project: Project, script: Script) -> None:
    """The docs' examples the definition accepts, else ``X --help`` (which it provides)."""
    assert script.command is not None
    root = script.command
    examples = _examples(project, script)
    b.heading(2, "Examples", root.span)
    if not examples:
        text = "The docs show no example; every command prints its options with `--help`."
        b.prose(text, root.span)
        b.commands([Step(command=f"{script.name} --help", span=root.span, evidence=Evidence.TASK)])
        return
    cited = ", ".join(f"`{where(s.span)}`" for s in examples[:3])
    more = " and others" if len(examples) > 3 else ""
    usage = all(where(s.span).split(":")[0].endswith(".go") for s in examples)
    origin = "the usage text it prints" if usage else "the project's docs"  # `usage_lines`
    b.prose(f"From {origin} ({cited}{more}).", examples[0].span)
    b.commands(examples)


def _options_reference(
    b: Builder, script: Script, commands: list[tuple[tuple[str, ...], Command]]
) -> None:
    """Every command's help and options, in a reference file of their own."""
    path = f"references/{_program(script)}-options.md"
    assert script.command is not None
    b.heading(2, f"Options of every {script.name} command", script.command.span, path)
    for words, cmd in commands:
        b.heading(3, f"`{' '.join(words)}`", cmd.span, path)
        if cmd.help:
            b.prose(cmd.help.replace("\n\n", " ").replace("\n", " "), cmd.span, path)
        rows: list[tuple[str, ...]] = [
            ("Option", "Default", "Type or choices", "Help", "Defined at")
        ]
        rows.extend(_option_row(option) for option in cmd.options)
        if len(rows) > 1:
            b.table(rows, tuple(o.span for o in cmd.options), path)


def _option_row(option: Option) -> tuple[str, ...]:
    kind = ", ".join(f"`{c}`" for c in option.choices) or option.type
    if "<" in kind and "`" not in kind:  # a value name (``<dist>``) is not an HTML tag
        kind = f"`{kind}`"
    label = f"`{option.label}`" + (" (argument)" if option.argument else "")
    if option.required and not option.argument:
        label += " (required)"
    default = f"`{option.default}`" if option.default else ""
    return (
        label,
        default,
        kind or ("flag" if option.flag else ""),
        option.help,
        f"`{where(option.span)}`",
    )


def _examples(project: Project, script: Script) -> list[Step]:
    """The docs' command lines that run ``script`` and that its definition accepts: every
    subcommand and option they use exists (the docs also show commands an application adds
    itself, or options of older versions: those are left out)."""
    assert script.command is not None
    seen: set[str] = set()
    found: list[Step] = []
    for step in project.examples:
        words = program_words(step.command.split(), script.name)
        if words is not None and step.command not in seen and accepts(script.command, words):
            seen.add(step.command)
            found.append(step)
    return found[:MAX_EXAMPLES]


def accepts(command: Command, words: list[str]) -> bool:
    """Whether ``command`` accepts ``words``: each option is one of the command's (a value
    option's value skipped), and while the command has subcommands, the first other word names
    one of them. Words after ``--`` and the arguments of a leaf command are not checked."""
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return True
        if word.startswith("-") and len(word) > 1:
            name = word.split("=", 1)[0]
            option = next((o for o in command.options if name in (*o.names, *o.secondary)), None)
            if option is None:
                return False
            i += 1 if option.flag or "=" in word else 2
            continue
        if not command.commands:
            return True
        sub = next((c for c in command.commands if c.name == word), None)
        if sub is None:
            return False
        command, i = sub, i + 1
    return True


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def _first_sentence(text: str) -> str:
    paragraph = _first_paragraph(text)
    end = paragraph.find(". ")
    return paragraph[: end + 1] if end >= 0 else paragraph


# --- Build, test, contribute ----------------------------------------------------------------


def _build_skill(project: Project, procedures: list[Procedure], slug: str) -> Skill:
    b = Builder()
    title = f"Build and test {project.name}"
    b.heading(1, title, project.root)
    b.prose(
        "Procedures are listed strongest evidence first: commands CI runs, then the "
        "project's task runners (tox, nox, make), then its docs. Each says where it is defined.",
        project.root,
    )
    confirmed = {s.command for p in procedures for s in p.steps if s.evidence >= Evidence.TASK}
    bundler = _bundler(project)
    for procedure in _ordered(procedures):
        _procedure(b, procedure, confirmed, bundler)
    goal = f"Build, test and check {project.name} the way its CI and task runners do"
    triggers = build_triggers(_ordered(procedures))
    name = f"{slug}-build-and-test"
    return b.skill("SKILL_BUILD_AND_TEST", name, title, project.root, goal, triggers)


def build_triggers(procedures: Sequence[Procedure]) -> list[str]:
    """What routes a task to the build-and-test skill: the procedures' names (``test``,
    ``typing``, ``docs``), then the tools they run (``pytest``, ``mypy``), a few of each.

    Purposes and CI job titles stay in the body: in the description they crowd out the
    names a request would use (a router reads about 250 characters).
    """
    names = list(dict.fromkeys(p.name for p in procedures))[:MAX_TRIGGER_NAMES]
    tools = [
        tool
        for p in procedures
        for step in p.steps
        if (tool := _tool(step.command)) and tool not in names
    ]
    return [*names, *list(dict.fromkeys(tools))[:MAX_TRIGGER_TOOLS]]


def _tool(command: str) -> str:
    """The program a command runs (``pytest``; ``build`` for ``python -m build``), or ``""``
    for the shell's own words, which name no tool."""
    parsed = classify.split_command(command.split("\n", 1)[0])
    if parsed is None:
        return ""
    program, args = parsed
    name = program.rsplit("/", 1)[-1]
    if name.startswith("python") and args[:1] == ("-m",) and len(args) > 1:
        name = args[1]
    return "" if name in _NOT_TOOLS or name.startswith("python") else name


def _contribute_skill(project: Project, release: list[Procedure], slug: str) -> Skill:
    b = Builder()
    title = f"Contribute to and release {project.name}"
    b.heading(1, title, project.root)
    bundler = _bundler(project)
    if project.contributing:
        first = project.contributing[0]
        b.heading(2, "Contributing", first.span)
        b.prose(f"From the project's contributing docs (`{where(first.span)}`).", first.span)
        b.commands(list(project.contributing))
        bundler.after(b, project.contributing)
        b.scene("Contributing", SceneType.PREPARE, first.span)
    for procedure in _ordered(release):
        _procedure(b, procedure, set(), bundler)
    goal = f"Contribute changes to {project.name} and release it as its maintainers document"
    triggers = ["contributing", *(p.name for p in release)]
    return b.skill("SKILL_CONTRIBUTE", f"{slug}-contribute", title, project.root, goal, triggers)


def _ordered(procedures: list[Procedure]) -> list[Procedure]:
    """Strongest evidence first, then as the files list them."""
    indexed = list(enumerate(procedures))
    indexed.sort(key=lambda item: (-max(s.evidence for s in item[1].steps), item[0]))
    return [p for _, p in indexed]


def _bundler(project: Project) -> Bundler:
    """A skill's bundler of the scripts the project's procedures run (`bundling`)."""
    return Bundler({script.path: script for script in project.run_scripts})


def _runs_sentence(run: str, inner: Sequence[Step]) -> str:
    """What introduces the commands ``run`` runs: where they are defined, and, when they
    come from several definitions (an npm script's ``pre`` and ``post`` hooks), which, in
    the order they run."""
    first: dict[str, str] = {}  # each definition's name -> where its first command is
    for step in inner:
        first.setdefault(step.context, where(step.span))
    if len(first) == 1:
        return f"`{run}` runs (`{where(inner[0].span)}`):"
    order = ", then ".join(f"`{context}` (`{at}`)" for context, at in first.items())
    return f"`{run}` runs {order}:"


def _procedure(b: Builder, procedure: Procedure, confirmed: set[str], bundler: Bundler) -> None:
    first = procedure.steps[0]
    heading = f"`{procedure.name}`" + (f": {procedure.purpose}" if procedure.purpose else "")
    b.heading(2, heading, first.span)
    runs = [s for s in procedure.steps if not s.note.startswith("run by")]
    inner = [s for s in procedure.steps if s.note.startswith("run by")]
    evidence = max(s.evidence for s in procedure.steps)
    text = f"Defined at `{where(first.span)}` ({evidence.label})."
    prose = [s for s in runs if s.evidence is Evidence.PROSE and s.command in confirmed]
    if prose:
        text += " The task runner or CI runs the same command."
    b.prose(text, first.span)
    b.commands(runs)
    bundler.after(b, runs)
    if inner:
        b.prose(_runs_sentence(runs[0].command if runs else procedure.name, inner), inner[0].span)
        b.commands(inner)
        bundler.after(b, inner)
    kind = SceneType.VERIFY if _TESTING.search(procedure.name) else SceneType.ACT
    b.scene(procedure.name, kind, first.span, procedure.purpose)
