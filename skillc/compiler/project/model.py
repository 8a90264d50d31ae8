"""The typed project model: frozen values, read once from the configuration file.

Why a model of its own: the command line, ``make demo`` and the drift check all build the same
outputs from the same declarations, so the file is checked once, here, and everything after
reads typed fields (never the raw TOML). Paths are kept as written (relative to the project
root, POSIX), so nothing derived from the model names a path of the build machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Source kinds a project may declare, and the frontends (`skillc.compiler.frontends.table`)
#: whose sources each kind names. ``guide`` is every page kind.
KINDS: dict[str, frozenset[str]] = {
    "guide": frozenset({"markdown", "rst", "html", "pdf"}),
    "repository": frozenset({"repository"}),
    "tickets": frozenset({"tickets"}),
    "skills": frozenset({"skills"}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSpec:
    """One declared source: a path or glob (relative to the project root) and its options.

    ``kind`` (optional) is what the path must hold, checked after reading (a folder of pages
    declared ``repository`` that holds no repository is an error); ``fields`` is the ticket
    field mapping, kept as given (sorted key/value pairs) and passed to the tickets frontend;
    ``line`` is where the source is declared, for messages. ``pages`` (PDF page ranges),
    ``base_url`` and ``name_prefix`` are the source's own options
    (`skillc.compiler.source_options`); empty when not set.
    """

    path: str
    kind: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    pages: tuple[tuple[int, int], ...] = ()
    base_url: str = ""
    name_prefix: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """One output folder and what builds it: its sources and the build options.

    Every option left out of the file is ``None`` (or empty), so command-line flags and the
    build's own defaults fill it; `skillc.compiler.driver.BuildOptions` is made from it.
    """

    name: str
    out: str
    sources: tuple[SourceSpec, ...]
    name_prefix: str | None = None
    base_url: str | None = None
    library_name: str | None = None
    pipeline: str | None = None
    disable: tuple[str, ...] = ()
    index: str | None = None
    pages: str | None = None
    group: str | None = None
    listing_budget: int | None = None
    jobs: int | None = None
    archive: bool | None = None
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """A whole project: its file, root folder, outputs and the settings shared by all.

    ``fail_on`` is the risk verdict (``skillc scan``'s ``--fail-on``) that fails a build's
    risk report; ``cache_dir`` the incremental cache's folder (relative to ``root``);
    ``lint`` says whether the file has a ``[lint]`` table (lint reads it itself, see
    `skillc.lint.config`); ``report`` and ``risk_report`` are the default paths of the build
    and risk reports (``""``: none).
    """

    path: Path
    root: Path
    outputs: tuple[Output, ...] = ()
    cache_dir: str = ".skillc-cache"
    #: ``cache-max-mb``: the cache is pruned to this size after each build (None: never).
    cache_max_mb: float | None = None
    fail_on: str = "malicious"
    report: str = ""
    risk_report: str = ""
    lint: bool = False

    def output(self, name: str) -> Output | None:
        """The output called ``name``, or None."""
        return next((o for o in self.outputs if o.name == name), None)
