"""A forked worker's result sent back as its edits of the item it was given.

Why: a pass run per skill in forked workers (`skillc.compiler.pass_map.pass_map`) used to
pickle whole results back, so the parent unpickled every block of every skill the pass
returned, then walked the copy to share its unchanged parts with the item (`reuse`).
Progressive disclosure's results are whole skills (python-doc: 15 MB pickled): bringing them
back cost the parent about half of the work the workers had saved it, so the pass ran in one
process at any ``-j``. A forked worker holds the very objects the parent holds (it inherited
them), and a pass changes a few fields of some nodes and keeps the rest as they are, the same
objects. So the worker sends what differs, by identity, and the parent rebuilds the result
from its own item: the cost is the size of the change, not of the result, and every part the
pass left alone is the parent's own object, shared as `reuse` would share it.

The edit of ``new`` against ``old``, recursively:

- ``None``: ``new is old``.
- ``new`` itself when it is neither ``None`` nor a tuple and not diffed as below (a new
  string, number, enum member, list or node of another class), sent as is (pickled);
  ``(VALUE, new)`` for a new ``None`` or tuple, so that they are not read as edits.
- ``(FIELDS, {name: edit})``: ``new`` is a node of ``old``'s class (a slotted dataclass whose
  `skillc.ir.replace.replace` is exact) whose fields differ from ``old``'s where named.
- ``(ITEMS, ops)``: ``new`` and ``old`` are tuples; one op per element of ``new``: an ``int``
  ``j`` for ``old[j]`` itself, or ``(j, edit)`` for an edit of ``old[j]`` (the old element a
  node came from is found by identity, else by the identity of its first field, a node's
  ``id``), or ``(NEW, element)`` for an element sent as is.

Which old part an edit is taken against never changes the result, only its size:
``applied(edits(new, old), old) == new`` for any ``new`` and ``old`` (the tests compare them on
every skill of real modules), so results never depend on how a worker's work was sent.
Call `edits` only where ``old`` is the parent's object as it was when the worker forked.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from skillc.ir.replace import is_plain_node, replace

__all__ = ["FIELDS", "ITEMS", "NEW", "VALUE", "applied", "edits"]

#: The tags of an edit (module doc).
VALUE, FIELDS, ITEMS = 0, 1, 2
#: The index of a tuple's op for an element sent as is (other ops index the old tuple).
NEW = -1

#: Per class: its field names when `replace` is exact for it (a node), else ``None``.
_NAMES: dict[type, tuple[str, ...] | None] = {}


def edits(new: Any, old: Any) -> Any:
    """What ``new`` differs by from ``old`` (module doc); ``None`` when ``new is old``."""
    if new is old:
        return None
    kind = type(new)
    if kind is tuple:
        return (ITEMS, _items(new, old)) if type(old) is tuple else (VALUE, new)
    if new is None:
        return (VALUE, None)
    names = _node_names(kind) if kind is type(old) else None
    if names is None:
        return new
    changed = {}
    for name in names:
        mine, theirs = getattr(new, name), getattr(old, name)
        if mine is not theirs:
            changed[name] = edits(mine, theirs)
    return (FIELDS, changed)


def applied(edit: Any, old: Any) -> Any:
    """The value ``edit`` describes, rebuilt from ``old`` (module doc)."""
    if edit is None:
        return old
    if type(edit) is not tuple:
        return edit
    tag, body = edit
    if tag == VALUE:
        return body
    if tag == FIELDS:
        changes = {
            name: part
            if type(part) is not tuple and part is not None
            else applied(part, getattr(old, name))
            for name, part in body.items()
        }  # a new string or enum member, most changes, is itself
        return replace(old, **changes) if changes else old
    return tuple(_element(op, old) for op in body)


def _items(new: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    """The ops of a tuple's edit: each element of ``new`` as an old element, an edit of one,
    or a value. Elements kept in place are found without a lookup."""
    ops: list[Any] = []
    at: dict[int, int] | None = None
    anchors: dict[int, int] | None = None
    for position, element in enumerate(new):
        if position < len(old) and old[position] is element:
            ops.append(position)
            continue
        if at is None:
            at, anchors = _positions(old)
        index = at.get(id(element))
        if index is not None:
            ops.append(index)
            continue
        base = _anchor(element, anchors or {})
        if base is not None and type(old[base]) is type(element):
            ops.append((base, edits(element, old[base])))
        else:
            ops.append((NEW, element))
    return tuple(ops)


def _positions(old: tuple[Any, ...]) -> tuple[dict[int, int], dict[int, int]]:
    """Where each element of ``old`` is, by its identity and by its first field's identity
    (a node's ``id``), first occurrence kept."""
    at: dict[int, int] = {}
    anchors: dict[int, int] = {}
    for index, element in enumerate(old):
        at.setdefault(id(element), index)
        names = _node_names(type(element))
        if names:
            anchors.setdefault(id(getattr(element, names[0])), index)
    return at, anchors


def _anchor(element: Any, anchors: dict[int, int]) -> int | None:
    """The old element sharing ``element``'s first field, when it is a node."""
    names = _node_names(type(element))
    return anchors.get(id(getattr(element, names[0]))) if names else None


def _element(op: Any, old: tuple[Any, ...]) -> Any:
    """One element of a tuple rebuilt from its op (module doc)."""
    if type(op) is int:
        return old[op]
    index, body = op
    return body if index == NEW else applied(body, old[index])


def _node_names(kind: type) -> tuple[str, ...] | None:
    """The field names of ``kind`` when it is a node `replace` rebuilds exactly, else ``None``."""
    try:
        return _NAMES[kind]
    except KeyError:
        pass
    names = None
    if is_plain_node(kind):
        names = tuple(spec.name for spec in fields(kind))
    _NAMES[kind] = names
    return names
