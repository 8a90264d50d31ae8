"""``.skill`` archives: each skill package as the zip the vendor's packager makes.

Why byte-identical: the archives sit beside the skill folders in the output and in the lock,
so a rebuild must not change them unless a file inside changed. Every entry gets the same
timestamp (1980-01-01, zip's earliest), regular-file permissions 0644 (0755 for a bundled
script: `skillc.package.model.file_mode`, as the folder output writes it), the same compression
level, and entries are written in sorted path order; the skill folder is the zip's root
(``<name>/SKILL.md``), as Anthropic's ``package_skill.py`` writes it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from skillc.package.model import file_mode

#: The one timestamp every entry carries (zip cannot store an earlier one).
EPOCH = (1980, 1, 1, 0, 0, 0)
SUFFIX = ".skill"


def skill_archives(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``<name>.skill`` for each skill of ``files`` (``<name>/<path>`` -> bytes)."""
    by_skill: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        name = path.split("/", 1)[0]
        by_skill.setdefault(name, {})[path] = data
    return {f"{name}{SUFFIX}": archive(members) for name, members in sorted(by_skill.items())}


def archive(members: Mapping[str, bytes]) -> bytes:
    """One zip of ``members`` (POSIX path -> bytes), deterministic to the byte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for path, data in sorted(members.items()):
            info = zipfile.ZipInfo(path, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | file_mode(path.split("/", 1)[-1], data)) << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            zipped.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
