"""One code repository (a bundle of its files, `files.collect`) -> its SSL skills.

Why this order: packaging metadata first (the project's name and the console scripts it
installs), then the command line behind each script (tree-sitter, `python.entry`), then the
procedures of CI, the task runners and the prose, and the docs' examples; `skills` turns
the whole into skills.

Guarantees: deterministic (files are read in path order); never raises on any bundle (a file
that does not parse, in TOML, YAML or Python, costs only what it would have given, with a
note); spans name the repository's files as the build's page ids do (``src/flask/cli.py``,
or ``flask-3.1.3/src/flask/cli.py`` beside other inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from tree_sitter import Node

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.repository.bundling import run_scripts
from skillc.compiler.frontends.repository.code import Broken
from skillc.compiler.frontends.repository.config.nox import read_noxfile
from skillc.compiler.frontends.repository.config.pyproject import (
    Metadata,
    read_pyproject,
    read_setup_cfg,
    read_setup_py,
)
from skillc.compiler.frontends.repository.config.tasks import read_makefile, read_tox_ini
from skillc.compiler.frontends.repository.config.workflows import read_gitlab_ci, read_workflow
from skillc.compiler.frontends.repository.files import PROSE_STEMS, Bundle, decode
from skillc.compiler.frontends.repository.go_api import go_api
from skillc.compiler.frontends.repository.golang import usage_lines
from skillc.compiler.frontends.repository.javascript_api import javascript_api
from skillc.compiler.frontends.repository.man_page import manual_command
from skillc.compiler.frontends.repository.model import (
    Api,
    Procedure,
    Project,
    RunScript,
    Script,
    Step,
)
from skillc.compiler.frontends.repository.polyglot import read_other_languages
from skillc.compiler.frontends.repository.prose import Sections, docs_examples, read_sections
from skillc.compiler.frontends.repository.python.api import public_surface
from skillc.compiler.frontends.repository.python.entry import PythonTree
from skillc.compiler.frontends.repository.python.syntax import PyFile
from skillc.compiler.frontends.repository.rust_api import rust_api
from skillc.compiler.frontends.repository.skills import project_skills, project_slug
from skillc.compiler.frontends.repository.surface import on_surface
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.span import Span

__all__ = ["read_repository"]

_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
_PROSE_KINDS = ("install", "build", "test")
#: The files that name a project, in the order their names are taken.
_MANIFESTS = ("pyproject.toml", "setup.cfg", "setup.py", "package.json", "Cargo.toml", "go.mod")


class _Spans:
    """Spans of whole lines of the bundle's files (line starts computed once per file)."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.starts: dict[str, list[int]] = {}

    def line(self, path: str, number: int) -> Span:
        text = self.bundle.files.get(path, "")
        starts = self.starts.get(path)
        if starts is None:
            starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
            self.starts[path] = starts
        number = min(max(number, 1), len(starts))
        start = starts[number - 1]
        end = starts[number] - 1 if number < len(starts) else len(text)
        return Span(
            source=self.bundle.source(path),
            line=number,
            col=1,
            end_line=number,
            end_col=end - start + 1,
            start=start,
            end=end,
        )

    def of(self, path: str) -> Callable[[int], Span]:
        """The span maker of file ``path``'s lines."""
        return lambda number: self.line(path, number)


def read_repository(data: bytes, source_id: str) -> FrontendResult:
    """The skills of the repository bundled in ``data`` (source ``source_id``)."""
    bundle = decode(data)
    spans = _Spans(bundle)
    notes: list[Diagnostic] = []
    meta = _metadata(bundle, spans, notes)
    python = PythonTree(
        files={
            p: (bundle.source(p), t)
            for p, t in bundle.files.items()
            if p.endswith(".py") and on_surface(p)
        },
        prefix=bundle.prefix,
    )
    scripts = _scripts(meta, python, bundle, spans, notes)
    notes.extend(_syntax_notes(python.parsed()))
    broken: Broken = {}
    other = read_other_languages(bundle, spans.line, broken)
    apis = _apis(bundle, python, broken)
    notes.extend(_syntax_notes(broken[p] for p in sorted(broken) if not p.endswith(".py")))
    notes.extend(_warning(span, problem) for span, problem in other.problems)
    for script in other.scripts:
        if script.command is None:
            notes.append(_unresolved(script.span, script.name, script.target))
    scripts.extend(other.scripts)
    sections = Sections()
    for path in sorted(bundle.files):
        if _prose_page(path):
            read_sections(path, bundle.source(path), bundle.files[path], sections, spans.of(path))
    procedures = [
        *meta.procedures,
        *_task_procedures(bundle, spans, notes),
        *other.procedures,
        *_prose_procedures(sections),
    ]
    contributing = (*sections.steps.get("contribute", ()), *sections.steps.get("release", ()))
    steps = [*(s for p in procedures for s in p.steps), *contributing]
    project = Project(
        name=meta.name or other.name or source_id,
        root=spans.line(_first(bundle, _MANIFESTS), 1),
        scripts=tuple(scripts),
        procedures=tuple(procedures),
        examples=tuple(_examples(bundle, spans, {s.name for s in scripts})),
        contributing=contributing,
        apis=apis,
        run_scripts=run_scripts(bundle.files, steps, lambda path: spans.line(path, 1)),
    )
    notes.extend(_not_bundled(project.run_scripts, spans))
    skills = project_skills(project)
    if not skills and not any(_prose_page(p) or _docs_page(p) for p in bundle.files):
        notes.append(_nothing_made(project))
    return FrontendResult(
        skills=tuple(skills),
        diagnostics=tuple(notes),
        names=tuple(_top_page_names(bundle, project)),
    )


def _apis(bundle: Bundle, python: PythonTree, broken: Broken) -> tuple[Api, ...]:
    """The public modules of each language that has some: Python, JavaScript/TypeScript,
    Go, Rust (each its own reader; files that do not parse noted in ``broken``)."""
    found = [
        ("Python", public_surface(python)),
        ("JavaScript", javascript_api(bundle, broken)),
        ("Go", go_api(bundle, broken)),
        ("Rust", rust_api(bundle, broken)),
    ]
    return tuple(Api(language=lang, modules=tuple(mods)) for lang, mods in found if mods)


def _top_page_names(bundle: Bundle, project: Project) -> list[tuple[str, str]]:
    """The README and the other prose pages at the top (CONTRIBUTING, HACKING: `PROSE_STEMS`),
    read as guide pages, are the project's own: their skills are named after the project as
    the repository's own skills are (``click-readme``, ``python-dotenv-contributing``), not
    a bare ``readme`` beside other projects' in one library, nor after the folder of an
    sdist built beside others (``python-dotenv-1-0-1-contributing``)."""
    slug = project_slug(project)
    named = []
    for path in sorted(bundle.files):
        stem = path.lower().partition(".")[0]
        if "/" not in path and stem in PROSE_STEMS:
            named.append((bundle.source(path), f"{slug}-{stem}"))
    return named


def _scripts(
    meta: Metadata, python: PythonTree, bundle: Bundle, spans: _Spans, notes: list[Diagnostic]
) -> list[Script]:
    """The console scripts with the command line behind each, else the options of the man
    page named after it (SK038 when neither is found); ``python -m package`` command lines
    when the project installs no script."""
    scripts = []
    for script, target, line in meta.scripts:
        span = spans.line(meta.scripts_file, line)
        command = python.command(target, script) or manual_command(bundle.files, script, spans.line)
        if command is None:
            notes.append(_unresolved(span, script, target))
        scripts.append(Script(name=script, target=target, span=span, command=command))
    return scripts or _main_modules(python, spans)


def _examples(bundle: Bundle, spans: _Spans, programs: set[str]) -> list[Step]:
    """Prompted command lines of the README and docs that run one of ``programs``, then
    those of Go programs' usage texts (`golang.usage_lines`: age's docs have none)."""
    if not programs:
        return []
    docs = [
        step
        for path in sorted(bundle.files)
        if _docs_page(path)
        for step in docs_examples(bundle.source(path), bundle.files[path], programs, spans.of(path))
    ]
    usage = [
        step
        for path in sorted(bundle.files)
        if path.endswith(".go") and not path.endswith("_test.go") and "`" in bundle.files[path]
        for step in docs_examples(
            bundle.source(path), usage_lines(bundle.files[path]), programs, spans.of(path)
        )
    ]
    return docs + usage


def _main_modules(python: PythonTree, spans: _Spans) -> list[Script]:
    """``python -m package`` command lines, for a project that installs no script."""
    found = []
    for package in python.main_modules():
        program = f"python -m {package}"
        command = python.module_command(f"{package}.__main__", program)
        if command is not None:
            path = python.by_module[f"{package}.__main__"]
            span = spans.line(path, 1)
            found.append(
                Script(
                    name=program,
                    target=f"{package}.__main__",
                    span=span,
                    command=command,
                    module=True,
                )
            )
    return found


def _first(bundle: Bundle, names: tuple[str, ...]) -> str:
    """The first of ``names`` the bundle holds, else its first file."""
    return next((n for n in names if n in bundle.files), next(iter(sorted(bundle.files)), ""))


def _metadata(bundle: Bundle, spans: _Spans, notes: list[Diagnostic]) -> Metadata:
    meta = Metadata()
    if "pyproject.toml" in bundle.files:
        meta = read_pyproject(bundle.files["pyproject.toml"], spans.of("pyproject.toml"))
        if meta.problem:
            notes.append(_warning(spans.line("pyproject.toml", 1), meta.problem))
    for name, reader in (("setup.cfg", read_setup_cfg), ("setup.py", read_setup_py)):
        if not meta.scripts and name in bundle.files:
            other = reader(bundle.files[name])
            meta.name = meta.name or other.name
            meta.description = meta.description or other.description
            meta.scripts = other.scripts
            meta.scripts_file = name if other.scripts else meta.scripts_file
    return meta


def _task_procedures(bundle: Bundle, spans: _Spans, notes: list[Diagnostic]) -> list[Procedure]:
    """Procedures of CI workflows, ``tox.ini`` and the Makefile."""
    found: list[Procedure] = []
    for path in sorted(bundle.files):
        if path.startswith(".github/workflows/"):
            procedures, problem = read_workflow(bundle.files[path], spans.of(path))
            if problem:
                notes.append(_warning(spans.line(path, 1), problem))
            found.extend(procedures)
    if ".gitlab-ci.yml" in bundle.files:
        procedures, problem = read_gitlab_ci(
            bundle.files[".gitlab-ci.yml"], spans.of(".gitlab-ci.yml")
        )
        if problem:
            notes.append(_warning(spans.line(".gitlab-ci.yml", 1), problem))
        found.extend(procedures)
    if "noxfile.py" in bundle.files:
        text = bundle.files["noxfile.py"]
        source = bundle.source("noxfile.py")
        found.extend(read_noxfile("noxfile.py", source, text, spans.of("noxfile.py")))
    if "tox.ini" in bundle.files:
        found.extend(read_tox_ini(bundle.files["tox.ini"], spans.of("tox.ini")))
    makefile = next((m for m in _MAKEFILES if m in bundle.files), "")
    if makefile:
        found.extend(read_makefile(bundle.files[makefile], spans.of(makefile)))
    return found


def _prose_procedures(sections: Sections) -> list[Procedure]:
    found = []
    for kind in _PROSE_KINDS:
        steps: list[Step] = sections.steps.get(kind, [])
        if steps:
            heading = steps[0].context
            purpose = f'from the "{heading}" section of the docs' if heading else ""
            found.append(Procedure(name=kind, purpose=purpose, steps=tuple(steps)))
    return found


def _prose_page(path: str) -> bool:
    """README, CONTRIBUTING (at the top or in the docs) and the docs' development pages."""
    parts = PurePosixPath(path.lower()).parts
    top = len(parts) == 1 and parts[0].startswith(("readme", "contributing", "hacking"))
    docs = len(parts) == 2 and parts[0] in ("docs", "doc")
    return top or (docs and parts[1].startswith(("contributing", "development", "hacking")))


def _docs_page(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return (parts[0] in ("docs", "doc") or len(parts) == 1) and path.endswith(
        (".md", ".rst", ".txt")
    )


def _syntax_notes(files: Iterable[PyFile]) -> list[Diagnostic]:
    """SK037 for each parsed file (any language) tree-sitter found syntax errors in, at the
    line of its first error; never fatal: what parses around the errors is read."""
    found = []
    for file in files:
        if file.errors:
            line = _first_error_line(file.root)
            span = Span(
                source=file.source, line=line, col=1, end_line=line, end_col=1, start=0, end=0
            )
            message = f"{file.errors} syntax error(s) in {file.path}: read what parses around them"
            found.append(_diagnostic("SK037", span, message, Severity.WARNING))
    return found


def _first_error_line(root: Node) -> int:
    """The line of the first error: in an ERROR node, past the whole statements it starts
    with (tree-sitter's recovery wraps a valid loop and the broken line after it in one)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            whole = (c for c in node.children if not (c.is_named and not c.has_error))
            first = next(whole, node)
            return int(first.start_point[0]) + 1
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return 1


def _not_bundled(scripts: Iterable[RunScript], spans: _Spans) -> list[Diagnostic]:
    """SK064 for each script a procedure runs that is not self-contained (`bundling`)."""
    return [
        _diagnostic(
            "SK064",
            spans.line(script.path, script.line or 1),
            f"{script.path} is not bundled: it {script.reason}",
            Severity.INFO,
        )
        for script in scripts
        if script.reason
    ]


def _nothing_made(project: Project) -> Diagnostic:
    """SK039: neither the repository's code nor a page of it makes a skill (Debian's cobra
    sources: a Go library without its README), so the input adds nothing to the build."""
    message = (
        f"{project.name}: no skill made from it: no program it installs, no CI, task-runner "
        "or documented procedure, no public module (Python, JavaScript, Go, Rust) "
        "and no README or docs page"
    )
    return _diagnostic("SK039", project.root, message, Severity.WARNING)


def _unresolved(span: Span, script: str, target: str) -> Diagnostic:
    message = (
        f"program {script} = {target!r}: its command line could not be read from the source "
        "(no click, argparse, typer, commander, yargs, clap, cobra, flag or shell option "
        "parsing skillc can follow), so no skill lists it"
    )
    return _diagnostic("SK038", span, message, Severity.INFO)


def _warning(span: Span, message: str) -> Diagnostic:
    return _diagnostic("SK037", span, message, Severity.WARNING)


def _diagnostic(code: str, span: Span, message: str, severity: Severity) -> Diagnostic:
    return Diagnostic(code=code, message=message, severity=severity, span=span, path=span.source)
