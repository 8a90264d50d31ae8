"""Leave the process at once when ``skillc build`` has finished (mypy's ``util.hard_exit``).

Why: after a build has written and printed everything, the interpreter's own exit still tears
down every module and frees every object the build made, one at a time: ~50-70 ms of a small
PDF's ~1.3 s build (docbook-xsl's reference.pdf), work whose result nobody sees. `leave`
flushes stdout and stderr, runs the ``atexit`` handlers (multiprocessing's, logging's,
``weakref.finalize``: what the interpreter would run first) and ends the process with the
command's exit code, skipping only that teardown.

Only where it is safe: when the process was started for this command line (`from_command_line`,
set by the CLI's entry point: ``skillc ...`` and ``python -m skillc ...``; a caller handing
``main`` its own arguments, as tests and ``CliRunner`` do, keeps the ``SystemExit``), with no
other thread left running (the interpreter would wait for it), no profiler or tracer watching
(``python -m cProfile -o``, a debugger, ``coverage``: they write after the command returns),
and when flushing succeeds (a closed pipe is then reported by the interpreter, as without this
module). Everything the build writes is written, moved into place and closed before its command
returns (the output lock too), so skipping the teardown loses nothing.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

#: Whether this process was started for the command line being run (see `from_command_line`).
_ENTRY: list[bool] = []


def from_command_line() -> None:
    """Note that ``main`` runs the process's own command line: `leave` may end the process."""
    _ENTRY.append(True)


def _observed() -> bool:
    """Whether a profiler or tracer watches the process (``python -m cProfile -o ...``, a
    debugger): they write what they saw after the command returns, so they get the usual exit."""
    return sys.getprofile() is not None or sys.gettrace() is not None


def leave(code: int) -> NoReturn:
    """Exit with ``code``: at once where that is safe (module docstring), else ``sys.exit``."""
    if not _ENTRY or threading.active_count() > 1 or _observed():
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the interpreter reports it
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)
