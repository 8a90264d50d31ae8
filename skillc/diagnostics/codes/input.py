"""Codes of what a run is given: command-line paths, input pages, archives, configuration."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING = Severity.ERROR, Severity.WARNING

register(
    "SK010",
    "unusable-input",
    ERROR,
    "input",
    """An input path or page that cannot be used.

    ## What it checks
    `skillc build`, `skillc ir` and `skillc lint` report every path they cannot use: a missing
    path, a broken symlink or a loop, an unsupported file type, a folder or archive without a
    single supported page, an archive that does not open, a file that is binary, not decodable,
    empty or too large, two inputs giving the same source id; and, for lint, a path that names
    no skill. A path named on the command line is a usage error (exit 2, nothing written). A
    bad page found inside a folder or archive fails alone: it is listed under `failed` in the
    manifest, the other pages are built and written, and the build exits with 2.

    ## Why it matters
    One bad page in a site of 700 should not hide the other 699, nor pass unnoticed in CI.

    ## Example
    `skillc build docs/ -o out` where `docs/img/logo.md` is a PNG renamed: the page is named,
    the rest of `docs/` is built, exit code 2.

    ## Fix
    Fix or remove the page (re-save it as UTF-8, restore the file), or leave it out of the
    inputs.
    """,
)
register(
    "SK011",
    "empty-page",
    WARNING,
    "input",
    """A page with nothing to read: no skill is made from it.

    ## What it checks
    The Markdown and reStructuredText frontends report a page that is empty or whitespace
    only; the HTML frontend also reports a page whose content area has no readable text once
    site chrome (navigation, sidebars, scripts) is left out.

    ## Why it matters
    The page is in the inputs but adds nothing to the output; the warning says so instead of
    letting it vanish.

    ## Example
    A `docs/todo.md` holding only a newline.

    ## Fix
    Write the page, or leave it out of the inputs.
    """,
)
register(
    "SK013",
    "invalid-lint-config",
    ERROR,
    "input",
    """The lint configuration cannot be read or is wrong.

    ## What it checks
    `[lint]` in `skillc.toml` or `[tool.skillc.lint]` in `pyproject.toml`: the file must be
    readable TOML, the section a table, the keys known (`select`, `extend-select`, `ignore`,
    `per-file-ignores`, `fail-on`), code prefixes lists of two letters and up to three digits
    (in the file and in `--select`/`--extend-select`/`--ignore`), `fail-on` a severity. The
    file and, when it can be found, the line are named; the run stops with exit 2.

    ## Why it matters
    A typo in `ignore` must not silently turn a rule back on.

    ## Example
    `ignore = "PK101"` (a string, not a list): `ignore: expected a list of code prefixes`.

    ## Fix
    Correct the key or value; `skillc rules` lists the codes.
    """,
)
register(
    "SK018",
    "unknown-rule",
    ERROR,
    "input",
    """`skillc rules` was asked about a code or name no table holds.

    ## What it checks
    `skillc rules CODE` looks the argument up among lint rule codes and names and build codes
    and names (codes case-insensitively); nothing found is a usage error (exit 2).

    ## Why it matters
    A typo should say so, not print nothing. (Until 0.x this was SK021, which also meant an
    unknown pass; the two are now separate codes.)

    ## Example
    `skillc rules PK999`.

    ## Fix
    Run `skillc rules` to list every code and name.
    """,
)
register(
    "SK019",
    "page-changed-while-read",
    ERROR,
    "input",
    """A page file changed between the moment the build gathered it and the moment it read it.

    ## What it checks
    A build checks each page file when it gathers the inputs (its hash, its encoding), then
    reads the file again where the page is read (a worker process), so that it never holds a
    whole corpus's text. A file whose bytes no longer match the hash gathered fails its page
    (named, listed under `failed`, exit 2); the other pages are built. The failure is not kept
    in the build cache.

    ## Why it matters
    The lock records each page's hash: a page read with other bytes than the ones hashed would
    make the lock lie about what the skills were built from.

    ## Example
    `the file changed while the build read it; build again`.

    ## Fix
    Build again once the files stop changing (a generator still writing the docs).
    """,
)
register(
    "SK080",
    "archive-over-budget",
    ERROR,
    "input",
    """An archive larger than the build reads: refused whole, before its pages are read.

    ## What it checks
    A `.zip` or `.tar` input holding more entries, or more bytes of pages, than the archive
    limits allow, or a member expanding more than the compression-ratio limit (a compression
    bomb). Counts and sizes are taken from the archive's index or headers before anything is
    decompressed.

    ## Why it matters
    Archives are read in memory; an oversized or hostile one must not exhaust the build
    machine's memory or disk.

    ## Example
    A 40 KB zip declaring 10 GB of pages: `archive expands more than 100:1 ...; not read`.

    ## Fix
    Split the archive, or pass the unpacked folder, whose pages are read one at a time.
    """,
)
register(
    "SK081",
    "frontend-crashed",
    ERROR,
    "input",
    """A frontend raised on a page, or a reading worker process died.

    ## What it checks
    Any exception a frontend raises while reading one page is caught: that page fails alone
    (named, listed under `failed`, exit 2) and the other pages are built. A worker process of
    `-j N` that dies stops the build with nothing written.

    ## Why it matters
    A frontend bug met on one unforeseen input must cost that page, not the whole build in a
    traceback.

    ## Example
    `internal error reading the page (RecursionError: ...); it is skipped, please report this`.

    ## Fix
    Report the message and, if you can, the page: it is a bug in skillc. For a dead worker,
    retry with fewer jobs (`-j 1`).
    """,
)
