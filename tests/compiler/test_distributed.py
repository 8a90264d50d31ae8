"""The Dask executor for real: a scheduler and two workers started as separate processes on
loopback, a corpus built through them, byte-identical to the local executor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import CLICK_DOCS, run_skillc
from tools.local_dask import free_port, local_cluster


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """``HOST:PORT`` of a scheduler with two single-threaded workers, torn down afterwards."""
    pytest.importorskip("distributed")
    with local_cluster(tmp_path, workers=2) as address:
        yield address


def test_cluster_build_is_byte_identical_to_local(cluster: str, tmp_path: Path) -> None:
    local = run_skillc("build", str(CLICK_DOCS), "-o", str(tmp_path / "local"), "-q", "--no-cache")
    assert local.returncode == 0, local.stderr
    done = run_skillc(
        "build",
        str(CLICK_DOCS),
        "-o",
        str(tmp_path / "dask"),
        "--executor",
        f"dask://{cluster}",
        "--no-cache",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["read"] > 30
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


@pytest.mark.parametrize("kind", ["guides", "tickets only"])
def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path, kind: str) -> None:
    """Also with only ticket exports (no page read per source): they go to the cluster too."""
    pytest.importorskip("distributed")
    source = CLICK_DOCS if kind == "guides" else ticket_export(tmp_path, 20)
    done = run_skillc(
        "build",
        str(source),
        "-o",
        str(tmp_path / "out"),
        "--executor",
        f"dask://127.0.0.1:{free_port()}",
        "--no-cache",
        env={"SKILLC_DASK_TIMEOUT": "2"},
    )
    assert done.returncode == 2
    assert "SK123 cannot reach the Dask scheduler" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_executor_is_a_usage_error(tmp_path: Path) -> None:
    done = run_skillc("build", str(CLICK_DOCS), "-o", str(tmp_path / "o"), "--executor", "ray://x")
    assert done.returncode == 2 and "Invalid value for '--executor'" in done.stderr


def ticket_export(tmp_path: Path, n: int) -> Path:
    """An export of ``n`` of the corpus's GitHub issues, replicated (`tools.bench_tickets`)."""
    from tools.bench_tickets import export

    folder = tmp_path / "tickets"
    folder.mkdir()
    (folder / "issues.json").write_bytes(export(n))
    return folder


def test_ticket_exports_are_read_on_the_cluster_byte_identical(
    cluster: str, tmp_path: Path
) -> None:
    tickets = ticket_export(tmp_path, 400)
    local = run_skillc("build", str(tickets), "-o", str(tmp_path / "local"), "-q", "--no-cache")
    assert local.returncode == 0, local.stderr
    args = ["--executor", f"dask://{cluster}", "--no-cache", "--format", "json"]
    done = run_skillc("build", str(tickets), "-o", str(tmp_path / "dask"), *args)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["tickets"] == 400
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
