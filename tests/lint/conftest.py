"""Shared helpers for the lint tests: write a skill folder from a dict of files.

`make_skill` is plain (importable as ``from tests.lint.conftest import make_skill``) and is also
offered as the ``make_skill`` fixture, bound to the test's ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

#: A minimal valid SKILL.md for a folder named ``demo``.
VALID_SKILL_MD = (
    "---\n"
    "name: demo\n"
    "description: Does a demo thing. Use when the user asks for a demo.\n"
    "---\n"
    "\n"
    "# Demo\n"
    "\n"
    "Run the demo.\n"
)


def make_skill(
    tmp_path: Path,
    files: Mapping[str, str | bytes],
    name: str = "demo",
) -> Path:
    """Write the skill folder ``tmp_path/name`` holding ``files`` and return its path.

    Keys are POSIX paths relative to the folder (``references/a.md``); parents are created. A
    ``str`` value is written as UTF-8 exactly as given (no newline translation, so CRLF tests
    work); ``bytes`` are written raw. The folder is created even when ``files`` is empty.
    """
    root = tmp_path / name
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root


@pytest.fixture(name="make_skill")
def make_skill_fixture(tmp_path: Path) -> Callable[..., Path]:
    """`make_skill` bound to this test's ``tmp_path``: ``make_skill({"SKILL.md": ...})``."""

    def make(files: Mapping[str, str | bytes], name: str = "demo") -> Path:
        return make_skill(tmp_path, files, name=name)

    return make
