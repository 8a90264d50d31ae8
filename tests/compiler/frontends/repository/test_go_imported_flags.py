"""Go programs whose ``flag`` definitions live in a package of the same module they import.

Modelled on Go's own ``cmd/asm`` (flags at package level in ``cmd/asm/internal/flags``) and
``cmd/link`` (flags in ``init`` and in ``ld.Main``, which ``main`` calls). A definer in a
function the program does not call, in a test file, or in a package of another module, is
not the program's. (On Go 1.19's ``src/cmd``, the large corpus, this gives ``asm`` 15
options, ``link`` 44 and ``vet`` its ``-V`` from ``objabi.AddVersionFlag``.)
"""

from __future__ import annotations

from pathlib import Path

from tests.compiler.frontends.repository.helpers import build, emitted_options

FILES = {
    "go.mod": "module example.com/tools\n\ngo 1.19\n",
    "asm/main.go": """package main

import (
\t"flag"
\t"fmt"

\t"example.com/tools/asm/internal/flags"
)

func main() {
\tflag.Parse()
\tfmt.Println(*flags.Output, flag.Args())
}
""",
    "asm/internal/flags/flags.go": """package flags

import "flag"

var (
\tDebug  = flag.Bool("debug", false, "dump instructions as they are parsed")
\tOutput = flag.String("o", "", "output `file`")
)

func init() {
\tflag.Var(&defines, "D", "predefined `symbol` with optional simple value -D=identifier=value")
}
""",
    "asm/internal/flags/flags_test.go": """package flags

import "flag"

var testOnly = flag.Bool("testonly", false, "a test's flag")
""",
    "link/main.go": """package main

import (
\tld "example.com/tools/link/internal/ld"
\t"github.com/other/module/cli"
)

func main() {
\tcli.Setup()
\tld.Main("amd64")
}
""",
    "link/internal/ld/main.go": """package ld

import "flag"

var flagOutfile = flag.String("o", "", "write output to `file`")

func Main(arch string) {
\tflag.BoolVar(&linkShared, "linkshared", false, "link against installed Go shared libraries")
\tflag.Parse()
}

func Other() {
\tflag.Bool("never", false, "defined by a function main does not call")
}
""",
}


def _built(tmp_path: Path) -> Path:
    repo = tmp_path / "tools"
    for name, text in FILES.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return build(repo, tmp_path / "out")


def test_flags_of_imported_packages_of_the_module(tmp_path: Path) -> None:
    out = _built(tmp_path)
    asm = emitted_options((out / "tools-asm-cli/references/asm-options.md").read_text())
    assert asm["asm"] == {
        frozenset({"--debug"}): "dump instructions as they are parsed",
        frozenset({"-o"}): "output file",
        frozenset({"-D"}): "predefined symbol with optional simple value -D=identifier=value",
    }
    reference = (out / "tools-asm-cli/references/asm-options.md").read_text()
    assert "`asm/internal/flags/flags.go:6`" in reference


def test_only_definers_the_program_reaches(tmp_path: Path) -> None:
    out = _built(tmp_path)
    link = emitted_options((out / "tools-link-cli/references/link-options.md").read_text())
    assert set(link["link"]) == {frozenset({"-o"}), frozenset({"--linkshared"})}
