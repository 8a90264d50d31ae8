"""Stand-ins for the Sphinx roles that plain docutils does not know.

Why: docutils turns ``:func:`run```, ``:ref:`install``` or an extlink such as ``:gh:`123``` into
an error node and the raw markup, so RST would be left in the emitted Markdown. Sphinx shows API
names as code, cross-references as links to the section or page they name, and everything else
as its text; the stand-ins do the same, the way `textutil`'s RST rewriter does for MyST pages
(``~pkg.mod.run`` shows as ``run``; ``Title <target>`` shows its title).

Guarantees: `role_for` returns ``None`` for the roles docutils itself knows (emphasis, literal,
code, math, pep, rfc...), so those keep docutils' behaviour; every other role yields text: a
literal for API names, a reference for a resolved ``:ref:``/``:doc:`` (relative to the page
being read), plain text otherwise, and an SK030 note when the role is unknown. Nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst import roles
from docutils.parsers.rst.languages import en

from skillc.compiler.frontends.rst.signature import c_expression
from skillc.compiler.frontends.rst.sphinx import current_page, note
from skillc.compiler.frontends.rst.targets import resolve_doc, resolve_ref

__all__ = ["role_for"]

_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)

RoleResult = tuple[list[nodes.Node], list[nodes.system_message]]
Role = Callable[..., RoleResult]

# Roles whose text is a name that reads as code (textutil's list, without docutils' own).
_CODE_ROLES = frozenset(
    {
        "func", "meth", "class", "exc", "attr", "data", "obj", "mod", "const", "option",
        "envvar", "file", "samp", "kbd", "regexp", "type", "keyword", "token",
        "member", "var", "macro", "struct", "enum", "enumerator", "union", "event", "confval",
        "any", "expr", "texpr", "cmdoption", "directive", "role", "attribute", "method",
        "function", "exception", "property", "decorator",
    }
)  # fmt: skip
# Sphinx's generic roles shown in bold (``literal_strong``) or italics (``literal_emphasis``).
_STRONG_ROLES = frozenset({"command", "program", "makevar"})
_EMPHASIS_ROLES = frozenset({"dfn", "mailheader", "mimetype", "newsgroup", "manpage"})
# Cross-reference roles Sphinx shows with "()" (``add_function_parentheses``, on by default).
_CALL_ROLES = frozenset({"func", "meth"})
# Roles whose ``{placeholder}`` parts Sphinx shows in italics, without the braces.
_EMPHASIZED_LITERALS = frozenset({"samp", "file"})
# Sphinx roles whose text reads as words.
_TEXT_ROLES = frozenset(
    {"term", "guilabel", "menuselection", "newsfeed", "download", "index", "eq"}
)  # fmt: skip
_ABBREVIATION = re.compile(r"\((.*)\)$", re.DOTALL)
_BRACES = re.compile(r"(\\\\|\\{|\\}|{|})")
_XREF_ROLES = frozenset({"ref", "numref", "doc"})


def role_for(name: str) -> Role | None:
    """The stand-in for role ``name``, or ``None`` when docutils' own should run."""
    lower = name.lower()
    if not lower:
        return None  # the default role (`text`): docutils' title reference
    domain, _, base = lower.rpartition(":")
    if base in _XREF_ROLES and domain in ("", "std"):
        return _xref_role
    if base in _CODE_ROLES:
        return _code_role
    if base in _STRONG_ROLES or base in _EMPHASIS_ROLES:
        return _styled_role
    if base == "abbr":
        return _abbreviation_role
    if lower in roles._roles or en.roles.get(lower, lower) in roles._role_registry:
        return None  # docutils' own: emphasis, literal, code, math, pep, rfc, sub, sup...
    if base in _TEXT_ROLES:
        return _text_role
    return _unknown_role


def _split(text: str) -> tuple[str, str]:
    """``Title <target>`` -> (title, target); a bare target has an empty title."""
    text = utils.unescape(text)
    titled = _TITLED.match(text)
    if titled and titled.group(1):
        return titled.group(1), titled.group(2).strip()
    return "", text.strip()


def _code_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """An API name as a code span, shown the way Sphinx shows it: ``~a.b`` as ``b``, a leading
    ``.`` of a Python name dropped, ``!name`` (not linked) as ``name``, functions and methods
    with ``()``, ``{placeholders}`` of ``:samp:``/``:file:`` without their braces, C
    expressions in Sphinx's C spacing (``PyObject *`` as ``PyObject*``)."""
    domain, _, base = name.lower().rpartition(":")
    if base in _EMPHASIZED_LITERALS:
        shown = _emphasized_literal(utils.unescape(text))
        return ([nodes.literal(rawtext, shown)] if shown else []), []
    explicit = False
    if utils.unescape(text).startswith("!"):
        shown = utils.unescape(text)[1:]
    else:
        title, target = _split(text)
        explicit = bool(title)
        shown = title or target
        if not explicit and domain in ("", "py"):
            shown = shown.lstrip(".")
        if not explicit and shown.startswith("~"):
            separator = ":" if base == "token" else "."  # a grammar token: group:name
            shown = shown[1:].rsplit(separator, 1)[-1]
        if domain == "c" and base in ("expr", "texpr"):
            shown = c_expression(shown)
    if base in _CALL_ROLES and not explicit and shown:
        shown = shown.removesuffix("()") + "()"
    return ([nodes.literal(rawtext, shown)] if shown else []), []


def _emphasized_literal(text: str) -> str:
    """Sphinx's ``EmphasizedLiteral.parse`` as plain text: ``{var}`` shows as ``var``, ``\\{``
    as ``{``; an unmatched brace stays."""
    stack = [""]
    for part in _BRACES.split(text):
        if part == "\\\\":
            stack[-1] += "\\"
        elif part == "{":
            if len(stack) >= 2 and stack[-2] == "{":
                stack[-1] += "{"
            else:
                stack.extend(["{", ""])
        elif part == "}":
            if len(stack) == 3 and stack[1] == "{" and stack[2]:
                stack = [stack[0] + stack[2]]
            else:
                stack = ["".join([*stack, "}"])]
        elif part in ("\\{", "\\}"):
            stack[-1] += part[1]
        else:
            stack[-1] += part
    return "".join(stack)


def _styled_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """``:program:`` and kin in bold, ``:dfn:``, ``:mimetype:`` and kin in italics."""
    shown = utils.unescape(text)
    base = name.lower().rpartition(":")[2]
    style = nodes.strong if base in _STRONG_ROLES else nodes.emphasis
    return ([style(rawtext, shown)] if shown else []), []


def _abbreviation_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """``:abbr:`LIFO (last-in, first-out)``` shows ``LIFO`` (the rest is a tooltip)."""
    shown = utils.unescape(text)
    match = _ABBREVIATION.search(shown)
    if match is not None:
        shown = shown[: match.start()].strip()
    return [nodes.Text(shown)], []


def _xref_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """``:ref:``/``:doc:``: a link to the page (and section) it names, else its text."""
    title, target = _split(text)
    page = current_page(inliner.document)
    kind = name.lower().rpartition(":")[2]
    found = None
    if page is not None:
        found = resolve_doc(page, target) if kind == "doc" else resolve_ref(page, target)
    if found is None:  # an absolute page path reads better without its leading slash
        return [nodes.Text(title or target.lstrip("/"))], []
    href, heading = found
    shown = title or heading or target
    return [nodes.reference(rawtext, shown, refuri=href)], []


def _text_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """A Sphinx role that reads as words (``:term:``, ``:guilabel:``): its title or text."""
    title, target = _split(text)
    return [nodes.Text(title or target)], []


def _unknown_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """A role nobody knows (an extlink such as ``:gh:``): its text, and an SK030 note."""
    note(inliner.document, f"unknown role {name} kept as text", lineno)
    return _text_role(name, rawtext, text, lineno, inliner)
