"""Issue 11's routing must-hold, on every demo guide library built as `skillc build` builds it.

For each corpus: the router of tools/bench_routing.py (BM25 over every skill's name and
description) finds the skill holding a section within its first three answers for at least
90% of the sections, the median tokens an agent reads to reach a section stay under 3,000,
and no section is lost: every heading of every page the build kept is a heading of an
emitted file. Built at the level the demo uses (``group = "chapter"``) and at the default
(``auto``: python-doc's chapters folded into parts while over the listing budget). These are
properties of the output, not timings; the builds are slow (python's
530 pages), hence the ``slow`` mark.

The same builds are linted for SC105 (similar-descriptions): no two skills of a library whose
names and descriptions a lexical router would confuse. Each corpus is built once per level for
both tests.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillc.cli import main
from skillc.compiler.driver import BuildOptions, compile_module, read_sources, render_package_files
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Heading
from skillc.ir.vocab import Placement
from skillc.lint.codes import RULES
from skillc.package.reader import read_package
from tests.tools.test_bench_routing import ROOT, load_tool

TOOL = load_tool()
#: The grouping levels: the demo's (skillc.toml's outputs say chapter) and the default.
LEVELS = ("chapter", "auto")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[`*\\]")


def _plain(heading: str) -> str:
    """A heading as words: links as their text, then emphasis, code and escapes dropped (a
    link's text is markup too: ``[`email`](email.html)`` reads "email")."""
    return " ".join(_MARKUP.sub("", _LINK.sub(r"\1", heading)).split()).casefold()


def _build(source: Path, prefix: str, out: Path, level: str) -> set[str]:
    """Build ``source`` with the default options into ``out``; the headings its pages carry
    (pages the build kept), plain and case-folded."""
    module, _ = read_sources(collect([str(source)]))
    final, _, _ = compile_module(module, BuildOptions(name_prefix=prefix, group=level))
    files, _ = render_package_files(final.skills)
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    kept = {span.source for skill in final.skills for span in skill.prov}
    return {
        _plain(block.text)
        for skill in module.skills
        if skill.prov and skill.prov[0].source in kept
        for block in skill.blocks
        if isinstance(block, Heading) and block.placement is not Placement.REMOVED
    }


def _emitted(out: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(out.rglob("*.md")):
        found.update(_plain(h) for h in TOOL.headings(path.read_text(encoding="utf-8")))
    return found


#: Each demo library built at a level: (output folder, headings its kept pages carry).
_BUILT: dict[tuple[str, str], tuple[Path, set[str]]] = {}
#: Libraries not yet SC105-clean, with the findings left (an xfail, not strict, until fixed).
#: python's email chapters at chapter grain were the last pair (email.charset / email.header
#: runs, 0.51 against 0.5: their "Also:" lists shared the two Message classes' method names);
#: such words now go from both lists (`skillc.passes.description_apart`).
SC105_LEFT: dict[tuple[str, str], int] = {}


def _built(
    demo: tuple[str, str, tuple[str, ...]], level: str, factory: pytest.TempPathFactory
) -> tuple[Path, set[str]]:
    """``demo`` built at ``level`` once per test session (skipped when not fetched)."""
    name, source, args = demo
    if not (ROOT / source).is_dir():
        pytest.skip(f"{source} not fetched (make corpora)")
    if (name, level) not in _BUILT:
        out = factory.mktemp(f"{name}-{level}")
        prefix = args[args.index("--name-prefix") + 1]
        _BUILT[(name, level)] = (out, _build(ROOT / source, prefix, out, level))
    return _BUILT[(name, level)]


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("demo", TOOL.DEMO, ids=[d[0] for d in TOOL.DEMO])
def test_demo_library_routes_every_section(
    demo: tuple[str, str, tuple[str, ...]], level: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    name = demo[0]
    out, wanted = _built(demo, level, tmp_path_factory)
    lost = sorted(wanted - _emitted(out))
    assert not lost, f"{name}: sections lost: {lost[:10]}"
    figures = TOOL.measure(TOOL.read_library(out))
    assert figures["hit@3"] >= 0.9, (name, figures)
    assert figures["reach_median"] < 3000, (name, figures)


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("demo", TOOL.DEMO, ids=[d[0] for d in TOOL.DEMO])
def test_demo_library_has_no_similar_descriptions(
    demo: tuple[str, str, tuple[str, ...]], level: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No two skills of a demo library read alike to a lexical router (lint's SC105)."""
    out, _ = _built(demo, level, tmp_path_factory)
    packages = [read_package(path.parent) for path in sorted(out.glob("*/SKILL.md"))]
    found = [d.message for d in RULES["SC105"].check(packages)]
    left = SC105_LEFT.get((demo[0], level))
    if left is not None and found:
        assert len(found) <= left, found  # no worse than known
        pytest.xfail(f"{demo[0]} ({level}): {len(found)} SC105 findings left (known: {left})")
    assert not found, found


def _repositories() -> list[tuple[str, str]]:
    """The repository outputs of skillc.toml (``make demo``): (name, source folder)."""
    config = tomllib.loads((ROOT / "skillc.toml").read_text(encoding="utf-8"))
    return [
        (output["name"], source["path"])
        for output in config["output"]
        for source in output["sources"]
        if isinstance(source, dict) and source.get("kind") == "repository"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("repo", _repositories(), ids=[r[0] for r in _repositories()])
def test_demo_repository_has_no_similar_descriptions(repo: tuple[str, str], tmp_path: Path) -> None:
    """The repository libraries of ``make demo`` are SC105-clean too: click's repository gave
    its catalogue and ``click-docs-index`` 0.64 alike (the catalogue repeated the chapter
    titles the listing already names), age's ``age-cli`` and ``age-age-keygen-cli`` 0.72 (no
    summary of what age-keygen does; the library named twice)."""
    name, source = repo
    if not (ROOT / source).is_dir():
        pytest.skip(f"{source} not fetched (make corpora)")
    out = tmp_path / name
    done = CliRunner().invoke(main, ["build", str(ROOT / source), "-o", str(out)])
    assert done.exit_code == 0, done.output
    packages = [read_package(path.parent) for path in sorted(out.glob("*/SKILL.md"))]
    found = [d.message for d in RULES["SC105"].check(packages)]
    assert not found, found
