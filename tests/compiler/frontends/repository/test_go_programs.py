"""Which ``package main`` folders of a Go module are its programs: not a generator excluded
from every build (``//go:build ignore``, as beside Go's own packages), not a ``testdata`` or
``internal`` tool; a real ``cmd/`` program is."""

from __future__ import annotations

from pathlib import Path

from tests.compiler.frontends.repository.helpers import build

PROGRAM = """\
package main

import "flag"

var n = flag.Int("n", 1, "how many")

func main() { flag.Parse() }
"""
GENERATOR = "//go:build ignore\n\n" + PROGRAM
LIBRARY = "package sortx\n\n// Sort sorts.\nfunc Sort() {}\n"


def test_only_built_programs_outside_testdata_and_internal(tmp_path: Path) -> None:
    repo = tmp_path / "mod"
    files = {
        "go.mod": "module example.com/mod\n\ngo 1.21\n",
        "cmd/tool/main.go": PROGRAM,
        "sortx/sort.go": LIBRARY,
        "sortx/gen.go": GENERATOR,
        "sortx/testdata/prog/main.go": PROGRAM,
        "internal/release/main.go": PROGRAM,
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    out = build(repo, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir() if p.name.endswith("-cli")) == ["mod-tool-cli"]
    reference = (out / "mod-tool-cli/references/tool-options.md").read_text()
    assert "| `-n` | `1` | int | how many | `cmd/tool/main.go:5` |" in reference
