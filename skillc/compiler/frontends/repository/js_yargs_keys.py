"""yargs options configured key by key: ``.describe({...})``, ``.boolean([...])``,
``.alias('h', 'help')``.

Why a module of its own: besides ``.option(key, spec)`` and ``.options({...})``, yargs lets
a program say one thing about many keys at once, and older programs do so for everything
(cowsay 1.6: ``.options`` gives defaults, ``.describe`` the help of every switch,
``.boolean`` which are switches, ``.alias`` the long names). Each call adds to the option of
its key, or starts it when no earlier call named the key (an option only ``.describe`` names
is still an option the program accepts: yargs prints it in ``--help``). Calls are met in any
order within a chain, so every step merges rather than appends; the reader applies them after
the definitions, in source order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tree_sitter import Node

from skillc.compiler.frontends.repository.js_plain import js_string, js_strings, object_key
from skillc.compiler.frontends.repository.model import Option
from skillc.ir.span import Span

__all__ = ["KEY_METHODS", "add_option", "configure_keys", "yargs_flags"]

#: yargs methods that configure options by key.
KEY_METHODS = frozenset({"describe", "boolean", "string", "number", "count", "alias"})
_TYPES = {"boolean": "boolean", "string": "string", "number": "number", "count": "count"}


def yargs_flags(names: tuple[str, ...]) -> tuple[str, ...]:
    """yargs keys as the command line spells them: ``p`` -> ``-p``, ``port`` -> ``--port``."""
    flagged = [n if n.startswith("-") else ("-" if len(n) == 1 else "--") + n for n in names]
    return tuple(sorted(set(flagged), key=lambda n: (n.startswith("--"), n)))


def configure_keys(
    method: str, args: list[Node], options: list[Option], at: Callable[[Node], Span]
) -> bool:
    """Apply yargs key method ``method`` (its arguments ``args``) to ``options``, each new
    option cited at ``at(node)`` of the key's own node; False when the call is not one
    (``.describe('text')`` with one string describes the command instead)."""
    keyed = _keys(method, args)
    if keyed is None:
        return False
    for key, value, where in keyed:
        flag = yargs_flags((key,))[0]
        index = next((i for i, o in enumerate(options) if flag in o.names), None)
        if index is None:
            options.append(Option(names=(flag,), span=at(where)))
            index = len(options) - 1
        options[index] = _applied(method, options[index], value)
    return True


def _keys(method: str, args: list[Node]) -> list[tuple[str, Node | None, Node]] | None:
    """The (key, value, node naming the key) triples a call configures; None when none."""
    if not args:
        return None
    first = args[0]
    if method in _TYPES:
        items = first.named_children if first.type == "array" else [first]
        return [(k, None, n) for n in items if (k := js_string(n))] or None
    if first.type == "object":
        pairs = [p for p in first.named_children if p.type == "pair"]
        return [
            (k, p.child_by_field_name("value"), p)
            for p in pairs
            if (k := object_key(p.child_by_field_name("key")))
        ] or None
    key = js_string(first)
    return [(key, args[1], first)] if key and len(args) > 1 else None


def _applied(method: str, option: Option, value: Node | None) -> Option:
    if method == "describe":
        return replace(option, help=option.help or (js_string(value) or ""))
    if method == "alias":
        bare = tuple(n.lstrip("-") for n in option.names)
        return replace(option, names=yargs_flags((*bare, *js_strings(value))))
    kind = _TYPES[method]
    return replace(
        option, type=option.type or kind, flag=option.flag or kind in ("boolean", "count")
    )


def add_option(options: list[Option], option: Option) -> None:
    """Add ``option`` (an ``.option``/``.options`` definition) to ``options``, merged into the
    option a key method already started for one of its names: the definition's fields and
    place win, the key methods' help, type and names fill what it leaves out."""
    index = next((i for i, o in enumerate(options) if set(o.names) & set(option.names)), None)
    if index is None:
        options.append(option)
        return
    known = options[index]
    bare = tuple(n.lstrip("-") for n in (*option.names, *known.names))
    options[index] = replace(
        option,
        names=option.names if option.argument else yargs_flags(bare),
        help=option.help or known.help,
        type=option.type or known.type,
        flag=option.flag or known.flag,
    )
