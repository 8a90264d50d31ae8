"""click parameters read from source: ``click.option``/``click.Option`` and
``click.argument``/``click.Argument`` calls, and the options click's decorators preset.

Why a module of its own: the same calls appear as decorators, as option objects assigned to a
name and attached later, and in group classes (`click_cli`); an option reads the same
wherever it is written. Names are listed as click's help lists them (by dash-prefix length);
``--x/--no-x`` pairs keep their off switch; a literal ``click.Choice`` gives the choices; a
default is a literal's value, else its source text (never evaluated).
"""

from __future__ import annotations

import inspect

from tree_sitter import Node

from skillc.compiler.frontends.repository.model import Option
from skillc.compiler.frontends.repository.python.syntax import (
    Call,
    PyFile,
    call_of,
    has_value,
    literal,
    string_value,
)

__all__ = ["PRESET", "clean_help", "declarations", "flag_names", "option_of", "ordered"]

#: Options click's decorators add, with the help click gives them.
PRESET: dict[str, tuple[tuple[str, ...], str]] = {
    "version_option": (("--version",), "Show the version and exit."),
    "help_option": (("--help",), "Show this message and exit."),
    "password_option": (("--password",), ""),
    "confirmation_option": (("--yes",), "Confirm the action without prompting."),
}


def clean_help(text: str) -> str:
    """Help as click shows it: dedented, cut at a form feed."""
    return inspect.cleandoc(text.split("\f", 1)[0]) if text else ""


def declarations(call: Call) -> list[str]:
    """The declaration strings of an option: positional strings, or a list of them."""
    decls: list[str] = []
    for arg in call.args:
        value = literal(arg)
        if isinstance(value, str):
            decls.append(value)
        elif isinstance(value, tuple):
            decls.extend(v for v in value if isinstance(v, str))
    return decls


def flag_names(decls: list[str]) -> tuple[list[str], list[str]]:
    """The option names click reads from parameter declarations (typer passes them on): the
    names before a ``/`` that start with ``-``, and the off-switches after it
    (``"--shout/--no-shout"``)."""
    primary: list[str] = []
    secondary: list[str] = []
    for decl in decls:
        first, slash, second = decl.partition("/")
        if first.strip().startswith("-"):
            primary.append(first.strip())
        if slash and second.strip():
            secondary.append(second.strip())
    return primary, secondary


def option_of(file: PyFile, call: Call, *, argument: bool) -> Option | None:
    """The `Option` a ``click.option``/``click.Option``/``click.argument`` call declares."""
    decls = declarations(call)
    kind, choices = _type_fields(file, call)
    if argument:
        name = next((d for d in decls if d.isidentifier() or "-" in d), "")
        if not name:
            return None
        return Option(
            names=(name.replace("-", "_").upper(),),
            span=file.span(call.node),
            argument=True,
            required=literal(call.kwargs.get("required")) is not False,
            default=_value_text(file, call.kwargs.get("default")),
            type=kind,
            choices=choices,
        )
    primary, secondary = flag_names(decls)
    if not primary and not secondary:
        return None
    return Option(
        names=ordered(tuple(primary)),
        secondary=ordered(tuple(secondary)),
        span=file.span(call.node),
        help=clean_help(string_value(call.kwargs.get("help")) or ""),
        default=_value_text(file, call.kwargs.get("default")),
        required=literal(call.kwargs.get("required")) is True,
        flag=bool(secondary)
        or any(literal(call.kwargs.get(k)) is True for k in ("is_flag", "count")),
        multiple=literal(call.kwargs.get("multiple")) is True,
        type=kind,
        choices=choices,
    )


def _type_fields(file: PyFile, call: Call) -> tuple[str, tuple[str, ...]]:
    """``type`` (as written) and ``choices`` (of a literal ``click.Choice``)."""
    node = call.kwargs.get("type")
    if node is None:
        return "", ()
    inner = call_of(node)
    if inner is not None and inner.func.rpartition(".")[2] == "Choice" and inner.args:
        values = literal(inner.args[0])
        if isinstance(values, tuple) and all(isinstance(v, str) for v in values):
            return "choice", values
    return (inner.func if inner is not None else file.text(node)), ()


def _value_text(file: PyFile, node: Node | None) -> str:
    """A default as text: a literal's value (``None`` as no default), else its source."""
    if node is None:
        return ""
    value = literal(node)
    if not has_value(value):
        text = file.text(node)
        return text if len(text) <= 80 else text[:77] + "..."
    if value is None:
        return ""
    return str(value)


def ordered(names: tuple[str, ...]) -> tuple[str, ...]:
    """Option names in click's help order: by the length of their dash prefix, stable."""
    return tuple(sorted(names, key=lambda n: len(n) - len(n.lstrip("-/+"))))
