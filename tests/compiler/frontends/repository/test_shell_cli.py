"""bats' npm tarball built as a repository: a shell program's options from its ``case``
parsing, with help from its own usage text.

The truth is bats' man page source in the package (``man/bats.1.ronn``): every option it
documents is listed, with the value name it documents. bats installs ``bin/bats`` (npm's
``directories.bin``), a stub that runs ``libexec/bats-core/bats``, where the parsing is; the
other ``libexec`` helpers are not programs of their own. getopts is checked on a fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_options, table_rows

BATS = ROOT / "corpora/repos/bats/src/bats-1.13.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(BATS, tmp_path_factory.mktemp("sh") / "out")


def man_options() -> dict[frozenset[str], str]:
    """Option names -> documented value name, from the man page's option list."""
    ronn = (BATS / "man/bats.1.ronn").read_text()
    found = {}
    for row in re.findall(r"^  \* (`-.*?)(?::|$)", ronn, re.M):
        words = re.findall(r"`([^`]+)`", row)
        names = frozenset(w.split(" ")[0] for w in words)
        value = next((w.split(" ", 1)[1] for w in words if " " in w), "")
        found[names] = value
    return found


def test_every_option_the_man_page_documents_is_listed(built: Path) -> None:
    reference = (built / "bats-cli/references/bats-options.md").read_text()
    options = emitted_options(reference)["bats"]
    documented = man_options()
    assert len(documented) >= 24
    assert set(documented) <= set(options)
    kinds = {frozenset(re.findall(r"--?[\w-]+", r[0])): r[2] for r in table_rows(reference)}
    for names, value in documented.items():
        if value:
            assert kinds[names] == f"`{value}`", names
    expected = "Only run tests that match the regular expression"
    assert options[frozenset({"-f", "--filter"})] == expected


def test_the_installed_program_and_not_the_helpers(built: Path) -> None:
    names = {p.name for p in built.iterdir() if (p / "SKILL.md").is_file()}
    assert "bats-cli" in names
    assert not any("exec" in n or "format" in n for n in names)
    skill = (built / "bats-cli/SKILL.md").read_text()
    assert "read from their shell definitions (`libexec/bats-core/bats:1`)" in skill
    assert "| `bats` | Bash Automated Testing System |" in skill
    for package in sorted(p for p in built.iterdir() if (p / "SKILL.md").is_file()):
        assert validate(package) == [], package.name


GETOPTS = """\
#!/bin/sh
# Rotate the logs of a service.
usage() {
  echo "usage: rotate [-v] [-n COUNT] FILE"
  echo "  -n COUNT   how many old logs to keep"
}
while getopts "vn:" opt; do
  case $opt in
    v) verbose=1 ;;
    n) keep=$OPTARG ;;
    *) usage; exit 2 ;;
  esac
done
"""


def test_getopts_letters_and_their_values(tmp_path: Path) -> None:
    repo = tmp_path / "logtools"
    (repo / "bin").mkdir(parents=True)
    (repo / "setup.cfg").write_text("[metadata]\nname = logtools\n")
    (repo / "bin/rotate").write_text(GETOPTS)
    out = build(repo, tmp_path / "out")
    reference = (out / "logtools-rotate-cli/references/rotate-options.md").read_text()
    assert emitted_options(reference)["rotate"] == {
        frozenset({"-v"}): "",
        frozenset({"-n"}): "how many old logs to keep",
    }
    assert "| `-n` |  | COUNT | how many old logs to keep | `bin/rotate:7` |" in reference
    assert "| `-v` |  | flag |  | `bin/rotate:7` |" in reference
    skill = (out / "logtools-rotate-cli/SKILL.md").read_text()
    assert "Rotate the logs of a service." in skill
