"""gh-pages' npm tarball built as a repository: its commander command line and npm scripts.

The truth is the package's own readme: every ``options.<name>`` it documents for the API is
also a command-line option (``beforeAdd`` -> ``--before-add``; ``push: false`` ->
``--no-push``), and the option definitions in ``bin/gh-pages.js``. A yargs program and
commander subcommands on variables are checked on small fixtures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_commands, emitted_options

GH_PAGES = ROOT / "corpora/repos/gh-pages/src/gh-pages-6.3.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(GH_PAGES, tmp_path_factory.mktemp("js") / "out")


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name).lower()


def test_every_option_the_readme_documents_is_listed(built: Path) -> None:
    readme = (GH_PAGES / "readme.md").read_text()
    documented = set(re.findall(r"^#### <a id=\"\w+\">options\.(\w+)</a>", readme, re.M))
    assert len(documented) >= 15
    options = emitted_options((built / "gh-pages-cli/references/gh-pages-options.md").read_text())
    names = {n for key in options["gh-pages"] for n in key}
    for name in documented:
        flag = f"--{_kebab(name)}"
        assert flag in names or f"--no-{_kebab(name)}" in names, name


def test_options_match_the_commander_definitions(built: Path) -> None:
    source = (GH_PAGES / "bin/gh-pages.js").read_text()
    defined = re.findall(r"\.(?:required)?[oO]ption\(\s*'([^']+)'", source)
    reference = (built / "gh-pages-cli/references/gh-pages-options.md").read_text()
    options = emitted_options(reference)["gh-pages"]
    assert len(options) == len(defined) == 20
    for flags in defined:
        names = frozenset(re.findall(r"--?[\w-]+", flags.split("<")[0]))
        assert names in options, flags
    assert "| `-d, --dist` (required) |  | `<dist>` | Base directory for all source files |" in (
        reference
    )
    assert "`bin/gh-pages.js:25`" in reference


def test_the_program_and_its_description(built: Path) -> None:
    skill = (built / "gh-pages-cli/SKILL.md").read_text()
    assert emitted_commands(skill) == {
        "gh-pages": "Publish to a gh-pages branch on GitHub (or any other branch on any other "
        "remote)"
    }
    assert "`gh-pages` is a program gh-pages installs (`package.json:" in skill


def test_npm_scripts_are_task_runner_procedures(built: Path) -> None:
    skill = (built / "gh-pages-build-and-test/SKILL.md").read_text()
    assert "```sh\nnpm test\n```" in skill
    # its pretest hook (``npm run lint``) runs first, as npm runs it
    assert (
        "`npm test` runs `pretest` (`package.json:26`), then `test` (`package.json:27`):"
        "\n\n```sh\nnpm run lint\nmocha --recursive test\n```" in skill
    )
    assert "eslint lib test bin plugin.js" in skill


def test_packages_pass_the_reference_validator(built: Path) -> None:
    packages = sorted(p for p in built.iterdir() if (p / "SKILL.md").is_file())
    assert {p.name for p in packages} >= {"gh-pages-cli", "gh-pages-build-and-test"}
    for package in packages:
        assert validate(package) == [], package.name


YARGS = """\
#!/usr/bin/env node
const yargs = require('yargs/yargs')
const { hideBin } = require('yargs/helpers')
yargs(hideBin(process.argv))
  .command('serve [port]', 'start the server', (yargs) => {
    return yargs.positional('port', { describe: 'port to bind on', default: 5000 })
  }, (argv) => {})
  .option('verbose', { alias: 'v', type: 'boolean', description: 'Run with verbose logging' })
  .options({ color: { choices: ['auto', 'never'], describe: 'when to colour' } })
  .parse()
"""
COMMANDER_TS = """\
import { Command } from 'commander';
const program = new Command();
program.name('tool').description('Does tool things');
const build = program.command('build').description('Build the site');
build.option('-o, --out <dir>', 'where to write', 'dist');
program.command('clean').description(`Remove ` + 'output').option('--all', 'everything');
program.parse();
"""


def _fixture(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "tool"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return build(repo, tmp_path / "out")


def test_yargs_builders_give_their_command_its_options(tmp_path: Path) -> None:
    package = '{"name": "ytool", "bin": {"ytool": "./cli.js"}}'
    out = _fixture(tmp_path, {"package.json": package, "cli.js": YARGS})
    options = emitted_options((out / "ytool-cli/references/ytool-options.md").read_text())
    assert options["ytool"] == {
        frozenset({"-v", "--verbose"}): "Run with verbose logging",
        frozenset({"--color"}): "when to colour",
    }
    reference = (out / "ytool-cli/references/ytool-options.md").read_text()
    assert "| `port` (argument) | `5000` |  | port to bind on | `cli.js:6` |" in reference
    assert "`auto`, `never`" in reference


@pytest.mark.parametrize("spec", ["./", ".", "./index", "./index.js"])
def test_a_bin_that_runs_its_folders_index_module(tmp_path: Path, spec: str) -> None:
    """json-server's ``lib/cli/bin.js`` is ``require('./')()``: the yargs definition is in
    the folder's ``index.js``, which every spelling of that import names."""
    package = '{"name": "ytool", "bin": "./lib/cli/bin.js"}'
    runner = f"#!/usr/bin/env node\nrequire('{spec}')()\n"
    files = {"package.json": package, "lib/cli/bin.js": runner, "lib/cli/index.js": YARGS}
    out = _fixture(tmp_path, files)
    options = emitted_options((out / "ytool-cli/references/ytool-options.md").read_text())
    assert frozenset({"-v", "--verbose"}) in options["ytool"]


YARGS_KEYS = """\
#!/usr/bin/env node
const yargs = require('yargs')
  .usage('Usage: $0 [-e eyes] [-bd] text')
  .options({
    e: { default: 'oo' },
    W: { default: 40, type: 'number' },
  })
  .describe({
    b: 'Mode: Borg',
    d: 'Mode: Dead',
    e: "Select the appearance of the cow's eyes.",
    W: 'Where the message is wrapped.',
    h: 'Display this help message',
  })
  .describe('l', 'List all cowfiles.')
  .boolean(['b', 'd', 'h', 'l'])
  .help()
  .alias('h', 'help');
"""


def test_yargs_options_configured_key_by_key(tmp_path: Path) -> None:
    """cowsay 1.6's shape: ``.options`` gives defaults, ``.describe`` the help of every key
    (some named nowhere else), ``.boolean`` the switches, ``.alias`` the long names."""
    package = '{"name": "cow", "bin": {"cow": "./cli.js"}}'
    out = _fixture(tmp_path, {"package.json": package, "cli.js": YARGS_KEYS})
    reference = (out / "cow-cli/references/cow-options.md").read_text()
    options = emitted_options(reference)["cow"]
    described = dict(re.findall(r"^\s+(\w): ['\"](.*)['\"],?$", YARGS_KEYS, re.MULTILINE))
    described["l"] = "List all cowfiles."
    expected = {frozenset({f"-{key}"}): text for key, text in described.items()}
    expected[frozenset({"-h", "--help"})] = expected.pop(frozenset({"-h"}))
    assert options == expected
    assert "| `-W` | `40` | number | Where the message is wrapped. | `cli.js:6` |" in reference
    assert "| `-b` |  | boolean | Mode: Borg | `cli.js:9` |" in reference  # where described


def test_commander_subcommands_on_variables_in_typescript(tmp_path: Path) -> None:
    package = '{"name": "tool", "bin": "bin/tool.ts"}'
    out = _fixture(tmp_path, {"package.json": package, "bin/tool.ts": COMMANDER_TS})
    commands = emitted_commands((out / "tool-cli/SKILL.md").read_text())
    assert commands == {
        "tool": "Does tool things",
        "tool build": "Build the site",
        "tool clean": "Remove output",
    }
    options = emitted_options((out / "tool-cli/references/tool-options.md").read_text())
    assert options["tool build"] == {frozenset({"-o", "--out"}): "where to write"}
    assert options["tool clean"] == {frozenset({"--all"}): "everything"}


MINIMIST = """\
#!/usr/bin/env node
var argv = require('minimist')(process.argv.slice(2));
if (argv.h || argv.help) {
  console.log([
    'usage: serve-dir [path] [options]',
    '',
    '  -p --port    Port to use [8080]',
    '  -o [path]    Open browser window after starting the server.',
    '  --cors[=headers]   Enable CORS via the Access-Control-Allow-Origin header',
  ].join('\\n'));
}
var timeout = argv.t || -1;
"""


def test_a_program_without_an_option_library_lists_its_usage_text(tmp_path: Path) -> None:
    package = '{"name": "serve-dir", "description": "Serves a folder", "bin": "bin/serve.js"}'
    out = _fixture(tmp_path, {"package.json": package, "bin/serve.js": MINIMIST})
    reference = (out / "serve-dir-cli/references/serve-dir-options.md").read_text()
    assert emitted_options(reference)["serve-dir"] == {
        frozenset({"-p", "--port"}): "Port to use [8080]",
        frozenset({"-o"}): "Open browser window after starting the server.",
        frozenset({"--cors"}): "Enable CORS via the Access-Control-Allow-Origin header",
    }
    assert "| `-p, --port` |  |  | Port to use [8080] | `bin/serve.js:7` |" in reference
    assert "| `-o` |  | [path] |" in reference
    skill = (out / "serve-dir-cli/SKILL.md").read_text()
    assert "read from their usage text definitions" in skill


ARG = """\
import parseArgv from "arg";
const helpText = `
  ${chalk.bold("OPTIONS")}
    -h, --help        Shows this help message
    -l, --listen      Specify a URI endpoint on which to listen
    --ssl-cert        Optional path to an SSL/TLS certificate
`;
const options = {
  "--help": Boolean,
  "--listen": [parseEndpoint],
  "--ssl-cert": String,
  "-h": "--help",
  "-l": "--listen",
};
const args = parseArgv(options);
"""


def test_an_arg_spec_in_build_output_named_by_bin(tmp_path: Path) -> None:
    package = '{"name": "srv", "description": "Serves files", "bin": {"srv": "./build/main.js"}}'
    out = _fixture(tmp_path, {"package.json": package, "build/main.js": ARG})
    reference = (out / "srv-cli/references/srv-options.md").read_text()
    assert emitted_options(reference)["srv"] == {
        frozenset({"-h", "--help"}): "Shows this help message",
        frozenset({"-l", "--listen"}): "Specify a URI endpoint on which to listen",
        frozenset({"--ssl-cert"}): "Optional path to an SSL/TLS certificate",
    }
    assert "| `--ssl-cert` |  | string |" in reference and "`build/main.js:11`" in reference
    assert "read from their arg definitions" in (out / "srv-cli/SKILL.md").read_text()
