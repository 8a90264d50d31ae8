"""Work done by a forked child while the parent goes on (`Pending`).

Why a module of its own: both the passes' ``beside`` map (`skillc.compiler.beside`) and the
pool of forked pass workers (`skillc.compiler.parallel`) fork children that inherit the
parent's memory, compute, send back a pickled answer through a pipe and leave; neither should
import the other for it.

Results never depend on the child: when it fails in any way (an exception, killed, a
truncated answer), `Pending.result` computes the answer in the parent, so an error surfaces
from the parent as it would in one process. The child leaves with ``os._exit``: it runs no
``atexit`` handler and flushes no buffer it inherited, so it writes nothing of the parent's.
"""

from __future__ import annotations

import os
import pickle
import signal
import weakref
from collections.abc import Callable
from typing import Any, Generic, NoReturn, TypeVar

__all__ = ["Pending"]

T = TypeVar("T")
A = TypeVar("A")


class Pending(Generic[A, T]):
    """``fn(arg)`` computed by a forked child while the parent goes on; `result` waits for it.

    Why: some work reads only what exists before the passes and is needed only after them
    (verify-no-loss's check of the sources against what the frontends read: bashref.pdf,
    ~23 ms); in a child it runs beside the passes instead of before them. As with
    `map_beside`, the result never depends on the child: when it failed, `result` computes
    ``fn(arg)`` here (so ``arg`` is held until then). A `Pending` dropped without `result`
    kills and reaps its child. Call only where `can_fork` holds.
    """

    def __init__(self, fn: Callable[[A], T], arg: A) -> None:
        self._call: tuple[Callable[[A], T], A] | None = (fn, arg)
        self._value: list[T] = []
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(fn, arg, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end
        self._reaper = weakref.finalize(self, _reap, pid, read_end)

    def result(self) -> T:
        """``fn(arg)``: the child's answer, or computed here when it has none."""
        if not self._value:
            with os.fdopen(self._read_end, "rb") as answer:
                data = answer.read()
            self._reaper.detach()
            _, status = os.waitpid(self._pid, 0)
            done = _answer(data) if status == 0 else []
            call, self._call = self._call, None
            if not done and call is not None:
                done = [call[0](call[1])]
            self._value.extend(done)
        return self._value[0]

    def fileno(self) -> int:
        """The end of the pipe the answer comes through: readable (``select``) once the child
        has begun to write it, or has died."""
        return self._read_end

    def cancel(self) -> None:
        """Stop and reap the child now (its answer will not be asked for)."""
        self._reaper()


def _reap(pid: int, read_end: int) -> None:
    """Stop and reap a child whose answer nobody will read."""
    os.close(read_end)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _child(fn: Callable[[Any], Any], arg: Any, write_end: int) -> NoReturn:
    """The child's work: ``fn(arg)`` pickled into ``write_end``; exit status 0 only when it
    was written."""
    code = 1
    try:
        data = pickle.dumps(fn(arg), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
        code = 0
    finally:  # whatever went wrong, the parent computes it itself and raises what it raises
        os._exit(code)


def _answer(data: bytes) -> list[Any]:
    """The child's result in a list of one, or ``[]`` when it cannot be read."""
    try:
        return [pickle.loads(data)]
    except Exception:
        return []
