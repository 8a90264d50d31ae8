"""age's Go module (Debian's golang-filippo-age-dev sources) built as a repository.

The truth is the usage text each program prints (the ``usage`` constant in its source,
which is also its documentation): every option it documents is listed, with both of its
names (``-o, --output``), cited at its ``flag`` definition. cobra is checked on a fixture
shaped as cobra's own documentation writes commands.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_commands, emitted_options

AGE = ROOT / "corpora/repos/age/src/age"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(AGE, tmp_path_factory.mktemp("go") / "out")


def documented(program: str) -> set[frozenset[str]]:
    """The options of the usage text in ``cmd/<program>``'s source."""
    source = "\n".join(p.read_text() for p in sorted((AGE / "cmd" / program).glob("*.go")))
    usage = source.split("const usage = `", 1)[1].split("`", 1)[0]
    rows = re.findall(r"^\s+(-\w(?:, --[\w-]+)?|--[\w-]+)", usage, re.M)
    return {frozenset(r.split(", ")) for r in rows}


def test_age_lists_every_option_its_usage_text_documents(built: Path) -> None:
    options = emitted_options((built / "age-cli/references/age-options.md").read_text())["age"]
    wanted = documented("age")
    assert len(wanted) == 8
    assert wanted <= set(options)
    assert options[frozenset({"-o", "--output"})] == "output to FILE (default stdout)"


def test_age_examples_come_from_its_usage_text(built: Path) -> None:
    """age's docs hold no prompted command line; its usage texts end with an ``Example:``
    section, which the skills said nothing of ("The docs show no example")."""
    age = (built / "age-cli/SKILL.md").read_text()
    keygen = (built / "age-keygen-cli/SKILL.md").read_text()
    assert "age --decrypt -i key.txt -o data.tar.gz data.tar.gz.age\n" in age  # no backtick
    assert "age-keygen -o key.txt\n" in keygen
    assert "show no example" not in age + keygen
    assert "From the usage text it prints (`cmd/age/age.go:62`, `cmd/age/age.go:63`)" in age


def test_age_keeps_its_pipeline_example(built: Path) -> None:
    """age's one encryption example pipes tar into it (``tar cvz ~/data | age -r ...``): it
    was dropped, since an example had to open with the program's name."""
    age = (built / "age-cli/SKILL.md").read_text()
    assert (
        "\ntar cvz ~/data | age -r age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
        in age
    )


def test_age_keygen_is_a_program_of_its_own(built: Path) -> None:
    reference = (built / "age-keygen-cli/references/age-keygen-options.md").read_text()
    options = emitted_options(reference)["age-keygen"]
    assert documented("age-keygen") <= set(options)
    assert "`cmd/age-keygen/keygen.go:67`" in reference


USAGE_PROGRAM = """\
package main

import (
	"flag"
	"fmt"
	"os"
)

const usage = `Usage:
    tool-keygen [-o OUTPUT]

Options:
    -o, --output OUTPUT       Write the result to the file at path OUTPUT.

tool-keygen generates a new key pair, and outputs it to
standard output or to the OUTPUT file.

If OUTPUT already exists, it is not overwritten.`

func main() {
	flag.Usage = func() { fmt.Fprintf(os.Stderr, "%s\\n", usage) }
	var out string
	flag.StringVar(&out, "o", "", "output to FILE")
	flag.StringVar(&out, "output", "", "output to FILE")
	flag.Parse()
}
"""


def test_a_flag_program_says_what_it_does_from_its_usage_text(tmp_path: Path) -> None:
    """age's ``age-keygen`` (shaped as its keygen.go): the paragraph of its usage text that
    opens with its name is its summary, and the skill is ``tool-keygen-cli``, not
    ``tool-tool-keygen-cli`` (age's repository gave ``age-age-keygen-cli``, described only as
    "Runs the age-keygen command line of age", 0.72 alike to ``age-cli``: lint's SC105)."""
    repo = tmp_path / "tool"
    (repo / "cmd/tool-keygen").mkdir(parents=True)
    (repo / "go.mod").write_text("module example.com/tool\n\ngo 1.21\n")
    (repo / "cmd/tool-keygen/main.go").write_text(USAGE_PROGRAM)
    out = build(repo, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir() if p.name.endswith("-cli")) == ["tool-keygen-cli"]
    skill = (out / "tool-keygen-cli/SKILL.md").read_text()
    assert (
        "Runs the tool-keygen command line, which generates a new key pair, and outputs it to "
        "standard output or to the OUTPUT file." in skill
    )
    assert "command line of tool" not in skill
    assert "If OUTPUT already exists" not in skill.split("---")[1]  # one paragraph, not all


def test_options_cite_their_flag_definitions(built: Path) -> None:
    skill = (built / "age-cli/SKILL.md").read_text()
    assert "read from their flag definitions (`cmd/age/age.go:1`)" in skill
    reference = (built / "age-cli/references/age-options.md").read_text()
    assert "| `-d, --decrypt` |  | flag | decrypt the input | `cmd/age/age.go:119` |" in reference
    for package in sorted(p for p in built.iterdir() if (p / "SKILL.md").is_file()):
        assert validate(package) == [], package.name


COBRA_ROOT = """\
package cmd

import "github.com/spf13/cobra"

var rootCmd = &cobra.Command{
	Use:   "hugo",
	Short: "Hugo is a very fast static site generator",
}

func Execute() error { return rootCmd.Execute() }

func init() {
	rootCmd.PersistentFlags().StringVarP(&cfgFile, "config", "c", "", "config file")
	rootCmd.AddCommand(versionCmd)
	rootCmd.AddCommand(newServerCmd())
}

var versionCmd = &cobra.Command{
	Use:   "version",
	Short: "Print the version number of Hugo",
	Run:   func(cmd *cobra.Command, args []string) {},
}
"""
COBRA_SERVER = """\
package cmd

import "github.com/spf13/cobra"

func newServerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "server [flags]",
		Short: "A high performance webserver",
	}
	cmd.Flags().IntP("port", "p", 1313, "port on which the server will listen")
	cmd.Flags().Bool("watch", false, "watch filesystem for changes")
	return cmd
}
"""
MAIN = 'package main\n\nimport "example.com/hugo/cmd"\n\nfunc main() { cmd.Execute() }\n'


def test_cobra_commands_constructors_and_flags(tmp_path: Path) -> None:
    repo = tmp_path / "hugo"
    (repo / "cmd").mkdir(parents=True)
    (repo / "go.mod").write_text("module example.com/hugo\n\ngo 1.21\n")
    (repo / "main.go").write_text(MAIN)
    (repo / "cmd/root.go").write_text(COBRA_ROOT)
    (repo / "cmd/server.go").write_text(COBRA_SERVER)
    out = build(repo, tmp_path / "out")
    assert emitted_commands((out / "hugo-cli/SKILL.md").read_text()) == {
        "hugo": "Hugo is a very fast static site generator",
        "hugo version": "Print the version number of Hugo",
        "hugo server": "A high performance webserver",
    }
    reference = (out / "hugo-cli/references/hugo-options.md").read_text()
    options = emitted_options(reference)
    assert options["hugo"] == {frozenset({"-c", "--config"}): "config file"}
    assert options["hugo server"] == {
        frozenset({"-p", "--port"}): "port on which the server will listen",
        frozenset({"--watch"}): "watch filesystem for changes",
    }
    assert "| `-p, --port` | `1313` | int |" in reference
