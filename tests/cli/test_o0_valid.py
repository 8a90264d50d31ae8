"""``-O0`` is "the least a package needs to be valid": its packages pass the reference
validator, description included (a page carries none; before, ``-O0`` wrote ``""``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT, run_skillc


@pytest.mark.parametrize(
    "source", ["corpora/guides/click/src", "corpora/repos/he/src/he-1.2.0"], ids=["guide", "repo"]
)
def test_every_o0_package_is_valid(source: str, tmp_path: Path) -> None:
    if not (ROOT / source).is_dir():
        pytest.skip(f"{source} not fetched (make corpora)")
    result = run_skillc("build", str(ROOT / source), "-o", str(tmp_path), "-q", "-O0")
    assert result.returncode == 0, result.stderr
    packages = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(packages) >= 3
    for package in packages:
        assert validate(package) == [], package.name
