"""The name of the documentation a build compiles, for the library index skill.

``skillc build corpora/click/docs`` should produce a catalogue of "click" skills without the user
saying so: the name is read from the input path, skipping folder names that only say where docs
are kept (``docs``, ``html``, ``src``...). Only that one name reaches the output, never a path,
so builds stay free of the build machine's paths.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from skillc.compiler.archives import ARCHIVE_SUFFIXES
from skillc.compiler.frontends import table

#: Folder names that say where documentation is kept, not what it documents.
GENERIC_FOLDERS = frozenset(
    {"src", "source", "sources", "doc", "docs", "documentation", "html", "htdocs", "build"}
    | {"_build", "site", "public", "out", "output", "dist", "en", "latest", "stable", "current"}
    | {"manual", "guide", "guides", "pdf", "content", "pages", "www", "index", "main", "master"}
)


def _suffixes() -> re.Pattern[str]:
    """Any run of the suffixes of archives and of the pages some frontend claims."""
    parts = {p for s in (*ARCHIVE_SUFFIXES, *table.SUFFIXES) for p in s.split(".") if p}
    alternatives = "|".join(sorted(map(re.escape, parts), key=lambda p: (-len(p), p)))
    return re.compile(rf"(\.({alternatives}))+$", re.I)


_FILE_SUFFIXES = _suffixes()


def infer_library_name(inputs: Sequence[str]) -> str:
    """What the documentation is of, from the inputs' path: ``corpora/click/docs`` -> click.

    Several inputs count as their common folder, so the input order does not matter. The
    innermost name that is not a generic folder name (`GENERIC_FOLDERS`) wins; a file's own stem
    counts first (``refman.pdf`` -> refman). Only that one name reaches the output (in the index
    skill), never the path.
    """
    if not inputs:
        return ""
    # realpath, not Path.resolve: resolve raises RuntimeError on a symlink loop, and a bad
    # input must reach `inputs.gather` to be reported as one, not end in a traceback here.
    paths = sorted({Path(os.path.realpath(p)) for p in inputs})
    path = paths[0] if len(paths) == 1 else Path(os.path.commonpath(paths))
    first = _FILE_SUFFIXES.sub("", path.name) if path.is_file() else path.name
    names = [first, *(parent.name for parent in path.parents)]
    return next((n for n in names if n and n.lower() not in GENERIC_FOLDERS), "")
