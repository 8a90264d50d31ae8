"""Which code files are the project's public surface, and which only live beside it.

Why: peers pick an example's ``setup.py`` as the project's entry point and count tests as
how-to guides. Tests, examples, benchmarks, docs and build helpers hold definitions that look
like the project's (a click group in a test, a parser in an example) but are not what users
install; vendored, generated and third-party code is not the project's at all (those folders
are not even read: `files.SKIP_DIRS`).
"""

from __future__ import annotations

from pathlib import PurePosixPath

__all__ = ["NOT_SURFACE", "guide_page", "on_surface"]

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
        "testdata",
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


#: Folders whose pages are test data or templates, never a repository's docs.
NOT_DOCS = frozenset(
    {
        "tests",
        "test",
        "testing",
        "fixtures",
        "testdata",
        "js_tests",
        "templates",
        "jinja2",
        "static",
        "vendor",
        "third_party",
    }
)
_DOC_DIRS = frozenset({"docs", "doc", "site", "website", "documentation"})


def guide_page(relative: str) -> bool:
    """Whether a page inside a repository (POSIX path below its top) is read as a guide
    page: not under a tests, fixtures or templates folder, and an HTML page only under a
    docs folder (elsewhere HTML is an application's template or a test fixture)."""
    parts = PurePosixPath(relative).parts
    if any(part in NOT_DOCS for part in parts[:-1]):
        return False
    if relative.lower().endswith((".html", ".htm")):
        return bool(parts) and parts[0] in _DOC_DIRS
    return True
