"""click and argparse command lines read from source match what the programs really accept.

The fixture repository (``fixtures/tool``) is real Python: a click group with nested groups,
arguments, choices, boolean pairs, counted options, context settings, options attached after
definition and commands added under two names, and an argparse parser with subparsers and
argument groups. skillc reads it without running it; the test then runs each program's
``--help`` and compares.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc
from tests.compiler.frontends.repository.helpers import (
    build,
    emitted_commands,
    emitted_options,
    folded,
    names_of,
    real_commands,
    real_options,
    table_rows,
)

FIXTURE = Path(__file__).with_name("fixtures") / "tool"


@pytest.fixture(scope="module")
def tool_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("src") / "tool"
    shutil.copytree(FIXTURE, repo)
    return build(repo, tmp_path_factory.mktemp("out") / "tool")


def real_help(module: str, *words: str, flag: str = "--help") -> str:
    code = f"import sys; from tool.{module} import main; sys.argv[0] = 'x'; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, *words, flag],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(FIXTURE / "src"), "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def options_of(build: Path, script: str) -> dict[str, dict[frozenset[str], str]]:
    folder = "tool-cli" if script == "tool" else f"tool-{script}-cli"
    text = (build / folder / "references" / f"{script}-options.md").read_text()
    return emitted_options(text)


CLICK_COMMANDS = [(), ("copy",), ("remote",), ("remote", "add"), ("status",), ("st",)]


_SHOWN = re.compile(r"\s*\[(?:default: (?P<default>[^\]]*)|required)\]$")


@pytest.mark.parametrize("words", CLICK_COMMANDS)
def test_click_options_match_help(tool_build: Path, words: tuple[str, ...]) -> None:
    emitted = options_of(tool_build, "tool")[" ".join(("tool", *words))]
    reference = (tool_build / "tool-cli" / "references" / "tool-options.md").read_text()
    defaults = {r[0].split("`")[1]: r[1].strip("`") for r in table_rows(reference)}
    real = real_options(real_help("cli", *words))
    assert {k for k in emitted if k} == set(real)
    for names, help_text in real.items():
        shown = _SHOWN.search(help_text)  # click's `show_default` / `required` annotations
        if shown is not None and shown.group("default") is not None:
            label = next(k for k in defaults if names_of(k) == names)
            assert defaults[label] == shown.group("default")
        assert folded(emitted[names]) == folded(_SHOWN.sub("", help_text)), names


def test_click_commands_match_help(tool_build: Path) -> None:
    listed = emitted_commands((tool_build / "tool-cli" / "SKILL.md").read_text())
    assert set(real_commands(real_help("cli"))) == {
        w.split()[1] for w in listed if " " in w and w.count(" ") == 1
    }
    assert set(real_commands(real_help("cli", "remote"))) == {"add"}
    assert listed["tool copy"] == "Copy a thing."  # short_help wins, as in click's listing


def test_click_arguments_match_the_usage_line(tool_build: Path) -> None:
    usage = real_help("cli", "copy").split("\n", 1)[0]
    reference = (tool_build / "tool-cli" / "references" / "tool-options.md").read_text()
    arguments = [r[0].split("`")[1] for r in table_rows(reference) if "(argument)" in r[0]]
    assert arguments == ["SRC", "DST"]
    assert re.search(r"SRC \[DST\]", usage)


def test_click_help_is_cut_at_a_form_feed(tool_build: Path) -> None:
    reference = (tool_build / "tool-cli" / "references" / "tool-options.md").read_text()
    assert "Longer text that only the group's own help shows." in reference
    assert "developers only" not in reference
    assert "developers only" not in real_help("cli")


def test_click_defaults_and_choices(tool_build: Path) -> None:
    rows = {
        r[0]: r
        for r in table_rows(
            (tool_build / "tool-cli" / "references" / "tool-options.md").read_text()
        )
    }
    assert rows["`--mode`"][1:3] == ["`safe`", "`fast`, `safe`"]
    assert rows["`-c, --config`"][1] == "`tool.toml`"
    assert rows["`--url` (required)"][3] == "Where the remote is."


ARGPARSE_COMMANDS = [(), ("build",)]


@pytest.mark.parametrize("words", ARGPARSE_COMMANDS)
def test_argparse_options_match_help(tool_build: Path, words: tuple[str, ...]) -> None:
    emitted = options_of(tool_build, "ptool")[" ".join(("ptool", *words))]
    real = real_options(real_help("pcli", *words), "options")
    assert {k for k in emitted if k} == set(real)
    for names, help_text in real.items():
        assert folded(emitted[names]) == folded(help_text), names


def test_argparse_subparser_without_help_option(tool_build: Path) -> None:
    emitted = options_of(tool_build, "ptool")["ptool serve"]
    assert set(emitted) == {frozenset({"--port"})}
    real = subprocess.run(
        [sys.executable, "-c", "from tool.pcli import main; main()", "serve", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(FIXTURE / "src")},
    )
    assert real.returncode == 2 and "unrecognized arguments: --help" in real.stderr


def test_tox_environments_from_pyproject(tool_build: Path) -> None:
    skill = (tool_build / "tool-build-and-test" / "SKILL.md").read_text()
    assert "tox run -e py3.11" in skill and "pytest -q {posargs:tests}" in skill
    assert "tox run -e lint" in skill and "ruff format --check src" in skill
    assert "`lint`: lint the code" in skill


_BOX = str.maketrans("", "", "│╭╰─╮╯")


def typer_options(output: str, panel: str = "Options") -> dict[frozenset[str], str]:
    """Option names -> help (annotations dropped) of typer's rich help panels."""
    found: dict[frozenset[str], str] = {}
    inside, key = False, frozenset[str]()
    for raw in output.split("\n"):
        if raw.lstrip().startswith("╭"):
            inside = f" {panel} " in raw
            continue
        line = raw.translate(_BOX).strip()
        if not inside or not line:
            continue
        head, _, rest = line.partition("<")
        names = frozenset(w for w in head.split() if w.startswith("-"))
        if names:
            key = names
            found[key] = rest.partition(">")[2].strip()
        elif key:
            found[key] = f"{found[key]} {line}"
    return {k: _SHOWN.sub("", folded(v)) for k, v in found.items()}


TYPER_COMMANDS = [(), ("hello",), ("users",), ("users", "create")]


@pytest.mark.parametrize("words", TYPER_COMMANDS)
def test_typer_options_match_help(tool_build: Path, words: tuple[str, ...]) -> None:
    emitted = options_of(tool_build, "ttool")[" ".join(("ttool", *words))]
    code = "from tool.tcli import app; app()"
    result = subprocess.run(
        [sys.executable, "-c", code, *words, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(FIXTURE / "src"), "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    real = typer_options(result.stdout)
    assert {k for k in emitted if k} == set(real)
    for names, help_text in real.items():
        assert folded(emitted[names]) == help_text, names


def test_typer_arguments_and_subcommands(tool_build: Path) -> None:
    listed = emitted_commands((tool_build / "tool-ttool-cli" / "SKILL.md").read_text())
    assert set(listed) == {"ttool", "ttool hello", "ttool users", "ttool users create"}
    reference = (tool_build / "tool-ttool-cli" / "references" / "ttool-options.md").read_text()
    arguments = [r[0].split("`")[1] for r in table_rows(reference) if "(argument)" in r[0]]
    assert arguments == ["name", "username"]


def test_a_main_module_is_the_command_line_of_a_project_without_scripts(tmp_path: Path) -> None:
    repo = tmp_path / "mm"
    (repo / "src/mm").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "mm"\n')
    (repo / "src/mm/__init__.py").write_text("")
    (repo / "src/mm/__main__.py").write_text(
        'from .cli import main\n\nif __name__ == "__main__":\n    main()\n'
    )
    (repo / "src/mm/cli.py").write_text(
        "import argparse\n\n\ndef main():\n"
        '    parser = argparse.ArgumentParser(description="Do mm things.")\n'
        '    parser.add_argument("--fast", action="store_true", help="Go fast.")\n'
        "    parser.parse_args()\n"
    )
    (repo / "README.md").write_text(
        "# mm\n\n## Usage\n\n```console\n$ python -m mm --fast\n$ python -m mm --slow\n```\n"
    )
    out = build(repo, tmp_path / "out")
    skill = (out / "mm-cli" / "SKILL.md").read_text()
    assert "`python -m mm` runs `src/mm/__main__.py:1`" in skill
    assert "python -m mm --fast" in skill and "--slow" not in skill  # not an option of mm
    real = subprocess.run(
        [sys.executable, "-m", "mm", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo / "src"), "COLUMNS": "200"},
    )
    emitted = emitted_options((out / "mm-cli" / "references" / "mm-options.md").read_text())
    assert set(emitted["python -m mm"]) == set(real_options(real.stdout))


SETUP_PY = """\
from setuptools import setup

setup(
    name="legacy",
    description="An old-style project.",
    entry_points={"console_scripts": ["legacy = legacy.cli:main"]},
)
"""
POETRY = """\
[tool.poetry]
name = "poet"
description = "A poetry project."

[tool.poetry.scripts]
poet = "poet.cli:main"
"""
CLI = (
    "import click\n\n\n@click.command()\n"
    '@click.option("--loud", is_flag=True, help="Shout.")\ndef main(loud):\n    """Speak."""\n'
)


@pytest.mark.parametrize(
    ("config", "text", "package", "line"),
    [("setup.py", SETUP_PY, "legacy", 6), ("pyproject.toml", POETRY, "poet", 6)],
)
def test_scripts_of_setup_py_and_poetry(
    tmp_path: Path, config: str, text: str, package: str, line: int
) -> None:
    repo = tmp_path / package
    (repo / package).mkdir(parents=True)
    (repo / config).write_text(text)
    (repo / package / "__init__.py").write_text("")
    (repo / package / "cli.py").write_text(CLI)
    out = build(repo, tmp_path / "out")
    skill = (out / f"{package}-cli" / "SKILL.md").read_text()
    assert f'(`{config}:{line}`: `{package} = "{package}.cli:main"`)' in skill
    options = emitted_options(
        (out / f"{package}-cli" / "references" / f"{package}-options.md").read_text()
    )
    assert set(options[package]) == {frozenset({"--loud"}), frozenset({"--help"})}


def test_every_package_passes_the_reference_validator(tool_build: Path) -> None:
    from skills_ref.validator import validate

    packages = sorted(p for p in tool_build.iterdir() if (p / "SKILL.md").is_file())
    assert [p.name for p in packages] == [
        "tool-api",
        "tool-build-and-test",
        "tool-catalog",
        "tool-cli",
        "tool-ptool-cli",
        "tool-ttool-cli",
    ]
    for package in packages:
        assert validate(package) == [], package.name


def test_parallel_reading_gives_the_same_bytes(tool_build: Path, tmp_path: Path) -> None:
    repo = tmp_path / "tool"
    shutil.copytree(FIXTURE, repo)
    out = tmp_path / "j2"
    result = run_skillc("build", str(repo), "-o", str(out), "-q", "-j", "2")
    assert result.returncode == 0, result.stderr
    mine = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    before = {
        p.relative_to(tool_build): p.read_bytes() for p in tool_build.rglob("*") if p.is_file()
    }
    assert mine == before


EXAMPLES_MD = """\
# tool

## Usage

```bash
tool copy a.txt b.txt --mode fast
# a comment, not a command
tool frobnicate
```

```python
tool copy in.txt out.txt
```
"""
EXAMPLES_RST = """\
Usage
=====

.. code-block:: console
   :caption: adding a remote

   tool remote add --url https://example.org

Not in the block any more::

   tool status -v
"""


def test_examples_come_from_shell_blocks_and_must_fit_the_definition(tmp_path: Path) -> None:
    repo = tmp_path / "tool"
    shutil.copytree(FIXTURE, repo)
    (repo / "README.md").write_text(EXAMPLES_MD)
    (repo / "docs").mkdir()
    (repo / "docs" / "usage.rst").write_text(EXAMPLES_RST)
    out = build(repo, tmp_path / "out")
    skill = (out / "tool-cli" / "SKILL.md").read_text()
    block = skill.split("## Examples", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.strip().split("\n") == [
        "tool copy a.txt b.txt --mode fast",
        "tool remote add --url https://example.org",
    ]
    assert "(`README.md:6`, `docs/usage.rst:7`)" in skill


def test_the_repository_ir_keeps_the_ssl_hard_rules(tmp_path: Path) -> None:
    repo = tmp_path / "tool"
    shutil.copytree(FIXTURE, repo)
    result = run_skillc("ir", "verify", str(repo))
    assert result.returncode == 0, result.stdout + result.stderr
    dump = run_skillc("ir", "dump", str(repo), "--format", "json")
    assert dump.returncode == 0, dump.stderr
    assert '"src/tool/cli.py"' in dump.stdout  # provenance names the definitions' files
