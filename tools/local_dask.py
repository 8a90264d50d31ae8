"""A Dask cluster on loopback for the benchmarks and tests: a scheduler and workers started as
separate processes (``dask scheduler``, ``dask worker``), as a user would run them, and torn
down afterwards. Needs the ``distributed`` package (``pip install 'skillc[dask]'``)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DASK = Path(sys.executable).parent / "dask"


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process`` (killed after 20 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_workers(address: str, count: int, seconds: float = 60) -> None:
    """Return once ``count`` workers have joined the scheduler at ``address``."""
    from distributed import Client

    deadline = time.monotonic() + seconds
    with Client(address, timeout=seconds) as client:
        while len(client.scheduler_info()["workers"]) < count:
            if time.monotonic() > deadline:
                raise TimeoutError("the dask workers did not start")
            time.sleep(0.2)


@contextmanager
def local_cluster(cwd: Path, workers: int = 2) -> Iterator[str]:
    """``127.0.0.1:PORT`` of a scheduler with ``workers`` single-threaded workers."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": cwd}
    command = [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    processes = [subprocess.Popen([*command, "--no-dashboard"], **quiet)]  # type: ignore[call-overload]
    worker = [str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard"]
    processes += [subprocess.Popen(worker, **quiet) for _ in range(workers)]  # type: ignore[call-overload]
    try:
        wait_for_workers(address, workers)
        yield f"127.0.0.1:{port}"
    finally:
        for process in reversed(processes):
            stop(process)


__all__ = ["DASK", "free_port", "local_cluster", "stop", "wait_for_workers"]
