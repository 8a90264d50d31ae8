"""JavaScript programs that test each argument in ``if`` conditions (npm's ``he``).

The truth for he is its own code and man page, read here with regular expressions (not
tree-sitter): every ``string == '--x'`` test and ``/^(?:-h|--help...)$/`` match in
``bin/he`` is an option, and each ``.It Sy "..."`` item of the mdoc man page ``man/he.1``
(``directories.man`` of its ``package.json``) is the help of the last option it names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_options, folded

HE = ROOT / "corpora/repos/he/src/he-1.2.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(HE, tmp_path_factory.mktemp("he") / "out")


@pytest.fixture(scope="module")
def options(built: Path) -> dict[frozenset[str], str]:
    return emitted_options((built / "he-cli/references/he-options.md").read_text())["he"]


def test_every_option_the_program_tests_for_is_listed(options: dict) -> None:
    code = (HE / "bin/he").read_text()
    tested = {frozenset({name}) for name in re.findall(r"string == '(--?[\w-]+)'", code)}
    for alternatives in re.findall(r"/\^\(\?:([^)]*)\)\$/\.test", code):
        tested.add(frozenset(w for w in alternatives.split("|") if w.startswith("-")))
    assert len(tested) >= 10
    assert set(options) == tested


def test_help_comes_from_the_mdoc_man_page(options: dict) -> None:
    manual = (HE / "man/he.1").read_text().split("\n")
    items = [(n, row) for n, row in enumerate(manual) if row.startswith('.It Sy "-')]
    assert len(items) >= 10
    by_name = {name: text for key, text in options.items() for name in key}
    for n, row in items:
        last = re.findall(r"--?[\w-]+", row)[-1]
        assert folded(by_name[last]) == folded(manual[n + 1]), last


def test_readme_examples_are_accepted_and_the_package_is_valid(built: Path) -> None:
    skill = (built / "he-cli/SKILL.md").read_text()
    assert "he --encode --use-named-refs 'föo ♥ bår 𝌆 baz'" in skill
    assert "argv tests definitions (`bin/he:1`)" in skill
    assert validate(built / "he-cli") == []


PROGRAM = """#!/usr/bin/env node
const args = process.argv.slice(2);
let output = null;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '-o' || arg === '--output') {
    output = args[++i];
  } else if (arg == '--quiet') {
    quiet = true;
  } else if (arg === 'help' || arg.startsWith('--')) {
    usage();
  }
}
"""
LIBRARY = """export function kind(token) {
  if (token == '--') return 'end';
  if (token == '--x') return 'long';
  if (token === '-y') return 'short';
}
"""


def _repo(tmp_path: Path, program: str) -> Path:
    repo = tmp_path / "tool"
    (repo / "bin").mkdir(parents=True)
    (repo / "package.json").write_text('{"name": "t", "bin": {"t": "bin/t.js"}}')
    (repo / "bin/t.js").write_text(program)
    return build(repo, tmp_path / "out")


def test_value_options_and_names_joined_by_or(tmp_path: Path) -> None:
    out = _repo(tmp_path, PROGRAM)
    reference = (out / "t-cli/references/t-options.md").read_text()
    assert set(emitted_options(reference)["t"]) == {
        frozenset({"-o", "--output"}),
        frozenset({"--quiet"}),
    }
    assert "| `-o, --output` |  | value |  | `bin/t.js:6` |" in reference


def test_a_file_that_does_not_read_process_argv_is_no_command_line(tmp_path: Path) -> None:
    out = _repo(tmp_path, LIBRARY)
    assert not (out / "t-cli").exists()


def test_description_says_what_the_tool_does_and_names_its_options(built: Path) -> None:
    """A router sees only the description: it carries the program's own summary (its
    package.json/man page help) and, for a tool without subcommands, its long options."""
    front = (built / "he-cli/SKILL.md").read_text().split("---")[1]
    description = re.search(r'description: "(.*)"', front)
    assert description is not None
    text = description.group(1).replace("\\u002d", "-")
    assert "a robust HTML entities encoder/decoder" in text
    code = (HE / "bin/he").read_text()
    named = set(re.findall(r"he (--[\w-]+)", text))
    assert len(named) >= 3
    assert named <= set(re.findall(r"'(--[\w-]+)'", code))
    assert "--help" not in named
