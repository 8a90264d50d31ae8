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

from skillc.compiler.frontends.rst_sphinx import current_page, note
from skillc.compiler.frontends.rst_targets import resolve_doc, resolve_ref

__all__ = ["role_for"]

_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)

RoleResult = tuple[list[nodes.Node], list[nodes.system_message]]
Role = Callable[..., RoleResult]

# Roles whose text is a name that reads as code (textutil's list, without docutils' own).
_CODE_ROLES = frozenset(
    {
        "func", "meth", "class", "exc", "attr", "data", "obj", "mod", "const", "option",
        "envvar", "command", "program", "file", "samp", "kbd", "makevar", "regexp", "type",
        "member", "var", "macro", "struct", "enum", "enumerator", "union", "event", "confval",
        "any", "expr", "texpr", "cmdoption", "directive", "role", "attribute", "method",
        "function", "exception", "property", "decorator",
    }
)  # fmt: skip
# Sphinx roles whose text reads as words.
_TEXT_ROLES = frozenset(
    {
        "term", "keyword", "guilabel", "menuselection", "dfn", "mimetype", "newsfeed",
        "download", "manpage", "token", "index", "eq",
    }
)  # fmt: skip
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
    """An API name as a code span, shown the way Sphinx shows it (``~a.b`` -> ``b``)."""
    title, target = _split(text)
    shown = title or target
    if not title and shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    shown = shown.lstrip("!")
    return ([nodes.literal(rawtext, shown)] if shown else []), []


def _xref_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kw: Any
) -> RoleResult:
    """``:ref:``/``:doc:``: a link to the page (and section) it names, else its text."""
    title, target = _split(text)
    page = current_page()
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
    note(f"unknown role {name} kept as text", lineno)
    return _text_role(name, rawtext, text, lineno, inliner)
