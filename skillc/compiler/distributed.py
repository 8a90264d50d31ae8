"""The per-source reading tasks on a Dask distributed cluster (``--executor dask://HOST:PORT``).

Why Dask distributed rather than Ray: it installs as pure-Python wheels (Ray is a ~60 MB
platform wheel with a C++ core and no wheel for some platforms), works offline, and its
scheduler and workers are plain processes (``dask scheduler``, ``dask worker HOST:PORT``) that
any machine with skillc installed can run; the tasks are the plain picklable ones the local
pool runs (`skillc.compiler.tasks`), so the cluster needs nothing skillc-specific.

What travels: the build's shared state (the sources and the cross-page targets) is scattered
to every worker once; each task is a frontend name and an index. Results come back in input
order, whatever worker read them, so the output is byte-identical to the local executor's.
Every source is read whole here (a PDF is not split into page ranges: on a cluster the many
sources of a large corpus keep the workers busy). A kind read whole (ticket exports) is one
task (`read_whole_on_cluster`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from skillc.compiler.frontends.frontend import KindOptions
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.tasks import Outcome, ReadSource, Shared, crash_diagnostic, loaded
from skillc.diagnostics import Diagnostic, SkillcError

SCHEME = "dask://"
#: Seconds to wait for the scheduler before the build gives up (exit 2);
#: ``SKILLC_DASK_TIMEOUT`` overrides it.
CONNECT_TIMEOUT = 10
TIMEOUT_ENV = "SKILLC_DASK_TIMEOUT"
UNAVAILABLE = "SK123"


def check_executor(value: str) -> str:
    """``value`` if it names an executor (``local``, ``dask://HOST:PORT``), else a usage error."""
    if value == "local":
        return value
    if value.startswith(SCHEME):
        host, _, port = value[len(SCHEME) :].rpartition(":")
        if host and port.isdigit():
            return value
    raise _unavailable(f"unknown executor {value!r}: use local or dask://HOST:PORT")


def read_on_cluster(state: Shared, executor: str) -> Iterator[Outcome]:
    """Each source's outcome, in input order, read by the workers of the Dask scheduler that
    ``executor`` names; nothing is contacted when there is nothing to read."""
    check_executor(executor)
    if not state.files:
        return
    address = "tcp://" + executor[len(SCHEME) :]
    client = _connect(address)
    try:
        # The workers may not see this machine's files: pages go with their texts.
        state = Shared(files=tuple(loaded(f) for f in state.files), targets=state.targets)
        scattered = client.scatter(state, broadcast=True, hash=False)
        futures = [
            client.submit(_run, scattered, ReadSource(item.frontend, i), pure=False)
            for i, item in enumerate(state.files)
        ]
        for future, item in zip(futures, state.files, strict=True):
            yield _outcome(future, item.id)
    finally:
        client.close()


def read_whole_on_cluster(
    name: str, pairs: Sequence[tuple[str, str | bytes]], executor: str, options: KindOptions
) -> FrontendResult:
    """The sources of a kind read whole (ticket exports: their tickets are clustered together)
    read by frontend ``name`` as one task on the cluster, with the build's ``options`` (the
    ticket field mapping). One task, since the kind needs all its sources at once: the
    cluster runs it so the machine that started the build does not, at the cost of sending
    the sources over."""

    check_executor(executor)
    client = _connect("tcp://" + executor[len(SCHEME) :])
    try:
        # Scattered first: large sources embedded in the task graph would be sent (and
        # warned about) with it.
        sources = client.scatter(list(pairs), hash=False)
        future = client.submit(_read_whole, name, sources, options, pure=False)
        result: FrontendResult = future.result()
    finally:
        client.close()
    return result


def _read_whole(
    name: str, pairs: list[tuple[str, str | bytes]], options: KindOptions
) -> FrontendResult:
    """What a worker runs for a kind read whole."""
    from skillc.compiler.frontends.table import by_name

    frontend = by_name(name)
    assert frontend.read_all is not None
    return frontend.read_all(pairs, options)


def _run(state: Shared, task: ReadSource) -> Outcome:
    """What a worker runs: the task against the scattered state."""
    return task.run(state)


def _outcome(future: Any, source_id: str) -> Outcome:
    try:
        result: Outcome = future.result()
    except Exception as error:  # a worker lost mid-task, a frontend bug: the page fails (SK081)
        return "", FrontendResult(skills=(), diagnostics=(crash_diagnostic(source_id, error),))
    return result


def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise _unavailable(
            "the Dask executor needs the distributed package: pip install 'skillc[dask]'"
        ) from None
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its warnings are not ours
    try:
        return Client(address, timeout=_timeout(), set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise _unavailable(
            f"cannot reach the Dask scheduler at {address} ({error or type(error).__name__})"
        ) from None


def _timeout() -> float:
    try:
        return max(0.1, float(os.environ.get(TIMEOUT_ENV, "") or CONNECT_TIMEOUT))
    except ValueError:
        return CONNECT_TIMEOUT


def _unavailable(message: str) -> SkillcError:
    return SkillcError(Diagnostic(code=UNAVAILABLE, message=message, path="--executor"))


__all__ = [
    "CONNECT_TIMEOUT",
    "SCHEME",
    "check_executor",
    "read_on_cluster",
    "read_whole_on_cluster",
]
