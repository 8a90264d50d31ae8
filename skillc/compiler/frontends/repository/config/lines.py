"""Line numbers in configuration text, and commands given as word lists written as one line.

Why: `tomllib` and `configparser` give values without positions; provenance needs the line a
value is on. A table header (``[tool.tox.env.docs]``) and a key after it are found by a plain
scan, which is all the provenance needs (the first line of the definition).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Lines", "command_text", "shell_word"]

_SAFE = re.compile(r"^[\w@%+=:,./{}~^-]+$")


class Lines:
    """The lines of one text, searched for headers and keys (1-based line numbers; 0 when
    not found)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def header(self, name: str) -> int:
        """The line of table ``[name]`` (or ``[[name]]``), quotes around parts ignored."""
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if stripped.startswith("[") and _table(stripped) == name:
                return number
        return 0

    def key(self, key: str, after: int) -> int:
        """The first line after line ``after`` that assigns ``key`` (``key =`` or
        ``key:``), before the next table header."""
        for number in range(after + 1, len(self.lines) + 1):
            stripped = self.lines[number - 1].strip()
            if stripped.startswith("[") and number > after + 1 and _table(stripped):
                return 0
            name = re.split(r"\s*[=:]", stripped, maxsplit=1)[0].strip().strip("\"'")
            if name == key:
                return number
        return 0


def _table(line: str) -> str:
    inner = line.strip("[]").strip()
    return ".".join(part.strip().strip("\"'") for part in inner.split("."))


def shell_word(word: str) -> str:
    """``word`` as a shell would need it written (quoted only when it has to be)."""
    if word and _SAFE.match(word):
        return word
    return "'" + word.replace("'", "'\"'\"'") + "'"


def command_text(words: list[Any]) -> str:
    """A command given as a list of words (tox's native TOML form) as one line; tox's
    ``{replace = "posargs", default = ["-U"]}`` is shown as tox.ini spells it,
    ``{posargs:-U}``."""
    out: list[str] = []
    for word in words:
        if isinstance(word, str):
            out.append(shell_word(word))
        elif isinstance(word, dict) and word.get("replace") == "posargs":
            default = word.get("default")
            given = [w for w in default if isinstance(w, str)] if isinstance(default, list) else []
            out.append("{posargs:" + " ".join(given) + "}" if given else "{posargs}")
    return " ".join(out)
