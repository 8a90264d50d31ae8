"""`skillc build` run as a process ends without the interpreter's teardown (`skillc.cli_exit`),
and still writes, prints and exits as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from skillc.cli import main
from tests.cli.conftest import ROOT

#: A build run as ``skillc`` would run it (``main()`` reads the process's own arguments), with an
#: ``atexit`` handler and an object whose finaliser runs only in the interpreter's teardown.
_PROBE = """
import atexit, sys
from skillc.cli import main

class Teardown:
    def __del__(self):
        sys.stderr.write("teardown ran\\n")

kept = Teardown()
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
sys.argv = ["skillc", *sys.argv[1:]]
main()
"""


def _guide(tmp_path: Path) -> Path:
    src = tmp_path / "guide"
    src.mkdir()
    (src / "install.md").write_text(
        "# Install\n\nInstall the tool with pip:\n\n```bash\npip install tool\n```\n",
        encoding="utf-8",
    )
    return src


def _probe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_a_build_run_as_a_process_skips_the_teardown_but_writes_and_prints_everything(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    done = _probe(tmp_path, "build", str(_guide(tmp_path)), "-o", str(out), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "atexit ran" in done.stderr  # the handlers the interpreter runs first still run
    assert "teardown ran" not in done.stderr  # the teardown itself is skipped
    summary = json.loads(done.stdout)  # the whole document reached stdout
    assert summary["skills"] == 1 and summary["errors"] == 0
    assert (out / "skills.lock").is_file()
    assert len([p for p in out.iterdir() if p.is_dir()]) == summary["skills"]


def test_a_usage_error_keeps_its_exit_code_and_message(tmp_path: Path) -> None:
    done = _probe(tmp_path, "build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "SK010" in done.stderr
    assert "teardown ran" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_main_called_with_arguments_raises_system_exit(tmp_path: Path) -> None:
    """Tests and embedding callers hand ``main`` their own arguments: the process goes on."""
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(_guide(tmp_path)), "-o", str(out), "-q"])
    assert stopped.value.code == 0
    assert (out / "skills.lock").is_file()
