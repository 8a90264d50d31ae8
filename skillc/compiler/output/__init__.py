"""Write a build's files into its output folder without ever losing anyone's file.

- Ownership (`ownership`): the previous build's lock (``skills.lock``) says which files skillc
  wrote. Only
  those are replaced or removed; ``.git/``, notes and other tools' files are never touched; a
  listed file edited by hand stops the build (SK014) unless ``force``; a file skillc did not
  write where the build would put one stops it too (SK015). A folder with entries but no
  manifest of skillc's is refused whole (SK012).
- Atomicity (`transaction`): everything is staged beside the folder first, then swapped in
  (whole-folder exchange) or moved in under a journal when foreign files share the folder; a
  killed build is finished or undone by the next one.
- Concurrency (`lock`): builds into one folder run one at a time.
- Inputs and outputs may not overlap: a destination inside an input would be read by the next
  build, one that contains an input would put the input at risk.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from skillc.compiler.output.edits import with_hand_edits
from skillc.compiler.output.lock import output_lock
from skillc.compiler.output.merge import hand_edit_resolver, merged_note
from skillc.compiler.output.ownership import (
    LOCK,
    MANIFEST,
    Plan,
    current_state,
    plan,
    read_owned,
)
from skillc.compiler.output.transaction import commit_in_place, commit_swap, recover
from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.paths import real_path


@dataclass(slots=True, kw_only=True)
class WriteReport:
    """What writing did: files changed and removed, and why it stopped if it did."""

    written: int = 0
    removed: int = 0
    conflicts: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)


def check_destination(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse, before any work, destinations that overlap an input or are not skillc's."""
    target = _real_destination(out)
    for given in inputs:
        root = Path(os.path.realpath(given))
        if target == root or (root.is_dir() and root in target.parents):
            _refuse(out, f"output folder is inside the input {given}")
        if target in root.parents:
            _refuse(out, f"output folder contains the input {given}")
    read_owned(target, str(out))


def write_tree(
    out: Path,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    on_wait: Callable[[], None] | None = None,
    base: Callable[[str], bytes | None] | None = None,
) -> WriteReport:
    """Make ``out`` hold ``files`` (relative POSIX path -> bytes), as the module says.

    Nothing is written when the report has conflicts. An output that is a link to a folder
    stays a link: its target is what is written. ``base`` (sha256 -> the bytes skillc
    generated, from the build cache) lets a hand-edited file be merged with its new text
    rather than refused (`skillc.compiler.output.merge`).
    """
    real = Path(os.path.realpath(out))
    report = WriteReport()
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(real, on_wait):
            report.notes.extend(_recovered(out, real))
            owned = read_owned(real, str(out))
            resolve = hand_edit_resolver(real, out, base) if base is not None else None
            steps = plan(real, owned, files, force=force, shown=str(out), resolve=resolve)
            report.notes.extend(merged_note(out / relative) for relative in steps.merged)
            files, steps = recorded_edits(real, steps, files)
            if steps.conflicts:
                report.conflicts.extend(steps.conflicts)
                return report
            if steps.is_noop:
                return report
            if steps.foreign:
                commit_in_place(real, steps)
            elif not commit_swap(real, {**files, **steps.merged}):
                report.notes.append(_kept_note(out))
    except OSError as exc:
        _refuse(out, f"cannot write the output folder: {exc.strerror or exc}")
    report.written, report.removed = len(steps.write), len(steps.delete)
    return report


def recorded_edits(
    real: Path, steps: Plan, files: Mapping[str, bytes]
) -> tuple[Mapping[str, bytes], Plan]:
    """``files`` and ``steps`` with the lock marking the hand edits kept
    (`skillc.compiler.output.edits`), written only when that lock is not already the one in
    the folder."""
    if not steps.merged or LOCK not in files:
        return files, steps
    lock = with_hand_edits(files[LOCK], steps.merged)
    write = {k: v for k, v in steps.write.items() if k != LOCK}
    if current_state(real, LOCK) != hashlib.sha256(lock).hexdigest():
        write[LOCK] = lock
    return {**files, LOCK: lock}, replace(steps, write=write)


def _recovered(out: Path, real: Path) -> list[Diagnostic]:
    notes = []
    for name, gone in recover(real):
        if gone:
            message = f"finished or removed {name}, left beside the output by an interrupted build"
            notes.append(Diagnostic(code="SK016", message=message, severity=Severity.INFO))
        else:
            notes.append(_kept_note(out, name))
    return [_at(note, out) for note in notes]


def _kept_note(out: Path, name: str = "") -> Diagnostic:
    where = f"{name} beside it" if name else "its staging folder beside it"
    message = (
        f"the previous output held files skillc did not write, created during the build; they "
        f"are kept in {where}"
    )
    return Diagnostic(code="SK017", message=message, severity=Severity.WARNING, path=str(out))


def _at(diagnostic: Diagnostic, out: Path) -> Diagnostic:
    from dataclasses import replace

    return diagnostic if diagnostic.path else replace(diagnostic, path=str(out))


def _real_destination(out: Path) -> Path:
    """Where ``out`` really is; a link that never ends (a loop) is a usage error, not a crash."""
    target = real_path(out)  # missing or not a folder: writing reports it
    if target is None:
        _refuse(out, "output folder is a symlink loop: the link never reaches a folder")
    return target


def _refuse(out: Path, message: str) -> NoReturn:
    raise SkillcError(Diagnostic(code="SK012", message=message, path=str(out)))


__all__ = ["LOCK", "MANIFEST", "WriteReport", "check_destination", "write_tree"]
