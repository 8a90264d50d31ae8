"""Front matter the reference validator can read: no flow collections, no unparsable values.

The reference validator (``agentskills validate``) parses front matter with strictyaml, which
refuses flow collections anywhere (``tags: [a, b]``, ``metadata: {"x": 1}``), and refuses the
skill outright when a line is not YAML at all (``argument-hint: [name] [path]``, a flow list
followed by text; ``dependencies: [ray[data], torch]``). Hand-written skills carry both, and a
client that reads such a line leniently (as text) still works, so ``skillc optimize`` rewrites
only these constructs, every other byte of the front matter as it was:

- a top-level ``key: value`` line that does not parse alone gets its value double-quoted: the
  text a lenient reader sees, now as a YAML string (`quote_unparsable`);
- ``allowed-tools`` written as a flow list becomes the spec's string: tools joined by spaces,
  or by ", " when a tool holds a space (`flatten_flow`);
- ``metadata`` written as a flow mapping becomes a block mapping, and a ``metadata`` entry that
  holds a flow collection becomes a string (the spec makes metadata a map of strings): a list of
  plain values joined by ", ", anything else as one line of JSON (`as_string`), so no value is
  lost.

Each rewrite is returned as a message for a PV037 warning; each edit is checked by reading the
result back, and left out when it would not read back as intended.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import yaml

from skillc.lint.rules.client.strictyaml_rejects_syntax import constructs
from skillc.package.model import SPEC_KEYS
from skillc.package.reader import package_from_texts
from skillc.package.yaml_text import yaml_string

#: A top-level ``key: value`` line (no indentation, no comment, a value on the line).
_SIMPLE_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*):[ \t]+(?P<value>\S.*?)[ \t]*$")


def as_string(value: Any) -> str:
    """``value`` as the string a metadata entry holds: scalars as written, a list of scalars
    joined by ", " (when no item holds ", "), anything else as compact JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list) and all(_scalar(v) for v in value):
        items = [as_string(v) for v in value]
        if not any(", " in item for item in items):
            return ", ".join(items)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | datetime.date)


def quote_unparsable(text: str) -> tuple[str, list[str]]:
    """SKILL.md ``text`` with each top-level one-line value that is not YAML double-quoted, when
    that makes the front matter parse; and a message per quoted key."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    if not (front.present and front.closed and front.error):
        return text, []
    lines = front.text.split("\n")
    notes: list[str] = []
    for number, line in enumerate(lines):
        match = _SIMPLE_LINE.match(line.rstrip("\r"))
        if match is None or _continued(lines, number) or _parses(line):
            continue
        value = match["value"]
        end = "\r" if line.endswith("\r") else ""
        lines[number] = f"{match['key']}: {yaml_string(value)}{end}"
        notes.append(f"{match['key']}: `{value}` is not valid YAML; kept as the string it reads as")
    edited = text[: front.offset] + "\n".join(lines) + text[front.offset + len(front.text) :]
    check = package_from_texts("skill", {"SKILL.md": edited}).front_matter
    if not notes or check.error:
        return text, []
    return edited, notes


def _continued(lines: list[str], number: int) -> bool:
    """True when the next line is indented (the value goes on: not a one-line value)."""
    following = lines[number + 1] if number + 1 < len(lines) else ""
    return following[:1] in (" ", "\t")


def _parses(line: str) -> bool:
    try:
        yaml.safe_load(line)
    except yaml.YAMLError:
        return False
    return True


def flatten_flow(text: str) -> tuple[str, list[str]]:
    """SKILL.md ``text`` with ``allowed-tools`` and ``metadata`` free of flow collections (see
    the module docstring), and a message per rewrite; ``text`` unchanged when the result would
    not read back with the same values as strings."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    if not (front.present and front.closed) or front.error or not front.is_mapping:
        return text, []
    try:
        root = yaml.compose(front.text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text, []
    if not isinstance(root, yaml.MappingNode):
        return text, []
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []
    for key, node in root.value:
        if key.value == "allowed-tools":
            _tools(key, node, front.get("allowed-tools"), edits, notes)
        elif key.value == "metadata":
            _metadata(key, node, front.get("metadata"), edits, notes)
    if not edits:
        return text, []
    base = front.offset
    edited = text
    for start, end, new in sorted(edits, reverse=True):
        end = _trimmed(front.text, start, end)
        edited = edited[: base + start] + new + edited[base + end :]
    if not _reads_back(edited, front):
        return text, []
    return edited, notes


def _tools(
    key: Any, node: Any, field: Any, edits: list[tuple[int, int, str]], notes: list[str]
) -> None:
    if not (isinstance(node, yaml.SequenceNode) and node.flow_style and field is not None):
        return
    items = field.value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        return
    spaced = any(any(c.isspace() for c in i) for i in items)
    joined = (", " if spaced else " ").join(items)
    edits.append((node.start_mark.index, node.end_mark.index, yaml_string(joined)))
    notes.append(f"allowed-tools: the list `{_short(field.raw)}` written as the string `{joined}`")


def _metadata(
    key: Any, node: Any, field: Any, edits: list[tuple[int, int, str]], notes: list[str]
) -> None:
    if not isinstance(node, yaml.MappingNode) or field is None or not isinstance(field.value, dict):
        return
    values = {str(k): v for k, v in field.value.items()}
    if node.flow_style:
        entries = [f"  {yaml_string(k)}: {yaml_string(as_string(v))}" for k, v in values.items()]
        edits.append((key.end_mark.index, node.end_mark.index, ":\n" + "\n".join(entries)))
        notes.append(f"metadata: the flow mapping `{_short(field.raw)}` written as a block mapping")
        return
    for entry_key, entry in node.value:
        if not _has_flow(entry) or str(entry_key.value) not in values:
            continue
        value = as_string(values[str(entry_key.value)])
        edits.append((entry_key.end_mark.index, entry.end_mark.index, f": {yaml_string(value)}"))
        notes.append(
            f"metadata.{entry_key.value}: the collection written as the string `{_short(value)}`"
        )


def _trimmed(yaml_text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace: a block collection's node ends where the next
    line starts, and the line break stays."""
    while end > start and yaml_text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _has_flow(node: Any) -> bool:
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        if node.flow_style:
            return True
        children = node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
        return any(_has_flow(child) for child in children)
    return False


def _reads_back(edited: str, before: Any) -> bool:
    """True when ``edited``'s front matter parses with the same keys, metadata as strings."""
    after = package_from_texts("skill", {"SKILL.md": edited}).front_matter
    if after.error or [f.key for f in after.fields] != [f.key for f in before.fields]:
        return False
    old, new = before.get("metadata"), after.get("metadata")
    if old is None or not isinstance(old.value, dict):
        return True
    if new is None or not isinstance(new.value, dict):
        return False
    return all(str(k) in map(str, new.value) for k in old.value)


def unrepaired(text: str, keep_unknown_keys: bool) -> list[str]:
    """What still keeps SKILL.md ``text``'s front matter from the reference validator after
    the repairs (a PV039 message each): YAML that does not parse, flow collections, anchors or
    tags, and keys outside the spec that could not move (``metadata`` is not a map)."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    if not (front.present and front.closed):
        return []
    if front.error:
        return [f"the front matter is not YAML ({_short(front.error)}): left as written"]
    problems = [
        f"{what} `{_short(front.text[start:end])}` left as written: the reference validator "
        "refuses it"
        for what, start, end in constructs(front.text)
    ]
    unknown = [f.key for f in front.fields if f.key not in SPEC_KEYS]
    metadata = front.get("metadata")
    if unknown and not keep_unknown_keys:
        why = (
            "metadata is not a map"
            if metadata is not None and not isinstance(metadata.value, dict)
            else "the edit would not read back"
        )
        problems.append(
            f"{', '.join(unknown)} left at the top level ({why}): the reference validator "
            "refuses keys outside the spec"
        )
    return problems


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
