"""The ``<project>-api`` skill of a Go module: its importable packages, their exported
identifiers (methods after their type), where each is defined and how many of the module's
packages import each. ``internal/`` packages and programs are not listed (they still import);
tests, test data and ``//go:build ignore`` files are not read."""

from __future__ import annotations

from pathlib import Path

import pytest
from skills_ref.validator import validate

from skillc.compiler.frontends.repository.code import Broken
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.go_api import go_api
from tests.compiler.frontends.repository.helpers import build, table_rows
from tests.compiler.frontends.repository.test_api_javascript import write

SHAPES = """\
package shapes

import "example.com/shapes/internal/calc"

// Shape is a shape.
type Shape interface {
	Area() float64
}

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return calc.Pi * c.R * c.R }

func (c *Circle) scale() {}

func NewCircle(r float64) *Circle { return &Circle{R: r} }

const Version, build = "1", 2

var Default = NewCircle(1)

type hidden struct{}

func (hidden) Visible() {}
"""
FILES = {
    "go.mod": "module example.com/shapes\n\ngo 1.21\n",
    "shapes.go": SHAPES,
    "more.go": (
        "package shapes\n\nfunc (c *Circle) Grow(by float64) {}\n\n"
        "type (\n\tUnit = float64\n\tSquare struct{}\n)\n"
    ),
    "doc.go": "// Package shapes measures shapes.\npackage shapes\n",
    "open_unix.go": "//go:build unix\n\npackage shapes\n\nfunc Open() {}\n",
    "open_windows.go": "//go:build windows\n\npackage shapes\n\nfunc Open() {}\n",
    "gen.go": "//go:build ignore\n\npackage main\n\nfunc Generated() {}\n",
    "shapes_test.go": "package shapes\n\nfunc TestArea() {}\n",
    "svg/svg.go": (
        'package svg\n\nimport "example.com/shapes"\n\n'
        'func Render(s shapes.Shape) string { return "" }\n'
    ),
    "internal/calc/calc.go": "package calc\n\nconst Pi = 3.14\n",
    "cmd/tool/main.go": (
        'package main\n\nimport (\n\t"example.com/shapes"\n\t"example.com/shapes/svg"\n)\n\n'
        "func main() { svg.Render(shapes.Default) }\n"
    ),
    "testdata/x/x.go": "package x\n\nfunc Hidden() {}\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write(tmp_path_factory.mktemp("go") / "shapes", FILES)
    return build(root, root.parent / "out")


def test_packages_names_and_where_they_are_defined(built: Path) -> None:
    text = (built / "shapes-api/references/names.md").read_text()
    chunks = {c.partition("`\n")[0]: c for c in text.split("\n## `")[1:]}
    assert sorted(chunks) == ["example.com/shapes", "example.com/shapes/svg"]  # no internal
    rows = [r for r in table_rows(chunks["example.com/shapes"])[1:]]
    listed = [(r[0].strip("`"), r[1], r[2].strip("`")) for r in rows]
    assert listed == [  # file order (more.go before shapes.go), methods after their type
        ("Unit", "type", "more.go:6"),
        ("Square", "struct", "more.go:7"),
        ("Open", "func", "open_unix.go:5"),  # once, as the first build-tag variant defines it
        ("Shape", "interface", "shapes.go:6"),
        ("Shape.Area", "method", "shapes.go:7"),  # an interface's methods after it
        ("Circle", "struct", "shapes.go:10"),
        ("Circle.Grow", "method", "more.go:3"),
        ("Circle.Area", "method", "shapes.go:12"),
        ("NewCircle", "func", "shapes.go:16"),
        ("Version", "const", "shapes.go:18"),
        ("Default", "var", "shapes.go:20"),
    ]
    svg = [r[0].strip("`") for r in table_rows(chunks["example.com/shapes/svg"])[1:]]
    assert svg == ["Render"]


def test_import_counts_and_order(built: Path) -> None:
    rows = table_rows((built / "shapes-api/references/api.md").read_text())
    assert rows[0] == ["Package", "Defines", "Imported by", "Defined at"]
    # shapes: svg and cmd/tool (a program imports too); svg: cmd/tool; the root first.
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("`example.com/shapes`", "2", "`doc.go:2`"),  # the package's doc file
        ("`example.com/shapes/svg`", "1", "`svg/svg.go:1`"),
    ]
    assert "# Go API of shapes" in (built / "shapes-api/SKILL.md").read_text()
    assert validate(built / "shapes-api") == []


def test_a_file_that_does_not_parse_keeps_what_parses() -> None:
    files = {"go.mod": "module m\n", "a.go": "package m\n\nfunc Good() {}\n\nfunc ( {\n"}
    broken: Broken = {}
    [package] = go_api(Bundle(prefix="", files=files), broken)
    assert [n.name for n in package.names] == ["Good"]
    assert "a.go" in broken
