"""Where the cache folder is: ``--cache-dir``, else ``$SKILLC_CACHE_DIR``, else
``.skillc-cache/`` in the project root; and whether there is one (``--no-cache``, or
``SKILLC_NO_CACHE=1`` without an explicit ``--cache-dir``: what a CI job that must read every
source, or a test suite whose tests must not see each other's results, sets once).

The project root is the nearest folder, from the current one upwards, holding ``skillc.toml``
or ``pyproject.toml`` (the folder a project's configuration lives in, so every build of the
project shares one cache whatever folder it is started from), else the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_NAME = ".skillc-cache"
CACHE_ENV = "SKILLC_CACHE_DIR"
NO_CACHE_ENV = "SKILLC_NO_CACHE"
_MARKERS = ("skillc.toml", "pyproject.toml")


def project_root(start: Path | None = None) -> Path:
    """The nearest folder from ``start`` (default: the current one) up holding a marker."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).is_file() for marker in _MARKERS):
            return folder
    return here


def default_cache_dir(given: str | None = None, no_cache: bool = False) -> Path | None:
    """The cache folder a build uses (``given``: ``--cache-dir``), ``None`` for none."""
    if given:
        return Path(given)
    if no_cache or os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    from_env = os.environ.get(CACHE_ENV, "")
    if from_env:
        return Path(from_env)
    return project_root() / DEFAULT_NAME


__all__ = ["CACHE_ENV", "DEFAULT_NAME", "NO_CACHE_ENV", "default_cache_dir", "project_root"]
