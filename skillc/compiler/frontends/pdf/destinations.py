"""A PDF's named destinations, resolved only when an outline item asks for one.

Why: pypdf's ``reader.named_destinations`` resolves every name of the document's name tree
up front, one indirect object parsed per name: auto-multiple-choice.en.pdf has 2,425 names for
its 172 bookmarks, and resolving them all was ~0.6 s, a third of its build's CPU. Here the
tree is walked once for its keys (its leaves hold the values as references, left unparsed),
and a value is parsed when `layout.outline` looks its name up.

Guarantees: a lookup answers what pypdf's dictionary answers for that name (the same walk,
the same skipped entries, a later entry of a name replacing an earlier one), except that a
broken value fails that one lookup instead of the whole dictionary (pypdf's eager walk lost
every named destination to one bad value).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination, DictionaryObject

__all__ = ["LazyDestinations"]


class LazyDestinations(Mapping[str, Destination]):
    """``reader``'s named destinations as pypdf's ``named_destinations`` would give them, each
    built at its first lookup (see the module docstring)."""

    def __init__(self, reader: PdfReader) -> None:
        self._reader = reader
        # name -> its entries in tree order: (key as stored, value not yet resolved)
        self._entries: dict[str, list[tuple[Any, Any]]] = {}
        self._built: dict[str, Destination] = {}
        tree = _tree(reader.root_object)
        if tree is not None:
            self._walk(tree, set())

    def _walk(self, tree: Any, visited: set[int]) -> None:
        """pypdf's ``_get_named_destinations`` walk, keeping values as they are stored."""
        if id(tree) in visited:
            return
        visited.add(id(tree))
        if "/Kids" in tree:
            kids = tree["/Kids"].get_object()
            if isinstance(kids, ArrayObject):
                for kid in kids:
                    self._walk(kid.get_object(), visited)
        elif "/Names" in tree:
            names = tree["/Names"].get_object()
            if not isinstance(names, ArrayObject):
                return
            i = 0
            while i < len(names):  # pypdf's stepping: a key that is no string is skipped alone
                key = names[i].get_object()
                i += 1
                if not isinstance(key, bytes | str):
                    continue
                if i >= len(names):
                    break
                self._entries.setdefault(str(key), []).append((key, names[i]))
                i += 1
        else:  # a PDF 1.1 /Dests dictionary in the catalog
            for key, value in tree.items():
                self._entries.setdefault(str(key), []).append((key, value))

    def __getitem__(self, name: str) -> Destination:
        found = self._built.get(name)
        if found is not None:
            return found
        for key, value in reversed(self._entries.get(name, ())):
            resolved = value.get_object()
            if isinstance(resolved, DictionaryObject):
                if "/D" not in resolved:
                    continue  # pypdf skips it: an earlier entry of the name stands
                resolved = resolved["/D"]  # pypdf's dictionaries resolve what they hand out
            found = self._built[name] = self._reader._build_destination(key, resolved)
            return found
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def _tree(catalog: Any) -> Any:
    """The root of the destinations tree pypdf reads: the catalog's /Dests, else
    /Names /Dests; ``None`` when neither is a dictionary."""
    candidate = None
    if "/Dests" in catalog:
        candidate = catalog["/Dests"].get_object()
    elif "/Names" in catalog:
        names = catalog["/Names"].get_object()
        if isinstance(names, DictionaryObject) and "/Dests" in names:
            candidate = names["/Dests"].get_object()
    return candidate if isinstance(candidate, DictionaryObject) else None
