"""``--group chapter`` folds a manual's pages, and nothing else.

A skill package's skills and a repository's skills (its command line, build and test,
contributing) are each one task already: grouping must leave their files as the page grain
writes them. Only descriptions may differ, since they are written against the whole listing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc

SKILLS = ROOT / "corpora/skills/agent-skills-bundle/skills"
CLICK = ROOT / "corpora/repos/click/src/click-8.5.1"
_DESCRIPTION = re.compile(r'^description: ".*"$', re.MULTILINE)


def _built(source: Path, out: Path, group: str) -> dict[str, str]:
    result = run_skillc("build", str(source), "-o", str(out), "-q", "--group", group)
    assert result.returncode == 0, result.stderr
    return {
        str(p.relative_to(out)): _DESCRIPTION.sub("", p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.md"))
    }


def test_skill_packages_are_not_folded(tmp_path: Path) -> None:
    if not SKILLS.is_dir():
        pytest.skip("corpora not fetched (make corpora)")
    page = _built(SKILLS, tmp_path / "page", "page")
    assert len({path.split("/")[0] for path in page}) >= 10
    assert _built(SKILLS, tmp_path / "chapter", "chapter") == page


def test_a_repositorys_skills_pass_through_while_its_docs_fold(tmp_path: Path) -> None:
    if not CLICK.is_dir():
        pytest.skip("corpora not fetched (make corpora)")
    page = _built(CLICK, tmp_path / "page", "page")
    chapter = _built(CLICK, tmp_path / "chapter", "chapter")
    for skill in ("click-build-and-test", "click-api", "click-contribute"):
        files = {p: t for p, t in page.items() if p.startswith(f"{skill}/")}
        assert files, skill
        assert {p: t for p, t in chapter.items() if p.startswith(f"{skill}/")} == files
    docs = {p.split("/")[0] for p in page if p.startswith("click-docs-")}
    folded = {p.split("/")[0] for p in chapter if p.startswith("click-docs-")}
    assert len(folded) < len(docs) / 4  # the docs pages did fold into chapters
