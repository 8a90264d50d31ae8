"""clap's builder API: bat 0.22.1 (Debian's librust-bat-dev), and a clap 4 fixture.

The truth for bat is its man page (``assets/manual/bat.1.in``, written by its authors for the
same release) and its source, read here with regular expressions: every option the man page
documents is listed with the same names, and every option listed is an ``Arg`` of
``src/bin/bat/clap_app.rs`` that is not hidden. No crate can be fetched at test time, so bat
is not built and run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_commands, emitted_options

BAT = ROOT / "corpora/repos/bat/src/bat-0.22.1"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(BAT, tmp_path_factory.mktemp("bat") / "out")


def man_options() -> set[frozenset[str]]:
    """The options of bat's man page (``.HP`` headings), clap's automatic -h/-V left out."""
    text = (BAT / "assets/manual/bat.1.in").read_text()
    found = set()
    for heading in re.findall(r"^\.HP\n(.*)$", text, re.M):
        plain = re.sub(r"\\f[BRI]", "", heading.replace("\\-", "-"))
        names = frozenset(re.findall(r"(?:^|[\s,])(--?[\w-]+)", plain))
        if names and not names & {"--help", "--version"}:
            found.add(names)
    return found


def source_options() -> dict[str, set[frozenset[str]]]:
    """Per ``Command::new``, the names of each visible ``Arg`` chain of clap_app.rs."""
    text = (BAT / "src/bin/bat/clap_app.rs").read_text()
    found: dict[str, set[frozenset[str]]] = {}
    for part, chunk in enumerate(text.split('Command::new("cache")')):
        options = found.setdefault("bat cache" if part else "bat", set())
        for arg in chunk.split("Arg::new(")[1:]:
            if ".hide(true)" in arg:
                continue
            short = re.search(r"\.short\('(.)'\)", arg)
            long = re.search(r'\.long\("([\w-]+)"\)', arg)
            names = ([f"-{short.group(1)}"] if short else []) + (
                [f"--{long.group(1)}"] if long else []
            )
            if names:
                options.add(frozenset(names))
    return found


def test_bat_lists_every_option_its_man_page_documents(built: Path) -> None:
    options = emitted_options((built / "bat-cli/references/bat-options.md").read_text())
    documented = man_options()
    assert len(documented) == 24
    listed = {k for k in options["bat"] if k}  # `FILE` (argument) has no option name
    assert documented <= listed
    assert listed == source_options()["bat"]  # the rest (--diagnostic...) are in the source


def test_bat_cache_subcommand_and_its_options(built: Path) -> None:
    skill = (built / "bat-cli/SKILL.md").read_text()
    assert emitted_commands(skill) == {
        "bat": "A cat(1) clone with wings.",
        "bat cache": "Modify the syntax-definition and theme cache",
    }
    options = emitted_options((built / "bat-cli/references/bat-options.md").read_text())
    assert set(options["bat cache"]) == source_options()["bat cache"]
    assert options["bat cache"][frozenset({"-b", "--build"})] == (
        "Initialize (or update) the syntax/theme cache."
    )
    reference = (built / "bat-cli/references/bat-options.md").read_text()
    assert "| `--wrap` | `auto` | `auto`, `never`, `character` |" in reference
    assert "| `-A, --show-all` |  | flag |" in reference
    assert validate(built / "bat-cli") == []


MAIN = """\
use clap::{Arg, ArgAction, Command};

fn cli() -> Command {
    Command::new("git")
        .about("A fictional versioning CLI")
        .subcommand_required(true)
        .subcommand(
            Command::new("clone")
                .about("Clones repos")
                .arg(Arg::new("REMOTE").help("The remote to clone").required(true)),
        )
        .subcommand(
            Command::new("push")
                .about("pushes things")
                .args([
                    Arg::new("force").short('f').long("force").action(ArgAction::SetTrue)
                        .help("Force the push"),
                    Arg::new("remote").long("remote").default_value("origin")
                        .help("Where \\
                               to push"),
                ]),
        )
        .subcommand(Command::new("debug").hide(true))
        .arg(Arg::new("secret").long("secret").hide(true))
        .arg(Arg::new("config").short('c').long("config").value_name("FILE").help("Config"))
}

fn main() {
    let _ = cli().get_matches();
}
"""


def test_clap4_builder_chain_subcommands_args_and_hidden(tmp_path: Path) -> None:
    repo = tmp_path / "git-demo"
    (repo / "src").mkdir(parents=True)
    (repo / "Cargo.toml").write_text(
        '[package]\nname = "git"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4.5"\n'
    )
    (repo / "src/main.rs").write_text(MAIN)
    out = build(repo, tmp_path / "out")
    assert emitted_commands((out / "git-cli/SKILL.md").read_text()) == {
        "git": "A fictional versioning CLI",
        "git clone": "Clones repos",
        "git push": "pushes things",
    }
    reference = (out / "git-cli/references/git-options.md").read_text()
    options = emitted_options(reference)
    assert options["git"] == {frozenset({"-c", "--config"}): "Config"}
    assert options["git push"] == {
        frozenset({"-f", "--force"}): "Force the push",
        frozenset({"--remote"}): "Where to push",
    }
    assert "| `--remote` | `origin` | `<remote>` |" in reference
    assert "`REMOTE` (argument)" in reference
