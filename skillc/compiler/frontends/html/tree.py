"""Parse an HTML page nested deeper than libxml2 allows into the same kind of lxml tree.

Why: libxml2's HTML parser stops at 2,048 levels of nesting (256 without ``huge_tree``): it
reports "Excessive depth in document" and drops everything inside and after that point, so a
deeply nested page would silently lose most of its text. For such a page only (libxml2 is
about 15 times faster on ordinary pages, see DESIGN.md), this module parses the text again with
Python's own tokenizer (``html.parser`` through BeautifulSoup, which has no depth limit) and
builds an lxml tree from the result, so the rest of the HTML frontend reads it as usual
(`html.deep` then flattens the nesting the readers cannot follow).

Guarantees: never raises on text; iterative (no recursion, whatever the depth); every element
gets the line of its start tag (``sourceline``); names and characters lxml refuses (``<o:p>``,
control characters) are replaced or removed rather than dropping the element's content;
comments, doctypes and processing instructions are left out (the readers skip them).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

#: libxml2's message when it stops at its nesting limit.
TOO_DEEP = "Excessive depth in document"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def too_deep(parser: Any) -> bool:
    """Whether libxml2 stopped reading the last page ``parser`` parsed at its depth limit."""
    return any(TOO_DEEP in entry.message for entry in parser.error_log)


def parse_deep(text: str) -> Any:
    """The ``<html>`` root of ``text`` read without a nesting limit (module doc)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    holder = etree.Element("html")
    _convert(soup, holder)
    tops = [c for c in holder if isinstance(c.tag, str)]
    if len(tops) == 1 and tops[0].tag == "html":
        return tops[0]
    return holder


def _convert(soup: Any, holder: Any) -> None:
    """Copy the children of ``soup`` into ``holder``, depth first, with an explicit stack."""
    from bs4.element import Comment, NavigableString, Tag

    stack: list[tuple[Any, Any]] = [(iter(soup.contents), holder)]
    while stack:
        pending, parent = stack[-1]
        node = next(pending, None)
        if node is None:
            stack.pop()
        elif isinstance(node, Tag):
            element = etree.SubElement(parent, _name(node.name))
            _attributes(element, node.attrs)
            if node.sourceline:
                element.sourceline = node.sourceline
            stack.append((iter(node.contents), element))
        elif isinstance(node, Comment):
            continue  # the readers skip comments; the text after one is the next string
        elif type(node) is NavigableString or _is_text(node):
            _append_text(parent, clean_text(str(node)))


def _is_text(node: Any) -> bool:
    """Text-like strings (script and style bodies, CDATA); not doctypes or declarations."""
    from bs4.element import CData, Script, Stylesheet, TemplateString

    return isinstance(node, CData | Script | Stylesheet | TemplateString)


def _name(name: str) -> str:
    name = name.lower()
    return name if _NAME.match(name) else "span"


def _attributes(element: Any, attrs: dict[str, Any]) -> None:
    for key, value in attrs.items():
        if not _NAME.match(key):
            continue
        text = " ".join(value) if isinstance(value, list) else str(value)
        element.set(key.lower(), clean_text(text))


def _append_text(parent: Any, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def clean_text(text: str) -> str:
    """``text`` without the characters lxml refuses (controls, lone surrogates)."""
    return _NOT_XML.sub("", text)
