"""The project file: ``skillc init``, ``skillc build`` with no arguments, flags over the file,
and mistakes reported with the file and line (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skillc.compiler.project import load_project
from skillc.compiler.project.template import TEMPLATE
from tests.cli.conftest import run_skillc

PAGES = {
    "install.md": "# Install\n\n1. Run `pip install tool`.\n2. Run `tool --version`.\n",
    "deploy.md": "# Deploy\n\n## Build\n\n1. Run `make dist`.\n\n## Ship\n\n1. Run `make ship`.\n",
}

PROJECT = """\
[build]
jobs = 1

[[output]]
name = "docs"
out = "skills"
name-prefix = "tool"
sources = ["docs"]

[[output]]
name = "install-only"
out = "install-skills"
sources = [{ path = "docs/inst*.md", kind = "guide" }]
"""


def project(tmp_path: Path, text: str = PROJECT, name: str = "skillc.toml") -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)  # the project file is not looked for above it
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for page, body in PAGES.items():
        (docs / page).write_text(body, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_init_writes_a_file_that_loads_and_never_overwrites(tmp_path: Path) -> None:
    result = run_skillc("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "skillc.toml").read_text(encoding="utf-8")
    assert written == TEMPLATE
    loaded = load_project(tmp_path / "skillc.toml")
    assert [o.name for o in loaded.outputs] == ["docs"]
    (tmp_path / "skillc.toml").write_text("# ours\n", encoding="utf-8")
    again = run_skillc("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "SK109" in again.stderr
    assert (tmp_path / "skillc.toml").read_text(encoding="utf-8") == "# ours\n"


def test_build_without_arguments_builds_every_output(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run_skillc("build", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    # The default grain folds the folder's two pages into one chapter skill.
    assert sorted(p.name for p in (root / "skills").iterdir()) == [
        "skills.lock",
        "tool-deploy-install",
    ]
    assert sorted(p.name for p in (root / "install-skills").iterdir()) == ["install", "skills.lock"]


def test_a_flag_on_the_command_line_wins_over_the_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run_skillc("build", "-q", "--target", "docs", "--name-prefix", "cli", cwd=root)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (root / "skills").iterdir()}
    assert names == {"cli-deploy-install", "skills.lock"}
    assert not (root / "install-skills").exists()  # only the chosen target


def test_the_same_build_from_the_command_line_is_byte_identical(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run_skillc("build", "-q", "--target", "docs", cwd=root).returncode == 0
    direct = run_skillc("build", "docs", "-o", "direct", "--name-prefix", "tool", "-q", cwd=root)
    assert direct.returncode == 0, direct.stderr
    for path in (root / "skills").rglob("*"):
        if path.is_file():
            twin = root / "direct" / path.relative_to(root / "skills")
            assert twin.read_bytes() == path.read_bytes(), path


def test_pyproject_tool_skillc_is_a_project_too(tmp_path: Path) -> None:
    text = PROJECT.replace("[build]", "[tool.skillc.build]").replace(
        "[[output]]", "[[tool.skillc.output]]"
    )
    root = project(tmp_path, "[project]\nname = 'x'\n\n" + text, name="pyproject.toml")
    result = run_skillc("build", "-q", "--target", "docs", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "skills" / "tool-deploy-install" / "SKILL.md").is_file()


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("name-prefix = ", "name_prefix = "), 7, "unknown key 'name_prefix' in [[output]]"),
        (("jobs = 1", 'jobs = "1"'), 2, "jobs: expected a number, not a string"),
        (('kind = "guide"', 'kind = "wiki"'), 13, "kind: expected guide | repository"),
        (
            ('"docs/inst*.md"', '"docs/nothing*.md"'),
            13,
            "source 'docs/nothing*.md' matches nothing",
        ),
        (
            ('kind = "guide"', 'kind = "tickets"'),
            13,
            "source 'docs/inst*.md' is declared tickets but holds markdown",
        ),
        (("[build]", "[build]\npipeline = 'O3'"), 2, "pipeline: expected O0 | O1 | Os"),
        (("[build]", "[bild]"), 1, "unknown table or key 'bild'"),
    ],
)
def test_mistakes_name_the_file_and_line(
    tmp_path: Path, edit: tuple[str, str], line: int, message: str
) -> None:
    root = project(tmp_path, PROJECT.replace(*edit))
    result = run_skillc("build", "-q", cwd=root)
    assert result.returncode == 2, result.stderr
    assert f"skillc.toml:{line}:1: SK104 {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "install-skills").exists()  # the output that holds the mistake


def test_no_project_and_no_sources_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = run_skillc("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "SK108" in result.stderr and "skillc init" in result.stderr


def test_json_format_prints_one_document_per_output(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run_skillc("build", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    outs = [json.loads(line)["out"] for line in result.stdout.splitlines()]
    assert outs == ["skills", "install-skills"]


def test_out_root_moves_every_output_and_o_needs_one_target(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run_skillc("build", "-q", "--out-root", "preview", cwd=root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "preview").iterdir()) == ["docs", "install-only"]
    assert not (root / "skills").exists()
    both = run_skillc("build", "-q", "-o", "elsewhere", cwd=root)
    assert both.returncode == 2 and "--target NAME" in both.stderr
    assert not (root / "elsewhere").exists()


def test_the_starting_file_shows_every_key_the_loader_accepts() -> None:
    from skillc.compiler.project.load import OPTION_KEYS, PROJECT_KEYS, SOURCE_KEYS

    for key in (*OPTION_KEYS, *PROJECT_KEYS, *SOURCE_KEYS):
        assert f"{key} =" in TEMPLATE or f"{key}=" in TEMPLATE, key
