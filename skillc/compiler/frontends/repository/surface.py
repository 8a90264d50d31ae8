"""Which code files are the project's public surface, and which only live beside it.

Why: peers pick an example's ``setup.py`` as the project's entry point and count tests as
how-to guides. Tests, examples, benchmarks, docs and build helpers hold definitions that look
like the project's (a click group in a test, a parser in an example) but are not what users
install; vendored, generated and third-party code is not the project's at all (those folders
are not even read: `files.SKIP_DIRS`).
"""

from __future__ import annotations

from pathlib import PurePosixPath

__all__ = ["NOT_SURFACE", "on_surface"]

#: Folder names whose code is not the project's public surface, wherever they are.
NOT_SURFACE = frozenset(
    {
        "tests",
        "test",
        "testing",
        "examples",
        "example",
        "samples",
        "benchmarks",
        "bench",
        "docs",
        "doc",
        "fixtures",
        "generated",
        "migrations",
    }
)
#: Files at any level that configure the build rather than define the project.
_HELPERS = frozenset({"setup.py", "noxfile.py", "conftest.py", "conf.py", "fabfile.py"})


def on_surface(relative: str) -> bool:
    """Whether the code file at ``relative`` (POSIX, inside the repository) is the project's."""
    path = PurePosixPath(relative)
    name = path.name
    if name in _HELPERS or name.startswith("test_") or name.endswith(("_test.py", "_test.go")):
        return False
    if ".test." in name or ".spec." in name:  # JavaScript's and TypeScript's test files
        return False
    return not any(part in NOT_SURFACE for part in path.parts[:-1])
