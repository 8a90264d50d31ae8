"""flask's sdist built as a repository: its command line in the skill is flask's real one.

The commands and options of the emitted ``flask-cli`` skill are compared with two truths:
flask's own ``--help`` output (flask 3.1.3, the corpus version, installed by the dev extras
and run offline) and the click definitions in the corpus source. Each package must pass the
reference validator, and two builds must be byte-identical.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT, run_skillc
from tests.compiler.frontends.repository.helpers import (
    build,
    emitted_commands,
    emitted_options,
    folded,
    real_commands,
    real_options,
    run_help,
)

FLASK_REPO = ROOT / "corpora/repos/flask/src/flask-3.1.3"
SUBCOMMANDS = ("routes", "run", "shell")


@pytest.fixture(scope="module")
def flask_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FLASK_REPO, tmp_path_factory.mktemp("repo") / "flask")


def test_the_installed_flask_is_the_corpus_version() -> None:
    assert version("flask") == "3.1.3"


def test_commands_match_flask_help(flask_build: Path) -> None:
    skill = (flask_build / "flask-cli" / "SKILL.md").read_text(encoding="utf-8")
    listed = emitted_commands(skill)
    real = real_commands(run_help(["-m", "flask"]))
    assert sorted(real) == list(SUBCOMMANDS)
    assert {f"flask {name}" for name in real} | {"flask"} == set(listed)
    for name, short_help in real.items():
        assert listed[f"flask {name}"] == short_help


@pytest.mark.parametrize("words", [(), *((name,) for name in SUBCOMMANDS)])
def test_options_match_flask_help(flask_build: Path, words: tuple[str, ...]) -> None:
    reference = flask_build / "flask-cli" / "references" / "flask-options.md"
    emitted = emitted_options(reference.read_text(encoding="utf-8"))[" ".join(("flask", *words))]
    real = real_options(run_help(["-m", "flask", *words]))
    assert set(emitted) == set(real)
    for names, help_text in real.items():
        mine = folded(emitted[names])
        if "{" in mine:  # an f-string's field is kept as written: compare the text before it
            assert folded(help_text).startswith(mine.split("{", 1)[0].rstrip())
        else:
            assert mine == folded(help_text), names


def test_every_option_cites_its_definition_in_the_source(flask_build: Path) -> None:
    reference = (flask_build / "flask-cli" / "references" / "flask-options.md").read_text()
    lines = (FLASK_REPO / "src/flask/cli.py").read_text(encoding="utf-8").split("\n")
    for command, options in emitted_options(reference).items():
        for names in options:
            row = next(
                r
                for r in reference.split("\n")
                if r.startswith("| `") and all(n in r for n in names)
            )
            line = int(row.rsplit("src/flask/cli.py:", 1)[1].split("`")[0])
            nearby = "\n".join(lines[line - 1 : line + 8])
            long_names = [n for n in names if n.startswith("--") and n != "--help"]
            assert all(n in nearby or n.split("/")[0] in nearby for n in long_names), (
                command,
                names,
            )


def test_examples_are_docs_command_lines_the_definition_accepts(flask_build: Path) -> None:
    skill = (flask_build / "flask-cli" / "SKILL.md").read_text(encoding="utf-8")
    block = skill.split("## Examples", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    examples = block.strip().split("\n")
    assert "flask run" in examples and "flask --app hello run --debug" in examples
    # the docs also show commands an application defines itself: not flask's own
    assert not any("create-user" in e or e.startswith("flask user") for e in examples)
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (FLASK_REPO / "docs").rglob("*.rst"))
    readme = (FLASK_REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"$ {e}" in docs or f"$ {e}" in readme for e in examples)


def test_build_and_test_lists_every_tox_environment(flask_build: Path) -> None:
    import tomllib

    tox = tomllib.loads((FLASK_REPO / "pyproject.toml").read_text())["tool"]["tox"]
    defined = {name for name, env in tox["env"].items() if env.get("commands")}
    skills = "\n".join(
        (flask_build / name / "SKILL.md").read_text()
        for name in ("flask-build-and-test", "flask-contribute")
    )
    for name in defined:
        assert f"`tox run -e {name}`" in skills or f"tox run -e {name}\n" in skills, name
    assert "pytest -v --tb=short --basetemp={env_tmp_dir} {posargs}" in skills


def test_packages_pass_the_reference_validator(flask_build: Path) -> None:
    for name in ("flask-cli", "flask-build-and-test", "flask-contribute"):
        assert validate(flask_build / name) == [], name
    validator = Path(sys.executable).with_name("agentskills")
    result = subprocess.run(
        [str(validator), "validate", str(flask_build / "flask-cli")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_lists_the_repository_as_one_source_and_pages_as_before(flask_build: Path) -> None:
    manifest = json.loads((flask_build / "skills.lock").read_text())
    kinds = {s["id"]: s["media_type"] for s in manifest["sources"]}
    assert kinds["flask-3.1.3"] == "application/vnd.skillc.repository+json"
    assert kinds["docs/cli.rst"] == "text/x-rst"  # the docs are still guides
    cli = next(s for s in manifest["skills"] if s["name"] == "flask-cli")
    assert cli["sources"] == ["pyproject.toml"]


def test_rebuild_is_byte_identical_and_holds_no_build_path(
    tmp_path: Path, flask_build: Path
) -> None:
    out = tmp_path / "again"
    result = run_skillc("build", str(FLASK_REPO), "-o", str(out), "-q", env={"PYTHONHASHSEED": "7"})
    assert result.returncode == 0, result.stderr
    for name in ("flask-cli", "flask-build-and-test", "flask-contribute"):
        for path in sorted((flask_build / name).rglob("*")):
            if path.is_file():
                again = out / path.relative_to(flask_build)
                assert again.read_bytes() == path.read_bytes(), path
                assert str(ROOT) not in path.read_text(encoding="utf-8")
