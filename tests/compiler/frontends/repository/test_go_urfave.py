"""urfave/cli command lines: lego (an ACME client on urfave/cli v2, Debian's
golang-github-xenolf-lego-dev) and urfave/cli's own repository.

The truth for lego is its flag and command literals, read here with plain regular expressions
(not tree-sitter) from each file: every flag ``Name`` and ``Aliases`` of ``cmd/flags.go`` is
an option of ``lego``, every ``cmd/cmd_*.go`` command is a subcommand with the flags written
in its file. No Go toolchain is installed, so the program is not run. urfave/cli itself is a
library: its ``App`` literals are in tests and docs, which are not its surface.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_commands, emitted_options

LEGO = ROOT / "corpora/repos/lego/src/lego"
URFAVE = ROOT / "corpora/repos/urfave-cli/src/cli"
_FLAG = re.compile(r"&cli\.(\w+)Flag\{\n(.*?)\n\t+\}", re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(LEGO, tmp_path_factory.mktemp("urfave") / "out")


def written_flags(source: str) -> set[frozenset[str]]:
    """The names of every flag literal in ``source`` (``Name`` and ``Aliases``)."""
    found = set()
    for _, body in _FLAG.findall(source):
        name = re.search(r'Name:\s+"([^"]+)"', body)
        assert name is not None, body
        aliases = re.search(r"Aliases:\s+\[\]string\{([^}]*)\}", body)
        names = [name.group(1), *re.findall(r'"([^"]+)"', aliases.group(1) if aliases else "")]
        found.add(frozenset(("-" if len(n) == 1 else "--") + n for n in names))
    return found


def test_lego_lists_every_flag_of_its_flags_file(built: Path) -> None:
    options = emitted_options((built / "lego-cli/references/lego-options.md").read_text())
    wanted = written_flags((LEGO / "cmd/flags.go").read_text())
    assert len(wanted) == 28
    assert set(options["lego"]) == wanted
    assert options["lego"][frozenset({"-d", "--domains"})] == (
        "Add a domain to the process. Can be specified multiple times."
    )


def test_lego_commands_are_the_commands_its_files_define(built: Path) -> None:
    commands = emitted_commands((built / "lego-cli/SKILL.md").read_text())
    files = sorted((LEGO / "cmd").glob("cmd_*.go"))
    named = {}
    for path in files:
        match = re.search(
            r'&cli\.Command\{\n\s+Name:\s+"(\w+)",\n\s+Usage:\s+"([^"]+)"', path.read_text()
        )
        if match:
            named[f"lego {match.group(1)}"] = match.group(2)
    assert len(named) == 5
    assert {k: v for k, v in commands.items() if k != "lego"} == named
    options = emitted_options((built / "lego-cli/references/lego-options.md").read_text())
    for path in files:
        match = re.search(r'&cli\.Command\{\n\s+Name:\s+"(\w+)"', path.read_text())
        if match:
            wanted = written_flags(path.read_text())
            assert set(options.get(f"lego {match.group(1)}", {})) == wanted, path.name


def test_lego_cites_definitions_and_leaves_out_its_internal_tool(built: Path) -> None:
    reference = (built / "lego-cli/references/lego-options.md").read_text()
    assert "| `-k, --key-type` | `ec256` | string |" in reference
    assert "`cmd/flags.go:49` |" in reference
    # the library is listed (lego-api); the internal releaser is no program of it
    assert sorted(p.name for p in built.iterdir() if p.is_dir()) == ["lego-api", "lego-cli"]
    assert validate(built / "lego-cli") == []


def test_urfave_cli_itself_is_a_library_its_test_apps_are_not_a_cli(tmp_path: Path) -> None:
    assert "&App{" in (URFAVE / "app_test.go").read_text()  # App literals exist, in tests
    out = build(URFAVE, tmp_path / "out")
    assert not [p.name for p in out.iterdir() if p.name.endswith("-cli")]


APP = """\
package main

import (
	"os"

	"github.com/urfave/cli/v2"
)

func main() {
	app := &cli.App{
		Name:  "greet",
		Usage: "fight the loneliness!",
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name: "lang", Aliases: []string{"l"}, Value: "english",
				Usage: "language for the greeting",
			},
			&cli.BoolFlag{Name: "secret", Hidden: true},
		},
		Commands: []*cli.Command{
			{
				Name:  "template",
				Usage: "options for task templates",
				Subcommands: []*cli.Command{
					{
						Name: "add", Usage: "add a new template",
						Flags: []cli.Flag{&cli.IntFlag{Name: "n", Value: 3, Usage: "count"}},
					},
				},
			},
		},
	}
	app.Run(os.Args)
}
"""


def test_app_literal_subcommands_and_hidden_flags_and_examples(tmp_path: Path) -> None:
    repo = tmp_path / "greet"
    (repo / "cmd/greet").mkdir(parents=True)
    (repo / "examples/other").mkdir(parents=True)
    (repo / "go.mod").write_text("module example.com/greet\n\ngo 1.21\n")
    (repo / "cmd/greet/main.go").write_text(APP)
    (repo / "examples/other/main.go").write_text(APP.replace('"greet"', '"other"'))
    out = build(repo, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["greet-cli"]
    assert emitted_commands((out / "greet-cli/SKILL.md").read_text()) == {
        "greet": "fight the loneliness!",
        "greet template": "options for task templates",
        "greet template add": "add a new template",
    }
    reference = (out / "greet-cli/references/greet-options.md").read_text()
    options = emitted_options(reference)
    assert options["greet"] == {frozenset({"-l", "--lang"}): "language for the greeting"}
    assert options["greet template add"] == {frozenset({"-n"}): "count"}
    assert "| `-l, --lang` | `english` | string |" in reference
