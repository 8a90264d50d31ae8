"""Every guide corpus (HTML, RST, PDF; fetched by `make corpora`) builds into valid packages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from skillc.tokens import count_tokens
from tests.cli.conftest import ROOT, run_skillc

GUIDES = [
    "requests-html",
    "flask-rst",
    "sqlite-html",
    "reportlab-pdf",
    "docbook-xsl-pdf",
    "bash-pdf",
]
# A link target: "](" not preceded by a backslash (an escaped "\\]" is literal text).
LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")


@pytest.fixture(scope="module", params=GUIDES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = ROOT / "corpora" / "guides" / request.param / "src"
    if not source.is_dir():
        pytest.fail(f"{source} is missing: run `make corpora` (make test does)")
    out = tmp_path_factory.mktemp(request.param) / "out"
    result = run_skillc("build", str(source), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


def packages(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


@pytest.mark.slow
def test_every_package_passes_the_reference_validator(built: Path) -> None:
    validator = Path(sys.executable).with_name("agentskills")
    assert packages(built)
    for skill in packages(built):
        result = subprocess.run(
            [str(validator), "validate", str(skill)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{skill.name}: {result.stdout}{result.stderr}"


@pytest.mark.slow
def test_bodies_within_budget_links_inside_no_host_paths(built: Path) -> None:
    needles = [str(ROOT), str(built.parent), str(Path.home()) + "/"]
    for skill in packages(built):
        body = (skill / "SKILL.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        assert body.count("\n") <= 500 and count_tokens(body) <= 5000, skill.name
        for md in skill.rglob("*.md"):
            text = md.read_text(encoding="utf-8")
            assert not any(needle in text for needle in needles), md
            for target in LINK.findall(text):
                if target.startswith(("http://", "https://", "mailto:", "#")):
                    continue
                resolved = (md.parent / target.split("#")[0]).resolve()
                assert resolved.is_file() and skill.resolve() in resolved.parents, (md, target)
