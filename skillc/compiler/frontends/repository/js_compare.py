"""JavaScript programs that read ``process.argv`` by comparing each argument with option names.

Why: the smallest CLIs (npm's ``he``) use neither an option library nor a ``switch``
(`js_switch`): they test each argument in an ``if``, ``if (string == '--escape')``, or
match it with a regular expression, ``if (/^(?:-h|--help)$/.test(option))``. Each such
condition is the definition of one option: the names it compares with (``||`` of
comparisons, or a regular expression's alternatives) are that option's names, and a branch
that takes the next argument (``argv.shift()``, ``args[++i]``) takes a value. Help and value
names come from the program's usage text or man page when they document the same names.
Only a file that reads ``process.argv`` is read this way, so a library comparing strings
that happen to start with ``-`` is not taken for a command line.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of
from skillc.compiler.frontends.repository.js_plain import js_string
from skillc.compiler.frontends.repository.js_switch import MIN_CASES, TAKES_VALUE
from skillc.compiler.frontends.repository.model import Option
from skillc.compiler.frontends.repository.usage import UsageLine

__all__ = ["compared_options"]

_OPTION = re.compile(r"^--?[A-Za-z0-9][\w-]*$")
_EQUALS = frozenset({"==", "==="})
#: A regular expression that matches whole words only: ``^(?:-h|--help)$``.
_ANCHORED = re.compile(r"^\^\(\?:([^()]*)\)\$$|^\^([^()|]*(?:\|[^()|]*)*)\$$")


def compared_options(file: SourceFile, helps: dict[str, UsageLine]) -> tuple[Option, ...]:
    """The options the ``if`` conditions of a ``process.argv`` reader compare arguments with
    (none below `MIN_CASES`), in the order the program tests them, with help from ``helps``."""
    if b"process.argv" not in file.data:
        return ()
    found: dict[tuple[str, ...], Option] = {}
    for branch in nodes(file.root, frozenset({"if_statement"})):
        names = _names(branch.child_by_field_name("condition"))
        if not names or names in found:
            continue
        body = branch.child_by_field_name("consequence")
        takes = body is not None and bool(TAKES_VALUE.search(text_of(body)))
        usage = next((helps[n] for n in names if n in helps), None)
        found[names] = Option(
            names=names,
            span=file.span(branch),
            help=usage.help if usage else "",
            type=(usage.value if usage and usage.value else "value") if takes else "",
            flag=not takes,
        )
    return tuple(found.values()) if len(found) >= MIN_CASES else ()


def _names(condition: Node | None) -> tuple[str, ...]:
    """The option names a condition compares one argument with, shortest first; ``()`` when
    it is anything else (a comparison with a non-option, ``&&``, a negation)."""
    node = condition
    while node is not None and node.type == "parenthesized_expression":
        node = node.named_children[0] if node.named_children else None
    if node is None:
        return ()
    names = _or_names(node) if node.type == "binary_expression" else _regex_names(node)
    return tuple(sorted(dict.fromkeys(names), key=lambda n: (len(n), n))) if names else ()


def _or_names(node: Node) -> list[str]:
    """``a == '-x' || a === '--x'`` -> ``['-x', '--x']`` (empty unless every part is one)."""
    operator = text_of(node.child_by_field_name("operator"))
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if operator == "||" and left is not None and right is not None:
        first, second = _or_names(left), _or_names(right)
        return [*first, *second] if first and second else []
    if operator not in _EQUALS:
        return []
    value = js_string(right) if js_string(left) is None else js_string(left)
    return [value] if value is not None and _OPTION.match(value) else []


def _regex_names(node: Node) -> list[str]:
    """``/^(?:-h|--help|undefined)$/.test(x)`` -> ``['-h', '--help']``: the alternatives that
    are option names (``undefined``, no argument at all, is not one)."""
    if node.type != "call_expression":
        return []
    function = node.child_by_field_name("function")
    if function is None or function.type != "member_expression":
        return []
    regex = function.child_by_field_name("object")
    if text_of(function.child_by_field_name("property")) != "test" or regex is None:
        return []
    if regex.type != "regex":
        return []
    match = _ANCHORED.match(text_of(regex.child_by_field_name("pattern")))
    if match is None:
        return []
    words = (match.group(1) or match.group(2) or "").split("|")
    return [w for w in words if _OPTION.match(w)]
