"""Repositories that try to mislead or stall the build: links out of the tree, binary and
huge files, syntax errors, definitions in tests and examples, third-party folders; and the
rule that decides which folders are repositories at all."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc

FIXTURE = Path(__file__).with_name("fixtures") / "tool"
CLICK_COMMAND = """import click


@click.command()
@click.option("--secret-flag")
def cli(secret_flag):
    \"\"\"Not the project's.\"\"\"
"""


def build_json(repo: Path, out: Path, *extra: str) -> dict:
    result = run_skillc("build", str(repo), "-o", str(out), "--format", "json", *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def notes(summary: dict, code: str) -> dict[str, str]:
    return {
        Path(d["filename"]).name: d["message"] for d in summary["diagnostics"] if d["code"] == code
    }


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "tool"
    shutil.copytree(FIXTURE, target)
    return target


def test_links_binary_and_huge_files_are_skipped_with_a_note(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cli.py").write_text(CLICK_COMMAND)
    (repo / "src/tool/linked.py").symlink_to(outside / "cli.py")
    (repo / "src/tool/loop.py").symlink_to(repo / "src/tool/loop.py")
    (repo / "src/tool/blob.py").write_bytes(b"x = 1\0\n")
    (repo / "src/tool/huge.py").write_text("x = 1\n" * 200_000)
    summary = build_json(repo, tmp_path / "out")
    skipped = notes(summary, "SK036")
    assert skipped["linked.py"] == "symlink points outside the repository: not followed"
    assert skipped["loop.py"] == "symlink loop: not followed"
    assert skipped["blob.py"] == "binary file (contains NUL bytes): not read"
    assert skipped["huge.py"].startswith("over 1048576 bytes")
    text = "\n".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "--secret-flag" not in text
    names = {p.name for p in (tmp_path / "out").iterdir() if (p / "SKILL.md").is_file()}
    assert names == {
        "tool-cli", "tool-ptool-cli", "tool-ttool-cli", "tool-build-and-test", "tool-api",
        "tool-catalog",  # five skills or more: the library index
    }  # fmt: skip
    assert summary["skills"] == 6


def test_a_linked_folder_leaving_the_tree_is_not_followed_as_in_any_folder(
    repo: Path, tmp_path: Path
) -> None:
    """The pages of a repository are gathered as any folder's: a linked folder that leaves it
    is not entered (SK010 warning, the build passes, the rest written); the repository source
    notes it too, and nothing in it is read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cli.py").write_text(CLICK_COMMAND)
    (repo / "src/tool/linked_dir").symlink_to(outside, target_is_directory=True)
    result = run_skillc("build", str(repo), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 0
    summary = json.loads(result.stdout)
    assert notes(summary, "SK010") == {
        "linked_dir": "symlink points outside the input tree: not followed"
    }
    assert notes(summary, "SK036") == {
        "linked_dir": "symlink points outside the repository: not followed"
    }
    assert "--secret-flag" not in (tmp_path / "out/tool-cli/SKILL.md").read_text()


def test_a_syntax_error_costs_only_what_it_breaks(repo: Path, tmp_path: Path) -> None:
    cli = repo / "src/tool/cli.py"
    cli.write_text(cli.read_text() + "\n\ndef broken(:\n    pass\n")
    summary = build_json(repo, tmp_path / "out")
    warning = next(d for d in summary["diagnostics"] if d["code"] == "SK037")
    assert warning["filename"] == "src/tool/cli.py" and warning["location"]["row"] > 60
    skill = (tmp_path / "out/tool-cli/SKILL.md").read_text()
    assert "`tool remote add`" in skill


def test_tests_examples_and_vendored_code_are_not_the_surface(repo: Path, tmp_path: Path) -> None:
    for folder in ("tests", "examples/demo", "node_modules/pkg", "vendor/lib"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / "cli.py").write_text(CLICK_COMMAND)
    (repo / "examples/demo/pyproject.toml").write_text(
        '[project]\nname = "demo"\n[project.scripts]\ndemo = "cli:cli"\n'
    )
    (repo / "node_modules/pkg/bundle.min.js").write_text("var a=1;" * 700_000)  # 5.6 MB
    started = time.perf_counter()
    summary = build_json(repo, tmp_path / "out")
    assert time.perf_counter() - started < 30
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert names == [
        "tool-api", "tool-build-and-test", "tool-catalog", "tool-cli", "tool-ptool-cli",
        "tool-ttool-cli",
    ]  # fmt: skip
    api = (tmp_path / "out/tool-api/references/api.md").read_text()
    assert "`tool.cli`" in api and "`tests" not in api and "`examples" not in api
    text = "\n".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "--secret-flag" not in text and "demo" not in text
    assert summary["failed"] == 0


def test_pyproject_that_is_not_toml_still_builds_the_rest(repo: Path, tmp_path: Path) -> None:
    (repo / "pyproject.toml").write_text("[project\nname = ")
    (repo / "Makefile").write_text("test: ## run the tests\n\tpytest -q\n")
    summary = build_json(repo, tmp_path / "out")
    assert any(d["code"] == "SK037" and "TOML" in d["message"] for d in summary["diagnostics"])
    assert (tmp_path / "out/tool-build-and-test/SKILL.md").is_file()


def test_a_docs_folder_named_alone_is_still_guides(tmp_path: Path) -> None:
    docs = ROOT / "corpora/repos/flask/src/flask-3.1.3/docs"
    summary = build_json(docs, tmp_path / "out", "-q")
    manifest = json.loads((tmp_path / "out/skills.lock").read_text())
    kinds = {s["media_type"] for s in manifest["sources"]}
    assert kinds == {"text/x-rst"}
    assert summary["sources"] == len(list(docs.rglob("*.rst")))


def test_a_repository_without_guide_pages_is_one_source(tmp_path: Path) -> None:
    repo = tmp_path / "bare"
    (repo / "src/bare").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "bare"\n[project.scripts]\nbare = "bare.cli:cli"\n'
    )
    (repo / "src/bare/cli.py").write_text(CLICK_COMMAND.replace("secret-flag", "level"))
    summary = build_json(repo, tmp_path / "out")
    assert summary["sources"] == 1
    assert "`--level`" in (tmp_path / "out/bare-cli/references/bare-options.md").read_text()


def test_a_folder_without_markers_and_pages_is_still_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "cli.py").write_text(CLICK_COMMAND)
    result = run_skillc("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "directory has no supported files" in result.stderr


def test_a_script_whose_command_line_cannot_be_read_is_named(tmp_path: Path) -> None:
    repo = tmp_path / "odd"
    (repo / "src/odd").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "odd"\n[project.scripts]\n'
        'odd = "odd.main:run"\ngone = "elsewhere.cli:main"\n'
    )
    (repo / "src/odd/main.py").write_text(
        "import sys\n\n\ndef run():\n    for name in sys.argv[1:]:\n        print(name)\n"
    )
    (repo / "README.md").write_text("# odd\n\nRun `odd` with names.\n")
    summary = build_json(repo, tmp_path / "out")
    unresolved = [d for d in summary["diagnostics"] if d["code"] == "SK038"]
    assert [(d["filename"], d["location"]["row"]) for d in unresolved] == [
        ("pyproject.toml", 4),
        ("pyproject.toml", 5),
    ]
    assert not any(p.name.endswith("-cli") for p in (tmp_path / "out").iterdir())


def test_a_huge_minified_program_and_broken_sources_cost_only_themselves(tmp_path: Path) -> None:
    """A 5 MB minified bundle is skipped with a note (not parsed); a Rust file and a
    JavaScript program with syntax errors still give what parses around the errors."""
    repo = tmp_path / "mixed"
    (repo / "bin").mkdir(parents=True)
    (repo / "src").mkdir()
    chunk = "var a=function(b){return b+1};" * 1000
    (repo / "dist.js").write_text(chunk * 170)  # about 5 MB on one line
    (repo / "bin/tool.js").write_text(
        "const { program } = require('commander');\n"
        "program.option('-q, --quiet', 'say less');\n"
        "function broken( {\n"
        "program.option('--depth <n>', 'how deep', 3);\n"
    )
    (repo / "package.json").write_text(
        '{"name": "mixed", "bin": {"tool": "bin/tool.js", "big": "dist.js"}}'
    )
    (repo / "Cargo.toml").write_text('[package]\nname = "mixed-rs"\n')
    (repo / "src/main.rs").write_text("use clap::Parser;\n#[derive(Parser)]\nstruct A { fn }\n")
    out = tmp_path / "out"
    start = time.perf_counter()
    result = run_skillc("build", str(repo), "-o", str(out), "-v")
    assert time.perf_counter() - start < 30
    assert result.returncode == 0, result.stderr
    assert "dist.js" in result.stderr and "not read" in result.stderr
    reference = (out / "mixed-tool-cli/references/tool-options.md").read_text()
    assert "`-q, --quiet`" in reference and "`--depth`" in reference
