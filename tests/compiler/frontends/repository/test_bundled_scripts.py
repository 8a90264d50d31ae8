"""Scripts a repository's procedures run, bundled into the skill's ``scripts/`` when they are
self-contained (issue 12), and kept as commands, with the reason, when they are not.

The truth for starlette (a real sdist: CI workflows and ``docs/contributing.md`` run its
``scripts/``) is read from the scripts themselves by a different method than skillc's
tree-sitter analysis: a script that names another ``scripts/`` file on a line of code runs
it. The fixture ``fixtures/scripts-repo`` holds one script per reason a script is not
self-contained (sources a file, finds files from its own location, imports a third-party
module) and one standard-library Python script.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from skills_ref.validator import validate

from skillc.compiler.frontends.repository.bundling import scripts_of
from skillc.compiler.frontends.repository.self_contained import MAX_BYTES, judge
from tests.cli.conftest import ROOT, run_skillc
from tests.compiler.frontends.repository.helpers import build

STARLETTE = ROOT / "corpora/repos/starlette/src/starlette-1.10.0"
FIXTURE = Path(__file__).parent / "fixtures/scripts-repo"
_BUNDLED = re.compile(r"^- `([^`]+)`: bundled as \[(scripts/[^\]]+)\]\(\2\)", re.M)
_KEPT = re.compile(r"^- `([^`]+)`: not bundled, it (.+) \(`([^`]+):(\d+)`\)$", re.M)


@pytest.fixture(scope="module")
def starlette(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(STARLETTE, tmp_path_factory.mktemp("starlette") / "out")


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FIXTURE, tmp_path_factory.mktemp("fixture") / "out")


def _runs_another_script(path: Path) -> bool:
    """Whether a starlette script runs another of its scripts (a code line naming one)."""
    code = [line for line in path.read_text().split("\n") if not line.lstrip().startswith("#")]
    return any(re.search(r"(^|\s)(\./)?scripts/[\w-]+", line) for line in code)


def _said(skill: Path) -> tuple[dict[str, str], dict[str, tuple[str, str, int]]]:
    text = (skill / "SKILL.md").read_text()
    bundled = dict(_BUNDLED.findall(text))
    kept = {m[0]: (m[1], m[2], int(m[3])) for m in _KEPT.findall(text)}
    return bundled, kept


@pytest.mark.parametrize("skill", ["starlette-build-and-test", "starlette-contribute"])
def test_starlette_scripts_are_bundled_exactly_when_self_contained(
    starlette: Path, skill: str
) -> None:
    bundled, kept = _said(starlette / skill)
    run = set(bundled) | set(kept)
    text = (starlette / skill / "SKILL.md").read_text()
    # Every scripts/ command the skill's code blocks run is accounted for, once.
    commands = set(re.findall(r"^(scripts/[\w-]+)", text, re.M))
    assert commands and commands == run
    for path in run:
        assert (path in kept) == _runs_another_script(STARLETTE / path), path
    for path, target in bundled.items():
        copy = starlette / skill / target
        assert copy.read_bytes() == (STARLETTE / path).read_bytes()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o755
    files = {p.relative_to(starlette / skill).as_posix() for p in (starlette / skill).rglob("*")}
    assert {f for f in files if f.startswith("scripts/")} == {f"{t}" for t in bundled.values()}


def test_starlette_reasons_cite_the_line_that_runs_the_other_script(starlette: Path) -> None:
    _, kept = _said(starlette / "starlette-build-and-test")
    assert {"scripts/check", "scripts/test"} <= set(kept)
    for path, (reason, cited, line) in kept.items():
        assert cited == path
        other = re.search(r"runs `(scripts/[\w-]+)`", reason)
        assert other is not None, reason
        assert other.group(1) in (STARLETTE / path).read_text().split("\n")[line - 1]


def test_the_skill_packages_are_valid_and_lint_clean(starlette: Path, fixture: Path) -> None:
    skills = [
        starlette / "starlette-build-and-test",
        starlette / "starlette-contribute",
        fixture / "scriptsdemo-build-and-test",
        fixture / "scriptsdemo-contribute",
    ]
    for skill in skills:
        assert validate(skill) == [], skill
    result = run_skillc("lint", *map(str, skills))
    assert result.returncode == 0, result.stdout + result.stderr


def test_fixture_each_reason_is_stated_and_nothing_else_is_bundled(fixture: Path) -> None:
    bundled, kept = _said(fixture / "scriptsdemo-build-and-test")
    assert bundled == {"tools/check.py": "scripts/check.py"}
    assert (
        "(self-contained: standard library only)"
        in (fixture / "scriptsdemo-build-and-test/SKILL.md").read_text()
    )
    assert kept["scripts/lint.sh"][0] == "finds files from its own location"
    assert kept["tools/gen.py"][0].startswith("imports `yaml`")
    _, released = _said(fixture / "scriptsdemo-contribute")
    assert released["scripts/release.sh"][0] == "sources `scripts/common.sh`"
    assert not (fixture / "scriptsdemo-contribute/scripts").exists()
    for path, (_, cited, line) in {**kept, **released}.items():
        source = (FIXTURE / path).read_text().split("\n")[line - 1]
        assert cited == path and source.strip(), (path, line)


def test_the_bundled_python_script_runs_as_the_repository_copy_does(
    fixture: Path, tmp_path: Path
) -> None:
    """The copy runs by itself (its execute bit and ``#!`` line), away from the repository."""
    (tmp_path / "ok.json").write_text("{}")
    (tmp_path / "bad.json").write_text("{")
    copy = fixture / "scriptsdemo-build-and-test/scripts/check.py"
    bundled = subprocess.run([str(copy), "."], capture_output=True, text=True, cwd=tmp_path)
    original = subprocess.run(
        [sys.executable, str(FIXTURE / "tools/check.py"), "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert bundled.returncode == 1 and "bad.json" in bundled.stdout
    assert (bundled.returncode, bundled.stdout) == (original.returncode, original.stdout)


def test_the_archive_keeps_the_execute_bit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_skillc("build", str(FIXTURE), "-o", str(out), "-q", "--archive")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "scriptsdemo-build-and-test.skill") as archive:
        modes = {i.filename: stat.S_IMODE(i.external_attr >> 16) for i in archive.infolist()}
    assert modes == {
        "scriptsdemo-build-and-test/SKILL.md": 0o644,
        "scriptsdemo-build-and-test/scripts/check.py": 0o755,
    }


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_output_is_deterministic_across_jobs_and_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for jobs, seed in (("1", "0"), ("2", "12345")):
        out = tmp_path / f"out-{jobs}"
        args = ("build", str(STARLETTE), "-o", str(out), "-q", "-j", jobs, "--archive")
        result = run_skillc(*args, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        trees.append(_tree(out))
    assert trees[0] == trees[1]
    assert any(path.endswith("/scripts/install") for path in trees[0])


def test_a_script_removed_by_hand_is_written_back_executable_beside_foreign_files(
    tmp_path: Path,
) -> None:
    out = build(FIXTURE, tmp_path / "out")
    (out / "NOTES.md").write_text("mine\n")  # a foreign file: the build writes in place
    script = out / "scriptsdemo-build-and-test/scripts/check.py"
    script.unlink()
    build(FIXTURE, out)
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert (out / "NOTES.md").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("path", "text", "reason"),
    [
        ("tools/a.py", "import os\nfrom . import b\n", "imports `.` from the repository"),
        ("tools/a.py", "import os.path as p, requests\n", "imports `requests`"),
        ("tools/a.py", "import importlib\nimportlib.import_module('x')\n", "by name"),
        ("scripts/a.sh", "#!/bin/sh\nsource ./env.sh\n", "sources `./env.sh`"),
        ("scripts/a.sh", "#!/bin/sh\nbash tools/b.sh x\n", "runs `tools/b.sh`"),
        ("scripts/a.sh", "#!/bin/sh\n./b.sh\n", "runs `scripts/b.sh`"),
        ("scripts/a.sh", '#!/bin/bash\nhere="${BASH_SOURCE[0]}"\n', "its own location"),
        ("scripts/a.js", "console.log(1)\n", "neither a shell nor a Python script"),
        ("scripts/a.sh", "#!/bin/sh\n" + "echo x\n" * (MAX_BYTES // 7), "larger than 64 KB"),
    ],
)
def test_judge_reasons(path: str, text: str, reason: str) -> None:
    files = {path, "tools/b.sh", "scripts/b.sh", "scripts/env.sh"}
    verdict = judge(path, text, files)
    assert reason in verdict.reason and not verdict.basis


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("tools/a.py", "from __future__ import annotations\nimport json, sys\n"),
        ("scripts/a.sh", "#!/bin/sh\n# ./scripts/b.sh is run by CI, not here\necho $0 usage\n"),
        ("scripts/a.sh", "#!/bin/sh\nuv run pytest tests/\ngit describe\n"),
    ],
)
def test_judge_self_contained(path: str, text: str) -> None:
    verdict = judge(path, text, {path, "scripts/b.sh", "tests/x.py"})
    assert verdict.reason == "" and verdict.basis


def test_a_shell_script_is_parsed_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"#!/bin/sh\ntouch {marker}\n"
    assert judge("scripts/a.sh", text, set()).basis
    assert not marker.exists()


@pytest.mark.parametrize(
    ("command", "runs"),
    [
        ("python {toxinidir}/scripts/gen.py --out x", ["scripts/gen.py"]),
        ("FOO=1 uv run bash tools/y.sh && ./scripts/b.sh", ["tools/y.sh", "scripts/b.sh"]),
        ("make check\nscripts/b.sh; scripts/b.sh", ["scripts/b.sh"]),
        ("bin/bats test", []),  # the project's installed program, not a helper script
        ("python setup.py sdist", []),  # build files are not helper scripts
        ("./scripts/missing.sh", []),  # not a file of the repository
    ],
)
def test_which_repository_scripts_a_command_runs(command: str, runs: list[str]) -> None:
    files = {"scripts/gen.py", "tools/y.sh", "scripts/b.sh", "bin/bats", "setup.py"}
    assert scripts_of(command, files) == runs


def test_each_script_not_bundled_is_noted_where_the_body_says(
    fixture: Path, tmp_path: Path
) -> None:
    result = run_skillc("build", str(FIXTURE), "-o", str(tmp_path / "out"), "-v")
    assert result.returncode == 0, result.stderr
    noted = set(re.findall(r"(\S+):(\d+):1: SK064 (\S+) is not bundled: it (.+)", result.stderr))
    said = {
        (path, str(line), path, reason)
        for skill in ("scriptsdemo-build-and-test", "scriptsdemo-contribute")
        for path, (reason, _, line) in _said(fixture / skill)[1].items()
    }
    assert len(said) == 3 and noted == said


def test_the_package_model_reads_the_mode_the_backend_writes(fixture: Path) -> None:
    from skillc.package.reader import package_from_texts, read_package

    folder = fixture / "scriptsdemo-build-and-test"
    on_disk = read_package(folder)
    texts = {f.path: f.text or "" for f in on_disk.files}
    in_memory = package_from_texts(folder.name, texts)
    for package in (on_disk, in_memory):
        modes = {f.path: f.executable for f in package.files}
        assert modes == {"SKILL.md": False, "scripts/check.py": True}
