"""Codes of incremental builds: the build cache, hand edits merged, where tasks run."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

register(
    "SK120",
    "cache-entry-damaged",
    Severity.INFO,
    "cache",
    """A cached frontend result failed its hash check; the source was read again.

    ## What it checks
    Every entry of the build cache (`.skillc-cache/` in the project root, `--cache-dir`,
    `SKILLC_CACHE_DIR`) stores the sha256 of its payload. An entry whose bytes no longer match
    (cut short by a power loss, damaged on disk, edited) is never used.

    ## Why it matters
    A damaged entry used as is would put wrong skills into the output without a word; reading
    the source again costs only time.

    ## Example
    `note: docs/install.md: SK120 the cache entry of this source was damaged (hash mismatch);
    it was read again`

    ## Fix
    Nothing to do: the entry has been written again. If it recurs, check the disk, or delete
    the cache folder (always safe).
    """,
)
register(
    "SK121",
    "hand-edit-merged",
    Severity.INFO,
    "cache",
    """An output file edited by hand kept its edit, merged with the newly generated text.

    ## What it checks
    A file the previous build wrote whose bytes changed since is merged three-way: the text
    skillc generated last time (kept in the build cache), the edited file, and the new text.
    When the two sides changed different lines, the merge is written.

    ## Why it matters
    Hand edits to generated skills survive a rebuild; the note says which files carry one, so
    a reviewer knows the file is not purely generated.

    ## Example
    `note: out/click-testing/SKILL.md: SK121 edited by hand; the edit is kept, merged with the
    newly generated text`

    ## Fix
    Nothing to do. To make the edit permanent for everyone, make it in the source; `--force`
    drops it and writes the generated text.
    """,
)
register(
    "SK122",
    "hand-edit-conflict",
    Severity.ERROR,
    "cache",
    """A hand edit and the newly generated text changed the same lines differently.

    ## What it checks
    The three-way merge of a hand-edited output file (base: the text skillc generated last
    time; one side the edit, the other the new text) found a region both sides changed, in
    different ways. The build writes nothing, exits 1 and leaves the file as it is; the message
    shows the first conflicting region's line and both sides.

    ## Why it matters
    Picking either side silently would lose either the edit or the change in the source.

    ## Example
    `error: out/click-testing/SKILL.md:12:1: SK122 hand edit conflicts with the new generated
    text at line 12: edited 'Run the tests twice.', generated 'Run the tests with -x.'; ...`

    ## Fix
    Make the change in the source and undo the edit, or pass `--force` to replace the file
    with the generated text.
    """,
)
register(
    "SK123",
    "executor-unavailable",
    Severity.ERROR,
    "cache",
    """The executor named by `--executor` cannot be used.

    ## What it checks
    `--executor` is `local` or `dask://HOST:PORT`; for Dask, the scheduler must answer within
    the connect timeout and the `distributed` package must be installed
    (`pip install 'skillc[dask]'`).

    ## Why it matters
    A build that silently fell back to local processes would hide a broken cluster; one that
    hung would block CI.

    ## Example
    `error: --executor: SK123 cannot reach the Dask scheduler at tcp://127.0.0.1:8786 (timed
    out after 10 s)`

    ## Fix
    Start the scheduler (`dask scheduler`) and workers (`dask worker HOST:PORT`), check the
    address, or build with `--executor local`.
    """,
)
register(
    "SK130",
    "not-a-skillc-cache",
    Severity.ERROR,
    "cache",
    """`skillc cache prune` was pointed at a folder that is not a skillc build cache.

    ## What it checks
    The folder must hold the `CACHEDIR.TAG` skillc writes when it creates a cache, and only
    files named as skillc names its entries are ever removed.

    ## Why it matters
    Pruning deletes files; `--cache-dir` given a wrong folder (a home directory, a checkout)
    must delete nothing of someone else's.

    ## Example
    `error: /home/me: SK130 not a skillc cache folder (no CACHEDIR.TAG written by skillc);
    nothing removed`

    ## Fix
    Name the cache folder (`.skillc-cache/` in the project root by default, or the project's
    `cache-dir`).
    """,
)
register(
    "SK131",
    "bad-cache-bound",
    Severity.ERROR,
    "cache",
    """The cache size bound is missing or not a positive number of megabytes.

    ## What it checks
    `skillc cache prune` needs `--max-mb N` or `cache-max-mb = N` under `[build]` in
    `skillc.toml`; N is a number of megabytes, 0 or more.

    ## Why it matters
    A prune without a bound would have to guess how much of the cache to delete.

    ## Example
    `error: <args>: SK131 skillc cache prune needs --max-mb N (or cache-max-mb in [build])`

    ## Fix
    Give `--max-mb`, or set `cache-max-mb` in the project file.
    """,
)
