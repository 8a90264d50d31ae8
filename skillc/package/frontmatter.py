"""Front matter of SKILL.md: find the YAML block and parse it with exact positions.

Clients disagree about front matter (peers.md §4.4-5), so the linter must report on whatever a
real file holds instead of failing on it: a BOM, CRLF line ends, tabs, flow mappings, duplicate
keys, unknown keys and broken YAML all come back as data (`FrontMatter`) with spans, never as an
exception. The block is delimited by a first line ``---`` and the next line that is exactly
``---`` (the spec's reading; the reference validator's looser split on any ``---`` is a rule of
its own, PK204). PyYAML's composer gives every key and value node its start and end index, which
become spans in SKILL.md.
"""

from __future__ import annotations

from typing import Any

from skillc.package.model import Field, FrontMatter, ParsedYaml, span_at
from skillc.package.plain_yaml import PlainEntry, read_plain

_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}


def split_front_matter(text: str) -> tuple[int, int, int] | None:
    """``(yaml_start, yaml_end, body_start)`` offsets when ``text`` opens with a closed block.

    Returns None when the first line is not ``---``; ``yaml_end == body_start == -1`` when no
    closing line follows.
    """
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r \t") != "---":
        return None
    start = len(text) if first_end < 0 else first_end + 1
    position = start
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        if text[position:line_end].rstrip("\r \t") == "---":
            return start, position, min(line_end + 1, len(text))
        position = line_end + 1
    return start, -1, -1


def read_front_matter(display: str, text: str) -> tuple[FrontMatter, int]:
    """The front matter of SKILL.md ``text`` and the offset where the body starts."""
    bounds = split_front_matter(text)
    if bounds is None:
        return FrontMatter(present=False), 0
    start, end, body = bounds
    if end < 0:
        span = span_at(display, text, 0, len(text))
        return FrontMatter(present=True, closed=False, offset=start, span=span), len(text)
    yaml_text = text[start:end]
    block = span_at(display, text, 0, body)
    front = FrontMatter(
        present=True, closed=True, text=yaml_text, offset=start, span=block, source=(display, text)
    )
    return front, body


def parse_yaml(base: FrontMatter, display: str, text: str) -> ParsedYaml:
    """What PyYAML makes of the block ``base`` of file ``text`` (``FrontMatter.yaml``): from
    `skillc.package.plain_yaml` when the block is plain enough, else from PyYAML itself."""
    entries = read_plain(base.text)
    if entries is not None:
        fields = tuple(_plain_field(entry, base.offset, display, text) for entry in entries)
        return ParsedYaml(fields=fields, plain=True)
    import yaml

    try:  # the loader's constructor already rejects control characters (ReaderError)
        loader = yaml.SafeLoader(base.text)
    except yaml.YAMLError as exc:
        return ParsedYaml(error=_message(exc), error_span=_error_span(exc, base, display, text))
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(is_mapping=False)
        if not isinstance(node, yaml.MappingNode):
            return ParsedYaml(is_mapping=False)
        fields = tuple(
            _field(loader, key, value, base.offset, display, text) for key, value in node.value
        )
    except yaml.YAMLError as exc:
        return ParsedYaml(error=_message(exc), error_span=_error_span(exc, base, display, text))
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. unhashable keys in constructors
        return ParsedYaml(error=str(exc) or type(exc).__name__)
    finally:
        loader.dispose()
    return ParsedYaml(fields=fields)


def _field(loader: Any, key: Any, value: Any, offset: int, display: str, text: str) -> Field:
    start, end = value.start_mark.index, value.end_mark.index
    return _located(
        str(loader.construct_object(key, deep=True)),
        loader.construct_object(value, deep=True),
        _style(value) if end > start else "",
        (offset + key.start_mark.index, offset + key.end_mark.index),
        (offset + start, offset + end),
        display,
        text,
    )


def _plain_field(entry: PlainEntry, offset: int, display: str, text: str) -> Field:
    return _located(
        entry.key,
        entry.value,
        entry.style,
        (offset + entry.key_start, offset + entry.key_end),
        (offset + entry.value_start, offset + entry.value_end),
        display,
        text,
    )


def _located(
    key: str,
    value: Any,
    style: str,
    key_range: tuple[int, int],
    value_range: tuple[int, int],
    display: str,
    text: str,
) -> Field:
    """A field whose key and value sit at ``key_range`` and ``value_range`` of file ``text``
    (offsets in the file), whichever reader found them."""
    start, end = value_range
    return Field(
        key=key,
        value=value,
        raw=text[start:end],
        style=style,
        key_span=span_at(display, text, *key_range),
        value_span=span_at(display, text, start, end),
    )


def _style(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return _STYLES.get(node.style, "plain")
    return "flow" if node.flow_style else "block"


def _message(exc: Any) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    return f"{context}: {problem}" if context else str(problem)


def _error_span(exc: Any, base: FrontMatter, display: str, text: str) -> Any:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    index = mark.index if mark is not None else getattr(exc, "position", None)  # ReaderError
    if not isinstance(index, int):
        return base.span
    position = min(base.offset + index, len(text))
    return span_at(display, text, position, position)
