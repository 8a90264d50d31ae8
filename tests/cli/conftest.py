"""Shared fixtures for end-to-end tests: the real corpus built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLICK_DOCS = ROOT / "corpora" / "guides" / "click" / "src"


def run_skillc(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``skillc`` CLI in a fresh interpreter, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "skillc", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        input=stdin,
        check=False,
    )


@pytest.fixture(scope="session")
def click_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The click docs built with the default pipeline, as `make demo` does."""
    out = tmp_path_factory.mktemp("demo") / "click"
    # Page grain: these tests read one package per click page (the default folds chapters).
    args = ("-o", str(out), "--name-prefix", "click", "-q", "--group", "page")
    result = run_skillc("build", str(CLICK_DOCS), *args)
    assert result.returncode == 0, result.stderr
    return out
