"""YAML scalars as the backend writes front matter and lint's fixes suggest it.

Double-quoted scalars, because both strict parsers (strictyaml, used by the reference validator)
and ``yaml.safe_load`` accept them whatever the text contains.
"""

from __future__ import annotations

import json
import re

#: Characters YAML does not allow unescaped (PyYAML's ``Reader.NON_PRINTABLE``), plus the ones it
#: folds as line breaks inside quoted scalars (NEL, U+2028, U+2029).
_NOT_YAML_PRINTABLE = re.compile(
    "[^\\x09\\x0a\\x0d\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)
#: A dash that follows a dash: escaping it leaves no ``---`` in the text.
_REPEATED_DASH = re.compile(r"(?<=-)-")


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that strict parsers and the reference validator accept.

    JSON string syntax is a subset of YAML's double-quoted form, but YAML forbids some characters
    JSON leaves raw (DEL, C1 controls, surrogates, U+FFFE/FFFF), so those are escaped too. A run
    of three dashes is escaped as well: the reference validator splits SKILL.md on the first two
    ``---`` anywhere in the text, so a description containing ``---`` would cut the front matter.

    >>> yaml_string('a: "b" --- c')
    '"a: \\\\"b\\\\" -\\\\u002d\\\\u002d c"'
    """
    quoted = json.dumps(value, ensure_ascii=False)
    quoted = _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return _REPEATED_DASH.sub(r"\\u002d", quoted)
