"""SK037 for Go, Rust, JavaScript, TypeScript and shell programs tree-sitter cannot fully
parse: a warning naming the file and the line of the first error, never fatal, and the
options written around the error still listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc

GO = """\
package main

import "flag"

var verbose = flag.Bool("verbose", false, "say more")

func main() {
	flag.Parse()
	if x := ; {
	}
}
"""
RUST = """\
use clap::Parser;

/// Count things
#[derive(Parser)]
struct Cli {
    /// say more
    #[arg(long)]
    verbose: bool,
}

fn main() {
    let cli = Cli::parse(;
}
"""
JS = """\
#!/usr/bin/env node
const { program } = require('commander');
program.name('tool').option('--verbose', 'say more');
program.parse(;
"""
SHELL = """\
#!/usr/bin/env bash
while getopts "v" opt; do
  case "$opt" in
    v) verbose=1 ;;
  esac
done
if then fi )
"""
PACKAGE = '{"name": "tool", "version": "1.0.0", "bin": {"tool": "%s"}}'
CASES = {
    "go": (
        {"go.mod": "module example.com/tool\n\ngo 1.21\n", "cmd/tool/main.go": GO},
        "cmd/tool/main.go",
        9,
    ),
    "rust": (
        {"Cargo.toml": '[package]\nname = "tool"\nversion = "0.1.0"\n', "src/main.rs": RUST},
        "src/main.rs",
        12,
    ),
    "javascript": (
        {"package.json": PACKAGE % "bin/tool.js", "bin/tool.js": JS},
        "bin/tool.js",
        4,
    ),
    "typescript": (
        {"package.json": PACKAGE % "src/tool.ts", "src/tool.ts": JS.replace("const", "let")},
        "src/tool.ts",
        4,
    ),
    "shell": (
        {"package.json": PACKAGE % "bin/tool", "bin/tool": SHELL},
        "bin/tool",
        7,
    ),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_syntax_error_is_noted_with_file_and_line_and_the_rest_is_read(
    tmp_path: Path, language: str
) -> None:
    files, broken, line = CASES[language]
    repo = tmp_path / "tool"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    out = tmp_path / "out"
    result = run_skillc("build", str(repo), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    notes = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "SK037"]
    assert [(d["filename"], d["location"]["row"]) for d in notes] == [(broken, line)]
    assert "syntax error(s) in " + broken in notes[0]["message"]
    assert "--verbose" in (out / "tool-cli/references/tool-options.md").read_text() or (
        "-v" in (out / "tool-cli/references/tool-options.md").read_text()
    )
