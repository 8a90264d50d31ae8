"""Issue 11's routing must-hold, on every demo guide library built as `skillc build` builds it.

For each corpus: the router of tools/bench_routing.py (BM25 over every skill's name and
description) finds the skill holding a section within its first three answers for at least
90% of the sections, the median tokens an agent reads to reach a section stay under 3,000,
and no section is lost: every heading of every page the build kept is a heading of an
emitted file. Built at the level the demo uses (``group = "chapter"``) and at the default
(``auto``: python-doc's chapters folded into parts while over the listing budget). These are
properties of the output, not timings; the builds are slow (python's
530 pages), hence the ``slow`` mark.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module, read_sources, render_package_files
from skillc.compiler.inputs import collect
from skillc.ir.nodes import Heading
from skillc.ir.vocab import Placement
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


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(("name", "source", "args"), TOOL.DEMO, ids=[d[0] for d in TOOL.DEMO])
def test_demo_library_routes_every_section(
    name: str, source: str, args: tuple[str, ...], level: str, tmp_path: Path
) -> None:
    if not (ROOT / source).is_dir():
        pytest.skip(f"{source} not fetched (make corpora)")
    prefix = args[args.index("--name-prefix") + 1]
    wanted = _build(ROOT / source, prefix, tmp_path, level)
    lost = sorted(wanted - _emitted(tmp_path))
    assert not lost, f"{name}: sections lost: {lost[:10]}"
    figures = TOOL.measure(TOOL.read_library(tmp_path))
    assert figures["hit@3"] >= 0.9, (name, figures)
    assert figures["reach_median"] < 3000, (name, figures)
