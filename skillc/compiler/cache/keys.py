"""What a cached result depends on, hashed into its key.

A frontend's result for one source is a function of: the source's bytes (its sha256), its id
(provenance and skill ids are made from it), the frontend that reads it, the build's
cross-page targets (labels and titles of every page, which ``{ref}`` and ``:doc:`` resolve
against), and the code of skillc itself. The last is taken as a hash of every file of the
installed ``skillc`` package rather than its version number, so a changed frontend (a
developer's edit, an upgrade that forgot to bump the version) can never be served a stale
result. Frontends read no build option today; when one does, it belongs in `source_key`'s
``extra``.

The targets are hashed whole: editing a page's title or a Sphinx label re-reads every page of
the kinds that resolve cross-references (Markdown, RST), which is what a safe key can promise
without tracing each page's lookups. HTML pages resolve none, so their results outlive any
other page's edit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

#: Bumped when the layout of an entry or of its payload changes.
SCHEMA = "1"


@cache
def code_fingerprint() -> str:
    """A hash of every file of the installed ``skillc`` package (path and bytes, in path
    order; ``__pycache__`` left out). About 300 files: a few milliseconds, once a process."""
    import skillc

    root = Path(skillc.__file__).parent
    digest = hashlib.sha256(f"skillc {skillc.__version__}\n".encode())
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def targets_digest(labels: Mapping[str, tuple[str, str]], titles: Mapping[str, str]) -> str:
    """A hash of a build's cross-page targets, independent of insertion order."""
    text = json.dumps(
        [sorted((k, list(v)) for k, v in labels.items()), sorted(titles.items())],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_key(*, frontend: str, source_id: str, sha256: str, targets: str, extra: str = "") -> str:
    """The key of one source's frontend result."""
    parts = [SCHEMA, code_fingerprint(), frontend, source_id, sha256, targets, extra]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def group_key(*, frontend: str, sources: list[tuple[str, str]], extra: str = "") -> str:
    """The key of a result read from several sources at once (``read_all``: ticket exports):
    ``sources`` are (id, sha256) pairs in the order they are read."""
    listed = "\n".join(f"{i}\0{sha}" for i, sha in sources)
    parts = [SCHEMA, code_fingerprint(), frontend, "group", listed, extra]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


__all__ = ["SCHEMA", "code_fingerprint", "group_key", "source_key", "targets_digest"]
