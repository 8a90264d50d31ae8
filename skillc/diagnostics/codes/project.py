"""Codes of the project: its configuration file, the lock and drift check, build reports."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

register(
    "SK104",
    "invalid-project-config",
    Severity.ERROR,
    "project",
    """The project file (skillc.toml or [tool.skillc]) has a key or value skillc cannot use.

    ## What it checks
    Every key of `[build]`, `[[output]]` and each source, and each value's type and choice:
    unknown keys, a string where a number is wanted, an unknown pipeline or source kind, a
    source's `pages` that are not page ranges, name pages its PDF does not have or find no
    PDF, a `base-url` that is not an absolute http(s) URL, a glob that matches nothing, a
    source whose declared kind it does not hold, two outputs with one name or folder, a
    `--target` the file does not declare. The message names the file and the line.

    ## Why it matters
    A misspelt key (`name_prefix` for `name-prefix`) would otherwise be ignored, and the
    build would silently make something else than what the file says.

    ## Example
    `skillc.toml:7:1: SK104 jobs: expected a number, not a string` for `jobs = "2"`.

    ## Fix
    Correct the key or value at that line; `skillc init --path example.toml` writes a file
    listing every key.
    """,
)
register(
    "SK105",
    "skill-out-of-date",
    Severity.ERROR,
    "project",
    """`skillc build --check`: a committed skill differs from what its sources produce now.

    ## What it checks
    The build runs in memory and compares each skill's files with the output folder: a skill
    whose files differ (stale), one the sources now make that is not there (added), one that
    is there but no longer made (removed). Nothing is written.

    ## Why it matters
    Skills that drift from their docs teach agents yesterday's commands; this is the CI gate
    and pre-commit hook that keeps them in step.

    ## Example
    `out/click-quickstart: SK105 stale: the sources now produce other files` after
    `quickstart.md` changed.

    ## Fix
    Run `skillc build` (without `--check`) and commit the outputs with the sources.
    """,
)
register(
    "SK106",
    "source-changed-since-lock",
    Severity.WARNING,
    "project",
    """`skillc build --check`: a source's content hash differs from the one in skills.lock.

    ## What it checks
    Each source of the build against the lock's `sources`: changed, added or removed since
    the lock was written. It says why skills are stale (SK105) or the lock is (SK107).

    ## Why it matters
    The lock is the build's provenance: it must name the sources the committed skills were
    made from.

    ## Example
    `docs/quickstart.md: SK106 source changed since skills.lock was written`.

    ## Fix
    Rebuild and commit the outputs and skills.lock.
    """,
)
register(
    "SK107",
    "lock-out-of-date",
    Severity.ERROR,
    "project",
    """`skillc build --check`: the skills are current but skills.lock is not.

    ## What it checks
    The lock the build would write against the committed one, when no skill differs: source
    hashes (a change that does not alter any skill), skillc or frontend versions, options.

    ## Why it matters
    The lock records what the skills were built from and with; a stale lock misleads audits
    and incremental rebuilds.

    ## Example
    A whitespace change in a page that every frontend ignores; an upgrade of skillc.

    ## Fix
    Run `skillc build` and commit skills.lock.
    """,
)
register(
    "SK108",
    "nothing-to-build",
    Severity.ERROR,
    "project",
    """`skillc build` was given neither SOURCES nor a project to build, or an unusable mix.

    ## What it checks
    With no SOURCES, a project file is looked for (`skillc.toml`, else `pyproject.toml` with
    `[[tool.skillc.output]]`) from the current folder up to the repository root. SOURCES need
    `-o OUT`; `-o` with a project needs one `--target`.

    ## Why it matters
    A CI step that builds nothing must fail, not pass.

    ## Example
    `skillc build` in a folder without `skillc.toml`.

    ## Fix
    Run `skillc init`, name `--config FILE`, or give `SOURCES -o OUT`.
    """,
)
register(
    "SK109",
    "init-would-overwrite",
    Severity.ERROR,
    "project",
    """`skillc init` was asked to write a project file where a file already is.

    ## What it checks
    The path `skillc init` writes (`skillc.toml`, or `--path`) must not exist.

    ## Why it matters
    skillc never overwrites a file it did not write; a project file holds a team's settings.

    ## Example
    `skillc init` in a folder that already has `skillc.toml`.

    ## Fix
    Edit the existing file, or name another with `--path`.
    """,
)
register(
    "SK110",
    "risky-skill-emitted",
    Severity.ERROR,
    "project",
    """A skill the build emitted gets a risk verdict at or above `--fail-on`.

    ## What it checks
    With `--report` or `--risk-report`, each emitted skill is scanned in memory by `skillc
    scan`'s engine; a verdict at or above `--fail-on` (default `malicious`; `never` disables
    it) is reported here, with the scanner's reasons.

    ## Why it matters
    A page that tells readers to pipe a download into a shell becomes a skill that tells an
    agent to; CI should stop it before it ships.

    ## Example
    `out/sqlite-cli: SK110 emitted skill is suspicious (risk --fail-on suspicious): ...`.

    ## Fix
    Fix the source page (the risk report's `source_location` names it), or lower the bar.
    """,
)
