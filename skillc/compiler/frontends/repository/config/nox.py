"""``noxfile.py`` sessions: the project's task runner written in Python.

Why tree-sitter again: a noxfile is code, and it is never run; its sessions are functions
decorated with ``@nox.session`` whose ``session.install(...)`` and ``session.run(...)`` calls
are the commands. Literal arguments are kept as they are, ``*session.posargs`` as
``{posargs}``; any other argument is kept as its source text in angle brackets, so nothing
is evaluated and nothing is invented.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from skillc.compiler.frontends.repository.config.lines import shell_word
from skillc.compiler.frontends.repository.model import Evidence, Procedure, Step
from skillc.compiler.frontends.repository.python.syntax import (
    Call,
    PyFile,
    call_of,
    dotted,
    literal,
    parse_python,
    string_value,
)
from skillc.ir.span import Span

__all__ = ["read_noxfile"]

Spanner = Callable[[int], Span]
_COMMANDS = {"run": "", "install": "pip install", "run_install": "", "run_always": ""}


def read_noxfile(path: str, source: str, text: str, span: Spanner) -> list[Procedure]:
    """One procedure per nox session of ``text`` (the file at ``path``)."""
    file = parse_python(path, source, text)
    found: list[Procedure] = []
    for statement in file.root.named_children:
        if statement.type != "decorated_definition":
            continue
        function = statement.child_by_field_name("definition")
        session = _session(statement)
        if function is None or function.type != "function_definition" or session is None:
            continue
        name_node = function.child_by_field_name("name")
        function_name = file.text(name_node) if name_node is not None else ""
        name = string_value(session.kwargs.get("name")) or function_name
        line = function.start_point[0] + 1
        invocation = f"nox -s {name}"
        steps = [Step(command=invocation, span=span(line), evidence=Evidence.TASK, context=name)]
        for call in _session_calls(function):
            command = _command(file, call)
            if command:
                at = call.node.start_point[0] + 1
                note = f"run by `{invocation}`"
                steps.append(
                    Step(
                        command=command,
                        span=span(at),
                        evidence=Evidence.TASK,
                        context=name,
                        note=note,
                    )
                )
        found.append(Procedure(name=name, purpose=_docstring(function), steps=tuple(steps)))
    return found


def _session(statement: Node) -> Call | None:
    """The ``@nox.session(...)`` decorator's call (an empty one when written bare)."""
    for decorator in (c for c in statement.named_children if c.type == "decorator"):
        expression = decorator.named_children[0] if decorator.named_child_count else None
        call = call_of(expression)
        if call is not None and call.func in ("nox.session", "session"):
            return call
        if expression is not None and dotted(expression) in ("nox.session", "session"):
            return Call(node=expression, func="nox.session", args=(), kwargs={})
    return None


def _session_calls(function: Node) -> list[Call]:
    """``session.run(...)``-like calls of a session's body, in source order."""
    calls: list[Call] = []
    stack = [function.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        call = call_of(node)
        if call is not None and call.func.rpartition(".")[2] in _COMMANDS and "." in call.func:
            calls.append(call)
        stack.extend(reversed(node.named_children))
    return sorted(calls, key=lambda c: c.node.start_byte)


def _command(file: PyFile, call: Call) -> str:
    words = (
        [_COMMANDS[call.func.rpartition(".")[2]]] if _COMMANDS[call.func.rpartition(".")[2]] else []
    )
    for arg in call.args:
        value = literal(arg)
        if isinstance(value, str):
            words.append(shell_word(value))
        elif arg.type == "list_splat":
            words.append("{posargs}" if "posargs" in file.text(arg) else f"<{file.text(arg)}>")
        else:
            words.append(f"<{file.text(arg)}>")
    return " ".join(words)


def _docstring(function: Node) -> str:
    body = function.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_child_count else None
    if first is None or first.type != "expression_statement" or not first.named_child_count:
        return ""
    return " ".join((string_value(first.named_children[0]) or "").split())
