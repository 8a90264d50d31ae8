"""Every `make demo` build is byte-identical to the tree recorded in ``demo_trees.json``.

Refactors (the house redesign above all) must not change what users get. The recorded hash of
each output tree was taken before such a change; a change that means to alter an output
re-records it on purpose: ``python -m tests.cli.test_demo_golden --record``.

The builds are the outputs of the root ``skillc.toml``, which the Makefile's ``demo`` recipe
builds, so a corpus added there is checked here too (and fails until it is recorded).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc
from tests.cli.lint_clean import own_findings

GOLDEN = Path(__file__).with_name("demo_trees.json")


def demo_builds() -> dict[str, list[str]]:
    """Output name -> the ``skillc build`` arguments that build it as ``make demo`` does: the
    Makefile's recipe builds every output of the root ``skillc.toml`` (``--out-root``)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n.PHONY", 1)[0]
    assert "skillc build --config skillc.toml --out-root $(OUT)" in recipe, recipe
    from skillc.compiler.project import load_project

    project = load_project(ROOT / "skillc.toml")
    return {
        output.name: [
            "--config",
            "skillc.toml",
            "--target",
            output.name,
            "-o",
            f"$(OUT)/{output.name}",
        ]
        for output in project.outputs
    }


#: The build's record (lock, or the manifest before it): it names skillc's version and the
#: options' fingerprint, which change without the skills changing; the skills are what is held.
RECORDS = frozenset({"skills.lock", "skillc-manifest.json"})


def tree_hash(folder: Path) -> str:
    """sha256 over every file's relative path and content, in path order (the record aside)."""
    digest = hashlib.sha256()
    files = (
        p
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in RECORDS
    )
    for path in sorted(files):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_demo(name: str, args: list[str], out_root: Path) -> str:
    out = out_root / name
    args = [str(out) if a == f"$(OUT)/{name}" else a for a in args]
    result = run_skillc("build", *args, "-q", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert_within_whole_file_budget(out)
    assert own_findings(out) == []  # own output lint-clean (tests/cli/lint_clean.py)
    assert not_malicious(out) == []
    return tree_hash(out)


def not_malicious(out: Path) -> list[str]:
    """The emitted skills the risk scanner calls malicious (should be none): official manuals
    compiled by skillc are what a reviewer scans before installing, and nine demo skills
    (python's shlex and pty pages, bash's history builtin...) once were, which made a build
    with ``--report`` fail on SK110."""
    from skillc.package.reader import read_package
    from skillc.scan.engine import scan_package
    from skillc.scan.model import Verdict

    flagged = []
    for folder in sorted(p.parent for p in out.glob("*/SKILL.md")):
        report = scan_package(read_package(folder, folder.name))
        if report.verdict is Verdict.MALICIOUS:
            flagged.append(f"{folder.name}: {report.reasons}")
    return flagged


def assert_within_whole_file_budget(out: Path) -> None:
    """Every emitted SKILL.md, front matter included, is at most 500 lines and 5,000 tokens
    (the spec's recommendation is for the whole file, not only the body)."""
    from skillc.tokens import count_tokens

    for skill_md in sorted(out.glob("*/SKILL.md")):
        text = skill_md.read_text(encoding="utf-8")
        lines = text.count("\n") + (not text.endswith("\n"))
        assert lines <= 500, f"{skill_md.relative_to(out)}: {lines} lines"
        assert count_tokens(text) <= 5000, f"{skill_md.relative_to(out)}: over 5,000 tokens"


@pytest.mark.parametrize("name", sorted(demo_builds()))
def test_demo_output_is_byte_identical_to_the_recorded_tree(name: str, tmp_path: Path) -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert name in recorded, f"{name}: not recorded (see the module docstring)"
    assert build_demo(name, demo_builds()[name], tmp_path) == recorded[name]


def record(out_root: Path) -> None:
    hashes = {name: build_demo(name, args, out_root) for name, args in demo_builds().items()}
    GOLDEN.write_text(json.dumps(hashes, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        record(Path(scratch))
