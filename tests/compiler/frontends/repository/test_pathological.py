"""Python that nests or chains thousands of levels deep costs what its text costs: no
recursion limit is reached, nothing is evaluated, the rest of the repository builds."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_skillc

DEPTH = 5000


def deep_click() -> str:
    chain = "a" + ".b" * DEPTH
    nested = "(" * DEPTH + "1" + ",)" * DEPTH
    return (
        "import click\n\n\n@click.group()\ndef cli():\n    'Deep.'\n\n\n"
        f"@cli.command()\n@click.option('--x', default={nested}, help='X.')\n@{chain}\n"
        f"def leaf(x):\n    'Leaf.'\n\n\ny = {chain}\n{chain}.add_command(leaf)\n"
        f"z = click.option({'(' * DEPTH}'--deep'{')' * DEPTH})\n"
    )


def deep_argparse() -> str:
    lines = ["import argparse\n\n\ndef main():", "    p0 = argparse.ArgumentParser()"]
    for level in range(DEPTH):
        lines.append(f"    s{level} = p{level}.add_subparsers()")
        lines.append(f"    p{level + 1} = s{level}.add_parser('c{level}')")
    lines.append("    p0.parse_args()\n")
    return "\n".join(lines)


def test_deep_python_builds_without_crashing(tmp_path: Path) -> None:
    repo = tmp_path / "deep"
    (repo / "src/deep").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "deep"\n[project.scripts]\n'
        'deep = "deep.cli:cli"\nargs = "deep.args:main"\n'
    )
    (repo / "src/deep/cli.py").write_text(deep_click())
    (repo / "src/deep/args.py").write_text(deep_argparse())
    result = run_skillc("build", str(repo), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert not [d for d in summary["diagnostics"] if d["code"] == "SK081"]
    reference = (tmp_path / "out/deep-cli/references/deep-options.md").read_text()
    assert "`--x`" in reference and "X." in reference
    assert (tmp_path / "out/deep-args-cli/SKILL.md").is_file()


def test_deep_yaml_and_toml_cost_only_their_file(tmp_path: Path) -> None:
    repo = tmp_path / "nested"
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/deep.yml").write_text("a: " + "[" * DEPTH + "]" * DEPTH + "\n")
    (repo / ".github/workflows/ok.yml").write_text(
        "jobs:\n  t:\n    steps:\n      - run: make test\n"
    )
    (repo / "pyproject.toml").write_text("x = " + "[" * DEPTH + "]" * DEPTH + "\n")
    result = run_skillc("build", str(repo), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    problems = {d["filename"]: d["message"] for d in summary["diagnostics"] if d["code"] == "SK037"}
    assert "nested too deep" in problems[".github/workflows/deep.yml"]
    assert "nested too deep" in problems["pyproject.toml"]
    assert "make test" in (tmp_path / "out/nested-build-and-test/SKILL.md").read_text()
