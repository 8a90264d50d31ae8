"""The ``<project>-api`` skill of a Rust library crate: the root and its ``pub mod``s, the
``pub`` items of each, ``pub use`` re-exports followed to their definitions, exported
macros at the root, inherent methods after their type, and how many of the crate's modules
``use`` each. ``pub(crate)``, ``#[doc(hidden)]`` and ``#[cfg(test)]`` are not API."""

from __future__ import annotations

from pathlib import Path

import pytest
from skills_ref.validator import validate

from skillc.compiler.frontends.repository.code import Broken
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.rust_api import rust_api
from tests.compiler.frontends.repository.helpers import build, table_rows
from tests.compiler.frontends.repository.test_api_javascript import write

LIB = """\
//! Tiny shapes.
#[macro_use]
mod macros;
mod error;
pub mod shapes;
pub(crate) mod util;

pub use crate::error::{Error, Result as ShapeResult};
pub use shapes::Circle;
pub use std::fmt::Display;

pub fn area(c: &Circle) -> f64 { c.r * c.r }
pub(crate) fn internal() {}
#[doc(hidden)]
pub fn __private() {}

#[cfg(test)]
mod tests {
    use super::*;
}
"""
FILES = {
    "Cargo.toml": '[package]\nname = "tiny-shapes"\nversion = "0.1.0"\nedition = "2021"\n',
    "src/lib.rs": LIB,
    "src/macros.rs": """\
#[macro_export]
macro_rules! circle {
    ($r:expr) => { $crate::shapes::Circle { r: $r } };
}
#[macro_export]
#[doc(hidden)]
macro_rules! __hidden { () => {} }
""",
    "src/error.rs": """\
use crate::shapes::Circle;
#[derive(Debug)]
pub struct Error;
pub type Result<T> = std::result::Result<T, Error>;
impl Error {
    pub fn new() -> Self { Error }
    fn private(&self) {}
    pub const CODE: u8 = 1;
}
""",
    "src/shapes/mod.rs": """\
pub struct Circle { pub r: f64 }
pub enum Kind { Round }
pub trait Area { fn area(&self) -> f64; }
pub const ZERO: f64 = 0.0;
pub mod square;
pub(super) fn near() {}
""",
    "src/shapes/square.rs": "use super::Kind;\npub struct Square;\n",
    "src/util.rs": "use crate::shapes::Kind;\npub fn helper() {}\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write(tmp_path_factory.mktemp("rust") / "tiny-shapes", FILES)
    return build(root, root.parent / "out")


def listed(built: Path) -> dict[str, list[tuple[str, str, str]]]:
    text = (built / "tiny-shapes-api/references/names.md").read_text()
    found = {}
    for chunk in text.split("\n## `")[1:]:
        title, _, body = chunk.partition("`\n")
        found[title] = [(r[0].strip("`"), r[1], r[2].strip("`")) for r in table_rows(body)[1:]]
    return found


def test_public_items_re_exports_and_where_they_are_defined(built: Path) -> None:
    modules = listed(built)
    assert list(modules) == ["tiny_shapes", "tiny_shapes::shapes", "tiny_shapes::shapes::square"]
    assert modules["tiny_shapes"] == [
        ("circle!", "macro", "src/macros.rs:2"),
        ("Error", "struct", "src/error.rs:3"),
        ("Error::new", "method", "src/error.rs:6"),
        ("Error::CODE", "const", "src/error.rs:8"),
        ("ShapeResult", "type", "src/error.rs:4"),
        ("Circle", "struct", "src/shapes/mod.rs:1"),
        ("Display", "re-export of std::fmt::Display", "src/lib.rs:10"),
        ("area", "fn", "src/lib.rs:12"),
    ]
    assert [n for n, _, _ in modules["tiny_shapes::shapes"]] == [
        "Circle", "Kind", "Area", "Area::area", "ZERO",  # a trait's methods after it
    ]  # fmt: skip
    assert modules["tiny_shapes::shapes::square"] == [
        ("Square", "struct", "src/shapes/square.rs:2")
    ]


def test_use_counts_and_order(built: Path) -> None:
    rows = table_rows((built / "tiny-shapes-api/references/api.md").read_text())
    # shapes: the root's ``pub use``, error, util (pub(crate): still the crate's) and square.
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("`tiny_shapes`", "0"),
        ("`tiny_shapes::shapes`", "4"),
        ("`tiny_shapes::shapes::square`", "0"),
    ]
    # a row shows types and functions; members (Error::new, Error::CODE) are in names.md
    assert rows[1][1] == "`circle!`, `Error`, `ShapeResult`, `Circle`, `Display`, `area` and 2 more"
    skill = (built / "tiny-shapes-api/SKILL.md").read_text()
    assert "# Rust API of tiny-shapes" in skill
    description = skill.split("\n")[2]
    assert description.startswith("description:") and "Error::CODE" not in description
    assert validate(built / "tiny-shapes-api") == []


def test_a_module_that_does_not_parse_keeps_what_parses() -> None:
    files = {
        "Cargo.toml": '[package]\nname = "rough"\n',
        "src/lib.rs": "pub mod a;\n",
        "src/a.rs": "pub fn good() {}\npub fn (\npub struct Later;\n",
    }
    broken: Broken = {}
    modules = rust_api(Bundle(prefix="", files=files), broken)
    assert "good" in [n.name for m in modules for n in m.names]
    assert "src/a.rs" in broken


def test_inline_modules_path_attributes_and_globs() -> None:
    """``pub mod m { ... }`` in the file, ``#[path = "..."]`` naming another file, and a
    ``pub use m::*`` re-exporting every public name of ``m`` (a private module)."""
    files = {
        "Cargo.toml": '[package]\nname = "shapes"\n[lib]\npath = "lib/root.rs"\n',
        "lib/root.rs": (
            "pub mod inline {\n    pub struct Inner;\n}\n"
            '#[path = "gen/kinds.rs"]\npub mod kinds;\n'
            "mod prelude;\npub use prelude::*;\n"
        ),
        "lib/gen/kinds.rs": "pub enum Kind { A }\n",
        "lib/prelude.rs": "pub fn open() {}\nfn closed() {}\n",
    }
    modules = {m.name: m for m in rust_api(Bundle(prefix="", files=files), {})}
    assert sorted(modules) == ["shapes", "shapes::inline", "shapes::kinds"]
    where = {m: [(n.name, n.span.source, n.span.line) for n in modules[m].names] for m in modules}
    assert where["shapes::inline"] == [("Inner", "lib/root.rs", 2)]
    assert where["shapes::kinds"] == [("Kind", "lib/gen/kinds.rs", 1)]
    assert where["shapes"] == [("open", "lib/prelude.rs", 1)]
