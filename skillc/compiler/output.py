"""Write a build's files all at once or not at all.

Files go to a fresh temporary directory beside the destination, which then replaces the
destination with two renames on the same file system, so a failed or interrupted build never
leaves a half-written output. A destination that holds anything but a previous skillc build is
refused rather than overwritten, and so is a destination inside an input (the next build would
read its own output) or one that contains an input (replacing it would delete the input).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NoReturn

from skillc.diagnostics import Diagnostic, SkillcError

MANIFEST = "skillc-manifest.json"


def check_destination(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse destinations that overlap an input or hold files skillc did not write."""
    target = out.resolve()
    for given in inputs:
        root = given.resolve()
        if target == root or (root.is_dir() and root in target.parents):
            _refuse(out, f"output folder is inside the input {given}")
        if target in root.parents:
            _refuse(out, f"output folder contains the input {given}")
    if out.exists() and not out.is_dir():
        _refuse(out, "output path exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        _refuse(out, f"output folder is not empty and has no {MANIFEST}; refusing to overwrite it")


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace ``out`` with exactly ``files`` (relative POSIX path -> bytes)."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.skillc-", dir=parent))
    except OSError as exc:
        _refuse(out, f"cannot write the output folder: {exc.strerror or exc}")
    try:
        for relative, data in sorted(files.items()):
            path = staging.joinpath(*relative.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _swap(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _refuse(out, f"cannot write the output folder: {exc.strerror or exc}")


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def _refuse(out: Path, message: str) -> NoReturn:
    raise SkillcError(Diagnostic(code="SK012", message=message, path=str(out)))
