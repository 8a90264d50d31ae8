"""One build at a time into an output folder.

The lock is an advisory ``flock`` on ``.<out>.skillc.lock`` beside the output folder: beside
it, not inside, because the folder itself is swapped out by the commit and a lock on the old
inode would not exclude the next build. The holder removes the file before it lets go, so no
lock file outlives a build that ends normally; a waiter that then wins the lock on the removed
file sees that the path no longer names it and starts again on a fresh one (the protocol of
``lockfile``-style tools). The kernel releases the lock of a killed build; the file it leaves
is reused by the next build and removed then.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.skillc.lock"


@contextmanager
def output_lock(out: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output lock of ``out``; ``on_wait`` is called once if another build holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks; builds are not serialised
        yield
        return
    path = lock_path(out)
    descriptor = _acquire(path, fcntl, on_wait)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)


def _acquire(path: Path, fcntl: object, on_wait: Callable[[], None] | None) -> int:
    """A descriptor of ``path`` holding its lock, and ``path`` still naming that file."""
    flock = fcntl.flock  # type: ignore[attr-defined]
    exclusive, nonblocking = fcntl.LOCK_EX, fcntl.LOCK_NB  # type: ignore[attr-defined]
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            flock(descriptor, exclusive | nonblocking)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
                on_wait = None
            flock(descriptor, exclusive)
        if _same_file(descriptor, path):
            return descriptor
        os.close(descriptor)  # the previous holder removed it: lock the new one


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        named = path.lstat()
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
