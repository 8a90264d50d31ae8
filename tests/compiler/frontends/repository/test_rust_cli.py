"""maturin's sdist (a Rust crate with a clap derive command line) built as a repository.

The truth is maturin's README (the subcommands and options it tells users to run) and the
clap derive definitions in ``src/``: every variant of the ``Command`` enum is a subcommand,
flattened structs in other files give their fields, doc comments are the help.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_commands, emitted_options

MATURIN = ROOT / "corpora/repos/maturin/src/maturin-1.16.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(MATURIN, tmp_path_factory.mktemp("rust") / "out")


@pytest.fixture(scope="module")
def options(built: Path) -> dict[str, dict[frozenset[str], str]]:
    return emitted_options((built / "maturin-cli/references/maturin-options.md").read_text())


def test_every_subcommand_the_readme_names_is_listed(built: Path) -> None:
    readme = (MATURIN / "README.md").read_text()
    named = set(re.findall(r"`maturin ([a-z][a-z-]+)", readme))
    assert named >= {"new", "build", "develop", "sdist"}
    commands = emitted_commands((built / "maturin-cli/SKILL.md").read_text())
    for sub in named:
        assert f"maturin {sub}" in commands, sub
    assert commands["maturin build"] == "Build the crate into python packages"


def test_the_readme_options_of_build_and_develop(options: dict) -> None:
    readme = (MATURIN / "README.md").read_text()
    assert "`-r` or `--release` flag" in readme
    for command in ("maturin build", "maturin develop"):
        assert frozenset({"-r", "--release"}) in options[command], command
    build = {n for key in options["maturin build"] for n in key}
    for flag in re.findall(r"`(--[a-z][a-z-]+)`", readme):
        if flag in ("--release", "--sdist", "--interpreter"):
            assert flag in build, flag


def test_every_variant_of_the_command_enum_is_a_subcommand(built: Path) -> None:
    source = (MATURIN / "src/main.rs").read_text()
    enum = source.split("enum Command {", 1)[1].split("\n}\n", 1)[0]
    variants = re.findall(r"^    ([A-Z]\w+)\s*[({,]", enum, re.M)
    names = re.findall(r'#\[command\(name = "([a-z-]+)"\)', enum)  # hidden ones: not listed
    hidden = re.findall(r'#\[command\(name = "([a-z-]+)", hide = true\)', enum)
    assert len(variants) >= 10 and "build" not in names and "completions" in hidden
    names += re.findall(r'#\[command\(name = "([a-z-]+)", alias', enum)
    assert "build" in names
    commands = emitted_commands((built / "maturin-cli/SKILL.md").read_text())
    for name in names:
        assert f"maturin {name}" in commands, name
    for name in hidden:
        assert f"maturin {name}" not in commands, name


def test_flattened_structs_in_other_files_give_their_options(built: Path, options: dict) -> None:
    reference = (built / "maturin-cli/references/maturin-options.md").read_text()
    build = options["maturin build"]
    assert build[frozenset({"-i", "--interpreter"})].startswith("The python versions to build")
    assert frozenset({"-m", "--manifest-path"}) in build
    assert "`src/build_options.rs:" in reference and "`src/main.rs:66`" in reference
    assert options["maturin"] == {frozenset({"-v", "--verbose"}): "Use verbose output."}
    nested = emitted_commands((built / "maturin-cli/SKILL.md").read_text())
    assert "maturin pep517 build-wheel" in nested


def test_packages_pass_the_reference_validator(built: Path) -> None:
    for package in sorted(p for p in built.iterdir() if (p / "SKILL.md").is_file()):
        assert validate(package) == [], package.name


CLAP = """\
use clap::{Args, Parser, Subcommand};

/// Greets people
#[derive(Parser)]
#[command(name = "greet")]
struct Cli {
    /// Name of the person
    name: String,
    /// Number of times
    #[arg(short, long, default_value_t = 1)]
    count: u8,
    #[arg(long = "dry-run")]
    dry: bool,
    #[command(subcommand)]
    command: Option<Commands>,
}

#[derive(Subcommand)]
enum Commands {
    /// Adds files
    AddFiles(AddArgs),
    #[command(hide = true)]
    Secret,
}

#[derive(Args)]
struct AddArgs {
    /// Paths to add
    #[arg(short = 'p', value_name = "PATH")]
    paths: Vec<String>,
}
"""


def test_a_clap_fixture_by_the_derive_rules(tmp_path: Path) -> None:
    repo = tmp_path / "greet"
    (repo / "src").mkdir(parents=True)
    (repo / "Cargo.toml").write_text('[package]\nname = "greet"\nversion = "0.1.0"\n')
    (repo / "src/main.rs").write_text(CLAP)
    out = build(repo, tmp_path / "out")
    assert emitted_commands((out / "greet-cli/SKILL.md").read_text()) == {
        "greet": "Greets people",
        "greet add-files": "Adds files",
    }
    reference = (out / "greet-cli/references/greet-options.md").read_text()
    assert "| `NAME` (argument) |  | String | Name of the person | `src/main.rs:8` |" in reference
    assert "| `-c, --count` | `1` | u8 | Number of times | `src/main.rs:11` |" in reference
    assert "| `--dry-run` |  | flag |  |" in reference
    assert "| `-p` |  | `<PATH>` | Paths to add |" in reference
