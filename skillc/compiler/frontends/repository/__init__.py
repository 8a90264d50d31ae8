"""The repository frontend: a code repository named on the command line -> skills for using,
building, testing and contributing to it.

A folder is a repository when its top holds a project marker (``pyproject.toml``,
``setup.cfg``, ``setup.py``, ``package.json``, ``go.mod``, ``Cargo.toml``, ``.git``: see
`files.is_repository`); only folders named on the command line are asked, so a docs folder
inside a repository, named alone, is still a folder of guides. A repository is read as any
folder is (its guide pages become guide skills, exactly as before) plus one more source, the
repository itself (`files.collect` bundles the files this frontend reads), whose skills are
made by `reader.read_repository`. The tree-sitter grammars are imported only when a
repository is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from skillc.compiler.frontends.frontend import Claims, Collected, Frontend, KindOptions, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets


def read(data: bytes, source_id: str, targets: Targets) -> FrontendResult:
    """The skills of one repository (see `reader.read_repository`)."""
    from skillc.compiler.frontends.repository.reader import read_repository

    return read_repository(data, source_id)


def is_repository(folder: Path) -> bool:
    """Whether a folder named on the command line is a code repository."""
    from skillc.compiler.frontends.repository.files import is_repository as check

    return check(folder)


def collect(folder: Path, label: str) -> Collected:
    """The files of the repository this frontend reads, bundled into one source."""
    from skillc.compiler.frontends.repository.files import collect as bundle

    return bundle(folder, label)


def is_repository_top(names: frozenset[str]) -> bool:
    """Whether the names at an archive's top make it a repository."""
    from skillc.compiler.frontends.repository.files import PROJECT_MARKERS

    return not PROJECT_MARKERS.isdisjoint(names)


def member(relative: str) -> bool:
    """Whether an archive member (relative to the archive's top folder) is read."""
    from skillc.compiler.frontends.repository.files import wanted

    return wanted(relative)


def page(relative: str) -> bool:
    """Whether a guide page inside a repository is read as a page (not a test fixture or
    an application's template: `surface.guide_page`)."""
    from skillc.compiler.frontends.repository.surface import guide_page

    return guide_page(relative)


def collect_archive(
    members: Mapping[str, bytes], label: str, where: str, options: KindOptions
) -> Collected:
    """The repository an archive holds, bundled into one source (empty when none); the
    kind takes no ``options``."""
    from skillc.compiler.frontends.repository.files import collect_members

    return collect_members(members, label, where)


FRONTEND = Frontend(
    name="repository",
    media_type="application/vnd.skillc.repository+json",
    claims=Claims(root=is_repository, root_names=is_repository_top, member=member, page=page),
    reads=Reads.BYTES,
    read=read,
    collect=collect,
    collect_archive=collect_archive,
)

__all__ = ["FRONTEND"]
