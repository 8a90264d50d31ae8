"""CI workflows (GitHub Actions' ``.github/workflows/*.yml``, GitLab's ``.gitlab-ci.yml``): the
commands CI runs.

Why: a command CI runs on every change is the strongest evidence of how a project is built
and tested (`Evidence.CI`): it is known to work. Each job with ``run:`` steps is a procedure;
``uses:`` steps (actions) are not commands and are left out. The YAML is read with PyYAML's
safe composer, which gives every value's line without building Python objects; aliases are
not followed (a "billion laughs" file costs what its text costs).
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from skillc.compiler.frontends.repository.model import Evidence, Procedure, Step
from skillc.ir.span import Span

__all__ = ["read_gitlab_ci", "read_workflow", "script_commands"]

#: Top-level keys of ``.gitlab-ci.yml`` that are settings, not jobs.
_GITLAB_KEYWORDS = frozenset(
    {
        "stages", "variables", "default", "include", "image", "services", "before_script",
        "after_script", "cache", "workflow", "pages", "spec",
    }
)  # fmt: skip

Spanner = Callable[[int], Span]


def read_workflow(text: str, span: Spanner) -> tuple[list[Procedure], str]:
    """The procedures of one workflow file, and a problem when it is not valid YAML."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError) as exc:  # PyYAML composes recursively
        return [], f"not valid YAML or nested too deep ({type(exc).__name__})"
    jobs = _get(root, "jobs")
    if not isinstance(jobs, yaml.MappingNode):
        return [], ""
    workflow = _scalar(_get(root, "name"))
    found: list[Procedure] = []
    for key, job in jobs.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(job, yaml.MappingNode):
            continue
        name = _scalar(_get(job, "name")) or key.value
        steps = _steps(_get(job, "steps"), name, span)
        if steps:
            purpose = f"CI job `{name}`" + (f" of workflow `{workflow}`" if workflow else "")
            found.append(Procedure(name=key.value, purpose=purpose, steps=tuple(steps)))
    return found, ""


def _steps(node: yaml.Node | None, job: str, span: Spanner) -> list[Step]:
    if not isinstance(node, yaml.SequenceNode):
        return []
    found: list[Step] = []
    for item in node.value:
        run = _get(item, "run")
        if not isinstance(run, yaml.ScalarNode):
            continue
        label = _scalar(_get(item, "name"))
        first = run.start_mark.line + 1 + (1 if run.style in ("|", ">") else 0)
        for offset, command in script_commands(run.value):
            at = span(first + offset)
            found.append(
                Step(command=command, span=at, evidence=Evidence.CI, context=job, note=label)
            )
    return found


def script_commands(script: str) -> list[tuple[int, str]]:
    r"""The commands of a shell script, each with its 0-based line offset: one per line when
    every line is a simple command, else the whole script verbatim (an ``if`` block, a loop, a
    continued line or a here-document only means something with its indentation and its other
    lines; comments inside it are kept too).

    >>> script_commands("pip install -e .\n# then\npytest\n")
    [(0, 'pip install -e .'), (2, 'pytest')]
    >>> script_commands("if [ -f x ]; then\n  make x\nfi\n")
    [(0, 'if [ -f x ]; then\n  make x\nfi')]
    """
    lines = script.rstrip().split("\n")
    kept = [(n, line.strip()) for n, line in enumerate(lines) if line.strip()]
    if any(_compound(line) for line in lines):
        start = kept[0][0] if kept else 0
        return [(start, "\n".join(lines[start:]))] if kept else []
    return [(n, line) for n, line in kept if not line.startswith("#")]


def _compound(line: str) -> bool:
    """Whether a line of a script belongs to more than itself: indented, continued, a
    here-document or a shell keyword that opens or closes a block."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    if line[:1].isspace() or stripped.endswith(("\\", "&&", "||", "|")) or "<<" in stripped:
        return True
    first = stripped.split(None, 1)[0].rstrip(";")
    return first in _SHELL_BLOCKS or stripped.endswith(("{", "(", " do", " then"))


#: Words that open, continue or close a shell block.
_SHELL_BLOCKS = frozenset(
    {"if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case", "esac",
     "function", "{", "}", "(", ")"}
)  # fmt: skip


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _scalar(node: yaml.Node | None) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def read_gitlab_ci(text: str, span: Spanner) -> tuple[list[Procedure], str]:
    """The procedures of a ``.gitlab-ci.yml``: one per job (hidden ``.jobs`` are templates)
    with its ``before_script`` and ``script`` lines."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError) as exc:  # PyYAML composes recursively
        return [], f"not valid YAML or nested too deep ({type(exc).__name__})"
    if not isinstance(root, yaml.MappingNode):
        return [], ""
    found: list[Procedure] = []
    for key, job in root.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else ""
        if not name or name.startswith(".") or name in _GITLAB_KEYWORDS:
            continue
        steps = [
            step
            for field in ("before_script", "script")
            for step in _script_lines(_get(job, field), name, span)
        ]
        if steps:
            stage = _scalar(_get(job, "stage"))
            purpose = f"GitLab CI job `{name}`" + (f" (stage `{stage}`)" if stage else "")
            found.append(Procedure(name=name, purpose=purpose, steps=tuple(steps)))
    return found, ""


def _script_lines(node: yaml.Node | None, job: str, span: Spanner) -> list[Step]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found = []
    for item in items:
        if isinstance(item, yaml.ScalarNode) and item.value.strip():
            line = item.start_mark.line + 1
            found.append(
                Step(command=item.value.strip(), span=span(line), evidence=Evidence.CI, context=job)
            )
    return found
