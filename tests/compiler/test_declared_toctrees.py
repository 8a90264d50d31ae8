"""The toctrees of a build's pages found where each page is read (`tasks.read_declaring`), so
the parent does not read and parse the pages again to place them (`toctree_trails`).

Inputs: a small Sphinx tree and an HTML contents page written to a temporary folder, read by
the real frontends, serially and by a pool of two workers, with and without the build cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest

from skillc.compiler import driver
from skillc.compiler.cache import Store
from skillc.compiler.cache.results import SourceResults
from skillc.compiler.frontends.guide.textutil import Targets
from skillc.compiler.frontends.html import longdesc
from skillc.compiler.input_pages import PageTexts
from skillc.compiler.inputs import collect
from skillc.compiler.tasks import read_declaring
from skillc.ir.nodes import Source

INDEX = """\
Demo
====

.. toctree::
   :caption: Guide

   install
   usage/index
"""
CONTENTS = """<html><body><h1>Docs</h1><ul>
<li>Overview<ul><li><a href="a.html">A</a></li><li><a href="b.html">B</a></li>
  <li><a href="c.html">C</a></li><li><a href="d.html">D</a></li></ul></li>
<li>Programming<ul><li><a href="e.html">E</a></li><li><a href="f.html">F</a></li>
  <li><a href="g.html">G</a></li></ul></li>
<li>Tools<ul><li><a href="h.html">H</a></li><li><a href="i.html">I</a></li>
  <li><a href="j.html">J</a></li></ul></li>
</ul></body></html>"""


LETTERS = "abcdefghij"


def _page(title: str) -> str:
    return f"{title}\n{'=' * len(title)}\n\nAbout {title.lower()}.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    files = {
        "index.rst": INDEX,
        "install.rst": _page("Install"),
        "usage/index.rst": _page("Usage") + "\n.. toctree::\n\n   run\n",
        "usage/run.rst": _page("Run"),
        "docs.html": CONTENTS,
        **{f"{n}.html": f"<html><body><h1>{n}</h1><p>Page {n}.</p></body></html>" for n in LETTERS},
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class _Asked(PageTexts):
    """`PageTexts` that notes the pages the parent reads again."""

    asked: ClassVar[list[str]] = []

    def __getitem__(self, source_id: str) -> tuple[str, str]:
        _Asked.asked.append(source_id)
        return super().__getitem__(source_id)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages `toctree_trails` reads again (`longdesc_titled`'s reads of trail parents
    left out: it is not run)."""
    monkeypatch.setattr(driver, "PageTexts", _Asked)
    monkeypatch.setattr(longdesc, "longdesc_titled", lambda skills, *_: list(skills))
    _Asked.asked = []
    return _Asked.asked


def _read(root: Path, jobs: int, cache: SourceResults | None = None) -> dict[str, Source]:
    module, _ = driver.read_sources(collect([str(root)]), jobs=jobs, cache=cache)
    return {s.id: s for s in module.sources}


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_placed_without_being_read_again(tree: Path, jobs: int, asked: list[str]) -> None:
    sources = _read(tree, jobs)
    assert sources["usage/run.rst"].trail == ("index.rst#Guide", "usage/index.rst")
    assert sources["e.html"].trail == ("docs.html#Programming",)
    assert sources["j.html"].trail_titles == ("Tools",)
    # only the chapter pages the contents page lists are read again (`hub_toctree`)
    assert set(asked) <= {f"{n}.html" for n in LETTERS}


def test_pages_from_the_cache_are_placed_without_being_read_again(
    tree: Path, tmp_path: Path, asked: list[str]
) -> None:
    fresh = _read(tree, 2, SourceResults(Store(tmp_path / "cache")))
    assert "index.rst" not in asked
    cached = _read(tree, 2, SourceResults(Store(tmp_path / "cache")))
    assert cached == fresh
    # their toctrees were kept beside their results (`cache.toctrees`)
    assert not {"index.rst", "usage/index.rst", "docs.html"} & set(asked)


def test_a_page_added_finds_the_cached_pages_toctrees_again(
    tree: Path, tmp_path: Path, asked: list[str]
) -> None:
    """The toctrees depend on the build's other pages (an HTML contents list is read against
    them), which a page's result key does not name: a new page finds them all again."""
    _read(tree, 1, SourceResults(Store(tmp_path / "cache")))
    (tree / "k.html").write_text("<html><body><h1>k</h1><p>Page k.</p></body></html>", "utf-8")
    contents = CONTENTS.replace(
        '<li><a href="j.html">J</a></li>',
        '<li><a href="j.html">J</a></li><li><a href="k.html">K</a></li>',
    )
    (tree / "docs.html").write_text(contents, "utf-8")
    asked.clear()
    cached = _read(tree, 1, SourceResults(Store(tmp_path / "cache")))
    assert {"index.rst", "usage/index.rst"} <= set(asked)
    assert cached["k.html"].trail == ("docs.html#Tools",)
    assert cached == _read(tree, 1)


def test_a_page_with_breadcrumbs_declares_nothing(tmp_path: Path) -> None:
    crumbs = Path(__file__).parent / "frontends/html_cases/rtd_breadcrumbs.html"
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide/writing.html").write_bytes(crumbs.read_bytes())
    (tmp_path / "index.html").write_text(CONTENTS, "utf-8")
    files = {f.id: f for f in collect([str(tmp_path)])}
    ids = frozenset(files)
    (_, result), declared = read_declaring(files["guide/writing.html"], Targets(), ids)
    assert result is not None and result.trail and declared is None
    (_, result), declared = read_declaring(files["index.html"], Targets(), ids)
    assert result is not None and not result.trail
    assert declared == ("html", [])  # no contents list of this build's pages
    assert read_declaring(files["index.html"], Targets(), None)[1] is None


def test_a_failure_to_find_them_is_left_to_the_parent(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillc.compiler import toctree_trails

    def broken(*_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(toctree_trails, "declared_toctrees", broken)
    files = {f.id: f for f in collect([str(tree)])}
    outcome, declared = read_declaring(files["index.rst"], Targets(), frozenset(files))
    assert declared is None and outcome[1] is not None and outcome[1].skills
    with pytest.raises(RuntimeError, match="boom"):  # as it did before: the build's error
        _read(tree, 1)
