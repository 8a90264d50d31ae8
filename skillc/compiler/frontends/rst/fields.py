"""Info fields of an API entry (``:param str name: text``) grouped the way Sphinx shows them.

Why: inside ``.. function::`` and kin, Sphinx does not print a field list as written: its
``DocFieldTransformer`` gathers ``:param x:``, ``:type x:``, ``:raises E:``, ``:returns:`` and
``:rtype:`` fields into "Parameters", "Raises", "Returns" and "Return type" entries (``x (str) –
text``). Read as plain fields, an RST page would show ``param str name`` labels that no reader
of the rendered page sees, and the HTML of the same page (read by `html.lists`) would differ.
This module rebuilds the field list Sphinx would render, as ordinary docutils nodes, for
`rst.doctree` to read like any other content.

Guarantees: a pure function of the field list; unknown fields pass through with their name
capitalised (as Sphinx does); every new node carries the source lines of the field it came
from (``skillc_lines``), so spans stay inside the page; nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docutils import nodes

__all__ = ["info_fields"]

#: The dash Sphinx puts between a parameter and its description (``--`` after smartquotes).
DASH = " – "


@dataclass(frozen=True, slots=True)
class _Kind:
    """One of Sphinx's Python/C doc field types: its label and how its entries are shown."""

    name: str
    label: str
    has_arg: bool = True
    typed: bool = False
    grouped: bool = False


_PARAMETER = _Kind("parameter", "Parameters", typed=True, grouped=True)
_VARIABLE = _Kind("variable", "Variables", typed=True, grouped=True)
_RAISES = _Kind("exceptions", "Raises", grouped=True)
_RETURNS = _Kind("returnvalue", "Returns", has_arg=False)
_RETURN_TYPE = _Kind("returntype", "Return type", has_arg=False)
# Field names -> (kind, whether the field gives the type of another field's argument).
_FIELDS: dict[str, tuple[_Kind, bool]] = {
    **{
        name: (_PARAMETER, False)
        for name in ("param", "parameter", "arg", "argument", "keyword", "kwarg", "kwparam")
    },
    **{name: (_PARAMETER, True) for name in ("type", "paramtype")},
    **{name: (_VARIABLE, False) for name in ("var", "ivar", "cvar")},
    "vartype": (_VARIABLE, True),
    **{name: (_RAISES, False) for name in ("raises", "raise", "exception", "except")},
    **{name: (_RETURNS, False) for name in ("returns", "return")},
    "rtype": (_RETURN_TYPE, False),
}


@dataclass(slots=True)
class _Group:
    kind: _Kind
    source: nodes.field
    items: list[tuple[str, list[nodes.Node], nodes.field]] = field(default_factory=list)


Lines = Callable[[nodes.Node], tuple[int, int] | None]


def info_fields(field_list: nodes.field_list, lines: Lines) -> nodes.field_list:
    """The field list Sphinx shows for ``field_list`` (the body of an API entry).

    ``lines`` gives a node's 0-based ``[first, end)`` source lines, stamped on the new nodes.
    """
    entries: list[nodes.field | _Group] = []
    groups: dict[str, _Group] = {}
    types: dict[str, dict[str, list[nodes.Node]]] = {}
    for item in field_list.children:
        if not isinstance(item, nodes.field) or len(item.children) != 2:
            entries.append(item)
            continue
        name_node, body = item.children
        name, _, argument = name_node.astext().strip().partition(" ")
        argument = argument.strip()
        kind, is_type = _FIELDS.get(name, (None, False))
        content = _content(body)
        if kind is None or kind.has_arg != bool(argument):
            entries.append(_renamed(item, name, argument))
            continue
        if is_type:
            inline = [n for n in content if isinstance(n, nodes.Inline | nodes.Text)]
            if inline:
                types.setdefault(kind.name, {})[argument] = inline
            continue
        if kind.typed and " " in argument:
            type_text, argument = argument.rsplit(None, 1)
            types.setdefault(kind.name, {})[argument] = [nodes.Text(type_text)]
        if kind.grouped and kind.name in groups:
            groups[kind.name].items.append((argument, content, item))
            continue
        group = _Group(kind, item, [(argument, content, item)])
        if kind.grouped:
            groups[kind.name] = group
        entries.append(group)
    out = _stamp(nodes.field_list(), lines(field_list))
    for entry in entries:
        if isinstance(entry, _Group):
            out += _make_field(entry, types.get(entry.kind.name, {}), lines)
        else:
            out += entry.deepcopy()
    assert isinstance(out, nodes.field_list)
    return out


def _content(body: nodes.Node) -> list[nodes.Node]:
    """A field body's content: a lone paragraph's inline children, else its blocks."""
    children = [c for c in body.children if not isinstance(c, nodes.system_message)]
    if len(children) == 1 and isinstance(children[0], nodes.paragraph):
        return [c.deepcopy() for c in children[0].children]
    return [c.deepcopy() for c in children]


def _renamed(item: nodes.field, name: str, argument: str) -> nodes.field:
    """An unknown field, shown with its name capitalised (Sphinx's fallback)."""
    copy = item.deepcopy()
    shown = name[:1].upper() + name[1:] + (f" {argument}" if argument else "")
    copy.children[0].children = []
    copy.children[0] += nodes.Text(shown)
    return copy


def _make_field(group: _Group, types: dict[str, list[nodes.Node]], lines: Lines) -> nodes.field:
    kind = group.kind
    where = lines(group.source)
    body: nodes.Element
    if kind is _RETURNS or kind is _RETURN_TYPE:
        _, content, _ = group.items[0]
        body = _paragraph(content, where)
    elif len(group.items) == 1:
        body = _entry(kind, *group.items[0], types, lines)
    else:
        body = nodes.bullet_list()
        for argument, content, source in group.items:
            entry = _entry(kind, argument, content, source, types, lines)
            body += _stamp(nodes.list_item("", entry), lines(source))
        _stamp(body, where)
    name = _stamp(nodes.field_name("", kind.label), where)
    return _stamp(nodes.field("", name, _stamp(nodes.field_body("", body), where)), where)


def _entry(
    kind: _Kind,
    argument: str,
    content: list[nodes.Node],
    source: nodes.field,
    types: dict[str, list[nodes.Node]],
    lines: Lines,
) -> nodes.Element:
    """``**name** (type) – text``: the argument in bold, its type, a dash, the description."""
    parts: list[nodes.Node] = [nodes.strong(argument, argument)]
    if argument in types:
        parts.append(nodes.Text(" ("))
        given = types.pop(argument)
        if len(given) == 1 and isinstance(given[0], nodes.Text):
            parts.append(nodes.emphasis(given[0].astext(), given[0].astext()))
        else:
            parts.extend(given)
        parts.append(nodes.Text(")"))
    parts.append(nodes.Text(DASH))
    parts.extend(content)
    return _paragraph(parts, lines(source))


def _paragraph(parts: list[nodes.Node], where: tuple[int, int] | None) -> nodes.Element:
    """A paragraph of inline ``parts``; block parts (a multi-paragraph body) are kept after it
    in a container, so nothing is lost."""
    inline = [p for p in parts if isinstance(p, nodes.Inline | nodes.Text)]
    paragraph = _stamp(nodes.paragraph("", "", *inline), where)
    blocks = [p for p in parts if not isinstance(p, nodes.Inline | nodes.Text)]
    if blocks:
        return _stamp(nodes.container("", paragraph, *blocks), where)
    return paragraph


def _stamp(node: nodes.Element, where: tuple[int, int] | None) -> nodes.Element:
    if where is not None:
        node["skillc_lines"] = where
    return node
