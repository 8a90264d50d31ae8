"""Make a SKILL.md front matter spec-valid without losing a key: others go under ``metadata``.

The reference validator refuses any top-level key outside {name, description, license,
compatibility, metadata, allowed-tools}; hand-written skills carry client extensions
(``user-invocable``, ``disable-model-invocation``, ``version``...). The spec's place for extra
properties is ``metadata``, a map of strings, so each such key moves there with its value as a
string (``true``, ``2.9.0``; a list of plain values joined by ", ", anything else as one line of
JSON: `strict_yaml.as_string`). The rest of the front
matter stays byte for byte. A client that reads the key at the top level no longer sees it, so
each move is reported (PV035) and ``skillc optimize --keep-unknown-keys`` leaves them in place.

The edit is checked by parsing the result: if the keys do not read back as intended (an unusual
YAML layout), the front matter is left as written.
"""

from __future__ import annotations

from skillc.compiler.optimize.strict_yaml import as_string
from skillc.package.model import SPEC_KEYS, Field
from skillc.package.reader import package_from_texts
from skillc.package.yaml_text import yaml_string


def move_unknown_keys(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` (a SKILL.md) with non-spec top-level keys moved under ``metadata``, and the
    keys moved (none when there are none, or when the edit would not read back)."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    if not (front.present and front.closed) or front.error:
        return text, ()
    unknown = [f for f in front.fields if f.key not in SPEC_KEYS]
    metadata = front.get("metadata")
    if not unknown or (metadata is not None and not isinstance(metadata.value, dict)):
        return text, ()
    if metadata is not None and metadata.style == "flow":
        return text, ()
    entries = [f"  {yaml_string(f.key)}: {yaml_string(_as_string(f))}" for f in unknown]
    edited = _without(text, unknown)
    edited = _with_metadata(edited, entries)
    return _checked(text, edited, unknown)


def _as_string(field: Field) -> str:
    return as_string(field.value)


def _line_range(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of ``start``'s line to after the line break ending ``end``'s line."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", max(end - 1, start))
    return first, (len(text) if last < 0 else last + 1)


def _without(text: str, fields: list[Field]) -> str:
    for field in sorted(fields, key=lambda f: f.key_span.start, reverse=True):
        start, end = _line_range(text, field.key_span.start, field.value_span.end)
        text = text[:start] + text[end:]
    return text


def _with_metadata(text: str, entries: list[str]) -> str:
    """``entries`` appended to the metadata mapping, made when there is none."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    metadata = front.get("metadata")
    lines = "\n".join(entries) + "\n"
    if metadata is not None and isinstance(metadata.value, dict) and metadata.value:
        _, end = _line_range(text, metadata.key_span.start, metadata.value_span.end)
        return text[:end] + lines + text[end:]
    if metadata is not None:  # "metadata:" with nothing under it
        _, end = _line_range(text, metadata.key_span.start, metadata.key_span.end)
        return text[:end] + lines + text[end:]
    close = front.offset + len(front.text)
    head = text[:close] if text[:close].endswith("\n") else text[:close] + "\n"
    return head + "metadata:\n" + lines + text[close:]


def _checked(original: str, edited: str, moved: list[Field]) -> tuple[str, tuple[str, ...]]:
    front = package_from_texts("skill", {"SKILL.md": edited}).front_matter
    if not front.present or front.error:
        return original, ()
    if any(f.key not in SPEC_KEYS for f in front.fields):
        return original, ()
    metadata = front.get("metadata")
    value = metadata.value if metadata is not None else None
    if not isinstance(value, dict) or any(str(value.get(f.key)) != _as_string(f) for f in moved):
        return original, ()
    return edited, tuple(f.key for f in moved)
