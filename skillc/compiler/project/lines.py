"""Where a key or value is in a TOML text: tomllib keeps no positions, messages need lines.

Why by text: the file is small and written by people, so a key is found after its table's
header line (``[build]``, the n-th ``[[output]]``) and before the next header; a value (a
source path) by its quoted string. 0 when not found (the message still names the file).
"""

from __future__ import annotations

import re


def line_of(text: str, key: str, header: str, index: int = -1, *, value: str = "") -> int:
    """The 1-based line of ``key = `` in table ``header`` (its ``index``-th occurrence for an
    array of tables), or, with ``value``, of that quoted string at or after the key (a list
    item); 0 when not found."""
    lines = text.splitlines()
    start, end = _block(lines, header, index) if header else (0, len(lines))
    if value:  # a value of ``key`` (a source path): after the key's line, else anywhere
        after = line_of(text, key, header, index) if key else start
        quoted = re.compile(rf"""["']{re.escape(value)}["']""")
        order: list[int] = [*range(max(after - 1, 0), len(lines)), *range(len(lines))]
        return next((n + 1 for n in order if quoted.search(lines[n])), 0)
    if not key:
        return start if header else 0
    setting = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
    for number in range(start, end):
        if setting.match(lines[number]):
            return number + 1
    bare = re.compile(rf"""(?:^|[\s.{{,])["']?{re.escape(key)}["']?\s*=""")
    found = next((i + 1 for i, ln in enumerate(lines) if bare.search(ln)), 0)
    if found:
        return found
    table = re.escape(f"{header}.{key}" if header else key).replace(r"\.", r"\s*\.\s*")
    opener = re.compile(rf"^\s*\[\[?\s*{table}\s*[\].]")
    return next((i + 1 for i, ln in enumerate(lines) if opener.match(ln)), start)


def _block(lines: list[str], header: str, index: int) -> tuple[int, int]:
    """The lines of table ``header`` (0-based start after the header line, end exclusive)."""
    parts = r"\s*\.\s*".join(re.escape(p) for p in header.split("."))
    opener = re.compile(rf"^\s*\[\[?\s*{parts}\s*\]\]?\s*(#.*)?$")
    starts = [i for i, ln in enumerate(lines) if opener.match(ln)]
    if not starts:
        return 0, len(lines)
    first = starts[min(max(index, 0), len(starts) - 1)]
    end = next(
        (i for i in range(first + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    return first + 1, end
