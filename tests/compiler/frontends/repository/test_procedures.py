"""Build, test and release procedures: CI workflows, tox.ini, Makefiles and README sections,
strongest evidence first, each command with the file and line it was read from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc
from tests.compiler.frontends.repository.helpers import build

WORKFLOW = """\
name: tests
on: [push]
jobs:
  tests:
    name: Run the tests
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: pip install -e '.[dev]'
      - run: |
          make lint
          pytest -q
      - name: Docs when present
        run: |
          if [ -d docs ]; then
            # only where the docs are
            make -C docs html \\
              SPHINXOPTS=-W
          fi
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: python -m build
"""
GITLAB = """\
stages: [test]
.template:
  script:
    - echo hidden
lint-job:
  stage: test
  before_script:
    - pip install ruff
  script:
    - ruff check .
"""
MAKEFILE = """\
.PHONY: lint docs

# Check the style of the code.
lint: install
\truff check src
\t@ruff format --check \\
\t    src

docs: ## build the HTML docs
\tsphinx-build docs out
"""
TOX_INI = """\
[tox]
envlist = py311

[testenv]
description = run the unit tests
commands =
    pytest {posargs}

[testenv:typing]
commands = mypy src
"""
NOXFILE = """\
import nox


@nox.session(python=["3.11", "3.12"])
def tests(session):
    \"\"\"Run the test suite.\"\"\"
    session.install("-e", ".[test]")
    session.run("pytest", "--cov", *session.posargs)


@nox.session(name="docs")
def build_docs(session):
    session.run("sphinx-build", "-W", "docs", OUTPUT)
"""
README = """\
# Widget

## Installation

```console
$ pip install widget
```

## Running the tests

```sh
pytest -q
```

## Releasing

1. Tag the release.

```sh
git tag v1.0
python -m build
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("src") / "widget"
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/tests.yml").write_text(WORKFLOW)
    (repo / "Makefile").write_text(MAKEFILE)
    (repo / ".gitlab-ci.yml").write_text(GITLAB)
    (repo / "tox.ini").write_text(TOX_INI)
    (repo / "noxfile.py").write_text(NOXFILE)
    (repo / "README.md").write_text(README)
    (repo / "setup.cfg").write_text("[metadata]\nname = widget\n")
    return build(repo, tmp_path_factory.mktemp("out") / "widget")


def sections(skill: str) -> list[str]:
    return re.findall(r"^## (.*)$", skill, flags=re.MULTILINE)


def test_ci_first_then_task_runners_then_docs(built: Path) -> None:
    skill = (built / "widget-build-and-test" / "SKILL.md").read_text()
    assert sections(skill) == [
        "`tests`: CI job `Run the tests` of workflow `tests`",
        "`lint-job`: GitLab CI job `lint-job` (stage `test`)",
        "`tests`: Run the test suite.",
        "`docs`",
        "`test`: run the unit tests",
        "`typing`",
        "`lint`: Check the style of the code.",
        "`docs`: build the HTML docs",
        '`install`: from the "Installation" section of the docs',
        '`test`: from the "Running the tests" section of the docs',
    ]


def test_each_command_cites_its_line(built: Path) -> None:
    skill = (built / "widget-build-and-test" / "SKILL.md").read_text()
    assert "Defined at `.github/workflows/tests.yml:10` (CI)." in skill
    assert "pip install -e '.[dev]'\nmake lint\npytest -q" in skill
    assert "Defined at `Makefile:4` (task runner)." in skill
    assert "`make lint` runs (`Makefile:5`):" in skill
    assert "ruff check src\nruff format --check src" in skill  # continuation joined, @ dropped
    assert "`tox -e typing` runs (`tox.ini:10`):" in skill
    assert "Defined at `README.md:12` (docs). The task runner or CI runs the same command." in skill


def test_shell_blocks_keep_their_lines_and_indentation(built: Path) -> None:
    skill = (built / "widget-build-and-test" / "SKILL.md").read_text()
    block = (
        "pytest -q\nif [ -d docs ]; then\n  # only where the docs are\n"
        "  make -C docs html \\\n    SPHINXOPTS=-W\nfi\n```"
    )
    assert block in skill


def test_the_description_names_procedures_and_tools_not_job_titles(built: Path) -> None:
    import yaml

    text = (built / "widget-build-and-test" / "SKILL.md").read_text()
    description = yaml.safe_load(text.split("---\n")[1])["description"]
    assert "(" not in description and "CI job" not in description
    assert description.startswith("Build, test and check widget the way its CI")
    # The procedures and the tools they run are the router's terms (compress-description
    # picks the most distinctive first and lists the rest after "Also:").
    for term in ("lint", "docs", "typing", "install", "pip", "make", "pytest", "ruff"):
        assert re.search(rf"\b{term}\b", description), (term, description)
    assert "Use when the task involves" in description and len(description) < 300


def test_the_readme_skill_carries_the_project_prefix(built: Path) -> None:
    names = {p.name for p in built.iterdir() if (p / "SKILL.md").is_file()}
    assert "widget-readme" in names and "readme" not in names


def test_gitlab_jobs_are_ci_evidence(built: Path) -> None:
    skill = (built / "widget-build-and-test" / "SKILL.md").read_text()
    assert "Defined at `.gitlab-ci.yml:8` (CI)." in skill
    assert "pip install ruff\nruff check ." in skill and "echo hidden" not in skill


def test_nox_sessions_are_read_without_running_them(built: Path) -> None:
    skill = (built / "widget-build-and-test" / "SKILL.md").read_text()
    assert "`nox -s tests` runs (`noxfile.py:7`):" in skill
    assert "pip install -e '.[test]'\npytest --cov {posargs}" in skill
    assert "nox -s docs" in skill and "sphinx-build -W docs <OUTPUT>" in skill


def test_release_procedures_and_sections_go_to_the_contribute_skill(built: Path) -> None:
    skill = (built / "widget-contribute" / "SKILL.md").read_text()
    assert "git tag v1.0\npython -m build" in skill
    assert "From the project's contributing docs (`README.md:" in skill
    assert "`publish`: CI job `publish` of workflow `tests`" in skill
    build = (built / "widget-build-and-test" / "SKILL.md").read_text()
    assert "publish" not in build


def test_manifest_names_the_files_read(built: Path) -> None:
    import json

    manifest = json.loads((built / "skills.lock").read_text())
    skill = next(s for s in manifest["skills"] if s["name"] == "widget-build-and-test")
    assert skill["sources"] == ["setup.cfg"]
    assert any(s["id"] == "README.md" for s in manifest["sources"])


def test_every_package_passes_the_reference_validator(built: Path) -> None:
    from skills_ref.validator import validate

    packages = sorted(p for p in built.iterdir() if (p / "SKILL.md").is_file())
    assert {p.name for p in packages} >= {"widget-build-and-test", "widget-contribute"}
    for package in packages:
        assert validate(package) == [], package.name


def test_readme_skills_of_repositories_built_together_keep_their_prefixes(tmp_path: Path) -> None:
    for name in ("alpha", "beta"):
        repo = tmp_path / name
        repo.mkdir()
        (repo / "setup.cfg").write_text(f"[metadata]\nname = {name}-tool\n")
        (repo / "README.md").write_text(f"# {name}\n\n## Testing\n\n```sh\npytest -q {name}\n```\n")
    out = tmp_path / "out"
    result = run_skillc("build", str(tmp_path / "alpha"), str(tmp_path / "beta"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir() if (p / "SKILL.md").is_file()}
    assert {"alpha-tool-readme", "beta-tool-readme"} <= names
    assert not any(n.endswith("-readme") and not n.endswith("-tool-readme") for n in names)


def test_test_fixtures_and_templates_are_not_guide_pages(tmp_path: Path) -> None:
    repo = tmp_path / "webapp"
    for name, text in {
        "setup.cfg": "[metadata]\nname = webapp\n",
        "README.md": "# Webapp\n\n## Testing\n\n```sh\npytest\n```\n",
        "tests/templates/empty.html": "",
        "webapp/templates/base.html": "<html><body><h1>{{ title }}</h1></body></html>",
        "docs/index.html": "<html><body><h1>Webapp docs</h1><p>Run it.</p></body></html>",
        "tests/fixtures/README.md": "# A fixture\n",
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    out = tmp_path / "out"
    result = run_skillc("build", str(repo), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr  # the empty fixture no longer fails the build
    names = {p.name for p in out.iterdir() if (p / "SKILL.md").is_file()}
    assert names == {"webapp-readme", "webapp-build-and-test", "webapp-docs"}


def test_a_docs_copy_of_contributing_does_not_list_its_commands_twice(tmp_path: Path) -> None:
    """python-dotenv 1.0.1's sdist: ``docs/contributing.md`` (an MkDocs link to
    CONTRIBUTING.md in git) is a copy, and the contribute skill's block listed every command
    twice."""
    repo = tmp_path / "envfile-1.0.1"
    contributing = "# Contributing\n\nRun the tests:\n\n    $ pip install -e .\n    $ pytest\n"
    for name, text in {
        "pyproject.toml": '[project]\nname = "envfile"\n',
        "CONTRIBUTING.md": contributing,
        "docs/contributing.md": contributing,
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    out = build(repo, tmp_path / "out")
    skill = (out / "envfile-contribute" / "SKILL.md").read_text()
    assert "(`CONTRIBUTING.md:5`)" in skill
    assert "```sh\npip install -e .\npytest\n```" in skill
    assert skill.count("pytest") == 1


def test_npm_pre_and_post_scripts_run_with_their_script(tmp_path: Path) -> None:
    """yargs 18.2.0: ``pretest`` and ``posttest``, which ``npm test`` runs before and after
    ``test``, were procedures of their own (``npm run posttest``) that crowded the
    description; ``prepare`` (an npm lifecycle script, no ``pare`` beside it) stays one."""
    repo = tmp_path / "package"
    repo.mkdir()
    scripts = {
        "posttest": "npm run check",
        "test": "c8 mocha ./test/*.mjs",
        "prepare": "npm run compile",
        "pretest": "npm run compile -- -p tsconfig.test.json",
        "compile": "tsc",
        "check": "gts lint",
    }
    (repo / "package.json").write_text(json.dumps({"name": "yarrgs", "scripts": scripts}, indent=2))
    out = build(repo, tmp_path / "out")
    skill = (out / "yarrgs-build-and-test" / "SKILL.md").read_text()
    headings = re.findall(r"^## `([^`]+)`", skill, re.M)
    assert headings == ["test", "prepare", "compile", "check"]
    assert (
        "`npm test` runs `pretest` (`package.json:7`), then `test` (`package.json:5`), then "
        "`posttest` (`package.json:4`):\n\n```sh\nnpm run compile -- -p tsconfig.test.json\n"
        "c8 mocha ./test/*.mjs\nnpm run check\n```" in skill
    )
    assert "`npm run compile` runs (`package.json:8`):\n\n```sh\ntsc\n```" in skill
