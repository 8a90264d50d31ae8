"""Put a build's files in place so that a kill at any moment leaves a whole output.

Every byte is written first into a staging folder beside the output
(``.<out>.skillc-XXXXXXXX/``, holding a ``state.json`` that says what it is for). Then one of
two commits, chosen by whether the output folder holds anything skillc did not write:

- **swap** (it holds only skillc's files, or does not exist): the staged tree and the output
  folder are exchanged in one ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it (two
  renames elsewhere, with the staging folder recording which one has happened). At any instant
  the output is the old one or the new one, whole.
- **in place** (it holds ``.git/``, notes or other tools' files, which must never be moved,
  copied or re-created): the staging folder's ``state.json`` is rewritten as a journal (files
  to move in, files to remove with the hash they must still have) and only then are the files
  renamed into place one by one, the lock (the record) last. A kill before the journal is written
  leaves the old output untouched; a kill after it is completed by the next build (`recover`),
  before it reads the lock. Foreign files are never touched in either case.

A folder left over by a killed build is recognised by its name and its ``state.json`` and
cleaned up by the next build into the same output (under the output lock). Leftovers of
skillc 0.1, which named them ``.<out>.skillc-*`` and ``.<out>.old-*`` without a state file,
are recognised by name.

The environment variable ``_SKILLC_KILL_AFTER=N`` makes the process SIGKILL itself just before
its N-th file-system change here: the test suite uses it to kill a build at every step.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from skillc.compiler.output.ownership import (
    LEGACY_MANIFEST,
    MANIFEST,
    Plan,
    current_state,
    foreign_entries,
    owned_files,
    record_file,
    record_problem,
)
from skillc.package.model import is_executable

STATE = "state.json"

_LEGACY = re.compile(r"(?:skillc|old)-[a-z0-9_]{8}")


def commit_swap(out: Path, files: Mapping[str, bytes]) -> bool:
    """Replace ``out`` (missing, or holding only skillc's files) by exactly ``files``.

    False when the old output, swapped out, turned out to hold a file skillc did not write
    (one created during the build): its staging folder is then left in place, not removed.
    """
    staging = _new_staging(out, {"mode": "swap", "committed": False})
    tree = staging / "tree"
    _write_files(tree, files)
    _write_state(staging, {"mode": "swap", "committed": True})
    if not out.exists():
        _step()
        tree.rename(out)
    elif not _exchange(tree, out):
        _step()
        out.rename(staging / "old")
        _step()
        tree.rename(out)
    return _discard(staging, verify=True)


def commit_in_place(out: Path, plan: Plan) -> None:
    """Apply ``plan`` inside ``out`` without touching any file skillc did not write."""
    staging = _new_staging(out, {"mode": "in-place", "committed": False})
    _write_files(staging / "files", plan.write)
    order = sorted(plan.write, key=lambda relative: (relative == MANIFEST, relative))
    journal = {"mode": "in-place", "committed": True, "write": order, "delete": dict(plan.delete)}
    _write_state(staging, journal)
    _apply(staging, out, journal)
    _discard(staging)  # holds no tree: always removed


def recover(out: Path) -> list[tuple[str, bool]]:
    """Finish or remove what killed builds into ``out`` left beside it.

    Returns each leftover's name and whether it is gone (False: it holds a file skillc did not
    write and stays). Call with the output lock held, before reading the output's lock.
    """
    handled = []
    for leftover in _leftovers(out):
        if (leftover / STATE).is_file() or (leftover / f"{STATE}.tmp").is_file():
            gone = _recover_staging(leftover, out)
        else:
            gone = _recover_legacy(leftover, out)
        handled.append((leftover.name, gone))
    return handled


def _recover_staging(staging: Path, out: Path) -> bool:
    try:
        state = json.loads((staging / STATE).read_bytes())
    except (OSError, ValueError):
        state = {}
    if state.get("committed") and state.get("mode") == "in-place":
        _apply(staging, out, state)
    elif state.get("committed") and not os.path.lexists(out):
        for name in ("tree", "old"):  # the new tree, else the old one moved aside
            if (staging / name).is_dir():
                (staging / name).rename(out)
                break
    # Once committed, a tree in here may be a swapped-out output: check it before removing.
    return _discard(staging, verify=bool(state.get("committed")))


def _recover_legacy(leftover: Path, out: Path) -> bool:
    """skillc 0.1's staging (``.skillc-``, complete once renamed) or retired (``.old-``) tree."""
    if not os.path.lexists(out):
        leftover.rename(out)
        return True
    if leftover.name.startswith(f".{out.name}.skillc-"):  # only ever held generated files
        _step()
        shutil.rmtree(leftover, ignore_errors=True)
        return True
    return _discard_tree(leftover)


def _leftovers(out: Path) -> Iterator[Path]:
    prefix = f".{out.name}."
    try:
        entries = sorted(out.parent.iterdir())
    except OSError:
        return
    found = [
        e
        for e in entries
        if e.name.startswith(prefix)
        and _LEGACY.fullmatch(e.name[len(prefix) :])
        and e.is_dir()
        and not e.is_symlink()
    ]
    # skillc 0.1: a complete staging tree wins over the retired one when the output is gone.
    yield from sorted(found, key=lambda e: ("old-" in e.name, e.name))


def _apply(staging: Path, out: Path, journal: Mapping[str, object]) -> None:
    """Move the staged files in and remove the retired ones; safe to run again after a kill."""
    order = [r for r in _list(journal.get("write")) if isinstance(r, str)]
    delete = {k: v for k, v in _dict(journal.get("delete")).items() if isinstance(v, str)}
    files = staging / "files"
    # An older skillc's manifest is the record until the lock is in: it goes last of all.
    legacy = {k: v for k, v in delete.items() if k == LEGACY_MANIFEST}
    retired = {k: v for k, v in delete.items() if k != LEGACY_MANIFEST}
    for relative in order:
        if relative == MANIFEST:
            _remove_retired(out, retired)
        source = files.joinpath(*relative.split("/"))
        if source.is_file():
            target = out.joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            _step()
            os.replace(source, target)
    if MANIFEST not in order:
        _remove_retired(out, retired)
    _remove_retired(out, legacy)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _remove_retired(out: Path, delete: Mapping[str, str]) -> None:
    for relative, sha in sorted(delete.items()):
        if current_state(out, relative) != sha:
            continue  # already gone, or changed since the plan: not ours to remove any more
        path = out.joinpath(*relative.split("/"))
        _step()
        path.unlink()
        for parent in path.parents:
            if parent == out or out not in parent.parents:
                break
            try:
                parent.rmdir()  # only when empty: a folder holding anyone's file stays
            except OSError:
                break


def _new_staging(out: Path, state: Mapping[str, object]) -> Path:
    _step()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.skillc-", dir=out.parent))
    _write_state(staging, state)
    return staging


def _write_state(staging: Path, state: Mapping[str, object]) -> None:
    """Rewrite ``state.json`` atomically: readers see the old state or the new one."""
    temporary = staging / f"{STATE}.tmp"
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    _step()
    os.replace(temporary, staging / STATE)


def _write_files(root: Path, files: Mapping[str, bytes]) -> None:
    root.mkdir()
    made: set[Path] = set()  # each folder made once, not asked for again per file
    for relative, data in sorted(files.items()):
        path = root.joinpath(*relative.split("/"))
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        _step()
        path.write_bytes(data)
        if is_executable(relative.split("/", 1)[-1], data):
            path.chmod(0o755)  # a bundled script (the umask applied to what write_bytes made)


def _discard(staging: Path, *, verify: bool = False) -> bool:
    """Remove a staging folder. With ``verify``, a tree in it that may be a swapped-out output
    holding files skillc did not write is left in place, never lost; False then."""
    kept = False
    for name in ("tree", "old") if verify else ():
        if (staging / name).is_dir():
            kept |= not _discard_tree(staging / name)
    if not kept:
        _step()
        shutil.rmtree(staging, ignore_errors=True)
    return not kept


def _discard_tree(tree: Path) -> bool:
    """Remove an output tree only when every file in it is one its record lists."""
    path = record_file(tree)
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        record = None
    if record is None or record_problem(record):
        if any(tree.iterdir()):
            return False
    elif any(True for _ in foreign_entries(tree, {**owned_files(record), path.name: ""})):
        return False
    _step()
    shutil.rmtree(tree, ignore_errors=True)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes.append(ctypes.c_uint)
    _step()
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


class _Steps:
    """Counts file-system changes for the kill-at-step-N test hook (``_SKILLC_KILL_AFTER``)."""

    done = 0


def _step() -> None:
    limit = os.environ.get("_SKILLC_KILL_AFTER", "")
    if not limit:
        return
    _Steps.done += 1
    if _Steps.done >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)
