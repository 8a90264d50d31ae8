"""Codes of the output folder: whose files are in it, and what a build may replace."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

register(
    "SK012",
    "unusable-output-folder",
    Severity.ERROR,
    "output",
    """The output folder cannot be used: the build writes nothing.

    ## What it checks
    The output path exists and is not a folder; it has entries but no skillc manifest (it is
    not a folder skillc wrote, so it is refused whole); it is inside an input or contains one;
    it cannot be created or written; it is a symlink loop.

    ## Why it matters
    A build replaces only files it wrote earlier; a folder it never wrote (a home folder, a
    repository root) might otherwise lose files, and an output inside an input would be read
    back as input by the next build.

    ## Example
    `skillc build docs -o .`: the current folder has entries and no `skills.lock`.

    ## Fix
    Name an empty or new folder, or one an earlier `skillc build` wrote.
    """,
)
register(
    "SK014",
    "output-edited-by-hand",
    Severity.ERROR,
    "output",
    """A file the previous build wrote was edited since, and this build would overwrite it.

    ## What it checks
    Before writing, each output file the build replaces is compared with the sha256 the
    previous build's manifest recorded for it. A mismatch stops the build before anything is
    written (exit 1) unless `--force`.

    ## Why it matters
    Hand edits to generated skills are lost on the next build without a word otherwise.

    ## Example
    `out/click-testing/SKILL.md` was edited after `skillc build` wrote it.

    ## Fix
    Make the change in the source guide and rebuild, or pass `--force` to replace the file.
    """,
)
register(
    "SK015",
    "foreign-file-in-the-way",
    Severity.ERROR,
    "output",
    """A file, folder or link skillc did not write is where the build writes a file.

    ## What it checks
    A path the build writes that the previous manifest does not list, but that exists (a file
    someone put there), stops the build unless `--force`; a folder, link or special file in the
    way stops it even with `--force`, since skillc never replaces one.

    ## Why it matters
    Files of other tools or people share output folders (`.git/`, notes); skillc only ever
    replaces what it wrote.

    ## Example
    `out/click-testing/references/api.md` was created by hand, and the new build emits a file
    of that name.

    ## Fix
    Move the file away, or pass `--force` to replace it (a folder or link must be moved).
    """,
)
register(
    "SK016",
    "interrupted-build-recovered",
    Severity.INFO,
    "output",
    """A build interrupted earlier left files beside the output; this build finished or removed
    them.

    ## What it checks
    Staging folders and journals an interrupted build left beside the output folder are
    finished (when the journal says the commit had begun) or removed before writing.

    ## Why it matters
    A killed build must leave either the old output or the new one, never a mix; this note says
    the repair happened.

    ## Example
    `finished or removed .out.skillc-1a2b3c4d, left beside the output by an interrupted build`.

    ## Fix
    Nothing to do; it is a note (shown with `-v`).
    """,
)
register(
    "SK017",
    "foreign-files-kept-aside",
    Severity.WARNING,
    "output",
    """Files skillc did not write appeared in the output during a build: kept beside it.

    ## What it checks
    When the whole output folder is exchanged for the new one, files that were added to the
    old folder while the build ran (not in its manifest) are kept in the staging folder beside
    the output, named in the message, instead of being lost.

    ## Why it matters
    No file of anyone else's is ever deleted, even when it arrives mid-build.

    ## Example
    An editor saved `out/notes.md` while `skillc build` was running.

    ## Fix
    Move the kept files back where they belong, and avoid writing into an output folder
    while a build runs.
    """,
)
