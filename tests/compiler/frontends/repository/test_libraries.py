"""The corpora issue 12 names: libraries give readme and build-and-test skills, never a
made-up command line; marked's program lists what ``marked --help`` documents.

commander, zod (npm) and anyhow (a Rust crate) install no program (no ``bin``, no binary
target); urfave/cli is covered in test_go_urfave. marked installs ``bin/marked.js``, which
runs ``bin/main.js``: its options are the cases of a ``switch`` on each argument, help from
its man page; ``marked --help`` prints that man page, so the emitted options are compared
with the real output of ``node bin/marked.js --help`` (node is not installed by CI: then
with the man page the program prints, ``man/marked.1.md``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT, run_skillc
from tests.compiler.frontends.repository.helpers import emitted_options, names_of

REPOS = ROOT / "corpora/repos"
MARKED = REPOS / "marked/src/marked-18.2.1"
LIBRARIES = {
    "commander": REPOS / "commander/src/commander-14.0.3",
    "zod": REPOS / "zod/src/zod-4.6.7",
    "anyhow": REPOS / "anyhow/src/anyhow-1.0.69",
}


def build(source: Path, out: Path) -> list[str]:
    result = run_skillc("build", str(source), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return sorted(p.name for p in out.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_a_library_gives_readme_and_build_skills_and_no_cli(tmp_path: Path, name: str) -> None:
    source = LIBRARIES[name]
    if (source / "package.json").is_file():
        assert "bin" not in json.loads((source / "package.json").read_text())
    else:
        manifest = tomllib.loads((source / "Cargo.toml").read_text())
        assert "bin" not in manifest and not (source / "src/main.rs").exists()
    skills = build(source, tmp_path / "out")
    assert f"{name}-readme" in skills and f"{name}-build-and-test" in skills
    assert not [s for s in skills if s.endswith("-cli")]
    for skill in skills:
        assert validate(tmp_path / "out" / skill) == [], skill


def help_options(text: str) -> set[frozenset[str]]:
    """The option bullets of marked's help (``* -o, --output [file]`` / ``• -o, ...``)."""
    found = set()
    for row in re.findall(r"^\s*[*•]\s+(-.*)$", text, re.M):
        names = names_of(row.split("[")[0])
        if names and not any(n.endswith("etc") for n in names):  # "--no-breaks, --no-etc..."
            found.add(names)
    return found


def real_help(tmp_path: Path) -> str:
    """``marked --help`` run with node (PATH holding only node: the man page it prints is
    then its Markdown source), else that Markdown source as shipped."""
    node = shutil.which("node")
    if node is None:
        return (MARKED / "man/marked.1.md").read_text()
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin/node").symlink_to(node)
    result = subprocess.run(
        ["node", str(MARKED / "bin/marked.js"), "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(tmp_path / "bin"), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_marked_lists_the_options_marked_help_prints(tmp_path: Path) -> None:
    skills = build(MARKED, tmp_path / "out")
    assert "marked-cli" in skills
    reference = (tmp_path / "out/marked-cli/references/marked-options.md").read_text()
    options = emitted_options(reference)["marked"]
    documented = help_options(real_help(tmp_path))
    assert len(documented) == 12
    assert set(options) == documented
    assert options[frozenset({"-o", "--output"})] == (
        "Specify file output. If none is specified, write to stdout."
    )
    source = (MARKED / "bin/main.js").read_text()
    cased = re.findall(r"case '(--[\w-]+)':", source)
    assert "| `-o, --output` |  | [output file] |" in reference
    assert "`bin/main.js:103` |" in reference  # the first label of its case
    assert {n for names in options for n in names if n.startswith("--")} >= set(cased)
    assert validate(tmp_path / "out/marked-cli") == []


def test_a_repository_that_makes_no_skill_says_so(tmp_path: Path) -> None:
    """Debian's golang-github-spf13-cobra-dev 1.6.1: cobra's Go sources without README, CI
    or program; the build emitted nothing and said nothing. (Its exported ``Command`` now
    makes a ``cobra-api`` skill, `test_api_go`: here the type is unexported, so that nothing
    is made.)"""
    repo = tmp_path / "cobra"
    (repo / "doc").mkdir(parents=True)
    (repo / "go.mod").write_text("module github.com/spf13/cobra\n\ngo 1.15\n")
    (repo / "command.go").write_text("package cobra\n\ntype command struct {\n\tUse string\n}\n")
    (repo / "doc/util.go").write_text("package doc\n\nfunc hasSeeAlso() bool { return false }\n")
    out = tmp_path / "out"
    result = run_skillc("build", str(repo), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    found = [d for d in summary["diagnostics"] if d["code"] == "SK039"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    assert found[0]["message"].startswith("cobra: no skill made from it")
    assert summary["skills"] == 0
    (repo / "README.md").write_text("# Cobra\n\nCobra is a library for modern CLI apps.\n")
    again = json.loads(run_skillc("build", str(repo), "-o", str(out), "--format", "json").stdout)
    assert not [d for d in again["diagnostics"] if d["code"] == "SK039"]
