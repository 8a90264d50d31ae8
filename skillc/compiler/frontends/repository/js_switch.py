"""JavaScript programs that parse ``process.argv`` by hand in a ``switch`` on each argument.

Why: small CLIs without an option library (marked's ``bin/main.js``) read their options as
``switch (arg) { case '-o': case '--output': output = argv.shift(); break; ... }``. The
cases are the definition: labels that fall through to one body are one option's names, and
a body that takes the next argument (``argv.shift()``, ``args[++i]``) takes a value. Help and
value names come from the program's usage text or its man page when they document the same
names. A ``default:`` branch that takes any other ``--name`` (marked passes them to its
library) is not enumerable from the code: the options the usage text or man page documents
beyond the cases are listed too, cited at that branch.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from skillc.compiler.frontends.repository.code import SourceFile, nodes, text_of
from skillc.compiler.frontends.repository.js_plain import js_string
from skillc.compiler.frontends.repository.model import Option
from skillc.compiler.frontends.repository.usage import UsageLine

__all__ = ["MIN_CASES", "TAKES_VALUE", "switch_options"]

#: Fewer option cases than this in one switch is not an option parser.
MIN_CASES = 2
_OPTION = re.compile(r"^--?[A-Za-z0-9][\w-]*$")
TAKES_VALUE = re.compile(r"\.shift\(\)|\[\s*\+\+\s*\w+\s*\]|\[\s*\w+\s*\+\s*1\s*\]")


def switch_options(file: SourceFile, helps: dict[str, UsageLine]) -> tuple[Option, ...]:
    """The options of the switch with the most option-string cases (none below
    `MIN_CASES`), each with help from ``helps`` (usage lines by option name)."""
    best: tuple[Option, ...] = ()
    for switch in nodes(file.root, frozenset({"switch_statement"})):
        options = _options(file, switch, helps)
        if len(options) > len(best):
            best = options + _documented(file, switch, options, helps)
    return best if len(best) >= MIN_CASES else ()


def _documented(
    file: SourceFile, switch: Node, cased: tuple[Option, ...], helps: dict[str, UsageLine]
) -> tuple[Option, ...]:
    """The documented options a ``default:`` branch accepts (it tests for ``'--'``)."""
    body = switch.child_by_field_name("body")
    default = next(
        (c for c in (body.named_children if body else ()) if c.type == "switch_default"), None
    )
    if default is None or ("'--'" not in text_of(default) and '"--"' not in text_of(default)):
        return ()
    taken = {n for option in cased for n in option.names}
    lines = list({id(line): line for line in helps.values()}.values())
    return tuple(
        Option(
            names=line.names,
            span=file.span(default),
            help=line.help,
            type=line.value,
            flag=not line.value,
        )
        for line in sorted(lines, key=lambda line: line.row)
        if not taken & set(line.names)
    )


def _options(file: SourceFile, switch: Node, helps: dict[str, UsageLine]) -> tuple[Option, ...]:
    body = switch.child_by_field_name("body")
    found: list[Option] = []
    labels: list[tuple[str, Node]] = []
    for case in body.named_children if body is not None else ():
        label = js_string(case.child_by_field_name("value")) if case.type == "switch_case" else None
        if label is None or not _OPTION.match(label):
            labels = []
            continue
        labels.append((label, case))
        statements = case.children_by_field_name("body")
        if not statements:  # falls through to the next label's body
            continue
        names = tuple(sorted(dict.fromkeys(n for n, _ in labels), key=lambda n: (len(n), n)))
        takes = any(TAKES_VALUE.search(text_of(s)) for s in statements)
        usage = next((helps[n] for n in names if n in helps), None)
        found.append(
            Option(
                names=names,
                span=file.span(labels[0][1]),
                help=usage.help if usage else "",
                type=(usage.value if usage and usage.value else "value") if takes else "",
                flag=not takes,
            )
        )
        labels = []
    return tuple(found)
