"""Apply the fixes lint diagnostics carry (``skillc lint --fix``).

Safe fixes always apply with ``--fix``; unsafe ones (renaming a skill and its folder) only with
``--unsafe-fixes`` too. Edits are character offsets into the decoded text the reader saw, so a
file is re-read and checked to be unchanged in size before editing; overlapping edits in one file
are applied first-come and the rest left for the next round (the CLI re-lints and repeats, as
ruff does). Files are rewritten atomically (temporary file + rename), keeping a UTF-8 BOM when
the file had one. Folder renames come last, and never overwrite an existing folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix


@dataclass(slots=True)
class FixReport:
    """What ``--fix`` did: fixes applied, files rewritten, folders renamed."""

    applied: int = 0
    files: list[str] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)


def applicable(diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Fix]:
    """The fixes to apply, in diagnostic order."""
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    return [d.fix for d in diagnostics if d.fix is not None and d.fix.applicability in allowed]


def apply_fixes(diagnostics: Sequence[Diagnostic], *, unsafe: bool = False) -> FixReport:
    """Apply every applicable fix of ``diagnostics`` to the files on disk."""
    report = FixReport()
    fixes = applicable(diagnostics, unsafe)
    by_file: dict[str, list[tuple[Fix, Edit]]] = {}
    for fix in fixes:
        for edit in fix.edits:
            by_file.setdefault(edit.path, []).append((fix, edit))
    done: set[int] = set()
    for path in sorted(by_file):
        done |= _edit_file(path, by_file[path], report)
    for fix in fixes:
        ready = fix.rename is not None and (not fix.edits or id(fix) in done)
        if ready and fix.rename is not None and _rename(*fix.rename):
            report.renames.append(fix.rename)
            done.add(id(fix))
    report.applied = len(done)
    return report


def _edit_file(path: str, edits: list[tuple[Fix, Edit]], report: FixReport) -> set[int]:
    """Apply non-overlapping edits to ``path``; ids of the fixes whose edits all applied."""
    try:
        data = Path(path).read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return set()
    chosen: list[Edit] = []
    applied: set[int] = set()
    for fix, edit in sorted(edits, key=lambda pair: (pair[1].start, pair[1].end)):
        if edit.end > len(text) or any(_overlap(edit, other) for other in chosen):
            continue
        chosen.append(edit)
        applied.add(id(fix))
    for edit in sorted(chosen, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    if chosen:
        _write_atomic(Path(path), ("\ufeff" if bom else "") + text)
        report.files.append(path)
    return applied


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same characters (two inserts at one point also clash)."""
    return (a.start < b.end and b.start < a.end) or (a.start == b.start == a.end == b.end)


def _write_atomic(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _rename(old: str, new: str) -> bool:
    source, target = Path(old), Path(new)
    if not source.is_dir() or os.path.lexists(target):
        return False
    source.rename(target)
    return True
