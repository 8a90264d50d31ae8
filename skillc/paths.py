"""Where a path really is, following symlinks, with a loop told apart from everything else.

`Path.resolve` raises RuntimeError on a symlink loop (``a.md -> b.md -> a.md``) and
`os.path.realpath` without ``strict`` silently returns a path inside the loop. Input
gathering, the package reader and the output folder check all need "where does this link go,
or does it never get anywhere", and each reports a loop in its own words: they ask here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def real_path(path: Path) -> Path | None:
    """The real path of ``path``, every symlink followed; None when the links loop. A dangling
    link or a missing path gives where it would be (reading it reports the problem)."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        return Path(os.path.realpath(path))
