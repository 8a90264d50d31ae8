"""Docutils nodes -> the Markdown text skillc's blocks carry.

Why: skillc's content blocks hold Markdown (what SKILL.md is written in); a reStructuredText
page's inline markup (``literals``, *emphasis*, `links <url>`_, roles) and the nested content
of list items and table cells must be written in that dialect, never left as RST.

Guarantees: `inline` writes only Markdown inline markup: text escaped where it would read as
markup (``__slots__``, ``a[i]``, ``<module>``; the HTML frontend's `guide.escape.escape`, so a
Sphinx page and its source agree), literals as code spans (fenced with enough backquotes),
emphasis and the default role (Sphinx's ``<cite>``) as ``*``, strong as ``**``, references as
``[text](uri)`` (a bare URL stays bare; an unresolved reference is its text), footnote
references as ``[label]``. Markup docutils could not read (an unterminated ``*``, a substitution
nobody defined such as Sphinx's ``|version|``) shows as written.
`blocks` writes paragraphs, nested lists (indented under their marker), literal blocks (fenced,
verbatim) and the rest as text. Both are pure functions of the tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils import nodes

from skillc.compiler.frontends.guide.escape import escape
from skillc.compiler.frontends.rst.sphinx import (
    Description,
    Removed,
    UnknownDirective,
    VersionNote,
    signature_markdown,
)

__all__ = [
    "blocks",
    "code_span",
    "code_text",
    "fence",
    "head",
    "inline",
    "version_label",
    "version_paragraph",
]

_BACKQUOTES = re.compile(r"`+")
# The body part of a definition list item, a field and an option list item (shared with
# rst_doctree, which reads the same three kinds of item as blocks).
ITEM_BODIES = (nodes.definition, nodes.field_body, nodes.description)
# Nodes that carry no text of the page: markup consumed elsewhere, or docutils' own messages.
_SILENT = (
    nodes.system_message,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.pending,
    nodes.raw,
    nodes.transition,
    Removed,
)


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, with a fence longer than any backquote run in it."""
    longest = max((len(m) for m in _BACKQUOTES.findall(text)), default=0)
    tick = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{tick}{pad}{text}{pad}{tick}" if text else ""


def fence(text: str, language: str) -> str:
    """``text`` as a fenced code block, with a fence longer than any backquote run in it."""
    longest = max((len(m) for m in _BACKQUOTES.findall(text)), default=0)
    tick = "`" * max(3, longest + 1)
    return f"{tick}{language}\n{text}\n{tick}"


def inline(node: nodes.Node) -> str:
    """The Markdown of a text element's content (a paragraph, a title, a term...)."""
    if isinstance(node, nodes.Text):
        return str(node.astext())
    return "".join(_inline(child) for child in node.children)


def _wrap(mark: str, node: nodes.Node) -> str:
    inner = inline(node)
    return f"{mark}{inner}{mark}" if inner.strip() else inner


def _reference(node: nodes.Node) -> str:
    text = inline(node)
    uri = node.get("refuri", "") or (f"#{node['refid']}" if node.get("refid") else "")
    if not uri or text == uri or f"mailto:{text}" == uri:
        return text
    return f"[{text}]({uri})"


_INLINE: dict[type[nodes.Node], Callable[[nodes.Node], str]] = {
    nodes.Text: lambda n: escape(n.astext()),
    nodes.emphasis: lambda n: _wrap("*", n),
    nodes.title_reference: lambda n: _wrap("*", n),
    nodes.strong: lambda n: _wrap("**", n),
    nodes.literal: lambda n: code_span(n.astext()),
    nodes.math: lambda n: code_span(n.astext()),
    nodes.reference: _reference,
    nodes.footnote_reference: lambda n: f"[{n.astext()}]",
    nodes.citation_reference: lambda n: f"[{n.astext()}]",
    nodes.substitution_reference: lambda n: _wrap("*", n),
    nodes.image: lambda n: str(n.get("alt", "")),
}


def _inline(node: nodes.Node) -> str:
    if isinstance(node, _SILENT):
        return ""
    render = _INLINE.get(type(node))
    if render is not None:
        return render(node)
    return inline(node)  # problematic, inline, target text, abbreviation...: their text


# --- Nested blocks (list items, table cells, definitions) -------------------------------------


def blocks(node: nodes.Node) -> str:
    """The Markdown of the block children of ``node``, separated by blank lines."""
    parts = [block(child) for child in node.children]
    return "\n\n".join(p for p in parts if p.strip())


def block(node: nodes.Node) -> str:
    """The Markdown of one block node."""
    if isinstance(node, _SILENT):
        return ""
    if isinstance(node, nodes.Text):
        return str(node.astext())
    if isinstance(node, nodes.paragraph | nodes.title | nodes.rubric | nodes.term):
        return inline(node)
    if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
        return markdown_list(node)
    if isinstance(node, nodes.literal_block | nodes.doctest_block | nodes.math_block):
        return fence(code_text(node), code_language(node))
    if isinstance(node, nodes.line_block):
        return line_block(node)
    if isinstance(node, nodes.table):
        return "\n".join(" | ".join(row) for row in table_rows(node))
    if isinstance(node, nodes.Admonition):
        label = node.tagname.replace("seealso", "see also").capitalize()
        body = blocks(node)
        return f"**{label}:** {body}" if node.tagname != "admonition" else body
    if isinstance(node, nodes.definition_list_item | nodes.field | nodes.option_list_item):
        heads = [c for c in node.children if not isinstance(c, ITEM_BODIES)]
        bodies = [blocks(c) for c in node.children if isinstance(c, ITEM_BODIES)]
        return "\n\n".join(p for p in (f"**{head(heads)}**", *bodies) if p.strip("*"))
    if isinstance(node, VersionNote):
        return f"{version_label(node)} {blocks(node)}".rstrip()
    if isinstance(node, Description):
        return "\n\n".join(p for p in (signature_markdown(node["signatures"]), blocks(node)) if p)
    if isinstance(node, UnknownDirective | nodes.Element):
        return blocks(node)
    return str(node.astext())


def version_label(node: VersionNote) -> str:
    """Sphinx's words for a version note: ``Changed in version 3.4:`` before its content,
    ``Changed in version 3.4.`` when it has none."""
    note = str(node["note"])
    return note.removesuffix(".") + ":" if node.children else note


def version_paragraph(node: VersionNote) -> nodes.paragraph | None:
    """A copy of a version note's first paragraph with the label in front, as Sphinx shows it
    (``Changed in version 3.4: Use X``): one sentence, read as the page reads."""
    first = node.children[0] if node.children else None
    if not isinstance(first, nodes.paragraph):
        return None
    label = version_label(node)
    copy = first.deepcopy()
    copy.insert(0, nodes.Text(f"{label} "))
    copy.rawsource = f"{label} {first.rawsource}"
    copy.source, copy.line = first.source, first.line
    return copy


def head(parts: list[nodes.Node]) -> str:
    """The term of a definition (with its classifiers), a field's name, an option group."""
    shown: list[str] = []
    for part in parts:
        if isinstance(part, nodes.option_group):
            shown.append(", ".join(code_span(option.astext()) for option in part.children))
        else:
            shown.append(inline(part))
    return " : ".join(s.strip() for s in shown if s.strip())


def markdown_list(node: nodes.Element) -> str:
    """A bullet or enumerated list as Markdown; items' continuation lines indented."""
    ordered = isinstance(node, nodes.enumerated_list)
    start = int(node.get("start", 1)) if ordered else 1
    lines: list[str] = []
    for number, item in enumerate(node.children, start):
        marker = f"{number}. " if ordered else "- "
        text = blocks(item).split("\n")
        lines.append(marker + text[0])
        lines.extend(" " * len(marker) + line if line else "" for line in text[1:])
    return "\n".join(lines)


def line_block(node: nodes.Element, depth: int = 0) -> str:
    """Line blocks keep their line breaks (nested ones indented)."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, nodes.line_block):
            out.append(line_block(child, depth + 1))
        else:
            out.append("  " * depth + inline(child))
    return "\n".join(out)


# Sphinx's ``trim_doctest_flags`` (on by default): doctest directives and blank-line markers
# are not shown in interactive Python sessions.
_DOCTEST_FLAG = re.compile(r"#\s*doctest:.+$", re.MULTILINE)
_BLANKLINE = re.compile(r"^\s*<BLANKLINE>", re.MULTILINE)
_SESSION_LANGUAGES = frozenset({"pycon", "pycon3"})
_PYTHON_LANGUAGES = frozenset({"", "py", "py3", "python", "python3", "default"})


def code_text(node: nodes.Node, language: str | None = None) -> str:
    """A code block's text as Sphinx shows it: an interactive session (a doctest block, a
    ``pycon`` block, a Python block starting with ``>>>``) without ``# doctest:`` flags and
    ``<BLANKLINE>`` markers; any other block verbatim. ``language`` overrides the node's."""
    text = str(node.astext())
    shown = code_language(node) if language is None else language
    session = isinstance(node, nodes.doctest_block) or shown in _SESSION_LANGUAGES
    if not session and not (shown in _PYTHON_LANGUAGES and text.startswith(">>>")):
        return text
    if isinstance(node, nodes.math_block) or not node.get("trim_flags", True):
        return text
    return _DOCTEST_FLAG.sub("", _BLANKLINE.sub("", text)).rstrip()


def code_language(node: nodes.Node) -> str:
    """The language a literal block states (a stand-in's ``language``, a doctest's pycon)."""
    if isinstance(node, nodes.doctest_block):
        return "pycon"
    if isinstance(node, nodes.math_block):
        return "math"
    language = node.get("language", "")
    if not language:
        classes = [c for c in node.get("classes", ()) if c != "code"]
        language = classes[0] if "code" in node.get("classes", ()) and classes else ""
    return str(language)


def table_rows(node: nodes.Element) -> list[tuple[str, ...]]:
    """The rows of a table as cell Markdown; spanned cells repeat as empty ones.

    No header row in the source: the IR's first row is the header, so the columns get an
    empty one rather than promoting a data row.
    """
    group = next((c for c in node.children if isinstance(c, nodes.tgroup)), None)
    if group is None:
        return []
    width = int(group.get("cols", 0))
    head = [r for c in group.children if isinstance(c, nodes.thead) for r in c.children]
    body = [r for c in group.children if isinstance(c, nodes.tbody) for r in c.children]
    rows = _grid([*head, *body], width)
    if not head and rows:
        rows.insert(0, tuple("" for _ in rows[0]))
    return rows


def _grid(rows: list[nodes.Node], width: int) -> list[tuple[str, ...]]:
    """Place each entry at its column, leaving room for cells spanning rows or columns."""
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for entry in row.children:
            while (r, column) in taken:
                column += 1
            text = " ".join(blocks(entry).split())
            for dr in range(int(entry.get("morerows", 0)) + 1):
                for dc in range(int(entry.get("morecols", 0)) + 1):
                    taken[(r + dr, column + dc)] = text if dr == dc == 0 else ""
            column += int(entry.get("morecols", 0)) + 1
    width = max([width, *(c + 1 for _, c in taken)])
    return [tuple(taken.get((r, c), "") for c in range(width)) for r in range(len(rows))]
