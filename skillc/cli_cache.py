"""``skillc cache info`` and ``skillc cache prune``: the build cache's size, and a bound on it.

Which folder: ``--cache-dir``, else the project's ``cache-dir`` (``skillc.toml`` or
``[tool.skillc]`` here or above), else ``$SKILLC_CACHE_DIR``, else ``.skillc-cache/`` in the
project root: the folder ``skillc build`` uses (`skillc.compiler.cache.location`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from skillc.cli_build import run_command as _run
from skillc.diagnostics import Diagnostic, SkillcError

MB = 1_000_000


@click.group("cache")
def cache() -> None:
    """The incremental build cache: how big it is, and pruning it."""


def _folder(given: str | None) -> tuple[Path, float | None]:
    """The cache folder, and the project's ``cache-max-mb`` (None when not set)."""
    from skillc.compiler.cache.location import DEFAULT_NAME, default_cache_dir, project_root
    from skillc.compiler.project import find_project, load_project

    found = find_project(Path.cwd())
    project = load_project(found) if found is not None else None
    bound = project.cache_max_mb if project is not None else None
    if given:
        return Path(given), bound
    if project is not None:
        return project.root / project.cache_dir, bound
    return default_cache_dir(None) or project_root() / DEFAULT_NAME, bound


def _shown(folder: Path) -> str:
    from skillc.cli_project import shown

    return shown(folder.absolute())


def _info_json(info: Any) -> dict[str, Any]:
    sections = {k: {"entries": n, "bytes": b} for k, (n, b) in info.sections.items()}
    return {"entries": info.entries, "bytes": info.bytes, "sections": sections}


def _echo_info(where: str, info: Any) -> None:
    click.echo(f"{where}: {info.entries} entries, {info.bytes / MB:.1f} MB")
    for section, (count, size) in info.sections.items():
        click.echo(f"  {section:8} {count:>8} entries {size / MB:>10.1f} MB")


CACHE_DIR = click.option(
    "--cache-dir", default=None, help="The cache folder (default: the build's)."
)
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")


@cache.command("info")
@CACHE_DIR
@FORMAT
def info_command(cache_dir: str | None, fmt: str) -> None:
    """Entries and size of the cache, by section."""

    def body() -> int:
        from skillc.compiler.cache.prune import cache_info

        folder, _ = _folder(cache_dir)
        info = cache_info(folder)
        where = _shown(folder)
        if fmt == "json":
            click.echo(json.dumps({"cache": where, **_info_json(info)}, indent=2))
        else:
            _echo_info(where, info)
        return 0

    _run(body)


@cache.command("prune")
@CACHE_DIR
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0),
    default=None,
    help="Keep at most this many MB (default: cache-max-mb of the project); 0 empties it.",
)
@FORMAT
def prune_command(cache_dir: str | None, max_mb: float | None, fmt: str) -> None:
    """Remove the least recently used entries until the cache fits; safe beside running
    builds (they recompute what they no longer find)."""

    def body() -> int:
        from skillc.compiler.cache.prune import prune

        folder, bound = _folder(cache_dir)
        limit = max_mb if max_mb is not None else bound
        if limit is None:
            message = "skillc cache prune needs --max-mb N (or cache-max-mb in [build])"
            raise SkillcError(Diagnostic(code="SK131", message=message, path="<args>"))
        done = prune(folder, int(limit * MB))
        where = _shown(folder)
        if fmt == "json":
            record = {"cache": where, "removed": done.removed, "freed_bytes": done.freed}
            click.echo(json.dumps({**record, "left": _info_json(done.left)}, indent=2))
        else:
            click.echo(f"removed {done.removed} entries ({done.freed / MB:.1f} MB)")
            _echo_info(where, done.left)
        return 0

    _run(body)


def bound(cache_dir: str, max_mb: float) -> None:
    """After a build: prune its cache to the project's ``cache-max-mb``. The entries this
    build used were just marked, so they are the last to go. A folder that is not a skillc
    cache (no tag: the build could not write it) is left alone."""
    from skillc.compiler.cache.prune import is_cache, prune

    folder = Path(cache_dir)
    if is_cache(folder):
        prune(folder, int(max_mb * MB))


__all__ = ["bound", "cache"]
